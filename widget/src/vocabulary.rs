//! The closed vocabularies the widget takes as options: where a button is shown, its colour,
//! what it does, the charge-permission kind of a button that keeps the payment method and a
//! subscription's frequency unit. They are the shared crate's
//! ([`amazon_pay_shared::vocabulary`]), spelt exactly as Amazon spells them; [`parse`] reads
//! an option's text once and refuses anything else with `OPTION_INVALID` naming the accepted
//! values.
//!
//! ```
//! use amazon_pay_widget::vocabulary::{self, ButtonColor};
//!
//! assert_eq!(vocabulary::parse::<ButtonColor>("DarkGray"), Ok(ButtonColor::DarkGray));
//! let e = vocabulary::parse::<ButtonColor>("gold").unwrap_err();
//! assert_eq!(e.to_string(), "option buttonColor: 'gold' is not one of Gold, LightGray, DarkGray");
//! ```

pub use amazon_pay_shared::vocabulary::{
    ButtonColor, ChargePermissionType, FrequencyUnit, Placement, ProductType, Vocabulary,
};

use crate::error::{Result, WidgetError};

/// The value of `T` whose name (Amazon's spelling, exactly) is `s`, else `OPTION_INVALID` for
/// `T`'s field ([`Vocabulary::FIELD`]) naming the accepted values.
pub fn parse<T: Vocabulary>(s: &str) -> Result<T> {
    T::parse(s).ok_or_else(|| WidgetError::option(T::FIELD, not_one_of(s, T::NAMES)))
}

/// `'s' is not one of A, B, C` (one function for every set of values; built by hand, as
/// `join` would link a generic routine of its own).
#[inline(never)]
pub(crate) fn not_one_of(s: &str, names: &[&str]) -> String {
    let mut message = String::from("'");
    message.push_str(s);
    message.push_str("' is not one of ");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(name);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_value_parses_back<T: Vocabulary>() {
        for v in T::ALL {
            assert_eq!(parse::<T>(v.as_str()), Ok(*v));
        }
    }

    #[test]
    fn every_value_parses_back_from_its_name() {
        every_value_parses_back::<ProductType>();
        every_value_parses_back::<Placement>();
        every_value_parses_back::<ButtonColor>();
        every_value_parses_back::<ChargePermissionType>();
        every_value_parses_back::<FrequencyUnit>();
    }

    #[test]
    fn other_spellings_are_refused_naming_the_values() {
        let e = parse::<ButtonColor>("gold").unwrap_err();
        assert_eq!(e.code(), "OPTION_INVALID");
        assert_eq!(
            e.to_string(),
            "option buttonColor: 'gold' is not one of Gold, LightGray, DarkGray"
        );
        assert_eq!(
            parse::<FrequencyUnit>("Hour").unwrap_err().to_string(),
            "option recurringMetadata.frequency.unit: 'Hour' is not one of Year, Month, Week, Day, Variable"
        );
        assert_eq!(
            parse::<ChargePermissionType>("Subscription").unwrap_err().to_string(),
            "option chargePermissionType: 'Subscription' is not one of OneTime, Recurring, PaymentMethodOnFile"
        );
        assert_eq!(
            parse::<ProductType>("payonly").unwrap_err().to_string(),
            "option productType: 'payonly' is not one of PayAndShip, PayOnly, SignIn"
        );
    }
}
