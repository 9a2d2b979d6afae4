//! Amazon's closed sets of values that this product names: what a button does, where it is
//! shown and its colour, the charge permission a checkout creates, a subscription's frequency
//! unit and the payment intent.
//!
//! Each set is a closed enum with Amazon's exact spelling: `as_str`, a `parse` that is `None`
//! for anything else, `ALL` and `NAMES` in Amazon's documentation order, `FromStr` whose error
//! ([`UnknownValue`]) names the field and the allowed values, `Display`, and serde as a plain
//! JSON string. The same methods are available generically through [`Vocabulary`].
//!
//! The parsing and formatting methods are plain functions over `&str` (no serde, no
//! allocation), so a browser bundle can use them without linking anything it does not call.
//!
//! Where an Amazon object carries one of these fields, [`crate::api`] keeps an *open* enum of
//! the same name (a value Amazon adds later must not break a response) whose known values are
//! the ones listed here.
//!
//! ```
//! use amazon_pay_shared::vocabulary::{Placement, Vocabulary};
//!
//! assert_eq!(Placement::parse("Cart"), Some(Placement::Cart));
//! assert_eq!(Placement::Cart.as_str(), "Cart");
//! assert_eq!(Placement::parse("cart"), None);
//! let e = "Moon".parse::<Placement>().unwrap_err();
//! assert_eq!(e.to_string(), "placement must be one of Home, Product, Cart, Checkout, Other");
//! assert_eq!(<Placement as Vocabulary>::NAMES.len(), Placement::ALL.len());
//! ```

use std::fmt;

/// What every closed set of Amazon values offers, for code that handles them generically
/// (e.g. a request field that takes one of them). Each set has the same items as inherent
/// items too, so the trait only needs importing for generic code.
pub trait Vocabulary: Copy + Eq + fmt::Debug + 'static {
    /// Amazon's name (or JSON path) of the field that takes these values, e.g. `placement`.
    const FIELD: &'static str;
    /// Every value, in Amazon's documentation order.
    const ALL: &'static [Self];
    /// Amazon's spelling of every value, in the order of [`Vocabulary::ALL`].
    const NAMES: &'static [&'static str];

    /// Amazon's spelling.
    fn as_str(self) -> &'static str;

    /// The value Amazon spells `s` exactly (case-sensitive), if there is one.
    fn parse(s: &str) -> Option<Self>;
}

/// A string that is not one of a field's allowed values.
///
/// `Display` names the field and the allowed values, never the refused text:
/// `placement must be one of Home, Product, Cart, Checkout, Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The field, e.g. `placement`.
    pub field: &'static str,
    /// The allowed spellings.
    pub allowed: &'static [&'static str],
}

impl UnknownValue {
    /// The error for a value of `field` outside `allowed`.
    pub fn new(field: &'static str, allowed: &'static [&'static str]) -> UnknownValue {
        UnknownValue { field, allowed }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} must be one of ", self.field)?;
        for (i, name) in self.allowed.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownValue {}

/// Declares a closed set of Amazon values:
///
/// ```ignore
/// vocabulary! {
///     /// Docs for the type.
///     Colour, "colour" {
///         /// Docs for the variant.
///         Red => "Red",
///     }
/// }
/// ```
///
/// generates the enum (`Debug`, `Clone`, `Copy`, `PartialEq`, `Eq`, `Hash`), the inherent
/// `FIELD`, `ALL`, `NAMES`, `as_str` and `parse`, [`Vocabulary`], `Display`, `FromStr` with
/// [`UnknownValue`], and serde as the exact string (any other string or JSON type is refused).
macro_rules! vocabulary {
    ($(
        $(#[$doc:meta])*
        $name:ident, $field:literal {
            $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+
        }
    )+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Amazon's name (or JSON path) of the field that takes these values.
            pub const FIELD: &'static str = $field;
            /// Every value, in Amazon's documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Amazon's spelling of every value, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// Amazon's spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value Amazon spells `s` exactly (case-sensitive), if there is one.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl Vocabulary for $name {
            const FIELD: &'static str = $name::FIELD;
            const ALL: &'static [$name] = $name::ALL;
            const NAMES: &'static [&'static str] = $name::NAMES;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(s: &str) -> Option<$name> {
                $name::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<$name, UnknownValue> {
                $name::parse(s).ok_or(UnknownValue::new($name::FIELD, $name::NAMES))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }
    )+};
}

vocabulary! {
    /// `productType` of a button and its Checkout Session.
    ProductType, "productType" {
        /// Physical goods: Amazon's wallet and address book.
        PayAndShip => "PayAndShip",
        /// Digital goods: the wallet only.
        PayOnly => "PayOnly",
        /// Amazon Sign-in only (member registration).
        SignIn => "SignIn",
    }

    /// `placement` of a button: the page it is shown on.
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

    /// `buttonColor` of a button.
    ButtonColor, "buttonColor" {
        /// Amazon gold (the default).
        Gold => "Gold",
        /// Light grey.
        LightGray => "LightGray",
        /// Dark grey.
        DarkGray => "DarkGray",
    }

    /// `chargePermissionType`: what the buyer's consent allows the merchant to charge.
    ChargePermissionType, "chargePermissionType" {
        /// A single purchase (the default).
        OneTime => "OneTime",
        /// A subscription, charged again at its frequency.
        Recurring => "Recurring",
        /// A saved payment method for later, merchant-initiated charges.
        PaymentMethodOnFile => "PaymentMethodOnFile",
    }

    /// `recurringMetadata.frequency.unit` of a subscription.
    FrequencyUnit, "recurringMetadata.frequency.unit" {
        /// Yearly.
        Year => "Year",
        /// Monthly.
        Month => "Month",
        /// Weekly.
        Week => "Week",
        /// Daily.
        Day => "Day",
        /// No fixed schedule.
        Variable => "Variable",
    }

    /// `paymentDetails.paymentIntent`: what completing the checkout does with the payment.
    PaymentIntent, "paymentDetails.paymentIntent" {
        /// Only create a Charge Permission; authorise and capture later.
        Confirm => "Confirm",
        /// Authorise now, capture later.
        Authorize => "Authorize",
        /// Authorise and capture now (cannot be combined with pending authorisation).
        AuthorizeWithCapture => "AuthorizeWithCapture",
    }
}

impl ProductType {
    /// The product types of a checkout button (`SignIn` has a button of its own).
    pub const CHECKOUT: &'static [ProductType] = &[ProductType::PayAndShip, ProductType::PayOnly];
    /// Amazon's spelling of [`ProductType::CHECKOUT`].
    pub const CHECKOUT_NAMES: &'static [&'static str] = &["PayAndShip", "PayOnly"];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Vocabulary + std::str::FromStr<Err = UnknownValue> + serde::Serialize>() {
        assert_eq!(T::ALL.len(), T::NAMES.len());
        for (value, name) in T::ALL.iter().zip(T::NAMES) {
            assert_eq!(value.as_str(), *name);
            assert_eq!(T::parse(name), Some(*value));
            assert_eq!(name.parse::<T>(), Ok(*value));
            assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{name}\""));
            assert_eq!(T::parse(&name.to_lowercase()), None, "{name}");
        }
        let e = "nope".parse::<T>().unwrap_err();
        assert_eq!(e, UnknownValue::new(T::FIELD, T::NAMES));
        assert!(e.to_string().starts_with(T::FIELD));
        assert!(!e.to_string().contains("nope"));
    }

    #[test]
    fn every_set_round_trips_through_every_form() {
        round_trips::<ProductType>();
        round_trips::<Placement>();
        round_trips::<ButtonColor>();
        round_trips::<ChargePermissionType>();
        round_trips::<FrequencyUnit>();
        round_trips::<PaymentIntent>();
    }

    #[test]
    fn spellings_are_amazons() {
        assert_eq!(ProductType::NAMES, ["PayAndShip", "PayOnly", "SignIn"]);
        assert_eq!(Placement::NAMES, ["Home", "Product", "Cart", "Checkout", "Other"]);
        assert_eq!(ButtonColor::NAMES, ["Gold", "LightGray", "DarkGray"]);
        assert_eq!(
            ChargePermissionType::NAMES,
            ["OneTime", "Recurring", "PaymentMethodOnFile"]
        );
        assert_eq!(FrequencyUnit::NAMES, ["Year", "Month", "Week", "Day", "Variable"]);
        assert_eq!(
            PaymentIntent::NAMES,
            ["Confirm", "Authorize", "AuthorizeWithCapture"]
        );
        let checkout: Vec<&str> = ProductType::CHECKOUT.iter().map(|p| p.as_str()).collect();
        assert_eq!(checkout, ProductType::CHECKOUT_NAMES);
        assert_eq!(String::from(ButtonColor::LightGray), "LightGray");
        assert_eq!(FrequencyUnit::Week.to_string(), "Week");
    }

    #[test]
    fn serde_refuses_other_strings_and_types() {
        let p: Placement = serde_json::from_str(r#""Checkout""#).unwrap();
        assert_eq!(p, Placement::Checkout);
        let e = serde_json::from_str::<Placement>(r#""Moon""#).unwrap_err();
        assert!(e.to_string().contains("placement must be one of Home"), "{e}");
        for other in ["1", "null", "[]", "{}", "true"] {
            assert!(serde_json::from_str::<ButtonColor>(other).is_err(), "{other}");
        }
        // Escaped strings are read as their text.
        let c: ButtonColor = serde_json::from_str(r#""\u0047old""#).unwrap();
        assert_eq!(c, ButtonColor::Gold);
    }
}
