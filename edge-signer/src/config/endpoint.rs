//! Where Amazon Pay is reached: the API base URL, and the checkout.js the widget loads.

use amazon_pay_shared::payload::validate_url;
use amazon_pay_shared::region::Region;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Where the Amazon Pay API is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiEndpoint {
    /// `scheme://host[:port]`, without a trailing slash.
    pub base_url: String,
    /// What `x-amz-pay-host` says: the host (and port) actually fetched.
    pub host: String,
}

impl ApiEndpoint {
    /// True when the API is reached over https.
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// The endpoint settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// `AMAZON_PAY_API_BASE`, by default `https://` + the region's API host.
    pub api: ApiEndpoint,
    /// `CHECKOUT_JS_URL`: the local sandbox's stand-in for checkout.js, when set.
    pub checkout_js_override: Option<String>,
    /// The region's own checkout.js.
    pub region_checkout_js_url: &'static str,
}

impl Endpoints {
    /// Reads the endpoint settings; `region` gives the defaults.
    pub fn from_settings(s: &Settings<'_>, region: Region) -> Result<Endpoints, ConfigError> {
        let checkout_js_override = match s.optional(Setting::CheckoutJsUrl) {
            None => None,
            Some(url) => {
                validate_url(Setting::CheckoutJsUrl.name(), &url, false)
                    .map_err(|e| ConfigError::new(Setting::CheckoutJsUrl, Reason::Url(e)))?;
                Some(url)
            }
        };
        let base = s
            .optional(Setting::ApiBase)
            .unwrap_or_else(|| format!("https://{}", region.api_host()));
        Ok(Endpoints {
            api: parse_api_base(&base)?,
            checkout_js_override,
            region_checkout_js_url: region.checkout_js_url(),
        })
    }

    /// The checkout.js the widget loads: the override, else the region's.
    pub fn checkout_js_url(&self) -> String {
        self.checkout_js_override
            .clone()
            .unwrap_or_else(|| self.region_checkout_js_url.to_owned())
    }
}

/// Splits an API base URL into what is fetched and what is signed as `x-amz-pay-host`.
pub fn parse_api_base(base: &str) -> Result<ApiEndpoint, ConfigError> {
    let malformed =
        |must: &'static str| Err(ConfigError::new(Setting::ApiBase, Reason::Malformed(must.into())));
    let base = base.trim().trim_end_matches('/');
    let Some((scheme, rest)) = base.split_once("://") else {
        return malformed("be an absolute http(s) URL");
    };
    if scheme != "https" && scheme != "http" {
        return malformed("use http or https");
    }
    let host = rest.split('/').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    if !host_ok || rest.len() != host.len() {
        return malformed("be scheme://host[:port], without path, query or credentials");
    }
    Ok(ApiEndpoint {
        base_url: base.to_owned(),
        host: host.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_is_scheme_host_and_port() {
        let e = parse_api_base("http://127.0.0.1:9911/").unwrap();
        assert_eq!(
            (e.base_url.as_str(), e.host.as_str()),
            ("http://127.0.0.1:9911", "127.0.0.1:9911")
        );
        assert!(!e.is_https());
        assert!(parse_api_base("https://Pay-API.amazon.jp").unwrap().is_https());
        for bad in [
            "pay-api.amazon.jp",
            "ftp://x",
            "https://x/path",
            "https://u@x",
            "https://",
        ] {
            let e = parse_api_base(bad).unwrap_err();
            assert_eq!(e.setting, Setting::ApiBase, "{bad}");
            assert!(matches!(e.reason, Reason::Malformed(_)), "{bad}");
        }
    }
}
