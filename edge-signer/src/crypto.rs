//! RSA-PSS signing with WebCrypto: the private key is imported once per isolate as a
//! non-extractable `CryptoKey` and every signature is made by the runtime (about 1 ms), never
//! by RSA code compiled to wasm. Also the constant-time comparison of bearer tokens.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, RsaPssParams, SubtleCrypto};

thread_local! {
    static KEY: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
}

/// A WebCrypto failure; the JS error text is logged by the caller, never answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CryptoError(pub &'static str);

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map_err(|_| CryptoError("no crypto global"))?;
    if crypto.is_undefined() {
        return Err(CryptoError("no crypto global"));
    }
    let crypto: web_sys::Crypto = crypto.unchecked_into();
    Ok(crypto.subtle())
}

async fn import(pkcs8_der: &[u8]) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let algorithm = Object::new();
    let set = |k: &str, v: &str| Reflect::set(&algorithm, &JsValue::from_str(k), &JsValue::from_str(v));
    set("name", "RSA-PSS").map_err(|_| CryptoError("algorithm object"))?;
    set("hash", "SHA-256").map_err(|_| CryptoError("algorithm object"))?;
    let data = Uint8Array::from(pkcs8_der);
    let usages = Array::of1(&JsValue::from_str("sign"));
    let promise = subtle
        .import_key_with_object("pkcs8", &data, &algorithm, false, &usages)
        .map_err(|_| CryptoError("importKey refused the key"))?;
    let key = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError("importKey refused the key"))?;
    Ok(key.unchecked_into())
}

/// Imports a private key (done once per key, when the configuration is read); WebCrypto keeps
/// it non-extractable, so the caller may drop the DER afterwards. With `signs`, it becomes the
/// key [`sign_pss`] signs with; without, the import only proves WebCrypto accepts it (the
/// other key pair of a rotation, which signs once a new version chooses it).
pub async fn import_key(pkcs8_der: &[u8], signs: bool) -> Result<(), CryptoError> {
    if signs && KEY.with(|k| k.borrow().is_some()) {
        return Ok(());
    }
    let key = import(pkcs8_der).await?;
    if signs {
        KEY.with(|k| *k.borrow_mut() = Some(key));
    }
    Ok(())
}

/// Signs `message` with RSASSA-PSS (SHA-256, MGF1-SHA-256) and the given salt length, with the
/// key [`import_key`] imported.
pub async fn sign_pss(salt_len: usize, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let key = KEY
        .with(|k| k.borrow().clone())
        .ok_or(CryptoError("the key is not imported"))?;
    let salt = u32::try_from(salt_len).map_err(|_| CryptoError("salt length"))?;
    let params = RsaPssParams::new("RSA-PSS", salt);
    let promise = subtle()?
        .sign_with_object_and_u8_array(&params, &key, message)
        .map_err(|_| CryptoError("sign refused"))?;
    let signature = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError("sign failed"))?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Compares two secrets in time independent of where they differ (both are hashed first, so
/// the length does not leak either).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let ha = Sha256::digest(a);
    let hb = Sha256::digest(b);
    ha.iter().zip(hb.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 random bytes as hex from `crypto.getRandomValues` only (session ids and CSRF tokens);
/// `None` when the runtime cannot give them.
pub fn secret_hex() -> Option<String> {
    let mut bytes = [0u8; 32];
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(|c| c.is_object())
        .map(|c| c.unchecked_into::<web_sys::Crypto>())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())?;
    Some(hex::encode(bytes))
}

/// 16 random bytes as hex, from `crypto.getRandomValues` (request ids).
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    let filled = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .map(|c| c.unchecked_into::<web_sys::Crypto>())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    hex::encode(bytes)
}

/// Verifies an RS256 signature (RSASSA-PKCS1-v1_5, SHA-256) of `message` with the RSA public
/// key of a JWK (`n`, `e` base64url): `Ok(false)` for a signature that does not verify.
pub async fn verify_rs256_jwk(
    n: &str,
    e: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, CryptoError> {
    let subtle = subtle()?;
    let jwk = Object::new();
    let algorithm = Object::new();
    let set = |o: &Object, k: &str, v: &str| Reflect::set(o, &JsValue::from_str(k), &JsValue::from_str(v));
    let bad = |_| CryptoError("JWK object");
    set(&jwk, "kty", "RSA").map_err(bad)?;
    set(&jwk, "n", n).map_err(bad)?;
    set(&jwk, "e", e).map_err(bad)?;
    set(&jwk, "alg", "RS256").map_err(bad)?;
    set(&algorithm, "name", "RSASSA-PKCS1-v1_5").map_err(bad)?;
    set(&algorithm, "hash", "SHA-256").map_err(bad)?;
    let usages = Array::of1(&JsValue::from_str("verify"));
    let promise = subtle
        .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
        .map_err(|_| CryptoError("importKey refused the JWK"))?;
    let key: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError("importKey refused the JWK"))?
        .unchecked_into();
    let promise = subtle
        .verify_with_str_and_u8_array_and_u8_array("RSASSA-PKCS1-v1_5", &key, signature, message)
        .map_err(|_| CryptoError("verify failed"))?;
    let result = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError("verify failed"))?;
    Ok(result.as_bool() == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
