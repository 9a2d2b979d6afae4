//! The Amazon Pay widget: button and return pages, compiled to WebAssembly.
//!
//! This crate is the browser side of the project. Its JavaScript surface lives in one file,
//! [`js_api`]; everything else is plain Rust with one job per module:
//!
//! * [`options`]: typed button options, from a JS object or `data-*` attributes;
//!   [`permission`]: buttons that keep the payment method (Recurring, PaymentMethodOnFile);
//! * [`signer_client`]: the signer's `/v1/config` and `/v1/button` behind a trait;
//! * [`script_loader`]: checkout.js once per page; [`amazon`]: typed calls into it;
//! * [`button`]: mount, update, destroy; [`visibility`]: show or hide by cart total;
//!   [`size`]: fixed sizes; [`events`]: `ready`/`click`/`cancel`/`error`/`complete`;
//! * return pages: [`page`] (what they share), [`review`], [`result`] (with [`outcome`]),
//!   [`signin`]; [`fields`] fills the shop's own form; [`copy`]: their text in Japanese and
//!   English;
//! * [`auto_mount`]: script-tag use, one mount per `[data-amazon-pay-button]`,
//!   `[data-amazon-pay-review]`, `[data-amazon-pay-result]` or `[data-amazon-pay-signin]`;
//! * [`error`]: [`WidgetError`] and its stable codes.
//!
//! The return pages are behind the default feature `pages`; without it the crate is the button
//! alone (the script-tag build's button-only bundle).
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
pub mod cart;
mod context;
pub mod copy;
mod dom;
pub mod error;
pub mod events;
pub mod js;
pub mod options;
#[cfg(feature = "pages")]
pub mod outcome;
#[cfg(feature = "pages")]
pub mod pages;
pub mod permission;
mod registry;
pub mod script_loader;
pub mod signer_client;
pub mod size;
pub mod visibility;
pub mod vocabulary;
mod widget;

pub use button::{ButtonHandle, ButtonRef};
pub use error::WidgetError;
#[cfg(feature = "pages")]
pub use pages::{PageHandle, PageKind, PageRef};
pub use signer_client::{FetchSignerClient, SignerClient, SignerFuture};
pub use widget::Widget;

/// The heap of the wasm build: a free-list allocator about a tenth of dlmalloc's code. The widget
/// makes few, small allocations, and wasm32-unknown-unknown runs it on one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: this target has no threads, so the allocator is never entered concurrently.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
