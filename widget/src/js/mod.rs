//! Everything that crosses into JavaScript: the `#[wasm_bindgen]` exports ([`api`], and
//! [`pages`] for the return pages), and every conversion between the shop's JavaScript values
//! and the widget's Rust types.
//!
//! * [`codec`]: the [`codec::FromJs`] and [`codec::ToJs`] traits, written against two small
//!   value traits so that the conversions below run natively under `cargo test` too;
//!   [`value`]: `JsValue` as those values, and JSON text in and out;
//! * [`wire`]: the signer's wire types (the same names as their serde derives);
//!   [`options`]: the shop's options objects, carts, sizes, field selectors, permission
//!   options and the permission-button body; [`attributes`]: options from `data-*`
//!   attributes; [`outcome`]: the result page's outcome;
//! * [`events`]: event details and the DOM `amazonpay:*` events; [`error`]: the
//!   `AmazonPayError` the shop sees.

pub mod api;
pub mod attributes;
pub mod codec;
pub mod error;
pub mod events;
pub mod options;
#[cfg(feature = "pages")]
pub mod outcome;
#[cfg(feature = "pages")]
pub mod pages;
pub mod value;
pub mod wire;

#[cfg(test)]
mod serde_value;

pub use api::{load_amazon_pay, version, AmazonPay, Button};
pub use error::to_js_error;
#[cfg(feature = "pages")]
pub use pages::ReturnPage;
pub use value::request_json;
