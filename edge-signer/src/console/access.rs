//! Signing in through Cloudflare Access (optional, `CONSOLE_ACCESS_TEAM_DOMAIN` and
//! `CONSOLE_ACCESS_AUD`): Access puts a token signed by the team's key in the
//! `Cf-Access-Jwt-Assertion` header of every request it lets through. The console takes it
//! instead of the token form, and checks it on every request besides the session: RS256 only,
//! signed by a key of the team's `/cdn-cgi/access/certs` (kept per isolate for an hour, fetched
//! again for an unknown key id at most once a minute), issued by the team domain, for the
//! application's audience, not expired and not before its time.

use std::cell::RefCell;
use std::time::Duration;

use amazon_pay_shared::wire::ErrorCode;
use base64::Engine as _;
use futures_util::future::{select, Either};
use serde::Deserialize;
use worker::{Delay, Fetch, Request};

use crate::clock::isolate_now;
use crate::config::console_access::ConsoleAccess;
use crate::crypto::verify_rs256_jwk;
use crate::error::{ApiError, ApiResult};
use crate::log;

/// The header Access sends.
pub const HEADER: &str = "cf-access-jwt-assertion";

/// One RSA key of the team.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Jwk {
    /// Key id.
    pub kid: String,
    /// Key type (`RSA`).
    pub kty: String,
    /// Modulus, base64url.
    #[serde(default)]
    pub n: String,
    /// Exponent, base64url.
    #[serde(default)]
    pub e: String,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    aud: Audience,
    iss: String,
    exp: i64,
    #[serde(default)]
    nbf: Option<i64>,
}

/// A token taken apart, its claims checked: what was signed, the signature, the key id.
#[derive(Debug)]
pub struct Token {
    signed: String,
    signature: Vec<u8>,
    kid: String,
}

fn refused(why: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ConsoleSessionRequired,
        "sign in through Cloudflare Access (the Access token is missing or not valid)",
    )
    .with_detail(format!("access: {why}"))
}

fn b64(part: &str) -> ApiResult<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.as_bytes())
        .map_err(|_| refused("not base64url"))
}

/// Takes a token apart and checks what needs no key: RS256, issuer, audience, time.
pub fn parse(token: &str, access: &ConsoleAccess, now: i64) -> ApiResult<Token> {
    if token.len() > 8192 {
        return Err(refused("too long"));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(refused("not a JWT"));
    };
    let header: Header = serde_json::from_slice(&b64(h)?).map_err(|_| refused("header"))?;
    if header.alg != "RS256" {
        return Err(refused("not RS256"));
    }
    let claims: Claims = serde_json::from_slice(&b64(c)?).map_err(|_| refused("claims"))?;
    if claims.iss.trim_end_matches('/') != access.team_domain {
        return Err(refused("another issuer"));
    }
    let ours = match &claims.aud {
        Audience::One(a) => *a == access.audience,
        Audience::Many(list) => list.contains(&access.audience),
    };
    if !ours {
        return Err(refused("another audience"));
    }
    if now >= claims.exp {
        return Err(refused("expired"));
    }
    if claims.nbf.is_some_and(|nbf| now < nbf) {
        return Err(refused("not yet valid"));
    }
    Ok(Token {
        signed: format!("{h}.{c}"),
        signature: b64(s)?,
        kid: header.kid,
    })
}

thread_local! {
    /// The team's keys, when they were fetched, and the last fetch attempt.
    static KEYS: RefCell<(Vec<Jwk>, i64, i64)> = const { RefCell::new((Vec::new(), 0, 0)) };
}

/// How long fetched keys are kept, seconds.
const KEYS_TTL: i64 = 3600;
/// The least time between two fetches, seconds (an unknown key id cannot cause a flood).
const REFETCH_MIN: i64 = 60;

async fn fetch_keys(access: &ConsoleAccess) -> ApiResult<Vec<Jwk>> {
    let exchange = async {
        let mut response = Fetch::Url(
            access
                .certs_url()
                .parse()
                .map_err(|_| worker::Error::BadEncoding)?,
        )
        .send()
        .await?;
        let status = response.status_code();
        let bytes = response.bytes().await?;
        Ok::<_, worker::Error>((status, bytes))
    };
    let timer = Delay::from(Duration::from_millis(5000));
    let (status, bytes) = match select(Box::pin(exchange), Box::pin(timer)).await {
        Either::Left((Ok(answer), _)) => answer,
        _ => return Err(refused("the team's keys could not be fetched")),
    };
    if status != 200 || bytes.len() > 64 * 1024 {
        return Err(refused("the team's keys could not be fetched"));
    }
    let jwks: Jwks = serde_json::from_slice(&bytes).map_err(|_| refused("the team's keys are not JWKS"))?;
    Ok(jwks.keys.into_iter().filter(|k| k.kty == "RSA").collect())
}

async fn key(access: &ConsoleAccess, kid: &str, now: i64) -> ApiResult<Jwk> {
    let cached = KEYS.with(|k| {
        let k = k.borrow();
        (now - k.1 < KEYS_TTL)
            .then(|| k.0.iter().find(|j| j.kid == kid).cloned())
            .flatten()
    });
    if let Some(k) = cached {
        return Ok(k);
    }
    if KEYS.with(|k| now - k.borrow().2 < REFETCH_MIN) {
        return Err(refused("unknown key id"));
    }
    KEYS.with(|k| k.borrow_mut().2 = now);
    let keys = fetch_keys(access).await?;
    let found = keys.iter().find(|j| j.kid == kid).cloned();
    KEYS.with(|k| *k.borrow_mut() = (keys, now, now));
    found.ok_or_else(|| refused("unknown key id"))
}

/// The request's Access token, verified; `CONSOLE_SESSION_REQUIRED` otherwise.
pub async fn verify(req: &Request, access: &ConsoleAccess) -> ApiResult<()> {
    let token = req
        .headers()
        .get(HEADER)
        .ok()
        .flatten()
        .ok_or_else(|| refused("no token"))?;
    let now = isolate_now();
    let token = parse(token.trim(), access, now)?;
    let jwk = key(access, &token.kid, now).await?;
    let valid = verify_rs256_jwk(&jwk.n, &jwk.e, token.signed.as_bytes(), &token.signature)
        .await
        .map_err(|e| refused(e.0))?;
    if !valid {
        log::event(
            "warn",
            "console-access-refused",
            &[("kid", token.kid.clone().into())],
        );
        return Err(refused("bad signature"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64j(v: serde_json::Value) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    }

    fn token(header: serde_json::Value, claims: serde_json::Value) -> String {
        format!("{}.{}.c2ln", b64j(header), b64j(claims))
    }

    #[test]
    fn claims_are_checked_before_any_key() {
        let access = ConsoleAccess {
            team_domain: "https://shop.cloudflareaccess.com".into(),
            audience: "aud-1".into(),
        };
        let h = serde_json::json!({"alg": "RS256", "kid": "k1"});
        let c = |aud: serde_json::Value, iss: &str, exp: i64, nbf: Option<i64>| {
            let mut v = serde_json::json!({"aud": aud, "iss": iss, "exp": exp});
            if let Some(n) = nbf {
                v["nbf"] = n.into();
            }
            v
        };
        let iss = "https://shop.cloudflareaccess.com";
        let ok = parse(
            &token(h.clone(), c(serde_json::json!(["aud-1"]), iss, 200, Some(50))),
            &access,
            100,
        )
        .unwrap();
        assert_eq!(
            (ok.kid.as_str(), ok.signature.as_slice()),
            ("k1", b"sig".as_slice())
        );
        assert!(parse(
            &token(h.clone(), c(serde_json::json!("aud-1"), iss, 200, None)),
            &access,
            100
        )
        .is_ok());
        for (name, t) in [
            (
                "other audience",
                token(h.clone(), c(serde_json::json!(["aud-2"]), iss, 200, None)),
            ),
            (
                "other issuer",
                token(
                    h.clone(),
                    c(
                        serde_json::json!(["aud-1"]),
                        "https://evil.cloudflareaccess.com",
                        200,
                        None,
                    ),
                ),
            ),
            (
                "expired",
                token(h.clone(), c(serde_json::json!(["aud-1"]), iss, 100, None)),
            ),
            (
                "not yet",
                token(h.clone(), c(serde_json::json!(["aud-1"]), iss, 200, Some(101))),
            ),
            (
                "HS256",
                token(
                    serde_json::json!({"alg": "HS256", "kid": "k1"}),
                    c(serde_json::json!(["aud-1"]), iss, 200, None),
                ),
            ),
            (
                "none",
                token(
                    serde_json::json!({"alg": "none", "kid": "k1"}),
                    c(serde_json::json!(["aud-1"]), iss, 200, None),
                ),
            ),
            ("two parts", "a.b".to_owned()),
            ("garbage", "not a token".to_owned()),
        ] {
            let e = parse(&t, &access, 100).unwrap_err();
            assert_eq!(e.code, ErrorCode::ConsoleSessionRequired, "{name}");
        }
    }
}
