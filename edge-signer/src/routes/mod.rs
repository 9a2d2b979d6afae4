//! The `/v1` routes: public ones for the widget, checkout-session ones for the return pages,
//! and merchant ones for the merchant's backend.

pub mod amount_change;
#[cfg(feature = "bench")]
pub mod bench;
pub mod checkout;
pub mod merchant;
pub mod permission_button;
pub mod public;
pub mod sync;
pub mod transactions;
pub mod webhook;
