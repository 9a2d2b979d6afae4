//! The origin policy: exact matches against the configured origins, preflights answered, any
//! other `Origin` (including `null`) refused before anything is parsed or signed.

/// What the policy says about a request's `Origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    /// No `Origin` header: a server-to-server or same-origin navigation request.
    Absent,
    /// A configured origin (exact match); its value is echoed.
    Allowed(String),
    /// Any other origin.
    Refused,
}

/// Checks an `Origin` header value against the configured origins.
pub fn check(origin: Option<&str>, allowed: &[String]) -> OriginCheck {
    match origin {
        None => OriginCheck::Absent,
        Some(o) if o != "null" && allowed.iter().any(|a| a == o) => OriginCheck::Allowed(o.to_owned()),
        Some(_) => OriginCheck::Refused,
    }
}

/// The headers of a CORS answer for an allowed origin.
pub fn response_headers(origin: &str) -> Vec<(&'static str, String)> {
    vec![
        ("access-control-allow-origin", origin.to_owned()),
        ("vary", "Origin".to_owned()),
    ]
}

/// The headers of a preflight answer for an allowed origin.
pub fn preflight_headers(origin: &str) -> Vec<(&'static str, String)> {
    let mut h = response_headers(origin);
    h.push(("access-control-allow-methods", "GET, POST, OPTIONS".to_owned()));
    h.push(("access-control-allow-headers", "content-type".to_owned()));
    h.push(("access-control-max-age", "600".to_owned()));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only() {
        let allowed = vec!["https://shop.example".to_owned()];
        assert_eq!(check(None, &allowed), OriginCheck::Absent);
        assert_eq!(
            check(Some("https://shop.example"), &allowed),
            OriginCheck::Allowed("https://shop.example".into())
        );
        for bad in [
            "null",
            "https://shop.example.evil",
            "https://evil.shop.example",
            "http://shop.example",
            "https://shop.example/",
            "HTTPS://SHOP.EXAMPLE",
            "",
        ] {
            assert_eq!(check(Some(bad), &allowed), OriginCheck::Refused, "{bad}");
        }
    }
}
