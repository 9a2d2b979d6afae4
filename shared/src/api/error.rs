//! Amazon Pay's error body: `{"reasonCode": "...", "message": "..."}`.

use serde::{Deserialize, Serialize};

use super::open_enum::open_enum;

open_enum! {
    /// `reasonCode` of an API error response.
    pub enum ErrorReasonCode {
        /// 400: a header has an invalid value.
        InvalidHeaderValue => "InvalidHeaderValue",
        /// 400: the request is invalid.
        InvalidRequest => "InvalidRequest",
        /// 400: a parameter has an invalid value.
        InvalidParameterValue => "InvalidParameterValue",
        /// 400: the body is not valid JSON.
        InvalidRequestFormat => "InvalidRequestFormat",
        /// 400: a required header is missing.
        MissingHeader => "MissingHeader",
        /// 400: a header has no value.
        MissingHeaderValue => "MissingHeaderValue",
        /// 400: a required parameter is missing.
        MissingParameterValue => "MissingParameterValue",
        /// 400: the body has a field the operation does not know.
        UnrecognizedField => "UnrecognizedField",
        /// 400: the sandbox simulation string is invalid.
        InvalidSandboxSimulationSpecified => "InvalidSandboxSimulationSpecified",
        /// 400: the idempotency key was used before with a different request.
        DuplicateIdempotencyKey => "DuplicateIdempotencyKey",
        /// 400: parameters that cannot be combined.
        InvalidParameterCombination => "InvalidParameterCombination",
        /// 400: a Charge, Capture or Refund currency differs from the checkout currency.
        CurrencyMismatch => "CurrencyMismatch",
        /// 400: the API version in the path is not supported.
        InvalidApiVersion => "InvalidAPIVersion",
        /// 401: the caller may not do this (e.g. a delegated call).
        UnauthorizedAccess => "UnauthorizedAccess",
        /// 403: the merchant account cannot be used.
        InvalidAccountStatus => "InvalidAccountStatus",
        /// 403: the request signature did not verify.
        InvalidRequestSignature => "InvalidRequestSignature",
        /// 404: no such object.
        ResourceNotFound => "ResourceNotFound",
        /// 405: the operation is not supported.
        UnsupportedOperation => "UnsupportedOperation",
        /// 405: the request is not supported.
        RequestNotSupported => "RequestNotSupported",
        /// 429: rate limited.
        TooManyRequests => "TooManyRequests",
        /// 429: rate limited (older name).
        RequestThrottled => "RequestThrottled",
        /// 500: Amazon's internal error.
        InternalServerError => "InternalServerError",
        /// 500, or a declined Charge: internal processing failure.
        ProcessingFailure => "ProcessingFailure",
        /// 503: temporarily unavailable.
        ServiceUnavailable => "ServiceUnavailable",
        /// Complete Checkout Session on a canceled session.
        CheckoutSessionCanceled => "CheckoutSessionCanceled",
        /// The Checkout Session's state does not allow the operation.
        InvalidCheckoutSessionStatus => "InvalidCheckoutSessionStatus",
        /// The Charge Permission cannot be modified.
        ChargePermissionNotModifiable => "ChargePermissionNotModifiable",
        /// The Charge Permission's state does not allow the operation.
        InvalidChargePermissionStatus => "InvalidChargePermissionStatus",
        /// Charge declined; a retry may succeed.
        SoftDeclined => "SoftDeclined",
        /// Charge declined; a retry will not succeed.
        HardDeclined => "HardDeclined",
        /// Rejected by Amazon.
        AmazonRejected => "AmazonRejected",
        /// Amazon could not decide in time.
        TransactionTimedOut => "TransactionTimedOut",
        /// The amount is above what the Charge Permission allows.
        TransactionAmountExceeded => "TransactionAmountExceeded",
        /// Too many charges on the Charge Permission.
        TransactionCountExceeded => "TransactionCountExceeded",
        /// The payment method is not allowed.
        PaymentMethodNotAllowed => "PaymentMethodNotAllowed",
        /// The buyer did not complete multi-factor authentication.
        MfaNotCompleted => "MFANotCompleted",
        /// The Charge's state does not allow the operation.
        InvalidChargeStatus => "InvalidChargeStatus",
    }
}

impl ErrorReasonCode {
    /// The HTTP status Amazon's error table gives the generic codes. The statuses of 403 and
    /// above come from plugin mappings, not a fully read Amazon page. Object-specific codes
    /// (declines, invalid status, …) and unknown codes give `None`: read the response status.
    pub fn http_status(&self) -> Option<u16> {
        use ErrorReasonCode::*;
        Some(match self {
            InvalidHeaderValue
            | InvalidRequest
            | InvalidParameterValue
            | InvalidRequestFormat
            | MissingHeader
            | MissingHeaderValue
            | MissingParameterValue
            | UnrecognizedField
            | InvalidSandboxSimulationSpecified
            | DuplicateIdempotencyKey
            | InvalidParameterCombination
            | CurrencyMismatch
            | InvalidApiVersion => 400,
            UnauthorizedAccess => 401,
            InvalidAccountStatus | InvalidRequestSignature => 403,
            ResourceNotFound => 404,
            UnsupportedOperation | RequestNotSupported => 405,
            TooManyRequests | RequestThrottled => 429,
            InternalServerError => 500,
            ServiceUnavailable => 503,
            _ => return None,
        })
    }
}

/// The body of an API error.
///
/// Unknown fields are ignored; a missing `message` reads as empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    /// The machine-readable code.
    pub reason_code: ErrorReasonCode,
    /// Amazon's human-readable message.
    #[serde(default)]
    pub message: String,
}

impl ErrorResponse {
    /// An error body.
    pub fn new(reason_code: ErrorReasonCode, message: impl Into<String>) -> ErrorResponse {
        ErrorResponse {
            reason_code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_error_body() {
        let e: ErrorResponse = serde_json::from_str(
            r#"{"reasonCode":"InvalidParameterValue","message":"The value provided for chargeAmount is invalid."}"#,
        )
        .unwrap();
        assert_eq!(e.reason_code, ErrorReasonCode::InvalidParameterValue);
        assert_eq!(e.reason_code.http_status(), Some(400));
        assert!(e.message.contains("chargeAmount"));
    }

    #[test]
    fn every_listed_code_is_known() {
        for code in [
            "InvalidHeaderValue",
            "InvalidRequest",
            "InvalidParameterValue",
            "InvalidRequestFormat",
            "MissingHeader",
            "MissingHeaderValue",
            "MissingParameterValue",
            "UnrecognizedField",
            "InvalidSandboxSimulationSpecified",
            "DuplicateIdempotencyKey",
            "InvalidParameterCombination",
            "CurrencyMismatch",
            "InvalidAPIVersion",
            "UnauthorizedAccess",
            "InvalidAccountStatus",
            "InvalidRequestSignature",
            "ResourceNotFound",
            "UnsupportedOperation",
            "RequestNotSupported",
            "TooManyRequests",
            "RequestThrottled",
            "InternalServerError",
            "ProcessingFailure",
            "ServiceUnavailable",
            "CheckoutSessionCanceled",
            "InvalidCheckoutSessionStatus",
            "ChargePermissionNotModifiable",
            "InvalidChargePermissionStatus",
            "SoftDeclined",
            "HardDeclined",
            "AmazonRejected",
            "TransactionTimedOut",
            "TransactionAmountExceeded",
            "TransactionCountExceeded",
            "PaymentMethodNotAllowed",
            "MFANotCompleted",
            "InvalidChargeStatus",
        ] {
            let parsed = ErrorReasonCode::from(code);
            assert!(parsed.is_known(), "{code}");
            assert_eq!(parsed.as_str(), code);
        }
        assert_eq!(ErrorReasonCode::KNOWN_VALUES.len(), 37);
    }

    #[test]
    fn statuses() {
        assert_eq!(ErrorReasonCode::InvalidRequestSignature.http_status(), Some(403));
        assert_eq!(ErrorReasonCode::ResourceNotFound.http_status(), Some(404));
        assert_eq!(ErrorReasonCode::TooManyRequests.http_status(), Some(429));
        assert_eq!(ErrorReasonCode::ServiceUnavailable.http_status(), Some(503));
        assert_eq!(ErrorReasonCode::InvalidApiVersion.http_status(), Some(400));
        assert_eq!(ErrorReasonCode::SoftDeclined.http_status(), None);
        assert_eq!(ErrorReasonCode::from("Teapot").http_status(), None);
    }

    #[test]
    fn unknown_code_is_kept_and_message_defaults() {
        let json = r#"{"reasonCode":"BrandNewError","message":"x"}"#;
        let e: ErrorResponse = serde_json::from_str(json).unwrap();
        assert_eq!(e.reason_code, ErrorReasonCode::Unknown("BrandNewError".into()));
        assert_eq!(serde_json::to_string(&e).unwrap(), json);
        let e: ErrorResponse =
            serde_json::from_str(r#"{"reasonCode":"TooManyRequests","requestId":"r"}"#).unwrap();
        assert_eq!(e, ErrorResponse::new(ErrorReasonCode::TooManyRequests, ""));
    }
}
