//! The widget's closed vocabularies: where a button is shown, its colour, what it does, the
//! charge-permission kind of a button that keeps the payment method and a subscription's
//! frequency unit. Each is spelled exactly as Amazon spells it, parsed once, and refused with
//! `OPTION_INVALID` naming the accepted values.

use crate::error::{Result, WidgetError};

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident, $option:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Amazon's spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// Parses Amazon's spelling exactly.
            pub fn parse(s: &str) -> Result<$name> {
                pick($option, s, &[$($text),+], $name::ALL)
            }
        }
    };
}

/// The value whose name (Amazon's spelling, exactly) is `s`, else `OPTION_INVALID` for `option`
/// naming the accepted values. `names` and `values` are in the same order.
pub(crate) fn pick<T: Copy>(option: &str, s: &str, names: &[&str], values: &[T]) -> Result<T> {
    names
        .iter()
        .zip(values)
        .find(|(name, _)| **name == s)
        .map(|(_, value)| *value)
        .ok_or_else(|| not_one_of(option, s, names))
}

/// `'s' is not one of A, B, C` for `option` (one function for every option with a fixed set of
/// values; built by hand, as `join` would link a generic routine of its own).
#[inline(never)]
fn not_one_of(option: &str, s: &str, names: &[&str]) -> WidgetError {
    let mut message = String::from("'");
    message.push_str(s);
    message.push_str("' is not one of ");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(name);
    }
    WidgetError::option(option, message)
}

string_enum! {
    /// What the button does.
    ProductType, "productType" {
        /// Amazon's wallet and address book (the default).
        PayAndShip => "PayAndShip",
        /// The wallet only (digital goods).
        PayOnly => "PayOnly",
        /// Amazon sign-in for member registration.
        SignIn => "SignIn",
    }
}

string_enum! {
    /// Where the button is shown.
    Placement, "placement" {
        /// The home page.
        Home => "Home",
        /// A product page.
        Product => "Product",
        /// The cart.
        Cart => "Cart",
        /// The checkout page.
        Checkout => "Checkout",
        /// Anywhere else.
        Other => "Other",
    }
}

string_enum! {
    /// The button colour.
    ButtonColor, "buttonColor" {
        /// Amazon gold (the default).
        Gold => "Gold",
        /// Light grey.
        LightGray => "LightGray",
        /// Dark grey.
        DarkGray => "DarkGray",
    }
}

/// Amazon's `chargePermissionType` of a button that is not the ordinary one-time checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChargePermissionType {
    /// One payment, with the shop's address: the Additional Payment Button (without an address
    /// a one-time button is the ordinary one: leave the option out).
    OneTime,
    /// A subscription: charged again at the given frequency.
    Recurring,
    /// The payment method is kept for charges the merchant decides later.
    PaymentMethodOnFile,
}

const KINDS: [&str; 3] = ["OneTime", "Recurring", "PaymentMethodOnFile"];

impl ChargePermissionType {
    /// Every type.
    pub const ALL: [ChargePermissionType; 3] = [
        ChargePermissionType::OneTime,
        ChargePermissionType::Recurring,
        ChargePermissionType::PaymentMethodOnFile,
    ];

    /// Amazon's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChargePermissionType::OneTime => "OneTime",
            ChargePermissionType::Recurring => "Recurring",
            ChargePermissionType::PaymentMethodOnFile => "PaymentMethodOnFile",
        }
    }

    /// Parses Amazon's spelling exactly.
    pub fn parse(s: &str) -> Result<ChargePermissionType> {
        pick("chargePermissionType", s, &KINDS, &ChargePermissionType::ALL)
    }
}

/// Amazon's `recurringMetadata.frequency.unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrequencyUnit {
    /// Yearly.
    Year,
    /// Monthly.
    Month,
    /// Weekly.
    Week,
    /// Daily.
    Day,
    /// No fixed schedule.
    Variable,
}

const UNITS: [&str; 5] = ["Year", "Month", "Week", "Day", "Variable"];

impl FrequencyUnit {
    /// Every unit, in the order of Amazon's documentation.
    pub const ALL: [FrequencyUnit; 5] = [
        FrequencyUnit::Year,
        FrequencyUnit::Month,
        FrequencyUnit::Week,
        FrequencyUnit::Day,
        FrequencyUnit::Variable,
    ];

    /// Amazon's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FrequencyUnit::Year => "Year",
            FrequencyUnit::Month => "Month",
            FrequencyUnit::Week => "Week",
            FrequencyUnit::Day => "Day",
            FrequencyUnit::Variable => "Variable",
        }
    }

    /// Parses Amazon's spelling exactly.
    pub fn parse(s: &str) -> Result<FrequencyUnit> {
        pick("recurringMetadata.frequency.unit", s, &UNITS, &FrequencyUnit::ALL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_from_its_name() {
        for v in ProductType::ALL {
            assert_eq!(ProductType::parse(v.as_str()), Ok(*v));
        }
        for v in Placement::ALL {
            assert_eq!(Placement::parse(v.as_str()), Ok(*v));
        }
        for v in ButtonColor::ALL {
            assert_eq!(ButtonColor::parse(v.as_str()), Ok(*v));
        }
        for v in ChargePermissionType::ALL {
            assert_eq!(ChargePermissionType::parse(v.as_str()), Ok(v));
        }
        for v in FrequencyUnit::ALL {
            assert_eq!(FrequencyUnit::parse(v.as_str()), Ok(v));
        }
    }

    #[test]
    fn other_spellings_are_refused_naming_the_values() {
        let e = ButtonColor::parse("gold").unwrap_err();
        assert_eq!(e.code(), "OPTION_INVALID");
        assert_eq!(
            e.to_string(),
            "option buttonColor: 'gold' is not one of Gold, LightGray, DarkGray"
        );
        assert_eq!(
            FrequencyUnit::parse("Hour").unwrap_err().to_string(),
            "option recurringMetadata.frequency.unit: 'Hour' is not one of Year, Month, Week, Day, Variable"
        );
    }
}
