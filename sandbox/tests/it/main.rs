//! The sandbox over HTTP, linked into one test binary (`cargo test -p amazon-pay-sandbox --test it`):
//! [`common`] starts a sandbox in-process and signs requests as a merchant's server would; every
//! other module tests one group of routes or behaviours.

mod common;

mod api_buyers;
mod api_charges;
mod api_checkout;
mod api_persistence;
mod api_refunds;
mod api_retention;
mod api_simulations;
mod api_time_rules;
mod api_wallet;
mod notifications;
mod request_checks;
