//! The buyer's key to their own subscription: a subscription id in a URL (or in a mail, a log, a
//! screenshot) is not a credential, so the signer gives the browser that completed a recurring
//! checkout a signed, expiring bearer token for that one subscription, and answers
//! `POST /v1/subscription` only for a token of its own.
//!
//! ```text
//! token = "s1." subscription id "." expiry "." base64url(HMAC-SHA256(key, "sub1|" subscription id "|" expiry))
//! ```
//!
//! `expiry` is Unix seconds, [`LIFETIME_SECS`] after issue: the longest a recurring charge
//! permission lives without a charge (Amazon: 13 months after the last one, at most 397 days)
//! plus two weeks. Every answer of the route carries a fresh token, so a buyer who looks at
//! the subscription now and then keeps it readable as long as it lives. The key is the
//! signer's own ([`crate::payload_seal::key_from_secret`], also the key of the one-step seal
//! and the sign-in state); the `sub1|` label keeps the three apart. A subscription id is
//! `sub-` and a charge permission id: letters, digits and `-`, never a dot.

use crate::expiring_mac;

/// The prefix of a token.
pub const PREFIX: &str = "s1";
/// How long a token opens its subscription, in seconds: 397 days (13 months at most) and 13
/// days more, 410 days.
pub const LIFETIME_SECS: i64 = 410 * 86_400;
/// The longest token (`s1.`, a 64-character id, an expiry, 43 characters of MAC, and room).
pub const MAX_LEN: usize = 160;
/// The longest subscription id a token names.
const MAX_ID_LEN: usize = 64;

/// The label of a token's MAC ([`crate::expiring_mac`]).
const LABEL: &str = "sub1";

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The token of `subscription_id`, valid until `now + LIFETIME_SECS`; `None` for an id that
/// cannot be one (empty, too long, or with characters other than letters, digits and `-`).
pub fn issue(key: &[u8], subscription_id: &str, now: i64) -> Option<String> {
    if !valid_id(subscription_id) {
        return None;
    }
    let expiry = now.checked_add(LIFETIME_SECS)?;
    Some(format!(
        "{PREFIX}.{subscription_id}.{expiry}.{}",
        expiring_mac::mac(key, LABEL, subscription_id, expiry)
    ))
}

/// The subscription `token` opens with `key` at `now`: the token is this key's, its text
/// exactly as issued, and not expired (the MAC compared in constant time). `None` for
/// anything else, whatever the reason: a caller learns nothing from a refusal.
pub fn open<'t>(key: &[u8], token: &'t str, now: i64) -> Option<&'t str> {
    if token.len() > MAX_LEN {
        return None;
    }
    let mut parts = token.split('.');
    let (Some(PREFIX), Some(id), Some(expiry_text), Some(given), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let expiry = expiring_mac::expiry(expiry_text)?;
    let matches = valid_id(id) && expiring_mac::verifies(key, LABEL, id, expiry, given);
    (matches && now <= expiry).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload_seal::key_from_secret;

    const ID: &str = "sub-S03-1234567-1234567";

    #[test]
    fn a_token_opens_its_subscription_until_it_expires() {
        let key = key_from_secret(b"pkcs8 bytes");
        let token = issue(&key, ID, 1_000).unwrap();
        let expiry = 1_000 + LIFETIME_SECS;
        assert!(token.starts_with(&format!("s1.{ID}.{expiry}.")), "{token}");
        assert!(token.len() <= MAX_LEN);
        assert_eq!(open(&key, &token, 1_000), Some(ID));
        assert_eq!(open(&key, &token, expiry), Some(ID));
        assert_eq!(open(&key, &token, expiry + 1), None);
    }

    #[test]
    fn another_key_id_expiry_or_text_opens_nothing() {
        let key = key_from_secret(b"pkcs8 bytes");
        let token = issue(&key, ID, 1_000).unwrap();
        let expiry = (1_000 + LIFETIME_SECS).to_string();
        assert_eq!(open(&key_from_secret(b"other"), &token, 1_000), None);
        let other_id = token.replace(ID, "sub-S03-7654321-7654321");
        assert_eq!(open(&key, &other_id, 1_000), None);
        let later = token.replace(&expiry, &(1_000 + 2 * LIFETIME_SECS).to_string());
        assert_eq!(open(&key, &later, 1_000), None);
        for changed in [format!("0{expiry}"), format!("+{expiry}")] {
            assert_eq!(open(&key, &token.replace(&expiry, &changed), 1_000), None);
        }
        let mut flipped = token.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == 'A' { 'B' } else { 'A' });
        assert_eq!(open(&key, &flipped, 1_000), None);
        for garbage in [
            "",
            "s1",
            "s1...",
            "s2.sub-1.1.x",
            &format!("{token}.x"),
            &format!("x{token}"),
            &"a".repeat(MAX_LEN + 1),
            "s1.sub-1.99999999999999999999999.x",
        ] {
            assert_eq!(open(&key, garbage, 1_000), None, "{garbage}");
        }
    }

    #[test]
    fn only_subscription_ids_get_a_token() {
        let key = key_from_secret(b"k");
        assert!(issue(&key, "", 0).is_none());
        assert!(issue(&key, "sub-a.b", 0).is_none());
        assert!(issue(&key, &"a".repeat(65), 0).is_none());
        assert!(issue(&key, ID, i64::MAX).is_none());
        // A token of another kind of the same key (a sign-in state) is not a subscription's.
        let state = crate::sign_in_state::issue(&key, &"A".repeat(43), 0);
        assert_eq!(open(&key, &state, 0), None);
    }
}
