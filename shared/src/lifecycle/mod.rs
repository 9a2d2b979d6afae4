//! The transaction lifecycle of the seed's payment provider, on top of Amazon Pay's objects.
//!
//! A Japanese Amazon Pay provider (seed `002`) runs every transaction through fourteen status
//! codes ([`TransactionStatus`]) and allows each operation ([`Operation`]) only in some of
//! them, in three flows ([`FlowKind`]: one-time or permission plus first payment, permission
//! only, merchant-initiated charges). This module holds:
//!
//! * [`status`]: the codes, their Japanese and English labels, [`TransactionStatus::is_pending`];
//! * [`derivation`]: the status derived from Amazon's Checkout Session, Charge Permission, Charges
//!   and Refunds ([`derive_status`]; the mapping table is in the module docs);
//! * [`operations`]: the allowed-operation table as data ([`TRANSITIONS`], [`allowed`],
//!   [`check_allowed`]) with the statuses each operation leads to;
//! * [`limits`] and [`rules`]: the seed's limits with their defaults, configurable per merchant
//!   ([`Rules`]) and per currency ([`LimitsByCurrency`]), as checks that refuse with a typed
//!   [`LifecycleError`] (stable [`LifecycleError::code`]) before anything is sent to Amazon;
//! * [`settings`]: a merchant's [`Rules`] from one JSON document ([`Rules::from_json`]), strictly
//!   validated, each refusal naming its field ([`RulesJsonError`]).
//!
//! Which check goes with which operation (all of them before calling Amazon):
//!
//! | Operation | Checks |
//! |---|---|
//! | any | [`check_allowed`] with the transaction's status and flow |
//! | `EXECUTE`, one-time | [`Rules::check_amount`] |
//! | `EXECUTE`, merchant-initiated | [`Rules::check_merchant_charge`]: amount, expiry, monthly cap |
//! | `CAPTURE` | [`Rules::check_capture`] with the time of the current (re-)authorization |
//! | `CANCEL_FULL` on `AUTH` | the table only |
//! | `CANCEL_FULL` on `SALES`, `CAPTURE` | [`Rules::check_refund`] for captured − refunded |
//! | `CANCEL_PARTIAL` | [`Rules::check_refund`] |
//! | `CHANGE_AMOUNT` | [`Rules::check_amount_change`]; returns the new capture deadline |
//! | `REAUTHORIZE` | [`Rules::check_reauthorization`]: the table, expired (not canceled), the permission chargeable and not expired |
//! | `MERCHANT_CHARGE` | [`Rules::check_permission_active`] |
//!
//! Pure computation: no clock (times are Unix seconds passed in), no floats (amounts are
//! [`Money`](crate::money::Money)), no panics (all arithmetic is checked).
//!
//! ```
//! use amazon_pay_shared::lifecycle::{
//!     allowed, check_allowed, FlowKind, Operation, RefundRequest, Rules, TransactionStatus, DAY_SECS,
//! };
//! use amazon_pay_shared::error_code::ErrorCode;
//! use amazon_pay_shared::money::{Currency, Money};
//!
//! let status: TransactionStatus = "AUTH".parse().unwrap();
//! assert!(allowed(status, Operation::Capture, FlowKind::OneTime));
//! let capture = check_allowed(status, Operation::Capture, FlowKind::OneTime).unwrap();
//! assert_eq!(capture.on_success, [TransactionStatus::Sales, TransactionStatus::ReqSales]);
//!
//! let rules = Rules::default();
//! let yen = |n| Money::from_minor(n, Currency::Jpy);
//! assert_eq!(
//!     rules.check_amount(yen(10_000_000)).unwrap_err().code(),
//!     ErrorCode::LifecycleAmountAboveMaximum
//! );
//!
//! let authorized_at = 1_795_429_010;
//! assert!(rules.check_capture(authorized_at, authorized_at + 30 * DAY_SECS).is_ok());
//! let late = rules.check_capture(authorized_at, authorized_at + 30 * DAY_SECS + 1).unwrap_err();
//! assert_eq!(late.code(), ErrorCode::LifecycleCaptureWindowExpired);
//! assert_eq!(late.detail_code(), "LIFECYCLE_CAPTURE_WINDOW_EXPIRED");
//!
//! let refund = RefundRequest {
//!     captured_at: authorized_at,
//!     captured: yen(5_000),
//!     refunded_so_far: yen(0),
//!     refunds_so_far: 0,
//!     amount: yen(1_000),
//!     now: authorized_at + DAY_SECS,
//! };
//! let check = rules.check_refund(&refund).unwrap();
//! assert!(check.partial && !check.completes);
//! ```

mod check;
pub mod derivation;
mod errors;
pub mod limits;
pub mod operations;
mod parse;
pub mod rules;
pub mod settings;
pub mod status;

#[cfg(test)]
mod tests;

pub use check::check_allowed;
pub use derivation::{derive_status, AmazonView, ChargeView, PermissionView, RefundView, SessionView};
pub use errors::LifecycleError;
pub use limits::{CurrencyLimits, LimitsByCurrency};
pub use operations::{
    allowed, allowed_operations, transition, FlowKind, Operation, Transition, REGISTERED, TRANSITIONS,
};
pub use rules::{
    AmountChange, AmountChangeRequest, ChargeOutcome, MerchantChargeCheck, PermissionCharge,
    ReauthorizationRequest, RefundCheck, RefundRequest, Rules, DAY_SECS, MAX_TIME, MAX_UTC_OFFSET_SECS,
};
pub use settings::RulesJsonError;
pub use status::TransactionStatus;
