//! Runs in headless Chromium through wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn loads_in_the_browser_and_formats_exact_money() {
    assert_eq!(amazon_pay_widget::js_api::version(), env!("CARGO_PKG_VERSION"));
    assert_eq!(
        amazon_pay_widget::js_api::format_amount(1250, "USD").unwrap(),
        "12.50 USD"
    );
    assert_eq!(
        amazon_pay_widget::js_api::format_amount(1200, "JPY").unwrap(),
        "1200 JPY"
    );
    assert!(amazon_pay_widget::js_api::format_amount(1, "XXX").is_err());
}
