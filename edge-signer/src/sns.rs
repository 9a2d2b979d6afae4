//! Amazon SNS signatures on instant notifications: the signing certificate fetched from the
//! URL the host rule approved and cached per isolate (as its public key), and RSASSA-PKCS1-v1_5
//! verified by WebCrypto (SHA-1 for SignatureVersion 1, SHA-256 for 2). The decision itself is
//! the shared crate's [`verify_signature`]: WebCrypto's verdict reaches it through
//! [`RsaPkcs1Verify`] ([`Verdict`]), bound to the exact bytes that were verified. Also the visit
//! to a verified subscription confirmation's `SubscribeURL` ([`confirm_subscription`]).

use std::cell::RefCell;
use std::time::Duration;

use amazon_pay_shared::keys::RsaPkcs1Verify;
use amazon_pay_shared::webhook::{
    spki_from_certificate_pem, verify_signature, Envelope, SignatureAlgorithm, WebhookError,
};
use base64::Engine as _;
use futures_util::future::{select, Either};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;
use worker::{AbortController, Delay, Fetch, Method, Request, RequestInit, RequestRedirect};

/// Certificates kept per isolate.
const CACHE_SIZE: usize = 8;
/// The largest certificate accepted.
const MAX_CERT_BYTES: usize = 16 * 1024;

thread_local! {
    static CERTS: RefCell<Vec<(String, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
}

/// WebCrypto's verdict on one message and signature under one hash, for the shared decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The algorithm verified with.
    pub algorithm: SignatureAlgorithm,
    /// The exact message verified.
    pub message: Vec<u8>,
    /// The exact signature verified.
    pub signature: Vec<u8>,
    /// WebCrypto's answer.
    pub valid: bool,
}

impl Verdict {
    fn holds(&self, algorithm: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        self.valid && self.algorithm == algorithm && self.message == message && self.signature == signature
    }
}

impl RsaPkcs1Verify for Verdict {
    fn verify_pkcs1v15_sha1(&self, message: &[u8], signature: &[u8]) -> bool {
        self.holds(SignatureAlgorithm::Sha1WithRsa, message, signature)
    }

    fn verify_pkcs1v15_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.holds(SignatureAlgorithm::Sha256WithRsa, message, signature)
    }
}

/// Why a notification could not be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The certificate could not be fetched (network, status, size): worth a retry.
    Unavailable,
    /// The shared crate's refusal.
    Refused(WebhookError),
}

fn subtle() -> Result<web_sys::SubtleCrypto, VerifyError> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map_err(|_| VerifyError::Unavailable)?;
    if crypto.is_undefined() {
        return Err(VerifyError::Unavailable);
    }
    Ok(crypto.unchecked_into::<web_sys::Crypto>().subtle())
}

/// GETs `url` within `timeout_ms`, redirects not followed: the status and at most `max_bytes`
/// of body, or `Unavailable`.
async fn fetch(url: &str, timeout_ms: u64, max_bytes: usize) -> Result<(u16, Vec<u8>), VerifyError> {
    let controller = AbortController::default();
    let signal = controller.signal();
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_redirect(RequestRedirect::Manual);
    let request = Request::new_with_init(url, &init).map_err(|_| VerifyError::Unavailable)?;
    let exchange = async move {
        let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
        let status = response.status_code();
        let bytes = response.bytes().await?;
        Ok::<_, worker::Error>((status, bytes))
    };
    let timer = Delay::from(Duration::from_millis(timeout_ms));
    let (status, bytes) = match select(Box::pin(exchange), Box::pin(timer)).await {
        Either::Left((Ok(answer), _)) => answer,
        Either::Left((Err(_), _)) => return Err(VerifyError::Unavailable),
        Either::Right(((), _)) => {
            controller.abort();
            return Err(VerifyError::Unavailable);
        }
    };
    if bytes.len() > max_bytes {
        return Err(VerifyError::Unavailable);
    }
    Ok((status, bytes))
}

async fn fetch_certificate(url: &str, timeout_ms: u64) -> Result<String, VerifyError> {
    let (status, bytes) = fetch(url, timeout_ms, MAX_CERT_BYTES).await?;
    if status != 200 {
        return Err(VerifyError::Unavailable);
    }
    String::from_utf8(bytes).map_err(|_| VerifyError::Refused(WebhookError::Certificate))
}

/// Confirms an SNS subscription by visiting its `SubscribeURL` (which must already have passed
/// the host rule): `Ok` on a 2xx answer, `Unavailable` otherwise (a redirect included).
pub async fn confirm_subscription(subscribe_url: &str, timeout_ms: u64) -> Result<(), VerifyError> {
    let (status, _) = fetch(subscribe_url, timeout_ms, 64 * 1024).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(VerifyError::Unavailable)
    }
}

/// The public key (SPKI DER) of the certificate at `url`, from the isolate's cache or fetched.
/// The URL must already have passed the host rule.
pub async fn certificate_key(url: &str, timeout_ms: u64) -> Result<Vec<u8>, VerifyError> {
    if let Some(spki) = CERTS.with(|c| c.borrow().iter().find(|(u, _)| u == url).map(|(_, k)| k.clone())) {
        return Ok(spki);
    }
    let pem = fetch_certificate(url, timeout_ms).await?;
    let spki = spki_from_certificate_pem(&pem).map_err(VerifyError::Refused)?;
    CERTS.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= CACHE_SIZE {
            cache.remove(0);
        }
        cache.push((url.to_owned(), spki.clone()));
    });
    Ok(spki)
}

async fn webcrypto_verify(
    spki: &[u8],
    hash: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, VerifyError> {
    let subtle = subtle()?;
    let algorithm = Object::new();
    let set = |k: &str, v: &str| Reflect::set(&algorithm, &JsValue::from_str(k), &JsValue::from_str(v));
    set("name", "RSASSA-PKCS1-v1_5").map_err(|_| VerifyError::Unavailable)?;
    set("hash", hash).map_err(|_| VerifyError::Unavailable)?;
    let usages = Array::of1(&JsValue::from_str("verify"));
    let refused = || VerifyError::Refused(WebhookError::Certificate);
    let promise = subtle
        .import_key_with_object("spki", &Uint8Array::from(spki), &algorithm, false, &usages)
        .map_err(|_| refused())?;
    let key: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(|_| refused())?
        .unchecked_into();
    let promise = subtle
        .verify_with_str_and_u8_array_and_u8_array("RSASSA-PKCS1-v1_5", &key, signature, message)
        .map_err(|_| VerifyError::Refused(WebhookError::Signature))?;
    let result = JsFuture::from(promise)
        .await
        .map_err(|_| VerifyError::Refused(WebhookError::Signature))?;
    Ok(result.as_bool() == Some(true))
}

/// Verifies an envelope with the public key of its signing certificate.
pub async fn verify(envelope: &Envelope, spki: &[u8]) -> Result<(), VerifyError> {
    let signature = base64::engine::general_purpose::STANDARD
        .decode(envelope.signature.as_bytes())
        .map_err(|_| VerifyError::Refused(WebhookError::Signature))?;
    let message = envelope.string_to_sign().into_bytes();
    let hash = match envelope.signature_algorithm {
        SignatureAlgorithm::Sha1WithRsa => "SHA-1",
        SignatureAlgorithm::Sha256WithRsa => "SHA-256",
    };
    let valid = webcrypto_verify(spki, hash, &message, &signature).await?;
    let verdict = Verdict {
        algorithm: envelope.signature_algorithm,
        message,
        signature,
        valid,
    };
    verify_signature(envelope, &verdict).map_err(VerifyError::Refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_holds_only_for_its_bytes_and_hash() {
        let v = Verdict {
            algorithm: SignatureAlgorithm::Sha256WithRsa,
            message: b"m".to_vec(),
            signature: b"s".to_vec(),
            valid: true,
        };
        assert!(v.verify_pkcs1v15_sha256(b"m", b"s"));
        assert!(!v.verify_pkcs1v15_sha1(b"m", b"s"));
        assert!(!v.verify_pkcs1v15_sha256(b"m2", b"s"));
        assert!(!v.verify_pkcs1v15_sha256(b"m", b"s2"));
        let invalid = Verdict { valid: false, ..v };
        assert!(!invalid.verify_pkcs1v15_sha256(b"m", b"s"));
    }
}
