use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::canonical::hex_sha256;
use super::{Algorithm, SigningError, VerifyError};
use crate::keys::{RsaPssSign, RsaPssVerify};

/// The string to sign for a button payload: `Algorithm \n hex(sha256(payload bytes))`.
///
/// The payload is hashed exactly as given: no JSON re-serialisation, no unescaping of `\/`
/// (unlike the PHP SDK's `stripcslashes`). The page must hand checkout.js these same bytes.
pub fn payload_string_to_sign(algorithm: Algorithm, payload: &[u8]) -> String {
    format!("{}\n{}", algorithm.name(), hex_sha256(payload))
}

/// Signs a button payload; returns the base64 signature for `createCheckoutSessionConfig.signature`.
pub fn sign_payload(
    key: &impl RsaPssSign,
    algorithm: Algorithm,
    payload: &[u8],
) -> Result<String, SigningError> {
    let message = payload_string_to_sign(algorithm, payload);
    let signature = key.sign_pss_sha256(algorithm.salt_len(), message.as_bytes())?;
    Ok(STANDARD.encode(signature))
}

/// Verifies a button payload signature as Amazon does. On failure it tells a salt mix-up
/// ([`VerifyError::WrongAlgorithm`]) from any other mismatch, which carries the expected string
/// to sign (Amazon's error page shows the same).
pub fn verify_payload(
    key: &impl RsaPssVerify,
    algorithm: Algorithm,
    payload: &[u8],
    signature_b64: &str,
) -> Result<(), VerifyError> {
    let signature = STANDARD
        .decode(signature_b64.trim().as_bytes())
        .map_err(|_| VerifyError::SignatureEncoding)?;
    let message = payload_string_to_sign(algorithm, payload);
    if key.verify_pss_sha256(algorithm.salt_len(), message.as_bytes(), &signature) {
        return Ok(());
    }
    let other = algorithm.other();
    if key.verify_pss_sha256(
        other.salt_len(),
        payload_string_to_sign(other, payload).as_bytes(),
        &signature,
    ) || key.verify_pss_sha256(other.salt_len(), message.as_bytes(), &signature)
    {
        return Err(VerifyError::WrongAlgorithm {
            declared: algorithm,
            actual: other,
            string_to_sign: message,
        });
    }
    Err(VerifyError::SignatureMismatch {
        string_to_sign: message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_hashes_exact_bytes() {
        let escaped = br#"{"url":"https:\/\/shop.example\/r"}"#;
        let plain = br#"{"url":"https://shop.example/r"}"#;
        assert_ne!(
            payload_string_to_sign(Algorithm::V2, escaped),
            payload_string_to_sign(Algorithm::V2, plain)
        );
        assert!(payload_string_to_sign(Algorithm::V1, b"").starts_with("AMZN-PAY-RSASSA-PSS\ne3b0c442"));
    }
}
