//! Button payload signatures: the shared crate's string to sign, WebCrypto's RSA-PSS, and the
//! isolate's [`signature_cache`](crate::signature_cache) for payloads signed before.

use amazon_pay_shared::signing::payload_string_to_sign;
use amazon_pay_shared::wire::SignedPayload;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::{crypto, signature_cache};

/// Whether a payload text signed before in this isolate may reuse that signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// Reuse the isolate's signature of the same text (what the routes do).
    Reuse,
    /// Always make a new signature (the benchmark of the uncached path).
    Fresh,
}

/// Signs the exact payload text for checkout.js; with [`Signing::Reuse`], reuses this
/// isolate's signature of the same text when it made one.
pub async fn sign_payload_json(
    config: &Config,
    payload_json: String,
    signing: Signing,
) -> ApiResult<SignedPayload> {
    if signing == Signing::Fresh {
        return sign_payload_json_fresh(config, payload_json).await;
    }
    if let Some(signature) = signature_cache::lookup(&payload_json) {
        return Ok(signed_payload(config, payload_json, signature));
    }
    let signed = sign_payload_json_fresh(config, payload_json).await?;
    signature_cache::remember(&signed.payload_json, &signed.signature);
    Ok(signed)
}

fn signed_payload(config: &Config, payload_json: String, signature: String) -> SignedPayload {
    SignedPayload {
        payload_json,
        signature,
        public_key_id: config.profile.public_key_id.as_str().to_owned(),
        algorithm: config.profile.algorithm.name().to_owned(),
    }
}

/// Signs the exact payload text with a new RSA-PSS signature (no cache).
pub async fn sign_payload_json_fresh(config: &Config, payload_json: String) -> ApiResult<SignedPayload> {
    let algorithm = config.profile.algorithm;
    let message = payload_string_to_sign(algorithm, payload_json.as_bytes());
    let signature = crypto::sign_pss(algorithm.salt_len(), message.as_bytes())
        .await
        .map_err(|e| ApiError::internal().with_detail(format!("sign failed: {}", e.0)))?;
    Ok(signed_payload(config, payload_json, STANDARD.encode(signature)))
}
