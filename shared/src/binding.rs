//! A checkout belongs to the browser that started it.
//!
//! On the click the widget draws a random secret (at least 128 bits, [`MIN_SECRET_LEN`]
//! base64url characters), keeps it in the tab's `sessionStorage` and sends only its hash
//! ([`hash_secret`]) with the button request (`bindingHash`). The signer writes the hash into
//! the return URLs of the payload it signs ([`bind_url`], query parameter [`QUERY_PARAM`]);
//! the return URL is part of the signed payload, so nobody can change it, and Amazon keeps it on
//! the checkout session (`webCheckoutDetails.checkoutReviewReturnUrl` and
//! `checkoutResultReturnUrl`). Every later call of the return pages sends the secret in the
//! [`HEADER`] request header; the signer hashes it and compares it with the hash in the stored
//! URLs ([`session_is_bound`]) in constant time. The return URL a buyer's browser shows (and
//! anything that learns it: history, Referer, logs) carries the hash, never the secret.
//!
//! ```text
//! secret = base64url(≥16 random bytes)                 (sessionStorage, header x-amazon-pay-binding)
//! hash   = base64url(SHA-256(secret as ASCII bytes))   (43 characters, no padding)
//! URL    = checkoutReviewReturnUrl ?|& amazonPayBinding=<hash>
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The query parameter of a return URL that carries the hash.
pub const QUERY_PARAM: &str = "amazonPayBinding";
/// The request header that carries the secret on the return pages' calls.
pub const HEADER: &str = "x-amazon-pay-binding";
/// The `sessionStorage` key under which the widget keeps the secret.
pub const STORAGE_KEY: &str = "amazonPayBinding";
/// The fewest characters of a secret: 22 base64url characters are 132 bits.
pub const MIN_SECRET_LEN: usize = 22;
/// The most characters of a secret.
pub const MAX_SECRET_LEN: usize = 128;
/// The length of a hash: base64url of 32 bytes without padding.
pub const HASH_LEN: usize = 43;
/// How many random bytes the widget draws for a secret.
pub const SECRET_BYTES: usize = 32;

fn base64url_chars(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `secret` is a well-formed secret: base64url, 22 to 128 characters.
pub fn valid_secret(secret: &str) -> bool {
    (MIN_SECRET_LEN..=MAX_SECRET_LEN).contains(&secret.len()) && base64url_chars(secret)
}

/// Whether `hash` is a well-formed hash: 43 base64url characters.
pub fn valid_hash(hash: &str) -> bool {
    hash.len() == HASH_LEN && base64url_chars(hash)
}

/// The secret for `random` bytes (base64url without padding).
pub fn secret_from_bytes(random: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(random)
}

/// The hash of a secret: base64url(SHA-256(secret)), 43 characters.
pub fn hash_secret(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

/// `url` with the hash appended as [`QUERY_PARAM`] (before a fragment, after any query).
pub fn bind_url(url: &str, hash: &str) -> String {
    append_query(url, QUERY_PARAM, hash)
}

/// `url` with `name=value` appended (before a fragment, after any query); `name` and `value`
/// are taken as they are (URL-safe text).
pub fn append_query(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    // The query is what follows the first `?`: nothing is needed after an empty query or a
    // trailing `&`; a query that ends in a further `?` ("…??") still needs `&`, or the
    // parameter's name would begin with that `?`.
    let sep = match base.split_once('?') {
        None => "?",
        Some((_, "")) => "",
        Some((_, query)) if query.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{base}{sep}{name}={value}{fragment}")
}

/// The hash a return URL carries: the value of its only [`QUERY_PARAM`] (none if it has none,
/// several, or a malformed one).
pub fn hash_in_url(url: &str) -> Option<&str> {
    let query = url.split('#').next()?.split_once('?')?.1;
    let prefix = QUERY_PARAM.len() + 1;
    let mut found = query
        .split('&')
        .filter(|pair| pair.starts_with(QUERY_PARAM) && pair.as_bytes().get(QUERY_PARAM.len()) == Some(&b'='))
        .map(|pair| &pair[prefix..]);
    match (found.next(), found.next()) {
        (Some(hash), None) if valid_hash(hash) => Some(hash),
        _ => None,
    }
}

/// Compares two byte strings in time that depends on their lengths only.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `secret` opens a session whose stored return URLs are `urls` (the review and the
/// result URL, each when Amazon has one): at least one URL is present, every present URL
/// carries a hash, and each equals the secret's hash (compared in constant time). A missing or
/// malformed secret opens nothing.
pub fn session_is_bound<'a>(secret: Option<&str>, urls: impl IntoIterator<Item = Option<&'a str>>) -> bool {
    let Some(secret) = secret.filter(|s| valid_secret(s)) else {
        return false;
    };
    let expected = hash_secret(secret);
    let mut seen = false;
    let mut all = true;
    for url in urls.into_iter().flatten() {
        seen = true;
        let stored = hash_in_url(url).unwrap_or("");
        // No early return: every URL is compared.
        all &= constant_time_eq(stored.as_bytes(), expected.as_bytes());
    }
    seen && all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_url_carries_its_hash_whatever_its_query() {
        let hash = hash_secret(SECRET);
        for url in [
            "https://shop.example/review",
            "https://shop.example/review?",
            "https://shop.example/review?a=1",
            "https://shop.example/review?a=1&",
            "https://shop.example/review??",
            "https://shop.example/review?a=1?",
            "https://shop.example/review#top?x",
        ] {
            let bound = bind_url(url, &hash);
            assert_eq!(hash_in_url(&bound), Some(hash.as_str()), "{url} → {bound}");
        }
        assert_eq!(
            bind_url("https://shop.example/review??", &hash),
            format!("https://shop.example/review??&{QUERY_PARAM}={hash}")
        );
    }

    const SECRET: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    #[test]
    fn hash_is_base64url_sha256() {
        let h = hash_secret(SECRET);
        assert_eq!(h.len(), HASH_LEN);
        assert!(valid_hash(&h));
        assert_eq!(hash_secret("abc"), "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
        assert_eq!(secret_from_bytes(&(0u8..32).collect::<Vec<_>>()), SECRET);
    }

    #[test]
    fn secrets_and_hashes_are_checked() {
        assert!(valid_secret(SECRET));
        assert!(!valid_secret("short"));
        assert!(!valid_secret(&"a".repeat(129)));
        assert!(!valid_secret("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+"));
        assert!(!valid_hash("abc"));
    }

    #[test]
    fn bind_url_appends_the_parameter() {
        let h = hash_secret(SECRET);
        assert_eq!(
            bind_url("https://s.example/review", &h),
            format!("https://s.example/review?amazonPayBinding={h}")
        );
        assert_eq!(
            bind_url("https://s.example/review?lang=ja#top", &h),
            format!("https://s.example/review?lang=ja&amazonPayBinding={h}#top")
        );
        assert_eq!(
            hash_in_url(&bind_url("https://s.example/r?a=1", &h)),
            Some(h.as_str())
        );
        let with_id = format!(
            "{}&amazonCheckoutSessionId=abc",
            bind_url("https://s.example/r", &h)
        );
        assert_eq!(hash_in_url(&with_id), Some(h.as_str()));
    }

    #[test]
    fn hash_in_url_refuses_doubles_and_lookalikes() {
        let h = hash_secret(SECRET);
        assert_eq!(hash_in_url("https://s.example/r"), None);
        assert_eq!(
            hash_in_url(&format!("https://s.example/r?amazonPayBindingX={h}")),
            None
        );
        assert_eq!(
            hash_in_url(&format!(
                "https://s.example/r?amazonPayBinding={h}&amazonPayBinding={h}"
            )),
            None
        );
        assert_eq!(hash_in_url("https://s.example/r?amazonPayBinding=short"), None);
        assert_eq!(
            hash_in_url(&format!("https://s.example/r#?amazonPayBinding={h}")),
            None
        );
    }

    #[test]
    fn only_the_right_secret_opens_a_bound_session() {
        let h = hash_secret(SECRET);
        let review = bind_url("https://s.example/review", &h);
        let result = bind_url("https://s.example/result", &h);
        assert!(session_is_bound(Some(SECRET), [Some(review.as_str()), None]));
        assert!(session_is_bound(
            Some(SECRET),
            [Some(review.as_str()), Some(result.as_str())]
        ));
        assert!(!session_is_bound(None, [Some(review.as_str())]));
        assert!(!session_is_bound(
            Some(&SECRET.replace('A', "B")),
            [Some(review.as_str())]
        ));
        assert!(!session_is_bound(Some(h.as_str()), [Some(review.as_str())]));
        // An unbound URL (an old widget's button) opens for nobody.
        assert!(!session_is_bound(
            Some(SECRET),
            [Some("https://s.example/review"), None]
        ));
        assert!(!session_is_bound(
            Some(SECRET),
            [Some(review.as_str()), Some("https://s.example/result")]
        ));
        assert!(!session_is_bound(Some(SECRET), [None, None]));
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
