//! Request bodies a client sends, validated strictly.
//!
//! Every type refuses unknown fields (at every depth) and JSON numbers as amounts when
//! deserialized. `validate()` then checks what serde cannot: documented lengths, prices
//! (through [`Price::to_money`]), known enum values and non-empty ids, and reports the first
//! problem in field order as an [`ApiFieldError`]. Business rules that depend on state (for
//! example which fields a flow requires, or amount maxima) are left to the server.

use serde::{Deserialize, Serialize};

use super::codes::{ChargePermissionType, Scope};
use super::field_error::{
    check_known, check_known_list, check_len, check_price, check_required, check_url, limits, ApiFieldError,
};
use super::input::{
    AddressDetails, DeliverySpecificationsInput, MerchantMetadataInput, PaymentDetailsInput,
    PaymentMethodOnFileMetadataInput, ProviderMetadataInput, RecurringMetadataInput, WebCheckoutDetailsInput,
};
use crate::money::Price;

/// Validation shared by every request body, for code that handles them generically.
pub trait ValidateRequest {
    /// Checks lengths, prices and known values; see the module docs.
    fn validate(&self) -> Result<(), ApiFieldError>;
}

macro_rules! validate_request {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl ValidateRequest for $ty {
                fn validate(&self) -> Result<(), ApiFieldError> {
                    <$ty>::validate(self)
                }
            }
        )+
    };
}

validate_request!(
    CreateCheckoutSessionRequest,
    UpdateCheckoutSessionRequest,
    CompleteCheckoutSessionRequest,
    CreateChargeRequest,
    CaptureChargeRequest,
    CancelChargeRequest,
    CreateRefundRequest,
    UpdateChargePermissionRequest,
    CloseChargePermissionRequest,
    SignInPayload,
);

/// `POST /v2/checkoutSessions`, and the button's `payloadJSON`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCheckoutSessionRequest {
    /// The Login with Amazon client id (`amzn1.application-oa2-client.…`); always required.
    pub store_id: String,
    /// Return URLs and mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_checkout_details: Option<WebCheckoutDetailsInput>,
    /// Buyer data to request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    /// OneTime (default), Recurring or PaymentMethodOnFile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_permission_type: Option<ChargePermissionType>,
    /// Schedule of a recurring session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_metadata: Option<RecurringMetadataInput>,
    /// Saved-wallet settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_on_file_metadata: Option<PaymentMethodOnFileMetadataInput>,
    /// Payment intent and amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<PaymentDetailsInput>,
    /// The merchant's order data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadataInput>,
    /// The address typed on the merchant's site (ProcessOrder with PayAndShip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_details: Option<AddressDetails>,
    /// Shipping restrictions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_specifications: Option<DeliverySpecificationsInput>,
    /// Solution provider id (solution providers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<String>,
    /// Payment service provider data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<ProviderMetadataInput>,
    /// An existing saved-wallet permission to update (hosted update page flow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_permission_id: Option<String>,
}

impl CreateCheckoutSessionRequest {
    /// Checks lengths, prices and known values; see the module docs.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_required("", "storeId", &self.store_id)?;
        if let Some(w) = &self.web_checkout_details {
            w.validate_at("webCheckoutDetails")?;
        }
        check_known_list("", "scopes", self.scopes.as_deref())?;
        check_known("", "chargePermissionType", self.charge_permission_type.as_ref())?;
        if let Some(r) = &self.recurring_metadata {
            r.validate_at("recurringMetadata")?;
        }
        if let Some(p) = &self.payment_details {
            p.validate_at("paymentDetails")?;
        }
        if let Some(a) = &self.address_details {
            a.validate_at("addressDetails")?;
        }
        if let Some(m) = &self.merchant_metadata {
            m.validate_at("merchantMetadata")?;
        }
        if let Some(d) = &self.delivery_specifications {
            d.validate_at("deliverySpecifications")?;
        }
        Ok(())
    }
}

/// `PATCH /v2/checkoutSessions/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCheckoutSessionRequest {
    /// Usually sets `checkoutResultReturnUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_checkout_details: Option<WebCheckoutDetailsInput>,
    /// Schedule of a recurring session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_metadata: Option<RecurringMetadataInput>,
    /// Payment intent and amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<PaymentDetailsInput>,
    /// The merchant's order data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadataInput>,
    /// Solution provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<String>,
    /// Payment service provider data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<ProviderMetadataInput>,
}

impl UpdateCheckoutSessionRequest {
    /// Checks lengths, prices and known values; see the module docs.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        if let Some(w) = &self.web_checkout_details {
            w.validate_at("webCheckoutDetails")?;
        }
        if let Some(r) = &self.recurring_metadata {
            r.validate_at("recurringMetadata")?;
        }
        if let Some(p) = &self.payment_details {
            p.validate_at("paymentDetails")?;
        }
        if let Some(m) = &self.merchant_metadata {
            m.validate_at("merchantMetadata")?;
        }
        Ok(())
    }
}

/// `POST /v2/checkoutSessions/{id}/complete`. `chargeAmount` must equal the session's
/// `paymentDetails.chargeAmount`; a payment-method-on-file setup sends none.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompleteCheckoutSessionRequest {
    /// The amount being confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_amount: Option<Price>,
    /// The whole order, for split shipments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_order_amount: Option<Price>,
}

impl CompleteCheckoutSessionRequest {
    /// Checks the prices; see the module docs.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_price("", "chargeAmount", self.charge_amount.as_ref())?;
        check_price("", "totalOrderAmount", self.total_order_amount.as_ref())
    }
}

/// `POST /v2/charges` (needs an idempotency key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateChargeRequest {
    /// The Charge Permission to charge.
    pub charge_permission_id: String,
    /// The amount to authorise.
    pub charge_amount: Price,
    /// Capture together with the authorisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_now: Option<bool>,
    /// Statement text after `AMZ* ` (≤ 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    /// Whether the authorisation may be asynchronous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_handle_pending_authorization: Option<bool>,
    /// The merchant's order data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadataInput>,
    /// Payment service provider data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<ProviderMetadataInput>,
}

impl CreateChargeRequest {
    /// Checks lengths, the price and the id; see the module docs.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_required("", "chargePermissionId", &self.charge_permission_id)?;
        check_price("", "chargeAmount", Some(&self.charge_amount))?;
        check_len(
            "",
            "softDescriptor",
            self.soft_descriptor.as_deref(),
            limits::SOFT_DESCRIPTOR,
        )?;
        if let Some(m) = &self.merchant_metadata {
            m.validate_at("merchantMetadata")?;
        }
        Ok(())
    }
}

/// `POST /v2/charges/{id}/capture`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaptureChargeRequest {
    /// The amount to capture.
    pub capture_amount: Price,
    /// Statement text after `AMZ* ` (≤ 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
}

impl CaptureChargeRequest {
    /// Checks the price and the soft descriptor.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_price("", "captureAmount", Some(&self.capture_amount))?;
        check_len(
            "",
            "softDescriptor",
            self.soft_descriptor.as_deref(),
            limits::SOFT_DESCRIPTOR,
        )
    }
}

/// `DELETE /v2/charges/{id}/cancel` (with a body).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelChargeRequest {
    /// Why the merchant cancels (≤ 255).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<String>,
}

impl CancelChargeRequest {
    /// Checks the reason's length.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_len(
            "",
            "cancellationReason",
            self.cancellation_reason.as_deref(),
            limits::CANCELLATION_REASON,
        )
    }
}

/// `POST /v2/refunds` (needs an idempotency key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRefundRequest {
    /// The captured Charge to refund.
    pub charge_id: String,
    /// The amount to refund.
    pub refund_amount: Price,
    /// Statement text after `AMZ* ` (≤ 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
}

impl CreateRefundRequest {
    /// Checks the id, the price and the soft descriptor.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_required("", "chargeId", &self.charge_id)?;
        check_price("", "refundAmount", Some(&self.refund_amount))?;
        check_len(
            "",
            "softDescriptor",
            self.soft_descriptor.as_deref(),
            limits::SOFT_DESCRIPTOR,
        )
    }
}

/// `PATCH /v2/chargePermissions/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateChargePermissionRequest {
    /// The merchant's order data (e.g. the real order number after checkout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadataInput>,
    /// Schedule of a recurring permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_metadata: Option<RecurringMetadataInput>,
}

impl UpdateChargePermissionRequest {
    /// Checks lengths, prices and known values.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        if let Some(m) = &self.merchant_metadata {
            m.validate_at("merchantMetadata")?;
        }
        if let Some(r) = &self.recurring_metadata {
            r.validate_at("recurringMetadata")?;
        }
        Ok(())
    }
}

/// `DELETE /v2/chargePermissions/{id}/close` (with a body).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseChargePermissionRequest {
    /// Why the merchant closes (≤ 255).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<String>,
    /// Also cancel charges that are still pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_pending_charges: Option<bool>,
}

impl CloseChargePermissionRequest {
    /// Checks the reason's length.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_len(
            "",
            "closureReason",
            self.closure_reason.as_deref(),
            limits::CLOSURE_REASON,
        )
    }
}

/// The signed payload of an Amazon Sign-in button (`productType: 'SignIn'`).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInPayload {
    /// Where Amazon sends the buyer with a `buyerToken` (≤ 512).
    pub sign_in_return_url: String,
    /// Where Amazon sends a buyer who cancels (≤ 512).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_cancel_url: Option<String>,
    /// The Login with Amazon client id.
    pub store_id: String,
    /// Buyer data to request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_scopes: Option<Vec<Scope>>,
}

impl SignInPayload {
    /// Checks the URLs, the store id and the scopes.
    pub fn validate(&self) -> Result<(), ApiFieldError> {
        check_required("", "signInReturnUrl", &self.sign_in_return_url)?;
        check_url("", "signInReturnUrl", Some(&self.sign_in_return_url))?;
        check_url("", "signInCancelUrl", self.sign_in_cancel_url.as_deref())?;
        check_required("", "storeId", &self.store_id)?;
        check_known_list("", "signInScopes", self.sign_in_scopes.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::{CheckoutMode, PaymentIntent};

    /// Whether a body is refused by the deserializer of some request type.
    type Refused = fn(&str) -> bool;

    const STORE: &str = "amzn1.application-oa2-client.0123456789abcdef";

    fn x(n: usize) -> String {
        "x".repeat(n)
    }

    fn price(amount: &str, currency: &str) -> Price {
        Price {
            amount: amount.into(),
            currency_code: currency.into(),
        }
    }

    fn create() -> CreateCheckoutSessionRequest {
        CreateCheckoutSessionRequest {
            store_id: STORE.into(),
            ..Default::default()
        }
    }

    /// Asserts that `ok` validates and `bad` fails with FIELD_TOO_LONG at `field`.
    fn edge<T: ValidateRequest>(ok: T, bad: T, field: &str, max: usize) {
        assert_eq!(ok.validate(), Ok(()), "{field} at {max}");
        let e = bad.validate().unwrap_err();
        assert_eq!(e.code(), "FIELD_TOO_LONG", "{field}");
        assert_eq!(e.field(), field);
        assert_eq!(
            e,
            ApiFieldError::TooLong {
                field: field.into(),
                max,
                actual: max + 1
            }
        );
    }

    const APB_PAYLOAD: &str = r#"{
        "storeId": "amzn1.application-oa2-client.0123456789abcdef",
        "webCheckoutDetails": {
            "checkoutResultReturnUrl": "https://shop.example/amazon/result",
            "checkoutCancelUrl": "https://shop.example/cart",
            "checkoutMode": "ProcessOrder"
        },
        "scopes": ["name", "email", "phoneNumber", "billingAddress"],
        "chargePermissionType": "Recurring",
        "recurringMetadata": {"frequency": {"unit": "Month", "value": "1"},
                              "amount": {"amount": "9.99", "currencyCode": "EUR"}},
        "paymentDetails": {
            "paymentIntent": "Authorize",
            "canHandlePendingAuthorization": false,
            "chargeAmount": {"amount": "9.99", "currencyCode": "EUR"},
            "presentmentCurrency": "EUR",
            "extendExpiration": true
        },
        "merchantMetadata": {"merchantReferenceId": "ORDER-1", "merchantStoreName": "Beispiel",
                             "noteToBuyer": "Danke", "customInformation": "c"},
        "addressDetails": {"name": "Erika Mustermann", "addressLine1": "Heidestraße 17",
                           "city": "Köln", "postalCode": "51147", "countryCode": "DE",
                           "phoneNumber": "0"},
        "deliverySpecifications": {"specialRestrictions": ["RestrictPackstations"],
            "addressRestrictions": {"type": "Allowed", "restrictions": {"DE": {}}}},
        "platformId": "A1PLATFORM",
        "providerMetadata": {"providerReferenceId": "psp-1"}
    }"#;

    #[test]
    fn full_create_payload_parses_and_validates() {
        let r: CreateCheckoutSessionRequest = serde_json::from_str(APB_PAYLOAD).unwrap();
        assert_eq!(r.store_id, STORE);
        assert_eq!(r.validate(), Ok(()));
        let w = r.web_checkout_details.as_ref().unwrap();
        assert_eq!(w.checkout_mode, Some(CheckoutMode::ProcessOrder));
        assert_eq!(
            r.payment_details.as_ref().unwrap().payment_intent,
            Some(PaymentIntent::Authorize)
        );
        assert_eq!(r.scopes.as_ref().unwrap().len(), 4);
        assert_eq!(r.address_details.as_ref().unwrap().city.as_deref(), Some("Köln"));
        // Round trip is lossless and omits nothing that was set.
        let again: CreateCheckoutSessionRequest =
            serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn create_requires_store_id() {
        assert!(serde_json::from_str::<CreateCheckoutSessionRequest>(r#"{"scopes":["name"]}"#).is_err());
        let r: CreateCheckoutSessionRequest = serde_json::from_str(r#"{"storeId":""}"#).unwrap();
        let e = r.validate().unwrap_err();
        assert_eq!((e.code(), e.field()), ("FIELD_EMPTY", "storeId"));
    }

    #[test]
    fn unknown_fields_are_refused_at_every_depth() {
        let cases = [
            r#"{"storeId":"s","webCheckoutDetails":{},"checkoutLanguage":"en_US"}"#,
            r#"{"storeId":"s","webCheckoutDetails":{"checkoutReviewReturnURL":"https://a"}}"#,
            r#"{"storeId":"s","paymentDetails":{"chargeAmount":{"amount":"1","currencyCode":"USD","cents":100}}}"#,
            r#"{"storeId":"s","merchantMetadata":{"orderId":"1"}}"#,
            r#"{"storeId":"s","recurringMetadata":{"frequency":{"unit":"Day","value":"1","x":0}}}"#,
            r#"{"storeId":"s","addressDetails":{"county":"c"}}"#,
            r#"{"storeId":"s","paymentMethodOnFileMetadata":{"setupOnly":true,"x":1}}"#,
            r#"{"storeId":"s","providerMetadata":{"providerReferenceId":"p","y":1}}"#,
        ];
        for json in cases {
            let e = serde_json::from_str::<CreateCheckoutSessionRequest>(json).unwrap_err();
            assert!(e.to_string().contains("unknown field"), "{json}: {e}");
        }
        let others: [(&str, Refused); 9] = [
            (r#"{"paymentDetails":{},"buyer":{}}"#, |j| {
                serde_json::from_str::<UpdateCheckoutSessionRequest>(j).is_err()
            }),
            (
                r#"{"chargeAmount":{"amount":"1","currencyCode":"USD"},"x":1}"#,
                |j| serde_json::from_str::<CompleteCheckoutSessionRequest>(j).is_err(),
            ),
            (
                r#"{"chargePermissionId":"p","chargeAmount":{"amount":"1","currencyCode":"USD"},"chargeInitiator":"CITU"}"#,
                |j| serde_json::from_str::<CreateChargeRequest>(j).is_err(),
            ),
            (
                r#"{"captureAmount":{"amount":"1","currencyCode":"USD"},"note":"n"}"#,
                |j| serde_json::from_str::<CaptureChargeRequest>(j).is_err(),
            ),
            (r#"{"cancellationReason":"r","reason":"r"}"#, |j| {
                serde_json::from_str::<CancelChargeRequest>(j).is_err()
            }),
            (
                r#"{"chargeId":"c","refundAmount":{"amount":"1","currencyCode":"USD"},"reason":"r"}"#,
                |j| serde_json::from_str::<CreateRefundRequest>(j).is_err(),
            ),
            (r#"{"merchantMetadata":{},"limits":{}}"#, |j| {
                serde_json::from_str::<UpdateChargePermissionRequest>(j).is_err()
            }),
            (r#"{"closureReason":"r","cancelPendingCharge":true}"#, |j| {
                serde_json::from_str::<CloseChargePermissionRequest>(j).is_err()
            }),
            (
                r#"{"signInReturnUrl":"https://a","storeId":"s","scopes":["name"]}"#,
                |j| serde_json::from_str::<SignInPayload>(j).is_err(),
            ),
        ];
        for (json, refused) in others {
            assert!(refused(json), "{json}");
        }
    }

    #[test]
    fn json_numbers_are_refused_as_amounts() {
        let cases: [(&str, Refused); 6] = [
            (
                r#"{"storeId":"s","paymentDetails":{"chargeAmount":{"amount":12.5,"currencyCode":"USD"}}}"#,
                |j| serde_json::from_str::<CreateCheckoutSessionRequest>(j).is_err(),
            ),
            (
                r#"{"storeId":"s","recurringMetadata":{"amount":{"amount":10,"currencyCode":"USD"}}}"#,
                |j| serde_json::from_str::<CreateCheckoutSessionRequest>(j).is_err(),
            ),
            (r#"{"chargeAmount":{"amount":1200,"currencyCode":"JPY"}}"#, |j| {
                serde_json::from_str::<CompleteCheckoutSessionRequest>(j).is_err()
            }),
            (
                r#"{"chargePermissionId":"p","chargeAmount":{"amount":1,"currencyCode":"USD"}}"#,
                |j| serde_json::from_str::<CreateChargeRequest>(j).is_err(),
            ),
            (r#"{"captureAmount":{"amount":1.0,"currencyCode":"USD"}}"#, |j| {
                serde_json::from_str::<CaptureChargeRequest>(j).is_err()
            }),
            (
                r#"{"chargeId":"c","refundAmount":{"amount":5,"currencyCode":"USD"}}"#,
                |j| serde_json::from_str::<CreateRefundRequest>(j).is_err(),
            ),
        ];
        for (json, refused) in cases {
            assert!(refused(json), "{json}");
        }
        // The same bodies with string amounts are fine.
        let c: CreateChargeRequest = serde_json::from_str(
            r#"{"chargePermissionId":"p","chargeAmount":{"amount":"1","currencyCode":"USD"}}"#,
        )
        .unwrap();
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn frequency_value_accepts_string_or_integer() {
        for value in [r#""1""#, "1"] {
            let json = format!(
                r#"{{"storeId":"s","recurringMetadata":{{"frequency":{{"unit":"Month","value":{value}}}}}}}"#
            );
            let r: CreateCheckoutSessionRequest = serde_json::from_str(&json).unwrap();
            assert_eq!(r.validate(), Ok(()));
            let v = r.recurring_metadata.unwrap().frequency.unwrap().value.unwrap();
            assert_eq!(v.as_u32(), Some(1));
        }
    }

    #[test]
    fn merchant_metadata_limits() {
        type Set = fn(&mut MerchantMetadataInput, String);
        let cases: [(&str, usize, Set); 4] = [
            ("merchantReferenceId", 256, |m, s| {
                m.merchant_reference_id = Some(s)
            }),
            ("merchantStoreName", 50, |m, s| m.merchant_store_name = Some(s)),
            ("noteToBuyer", 255, |m, s| m.note_to_buyer = Some(s)),
            ("customInformation", 4096, |m, s| m.custom_information = Some(s)),
        ];
        for (name, max, set) in cases {
            let build = |n: usize| {
                let mut m = MerchantMetadataInput::default();
                set(&mut m, x(n));
                m
            };
            let with = |m: MerchantMetadataInput| CreateCheckoutSessionRequest {
                merchant_metadata: Some(m),
                ..create()
            };
            edge(
                with(build(max)),
                with(build(max + 1)),
                &format!("merchantMetadata.{name}"),
                max,
            );
            let update = |m| UpdateCheckoutSessionRequest {
                merchant_metadata: Some(m),
                ..Default::default()
            };
            edge(
                update(build(max)),
                update(build(max + 1)),
                &format!("merchantMetadata.{name}"),
                max,
            );
            let permission = |m| UpdateChargePermissionRequest {
                merchant_metadata: Some(m),
                ..Default::default()
            };
            edge(
                permission(build(max)),
                permission(build(max + 1)),
                &format!("merchantMetadata.{name}"),
                max,
            );
            let create_charge = |m| CreateChargeRequest {
                merchant_metadata: Some(m),
                ..charge(None)
            };
            edge(
                create_charge(build(max)),
                create_charge(build(max + 1)),
                &format!("merchantMetadata.{name}"),
                max,
            );
        }
    }

    #[test]
    fn limits_count_characters() {
        let m = |s: String| CreateCheckoutSessionRequest {
            merchant_metadata: Some(MerchantMetadataInput {
                merchant_store_name: Some(s),
                ..Default::default()
            }),
            ..create()
        };
        // 50 three-byte characters are 150 bytes but within the 50-character limit.
        assert_eq!(m("店".repeat(50)).validate(), Ok(()));
        assert_eq!(
            m("店".repeat(51)).validate().unwrap_err().code(),
            "FIELD_TOO_LONG"
        );
    }

    fn charge(soft_descriptor: Option<String>) -> CreateChargeRequest {
        CreateChargeRequest {
            charge_permission_id: "S01-1".into(),
            charge_amount: price("10.00", "USD"),
            capture_now: Some(true),
            soft_descriptor,
            can_handle_pending_authorization: None,
            merchant_metadata: None,
            provider_metadata: None,
        }
    }

    #[test]
    fn soft_descriptor_limits() {
        let payment = |n: usize| CreateCheckoutSessionRequest {
            payment_details: Some(PaymentDetailsInput {
                soft_descriptor: Some(x(n)),
                ..Default::default()
            }),
            ..create()
        };
        edge(payment(16), payment(17), "paymentDetails.softDescriptor", 16);
        let update = |n: usize| UpdateCheckoutSessionRequest {
            payment_details: Some(PaymentDetailsInput {
                soft_descriptor: Some(x(n)),
                ..Default::default()
            }),
            ..Default::default()
        };
        edge(update(16), update(17), "paymentDetails.softDescriptor", 16);
        edge(charge(Some(x(16))), charge(Some(x(17))), "softDescriptor", 16);
        let capture = |n: usize| CaptureChargeRequest {
            capture_amount: price("1", "USD"),
            soft_descriptor: Some(x(n)),
        };
        edge(capture(16), capture(17), "softDescriptor", 16);
        let refund = |n: usize| CreateRefundRequest {
            charge_id: "c".into(),
            refund_amount: price("1", "USD"),
            soft_descriptor: Some(x(n)),
        };
        edge(refund(16), refund(17), "softDescriptor", 16);
    }

    #[test]
    fn url_limits() {
        type Set = fn(&mut WebCheckoutDetailsInput, String);
        let cases: [(&str, Set); 3] = [
            ("checkoutReviewReturnUrl", |w, s| {
                w.checkout_review_return_url = Some(s)
            }),
            ("checkoutResultReturnUrl", |w, s| {
                w.checkout_result_return_url = Some(s)
            }),
            ("checkoutCancelUrl", |w, s| w.checkout_cancel_url = Some(s)),
        ];
        let url = |n: usize| format!("https://shop.example/{}", x(n - "https://shop.example/".len()));
        assert_eq!(url(512).len(), 512);
        for (name, set) in cases {
            let build = |n: usize| {
                let mut w = WebCheckoutDetailsInput::default();
                set(&mut w, url(n));
                w
            };
            let field = format!("webCheckoutDetails.{name}");
            let create = |w| CreateCheckoutSessionRequest {
                web_checkout_details: Some(w),
                ..create()
            };
            edge(create(build(512)), create(build(513)), &field, 512);
            let update = |w| UpdateCheckoutSessionRequest {
                web_checkout_details: Some(w),
                ..Default::default()
            };
            edge(update(build(512)), update(build(513)), &field, 512);
        }
        let sign_in = |ret: usize, cancel: usize| SignInPayload {
            sign_in_return_url: url(ret),
            sign_in_cancel_url: Some(url(cancel)),
            store_id: STORE.into(),
            sign_in_scopes: None,
        };
        edge(sign_in(512, 512), sign_in(513, 512), "signInReturnUrl", 512);
        edge(sign_in(512, 512), sign_in(512, 513), "signInCancelUrl", 512);
    }

    #[test]
    fn reason_limits() {
        let close = |n: usize| CloseChargePermissionRequest {
            closure_reason: Some(x(n)),
            cancel_pending_charges: Some(true),
        };
        edge(close(255), close(256), "closureReason", 255);
        let cancel = |n: usize| CancelChargeRequest {
            cancellation_reason: Some(x(n)),
        };
        edge(cancel(255), cancel(256), "cancellationReason", 255);
    }

    #[test]
    fn prices_are_validated_with_money_rules() {
        let e = CaptureChargeRequest {
            capture_amount: price("1.5", "JPY"),
            soft_descriptor: None,
        }
        .validate()
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("FIELD_INVALID_PRICE", "captureAmount"));
        assert!(
            matches!(e, ApiFieldError::InvalidPrice { ref source, .. } if source.code() == crate::error_code::ErrorCode::AmountTooManyDecimals)
        );

        let e = CreateRefundRequest {
            charge_id: "c".into(),
            refund_amount: price("5", "XXX"),
            soft_descriptor: None,
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field(), "refundAmount");

        let e = CompleteCheckoutSessionRequest {
            charge_amount: Some(price("1.00", "USD")),
            total_order_amount: Some(price("1e3", "USD")),
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field(), "totalOrderAmount");

        let r: CreateCheckoutSessionRequest = serde_json::from_str(
            r#"{"storeId":"s","paymentDetails":{"chargeAmount":{"amount":"12.345","currencyCode":"EUR"}}}"#,
        )
        .unwrap();
        assert_eq!(r.validate().unwrap_err().field(), "paymentDetails.chargeAmount");
        let r: CreateCheckoutSessionRequest = serde_json::from_str(
            r#"{"storeId":"s","recurringMetadata":{"amount":{"amount":"-1","currencyCode":"EUR"}}}"#,
        )
        .unwrap();
        assert_eq!(r.validate().unwrap_err().field(), "recurringMetadata.amount");
        let r: CreateCheckoutSessionRequest =
            serde_json::from_str(r#"{"storeId":"s","paymentDetails":{"presentmentCurrency":"BTC"}}"#)
                .unwrap();
        assert_eq!(
            r.validate().unwrap_err().field(),
            "paymentDetails.presentmentCurrency"
        );
        let e = charge(None);
        assert_eq!(
            CreateChargeRequest {
                charge_amount: price("", "USD"),
                ..e
            }
            .validate()
            .unwrap_err()
            .field(),
            "chargeAmount"
        );
    }

    #[test]
    fn unknown_enum_values_parse_but_do_not_validate() {
        for (json, field) in [
            (r#"{"storeId":"s","scopes":["name","shoeSize"]}"#, "scopes[1]"),
            (
                r#"{"storeId":"s","chargePermissionType":"Lifetime"}"#,
                "chargePermissionType",
            ),
            (
                r#"{"storeId":"s","paymentDetails":{"paymentIntent":"authorize"}}"#,
                "paymentDetails.paymentIntent",
            ),
            (
                r#"{"storeId":"s","webCheckoutDetails":{"checkoutMode":"Express"}}"#,
                "webCheckoutDetails.checkoutMode",
            ),
            (
                r#"{"storeId":"s","deliverySpecifications":{"specialRestrictions":["RestrictMoon"]}}"#,
                "deliverySpecifications.specialRestrictions[0]",
            ),
            (
                r#"{"storeId":"s","deliverySpecifications":{"addressRestrictions":{"type":"Maybe"}}}"#,
                "deliverySpecifications.addressRestrictions.type",
            ),
        ] {
            let r: CreateCheckoutSessionRequest = serde_json::from_str(json).unwrap();
            let e = r.validate().unwrap_err();
            assert_eq!((e.code(), e.field()), ("FIELD_UNKNOWN_VALUE", field), "{json}");
        }
        let s: SignInPayload = serde_json::from_str(
            r#"{"signInReturnUrl":"https://a","storeId":"s","signInScopes":["name","x"]}"#,
        )
        .unwrap();
        assert_eq!(s.validate().unwrap_err().field(), "signInScopes[1]");
    }

    #[test]
    fn required_ids_must_not_be_empty() {
        let e = CreateChargeRequest {
            charge_permission_id: " ".into(),
            ..charge(None)
        }
        .validate()
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("FIELD_EMPTY", "chargePermissionId"));
        let e = CreateRefundRequest {
            charge_id: String::new(),
            refund_amount: price("1", "USD"),
            soft_descriptor: None,
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field(), "chargeId");
        let s = SignInPayload {
            sign_in_return_url: String::new(),
            store_id: STORE.into(),
            ..Default::default()
        };
        assert_eq!(s.validate().unwrap_err().field(), "signInReturnUrl");
        let s = SignInPayload {
            sign_in_return_url: "https://a".into(),
            ..Default::default()
        };
        assert_eq!(s.validate().unwrap_err().field(), "storeId");
    }

    #[test]
    fn serialisation_omits_none_fields() {
        assert_eq!(
            serde_json::to_string(&create()).unwrap(),
            format!(r#"{{"storeId":"{STORE}"}}"#)
        );
        assert_eq!(
            serde_json::to_string(&UpdateCheckoutSessionRequest::default()).unwrap(),
            "{}"
        );
        assert_eq!(
            serde_json::to_string(&CompleteCheckoutSessionRequest::default()).unwrap(),
            "{}"
        );
        assert_eq!(
            serde_json::to_string(&CancelChargeRequest::default()).unwrap(),
            "{}"
        );
        assert_eq!(
            serde_json::to_string(&CloseChargePermissionRequest::default()).unwrap(),
            "{}"
        );
        assert_eq!(
            serde_json::to_string(&UpdateChargePermissionRequest::default()).unwrap(),
            "{}"
        );
        assert_eq!(
            serde_json::to_string(&CaptureChargeRequest {
                capture_amount: price("1200", "JPY"),
                soft_descriptor: None
            })
            .unwrap(),
            r#"{"captureAmount":{"amount":"1200","currencyCode":"JPY"}}"#
        );
        let update = UpdateCheckoutSessionRequest {
            web_checkout_details: Some(WebCheckoutDetailsInput {
                checkout_result_return_url: Some("https://shop.example/result".into()),
                ..Default::default()
            }),
            payment_details: Some(PaymentDetailsInput {
                payment_intent: Some(PaymentIntent::Authorize),
                can_handle_pending_authorization: Some(false),
                charge_amount: Some(price("12.50", "USD")),
                ..Default::default()
            }),
            merchant_metadata: Some(MerchantMetadataInput {
                merchant_reference_id: Some("ORDER-9".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let json = serde_json::to_string(&update).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"webCheckoutDetails":{"checkoutResultReturnUrl":"https://shop.example/result"},"#,
                r#""paymentDetails":{"paymentIntent":"Authorize","canHandlePendingAuthorization":false,"#,
                r#""chargeAmount":{"amount":"12.50","currencyCode":"USD"}},"#,
                r#""merchantMetadata":{"merchantReferenceId":"ORDER-9"}}"#
            )
        );
        assert_eq!(
            serde_json::from_str::<UpdateCheckoutSessionRequest>(&json).unwrap(),
            update
        );
        let s = SignInPayload {
            sign_in_return_url: "https://shop.example/signin".into(),
            store_id: STORE.into(),
            sign_in_scopes: Some(vec![Scope::Name, Scope::Email]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!(
                r#"{{"signInReturnUrl":"https://shop.example/signin","storeId":"{STORE}","signInScopes":["name","email"]}}"#
            )
        );
        assert_eq!(s.validate(), Ok(()));
    }
}
