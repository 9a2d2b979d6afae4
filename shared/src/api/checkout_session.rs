//! The Checkout Session object (`/v2/checkoutSessions/{id}`).

use serde::{Deserialize, Serialize};

use super::codes::{
    ChargePermissionType, CheckoutSessionState, ConstraintId, ProductType, ReleaseEnvironment,
};
use super::common::{
    Address, Buyer, Constraint, DeliverySpecifications, MerchantMetadata, PaymentDetails,
    PaymentMethodOnFileMetadata, PaymentPreference, ProviderMetadata, RecurringMetadata, StatusDetails,
    WebCheckoutDetails,
};

/// A Checkout Session as returned by Create, Get, Update and Complete Checkout Session.
///
/// Unknown fields are ignored. Buyer data is only returned while the session is `Open`; a
/// `Canceled` session carries little more than its state and reason code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutSession {
    /// The session id (a UUID).
    pub checkout_session_id: String,
    /// Return URLs, mode and, once ready, `amazonPayRedirectUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_checkout_details: Option<WebCheckoutDetails>,
    /// Set from the button's `productType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_type: Option<ProductType>,
    /// Payment intent and amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<PaymentDetails>,
    /// The merchant's order data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadata>,
    /// Solution provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<String>,
    /// Payment service provider data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<ProviderMetadata>,
    /// The buyer, once one signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
    /// The chosen shipping address (PayAndShip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    /// The billing address (scope `billingAddress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// How to show the chosen payment method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_preferences: Option<Vec<PaymentPreference>>,
    /// State, reason and time of the last change.
    pub status_details: StatusDetails<CheckoutSessionState>,
    /// Data still missing before the buyer can be redirected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Vec<Constraint>>,
    /// Creation time (`YYYYMMDDTHHMMSSZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// Expiry, 24 hours after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<String>,
    /// The Charge Permission created on completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_permission_id: Option<String>,
    /// The Charge created on completion when the intent authorised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<String>,
    /// The Login with Amazon client id of the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// Shipping restrictions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_specifications: Option<DeliverySpecifications>,
    /// Live or Sandbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_environment: Option<ReleaseEnvironment>,
    /// OneTime, Recurring or PaymentMethodOnFile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_permission_type: Option<ChargePermissionType>,
    /// Schedule of a recurring session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_metadata: Option<RecurringMetadata>,
    /// Saved-wallet settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_on_file_metadata: Option<PaymentMethodOnFileMetadata>,
    /// Opaque data of the buy-now flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplementary_data: Option<String>,
    /// The buyer's address book in newer responses. Amazon sends each entry as a JSON *string*
    /// holding an address; entries are kept as they came (see
    /// [`CheckoutSession::shipping_addresses`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address_list: Option<Vec<serde_json::Value>>,
}

impl CheckoutSession {
    /// A session with an id and a status and nothing else (for building responses).
    pub fn new(
        checkout_session_id: impl Into<String>,
        status_details: StatusDetails<CheckoutSessionState>,
    ) -> Self {
        CheckoutSession {
            checkout_session_id: checkout_session_id.into(),
            web_checkout_details: None,
            product_type: None,
            payment_details: None,
            merchant_metadata: None,
            platform_id: None,
            provider_metadata: None,
            buyer: None,
            shipping_address: None,
            billing_address: None,
            payment_preferences: None,
            status_details,
            constraints: None,
            creation_timestamp: None,
            expiration_timestamp: None,
            charge_permission_id: None,
            charge_id: None,
            store_id: None,
            delivery_specifications: None,
            release_environment: None,
            charge_permission_type: None,
            recurring_metadata: None,
            payment_method_on_file_metadata: None,
            supplementary_data: None,
            shipping_address_list: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> &CheckoutSessionState {
        &self.status_details.state
    }

    /// The ids of the open constraints (none when `constraints` is absent).
    pub fn constraint_ids(&self) -> impl Iterator<Item = &ConstraintId> {
        self.constraints.iter().flatten().map(|c| &c.constraint_id)
    }

    /// True while any constraint is left (the redirect URL is not usable yet).
    pub fn has_constraints(&self) -> bool {
        self.constraint_ids().next().is_some()
    }

    /// The entries of `shippingAddressList` as addresses: a string entry is parsed as JSON, an
    /// object entry is read directly. Fails on the first entry that is not an address.
    pub fn shipping_addresses(&self) -> Result<Vec<Address>, serde_json::Error> {
        self.shipping_address_list
            .iter()
            .flatten()
            .map(|entry| match entry {
                serde_json::Value::String(json) => serde_json::from_str(json),
                other => Address::deserialize(other),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::{
        AddressRestrictionType, CheckoutMode, PaymentIntent, ReasonCode, SpecialRestriction,
    };

    const OPEN_SESSION: &str = r#"{
        "checkoutSessionId": "5e9cb1c0-8a1f-4c7e-9a52-1d0b2f3c4d5e",
        "webCheckoutDetails": {
            "checkoutReviewReturnUrl": "https://shop.example/amazon/review",
            "checkoutResultReturnUrl": null,
            "checkoutCancelUrl": "https://shop.example/cart",
            "amazonPayRedirectUrl": null,
            "checkoutMode": null
        },
        "productType": "PayAndShip",
        "paymentDetails": {
            "paymentIntent": null,
            "canHandlePendingAuthorization": false,
            "chargeAmount": null,
            "totalOrderAmount": null,
            "softDescriptor": null,
            "presentmentCurrency": "JPY",
            "allowOvercharge": null,
            "extendExpiration": null
        },
        "chargePermissionType": "OneTime",
        "recurringMetadata": null,
        "merchantMetadata": {
            "merchantReferenceId": null,
            "merchantStoreName": null,
            "noteToBuyer": null,
            "customInformation": null
        },
        "supplementaryData": null,
        "buyer": {
            "buyerId": "amzn1.account.AEXAMPLEBUYER0001",
            "name": "山田 花子",
            "email": "hanako@example.jp",
            "phoneNumber": "0312345678",
            "primeMembershipTypes": null
        },
        "billingAddress": null,
        "shippingAddress": {
            "name": "山田 花子",
            "addressLine1": "千代田1-1",
            "addressLine2": "ビル3F",
            "addressLine3": null,
            "city": "千代田区",
            "county": null,
            "district": null,
            "stateOrRegion": "東京都",
            "postalCode": "100-0001",
            "countryCode": "JP",
            "phoneNumber": "0312345678"
        },
        "paymentPreferences": [{"paymentDescriptor": "Visa ****1111 (Amazon Pay)"}],
        "statusDetails": {
            "state": "Open",
            "reasonCode": null,
            "reasonDescription": null,
            "lastUpdatedTimestamp": "20260110T101414Z"
        },
        "constraints": [
            {"constraintId": "ChargeAmountNotSet", "description": "chargeAmount is not set."},
            {"constraintId": "CheckoutResultReturnUrlNotSet", "description": "checkoutResultReturnUrl is not set."},
            {"constraintId": "PaymentIntentNotSet", "description": "paymentIntent is not set."}
        ],
        "creationTimestamp": "20260110T101414Z",
        "expirationTimestamp": "20260111T101414Z",
        "chargePermissionId": null,
        "chargeId": null,
        "storeId": "amzn1.application-oa2-client.0123456789abcdef",
        "platformId": null,
        "providerMetadata": {"providerReferenceId": null},
        "deliverySpecifications": {
            "specialRestrictions": ["RestrictPOBoxes"],
            "addressRestrictions": {
                "type": "Allowed",
                "restrictions": {"JP": {"statesOrRegions": ["東京都"], "zipCodes": null}}
            }
        },
        "releaseEnvironment": "Sandbox",
        "checkoutButtonText": "a field this crate does not model",
        "shippingAddressList": [
            "{\"name\":\"山田 花子\",\"postalCode\":\"100-0001\",\"countryCode\":\"JP\"}",
            {"name": "Second", "countryCode": "JP"}
        ]
    }"#;

    #[test]
    fn open_session_with_buyer_address_and_constraints() {
        let s: CheckoutSession = serde_json::from_str(OPEN_SESSION).unwrap();
        assert_eq!(s.checkout_session_id, "5e9cb1c0-8a1f-4c7e-9a52-1d0b2f3c4d5e");
        assert_eq!(*s.state(), CheckoutSessionState::Open);
        assert_eq!(s.product_type, Some(ProductType::PayAndShip));
        assert_eq!(s.charge_permission_type, Some(ChargePermissionType::OneTime));
        assert_eq!(s.release_environment, Some(ReleaseEnvironment::Sandbox));
        let buyer = s.buyer.as_ref().unwrap();
        assert_eq!(buyer.buyer_id, "amzn1.account.AEXAMPLEBUYER0001");
        assert_eq!(buyer.email.as_deref(), Some("hanako@example.jp"));
        let ship = s.shipping_address.as_ref().unwrap();
        assert_eq!(ship.state_or_region.as_deref(), Some("東京都"));
        assert_eq!(ship.address_line3, None);
        assert_eq!(
            s.payment_preferences.as_ref().unwrap()[0]
                .payment_descriptor
                .as_deref(),
            Some("Visa ****1111 (Amazon Pay)")
        );
        let ids: Vec<_> = s.constraint_ids().cloned().collect();
        assert_eq!(
            ids,
            [
                ConstraintId::ChargeAmountNotSet,
                ConstraintId::CheckoutResultReturnUrlNotSet,
                ConstraintId::PaymentIntentNotSet
            ]
        );
        assert!(s.has_constraints());
        let pd = s.payment_details.as_ref().unwrap();
        assert_eq!(pd.presentment_currency.as_deref(), Some("JPY"));
        assert_eq!(pd.can_handle_pending_authorization, Some(false));
        let ds = s.delivery_specifications.as_ref().unwrap();
        assert_eq!(
            ds.special_restrictions.as_deref(),
            Some(&[SpecialRestriction::RestrictPoBoxes][..])
        );
        let ar = ds.address_restrictions.as_ref().unwrap();
        assert_eq!(ar.restriction_type, Some(AddressRestrictionType::Allowed));
        assert!(ar.restrictions.as_ref().unwrap()["JP"].zip_codes.is_none());
        let list = s.shipping_addresses().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].postal_code.as_deref(), Some("100-0001"));
        assert_eq!(list[1].name.as_deref(), Some("Second"));
    }

    #[test]
    fn round_trip_drops_nulls_and_unknown_fields_only() {
        let s: CheckoutSession = serde_json::from_str(OPEN_SESSION).unwrap();
        let out = serde_json::to_value(&s).unwrap();
        assert!(out.get("checkoutButtonText").is_none());
        assert!(out.get("chargeId").is_none());
        assert!(out["webCheckoutDetails"].get("amazonPayRedirectUrl").is_none());
        assert_eq!(out["shippingAddress"]["city"], "千代田区");
        let again: CheckoutSession = serde_json::from_value(out).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn completed_session_after_update() {
        let s: CheckoutSession = serde_json::from_str(
            r#"{"checkoutSessionId":"abc",
                "webCheckoutDetails":{"checkoutResultReturnUrl":"https://shop.example/result",
                    "amazonPayRedirectUrl":"https://pay.amazon.example/redirect?id=abc",
                    "checkoutMode":"ProcessOrder"},
                "paymentDetails":{"paymentIntent":"AuthorizeWithCapture",
                    "chargeAmount":{"amount":"1200","currencyCode":"JPY"},"softDescriptor":"SHOP"},
                "statusDetails":{"state":"Completed","lastUpdatedTimestamp":"20260110T111414Z"},
                "constraints":[],
                "chargePermissionId":"S03-1234567-1234567","chargeId":"S03-1234567-1234567-C012345"}"#,
        )
        .unwrap();
        assert_eq!(*s.state(), CheckoutSessionState::Completed);
        assert!(!s.has_constraints());
        let wcd = s.web_checkout_details.as_ref().unwrap();
        assert_eq!(wcd.checkout_mode, Some(CheckoutMode::ProcessOrder));
        let pd = s.payment_details.as_ref().unwrap();
        assert_eq!(pd.payment_intent, Some(PaymentIntent::AuthorizeWithCapture));
        assert_eq!(
            pd.charge_amount.as_ref().unwrap().to_money().unwrap().minor(),
            1200
        );
        assert_eq!(s.charge_id.as_deref(), Some("S03-1234567-1234567-C012345"));
    }

    #[test]
    fn unknown_state_and_reason_survive_a_round_trip() {
        let json = r#"{"checkoutSessionId":"abc","statusDetails":{"state":"Suspended","reasonCode":"BuyerWandered","reasonDescription":"new"}}"#;
        let s: CheckoutSession = serde_json::from_str(json).unwrap();
        assert_eq!(
            s.status_details.state,
            CheckoutSessionState::Unknown("Suspended".into())
        );
        assert!(!s.status_details.state.is_known());
        assert_eq!(
            s.status_details.reason_code,
            Some(ReasonCode::Unknown("BuyerWandered".into()))
        );
        assert_eq!(serde_json::to_string(&s).unwrap(), json);
    }

    #[test]
    fn canceled_session_carries_reason() {
        let s: CheckoutSession = serde_json::from_str(
            r#"{"checkoutSessionId":"abc","statusDetails":{"state":"Canceled","reasonCode":"BuyerCanceled",
                "reasonDescription":"The buyer canceled the checkout."}}"#,
        )
        .unwrap();
        assert_eq!(*s.state(), CheckoutSessionState::Canceled);
        assert_eq!(s.status_details.reason_code, Some(ReasonCode::BuyerCanceled));
    }

    #[test]
    fn new_serialises_minimally() {
        let s = CheckoutSession::new("abc", StatusDetails::new(CheckoutSessionState::Open));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"checkoutSessionId":"abc","statusDetails":{"state":"Open"}}"#
        );
        assert_eq!(s.shipping_addresses().unwrap(), vec![]);
    }

    #[test]
    fn missing_id_or_status_is_an_error() {
        assert!(serde_json::from_str::<CheckoutSession>(r#"{"statusDetails":{"state":"Open"}}"#).is_err());
        assert!(serde_json::from_str::<CheckoutSession>(r#"{"checkoutSessionId":"a"}"#).is_err());
    }
}
