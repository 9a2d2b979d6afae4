//! The Charge object (`/v2/charges/{id}`).

use serde::{Deserialize, Serialize};

use super::codes::{ChargeState, ReleaseEnvironment};
use super::common::{MerchantMetadata, NumberText, ProviderMetadata, StatusDetails};
use crate::money::Price;

/// A Charge: one authorisation and its capture, under a Charge Permission.
///
/// Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    /// The id, e.g. `S01-1234567-1234567-C012345`.
    pub charge_id: String,
    /// The Charge Permission it belongs to.
    pub charge_permission_id: String,
    /// The authorised amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_amount: Option<Price>,
    /// The captured amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_amount: Option<Price>,
    /// The amount refunded so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_amount: Option<Price>,
    /// The captured amount in the ledger currency (multi-currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted_amount: Option<Price>,
    /// The rate used for `convertedAmount`, as decimal text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_rate: Option<NumberText>,
    /// Whether capture was requested together with the authorisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_now: Option<bool>,
    /// Whether the authorisation may be asynchronous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_handle_pending_authorization: Option<bool>,
    /// Statement text after `AMZ* ` (at most 16 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    /// The merchant's order data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_metadata: Option<MerchantMetadata>,
    /// Solution provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<String>,
    /// Payment service provider data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<ProviderMetadata>,
    /// State, reason and time of the last change.
    pub status_details: StatusDetails<ChargeState>,
    /// Creation time (`YYYYMMDDTHHMMSSZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// Expiry of the authorisation (30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<String>,
    /// Live or Sandbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_environment: Option<ReleaseEnvironment>,
}

impl Charge {
    /// A charge with ids and a status and nothing else (for building responses).
    pub fn new(
        charge_id: impl Into<String>,
        charge_permission_id: impl Into<String>,
        status_details: StatusDetails<ChargeState>,
    ) -> Self {
        Charge {
            charge_id: charge_id.into(),
            charge_permission_id: charge_permission_id.into(),
            charge_amount: None,
            capture_amount: None,
            refunded_amount: None,
            converted_amount: None,
            conversion_rate: None,
            capture_now: None,
            can_handle_pending_authorization: None,
            soft_descriptor: None,
            merchant_metadata: None,
            platform_id: None,
            provider_metadata: None,
            status_details,
            creation_timestamp: None,
            expiration_timestamp: None,
            release_environment: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> &ChargeState {
        &self.status_details.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::ReasonCode;

    const CAPTURED: &str = r#"{
        "chargeId": "S01-5105180-3221187-C056351",
        "chargePermissionId": "S01-5105180-3221187",
        "chargeAmount": {"amount": "14.00", "currencyCode": "USD"},
        "captureAmount": {"amount": "14.00", "currencyCode": "USD"},
        "refundedAmount": {"amount": "0.00", "currencyCode": "USD"},
        "convertedAmount": null,
        "conversionRate": null,
        "softDescriptor": "Descriptor",
        "merchantMetadata": {"merchantReferenceId": "ORDER-7", "merchantStoreName": "Example Shop",
            "noteToBuyer": null, "customInformation": "internal"},
        "providerMetadata": {"providerReferenceId": null},
        "statusDetails": {"state": "Captured", "reasonCode": null, "reasonDescription": null,
            "lastUpdatedTimestamp": "20260115T123456Z"},
        "creationTimestamp": "20260115T123400Z",
        "expirationTimestamp": "20260214T123400Z",
        "releaseEnvironment": "Sandbox",
        "channel": "Web",
        "platformId": null
    }"#;

    #[test]
    fn captured_charge() {
        let c: Charge = serde_json::from_str(CAPTURED).unwrap();
        assert_eq!(c.charge_id, "S01-5105180-3221187-C056351");
        assert_eq!(c.charge_permission_id, "S01-5105180-3221187");
        assert_eq!(*c.state(), ChargeState::Captured);
        assert_eq!(
            c.capture_amount.as_ref().unwrap().to_money().unwrap().minor(),
            1400
        );
        assert_eq!(c.refunded_amount.as_ref().unwrap().amount, "0.00");
        assert_eq!(c.converted_amount, None);
        assert_eq!(c.soft_descriptor.as_deref(), Some("Descriptor"));
        assert_eq!(c.release_environment, Some(ReleaseEnvironment::Sandbox));
        let again: Charge = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
    }

    #[test]
    fn declined_charge_with_multi_currency_fields() {
        let c: Charge = serde_json::from_str(
            r#"{"chargeId":"S02-1-1-C1","chargePermissionId":"S02-1-1",
                "chargeAmount":{"amount":"20.00","currencyCode":"USD"},
                "convertedAmount":{"amount":"18.40","currencyCode":"EUR"},"conversionRate":0.92,
                "statusDetails":{"state":"Declined","reasonCode":"SoftDeclined",
                    "reasonDescription":"The authorization was soft declined."}}"#,
        )
        .unwrap();
        assert_eq!(*c.state(), ChargeState::Declined);
        assert_eq!(c.status_details.reason_code, Some(ReasonCode::SoftDeclined));
        assert_eq!(c.conversion_rate.as_ref().unwrap().as_str(), "0.92");
        assert_eq!(c.converted_amount.as_ref().unwrap().currency_code, "EUR");
    }

    #[test]
    fn unknown_state_and_reason_survive() {
        let json = r#"{"chargeId":"c","chargePermissionId":"p","statusDetails":{"state":"PartiallyCaptured","reasonCode":"SplitTender"}}"#;
        let c: Charge = serde_json::from_str(json).unwrap();
        assert_eq!(
            c.status_details.state,
            ChargeState::Unknown("PartiallyCaptured".into())
        );
        assert_eq!(
            c.status_details.reason_code.as_ref().map(|r| r.is_known()),
            Some(false)
        );
        assert_eq!(serde_json::to_string(&c).unwrap(), json);
    }

    #[test]
    fn new_omits_absent_fields() {
        let c = Charge::new("c", "p", StatusDetails::new(ChargeState::AuthorizationInitiated));
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"chargeId":"c","chargePermissionId":"p","statusDetails":{"state":"AuthorizationInitiated"}}"#
        );
    }
}
