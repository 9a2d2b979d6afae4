//! The sign-in profile goes to the browser that started the sign-in.
//!
//! On the sign-in click the widget draws a binding secret as for a checkout
//! ([`crate::binding`]) and sends its hash; the signer writes a state into the signed
//! `signInReturnUrl` (query parameter [`QUERY_PARAM`]):
//!
//! ```text
//! state = hash "." expiry "." base64url(HMAC-SHA256(key, "signin1|" hash "|" expiry))
//! ```
//!
//! The sign-in page posts the buyer token with that state to `POST /v1/buyer` and the secret in
//! the binding header; the signer answers the profile only when the state is its own, unexpired
//! ([`LIFETIME_SECS`]) and the secret's hash is the state's hash. The key is the signer's
//! ([`crate::payload_seal::key_from_secret`]).

use crate::binding::{constant_time_eq, hash_secret, valid_hash, valid_secret};
use crate::expiring_mac;

/// The query parameter of the sign-in return URL that carries the state.
pub const QUERY_PARAM: &str = "amazonPaySignIn";
/// How long after the click the profile may be read, in seconds (15 minutes).
pub const LIFETIME_SECS: i64 = 900;
/// The longest state.
pub const MAX_LEN: usize = 128;

/// The label of a state's MAC ([`crate::expiring_mac`]).
const LABEL: &str = "signin1";

/// The state for the hash of a browser's secret, valid until `now + LIFETIME_SECS`.
pub fn issue(key: &[u8], hash: &str, now: i64) -> String {
    let expiry = now + LIFETIME_SECS;
    format!("{hash}.{expiry}.{}", expiring_mac::mac(key, LABEL, hash, expiry))
}

/// Whether `state` is well-formed text (base64url and dots, at most [`MAX_LEN`]).
pub fn valid_state(state: &str) -> bool {
    state.len() <= MAX_LEN
        && state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether `secret` opens `state` at `now`: the state is this key's, unexpired, and its hash is
/// the secret's (compared in constant time).
pub fn opens(key: &[u8], state: &str, secret: Option<&str>, now: i64) -> bool {
    let Some(secret) = secret.filter(|s| valid_secret(s)) else {
        return false;
    };
    let mut parts = state.split('.');
    let (Some(hash), Some(expiry), Some(given), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(expiry) = expiring_mac::expiry(expiry) else {
        return false;
    };
    valid_hash(hash)
        && expiring_mac::verifies(key, LABEL, hash, expiry, given)
        && now <= expiry
        && constant_time_eq(hash.as_bytes(), hash_secret(secret).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload_seal::key_from_secret;

    const SECRET: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    #[test]
    fn only_the_secret_of_the_click_opens_its_state_in_time() {
        let key = key_from_secret(b"k");
        let state = issue(&key, &hash_secret(SECRET), 1_000);
        assert!(valid_state(&state));
        assert!(opens(&key, &state, Some(SECRET), 1_900));
        assert!(!opens(&key, &state, Some(SECRET), 1_901));
        assert!(!opens(&key, &state, None, 1_000));
        assert!(!opens(&key, &state, Some(&SECRET.replace('A', "C")), 1_000));
        assert!(!opens(&key_from_secret(b"other"), &state, Some(SECRET), 1_000));
        assert!(!opens(
            &key,
            &state.replace(".1900.", ".9999."),
            Some(SECRET),
            1_000
        ));
        let other = issue(&key, &hash_secret(&SECRET.replace('A', "C")), 1_000);
        assert!(!opens(&key, &other, Some(SECRET), 1_000));
    }

    #[test]
    fn only_the_issued_text_of_the_expiry_opens() {
        let key = key_from_secret(b"k");
        let state = issue(&key, &hash_secret(SECRET), 1_000);
        assert!(opens(&key, &state, Some(SECRET), 1_000));
        for changed in [".01900.", ".+1900."] {
            let other = state.replace(".1900.", changed);
            assert!(!opens(&key, &other, Some(SECRET), 1_000), "{other}");
        }
    }
}
