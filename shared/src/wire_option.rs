//! Request fields of the `/v1` protocol that take one of Amazon's values (see
//! [`crate::vocabulary`]): read through the vocabulary while the body is deserialised, and
//! refused there with `OPTION_INVALID` naming the field and the allowed values.
//!
//! Serde's errors are text, so a refusal made here is marked, and the wire's body parser turns
//! a marked error into `OPTION_INVALID` ([`option_refusal`]); every other deserialisation error
//! stays `INVALID_REQUEST`. A field of the wrong JSON type is an ordinary serde error.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};

use crate::vocabulary::{
    ButtonColor, ChargePermissionType, FrequencyUnit, Placement, ProductType, UnknownValue, Vocabulary,
};

/// Starts the text of an error made by [`one_of`]; never shown (see [`option_refusal`]).
const MARKER: &str = "\u{1}OPTION_INVALID\u{1}";

/// The message of an `OPTION_INVALID` refusal, when `serde_text` is one made here.
pub(crate) fn option_refusal(serde_text: &str) -> Option<&str> {
    serde_text.strip_prefix(MARKER)
}

/// `text` of `field` when it is one of `values` (whose spellings are `allowed`).
fn one_of<T, E>(
    text: &str,
    field: &'static str,
    values: &[T],
    allowed: &'static [&'static str],
) -> Result<T, E>
where
    T: Vocabulary,
    E: serde::de::Error,
{
    T::parse(text)
        .filter(|value| values.contains(value))
        .ok_or_else(|| E::custom(format_args!("{MARKER}{}", UnknownValue::new(field, allowed))))
}

/// A required string field.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    Cow::deserialize(d)
}

/// An optional string field: `null` is absent, as for any other optional field.
fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    Option::deserialize(d)
}

/// Reads `productType` of a checkout button: `PayAndShip` or `PayOnly`.
pub(crate) fn checkout_product_type<'de, D: Deserializer<'de>>(d: D) -> Result<ProductType, D::Error> {
    one_of(
        &text(d)?,
        "productType",
        ProductType::CHECKOUT,
        ProductType::CHECKOUT_NAMES,
    )
}

/// Reads `placement`.
pub(crate) fn placement<'de, D: Deserializer<'de>>(d: D) -> Result<Placement, D::Error> {
    one_of(&text(d)?, "placement", Placement::ALL, Placement::NAMES)
}

/// Reads an optional `placement` (with `#[serde(default)]`).
pub(crate) fn optional_placement<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Placement>, D::Error> {
    optional_text(d)?
        .map(|t| one_of(&t, "placement", Placement::ALL, Placement::NAMES))
        .transpose()
}

/// Reads an optional `buttonColor` (with `#[serde(default)]`).
pub(crate) fn optional_button_color<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<ButtonColor>, D::Error> {
    optional_text(d)?
        .map(|t| one_of(&t, "buttonColor", ButtonColor::ALL, ButtonColor::NAMES))
        .transpose()
}

/// Reads `kind`: a `chargePermissionType`.
pub(crate) fn kind<'de, D: Deserializer<'de>>(d: D) -> Result<ChargePermissionType, D::Error> {
    one_of(
        &text(d)?,
        "kind",
        ChargePermissionType::ALL,
        ChargePermissionType::NAMES,
    )
}

/// Reads an optional `frequencyUnit` (with `#[serde(default)]`).
pub(crate) fn optional_frequency_unit<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<FrequencyUnit>, D::Error> {
    optional_text(d)?
        .map(|t| one_of(&t, "frequencyUnit", FrequencyUnit::ALL, FrequencyUnit::NAMES))
        .transpose()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Body {
        #[serde(deserialize_with = "placement")]
        placement: Placement,
        #[serde(default, deserialize_with = "optional_button_color")]
        button_color: Option<ButtonColor>,
    }

    /// Parses as the wire does: JSON text to a value, then the value to the body.
    fn parse(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_value(serde_json::from_str(json).unwrap())
    }

    fn refusal(json: &str) -> Option<String> {
        let e = parse(json).unwrap_err().to_string();
        option_refusal(&e).map(str::to_owned)
    }

    #[test]
    fn known_values_pass_and_others_are_marked_refusals() {
        let b = parse(r#"{"placement":"Cart","buttonColor":"DarkGray"}"#).unwrap();
        assert_eq!(
            (b.placement, b.button_color),
            (Placement::Cart, Some(ButtonColor::DarkGray))
        );
        for absent in [
            r#"{"placement":"Home"}"#,
            r#"{"placement":"Home","buttonColor":null}"#,
        ] {
            let b = parse(absent).unwrap();
            assert_eq!(b.button_color, None, "{absent}");
        }
        assert_eq!(
            refusal(r#"{"placement":"Moon"}"#).as_deref(),
            Some("placement must be one of Home, Product, Cart, Checkout, Other")
        );
        assert_eq!(
            refusal(r#"{"placement":"Cart","buttonColor":"Red"}"#).as_deref(),
            Some("buttonColor must be one of Gold, LightGray, DarkGray")
        );
        // A wrong JSON type, a null or a missing field is not an option refusal.
        for other in [
            r#"{"placement":1}"#,
            r#"{"placement":null}"#,
            r#"{"placement":"Cart","buttonColor":2}"#,
            r#"{}"#,
            r#"{"placement":"Cart","x":1}"#,
        ] {
            assert_eq!(refusal(other), None, "{other}");
        }
    }
}
