//! Building blocks of the response objects: addresses, buyer, status details, metadata.
//!
//! These types are lenient: unknown fields are ignored, because Amazon adds fields to its
//! responses. What a client *sends* uses the strict twins in [`super::input`]; every twin
//! converts into its lenient type with `From`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::{
    AddressRestrictionType, ConstraintId, FrequencyUnit, PaymentIntent, ReasonCode, SpecialRestriction,
};
use crate::money::Price;

/// A number that Amazon sends either as a JSON string (`"1"`) or as a JSON number (`1`), kept
/// as its decimal text and always written back as a JSON string.
///
/// Used for `recurringMetadata.frequency.value` and `conversionRate`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct NumberText(String);

impl NumberText {
    /// Wraps text as given; nothing is checked (see [`NumberText::as_u32`]).
    pub fn new(text: impl Into<String>) -> NumberText {
        NumberText(text.into())
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value when the text is a plain non-negative integer that fits `u32` (`"1"`, `"12"`).
    /// Signs, fractions, exponents and whitespace give `None`.
    pub fn as_u32(&self) -> Option<u32> {
        if self.0.is_empty() || !self.0.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.0.parse().ok()
    }
}

impl From<u32> for NumberText {
    fn from(value: u32) -> NumberText {
        NumberText(value.to_string())
    }
}

impl From<&str> for NumberText {
    fn from(value: &str) -> NumberText {
        NumberText(value.to_owned())
    }
}

impl fmt::Display for NumberText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for NumberText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for NumberText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl serde::de::Visitor<'_> for TextVisitor {
            type Value = NumberText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string holding one")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<NumberText, E> {
                Ok(NumberText(value.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<NumberText, E> {
                Ok(NumberText(value))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<NumberText, E> {
                Ok(NumberText(value.to_string()))
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<NumberText, E> {
                Ok(NumberText(value.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<NumberText, E> {
                Ok(NumberText(value.to_string()))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// A postal address as Amazon returns it (`shippingAddress`, `billingAddress`).
///
/// Documented maximum lengths (Buyer page): name 50, addressLine1 180, addressLine2 and
/// addressLine3 60, city, county and district 50. They are not enforced on responses.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Recipient name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<String>,
    /// Second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    /// Third address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line3: Option<String>,
    /// City (optional in JP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// County.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    /// District.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// State, region or prefecture (a 2-letter code in the US and CA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_or_region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// The buyer of a Checkout Session or Charge Permission.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Buyer {
    /// Amazon's stable id of the buyer.
    pub buyer_id: String,
    /// Name (scope `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address (scope `email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number (scope `phoneNumber`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Prime membership types (scope `primeStatus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prime_membership_types: Option<Vec<String>>,
    /// Shipping address, where Amazon puts one inside the buyer object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    /// Billing address, where Amazon puts one inside the buyer object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
}

/// `statusDetails` of a Checkout Session, Charge or Refund; `S` is the object's state enum.
/// (A Charge Permission has [`ChargePermissionStatusDetails`] instead.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusDetails<S> {
    /// The current state.
    pub state: S,
    /// Why the object is in this state, for the states that have reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<ReasonCode>,
    /// Amazon's human-readable explanation of the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_description: Option<String>,
    /// When the state last changed (`YYYYMMDDTHHMMSSZ`, see [`crate::time`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_timestamp: Option<String>,
}

impl<S> StatusDetails<S> {
    /// A status with a state only.
    pub fn new(state: S) -> StatusDetails<S> {
        StatusDetails {
            state,
            reason_code: None,
            reason_description: None,
            last_updated_timestamp: None,
        }
    }
}

/// One entry of a Charge Permission's `statusDetails.reasons`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusReason {
    /// The reason code.
    pub reason_code: ReasonCode,
    /// Amazon's human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_description: Option<String>,
}

/// `statusDetails` of a Charge Permission: several reasons at once, as an array.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargePermissionStatusDetails<S> {
    /// The current state.
    pub state: S,
    /// Why the permission is `NonChargeable` or `Closed`; absent or empty otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<StatusReason>>,
    /// When the state last changed (`YYYYMMDDTHHMMSSZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_timestamp: Option<String>,
}

impl<S> ChargePermissionStatusDetails<S> {
    /// A status with a state only.
    pub fn new(state: S) -> ChargePermissionStatusDetails<S> {
        ChargePermissionStatusDetails {
            state,
            reasons: None,
            last_updated_timestamp: None,
        }
    }

    /// The reason codes, in order (none when `reasons` is absent).
    pub fn reason_codes(&self) -> impl Iterator<Item = &ReasonCode> {
        self.reasons.iter().flatten().map(|r| &r.reason_code)
    }
}

/// Data still missing from a Checkout Session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Constraint {
    /// What is missing.
    pub constraint_id: ConstraintId,
    /// Amazon's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One entry of `paymentPreferences`: how to show the buyer's chosen payment method.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPreference {
    /// Display text such as `"Visa ****1111 (Amazon Pay)"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_descriptor: Option<String>,
}

/// The merchant's order data on an object.
///
/// Limits (enforced on requests by [`MerchantMetadataInput`](super::MerchantMetadataInput)):
/// merchantReferenceId 256, merchantStoreName 50, noteToBuyer 255, customInformation 4096.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantMetadata {
    /// The merchant's order id; shown to the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference_id: Option<String>,
    /// Overrides the store name from Seller Central.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_store_name: Option<String>,
    /// Shown in buyer communication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_to_buyer: Option<String>,
    /// Free text for the merchant; not shown to the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_information: Option<String>,
}

/// The return URLs and mode of a Checkout Session.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebCheckoutDetails {
    /// Where Amazon sends the buyer after address and payment selection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_review_return_url: Option<String>,
    /// Where Amazon sends the buyer after processing the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_result_return_url: Option<String>,
    /// Where Amazon sends the buyer who cancels on an Amazon page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_cancel_url: Option<String>,
    /// Where to send the buyer to run the payment (response only, once no constraint is left).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_pay_redirect_url: Option<String>,
    /// `ProcessOrder` for the one-step flow; absent for the review flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_mode: Option<super::codes::CheckoutMode>,
}

/// How and how much a Checkout Session charges.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentDetails {
    /// Confirm, Authorize or AuthorizeWithCapture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_intent: Option<PaymentIntent>,
    /// Whether the authorisation may be asynchronous (not with AuthorizeWithCapture).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_handle_pending_authorization: Option<bool>,
    /// The amount processed during checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_amount: Option<Price>,
    /// The whole order, when more is charged after checkout (split shipments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_order_amount: Option<Price>,
    /// ISO 4217 presentment currency (EU and UK multi-currency only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentment_currency: Option<String>,
    /// Statement text after `AMZ* ` (at most 16 characters; AuthorizeWithCapture only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    /// Whether more than the order amount may be charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_overcharge: Option<bool>,
    /// Whether the Charge Permission lasts 13 months instead of 180 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_expiration: Option<bool>,
}

/// How often a recurring Charge Permission is charged, e.g. `{"unit":"Week","value":"1"}`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Frequency {
    /// The unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<FrequencyUnit>,
    /// How many units apart; a string or a number on input, a string on output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<NumberText>,
}

/// The schedule and amount of a recurring Charge Permission. Amazon uses it for the
/// permission's expiry and buyer communication only; each cycle still needs Create Charge.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurringMetadata {
    /// The schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// The amount per cycle; absent (or null) when it varies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Price>,
}

/// `paymentMethodOnFileMetadata`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodOnFileMetadata {
    /// `true` for the setup-intent flow: save the wallet without charging
    /// (`paymentIntent` must then be `Confirm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_only: Option<bool>,
}

/// Per-country restriction of `addressRestrictions.restrictions`. Empty means the whole country.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionRestriction {
    /// States or regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub states_or_regions: Option<Vec<String>>,
    /// Postal codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_codes: Option<Vec<String>>,
}

/// `deliverySpecifications.addressRestrictions`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressRestrictions {
    /// Whether the listed regions are the only ones allowed, or the ones refused (`type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub restriction_type: Option<AddressRestrictionType>,
    /// Restrictions by ISO country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<std::collections::BTreeMap<String, RegionRestriction>>,
}

/// Which shipping addresses the buyer may choose.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliverySpecifications {
    /// E.g. no PO boxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_restrictions: Option<Vec<SpecialRestriction>>,
    /// Allowed or refused countries and regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_restrictions: Option<AddressRestrictions>,
}

/// `providerMetadata` (payment service providers).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderMetadata {
    /// The provider's order reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_reference_id: Option<String>,
}

/// How much a Charge Permission may still capture.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// The total the permission allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_limit: Option<Price>,
    /// What is left; a one-time permission closes when it reaches zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_balance: Option<Price>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::ChargeState;

    #[test]
    fn number_text_accepts_strings_and_numbers_and_writes_strings() {
        for (json, text) in [
            (r#""1""#, "1"),
            ("1", "1"),
            ("12", "12"),
            ("1.5", "1.5"),
            ("-3", "-3"),
        ] {
            let n: NumberText = serde_json::from_str(json).unwrap();
            assert_eq!(n.as_str(), text, "{json}");
            assert_eq!(serde_json::to_string(&n).unwrap(), format!("\"{text}\""));
        }
        assert!(serde_json::from_str::<NumberText>("true").is_err());
        assert!(serde_json::from_str::<NumberText>("[1]").is_err());
        assert_eq!(NumberText::from("7").as_u32(), Some(7));
        assert_eq!(NumberText::from(3).to_string(), "3");
        for bad in ["", "-1", "+1", "1.0", "1e2", " 1", "99999999999"] {
            assert_eq!(NumberText::new(bad).as_u32(), None, "{bad:?}");
        }
    }

    #[test]
    fn address_field_names_are_amazons() {
        let a = Address {
            address_line1: Some("1 Main St".into()),
            address_line3: Some("c/o".into()),
            state_or_region: Some("WA".into()),
            ..Address::default()
        };
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"addressLine1":"1 Main St","addressLine3":"c/o","stateOrRegion":"WA"}"#
        );
    }

    #[test]
    fn status_details_tolerate_nulls_and_unknown_fields() {
        let s: StatusDetails<ChargeState> = serde_json::from_str(
            r#"{"state":"Authorized","reasonCode":null,"reasonDescription":null,
                "lastUpdatedTimestamp":"20260110T101010Z","somethingNew":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(s.state, ChargeState::Authorized);
        assert_eq!(s.reason_code, None);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"state":"Authorized","lastUpdatedTimestamp":"20260110T101010Z"}"#
        );
        assert_eq!(
            serde_json::to_string(&StatusDetails::new(ChargeState::Captured)).unwrap(),
            r#"{"state":"Captured"}"#
        );
    }

    #[test]
    fn frequency_value_as_string_or_integer() {
        let f: Frequency = serde_json::from_str(r#"{"unit":"Month","value":"1"}"#).unwrap();
        let g: Frequency = serde_json::from_str(r#"{"unit":"Month","value":1}"#).unwrap();
        assert_eq!(f, g);
        assert_eq!(f.value.as_ref().and_then(NumberText::as_u32), Some(1));
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            r#"{"unit":"Month","value":"1"}"#
        );
    }
}
