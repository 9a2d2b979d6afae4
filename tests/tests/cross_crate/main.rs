//! The cross-crate tests, linked into one test binary
//! (`cargo test -p amazon-pay-tests --test cross_crate`): one module per interface or journey.
//!
//! Modules named `browser_*` run in the browser tier of `cargo xtask test`, after the widget build
//! (`-- browser_`); the others run in the integration tier (`-- --skip browser_`). No test outside
//! a `browser_*` module has `browser_` in its name.

mod browser_console;
mod browser_examples;
mod browser_sandbox_checkout_js;
mod browser_sandbox_pages;
mod browser_shop_binding;
mod browser_shop_pages;
mod browser_shop_purchase;
mod browser_shop_subscription;
mod browser_strict_pages;
mod browser_widget_npm_vite;
mod console_access;
mod console_http;
mod console_subscriptions;
mod crypto_interop;
mod edge_abuse;
mod edge_binding;
mod edge_faults;
mod edge_flow;
mod edge_quote;
mod edge_rate_limits;
mod edge_rotation;
mod edge_signer;
mod ledger_config;
mod ledger_flow;
mod ledger_lines;
mod ledger_place_order_update;
mod ledger_reconcile;
mod merchant_amount_change;
mod merchant_events;
mod merchant_export;
mod merchant_lifecycle;
mod merchant_reauthorize;
mod merchant_recurring;
mod sdk_lifecycle;
mod sdk_simulations;
mod subscriptions;
mod subscriptions_buyer;
mod webhook_notifications;
mod webhook_topics;
