//! The `/v1` routes: public ones for the widget, checkout-session ones for the return pages,
//! and merchant ones for the merchant's backend.

pub mod checkout;
pub mod merchant;
pub mod public;
