//! [`WidgetError`] as the JavaScript `Error` the shop sees: named `AmazonPayError`, with a stable
//! `.code`, `.retryable` ([`WidgetError::retryable`]: true when trying again may help), and
//! `.signerCode`, `.status` and, when the signer sent one, `.requestId` for signer errors.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::error::WidgetError;

/// Converts an error into a JavaScript `Error` with `.code`, `.retryable` (and `.signerCode`, `.status`,
/// `.requestId`).
pub fn to_js_error(error: &WidgetError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("AmazonPayError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code()));
    set("retryable", JsValue::from_bool(error.retryable()));
    if let Some((code, status)) = error.signer_detail() {
        set("signerCode", JsValue::from_str(code));
        set("status", JsValue::from(status));
    }
    if let Some(id) = error.request_id() {
        set("requestId", JsValue::from_str(id));
    }
    js.into()
}

/// [`to_js_error`] of an owned error (for `map_err`).
pub(crate) fn js_err(error: WidgetError) -> JsValue {
    to_js_error(&error)
}
