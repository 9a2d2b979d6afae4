//! The origin policy, one value built from the configured origins and applied to every answer
//! (in the manner of tower-http's `CorsLayer`): exact matches only; a preflight is recognised by
//! its request (`OPTIONS` from an allowed origin with `Access-Control-Request-Method`); any
//! other `Origin` (including `null`) is refused before anything is parsed or signed.
//!
//! Refusals are readable: the answer to a refused origin's request (not its preflight) echoes
//! that origin (never `null`), so the page's widget reads `ORIGIN_NOT_ALLOWED` rather than an
//! opaque network error. That page learns it is refused and nothing else: the refusal is made before any
//! route runs, no credentials are ever allowed, and a refused preflight grants nothing, so a
//! refused page cannot make a browser send a JSON or authorized request at all. Every answer
//! to a browser exposes `x-request-id` and `retry-after` (SECURITY.md, "Browser-readable
//! refusals").

use worker::Method;

/// The methods a preflight answer allows.
const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
/// The request headers a preflight answer allows.
const ALLOW_HEADERS: &str = "content-type, x-amazon-pay-binding";
/// How long a browser may keep a preflight answer, in seconds.
const MAX_AGE: &str = "600";
/// The answer headers a page's script may read besides the safelisted ones.
const EXPOSE_HEADERS: &str = "x-request-id, retry-after, link";

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
    /// Any other origin (or any origin while the signer has no valid configuration).
    Refused {
        /// The `Origin` sent.
        origin: String,
        /// The request is a preflight (`OPTIONS` with `Access-Control-Request-Method`).
        preflight: bool,
    },
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
                if request.is_preflight() {
                    Cors::Preflight(o.to_owned())
                } else {
                    Cors::Allowed(o.to_owned())
                }
            }
            Some(_) => Cors::refused(request),
        }
    }
}

impl CorsRequest<'_> {
    /// `OPTIONS` with `Access-Control-Request-Method`.
    fn is_preflight(&self) -> bool {
        *self.method == Method::Options && self.request_method.is_some()
    }
}

impl Cors {
    /// Every origin of `request` refused (no policy: the signer's configuration is invalid).
    pub fn refused(request: &CorsRequest<'_>) -> Cors {
        match request.origin {
            None => Cors::Absent,
            Some(o) => Cors::Refused {
                origin: o.to_owned(),
                preflight: request.is_preflight(),
            },
        }
    }

    /// True for a refused origin.
    pub fn is_refused(&self) -> bool {
        matches!(self, Cors::Refused { .. })
    }

    /// The headers the answer carries.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let (origin, preflight) = match self {
            Cors::Absent | Cors::Refused { preflight: true, .. } => return Vec::new(),
            // `null` is every sandboxed frame and `data:` page at once: never granted.
            Cors::Refused { origin, .. } if origin == "null" || origin.is_empty() => return Vec::new(),
            Cors::Allowed(o) | Cors::Refused { origin: o, .. } => (o, false),
            Cors::Preflight(o) => (o, true),
        };
        let mut h = vec![
            ("access-control-allow-origin", origin.clone()),
            ("vary", "Origin".to_owned()),
            ("access-control-expose-headers", EXPOSE_HEADERS.to_owned()),
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
            let refused = check(Some(bad));
            assert!(refused.is_refused(), "{bad}");
            // The refusal is readable by that origin (never by `null`), and grants nothing else.
            let headers = refused.headers();
            if bad == "null" || bad.is_empty() {
                assert!(headers.is_empty(), "{bad}");
                continue;
            }
            assert_eq!(headers[0], ("access-control-allow-origin", bad.to_owned()));
            assert!(headers.iter().all(|(k, _)| !k.contains("allow-methods")
                && !k.contains("allow-headers")
                && !k.contains("credentials")));
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
                "access-control-expose-headers",
                "access-control-allow-methods",
                "access-control-allow-headers",
                "access-control-max-age"
            ]
        );
        // No Access-Control-Request-Method, or another method: not a preflight.
        for (method, acrm) in [(Method::Options, None), (Method::Get, Some("POST"))] {
            let c = policy.check(&request(&method, shop, acrm));
            assert_eq!(c, Cors::Allowed("https://shop.example".into()));
            assert_eq!(c.headers().len(), 3);
        }
        // A refused preflight grants nothing: the browser sends no JSON request from there.
        let refused = policy.check(&request(
            &Method::Options,
            Some("https://evil.example"),
            Some("POST"),
        ));
        assert_eq!(
            refused,
            Cors::Refused {
                origin: "https://evil.example".into(),
                preflight: true
            }
        );
        assert!(refused.headers().is_empty());
        assert!(Cors::Absent.headers().is_empty());
    }
}

#[cfg(test)]
mod exposure_tests {
    use super::*;

    #[test]
    fn answers_expose_the_request_id_and_retry_after() {
        for cors in [
            Cors::Allowed("https://shop.example".into()),
            Cors::Preflight("https://shop.example".into()),
            Cors::Refused {
                origin: "https://other.example".into(),
                preflight: false,
            },
        ] {
            let expose = cors
                .headers()
                .into_iter()
                .find(|(k, _)| *k == "access-control-expose-headers")
                .map(|(_, v)| v);
            assert_eq!(
                expose.as_deref(),
                Some("x-request-id, retry-after, link"),
                "{cors:?}"
            );
        }
    }

    #[test]
    fn without_a_policy_every_origin_is_refused_readably() {
        let get = Method::Get;
        let request = CorsRequest {
            method: &get,
            origin: Some("https://shop.example"),
            request_method: None,
        };
        let cors = Cors::refused(&request);
        assert!(cors.is_refused());
        assert_eq!(cors.headers()[0].1, "https://shop.example");
        let none = CorsRequest {
            origin: None,
            ..request
        };
        assert_eq!(Cors::refused(&none), Cors::Absent);
    }
}
