//! `POST /v1/permission-button`: the body of a button that keeps the buyer's payment method,
//! and the checked plan it stands for.
//!
//! | body | plan |
//! |---|---|
//! | `{kind: "Recurring", frequencyUnit, frequencyValue, cart \| cartToken}` | subscription with its first payment, review page |
//! | `{kind: "PaymentMethodOnFile", cart \| cartToken}` | setup during checkout, review page |
//! | `{kind: "PaymentMethodOnFile", setupOnly: true}` | setup only: nothing charged |
//! | `{kind, …, address, cart \| cartToken}` | Additional Payment Button: the shop has the address |
//! | `{kind: "OneTime", address, cart \| cartToken}` | the same, for one payment only |
//!
//! [`PermissionButtonRequest::plan`] checks everything the body alone decides; where the amount
//! comes from (catalog or cart token) and the payload ([`crate::payload::permission_payload`])
//! are the signer's part.

use serde::{Deserialize, Serialize};

use crate::api::{AddressDetails, FrequencyInput, NumberText, RecurringMetadataInput};
use crate::cart::CartLine;
use crate::vocabulary::{ChargePermissionType, FrequencyUnit, Placement, ProductType};
use crate::wire::{ErrorCode, WireError};
use crate::wire_option;

/// The longest `frequencyValue` (in digits): Amazon takes 1 to 999 units.
const MAX_FREQUENCY_DIGITS: usize = 3;

/// The body of `POST /v1/permission-button`. `kind`, `placement` and `frequencyUnit` are read
/// through [`crate::vocabulary`]: another value is refused while parsing, with `OPTION_INVALID`
/// naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PermissionButtonRequest {
    /// `Recurring`, `PaymentMethodOnFile`, or `OneTime` (with `address` only).
    #[serde(deserialize_with = "wire_option::kind")]
    pub kind: ChargePermissionType,
    /// Where the button is shown.
    #[serde(deserialize_with = "wire_option::placement")]
    pub placement: Placement,
    /// Save the payment method without charging (`PaymentMethodOnFile` without an address).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub setup_only: bool,
    /// The subscription's unit (Recurring only, with `frequencyValue`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire_option::optional_frequency_unit"
    )]
    pub frequency_unit: Option<FrequencyUnit>,
    /// How many units apart, `"1"` to `"999"` (Recurring only, with `frequencyUnit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_value: Option<String>,
    /// Catalog lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart: Option<Vec<CartLine>>,
    /// A cart token from the merchant's backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart_token: Option<String>,
    /// The buyer's address the shop already has: the Additional Payment Button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressDetails>,
    /// The hash of the browser's binding secret ([`crate::binding`]), as on `/v1/button`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding_hash: Option<String>,
}

/// How the buyer goes through the checkout a permission button starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermissionFlow {
    /// The review page; the amount is set at place-order.
    Review,
    /// Amazon's page pays at once (`ProcessOrder`) for the address the shop passes.
    AdditionalPaymentButton(Box<AddressDetails>),
    /// Amazon's page saves the payment method (`Confirm`, `setupOnly`); nothing is charged.
    SetupOnly,
}

/// What a checked [`PermissionButtonRequest`] asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionPlan {
    /// `OneTime` (Additional Payment Button only), `Recurring` or `PaymentMethodOnFile`.
    pub kind: ChargePermissionType,
    /// The subscription's frequency (Recurring only).
    pub recurring: Option<RecurringMetadataInput>,
    /// The checkout flow.
    pub flow: PermissionFlow,
}

impl PermissionPlan {
    /// The `productType` of the button: `PayOnly` when nothing is shipped for it (setup only),
    /// `PayAndShip` otherwise.
    pub fn product_type(&self) -> ProductType {
        match self.flow {
            PermissionFlow::SetupOnly => ProductType::PayOnly,
            _ => ProductType::PayAndShip,
        }
    }

    /// True when the flow charges the buyer, so the body needs a cart or cart token.
    pub fn charges(&self) -> bool {
        self.flow != PermissionFlow::SetupOnly
    }
}

fn invalid(message: &str) -> WireError {
    WireError::new(ErrorCode::OptionInvalid, message)
}

fn frequency(
    unit: Option<FrequencyUnit>,
    value: Option<&str>,
) -> Result<Option<RecurringMetadataInput>, WireError> {
    let (Some(unit), Some(value)) = (unit, value) else {
        if unit.is_some() || value.is_some() {
            return Err(invalid("give both frequencyUnit and frequencyValue"));
        }
        return Ok(None);
    };
    let whole = !value.is_empty()
        && value.len() <= MAX_FREQUENCY_DIGITS
        && value.bytes().all(|b| b.is_ascii_digit())
        && !value.starts_with('0');
    if !whole {
        return Err(invalid("frequencyValue must be a whole number from 1 to 999"));
    }
    Ok(Some(RecurringMetadataInput {
        frequency: Some(FrequencyInput {
            unit: Some(unit.into()),
            value: Some(NumberText::from(value)),
        }),
        amount: None,
    }))
}

impl PermissionButtonRequest {
    /// Checks the body (its placement, kind and frequency unit are known values once parsed):
    /// the frequency (both parts, Recurring only), which flow it is — `setupOnly` is for a
    /// `PaymentMethodOnFile` button without an address and without a cart — and the address
    /// (its country's rules, see [`AddressDetails::validate_at`]).
    /// Errors: `OPTION_INVALID`, `CART_SOURCE_INVALID` for a cart sent with `setupOnly`,
    /// `INVALID_REQUEST` naming the address field. Whether the cart prices is the signer's check.
    pub fn plan(&self) -> Result<PermissionPlan, WireError> {
        let kind = self.kind;
        if kind == ChargePermissionType::OneTime && self.address.is_none() {
            return Err(invalid(
                "a OneTime button here is the Additional Payment Button: give the address (an ordinary one is /v1/button's)",
            ));
        }
        let recurring = frequency(self.frequency_unit, self.frequency_value.as_deref())?;
        if (kind == ChargePermissionType::Recurring) != recurring.is_some() {
            return Err(invalid(
                "a Recurring button needs frequencyUnit and frequencyValue, and only it takes them",
            ));
        }
        let flow = if self.setup_only {
            if kind != ChargePermissionType::PaymentMethodOnFile || self.address.is_some() {
                return Err(invalid(
                    "setupOnly is for a PaymentMethodOnFile button without an address",
                ));
            }
            if self.cart.is_some() || self.cart_token.is_some() {
                return Err(WireError::new(
                    ErrorCode::CartSourceInvalid,
                    "a setup-only button charges nothing: send no cart",
                ));
            }
            PermissionFlow::SetupOnly
        } else {
            match &self.address {
                Some(address) => {
                    address
                        .validate_at("address")
                        .map_err(|e| WireError::new(ErrorCode::InvalidRequest, e.to_string()))?;
                    PermissionFlow::AdditionalPaymentButton(Box::new(address.clone()))
                }
                None => PermissionFlow::Review,
            }
        };
        Ok(PermissionPlan {
            kind,
            recurring,
            flow,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::parse_body;

    fn request(json: &str) -> PermissionButtonRequest {
        parse_body(json.as_bytes(), false).unwrap()
    }

    /// The refusal of a body, by the parser or by [`PermissionButtonRequest::plan`].
    fn refused(json: &str) -> (ErrorCode, String) {
        let e = match parse_body::<PermissionButtonRequest>(json.as_bytes(), false) {
            Ok(body) => body.plan().unwrap_err(),
            Err(e) => e,
        };
        (e.code, e.message)
    }

    #[test]
    fn each_flow() {
        let cart = r#""cart":[{"sku":"TEA-1","quantity":1}]"#;
        let monthly = request(&format!(
            r#"{{"kind":"Recurring","placement":"Cart","frequencyUnit":"Month","frequencyValue":"1",{cart}}}"#
        ))
        .plan()
        .unwrap();
        assert_eq!(monthly.kind, ChargePermissionType::Recurring);
        assert_eq!(monthly.flow, PermissionFlow::Review);
        assert_eq!(monthly.product_type(), ProductType::PayAndShip);
        let frequency = monthly.recurring.unwrap().frequency.unwrap();
        assert_eq!(frequency.unit, Some(crate::api::FrequencyUnit::Month));
        assert_eq!(frequency.value, Some(NumberText::from("1")));

        let on_file = request(&format!(
            r#"{{"kind":"PaymentMethodOnFile","placement":"Checkout",{cart}}}"#
        ))
        .plan()
        .unwrap();
        assert!(on_file.charges());
        assert_eq!(
            (on_file.kind, on_file.flow, on_file.recurring),
            (
                ChargePermissionType::PaymentMethodOnFile,
                PermissionFlow::Review,
                None
            )
        );

        let setup = request(r#"{"kind":"PaymentMethodOnFile","placement":"Other","setupOnly":true}"#)
            .plan()
            .unwrap();
        assert_eq!(setup.flow, PermissionFlow::SetupOnly);
        assert_eq!(setup.product_type(), ProductType::PayOnly);
        assert!(!setup.charges());

        let apb = request(&format!(
            r#"{{"kind":"PaymentMethodOnFile","placement":"Checkout","address":{{"name":"山田 太郎","addressLine1":"六本木1-1-1","stateOrRegion":"東京都","postalCode":"106-0032","countryCode":"JP","phoneNumber":"0312345678"}},{cart}}}"#
        ))
        .plan()
        .unwrap();
        let PermissionFlow::AdditionalPaymentButton(address) = apb.flow else {
            panic!("an Additional Payment Button");
        };
        assert_eq!(address.postal_code.as_deref(), Some("106-0032"));

        let once = request(&format!(
            r#"{{"kind":"OneTime","placement":"Checkout","address":{{"name":"山田 太郎","addressLine1":"六本木1-1-1","stateOrRegion":"東京都","postalCode":"106-0032","countryCode":"JP","phoneNumber":"0312345678"}},{cart}}}"#
        ))
        .plan()
        .unwrap();
        assert_eq!(once.kind, ChargePermissionType::OneTime);
        assert!(matches!(once.flow, PermissionFlow::AdditionalPaymentButton(_)));
        assert_eq!(once.product_type(), ProductType::PayAndShip);
    }

    #[test]
    fn each_refusal_names_its_rule() {
        let cases = [
            (
                r#"{"kind":"Once","placement":"Cart"}"#,
                "kind must be one of OneTime, Recurring, PaymentMethodOnFile",
            ),
            (r#"{"kind":"OneTime","placement":"Cart"}"#, "give the address"),
            (
                r#"{"kind":"Recurring","placement":"Nowhere"}"#,
                "placement must be one of Home, Product, Cart, Checkout, Other",
            ),
            (
                r#"{"kind":"Recurring","placement":"Cart"}"#,
                "needs frequencyUnit",
            ),
            (
                r#"{"kind":"Recurring","placement":"Cart","frequencyUnit":"Month"}"#,
                "give both",
            ),
            (
                r#"{"kind":"Recurring","placement":"Cart","frequencyUnit":"Fortnight","frequencyValue":"1"}"#,
                "frequencyUnit must be one of Year, Month, Week, Day, Variable",
            ),
            (
                r#"{"kind":"PaymentMethodOnFile","placement":"Cart","frequencyUnit":"Month","frequencyValue":"1"}"#,
                "only it takes them",
            ),
            (
                r#"{"kind":"Recurring","placement":"Cart","setupOnly":true,"frequencyUnit":"Day","frequencyValue":"7"}"#,
                "setupOnly is for",
            ),
            (
                r#"{"kind":"PaymentMethodOnFile","placement":"Cart","setupOnly":true,"address":{"name":"A"}}"#,
                "setupOnly is for",
            ),
        ];
        for (body, message) in cases {
            let (code, text) = refused(body);
            assert_eq!(code, ErrorCode::OptionInvalid, "{body}");
            assert!(text.contains(message), "{body}: {text}");
        }
        for value in ["0", "00", "01", "1000", "", "1.5", "-1", "１"] {
            let body = format!(
                r#"{{"kind":"Recurring","placement":"Cart","frequencyUnit":"Week","frequencyValue":"{value}"}}"#
            );
            let (code, text) = refused(&body);
            assert_eq!(code, ErrorCode::OptionInvalid, "{value}");
            assert!(text.contains("1 to 999"), "{value}: {text}");
        }
        for value in ["1", "999", "12"] {
            let body = format!(
                r#"{{"kind":"Recurring","placement":"Cart","frequencyUnit":"Week","frequencyValue":"{value}"}}"#
            );
            assert!(request(&body).plan().is_ok(), "{value}");
        }
        let (code, _) =
            refused(r#"{"kind":"PaymentMethodOnFile","placement":"Cart","setupOnly":true,"cartToken":"t"}"#);
        assert_eq!(code, ErrorCode::CartSourceInvalid);
        let (code, text) = refused(
            r#"{"kind":"PaymentMethodOnFile","placement":"Cart","address":{"name":"山田 太郎","addressLine1":"六本木1-1-1","city":"東京都","postalCode":"106-0032","countryCode":"JP","phoneNumber":"0312345678"}}"#,
        );
        assert_eq!(code, ErrorCode::InvalidRequest);
        assert!(text.contains("address.stateOrRegion"), "{text}");
    }

    #[test]
    fn configuration_and_amount_fields_are_not_the_browsers() {
        for body in [
            r#"{"kind":"PaymentMethodOnFile","placement":"Cart","paymentIntent":"Confirm"}"#,
            r#"{"kind":"PaymentMethodOnFile","placement":"Cart","amount":"1"}"#,
            r#"{"kind":"PaymentMethodOnFile","placement":"Cart","chargePermissionType":"OneTime"}"#,
        ] {
            let e = parse_body::<PermissionButtonRequest>(body.as_bytes(), false).unwrap_err();
            assert!(
                matches!(
                    e.code,
                    ErrorCode::FieldNotAllowed | ErrorCode::ClientAmountsDisabled | ErrorCode::InvalidRequest
                ),
                "{body}: {e}"
            );
        }
    }
}
