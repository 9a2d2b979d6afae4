//! The Charge Permission object (`/v2/chargePermissions/{id}`).

use serde::{Deserialize, Serialize};

use super::codes::{ChargePermissionState, ChargePermissionType, ReleaseEnvironment};
use super::common::{
    Address, Buyer, ChargePermissionStatusDetails, Limits, MerchantMetadata, PaymentPreference,
    ProviderMetadata, RecurringMetadata,
};

/// A Charge Permission: the buyer's approval to charge, created by completing checkout.
///
/// Unknown fields are ignored. Its `statusDetails` carries an array of reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargePermission {
    /// The id, e.g. `S01-1234567-1234567`.
    pub charge_permission_id: String,
    /// OneTime, Recurring or PaymentMethodOnFile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_permission_type: Option<ChargePermissionType>,
    /// Schedule of a recurring permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_metadata: Option<RecurringMetadata>,
    /// Total allowed and balance left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// Live or Sandbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_environment: Option<ReleaseEnvironment>,
    /// The buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
    /// Billing address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// Shipping address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    /// How to show the payment method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_preferences: Option<Vec<PaymentPreference>>,
    /// The merchant's order data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadata>,
    /// Solution provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<String>,
    /// Payment service provider data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<ProviderMetadata>,
    /// Creation time (`YYYYMMDDTHHMMSSZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// Expiry (180 days for one-time, 13 months with `extendExpiration`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<String>,
    /// State, reasons and time of the last change.
    pub status_details: ChargePermissionStatusDetails<ChargePermissionState>,
}

impl ChargePermission {
    /// A permission with an id and a status and nothing else (for building responses).
    pub fn new(
        charge_permission_id: impl Into<String>,
        status_details: ChargePermissionStatusDetails<ChargePermissionState>,
    ) -> Self {
        ChargePermission {
            charge_permission_id: charge_permission_id.into(),
            charge_permission_type: None,
            recurring_metadata: None,
            limits: None,
            release_environment: None,
            buyer: None,
            billing_address: None,
            shipping_address: None,
            payment_preferences: None,
            merchant_metadata: None,
            platform_id: None,
            provider_metadata: None,
            creation_timestamp: None,
            expiration_timestamp: None,
            status_details,
        }
    }

    /// The current state.
    pub fn state(&self) -> &ChargePermissionState {
        &self.status_details.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::{FrequencyUnit, ReasonCode};
    use crate::api::common::StatusReason;

    const NON_CHARGEABLE: &str = r#"{
        "chargePermissionId": "S01-5105180-3221187",
        "chargePermissionReferenceId": null,
        "chargePermissionType": "Recurring",
        "recurringMetadata": {
            "frequency": {"unit": "Month", "value": "1"},
            "amount": {"amount": "9.99", "currencyCode": "EUR"}
        },
        "buyer": {
            "buyerId": "amzn1.account.AEXAMPLEBUYER0002",
            "name": "Erika Mustermann",
            "email": "erika@example.de",
            "phoneNumber": null,
            "primeMembershipTypes": ["PRIME_DE"]
        },
        "releaseEnvironment": "Live",
        "shippingAddress": {"name": "Erika Mustermann", "addressLine1": "Heidestraße 17",
            "city": "Köln", "postalCode": "51147", "countryCode": "DE"},
        "billingAddress": null,
        "paymentPreferences": [{"paymentDescriptor": "Mastercard ****4444"}],
        "statusDetails": {
            "state": "NonChargeable",
            "reasons": [
                {"reasonCode": "PaymentMethodExpired", "reasonDescription": "The card expired."},
                {"reasonCode": "BillingAddressDeleted", "reasonDescription": null}
            ],
            "lastUpdatedTimestamp": "20260201T080000Z"
        },
        "creationTimestamp": "20260101T080000Z",
        "expirationTimestamp": "20270101T080000Z",
        "merchantMetadata": {"merchantReferenceId": "ORDER-42", "merchantStoreName": "Beispiel",
            "noteToBuyer": "Danke!", "customInformation": null},
        "platformId": null,
        "limits": {"amountLimit": {"amount": "500.00", "currencyCode": "EUR"},
                   "amountBalance": {"amount": "490.01", "currencyCode": "EUR"}},
        "presentmentCurrency": "EUR"
    }"#;

    #[test]
    fn recurring_permission_with_reasons_array() {
        let p: ChargePermission = serde_json::from_str(NON_CHARGEABLE).unwrap();
        assert_eq!(p.charge_permission_id, "S01-5105180-3221187");
        assert_eq!(*p.state(), ChargePermissionState::NonChargeable);
        let codes: Vec<_> = p.status_details.reason_codes().cloned().collect();
        assert_eq!(
            codes,
            [
                ReasonCode::PaymentMethodExpired,
                ReasonCode::BillingAddressDeleted
            ]
        );
        let reasons = p.status_details.reasons.as_ref().unwrap();
        assert_eq!(
            reasons[0].reason_description.as_deref(),
            Some("The card expired.")
        );
        assert_eq!(reasons[1].reason_description, None);
        let freq = p.recurring_metadata.as_ref().unwrap().frequency.as_ref().unwrap();
        assert_eq!(freq.unit, Some(FrequencyUnit::Month));
        assert_eq!(freq.value.as_ref().unwrap().as_u32(), Some(1));
        let limits = p.limits.as_ref().unwrap();
        assert_eq!(
            limits
                .amount_balance
                .as_ref()
                .unwrap()
                .to_money()
                .unwrap()
                .minor(),
            49_001
        );
        assert_eq!(
            p.buyer.as_ref().unwrap().prime_membership_types.as_deref(),
            Some(&["PRIME_DE".to_owned()][..])
        );
        assert_eq!(p.release_environment, Some(ReleaseEnvironment::Live));
        assert_eq!(
            p.merchant_metadata.as_ref().unwrap().note_to_buyer.as_deref(),
            Some("Danke!")
        );
    }

    #[test]
    fn chargeable_without_reasons_and_round_trip() {
        let p: ChargePermission = serde_json::from_str(
            r#"{"chargePermissionId":"S01-1","statusDetails":{"state":"Chargeable","reasons":null}}"#,
        )
        .unwrap();
        assert_eq!(*p.state(), ChargePermissionState::Chargeable);
        assert_eq!(p.status_details.reason_codes().count(), 0);
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"chargePermissionId":"S01-1","statusDetails":{"state":"Chargeable"}}"#
        );
        let full: ChargePermission = serde_json::from_str(NON_CHARGEABLE).unwrap();
        let again: ChargePermission = serde_json::from_str(&serde_json::to_string(&full).unwrap()).unwrap();
        assert_eq!(again, full);
    }

    #[test]
    fn unknown_state_and_reasons_survive() {
        let json = r#"{"chargePermissionId":"S01-1","statusDetails":{"state":"Frozen","reasons":[{"reasonCode":"RegulatorSaidNo"},{"reasonCode":"MerchantClosed"}]}}"#;
        let p: ChargePermission = serde_json::from_str(json).unwrap();
        assert!(!p.state().is_known());
        assert_eq!(
            p.status_details.reasons.as_deref().unwrap()[0],
            StatusReason {
                reason_code: ReasonCode::Unknown("RegulatorSaidNo".into()),
                reason_description: None
            }
        );
        assert_eq!(
            p.status_details.reasons.as_deref().unwrap()[1].reason_code,
            ReasonCode::MerchantClosed
        );
        assert_eq!(serde_json::to_string(&p).unwrap(), json);
    }

    #[test]
    fn new_builds_a_minimal_permission() {
        let p = ChargePermission::new(
            "S01-9",
            ChargePermissionStatusDetails::new(ChargePermissionState::Closed),
        );
        assert_eq!(*p.state(), ChargePermissionState::Closed);
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"chargePermissionId":"S01-9","statusDetails":{"state":"Closed"}}"#
        );
    }
}
