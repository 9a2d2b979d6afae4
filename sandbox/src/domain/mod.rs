//! The object model and its rules, one module per job:
//!
//! * records and their own rules: [`checkout_session`], [`charge_permission`], [`charge`],
//!   [`refund`];
//! * operations across objects: [`checkout_flow`] (checkout up to Complete) and [`charging`]
//!   (permissions, charges and refunds after checkout);
//! * [`lifecycle`]: the time-based transitions, applied lazily from the sandbox clock;
//! * helpers: [`amounts`] (money rules), [`buyer_data`] (scopes, delivery restrictions),
//!   [`simulation`] (how test instruments behave, durations), [`simulation_code`] (the
//!   `x-amz-pay-simulation-code` header), [`ids`], [`errors`].

pub mod amounts;
pub mod buyer_data;
pub mod charge;
pub mod charge_permission;
pub mod charging;
pub mod checkout_flow;
pub mod checkout_session;
pub mod errors;
pub mod ids;
pub mod lifecycle;
pub mod refund;
pub mod simulation;
pub mod simulation_code;
