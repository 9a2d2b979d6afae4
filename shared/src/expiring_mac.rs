//! The MAC of the signer's expiring credentials — the one-step payload seal
//! ([`crate::payload_seal`]), the sign-in state ([`crate::sign_in_state`]) and the subscription
//! token ([`crate::subscription_token`]):
//!
//! ```text
//! mac = base64url(HMAC-SHA256(key, label "|" subject "|" expiry))
//! ```
//!
//! Each kind has a label of its own (`seal1`, `signin1`, `sub1`), so a credential of one kind
//! never opens another's with the same key. `expiry` is Unix seconds, written in decimal
//! without a sign or leading zeros; [`expiry`] accepts only that text, so one credential has
//! exactly one spelling.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::binding::constant_time_eq;

/// `base64url(HMAC-SHA256(key, label "|" subject "|" expiry))`, without padding.
pub(crate) fn mac(key: &[u8], label: &str, subject: &str, expiry: i64) -> String {
    let mut m =
        <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key"));
    m.update(format!("{label}|{subject}|{expiry}").as_bytes());
    URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
}

/// Whether `given` is the MAC of `label`, `subject` and `expiry` under `key` (compared in
/// constant time).
pub(crate) fn verifies(key: &[u8], label: &str, subject: &str, expiry: i64, given: &str) -> bool {
    constant_time_eq(given.as_bytes(), mac(key, label, subject, expiry).as_bytes())
}

/// The expiry written as `text`, when it is exactly as the signer writes it: decimal, no
/// sign, no leading zeros.
pub(crate) fn expiry(text: &str) -> Option<i64> {
    let value: i64 = text.parse().ok()?;
    (value.to_string() == text).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mac_covers_label_subject_and_expiry() {
        let given = mac(b"key", "sub1", "sub-1", 1_000);
        // HMAC-SHA256("key", "sub1|sub-1|1000") in base64url (Python's hmac): credentials
        // already issued keep opening.
        assert_eq!(given, "ExlLGU4RXWi5PZqTZrEOKGWFEKowphuqvoP8Y6Pv41g");
        assert!(verifies(b"key", "sub1", "sub-1", 1_000, &given));
        assert!(!verifies(b"other", "sub1", "sub-1", 1_000, &given));
        assert!(!verifies(b"key", "signin1", "sub-1", 1_000, &given));
        assert!(!verifies(b"key", "sub1", "sub-2", 1_000, &given));
        assert!(!verifies(b"key", "sub1", "sub-1", 1_001, &given));
        assert!(!verifies(b"key", "sub1", "sub-1", 1_000, &given[1..]));
    }

    #[test]
    fn only_the_written_text_of_an_expiry_is_one() {
        assert_eq!(expiry("1900"), Some(1_900));
        assert_eq!(expiry("0"), Some(0));
        for text in [
            "",
            "01900",
            "+1900",
            " 1900",
            "1900 ",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(expiry(text), None, "{text:?}");
        }
    }
}
