//! Field checks of request bodies: documented length limits, prices, known values.
//!
//! Lengths count Unicode scalar values (`char`s), not bytes: `"é"` is one character.

use super::open_enum::OpenEnum;
use crate::money::{Currency, MoneyError, Price};

/// Documented maximum lengths, in characters.
pub mod limits {
    /// `merchantMetadata.merchantReferenceId`.
    pub const MERCHANT_REFERENCE_ID: usize = 256;
    /// `merchantMetadata.merchantStoreName`.
    pub const MERCHANT_STORE_NAME: usize = 50;
    /// `merchantMetadata.noteToBuyer`.
    pub const NOTE_TO_BUYER: usize = 255;
    /// `merchantMetadata.customInformation`.
    pub const CUSTOM_INFORMATION: usize = 4096;
    /// `softDescriptor` of payment details, Create Charge, Capture and Refund.
    pub const SOFT_DESCRIPTOR: usize = 16;
    /// Every URL a client sends (return, cancel and sign-in URLs).
    pub const URL: usize = 512;
    /// `closureReason` of Close Charge Permission.
    pub const CLOSURE_REASON: usize = 255;
    /// `cancellationReason` of Cancel Charge.
    pub const CANCELLATION_REASON: usize = 255;
}

/// Why a request body field was refused by `validate()`. [`ApiFieldError::code`] is stable;
/// [`ApiFieldError::field`] is the JSON path, e.g. `merchantMetadata.merchantStoreName` or
/// `scopes[2]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiFieldError {
    /// Longer than the documented maximum.
    #[error("{field} is {actual} characters long; at most {max} are allowed")]
    TooLong {
        /// JSON path of the field.
        field: String,
        /// The maximum, in characters.
        max: usize,
        /// The length given, in characters.
        actual: usize,
    },
    /// A required string is empty or only whitespace.
    #[error("{field} must not be empty")]
    Empty {
        /// JSON path of the field.
        field: String,
    },
    /// A price (or presentment currency) that [`crate::money`] refuses.
    #[error("{field} is not a valid price: {source}")]
    InvalidPrice {
        /// JSON path of the field.
        field: String,
        /// What was wrong with it; its own [`MoneyError::code`] is stable too.
        source: MoneyError,
    },
    /// A value of a known set (payment intent, scope, …) that this crate does not know.
    #[error("{field} has the unsupported value {value:?}")]
    UnknownValue {
        /// JSON path of the field.
        field: String,
        /// The value given (at most 64 characters of it).
        value: String,
    },
    /// Any other format rule.
    #[error("{field} {reason}")]
    Invalid {
        /// JSON path of the field.
        field: String,
        /// What the rule is.
        reason: &'static str,
    },
}

impl ApiFieldError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiFieldError::TooLong { .. } => "FIELD_TOO_LONG",
            ApiFieldError::Empty { .. } => "FIELD_EMPTY",
            ApiFieldError::InvalidPrice { .. } => "FIELD_INVALID_PRICE",
            ApiFieldError::UnknownValue { .. } => "FIELD_UNKNOWN_VALUE",
            ApiFieldError::Invalid { .. } => "FIELD_INVALID",
        }
    }

    /// The JSON path of the refused field.
    pub fn field(&self) -> &str {
        match self {
            ApiFieldError::TooLong { field, .. }
            | ApiFieldError::Empty { field }
            | ApiFieldError::InvalidPrice { field, .. }
            | ApiFieldError::UnknownValue { field, .. }
            | ApiFieldError::Invalid { field, .. } => field,
        }
    }
}

/// `prefix.name`, or `name` at the top level.
pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

pub(crate) fn check_len(
    prefix: &str,
    name: &str,
    value: Option<&str>,
    max: usize,
) -> Result<(), ApiFieldError> {
    let Some(value) = value else { return Ok(()) };
    // Only count when the byte length could exceed the limit.
    if value.len() <= max {
        return Ok(());
    }
    let actual = value.chars().count();
    if actual > max {
        return Err(ApiFieldError::TooLong {
            field: join(prefix, name),
            max,
            actual,
        });
    }
    Ok(())
}

pub(crate) fn check_required(prefix: &str, name: &str, value: &str) -> Result<(), ApiFieldError> {
    if value.trim().is_empty() {
        Err(ApiFieldError::Empty {
            field: join(prefix, name),
        })
    } else {
        Ok(())
    }
}

pub(crate) fn check_url(prefix: &str, name: &str, value: Option<&str>) -> Result<(), ApiFieldError> {
    check_len(prefix, name, value, limits::URL)
}

pub(crate) fn check_price(prefix: &str, name: &str, value: Option<&Price>) -> Result<(), ApiFieldError> {
    match value {
        Some(price) => price
            .to_money()
            .map(drop)
            .map_err(|source| ApiFieldError::InvalidPrice {
                field: join(prefix, name),
                source,
            }),
        None => Ok(()),
    }
}

pub(crate) fn check_currency(prefix: &str, name: &str, value: Option<&str>) -> Result<(), ApiFieldError> {
    match value {
        Some(code) => code
            .parse::<Currency>()
            .map(drop)
            .map_err(|source| ApiFieldError::InvalidPrice {
                field: join(prefix, name),
                source,
            }),
        None => Ok(()),
    }
}

fn unknown(field: String, value: &str) -> ApiFieldError {
    ApiFieldError::UnknownValue {
        field,
        value: value.chars().take(64).collect(),
    }
}

pub(crate) fn check_known<E: OpenEnum>(
    prefix: &str,
    name: &str,
    value: Option<&E>,
) -> Result<(), ApiFieldError> {
    match value {
        Some(v) if !v.is_known() => Err(unknown(join(prefix, name), v.as_str())),
        _ => Ok(()),
    }
}

pub(crate) fn check_known_list<E: OpenEnum>(
    prefix: &str,
    name: &str,
    values: Option<&[E]>,
) -> Result<(), ApiFieldError> {
    for (i, v) in values.unwrap_or_default().iter().enumerate() {
        if !v.is_known() {
            return Err(unknown(format!("{}[{i}]", join(prefix, name)), v.as_str()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::Scope;

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(check_len("", "x", Some(&"é".repeat(16)), 16).is_ok());
        let e = check_len("a", "x", Some(&"é".repeat(17)), 16).unwrap_err();
        assert_eq!(
            e,
            ApiFieldError::TooLong {
                field: "a.x".into(),
                max: 16,
                actual: 17
            }
        );
        assert_eq!(e.code(), "FIELD_TOO_LONG");
        assert_eq!(e.to_string(), "a.x is 17 characters long; at most 16 are allowed");
        assert!(check_len("", "x", None, 0).is_ok());
        assert!(check_len("", "x", Some(""), 0).is_ok());
    }

    #[test]
    fn prices_map_money_errors() {
        let p = Price {
            amount: "1.5".into(),
            currency_code: "JPY".into(),
        };
        let e = check_price("paymentDetails", "chargeAmount", Some(&p)).unwrap_err();
        assert_eq!(e.code(), "FIELD_INVALID_PRICE");
        assert_eq!(e.field(), "paymentDetails.chargeAmount");
        match &e {
            ApiFieldError::InvalidPrice { source, .. } => {
                assert_eq!(source.code(), crate::error_code::ErrorCode::AmountTooManyDecimals)
            }
            other => panic!("{other:?}"),
        }
        assert!(std::error::Error::source(&e).is_some());
        let ok = Price {
            amount: "1200".into(),
            currency_code: "JPY".into(),
        };
        assert!(check_price("", "chargeAmount", Some(&ok)).is_ok());
        let e = check_currency("paymentDetails", "presentmentCurrency", Some("XYZ")).unwrap_err();
        assert_eq!(e.field(), "paymentDetails.presentmentCurrency");
        assert!(check_currency("", "c", Some("EUR")).is_ok());
    }

    #[test]
    fn known_values_and_lists() {
        let scopes = [Scope::Name, Scope::from("favouriteColour")];
        let e = check_known_list("", "scopes", Some(&scopes[..])).unwrap_err();
        assert_eq!(e.code(), "FIELD_UNKNOWN_VALUE");
        assert_eq!(e.field(), "scopes[1]");
        assert!(check_known_list::<Scope>("", "scopes", None).is_ok());
        let e = check_known("x", "y", Some(&Scope::from("z".repeat(100)))).unwrap_err();
        assert!(matches!(e, ApiFieldError::UnknownValue { ref value, .. } if value.len() == 64));
        assert_eq!(
            check_required("", "storeId", " ").unwrap_err().code(),
            "FIELD_EMPTY"
        );
    }
}
