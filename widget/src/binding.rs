//! The browser's side of the binding between a click and its checkout session
//! ([`amazon_pay_shared::binding`]): a click draws a fresh secret with WebCrypto's
//! `getRandomValues`, keeps it in the tab's `sessionStorage` and sends only its hash with the
//! button request; the return pages send the secret itself with every call.

use amazon_pay_shared::binding::{hash_secret, secret_from_bytes, SECRET_BYTES, STORAGE_KEY};

use crate::dom;
use crate::error::{Result, WidgetError};

/// Draws a new secret for a click, keeps it in `sessionStorage` (replacing an earlier one: the
/// latest click's checkout is the one this tab continues) and answers its hash.
pub fn start() -> Result<String> {
    let window = web_sys::window().ok_or(WidgetError::BrowserUnsupported)?;
    let crypto = window.crypto().map_err(|_| WidgetError::BrowserUnsupported)?;
    let mut random = [0u8; SECRET_BYTES];
    crypto
        .get_random_values_with_u8_array(&mut random)
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    let secret = secret_from_bytes(&random);
    let storage = dom::session_storage().ok_or(WidgetError::BrowserUnsupported)?;
    storage
        .set_item(STORAGE_KEY, &secret)
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    Ok(hash_secret(&secret))
}

/// The secret this tab keeps for the checkout it started, if any (a well-formed one only).
#[cfg(feature = "pages")]
pub fn secret() -> Result<String> {
    dom::session_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .filter(|s| amazon_pay_shared::binding::valid_secret(s))
        .ok_or(WidgetError::NotThisBrowser)
}
