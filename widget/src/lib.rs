//! The Amazon Pay widget: button and return pages, compiled to WebAssembly.
//!
//! This crate is the browser side of the project. Its JavaScript surface lives in one file,
//! [`js_api`]; everything else is plain Rust with one job per module:
//!
//! * [`options`]: typed button options, from a JS object or `data-*` attributes;
//! * [`signer_client`]: the signer's `/v1/config` and `/v1/button` behind a trait;
//! * [`script_loader`]: checkout.js once per page; [`amazon`]: typed calls into it;
//! * [`button`]: mount, update, destroy; [`visibility`]: show or hide by cart total;
//!   [`size`]: fixed sizes; [`events`]: `ready`/`click`/`cancel`/`error`/`complete`;
//! * [`auto_mount`]: script-tag use, one button per `[data-amazon-pay-button]` element;
//! * [`error`]: [`WidgetError`] and its stable codes.
//!
//! From Rust (tests, or a shop with its own transport):
//!
//! ```no_run
//! # async fn run(client: std::rc::Rc<dyn amazon_pay_widget::SignerClient>, host: web_sys::Element)
//! # -> Result<(), amazon_pay_widget::WidgetError> {
//! use amazon_pay_widget::options::{ButtonOptions, Cart, Placement};
//! use amazon_pay_shared::cart::CartLine;
//!
//! let widget = amazon_pay_widget::Widget::load(client).await?;
//! let button = widget.mount_button(
//!     &host,
//!     ButtonOptions::new()
//!         .with_placement(Placement::Cart)
//!         .with_cart(Cart::lines(vec![CartLine::new("TEA-1", 2)])),
//! )?;
//! button.update(Cart::lines(vec![CartLine::new("TEA-1", 3)]))?;
//! drop(button); // destroys it: elements and listeners are gone
//! # Ok(()) }
//! ```
#![deny(missing_docs, missing_debug_implementations)]

pub mod amazon;
pub mod auto_mount;
pub mod button;
mod dom;
pub mod error;
pub mod events;
pub mod js_api;
mod json;
pub mod options;
pub mod script_loader;
pub mod signer_client;
pub mod size;
pub mod visibility;
mod widget;

pub use button::{ButtonHandle, ButtonRef};
pub use error::WidgetError;
pub use signer_client::{FetchSignerClient, SignerClient, SignerFuture};
pub use widget::Widget;
