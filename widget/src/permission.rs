//! Buttons that keep the buyer's payment method: a subscription (`chargePermissionType:
//! "Recurring"` with `recurringMetadata.frequency`) or a payment method on file
//! (`"PaymentMethodOnFile"`), during a checkout or on its own (`setupOnly`: nothing is charged),
//! and the Additional Payment Button (`address`: the shop already has the address and the buyer
//! pays at once), which may also be one payment only (`"OneTime"` with `address`). Names follow
//! Amazon's checkout session fields.
//!
//! Such a button asks the signer's `POST /v1/permission-button` (not `/v1/button`) for its
//! signed payload; the body is [`PermissionButtonRequest`].

use amazon_pay_shared::cart::CartLine;

use crate::cart::Cart;
use crate::error::{Result, WidgetError};
use crate::vocabulary::Placement;
pub use crate::vocabulary::{ChargePermissionType, FrequencyUnit};

/// An option error with a fixed message (one function keeps the bundle small).
#[inline(never)]
fn invalid(option: &str, message: &str) -> WidgetError {
    WidgetError::option(option, message)
}

/// How often a subscription is charged: every `value` `unit`s (e.g. every 1 Month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frequency {
    /// The unit.
    pub unit: FrequencyUnit,
    /// A whole number from 1 to 999, as text (Amazon's `value` is a string).
    pub value: String,
}

impl Frequency {
    /// True for a whole number from 1 to 999 without leading zeros.
    pub(crate) fn valid_value(value: &str) -> bool {
        (1..=3).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) && !value.starts_with('0')
    }

    /// A checked frequency.
    pub fn new(unit: FrequencyUnit, value: &str) -> Result<Frequency> {
        if !Frequency::valid_value(value) {
            return Err(invalid("recurringMetadata.frequency.value", "1 to 999, as text"));
        }
        Ok(Frequency {
            unit,
            value: value.to_owned(),
        })
    }
}

/// The JavaScript names of the fields of [`ShopAddress`] (Amazon's `addressDetails`).
pub const ADDRESS_FIELDS: [&str; 10] = [
    "name",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "city",
    "districtOrCounty",
    "stateOrRegion",
    "postalCode",
    "countryCode",
    "phoneNumber",
];

/// Which fields of [`ADDRESS_FIELDS`] a [`ShopAddress`] must have: name, first line, postal
/// code, country code and phone number.
const REQUIRED: [bool; 10] = [true, true, false, false, false, false, false, true, true, true];

/// The shop's own shipping address for the Additional Payment Button (Amazon's
/// `addressDetails`): the fields of [`ADDRESS_FIELDS`], by name. Every `ShopAddress` has a
/// name, a first line, a postal code, a country code (`JP`) and a phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopAddress {
    pub(crate) values: [Option<String>; 10],
}

impl ShopAddress {
    /// An address from `(field, value)` pairs, fields named as in [`ADDRESS_FIELDS`] (e.g.
    /// `("postalCode", "100-0001")`); an unknown field or a missing required one is
    /// `OPTION_INVALID`.
    pub fn new(fields: &[(&str, &str)]) -> Result<ShopAddress> {
        let mut values: [Option<String>; 10] = Default::default();
        for (field, value) in fields {
            let slot = ADDRESS_FIELDS
                .iter()
                .zip(values.iter_mut())
                .find(|(name, _)| *name == field)
                .map(|(_, slot)| slot)
                .ok_or_else(|| invalid("address", "has an unknown field"))?;
            *slot = Some((*value).to_owned());
        }
        ShopAddress::checked(values).map_err(|e| WidgetError::option("address", e))
    }

    /// A field by its name in [`ADDRESS_FIELDS`].
    pub fn get(&self, field: &str) -> Option<&str> {
        ADDRESS_FIELDS
            .iter()
            .zip(&self.values)
            .find(|(name, _)| **name == field)
            .and_then(|(_, value)| value.as_deref())
    }

    /// The address when the required fields are there (not blank); the country code is
    /// Amazon's to check.
    pub(crate) fn checked(values: [Option<String>; 10]) -> Result<ShopAddress, String> {
        for (value, required) in values.iter().zip(REQUIRED) {
            if required && value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                return Err("address: a required field is missing".into());
            }
        }
        Ok(ShopAddress { values })
    }
}

/// What a permission-keeping button asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionOptions {
    /// Recurring or payment method on file.
    pub kind: ChargePermissionType,
    /// The subscription's frequency (Recurring only, and required there).
    pub frequency: Option<Frequency>,
    /// PaymentMethodOnFile without a purchase: the buyer saves the payment method and nothing
    /// is charged.
    pub setup_only: bool,
    /// The Additional Payment Button: the shop's address, the buyer pays at once.
    pub address: Option<ShopAddress>,
}

impl PermissionOptions {
    /// A subscription charged every `frequency`.
    pub fn recurring(frequency: Frequency) -> PermissionOptions {
        PermissionOptions {
            kind: ChargePermissionType::Recurring,
            frequency: Some(frequency),
            setup_only: false,
            address: None,
        }
    }

    /// A payment method on file, saved with a purchase.
    pub fn payment_method_on_file() -> PermissionOptions {
        PermissionOptions {
            kind: ChargePermissionType::PaymentMethodOnFile,
            frequency: None,
            setup_only: false,
            address: None,
        }
    }

    /// A payment method on file, saved without a purchase (nothing charged).
    pub fn setup_only() -> PermissionOptions {
        PermissionOptions {
            setup_only: true,
            ..PermissionOptions::payment_method_on_file()
        }
    }

    /// Adds the shop's address (the Additional Payment Button).
    pub fn with_address(mut self, address: ShopAddress) -> PermissionOptions {
        self.address = Some(address);
        self
    }

    /// Checks the combination against the cart the button sends: a Recurring button needs its
    /// frequency and only it takes one; a OneTime button needs the address; setup only is for
    /// PaymentMethodOnFile without an address and without a cart; every other permission
    /// button needs a cart or a cart token.
    #[inline(never)]
    pub fn validate(&self, cart: &Cart) -> Result<()> {
        let recurring = self.kind == ChargePermissionType::Recurring;
        if recurring && self.frequency.is_none() {
            return Err(invalid("recurringMetadata", "Recurring needs a frequency"));
        }
        if !recurring && self.frequency.is_some() {
            return Err(invalid("recurringMetadata", "for Recurring only"));
        }
        if self.kind == ChargePermissionType::OneTime && self.address.is_none() {
            return Err(invalid("chargePermissionType", "OneTime goes with an address"));
        }
        let has_cart = cart.lines.is_some() || cart.cart_token.is_some();
        if self.setup_only {
            if self.kind != ChargePermissionType::PaymentMethodOnFile || self.address.is_some() {
                return Err(invalid("setupOnly", "PaymentMethodOnFile, no address"));
            }
            if has_cart || cart.estimated_order_amount.is_some() {
                return Err(WidgetError::CartInvalid("setup only takes no cart".into()));
            }
        } else if !has_cart {
            return Err(WidgetError::CartInvalid("needs lines or a cart token".into()));
        }
        Ok(())
    }

    /// The kind named by `chargePermissionType` in the shop's options.
    pub(crate) fn kind_named(name: &str) -> Result<ChargePermissionType, String> {
        ChargePermissionType::parse(name).ok_or_else(|| "chargePermissionType: unknown".into())
    }

    /// The unit named by `recurringMetadata.frequency.unit` in the shop's options.
    pub(crate) fn unit_named(unit: &str) -> Result<FrequencyUnit, String> {
        FrequencyUnit::parse(unit).ok_or_else(|| "frequency.unit: unknown".into())
    }

    /// The frequency of `unit` and `recurringMetadata.frequency.value` in the shop's options.
    pub(crate) fn frequency_named(unit: FrequencyUnit, value: String) -> Result<Frequency, String> {
        if !Frequency::valid_value(&value) {
            return Err("frequency.value: \"1\" to \"999\"".into());
        }
        Ok(Frequency { unit, value })
    }
}

/// The body of `POST /v1/permission-button`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionButtonRequest {
    /// `Recurring` or `PaymentMethodOnFile`.
    pub kind: ChargePermissionType,
    /// Where the button is shown.
    pub placement: Placement,
    /// The subscription's frequency.
    pub frequency: Option<Frequency>,
    /// Setup only (nothing charged).
    pub setup_only: bool,
    /// Catalog lines.
    pub cart: Option<Vec<CartLine>>,
    /// A cart token.
    pub cart_token: Option<String>,
    /// The shop's address (the Additional Payment Button).
    pub address: Option<ShopAddress>,
    /// The hash of the click's binding secret (set by the signer client when it sends).
    pub binding_hash: Option<String>,
}

impl PermissionButtonRequest {
    /// The request for `options` with this cart and placement.
    pub fn new(options: &PermissionOptions, placement: Placement, cart: &Cart) -> PermissionButtonRequest {
        PermissionButtonRequest {
            kind: options.kind,
            placement,
            frequency: options.frequency.clone(),
            setup_only: options.setup_only,
            cart: cart.lines.clone(),
            cart_token: cart.cart_token.clone(),
            address: options.address.clone(),
            binding_hash: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use amazon_pay_shared::cart::CartLine;
    use amazon_pay_shared::money::{Currency, Money};

    use super::*;

    fn monthly() -> PermissionOptions {
        PermissionOptions::recurring(Frequency::new(FrequencyUnit::Month, "1").unwrap())
    }

    fn address() -> ShopAddress {
        ShopAddress::new(&[
            ("name", "山田 花子"),
            ("addressLine1", "千代田1-1"),
            ("stateOrRegion", "東京都"),
            ("postalCode", "100-0001"),
            ("countryCode", "JP"),
            ("phoneNumber", "0312345678"),
        ])
        .unwrap()
    }

    fn lines() -> Cart {
        Cart::lines(vec![CartLine::new("TEA-1", 1)])
    }

    fn refused(options: &PermissionOptions, cart: &Cart) -> (&'static str, String) {
        let e = options.validate(cart).unwrap_err();
        (e.code(), e.to_string())
    }

    #[test]
    fn frequencies_are_one_to_999_units() {
        for value in ["1", "12", "999"] {
            Frequency::new(FrequencyUnit::Week, value).unwrap();
        }
        for value in ["0", "01", "1000", "", "1.5", "-1", "abc"] {
            assert_eq!(
                Frequency::new(FrequencyUnit::Week, value).unwrap_err().code(),
                "OPTION_INVALID",
                "{value}"
            );
        }
        assert_eq!(
            PermissionOptions::unit_named("Fortnight").unwrap_err(),
            "frequency.unit: unknown"
        );
        for &unit in FrequencyUnit::ALL {
            assert_eq!(PermissionOptions::unit_named(unit.as_str()), Ok(unit));
        }
        assert_eq!(
            PermissionOptions::frequency_named(FrequencyUnit::Day, "1000".into()).unwrap_err(),
            "frequency.value: \"1\" to \"999\""
        );
    }

    #[test]
    fn kinds_are_amazons_names() {
        for &kind in ChargePermissionType::ALL {
            assert_eq!(PermissionOptions::kind_named(kind.as_str()), Ok(kind));
        }
        assert_eq!(
            PermissionOptions::kind_named("Subscription").unwrap_err(),
            "chargePermissionType: unknown"
        );
    }

    #[test]
    fn a_subscription_needs_its_frequency_and_a_cart() {
        monthly().validate(&lines()).unwrap();
        monthly()
            .validate(&Cart::default().with_cart_token("v1.token.mac"))
            .unwrap();
        assert_eq!(refused(&monthly(), &Cart::default()).0, "CART_INVALID");
        let without = PermissionOptions {
            frequency: None,
            ..monthly()
        };
        assert_eq!(
            refused(&without, &lines()),
            (
                "OPTION_INVALID",
                "option recurringMetadata: Recurring needs a frequency".into()
            )
        );
        let stray = PermissionOptions {
            frequency: monthly().frequency,
            ..PermissionOptions::payment_method_on_file()
        };
        assert_eq!(
            refused(&stray, &lines()),
            (
                "OPTION_INVALID",
                "option recurringMetadata: for Recurring only".into()
            )
        );
    }

    #[test]
    fn setup_only_saves_the_payment_method_without_a_cart() {
        PermissionOptions::setup_only()
            .validate(&Cart::default())
            .unwrap();
        assert_eq!(
            refused(&PermissionOptions::setup_only(), &lines()).0,
            "CART_INVALID"
        );
        let amount = Cart::default().with_estimated_order_amount(Money::parse("100", Currency::Jpy).unwrap());
        assert_eq!(
            refused(&PermissionOptions::setup_only(), &amount).0,
            "CART_INVALID"
        );
        let recurring = PermissionOptions {
            setup_only: true,
            ..monthly()
        };
        assert_eq!(refused(&recurring, &Cart::default()).0, "OPTION_INVALID");
        let with_address = PermissionOptions::setup_only().with_address(address());
        assert_eq!(refused(&with_address, &Cart::default()).0, "OPTION_INVALID");
    }

    #[test]
    fn one_time_is_the_additional_payment_button_only() {
        let one_time = PermissionOptions {
            kind: ChargePermissionType::OneTime,
            frequency: None,
            setup_only: false,
            address: None,
        };
        assert_eq!(
            refused(&one_time, &lines()),
            (
                "OPTION_INVALID",
                "option chargePermissionType: OneTime goes with an address".into()
            )
        );
        one_time.with_address(address()).validate(&lines()).unwrap();
        PermissionOptions::payment_method_on_file()
            .with_address(address())
            .validate(&lines())
            .unwrap();
    }

    #[test]
    fn a_shop_address_has_its_required_fields() {
        let address = address();
        assert_eq!(address.get("postalCode"), Some("100-0001"));
        assert_eq!(address.get("city"), None);
        let missing_phone = ShopAddress::new(&[
            ("name", "山田 花子"),
            ("addressLine1", "千代田1-1"),
            ("postalCode", "100-0001"),
            ("countryCode", "JP"),
            ("phoneNumber", "  "),
        ]);
        assert_eq!(
            missing_phone.unwrap_err().to_string(),
            "option address: address: a required field is missing"
        );
        let unknown = ShopAddress::new(&[("street", "x")]).unwrap_err();
        assert_eq!(unknown.to_string(), "option address: has an unknown field");
    }

    #[test]
    fn the_request_carries_the_options_and_the_cart() {
        let cart = lines().with_cart_token("v1.token.mac");
        let request = PermissionButtonRequest::new(&monthly(), Placement::Cart, &cart);
        assert_eq!(request.kind, ChargePermissionType::Recurring);
        assert_eq!(request.placement, Placement::Cart);
        assert_eq!(request.frequency, monthly().frequency);
        assert_eq!(request.cart, cart.lines);
        assert_eq!(request.cart_token.as_deref(), Some("v1.token.mac"));
        assert!(!request.setup_only && request.address.is_none());
    }
}
