//! The JavaScript boundary of the widget: the only module that touches `JsValue`.

use wasm_bindgen::prelude::*;

/// The widget's version, as the npm package reports it.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Formats an amount given in minor units for display, e.g. `formatAmount(1200, "JPY")` is
/// `"1200 JPY"`. Unknown currencies are an error with a stable code.
#[wasm_bindgen(js_name = formatAmount)]
pub fn format_amount(minor: u64, currency: &str) -> Result<String, JsError> {
    let currency: amazon_pay_shared::money::Currency = currency
        .parse()
        .map_err(|e: amazon_pay_shared::money::MoneyError| JsError::new(e.code()))?;
    Ok(amazon_pay_shared::money::Money::from_minor(minor, currency).to_string())
}
