//! The console's answers: HTML pages with a strict content security policy (no script, styles
//! and forms from the signer only, never framed) and `303 See Other` redirects.

use maud::Markup;

use crate::http::Reply;

/// The policy of every console page.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'";

fn with_security(mut headers: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    headers.push(("content-security-policy", CSP.to_owned()));
    headers.push(("x-frame-options", "DENY".to_owned()));
    headers.push(("referrer-policy", "same-origin".to_owned()));
    headers
}

/// An HTML page.
pub fn html(status: u16, page: Markup, headers: Vec<(&'static str, String)>) -> Reply {
    let mut reply = Reply::text(
        "text/html; charset=utf-8",
        page.into_string(),
        with_security(headers),
    );
    reply.status = status;
    reply
}

/// `303 See Other` to a console path.
pub fn redirect(location: &str, mut headers: Vec<(&'static str, String)>) -> Reply {
    headers.push(("location", location.to_owned()));
    let mut reply = Reply::text("text/plain; charset=utf-8", String::new(), with_security(headers));
    reply.status = 303;
    reply
}

/// The stylesheet.
pub fn stylesheet(css: &'static str) -> Reply {
    Reply::text("text/css; charset=utf-8", css.to_owned(), Vec::new())
}

/// A console path to come back to: only `/console/…` paths with a query of safe characters,
/// else the order list.
pub fn safe_back(path: Option<&str>) -> String {
    let ok = |p: &str| {
        p.starts_with("/console/")
            && p.len() <= 300
            && !p.contains("//")
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-_.~?&=%:+".contains(&b))
    };
    match path {
        Some(p) if ok(p) => p.to_owned(),
        _ => "/console/orders".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_followed() {
        assert_eq!(safe_back(Some("/console/orders/o-1")), "/console/orders/o-1");
        assert_eq!(
            safe_back(Some("/console/orders?status=AUTH")),
            "/console/orders?status=AUTH"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/console//evil",
            "/v1/merchant/sync",
            "/console/<x>",
        ] {
            assert_eq!(safe_back(Some(bad)), "/console/orders", "{bad}");
        }
        assert_eq!(safe_back(None), "/console/orders");
    }
}
