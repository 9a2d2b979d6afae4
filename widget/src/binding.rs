//! The browser's side of the binding between a click and its checkout session
//! ([`amazon_pay_shared::binding`]): a click draws a fresh secret with WebCrypto's
//! `getRandomValues` and keeps it in the tab's `sessionStorage`; the button request and every
//! call of the return pages send it in the binding header, over the same TLS connection to the
//! signer, which hashes it into the signed return URLs (so the button bundle carries no hash
//! code).

use crate::dom;
use crate::error::{Result, WidgetError};
use amazon_pay_shared::binding::{SECRET_BYTES, STORAGE_KEY};

/// base64url without padding (RFC 4648 §5), as [`amazon_pay_shared::binding`] writes it.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Draws a new secret for a click, keeps it in `sessionStorage` (replacing an earlier one: the
/// latest click's checkout is the one this tab continues) and answers it.
pub fn start() -> Result<String> {
    let unsupported = |_| WidgetError::BrowserUnsupported;
    let window = web_sys::window().ok_or(WidgetError::BrowserUnsupported)?;
    let crypto = window.crypto().map_err(unsupported)?;
    let mut random = [0u8; SECRET_BYTES];
    crypto
        .get_random_values_with_u8_array(&mut random)
        .map_err(unsupported)?;
    let secret = base64url(&random);
    let storage = dom::session_storage().ok_or(WidgetError::BrowserUnsupported)?;
    storage.set_item(STORAGE_KEY, &secret).map_err(unsupported)?;
    Ok(secret)
}

/// The secret this tab keeps for the checkout it started, if any (a well-formed one only).
#[cfg(feature = "pages")]
pub fn secret() -> Result<String> {
    dom::session_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .filter(|s| amazon_pay_shared::binding::valid_secret(s))
        .ok_or(WidgetError::NotThisBrowser)
}

#[cfg(test)]
mod tests {
    use super::base64url;

    #[test]
    fn base64url_is_the_shared_crates() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            assert_eq!(
                base64url(&bytes),
                amazon_pay_shared::binding::secret_from_bytes(&bytes)
            );
        }
    }
}
