//! The origin policy, one value built from the configured origins and applied to every answer
//! (in the manner of tower-http's `CorsLayer`): exact matches only; a preflight is recognised by
//! its request (`OPTIONS` from an allowed origin with `Access-Control-Request-Method`); any
//! other `Origin` (including `null`) is refused before anything is parsed or signed.

use worker::Method;

/// The methods a preflight answer allows.
const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
/// The request headers a preflight answer allows.
const ALLOW_HEADERS: &str = "content-type, x-amazon-pay-binding";
/// How long a browser may keep a preflight answer, in seconds.
const MAX_AGE: &str = "600";

/// The CORS headers of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorsRequest<'a> {
    /// The request's method.
    pub method: &'a Method,
    /// `Origin`.
    pub origin: Option<&'a str>,
    /// `Access-Control-Request-Method`.
    pub request_method: Option<&'a str>,
}

/// What the policy says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cors {
    /// No `Origin` header: a server-to-server or same-origin navigation request.
    Absent,
    /// A configured origin (exact match); its value is echoed.
    Allowed(String),
    /// A preflight from a configured origin.
    Preflight(String),
    /// Any other origin.
    Refused,
}

/// The configured origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorsPolicy<'a> {
    origins: &'a [String],
}

impl<'a> CorsPolicy<'a> {
    /// The policy allowing exactly these origins (`scheme://host[:port]`).
    pub fn new(origins: &'a [String]) -> CorsPolicy<'a> {
        CorsPolicy { origins }
    }

    /// Checks a request.
    pub fn check(&self, request: &CorsRequest<'_>) -> Cors {
        match request.origin {
            None => Cors::Absent,
            Some(o) if o != "null" && self.origins.iter().any(|a| a == o) => {
                if *request.method == Method::Options && request.request_method.is_some() {
                    Cors::Preflight(o.to_owned())
                } else {
                    Cors::Allowed(o.to_owned())
                }
            }
            Some(_) => Cors::Refused,
        }
    }
}

impl Cors {
    /// The headers the answer carries.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let (origin, preflight) = match self {
            Cors::Absent | Cors::Refused => return Vec::new(),
            Cors::Allowed(o) => (o, false),
            Cors::Preflight(o) => (o, true),
        };
        let mut h = vec![
            ("access-control-allow-origin", origin.clone()),
            ("vary", "Origin".to_owned()),
        ];
        if preflight {
            h.push(("access-control-allow-methods", ALLOW_METHODS.to_owned()));
            h.push(("access-control-allow-headers", ALLOW_HEADERS.to_owned()));
            h.push(("access-control-max-age", MAX_AGE.to_owned()));
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(method: &'a Method, origin: Option<&'a str>, acrm: Option<&'a str>) -> CorsRequest<'a> {
        CorsRequest {
            method,
            origin,
            request_method: acrm,
        }
    }

    #[test]
    fn exact_match_only() {
        let allowed = vec!["https://shop.example".to_owned()];
        let policy = CorsPolicy::new(&allowed);
        let check = |origin| policy.check(&request(&Method::Post, origin, None));
        assert_eq!(check(None), Cors::Absent);
        assert_eq!(
            check(Some("https://shop.example")),
            Cors::Allowed("https://shop.example".into())
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
            assert_eq!(check(Some(bad)), Cors::Refused, "{bad}");
        }
    }

    #[test]
    fn a_preflight_is_recognised_by_its_request() {
        let allowed = vec!["https://shop.example".to_owned()];
        let policy = CorsPolicy::new(&allowed);
        let shop = Some("https://shop.example");
        let preflight = policy.check(&request(&Method::Options, shop, Some("POST")));
        assert_eq!(preflight, Cors::Preflight("https://shop.example".into()));
        let names: Vec<&str> = preflight.headers().iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                "access-control-allow-origin",
                "vary",
                "access-control-allow-methods",
                "access-control-allow-headers",
                "access-control-max-age"
            ]
        );
        // No Access-Control-Request-Method, or another method: not a preflight.
        for (method, acrm) in [(Method::Options, None), (Method::Get, Some("POST"))] {
            let c = policy.check(&request(&method, shop, acrm));
            assert_eq!(c, Cors::Allowed("https://shop.example".into()));
            assert_eq!(c.headers().len(), 2);
        }
        assert_eq!(
            policy.check(&request(
                &Method::Options,
                Some("https://evil.example"),
                Some("POST")
            )),
            Cors::Refused
        );
        assert!(Cors::Refused.headers().is_empty());
        assert!(Cors::Absent.headers().is_empty());
    }
}
