//! The seal of a one-step payload (checkout mode `ProcessOrder`: the one-step flow, setup only,
//! the Additional Payment Button): Amazon completes such a checkout without a place-order, so
//! the signed payload itself must say for which order and until when it may be completed.
//!
//! ```text
//! merchantMetadata.customInformation = "seal1." expiry "." base64url(HMAC-SHA256(key, text))
//! text = "seal1|" JSON [merchantReferenceId, amount, currency] "|" expiry
//! ```
//!
//! `expiry` is Unix seconds; `merchantReferenceId`, `amount` (Amazon's decimal string) and
//! `currency` are empty when the payload has none (setup only). The key is the signer's own
//! ([`key_from_secret`]: SHA-256 of a label and a secret only the signer holds). At completion
//! the signer recomputes the seal from what Amazon stored on the session; a missing or
//! different seal is [`SealError::Foreign`], a passed expiry [`SealError::Expired`].

use sha2::{Digest, Sha256};

use crate::error_code::ErrorCode;
use crate::expiring_mac;

/// The prefix of a seal.
pub const PREFIX: &str = "seal1";
/// How long a signed one-step payload may be completed, in seconds (one hour).
pub const LIFETIME_SECS: i64 = 3600;

/// What a seal covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sealed<'a> {
    /// `merchantMetadata.merchantReferenceId`, or `""`.
    pub reference: &'a str,
    /// `paymentDetails.chargeAmount.amount`, or `""`.
    pub amount: &'a str,
    /// `paymentDetails.chargeAmount.currencyCode`, or `""`.
    pub currency: &'a str,
}

/// Why a seal is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// No seal, a malformed one, or one that does not match the order (another signer's
    /// payload, or a changed one).
    #[error("the checkout carries no seal of this signer")]
    Foreign,
    /// The seal's expiry (Unix seconds) has passed.
    #[error("the signed payload expired at {0}")]
    Expired(i64),
}

impl SealError {
    /// The signer's code.
    pub fn code(&self) -> ErrorCode {
        match self {
            SealError::Foreign => ErrorCode::PayloadForeign,
            SealError::Expired(_) => ErrorCode::PayloadExpired,
        }
    }
}

/// The seal key for a secret the signer holds (e.g. its private key's bytes): SHA-256 of a
/// label and the secret, so the key is never the secret itself.
pub fn key_from_secret(secret: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"amazon-pay-payload-seal-v1\0");
    h.update(secret);
    h.finalize().into()
}

/// What the MAC covers besides the label and the expiry: the fields as one JSON array, so no
/// field's text can move into another's.
fn subject(order: &Sealed<'_>) -> String {
    serde_json::json!([order.reference, order.amount, order.currency]).to_string()
}

/// The seal for `order`, valid until `now + LIFETIME_SECS`.
pub fn seal(key: &[u8], order: &Sealed<'_>, now: i64) -> String {
    let expiry = now + LIFETIME_SECS;
    format!(
        "{PREFIX}.{expiry}.{}",
        expiring_mac::mac(key, PREFIX, &subject(order), expiry)
    )
}

/// Checks a stored seal against the order Amazon stored and the time `now` (Unix seconds).
pub fn check(key: &[u8], stored: Option<&str>, order: &Sealed<'_>, now: i64) -> Result<(), SealError> {
    let mut parts = stored.ok_or(SealError::Foreign)?.split('.');
    let (Some(PREFIX), Some(expiry), Some(given), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SealError::Foreign);
    };
    let expiry = expiring_mac::expiry(expiry).ok_or(SealError::Foreign)?;
    if !expiring_mac::verifies(key, PREFIX, &subject(order), expiry, given) {
        return Err(SealError::Foreign);
    }
    if now > expiry {
        return Err(SealError::Expired(expiry));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: Sealed<'static> = Sealed {
        reference: "order-1",
        amount: "2400",
        currency: "JPY",
    };

    #[test]
    fn a_seal_opens_its_order_until_it_expires() {
        let key = key_from_secret(b"pkcs8 bytes");
        let s = seal(&key, &ORDER, 1_000);
        assert!(s.starts_with("seal1.4600."));
        assert_eq!(check(&key, Some(&s), &ORDER, 1_000), Ok(()));
        assert_eq!(check(&key, Some(&s), &ORDER, 4_600), Ok(()));
        assert_eq!(
            check(&key, Some(&s), &ORDER, 4_601),
            Err(SealError::Expired(4_600))
        );
        assert_eq!(SealError::Expired(1).code(), ErrorCode::PayloadExpired);
    }

    #[test]
    fn fields_cannot_trade_characters_and_the_expiry_is_one_text() {
        let key = key_from_secret(b"pkcs8 bytes");
        let one = Sealed {
            reference: "x|1",
            amount: "",
            currency: "JPY",
        };
        let other = Sealed {
            reference: "x",
            amount: "1|",
            currency: "JPY",
        };
        let s = seal(&key, &one, 1_000);
        assert_eq!(check(&key, Some(&s), &other, 1_000), Err(SealError::Foreign));
        let padded = s.replace("seal1.4600.", "seal1.04600.");
        assert_eq!(check(&key, Some(&padded), &one, 1_000), Err(SealError::Foreign));
        let signed = s.replace("seal1.4600.", "seal1.+4600.");
        assert_eq!(check(&key, Some(&signed), &one, 1_000), Err(SealError::Foreign));
    }

    #[test]
    fn another_order_key_or_expiry_is_foreign() {
        let key = key_from_secret(b"pkcs8 bytes");
        let s = seal(&key, &ORDER, 1_000);
        let other = Sealed { amount: "1", ..ORDER };
        assert_eq!(check(&key, Some(&s), &other, 1_000), Err(SealError::Foreign));
        assert_eq!(
            check(&key_from_secret(b"other"), Some(&s), &ORDER, 1_000),
            Err(SealError::Foreign)
        );
        let moved = s.replace("4600", "9999");
        assert_eq!(check(&key, Some(&moved), &ORDER, 1_000), Err(SealError::Foreign));
        assert_eq!(check(&key, None, &ORDER, 1_000), Err(SealError::Foreign));
        assert_eq!(
            check(&key, Some("seal1.x.y"), &ORDER, 1_000),
            Err(SealError::Foreign)
        );
        assert_eq!(SealError::Foreign.code(), ErrorCode::PayloadForeign);
    }
}
