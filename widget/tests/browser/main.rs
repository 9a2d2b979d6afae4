//! DOM behaviour of the widget in headless Chromium (wasm-bindgen-test), one module per kind of
//! mount. checkout.js and the signer are replaced by test doubles ([`support`]).
#![cfg(target_arch = "wasm32")]

mod support;

mod binding;
mod button;
mod js_surface;
mod permission;
mod script_tag;

#[cfg(feature = "pages")]
mod pages;
#[cfg(feature = "pages")]
mod result;
#[cfg(feature = "pages")]
mod review;
#[cfg(feature = "pages")]
mod signin;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
