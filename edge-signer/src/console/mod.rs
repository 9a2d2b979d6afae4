//! The merchant console: server-rendered HTML pages under `/console/` for the shop owner (the
//! order list and detail, capture, cancel, refund and amount change with a confirmation step,
//! subscriptions with pause, resume and cancel, sync, settings and the notification log), in
//! Japanese and English.
//!
//! The console calls the same [services](crate::services) as the merchant API routes: every
//! rule is checked there, once. What the pages show before an action (allowed or not, and why)
//! comes from the same lifecycle table and rules ([`actions`]).
//!
//! * [`access`]: Cloudflare Access in front of the console (optional);
//! * [`cookies`]: reading and writing cookies; [`session`]: signed session cookies over sessions
//!   kept in the ledger (8 hours of inactivity, ended by signing out); [`csrf`]: every form's
//!   token and origin;
//! * [`form`]: form bodies; [`i18n`]: the language; [`money`]: amounts per currency;
//! * [`layout`] and [`reply`]: the page around every screen, its stylesheet, HTML answers and
//!   redirects; [`pages`]: one module per screen; [`actions`]: which operations an order allows
//!   now; [`settings_view`]: the read-only settings.

pub mod access;
pub mod actions;
pub mod cookies;
pub mod csrf;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod money;
pub mod pages;
pub mod reply;
pub mod session;
pub mod settings_view;
