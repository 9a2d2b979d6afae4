//! Button payload signatures: the shared crate's string to sign, WebCrypto's RSA-PSS.

use amazon_pay_shared::signing::payload_string_to_sign;
use amazon_pay_shared::wire::SignedPayload;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::{crypto, log};

/// Signs the exact payload text for checkout.js.
pub async fn sign_payload_json(config: &Config, payload_json: String) -> ApiResult<SignedPayload> {
    let algorithm = config.profile.algorithm;
    let message = payload_string_to_sign(algorithm, payload_json.as_bytes());
    let signature = crypto::sign_pss(
        config.private_key_pkcs8.expose(),
        algorithm.salt_len(),
        message.as_bytes(),
    )
    .await
    .map_err(|e| {
        log::event("error", "sign_failed", &[("reason", e.0.into())]);
        ApiError::internal()
    })?;
    Ok(SignedPayload {
        payload_json,
        signature: STANDARD.encode(signature),
        public_key_id: config.profile.public_key_id.as_str().to_owned(),
        algorithm: algorithm.name().to_owned(),
    })
}
