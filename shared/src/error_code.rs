//! The stable error codes of the edge signer's `/v1` protocol, each with its HTTP status.
//!
//! The codes live apart from [`crate::wire`] so that every module of this crate whose errors
//! reach the wire (money, carts, cart tokens, payload builders, the lifecycle) can name its
//! code directly: `code()` of those errors returns an [`ErrorCode`], with no string in between.

use std::fmt;

use serde::Serialize;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal, $status:literal;)+) => {
        /// The stable error codes of the signer. The wire form is the SCREAMING_SNAKE_CASE
        /// string; the HTTP status goes with the code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)+
        }

        impl ErrorCode {
            /// Every code, in declaration order (the README table lists them all).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The wire string.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)+ }
            }

            /// The HTTP status that goes with the code.
            pub fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)+ }
            }

            /// The code for a wire string, if it is one (e.g. a code read back from an error
            /// body).
            pub fn from_wire(s: &str) -> Option<ErrorCode> {
                match s { $($code => Some(ErrorCode::$variant),)+ _ => None }
            }
        }
    };
}

error_codes! {
    /// No such route.
    NotFound => "NOT_FOUND", 404;
    /// The route exists, not with this method.
    MethodNotAllowed => "METHOD_NOT_ALLOWED", 405;
    /// A body that is not `application/json`.
    UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE", 415;
    /// A body above 64 KiB.
    PayloadTooLarge => "PAYLOAD_TOO_LARGE", 413;
    /// A body that is not JSON, or nested too deep.
    MalformedJson => "MALFORMED_JSON", 400;
    /// JSON of the wrong shape: a missing field, an unknown field, a wrong type.
    InvalidRequest => "INVALID_REQUEST", 400;
    /// A field the merchant's configuration decides (store id, URLs, intent, scopes).
    FieldNotAllowed => "FIELD_NOT_ALLOWED", 400;
    /// An amount from the browser while `ALLOW_CLIENT_AMOUNTS` is off.
    ClientAmountsDisabled => "CLIENT_AMOUNTS_DISABLED", 400;
    /// An `Origin` that is not configured (or `null`).
    OriginNotAllowed => "ORIGIN_NOT_ALLOWED", 403;
    /// A merchant route without a valid bearer token.
    Unauthorized => "UNAUTHORIZED", 401;
    /// A merchant console page or action without a valid console session.
    ConsoleSessionRequired => "CONSOLE_SESSION_REQUIRED", 401;
    /// A merchant console form without its session's CSRF token, or from another origin.
    ConsoleFormRefused => "CONSOLE_FORM_REFUSED", 403;
    /// An id (checkout session, charge, refund, buyer token) that is not well-formed.
    InvalidId => "INVALID_ID", 400;
    /// Neither `cart` nor `cartToken`, or both.
    CartSourceInvalid => "CART_SOURCE_INVALID", 400;
    /// A cart with no line.
    CartEmpty => "CART_EMPTY", 400;
    /// A cart with too many lines.
    CartTooManyLines => "CART_TOO_MANY_LINES", 400;
    /// A malformed SKU.
    SkuInvalid => "SKU_INVALID", 400;
    /// A SKU the catalog does not have.
    SkuUnknown => "SKU_UNKNOWN", 400;
    /// A quantity of 0 or above the maximum.
    QuantityInvalid => "QUANTITY_INVALID", 400;
    /// No catalog is configured but a cart was sent.
    CatalogNotConfigured => "CATALOG_NOT_CONFIGURED", 400;
    /// No cart-token secret is configured but a token was sent.
    CartTokenNotConfigured => "CART_TOKEN_NOT_CONFIGURED", 400;
    /// A cart token that is not `v1.<payload>.<mac>`.
    CartTokenMalformed => "CART_TOKEN_MALFORMED", 400;
    /// A cart token whose MAC does not verify.
    CartTokenForged => "CART_TOKEN_FORGED", 400;
    /// A cart token with an invalid payload.
    CartTokenInvalid => "CART_TOKEN_INVALID", 400;
    /// An expired cart token.
    CartTokenExpired => "CART_TOKEN_EXPIRED", 400;
    /// A cart token that lives longer than allowed.
    CartTokenLifetimeTooLong => "CART_TOKEN_LIFETIME_TOO_LONG", 400;
    /// A cart token already used to place another order.
    CartTokenReplayed => "CART_TOKEN_REPLAYED", 409;
    /// A cart token bound (`sid`) to another checkout session.
    CartTokenWrongSession => "CART_TOKEN_WRONG_SESSION", 409;
    /// An amount that is not a plain decimal string.
    AmountMalformed => "AMOUNT_MALFORMED", 400;
    /// More decimals than the currency has (e.g. fractional yen).
    AmountTooManyDecimals => "AMOUNT_TOO_MANY_DECIMALS", 400;
    /// A zero amount.
    AmountZero => "AMOUNT_ZERO", 400;
    /// A negative amount.
    AmountNegative => "AMOUNT_NEGATIVE", 400;
    /// Above Amazon's per-charge maximum or the merchant's limit.
    AmountAboveMaximum => "AMOUNT_ABOVE_MAXIMUM", 400;
    /// An amount too large to compute with.
    AmountOverflow => "AMOUNT_OVERFLOW", 400;
    /// A currency Amazon Pay does not support.
    CurrencyUnsupported => "CURRENCY_UNSUPPORTED", 400;
    /// A currency other than the merchant's ledger currency.
    CurrencyMismatch => "CURRENCY_MISMATCH", 400;
    /// A product type, placement or other option outside its set.
    OptionInvalid => "OPTION_INVALID", 400;
    /// No such object upstream.
    ResourceNotFound => "RESOURCE_NOT_FOUND", 404;
    /// The checkout session still has constraints (e.g. no buyer yet).
    ConstraintsUnmet => "CONSTRAINTS_UNMET", 409;
    /// The object's state does not allow the operation.
    InvalidState => "INVALID_STATE", 409;
    /// Complete was called before place-order fixed the amount.
    OrderNotPlaced => "ORDER_NOT_PLACED", 409;
    /// A one-step or Additional Payment Button checkout was completed after its signed payload
    /// expired.
    PayloadExpired => "PAYLOAD_EXPIRED", 409;
    /// A one-step or Additional Payment Button checkout carries no seal of this signer (a
    /// payload signed elsewhere, or changed).
    PayloadForeign => "PAYLOAD_FOREIGN", 409;
    /// A capture above the authorized amount, or a refund above what is refundable.
    AmountExceedsAllowed => "AMOUNT_EXCEEDS_ALLOWED", 400;
    /// The payment was declined.
    PaymentDeclined => "PAYMENT_DECLINED", 402;
    /// Amazon refused the request as invalid.
    UpstreamRejected => "UPSTREAM_REJECTED", 502;
    /// Amazon kept failing (5xx, 429) after the retries.
    UpstreamUnavailable => "UPSTREAM_UNAVAILABLE", 503;
    /// Amazon did not answer in time.
    UpstreamTimeout => "UPSTREAM_TIMEOUT", 504;
    /// The signer's configuration is incomplete or contradictory; it serves nothing else.
    ConfigInvalid => "CONFIG_INVALID", 500;
    /// Something failed inside the signer (no detail is given out).
    Internal => "INTERNAL", 500;
    /// The transaction's status does not allow the operation (the allowed-operation table).
    LifecycleOperationNotAllowed => "LIFECYCLE_OPERATION_NOT_ALLOWED", 409;
    /// Below the merchant's per-transaction minimum.
    LifecycleAmountBelowMinimum => "LIFECYCLE_AMOUNT_BELOW_MINIMUM", 400;
    /// Above the merchant's per-transaction maximum.
    LifecycleAmountAboveMaximum => "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM", 400;
    /// The charge would take the permission's calendar-month total above the recurring cap.
    LifecycleRecurringMonthlyCapExceeded => "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED", 409;
    /// The authorization is older than the capture window.
    LifecycleCaptureWindowExpired => "LIFECYCLE_CAPTURE_WINDOW_EXPIRED", 409;
    /// The capture is older than the refund window.
    LifecycleRefundWindowExpired => "LIFECYCLE_REFUND_WINDOW_EXPIRED", 409;
    /// The transaction already had the most partial refunds allowed.
    LifecycleTooManyPartialRefunds => "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS", 409;
    /// The refund would take the refunded total above the captured amount.
    LifecycleRefundExceedsCaptured => "LIFECYCLE_REFUND_EXCEEDS_CAPTURED", 400;
    /// The changed amount is above the amount-change cap.
    LifecycleAmountChangeAboveCap => "LIFECYCLE_AMOUNT_CHANGE_ABOVE_CAP", 400;
    /// Amount changes are not enabled for this transaction.
    LifecycleAmountChangeNotEnabled => "LIFECYCLE_AMOUNT_CHANGE_NOT_ENABLED", 409;
    /// The charge permission expired.
    LifecyclePermissionExpired => "LIFECYCLE_PERMISSION_EXPIRED", 409;
    /// The authorization was canceled, not expired unused: it is not authorized again.
    LifecycleAuthorizationCanceled => "LIFECYCLE_AUTHORIZATION_CANCELED", 409;
    /// Amazon does not report the charge permission chargeable.
    LifecyclePermissionNotChargeable => "LIFECYCLE_PERMISSION_NOT_CHARGEABLE", 409;
    /// The ledger (D1) is not bound or failed; nothing was sent to Amazon.
    LedgerUnavailable => "LEDGER_UNAVAILABLE", 503;
    /// The ledger has no such transaction.
    TransactionNotFound => "TRANSACTION_NOT_FOUND", 404;
    /// The merchant reference already names another transaction.
    ReferenceConflict => "REFERENCE_CONFLICT", 409;
    /// The webhook body is not an SNS envelope, or lacks a field, or has an unknown type.
    WebhookMalformed => "WEBHOOK_MALFORMED", 400;
    /// The webhook's signing certificate URL breaks the host rule.
    WebhookCertUrlNotAllowed => "WEBHOOK_CERT_URL_NOT_ALLOWED", 403;
    /// The webhook's signing certificate could not be fetched or read.
    WebhookCertificateInvalid => "WEBHOOK_CERTIFICATE_INVALID", 403;
    /// The webhook's signature version is unsupported or its signature does not verify.
    WebhookSignatureInvalid => "WEBHOOK_SIGNATURE_INVALID", 403;
    /// The notification is not for this merchant, or its message is not an Amazon Pay one.
    WebhookMessageInvalid => "WEBHOOK_MESSAGE_INVALID", 400;
    /// The webhook message's SNS timestamp is older than the accepted age (a replay).
    WebhookStale => "WEBHOOK_STALE", 403;
    /// A subscription confirmation's `SubscribeURL` breaks the host rule.
    WebhookSubscribeUrlNotAllowed => "WEBHOOK_SUBSCRIBE_URL_NOT_ALLOWED", 403;
    /// The webhook message comes from an SNS topic (or AWS account) the signer is not
    /// configured to take messages from.
    WebhookTopicNotAllowed => "WEBHOOK_TOPIC_NOT_ALLOWED", 403;
    /// Too many requests from one client or for one checkout session; `Retry-After` says
    /// when to try again.
    RateLimited => "RATE_LIMITED", 429;
    /// The ledger has no such subscription.
    SubscriptionNotFound => "SUBSCRIPTION_NOT_FOUND", 404;
    /// The subscription's status does not allow the operation (e.g. resuming a canceled one).
    SubscriptionInvalidState => "SUBSCRIPTION_INVALID_STATE", 409;
    /// Usage was reported for a subscription whose plan is a fixed amount.
    SubscriptionNotMetered => "SUBSCRIPTION_NOT_METERED", 409;
    /// A usage id already recorded with another quantity, price or text.
    SubscriptionUsageConflict => "SUBSCRIPTION_USAGE_CONFLICT", 409;
    /// A merchant reference that names a subscription's billing period: only the subscription
    /// charges it, once.
    SubscriptionPeriodReserved => "SUBSCRIPTION_PERIOD_RESERVED", 409;
    /// A next charge date in the past, after the permission's expiry, or not a date.
    SubscriptionDateInvalid => "SUBSCRIPTION_DATE_INVALID", 400;
}

impl fmt::Display for ErrorCode {
    /// The wire string, e.g. `AMOUNT_ZERO`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c:?}");
            assert_eq!(ErrorCode::from_wire(c.as_str()), Some(*c));
            assert_eq!(c.to_string(), c.as_str());
            assert!((400..600).contains(&c.status()));
        }
        assert_eq!(ErrorCode::from_wire("AMOUNT_ZERO"), Some(ErrorCode::AmountZero));
        assert_eq!(ErrorCode::from_wire("amount_zero"), None);
        assert_eq!(
            serde_json::to_string(&ErrorCode::CartTokenReplayed).unwrap(),
            r#""CART_TOKEN_REPLAYED""#
        );
    }
}
