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
        match name {
            "OneTime" => Ok(ChargePermissionType::OneTime),
            "Recurring" => Ok(ChargePermissionType::Recurring),
            "PaymentMethodOnFile" => Ok(ChargePermissionType::PaymentMethodOnFile),
            _ => Err("chargePermissionType: unknown".into()),
        }
    }

    /// The unit named by `recurringMetadata.frequency.unit` in the shop's options.
    pub(crate) fn unit_named(unit: &str) -> Result<FrequencyUnit, String> {
        match unit {
            "Year" => Ok(FrequencyUnit::Year),
            "Month" => Ok(FrequencyUnit::Month),
            "Week" => Ok(FrequencyUnit::Week),
            "Day" => Ok(FrequencyUnit::Day),
            "Variable" => Ok(FrequencyUnit::Variable),
            _ => Err("frequency.unit: unknown".into()),
        }
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
    pub placement: String,
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
}

impl PermissionButtonRequest {
    /// The request for `options` with this cart and placement.
    pub fn new(options: &PermissionOptions, placement: &str, cart: &Cart) -> PermissionButtonRequest {
        PermissionButtonRequest {
            kind: options.kind,
            placement: placement.to_owned(),
            frequency: options.frequency.clone(),
            setup_only: options.setup_only,
            cart: cart.lines.clone(),
            cart_token: cart.cart_token.clone(),
            address: options.address.clone(),
        }
    }
}
