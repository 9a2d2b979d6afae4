//! Server-rendered HTML for the hosted pages: escaping, the page frame, error pages and
//! redirects that never panic on odd URLs.

use amazon_pay_shared::signing::rfc3986_encode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    rfc3986_encode(value.as_bytes())
}

/// Builds `path?k=v&…` with every value percent-encoded; absent values are left out.
pub fn url_with_query(path: &str, params: &[(&str, Option<&str>)]) -> String {
    let mut url = path.to_owned();
    let mut first = !path.contains('?');
    for (name, value) in params {
        if let Some(value) = value {
            url.push(if first { '?' } else { '&' });
            first = false;
            url.push_str(&encode(name));
            url.push('=');
            url.push_str(&encode(value));
        }
    }
    url
}

/// Adds one query parameter to an absolute URL, before any `#fragment`.
pub fn append_query(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let separator = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    let mut out = format!("{base}{separator}{}={}", encode(name), encode(value));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

const STYLE: &str = r#"
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 "Amazon Ember",Arial,Helvetica,"Hiragino Sans","Yu Gothic","Noto Sans CJK JP","Noto Sans JP",sans-serif;color:#0f1111;background:#eaeded}
header{background:#232f3e;color:#fff;padding:10px 22px;display:flex;align-items:center;gap:12px}
.logo{font-size:23px;font-weight:700;letter-spacing:-.02em;position:relative;line-height:1.1}
.logo .pay{font-weight:400;margin-left:4px}
.logo svg{position:absolute;left:2px;bottom:-7px;width:62px;height:9px}
.badge{background:#c7511f;color:#fff;font-size:11px;font-weight:700;letter-spacing:.05em;text-transform:uppercase;padding:3px 7px;border-radius:3px}
.note{margin-left:auto;color:#ccc;font-size:12px}
main{max-width:580px;margin:26px auto;padding:0 16px}
.card{background:#fff;border:1px solid #d5d9d9;border-radius:8px;padding:20px 24px;margin-bottom:16px}
h1{font-size:24px;font-weight:400;margin:0 0 12px}
h2{font-size:17px;font-weight:700;margin:18px 0 8px}
.muted{color:#565959;font-size:13px}
.amount{font-size:28px;font-weight:700}
.merchant{font-weight:700}
.option{display:flex;gap:10px;align-items:flex-start;border:1px solid #d5d9d9;border-radius:8px;padding:10px 12px;margin:8px 0;cursor:pointer}
.option input{margin-top:4px}
.option:has(input:checked){border-color:#e77600;background:#fef8f2;box-shadow:0 0 0 1px #e77600}
.option.highlight{border-style:dashed}
button{font:inherit}
button.primary{display:block;width:100%;background:#ffd814;border:1px solid #fcd200;border-radius:20px;padding:10px 22px;font-size:16px;cursor:pointer;margin-top:18px}
button.primary:hover{background:#f7ca00}
button.buyer{display:flex;justify-content:space-between;align-items:center;width:100%;text-align:left;background:#fff;border:1px solid #d5d9d9;border-radius:8px;padding:12px 16px;margin:8px 0;cursor:pointer}
button.buyer:hover{background:#f7fafa;border-color:#e77600}
button.buyer .name{font-weight:700}
button.buyer .arrow{font-size:20px;color:#888}
.remembered{font-size:12px;color:#067d62;font-weight:700}
button.link{background:none;border:none;color:#007185;padding:0;cursor:pointer;text-decoration:underline;font-size:14px}
.actions{margin-top:16px;text-align:center}
.error{border-left:5px solid #cc0c39}
.error .code{font-family:Menlo,Consolas,monospace;font-weight:700;color:#cc0c39}
pre{background:#f7f7f7;border:1px solid #ddd;border-radius:4px;padding:10px;white-space:pre-wrap;word-break:break-all;font-size:13px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
dt{color:#565959}
dd{margin:0;overflow-wrap:anywhere}
footer{text-align:center;color:#565959;font-size:12px;margin:20px}
"#;

const SMILE: &str = r##"<svg viewBox="0 0 100 20" preserveAspectRatio="none" aria-hidden="true"><path d="M4 4 Q50 22 92 6" fill="none" stroke="#ff9900" stroke-width="5" stroke-linecap="round"/><path d="M82 2 L93 6 L87 15" fill="none" stroke="#ff9900" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>"##;

/// A whole page: `title` is plain text, `body` is HTML the caller already escaped.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{title} – Amazon Pay (Sandbox)</title><style>{STYLE}</style></head>\
         <body><header><span class=\"logo\" aria-label=\"amazon pay\">amazon{SMILE}<span class=\"pay\">pay</span></span>\
         <span class=\"badge\" data-testid=\"sandbox-badge\">Sandbox</span>\
         <span class=\"note\">Local test environment – no real payment is made</span></header>\
         <main>{body}</main><footer>amazon-pay-sandbox · hosted buyer pages</footer></body></html>\n",
        title = escape(title),
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An error page in Amazon's shape: an error code, a message and optional details (HTML the
/// caller already escaped).
pub fn error_page(status: StatusCode, code: &str, message: &str, details_html: &str) -> Response {
    let body = format!(
        "<div class=\"card error\" data-testid=\"error\"><h1>Something went wrong</h1>\
         <p class=\"muted\">We're sorry, but there's a problem processing your request from this website.</p>\
         <dl><dt>Error Code:</dt><dd class=\"code\" data-testid=\"error-code\">{code}</dd>\
         <dt>Error Message:</dt><dd data-testid=\"error-message\">{message}</dd></dl>{details_html}</div>",
        code = escape(code),
        message = escape(message),
    );
    page(status, code, &body)
}

/// An error the hosted pages show as an [`error_page`]: handlers return
/// `Result<Response, PageError>` and use `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// HTTP status (always 4xx or 5xx).
    pub status: StatusCode,
    /// Amazon-style error code, e.g. `InvalidSignatureError`.
    pub code: String,
    /// The message (plain text).
    pub message: String,
    /// Extra HTML below the message (already escaped).
    pub details_html: String,
}

impl PageError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> PageError {
        PageError {
            status,
            code: code.to_owned(),
            message: message.into(),
            details_html: String::new(),
        }
    }

    /// A 400 error.
    pub fn bad_request(code: &str, message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// Adds HTML (already escaped) below the message.
    pub fn with_details(mut self, details_html: String) -> PageError {
        self.details_html = details_html;
        self
    }
}

impl From<ApiError> for PageError {
    /// The sandbox store's error, status and reason code kept.
    fn from(error: ApiError) -> PageError {
        let status = StatusCode::from_u16(error.status)
            .ok()
            .filter(|s| s.is_client_error() || s.is_server_error())
            .unwrap_or(StatusCode::BAD_REQUEST);
        PageError::new(status, &error.reason_code, error.message)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.status, &self.code, &self.message, &self.details_html)
    }
}

/// Percent-encodes every byte of a URL outside visible ASCII (spaces, control characters,
/// UTF-8), as a browser does, so it can be a `Location` header and cannot split headers.
pub fn header_safe_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `303 See Other` to `url`; a URL that cannot be a header value gives an error page instead.
pub fn see_other(url: &str) -> Response {
    see_other_with(url, None)
}

/// Like [`see_other`], also setting a cookie.
pub fn see_other_with(url: &str, set_cookie: Option<&str>) -> Response {
    let Ok(location) = HeaderValue::from_str(&header_safe_url(url)) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "InvalidReturnUrl",
            "The return URL cannot be used in a redirect (it holds characters that are not allowed in a URL).",
            &format!("<pre>{}</pre>", escape(url)),
        );
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(LOCATION, location);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(c).ok()) {
        response
            .headers_mut()
            .insert(axum::http::header::SET_COOKIE, cookie);
    }
    response
}

/// The `host[:port]` of an absolute URL (for showing which shop is asking).
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape(r#"<script>alert("x&'y")</script>"#),
            "&lt;script&gt;alert(&quot;x&amp;&#39;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape("山田 花子"), "山田 花子");
    }

    #[test]
    fn query_building() {
        assert_eq!(
            url_with_query(
                "/checkout/signin",
                &[("a", Some("x y&z")), ("b", None), ("c", Some("1"))]
            ),
            "/checkout/signin?a=x%20y%26z&c=1"
        );
        assert_eq!(
            append_query("https://shop.example/r?x=1#top", "buyerToken", "t/1"),
            "https://shop.example/r?x=1&buyerToken=t%2F1#top"
        );
        assert_eq!(
            append_query("https://shop.example/r", "k", "v"),
            "https://shop.example/r?k=v"
        );
        assert_eq!(
            append_query("https://shop.example/r?", "k", "v"),
            "https://shop.example/r?k=v"
        );
    }

    #[test]
    fn redirects_cannot_split_headers() {
        let response = see_other("https://shop.example/\nset-cookie: x");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            response.headers()[LOCATION],
            "https://shop.example/%0Aset-cookie:%20x"
        );
        let unicode = see_other("https://shop.example/é");
        assert_eq!(unicode.headers()[LOCATION], "https://shop.example/%C3%A9");
        let ok = see_other("https://shop.example/r?amazonCheckoutSessionId=1");
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("http://127.0.0.1:9/r?x"), "127.0.0.1:9");
        assert_eq!(host_of("https://shop.example"), "shop.example");
    }
}
