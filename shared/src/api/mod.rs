//! Serde types for the Amazon Pay API objects this project uses.
//!
//! * Objects Amazon returns ([`CheckoutSession`], [`ChargePermission`], [`Charge`], [`Refund`],
//!   [`BuyerProfile`], [`ErrorResponse`]) are **lenient**: unknown fields are ignored, `null`
//!   reads as absent, and every state, reason code and other string enum is an open enum
//!   ([`OpenEnum`]) whose `Unknown(String)` variant keeps a value Amazon adds later and writes
//!   it back unchanged.
//! * Bodies a client sends ([`CreateCheckoutSessionRequest`] and the other `…Request` types,
//!   plus [`SignInPayload`]) are **strict**: unknown fields at any depth and JSON numbers as
//!   amounts are deserialization errors, and [`ValidateRequest::validate`] (also an inherent
//!   `validate()`) checks the documented lengths, prices and known values, returning an
//!   [`ApiFieldError`] with a stable code and the field's JSON path.
//!
//! Serde's `deny_unknown_fields` cannot be switched per use, so the nested objects of request
//! bodies have strict twins named `…Input` (e.g. [`MerchantMetadataInput`] for
//! [`MerchantMetadata`]); each converts into its lenient type with `From`.
//!
//! Amounts are always [`Price`](crate::money::Price) (decimal strings); timestamps are kept as
//! Amazon's `YYYYMMDDTHHMMSSZ` strings (see [`crate::time`]).
//!
//! ```
//! use amazon_pay_shared::api::{Charge, ChargeState, ReasonCode};
//!
//! let charge: Charge = serde_json::from_str(
//!     r#"{"chargeId":"S01-1-1-C1","chargePermissionId":"S01-1-1",
//!         "statusDetails":{"state":"Declined","reasonCode":"SoftDeclined"},"newField":1}"#,
//! ).unwrap();
//! assert_eq!(*charge.state(), ChargeState::Declined);
//! assert_eq!(charge.status_details.reason_code, Some(ReasonCode::SoftDeclined));
//!
//! // A state this crate does not know yet is kept, not refused.
//! let later: Charge = serde_json::from_str(
//!     r#"{"chargeId":"c","chargePermissionId":"p","statusDetails":{"state":"OnHold"}}"#,
//! ).unwrap();
//! assert!(!later.state().is_known());
//! assert_eq!(later.state().as_str(), "OnHold");
//! ```

mod address_rules;
mod buyer;
mod charge;
mod charge_permission;
mod checkout_session;
mod codes;
mod common;
mod error;
mod field_error;
mod input;
mod open_enum;
mod refund;
mod requests;

pub use buyer::BuyerProfile;
pub use charge::Charge;
pub use charge_permission::ChargePermission;
pub use checkout_session::CheckoutSession;
pub use codes::{
    AddressRestrictionType, ChargePermissionState, ChargePermissionType, ChargeState, CheckoutMode,
    CheckoutSessionState, ConstraintId, FrequencyUnit, PaymentIntent, ProductType, ReasonCode, RefundState,
    ReleaseEnvironment, Scope, SpecialRestriction,
};
pub use common::{
    Address, AddressRestrictions, Buyer, ChargePermissionStatusDetails, Constraint, DeliverySpecifications,
    Frequency, Limits, MerchantMetadata, NumberText, PaymentDetails, PaymentMethodOnFileMetadata,
    PaymentPreference, ProviderMetadata, RecurringMetadata, RegionRestriction, StatusDetails, StatusReason,
    WebCheckoutDetails,
};
pub use error::{ErrorReasonCode, ErrorResponse};
pub use field_error::{limits, ApiFieldError};
pub use input::{
    AddressDetails, AddressRestrictionsInput, DeliverySpecificationsInput, FrequencyInput,
    MerchantMetadataInput, PaymentDetailsInput, PaymentMethodOnFileMetadataInput, ProviderMetadataInput,
    RecurringMetadataInput, RegionRestrictionInput, WebCheckoutDetailsInput,
};
pub use open_enum::OpenEnum;
pub use refund::Refund;
pub use requests::{
    CancelChargeRequest, CaptureChargeRequest, CloseChargePermissionRequest, CompleteCheckoutSessionRequest,
    CreateChargeRequest, CreateCheckoutSessionRequest, CreateRefundRequest, SignInPayload,
    UpdateChargePermissionRequest, UpdateCheckoutSessionRequest, ValidateRequest,
};

/// `statusDetails` of a [`CheckoutSession`].
pub type CheckoutSessionStatus = StatusDetails<CheckoutSessionState>;
/// `statusDetails` of a [`ChargePermission`].
pub type ChargePermissionStatus = ChargePermissionStatusDetails<ChargePermissionState>;
/// `statusDetails` of a [`Charge`].
pub type ChargeStatus = StatusDetails<ChargeState>;
/// `statusDetails` of a [`Refund`].
pub type RefundStatus = StatusDetails<RefundState>;
