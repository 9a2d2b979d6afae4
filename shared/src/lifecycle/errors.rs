//! The typed errors of the lifecycle model, each with a stable [`LifecycleError::code`].

use crate::error_code::ErrorCode;
use crate::money::{Currency, Money, MoneyError};

use super::operations::{FlowKind, Operation};
use super::status::TransactionStatus;

/// Why an operation, an amount, a time or a configuration was refused.
///
/// Every refusal happens before anything is sent to Amazon. [`LifecycleError::code`] (the wire
/// code) and [`LifecycleError::detail_code`] are stable and machine-readable; the `Display`
/// text is for people and may change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// The operation is not in the allowed-operation table for this status and flow.
    #[error("operation {operation} is not allowed in status {status} ({kind} flow)")]
    OperationNotAllowed {
        /// The transaction's status.
        status: TransactionStatus,
        /// The refused operation.
        operation: Operation,
        /// The flow the transaction belongs to.
        kind: FlowKind,
    },
    /// The amount is below the per-transaction minimum.
    #[error("amount {amount} is below the minimum of {minimum}")]
    AmountBelowMinimum {
        /// The refused amount.
        amount: Money,
        /// The configured minimum.
        minimum: Money,
    },
    /// The amount is above the per-transaction maximum.
    #[error("amount {amount} is above the maximum of {maximum}")]
    AmountAboveMaximum {
        /// The refused amount.
        amount: Money,
        /// The configured maximum.
        maximum: Money,
    },
    /// A recurring charge would take the permission's calendar-month total above the cap.
    #[error("charging {amount} exceeds the monthly cap of {cap} ({already} already charged this month)")]
    RecurringMonthlyCapExceeded {
        /// The refused amount.
        amount: Money,
        /// What the permission was already charged this month (cancelled charges included).
        already: Money,
        /// The configured monthly cap.
        cap: Money,
    },
    /// The authorization is older than the capture window.
    #[error("the capture window ended at {deadline} (Unix seconds); it is now {now}")]
    CaptureWindowExpired {
        /// The last second at which a capture was allowed.
        deadline: i64,
        /// The time of the refused request.
        now: i64,
    },
    /// The capture is older than the refund window.
    #[error("the refund window ended at {deadline} (Unix seconds); it is now {now}")]
    RefundWindowExpired {
        /// The last second at which a refund was allowed.
        deadline: i64,
        /// The time of the refused request.
        now: i64,
    },
    /// The transaction already had the maximum number of partial refunds.
    #[error("at most {maximum} partial refunds are allowed per transaction")]
    TooManyPartialRefunds {
        /// The configured maximum.
        maximum: u32,
    },
    /// The refund would take the refunded total above the captured amount.
    #[error("refund of {requested} exceeds the {refundable} still refundable")]
    RefundExceedsCaptured {
        /// The refused refund amount.
        requested: Money,
        /// Captured minus already refunded.
        refundable: Money,
    },
    /// The new amount of an amount change is above the higher of the floor and the multiple of
    /// the first amount.
    #[error("the changed amount {amount} is above the amount-change cap of {cap}")]
    AmountChangeAboveCap {
        /// The refused new amount.
        amount: Money,
        /// The cap for this transaction.
        cap: Money,
    },
    /// An amount change on a flow that does not allow it: a permission-only transaction, or a
    /// one-time payment whose button did not enable amount changes.
    #[error("amount change is not enabled for this {kind} transaction")]
    AmountChangeNotEnabled {
        /// The flow of the transaction.
        kind: FlowKind,
    },
    /// The recurring permission expired.
    #[error("the permission expired at {expired_at} (Unix seconds); it is now {now}")]
    PermissionExpired {
        /// The permission's expiry.
        expired_at: i64,
        /// The time of the refused request.
        now: i64,
    },
    /// The authorization was canceled (by the merchant, or with its permission), not expired
    /// unused: a canceled payment is not requested again.
    #[error("the authorization was canceled, not expired unused; it cannot be authorized again")]
    AuthorizationCanceled,
    /// Amazon does not report the charge permission `Chargeable`.
    #[error("the charge permission is not chargeable")]
    PermissionNotChargeable,
    /// No limits are configured for the amount's currency.
    #[error("no limits are configured for {0}")]
    CurrencyNotConfigured(Currency),
    /// Two amounts that must share a currency do not.
    #[error("currency mismatch: expected {expected}, got {found}")]
    CurrencyMismatch {
        /// The currency of the transaction.
        expected: Currency,
        /// The currency of the refused amount.
        found: Currency,
    },
    /// A time is outside 1970-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z.
    #[error("time {0} (Unix seconds) is outside the supported range (1970 to 9999)")]
    TimeOutOfRange(i64),
    /// A limit or rule configuration is inconsistent.
    #[error("invalid lifecycle configuration: {0}")]
    InvalidConfiguration(&'static str),
    /// Amount arithmetic failed (overflow, mismatched currencies inside a list).
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A status code that is not one of the fourteen.
    #[error("unknown transaction status code {0:?}")]
    UnknownStatus(String),
    /// An operation code that is not known.
    #[error("unknown operation code {0:?}")]
    UnknownOperation(String),
    /// An Amazon object is in a state this crate does not know, so no status can be derived.
    #[error("{object} state {state:?} is not known; no transaction status can be derived")]
    UnknownAmazonState {
        /// `CheckoutSession`, `ChargePermission`, `Charge` or `Refund`.
        object: &'static str,
        /// The state as Amazon sent it.
        state: String,
    },
    /// The view of Amazon's objects lacks what is needed to derive a status.
    #[error("the Amazon view is incomplete: {0}")]
    IncompleteView(&'static str),
}

impl LifecycleError {
    /// The code the edge signer answers this error with: the rule's own `LIFECYCLE_…` code, the
    /// wire's currency codes for [`LifecycleError::CurrencyMismatch`] (`CURRENCY_MISMATCH`) and
    /// [`LifecycleError::CurrencyNotConfigured`] (`CURRENCY_UNSUPPORTED`), the money error's
    /// code for [`LifecycleError::Money`], and `INTERNAL` for what is not the request's fault
    /// (time range, configuration, unknown codes and states, an incomplete view).
    pub fn code(&self) -> ErrorCode {
        match self {
            LifecycleError::OperationNotAllowed { .. } => ErrorCode::LifecycleOperationNotAllowed,
            LifecycleError::AmountBelowMinimum { .. } => ErrorCode::LifecycleAmountBelowMinimum,
            LifecycleError::AmountAboveMaximum { .. } => ErrorCode::LifecycleAmountAboveMaximum,
            LifecycleError::RecurringMonthlyCapExceeded { .. } => {
                ErrorCode::LifecycleRecurringMonthlyCapExceeded
            }
            LifecycleError::CaptureWindowExpired { .. } => ErrorCode::LifecycleCaptureWindowExpired,
            LifecycleError::RefundWindowExpired { .. } => ErrorCode::LifecycleRefundWindowExpired,
            LifecycleError::TooManyPartialRefunds { .. } => ErrorCode::LifecycleTooManyPartialRefunds,
            LifecycleError::RefundExceedsCaptured { .. } => ErrorCode::LifecycleRefundExceedsCaptured,
            LifecycleError::AmountChangeAboveCap { .. } => ErrorCode::LifecycleAmountChangeAboveCap,
            LifecycleError::AmountChangeNotEnabled { .. } => ErrorCode::LifecycleAmountChangeNotEnabled,
            LifecycleError::PermissionExpired { .. } => ErrorCode::LifecyclePermissionExpired,
            LifecycleError::AuthorizationCanceled => ErrorCode::LifecycleAuthorizationCanceled,
            LifecycleError::PermissionNotChargeable => ErrorCode::LifecyclePermissionNotChargeable,
            LifecycleError::CurrencyNotConfigured(_) => ErrorCode::CurrencyUnsupported,
            LifecycleError::CurrencyMismatch { .. } => ErrorCode::CurrencyMismatch,
            LifecycleError::Money(inner) => inner.code(),
            LifecycleError::TimeOutOfRange(_)
            | LifecycleError::InvalidConfiguration(_)
            | LifecycleError::UnknownStatus(_)
            | LifecycleError::UnknownOperation(_)
            | LifecycleError::UnknownAmazonState { .. }
            | LifecycleError::IncompleteView(_) => ErrorCode::Internal,
        }
    }

    /// The finer stable code, for logs and tests: `LIFECYCLE_…` for every variant
    /// (`LIFECYCLE_CURRENCY_MISMATCH`, `LIFECYCLE_TIME_OUT_OF_RANGE`, …);
    /// [`LifecycleError::Money`] passes the money error's code through.
    pub fn detail_code(&self) -> &'static str {
        match self {
            LifecycleError::OperationNotAllowed { .. } => "LIFECYCLE_OPERATION_NOT_ALLOWED",
            LifecycleError::AmountBelowMinimum { .. } => "LIFECYCLE_AMOUNT_BELOW_MINIMUM",
            LifecycleError::AmountAboveMaximum { .. } => "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM",
            LifecycleError::RecurringMonthlyCapExceeded { .. } => "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED",
            LifecycleError::CaptureWindowExpired { .. } => "LIFECYCLE_CAPTURE_WINDOW_EXPIRED",
            LifecycleError::RefundWindowExpired { .. } => "LIFECYCLE_REFUND_WINDOW_EXPIRED",
            LifecycleError::TooManyPartialRefunds { .. } => "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS",
            LifecycleError::RefundExceedsCaptured { .. } => "LIFECYCLE_REFUND_EXCEEDS_CAPTURED",
            LifecycleError::AmountChangeAboveCap { .. } => "LIFECYCLE_AMOUNT_CHANGE_ABOVE_CAP",
            LifecycleError::AmountChangeNotEnabled { .. } => "LIFECYCLE_AMOUNT_CHANGE_NOT_ENABLED",
            LifecycleError::PermissionExpired { .. } => "LIFECYCLE_PERMISSION_EXPIRED",
            LifecycleError::AuthorizationCanceled => "LIFECYCLE_AUTHORIZATION_CANCELED",
            LifecycleError::PermissionNotChargeable => "LIFECYCLE_PERMISSION_NOT_CHARGEABLE",
            LifecycleError::CurrencyNotConfigured(_) => "LIFECYCLE_CURRENCY_NOT_CONFIGURED",
            LifecycleError::CurrencyMismatch { .. } => "LIFECYCLE_CURRENCY_MISMATCH",
            LifecycleError::TimeOutOfRange(_) => "LIFECYCLE_TIME_OUT_OF_RANGE",
            LifecycleError::InvalidConfiguration(_) => "LIFECYCLE_CONFIGURATION_INVALID",
            LifecycleError::Money(inner) => inner.code().as_str(),
            LifecycleError::UnknownStatus(_) => "LIFECYCLE_STATUS_UNKNOWN",
            LifecycleError::UnknownOperation(_) => "LIFECYCLE_OPERATION_UNKNOWN",
            LifecycleError::UnknownAmazonState { .. } => "LIFECYCLE_AMAZON_STATE_UNKNOWN",
            LifecycleError::IncompleteView(_) => "LIFECYCLE_VIEW_INCOMPLETE",
        }
    }
}

/// Cuts an unparsed input to at most 32 characters for an error message.
pub(crate) fn truncate(input: &str) -> String {
    input.chars().take(32).collect()
}
