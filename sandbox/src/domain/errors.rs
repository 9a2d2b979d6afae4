//! The error answers of the object rules, in Amazon's vocabulary.
//!
//! Amazon's error table gives 400 for the generic codes; the object-state codes
//! (`InvalidCheckoutSessionStatus`, `InvalidChargeStatus`, `InvalidChargePermissionStatus`) and
//! synchronous declines are answered with 422 here, as Amazon's operation pages list them.
//! `CheckoutSessionCanceled` is 400.

use crate::error::ApiError;

/// 400 `MissingParameterValue`: a field the operation or flow requires is absent.
pub fn missing_parameter(field: &str) -> ApiError {
    ApiError::new(
        400,
        "MissingParameterValue",
        format!("The required parameter {field} is missing."),
    )
}

/// 400 `InvalidParameterValue` naming the field.
pub fn invalid_value(field: &str, why: impl std::fmt::Display) -> ApiError {
    ApiError::invalid_parameter(format!("The value provided for {field} is invalid: {why}"))
}

/// 400 `InvalidParameterCombination`.
pub fn combination(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "InvalidParameterCombination", message)
}

/// 400 `InvalidSandboxSimulationSpecified` (Amazon's error table): a simulation that this
/// operation or these request values cannot run: an unknown or misplaced
/// `x-amz-pay-simulation-code`, or a pending-authorisation card (0701, 4354) without
/// `paymentIntent: Authorize` and `canHandlePendingAuthorization: true`.
pub fn invalid_simulation(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "InvalidSandboxSimulationSpecified", message)
}

/// [`invalid_simulation`] for a pending-authorisation card used without a pending
/// authorisation.
pub fn simulation_needs_pending() -> ApiError {
    invalid_simulation(
        "This simulated payment method needs paymentIntent Authorize and canHandlePendingAuthorization true.",
    )
}

/// 400 `CurrencyMismatch`.
pub fn currency_mismatch(field: &str, given: &str, expected: &str) -> ApiError {
    ApiError::new(
        400,
        "CurrencyMismatch",
        format!("The currency {given} of {field} does not match the expected currency {expected}."),
    )
}

/// 400 `TransactionAmountExceeded`.
pub fn amount_exceeded(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "TransactionAmountExceeded", message)
}

/// 400 `TransactionCountExceeded`.
pub fn count_exceeded(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "TransactionCountExceeded", message)
}

/// 422 `InvalidCheckoutSessionStatus`.
pub fn session_status(message: impl Into<String>) -> ApiError {
    ApiError::new(422, "InvalidCheckoutSessionStatus", message)
}

/// 400 `CheckoutSessionCanceled`.
pub fn session_canceled(id: &str) -> ApiError {
    ApiError::new(
        400,
        "CheckoutSessionCanceled",
        format!("Checkout session {id} is canceled and can no longer be used."),
    )
}

/// 422 `InvalidChargeStatus`.
pub fn charge_status(message: impl Into<String>) -> ApiError {
    ApiError::new(422, "InvalidChargeStatus", message)
}

/// 422 `InvalidChargePermissionStatus`.
pub fn permission_status(message: impl Into<String>) -> ApiError {
    ApiError::new(422, "InvalidChargePermissionStatus", message)
}

/// 422 with a decline reason code (`SoftDeclined`, `HardDeclined`, `TransactionTimedOut`).
pub fn declined(reason: &str, charge_id: &str) -> ApiError {
    ApiError::new(
        422,
        reason,
        format!("The authorization was declined ({reason}); charge {charge_id} is Declined."),
    )
}

/// 422 with a capture's decline reason (`SoftDeclined`, `HardDeclined`, `AmazonRejected`,
/// `ProcessingFailure`), as a declined authorisation is answered.
pub fn capture_declined(reason: &str, charge_id: &str) -> ApiError {
    ApiError::new(
        422,
        reason,
        format!("The capture was declined ({reason}); charge {charge_id} is Declined."),
    )
}

/// 404 `ResourceNotFound`.
pub fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::not_found(what, id)
}

/// 500 `InternalServerError` for an inconsistency that should not happen.
pub fn internal(message: impl Into<String>) -> ApiError {
    ApiError::new(500, "InternalServerError", message)
}
