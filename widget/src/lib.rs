//! The Amazon Pay widget: button and return pages, compiled to WebAssembly.
//!
//! This crate is the browser side of the project. Its modules form layers; a module imports
//! only those below it:
//!
//! * plain Rust, no browser: [`vocabulary`] (placement, colour, product type, charge-permission
//!   kind, frequency unit), [`cart`], [`options`] (typed button and return-page options,
//!   validated from their raw form), [`permission`] (buttons that keep the payment method:
//!   Recurring, PaymentMethodOnFile, the Additional Payment Button), [`visibility`] (show or
//!   hide by cart total), [`size`] (fixed sizes), [`outcome`] (the result page's outcome),
//!   [`copy`] (text in Japanese and English), [`events`] (`ready`/`click`/`cancel`/`error`/
//!   `complete` and their listeners), [`error`] ([`WidgetError`] and its stable codes); each
//!   has native `#[test]`s (`cargo test -p amazon-pay-widget --lib`);
//! * [`js`]: everything that crosses into JavaScript — the `#[wasm_bindgen]` exports
//!   ([`js::api`], [`js::pages`]) and every conversion of the shop's values, the signer's wire
//!   types and the widget's events, written once against small value traits
//!   ([`js::codec`]) so that they run natively in tests too (a test round-trips every wire
//!   type through serde and through it);
//! * the browser: [`signer_client`] (the signer's `/v1` routes behind a trait),
//!   [`script_loader`] (checkout.js once per page), [`amazon`] (typed calls into it), and
//!   private DOM helpers;
//! * mounts: a private context of what every mount of one widget shares (client, checked
//!   `/v1/config`, checkout.js loaded) and a private registry of the mounts on the page by
//!   host element; [`button`] (mount, update, destroy); [`pages`] (the review, result and
//!   sign-in return pages, behind the default feature `pages`; without it the crate is the
//!   button alone, the script-tag build's button-only bundle);
//! * [`Widget`] (load, then mount) and [`auto_mount`] (script-tag use: one mount per
//!   `[data-amazon-pay-button]`, `[data-amazon-pay-review]`, `[data-amazon-pay-result]` or
//!   `[data-amazon-pay-signin]`).
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

pub mod advice;
pub mod amazon;
pub mod auto_mount;
mod binding;
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
