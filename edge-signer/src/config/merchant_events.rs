//! Outgoing notifications to the merchant's backend: where events are POSTed, the secret they
//! are signed with (and the previous one while it is being rotated), and the retry schedule.

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// The shortest accepted signing secret, characters.
pub const MIN_SECRET_LEN: usize = 32;
/// The longest accepted URL, characters.
const MAX_URL_LEN: usize = 2000;

/// Where and how merchant events are delivered; absent when `MERCHANT_EVENTS_URL` is not set
/// (then nothing is queued).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantEventsSettings {
    /// `MERCHANT_EVENTS_URL`: https, or (sandbox keys only) http on 127.0.0.1 or localhost.
    pub url: String,
    /// `MERCHANT_EVENTS_SECRET`: each delivery is signed with it.
    pub secret: Secret,
    /// `MERCHANT_EVENTS_SECRET_PREVIOUS`: while rotating, deliveries carry a second signature
    /// made with it, so a receiver still holding the old secret keeps verifying.
    pub previous_secret: Option<Secret>,
    /// `MERCHANT_EVENTS_RETRY_SECONDS`: the wait after the first failed attempt; each later
    /// wait doubles (at most six hours).
    pub retry_base_secs: i64,
    /// `MERCHANT_EVENTS_MAX_ATTEMPTS`: attempts before an event is `failed`.
    pub max_attempts: i64,
}

impl MerchantEventsSettings {
    /// True when the URL is plain http (refused with a live key).
    pub fn is_http(&self) -> bool {
        self.url.starts_with("http://")
    }
}

/// Whether `url` is `https://host[:port][/path]`, or `http://` to 127.0.0.1 or localhost.
fn url_ok(url: &str) -> bool {
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => return false,
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return false,
        None => authority,
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let clean = url.len() <= MAX_URL_LEN && !url.contains('#') && url.bytes().all(|b| b.is_ascii_graphic());
    clean
        && host_ok
        && match scheme {
            "https" => true,
            "http" => host == "127.0.0.1" || host == "localhost",
            _ => false,
        }
}

fn secret(s: &Settings<'_>, setting: Setting) -> Result<Option<Secret>, ConfigError> {
    match s.optional(setting) {
        None => Ok(None),
        Some(v) if v.len() < MIN_SECRET_LEN => Err(ConfigError::new(
            setting,
            Reason::TooShort {
                min: MIN_SECRET_LEN,
                unit: "characters",
            },
        )),
        Some(v) => Ok(Some(Secret::new(v.into_bytes()))),
    }
}

/// Reads the merchant event settings (`None` without `MERCHANT_EVENTS_URL`).
pub fn merchant_events(s: &Settings<'_>) -> Result<Option<MerchantEventsSettings>, ConfigError> {
    let retry_base_secs = s.integer(Setting::MerchantEventsRetrySeconds, 60, 3600)? as i64;
    let max_attempts = s.integer(Setting::MerchantEventsMaxAttempts, 8, 20)? as i64;
    let secret_now = secret(s, Setting::MerchantEventsSecret)?;
    let previous_secret = secret(s, Setting::MerchantEventsSecretPrevious)?;
    let Some(url) = s.optional(Setting::MerchantEventsUrl) else {
        return Ok(None);
    };
    if !url_ok(&url) {
        return Err(ConfigError::new(
            Setting::MerchantEventsUrl,
            Reason::Malformed(
                "be an https URL (http only to 127.0.0.1 or localhost, with a sandbox key)".into(),
            ),
        ));
    }
    if retry_base_secs < 1 {
        return Err(ConfigError::new(
            Setting::MerchantEventsRetrySeconds,
            Reason::Malformed("be from 1 to 3600".into()),
        ));
    }
    if max_attempts < 1 {
        return Err(ConfigError::new(
            Setting::MerchantEventsMaxAttempts,
            Reason::Malformed("be from 1 to 20".into()),
        ));
    }
    let secret = secret_now.ok_or(ConfigError::new(
        Setting::MerchantEventsSecret,
        Reason::Missing {
            expected: Some("needed with MERCHANT_EVENTS_URL"),
        },
    ))?;
    Ok(Some(MerchantEventsSettings {
        url,
        secret,
        previous_secret,
        retry_base_secs,
        max_attempts,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{map, settings};

    const SECRET: &str = "whsec-0123456789abcdef0123456789abcdef";

    #[test]
    fn absent_url_is_off_and_urls_are_checked() {
        let m = map(&[]);
        assert_eq!(merchant_events(&settings(&m)), Ok(None));
        for ok in [
            "https://shop.example/hooks/amazon-pay",
            "https://shop.example:8443/h?x=1",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
        ] {
            let m = map(&[("MERCHANT_EVENTS_URL", ok), ("MERCHANT_EVENTS_SECRET", SECRET)]);
            let e = merchant_events(&settings(&m)).unwrap().unwrap();
            assert_eq!(e.url, ok);
            assert_eq!((e.retry_base_secs, e.max_attempts), (60, 8));
            assert!(!format!("{e:?}").contains("whsec"));
        }
        for bad in [
            "http://shop.example/hook",
            "http://127.0.0.1.evil.example/hook",
            "ftp://shop.example",
            "https://",
            "https://u@shop.example/",
            "https://shop.example/a b",
            "//shop.example",
        ] {
            let m = map(&[("MERCHANT_EVENTS_URL", bad), ("MERCHANT_EVENTS_SECRET", SECRET)]);
            let e = merchant_events(&settings(&m)).unwrap_err();
            assert_eq!(e.setting, Setting::MerchantEventsUrl, "{bad}");
        }
    }

    #[test]
    fn the_secret_is_required_and_long() {
        let m = map(&[("MERCHANT_EVENTS_URL", "https://shop.example/h")]);
        assert_eq!(
            merchant_events(&settings(&m)).unwrap_err().setting,
            Setting::MerchantEventsSecret
        );
        let m = map(&[
            ("MERCHANT_EVENTS_URL", "https://shop.example/h"),
            ("MERCHANT_EVENTS_SECRET", "short"),
        ]);
        let e = merchant_events(&settings(&m)).unwrap_err();
        assert!(matches!(e.reason, Reason::TooShort { min: 32, .. }), "{e}");
        assert!(!e.to_string().contains("short"));
        let m = map(&[
            ("MERCHANT_EVENTS_URL", "https://shop.example/h"),
            ("MERCHANT_EVENTS_SECRET", SECRET),
            (
                "MERCHANT_EVENTS_SECRET_PREVIOUS",
                "whsec-old-0123456789abcdef0123456789",
            ),
            ("MERCHANT_EVENTS_RETRY_SECONDS", "1"),
            ("MERCHANT_EVENTS_MAX_ATTEMPTS", "3"),
        ]);
        let e = merchant_events(&settings(&m)).unwrap().unwrap();
        assert!(e.previous_secret.is_some());
        assert_eq!((e.retry_base_secs, e.max_attempts), (1, 3));
        let m = map(&[
            ("MERCHANT_EVENTS_URL", "https://shop.example/h"),
            ("MERCHANT_EVENTS_SECRET", SECRET),
            ("MERCHANT_EVENTS_MAX_ATTEMPTS", "0"),
        ]);
        assert_eq!(
            merchant_events(&settings(&m)).unwrap_err().setting,
            Setting::MerchantEventsMaxAttempts
        );
    }
}
