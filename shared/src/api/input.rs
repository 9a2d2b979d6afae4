//! Strict nested objects of request bodies.
//!
//! Serde's `deny_unknown_fields` is fixed per type, so one struct cannot be strict in a request
//! and lenient in a response. The request side therefore has its own twins of the nested
//! objects: same fields and wire names, unknown fields refused, response-only fields (such as
//! `amazonPayRedirectUrl`) left out. Each converts into its lenient response type with `From`,
//! so a server can store what it was sent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::codes::{AddressRestrictionType, CheckoutMode, FrequencyUnit, PaymentIntent, SpecialRestriction};
use super::common::{
    AddressRestrictions, DeliverySpecifications, Frequency, MerchantMetadata, NumberText, PaymentDetails,
    PaymentMethodOnFileMetadata, ProviderMetadata, RecurringMetadata, RegionRestriction, WebCheckoutDetails,
};
use super::field_error::{
    check_currency, check_known, check_known_list, check_len, check_price, check_url, join, limits,
    ApiFieldError,
};
use crate::money::Price;

/// `webCheckoutDetails` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebCheckoutDetailsInput {
    /// Where Amazon sends the buyer after address and payment selection (≤ 512).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_review_return_url: Option<String>,
    /// Where Amazon sends the buyer after processing the payment (≤ 512).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_result_return_url: Option<String>,
    /// Where Amazon sends the buyer who cancels (≤ 512).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_cancel_url: Option<String>,
    /// `ProcessOrder` for the one-step flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_mode: Option<CheckoutMode>,
}

impl WebCheckoutDetailsInput {
    pub(crate) fn validate_at(&self, path: &str) -> Result<(), ApiFieldError> {
        check_url(
            path,
            "checkoutReviewReturnUrl",
            self.checkout_review_return_url.as_deref(),
        )?;
        check_url(
            path,
            "checkoutResultReturnUrl",
            self.checkout_result_return_url.as_deref(),
        )?;
        check_url(path, "checkoutCancelUrl", self.checkout_cancel_url.as_deref())?;
        check_known(path, "checkoutMode", self.checkout_mode.as_ref())
    }
}

impl From<WebCheckoutDetailsInput> for WebCheckoutDetails {
    fn from(input: WebCheckoutDetailsInput) -> Self {
        WebCheckoutDetails {
            checkout_review_return_url: input.checkout_review_return_url,
            checkout_result_return_url: input.checkout_result_return_url,
            checkout_cancel_url: input.checkout_cancel_url,
            amazon_pay_redirect_url: None,
            checkout_mode: input.checkout_mode,
        }
    }
}

/// `paymentDetails` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentDetailsInput {
    /// Confirm, Authorize or AuthorizeWithCapture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_intent: Option<PaymentIntent>,
    /// Whether the authorisation may be asynchronous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_handle_pending_authorization: Option<bool>,
    /// The amount processed during checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_amount: Option<Price>,
    /// The whole order, when more is charged after checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_order_amount: Option<Price>,
    /// ISO 4217 presentment currency (EU and UK multi-currency only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentment_currency: Option<String>,
    /// Statement text after `AMZ* ` (≤ 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    /// Whether more than the order amount may be charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_overcharge: Option<bool>,
    /// Whether the Charge Permission lasts 13 months instead of 180 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_expiration: Option<bool>,
}

impl PaymentDetailsInput {
    pub(crate) fn validate_at(&self, path: &str) -> Result<(), ApiFieldError> {
        check_known(path, "paymentIntent", self.payment_intent.as_ref())?;
        check_price(path, "chargeAmount", self.charge_amount.as_ref())?;
        check_price(path, "totalOrderAmount", self.total_order_amount.as_ref())?;
        check_currency(path, "presentmentCurrency", self.presentment_currency.as_deref())?;
        check_len(
            path,
            "softDescriptor",
            self.soft_descriptor.as_deref(),
            limits::SOFT_DESCRIPTOR,
        )
    }
}

impl From<PaymentDetailsInput> for PaymentDetails {
    fn from(input: PaymentDetailsInput) -> Self {
        PaymentDetails {
            payment_intent: input.payment_intent,
            can_handle_pending_authorization: input.can_handle_pending_authorization,
            charge_amount: input.charge_amount,
            total_order_amount: input.total_order_amount,
            presentment_currency: input.presentment_currency,
            soft_descriptor: input.soft_descriptor,
            allow_overcharge: input.allow_overcharge,
            extend_expiration: input.extend_expiration,
        }
    }
}

/// `merchantMetadata` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantMetadataInput {
    /// The merchant's order id (≤ 256).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference_id: Option<String>,
    /// Overrides the Seller Central store name (≤ 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_store_name: Option<String>,
    /// Shown in buyer communication (≤ 255).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_to_buyer: Option<String>,
    /// Not shown to the buyer (≤ 4096).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_information: Option<String>,
}

impl MerchantMetadataInput {
    pub(crate) fn validate_at(&self, path: &str) -> Result<(), ApiFieldError> {
        check_len(
            path,
            "merchantReferenceId",
            self.merchant_reference_id.as_deref(),
            limits::MERCHANT_REFERENCE_ID,
        )?;
        check_len(
            path,
            "merchantStoreName",
            self.merchant_store_name.as_deref(),
            limits::MERCHANT_STORE_NAME,
        )?;
        check_len(
            path,
            "noteToBuyer",
            self.note_to_buyer.as_deref(),
            limits::NOTE_TO_BUYER,
        )?;
        check_len(
            path,
            "customInformation",
            self.custom_information.as_deref(),
            limits::CUSTOM_INFORMATION,
        )
    }
}

impl From<MerchantMetadataInput> for MerchantMetadata {
    fn from(input: MerchantMetadataInput) -> Self {
        MerchantMetadata {
            merchant_reference_id: input.merchant_reference_id,
            merchant_store_name: input.merchant_store_name,
            note_to_buyer: input.note_to_buyer,
            custom_information: input.custom_information,
        }
    }
}

/// `recurringMetadata.frequency` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrequencyInput {
    /// The unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<FrequencyUnit>,
    /// How many units apart: a JSON string (`"1"`) or integer (`1`); must be a whole number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<NumberText>,
}

impl From<FrequencyInput> for Frequency {
    fn from(input: FrequencyInput) -> Self {
        Frequency {
            unit: input.unit,
            value: input.value,
        }
    }
}

/// `recurringMetadata` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecurringMetadataInput {
    /// The schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<FrequencyInput>,
    /// The amount per cycle; absent or null when it varies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Price>,
}

impl RecurringMetadataInput {
    pub(crate) fn validate_at(&self, path: &str) -> Result<(), ApiFieldError> {
        if let Some(frequency) = &self.frequency {
            let frequency_path = join(path, "frequency");
            check_known(&frequency_path, "unit", frequency.unit.as_ref())?;
            if frequency.value.as_ref().is_some_and(|v| v.as_u32().is_none()) {
                return Err(ApiFieldError::Invalid {
                    field: join(&frequency_path, "value"),
                    reason: "must be a whole number",
                });
            }
        }
        check_price(path, "amount", self.amount.as_ref())
    }
}

impl From<RecurringMetadataInput> for RecurringMetadata {
    fn from(input: RecurringMetadataInput) -> Self {
        RecurringMetadata {
            frequency: input.frequency.map(Frequency::from),
            amount: input.amount,
        }
    }
}

/// `paymentMethodOnFileMetadata` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentMethodOnFileMetadataInput {
    /// `true` for the setup-intent flow (save the wallet without charging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_only: Option<bool>,
}

impl From<PaymentMethodOnFileMetadataInput> for PaymentMethodOnFileMetadata {
    fn from(input: PaymentMethodOnFileMetadataInput) -> Self {
        PaymentMethodOnFileMetadata {
            setup_only: input.setup_only,
        }
    }
}

/// Per-country entry of `addressRestrictions.restrictions` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegionRestrictionInput {
    /// States or regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub states_or_regions: Option<Vec<String>>,
    /// Postal codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_codes: Option<Vec<String>>,
}

impl From<RegionRestrictionInput> for RegionRestriction {
    fn from(input: RegionRestrictionInput) -> Self {
        RegionRestriction {
            states_or_regions: input.states_or_regions,
            zip_codes: input.zip_codes,
        }
    }
}

/// `deliverySpecifications.addressRestrictions` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressRestrictionsInput {
    /// `Allowed` or `NotAllowed` (`type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub restriction_type: Option<AddressRestrictionType>,
    /// Restrictions by ISO country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<BTreeMap<String, RegionRestrictionInput>>,
}

impl From<AddressRestrictionsInput> for AddressRestrictions {
    fn from(input: AddressRestrictionsInput) -> Self {
        AddressRestrictions {
            restriction_type: input.restriction_type,
            restrictions: input
                .restrictions
                .map(|map| map.into_iter().map(|(country, r)| (country, r.into())).collect()),
        }
    }
}

/// `deliverySpecifications` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliverySpecificationsInput {
    /// E.g. `RestrictPOBoxes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_restrictions: Option<Vec<SpecialRestriction>>,
    /// Allowed or refused countries and regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_restrictions: Option<AddressRestrictionsInput>,
}

impl DeliverySpecificationsInput {
    pub(crate) fn validate_at(&self, path: &str) -> Result<(), ApiFieldError> {
        check_known_list(path, "specialRestrictions", self.special_restrictions.as_deref())?;
        if let Some(restrictions) = &self.address_restrictions {
            check_known(
                &join(path, "addressRestrictions"),
                "type",
                restrictions.restriction_type.as_ref(),
            )?;
        }
        Ok(())
    }
}

impl From<DeliverySpecificationsInput> for DeliverySpecifications {
    fn from(input: DeliverySpecificationsInput) -> Self {
        DeliverySpecifications {
            special_restrictions: input.special_restrictions,
            address_restrictions: input.address_restrictions.map(AddressRestrictions::from),
        }
    }
}

/// `providerMetadata` as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderMetadataInput {
    /// The provider's order reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_reference_id: Option<String>,
}

impl From<ProviderMetadataInput> for ProviderMetadata {
    fn from(input: ProviderMetadataInput) -> Self {
        ProviderMetadata {
            provider_reference_id: input.provider_reference_id,
        }
    }
}

/// `addressDetails` of Create Checkout Session: the address the buyer typed on the merchant's
/// site (APB / ProcessOrder with PayAndShip).
///
/// Unlike a returned [`Address`](super::Address) it has one `districtOrCounty` field. Which
/// fields a country requires (e.g. no `stateOrRegion` for GB) is not checked here.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressDetails {
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
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// District or county.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_or_county: Option<String>,
    /// State, region or prefecture.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_inputs_refuse_unknown_fields() {
        for (json, ok) in [
            (r#"{"checkoutReviewReturnUrl":"https://a"}"#, true),
            (
                r#"{"checkoutReviewReturnUrl":"https://a","amazonPayRedirectUrl":"https://b"}"#,
                false,
            ),
            (
                r#"{"checkoutReviewReturnUrl":"https://a","checkoutReviewReturnURL":"https://b"}"#,
                false,
            ),
        ] {
            assert_eq!(
                serde_json::from_str::<WebCheckoutDetailsInput>(json).is_ok(),
                ok,
                "{json}"
            );
        }
        assert!(serde_json::from_str::<MerchantMetadataInput>(r#"{"orderId":"1"}"#).is_err());
        assert!(serde_json::from_str::<PaymentDetailsInput>(
            r#"{"chargeAmount":{"amount":"1","currencyCode":"USD","x":1}}"#
        )
        .is_err());
        assert!(serde_json::from_str::<FrequencyInput>(r#"{"unit":"Day","value":1,"every":2}"#).is_err());
        assert!(serde_json::from_str::<AddressDetails>(r#"{"county":"x"}"#).is_err());
        assert!(serde_json::from_str::<AddressDetails>(r#"{"districtOrCounty":"x"}"#).is_ok());
        assert!(serde_json::from_str::<DeliverySpecificationsInput>(
            r#"{"addressRestrictions":{"type":"Allowed","restrictions":{"US":{"zipCodes":["1"],"cities":[]}}}}"#
        )
        .is_err());
    }

    #[test]
    fn inputs_convert_to_response_types() {
        let d: DeliverySpecificationsInput = serde_json::from_str(
            r#"{"specialRestrictions":["RestrictPackstations"],
                "addressRestrictions":{"type":"NotAllowed","restrictions":{"DE":{}}}}"#,
        )
        .unwrap();
        let out = DeliverySpecifications::from(d.clone());
        assert_eq!(
            serde_json::to_value(&out).unwrap(),
            serde_json::to_value(&d).unwrap()
        );
        let r: RecurringMetadataInput =
            serde_json::from_str(r#"{"frequency":{"unit":"Week","value":2},"amount":null}"#).unwrap();
        let out = RecurringMetadata::from(r);
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"frequency":{"unit":"Week","value":"2"}}"#
        );
        let w = WebCheckoutDetails::from(WebCheckoutDetailsInput {
            checkout_mode: Some(CheckoutMode::ProcessOrder),
            ..Default::default()
        });
        assert_eq!(w.amazon_pay_redirect_url, None);
        assert_eq!(w.checkout_mode, Some(CheckoutMode::ProcessOrder));
    }

    #[test]
    fn frequency_value_must_be_whole() {
        for (value, ok) in [
            (r#""1""#, true),
            ("12", true),
            (r#""1.5""#, false),
            ("-1", false),
            (r#""""#, false),
        ] {
            let json = format!(r#"{{"frequency":{{"unit":"Month","value":{value}}}}}"#);
            let r: RecurringMetadataInput = serde_json::from_str(&json).unwrap();
            let result = r.validate_at("recurringMetadata");
            assert_eq!(result.is_ok(), ok, "{value}");
            if let Err(e) = result {
                assert_eq!(e.code(), "FIELD_INVALID");
                assert_eq!(e.field(), "recurringMetadata.frequency.value");
            }
        }
        let r: RecurringMetadataInput =
            serde_json::from_str(r#"{"frequency":{"unit":"Fortnight"}}"#).unwrap();
        assert_eq!(
            r.validate_at("recurringMetadata").unwrap_err().field(),
            "recurringMetadata.frequency.unit"
        );
    }
}
