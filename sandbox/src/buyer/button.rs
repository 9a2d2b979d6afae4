//! The button signature check of `/checkout/initiate` (and of the sign-in pages, which carry
//! the signed button along): the key, the algorithm, and Amazon's `InvalidSignatureError` page.

use amazon_pay_shared::region::PublicKeyId;
use amazon_pay_shared::signing::{payload_string_to_sign, verify_payload, Algorithm, VerifyError};

use super::html::{escape, PageError};
use crate::config::SandboxConfig;

/// The product types a button can have.
pub const PRODUCT_TYPES: [&str; 3] = ["PayAndShip", "PayOnly", "SignIn"];

/// A button signature to check: what checkout.js posts (or the sign-in pages carry along).
#[derive(Debug, Clone, Copy)]
pub struct ButtonSignature<'a> {
    /// The payload bytes, exactly as posted.
    pub payload: &'a str,
    /// The base64 signature.
    pub signature: &'a str,
    /// The public key id.
    pub public_key_id: &'a str,
    /// The declared algorithm (empty or absent means `AMZN-PAY-RSASSA-PSS`, as checkout.js does).
    pub algorithm: Option<&'a str>,
}

/// Checks a button signature like Amazon's `/checkout/initiate`; on failure the error page to
/// show (`InvalidSignatureError` with the expected string to sign).
pub fn verify_button(config: &SandboxConfig, button: ButtonSignature<'_>) -> Result<PublicKeyId, PageError> {
    let key_id = PublicKeyId::parse(button.public_key_id).map_err(|_| {
        PageError::bad_request(
            "InvalidPublicKeyId",
            "The publicKeyId must be 1 to 64 characters of A-Z, a-z, 0-9, '-' or '_'.",
        )
    })?;
    let Some(key) = config.public_key(key_id.as_str()) else {
        return Err(PageError::bad_request(
            "InvalidPublicKeyId",
            format!(
                "The publicKeyId {} is not registered for merchant {} (start the sandbox with --public-key {}=FILE).",
                key_id.as_str(),
                config.merchant_id,
                key_id.as_str()
            ),
        ));
    };
    let algorithm = match button.algorithm.map(str::trim).filter(|a| !a.is_empty()) {
        None => Algorithm::V1,
        Some(name) => Algorithm::parse(name).map_err(|_| {
            signature_error_page(
                config,
                button,
                Algorithm::V1,
                &format!(
                    "Unknown algorithm {}; use AMZN-PAY-RSASSA-PSS-V2 or AMZN-PAY-RSASSA-PSS.",
                    name.chars().take(40).collect::<String>()
                ),
            )
        })?,
    };
    match verify_payload(key, algorithm, button.payload.as_bytes(), button.signature) {
        Ok(()) => Ok(key_id),
        Err(VerifyError::WrongAlgorithm { declared, actual, .. }) => Err(signature_error_page(
            config,
            button,
            declared,
            &format!(
                "The signature was made with {actual} (PSS salt {}), but the button declares {declared} \
                 (salt {}){}. Set algorithm: '{actual}' in the button's config, or sign with {declared}.",
                actual.salt_len(),
                declared.salt_len(),
                if button.algorithm.is_none_or(|a| a.trim().is_empty()) {
                    " because algorithm was left out (checkout.js then assumes AMZN-PAY-RSASSA-PSS)"
                } else {
                    ""
                },
            ),
        )),
        Err(VerifyError::SignatureEncoding) => Err(signature_error_page(
            config,
            button,
            algorithm,
            "The signature is not valid base64.",
        )),
        Err(_) => {
            // A browser's form post turns every line break into CRLF: a pretty-printed payload
            // signed with LF line breaks can never match. Say so when that is what happened.
            let unix = button.payload.replace("\r\n", "\n");
            let hint = if unix != button.payload
                && verify_payload(key, algorithm, unix.as_bytes(), button.signature).is_ok()
            {
                "The payloadJSON holds line breaks: the browser's form post sends them as CRLF, so the bytes \
                 hashed here differ from the ones you signed. Sign and pass a payload without line breaks."
            } else {
                "The signature does not match: another key signed it, or other bytes were signed than the \
                 payloadJSON given to the button (sign exactly the string you pass)."
            };
            Err(signature_error_page(config, button, algorithm, hint))
        }
    }
}

/// Amazon's `InvalidSignatureError` page: the signature, the string to sign it expected (shown
/// on one line as Amazon does and as its two real lines), and a hint.
fn signature_error_page(
    config: &SandboxConfig,
    button: ButtonSignature<'_>,
    algorithm: Algorithm,
    hint: &str,
) -> PageError {
    let expected = payload_string_to_sign(algorithm, button.payload.as_bytes());
    let one_line = expected.replace('\n', " ");
    let shown_signature: String = button.signature.chars().take(400).collect();
    let message = format!(
        "Signature {shown_signature} does not match signedString {one_line} for merchant {}",
        config.merchant_id
    );
    let details = format!(
        "<h2>Expected string to sign</h2><pre data-testid=\"string-to-sign\">{}</pre>\
         <p data-testid=\"signature-hint\">{}</p>\
         <h2>payloadJSON received ({} bytes)</h2><pre data-testid=\"payload\">{}</pre>",
        escape(&expected),
        escape(hint),
        button.payload.len(),
        escape(button.payload),
    );
    PageError::bad_request("InvalidSignatureError", message).with_details(details)
}
