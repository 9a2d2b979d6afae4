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
use wasm_bindgen::JsValue;

use crate::error::{Result, WidgetError};
use crate::json::{self, Fields, FromJs, ObjectBuilder, ToJs};
use crate::options::{pick, Cart};

/// An option error with a fixed message (one function keeps the bundle small).
#[inline(never)]
fn invalid(option: &str, message: &str) -> WidgetError {
    WidgetError::option(option, message)
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
    fn valid_value(value: &str) -> bool {
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
    values: [Option<String>; 10],
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
    fn checked(values: [Option<String>; 10]) -> Result<ShopAddress, json::Error> {
        for (value, required) in values.iter().zip(REQUIRED) {
            if required && value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                return Err("address: a required field is missing".into());
            }
        }
        Ok(ShopAddress { values })
    }
}

impl FromJs for ShopAddress {
    fn from_js(value: &JsValue, path: &str) -> Result<ShopAddress, json::Error> {
        let path = if path.is_empty() { "address" } else { path };
        let f = Fields::new(value, path)?.only(&ADDRESS_FIELDS)?;
        let mut values: [Option<String>; 10] = Default::default();
        for (slot, name) in values.iter_mut().zip(ADDRESS_FIELDS) {
            *slot = f.opt(name)?;
        }
        ShopAddress::checked(values)
    }
}

impl ToJs for ShopAddress {
    fn to_js(&self) -> JsValue {
        let mut object = ObjectBuilder::default();
        for (value, name) in self.values.iter().zip(ADDRESS_FIELDS) {
            object = object.set_opt(name, value.as_ref());
        }
        object.build()
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

    /// Reads `chargePermissionType`, `recurringMetadata: {frequency: {unit, value}}`,
    /// `setupOnly` and `address` from the button options object; `None` without a
    /// `chargePermissionType`.
    #[inline(never)]
    pub(crate) fn from_fields(f: &Fields<'_>) -> Result<Option<PermissionOptions>, json::Error> {
        let kind: Option<String> = f.opt("chargePermissionType")?;
        let recurring = f.get("recurringMetadata");
        let recurring = (!recurring.is_undefined() && !recurring.is_null()).then_some(recurring);
        let setup_only: Option<bool> = f.opt("setupOnly")?;
        let address = f.get("address");
        let address = if address.is_undefined() || address.is_null() {
            None
        } else {
            Some(ShopAddress::from_js(&address, "address")?)
        };
        let Some(kind) = kind else {
            if recurring.is_some() || setup_only.is_some() || address.is_some() {
                return Err("needs chargePermissionType".into());
            }
            return Ok(None);
        };
        let kind = match kind.as_str() {
            "OneTime" => ChargePermissionType::OneTime,
            "Recurring" => ChargePermissionType::Recurring,
            "PaymentMethodOnFile" => ChargePermissionType::PaymentMethodOnFile,
            _ => return Err("chargePermissionType: unknown".into()),
        };
        let frequency = match recurring {
            Some(recurring) => {
                let inner = Fields::new(&recurring, "recurringMetadata")?
                    .only(&["frequency"])?
                    .get("frequency");
                // Amazon's frequency has a unit and a value only; anything else is not read.
                let g = Fields::new(&inner, "recurringMetadata.frequency")?;
                let unit = match g.req::<String>("unit")?.as_str() {
                    "Year" => FrequencyUnit::Year,
                    "Month" => FrequencyUnit::Month,
                    "Week" => FrequencyUnit::Week,
                    "Day" => FrequencyUnit::Day,
                    "Variable" => FrequencyUnit::Variable,
                    _ => return Err("frequency.unit: unknown".into()),
                };
                let value = g.req::<String>("value")?;
                if !Frequency::valid_value(&value) {
                    return Err("frequency.value: \"1\" to \"999\"".into());
                }
                Some(Frequency { unit, value })
            }
            None => None,
        };
        Ok(Some(PermissionOptions {
            kind,
            frequency,
            setup_only: setup_only.unwrap_or(false),
            address,
        }))
    }

    /// Reads the `data-*` attributes `data-charge-permission-type`, `data-frequency-unit`,
    /// `data-frequency-value`, `data-setup-only` (present or `"true"`; `"false"`) and
    /// `data-address` (JSON) as the options object they stand for, so both follow the same rules.
    #[inline(never)]
    pub(crate) fn from_attributes(
        charge_permission_type: Option<String>,
        unit: Option<String>,
        value: Option<String>,
        setup_only: Option<String>,
        address: Option<String>,
    ) -> Result<Option<PermissionOptions>> {
        let mut options = ObjectBuilder::default().set_opt("chargePermissionType", charge_permission_type);
        if unit.is_some() || value.is_some() {
            let frequency = ObjectBuilder::default()
                .set_opt("unit", unit)
                .set_opt("value", value)
                .build();
            options = options.set(
                "recurringMetadata",
                ObjectBuilder::default().set("frequency", frequency).build(),
            );
        }
        if let Some(flag) = setup_only {
            // Present (`data-setup-only`) is true; anything but true or false is refused.
            let flag = match flag.as_str() {
                "" | "true" => JsValue::TRUE,
                "false" => JsValue::FALSE,
                _ => JsValue::from(flag),
            };
            options = options.set("setupOnly", flag);
        }
        if let Some(text) = address {
            let parsed = js_sys::JSON::parse(&text).map_err(|_| invalid("data-address", "is not JSON"))?;
            options = options.set("address", parsed);
        }
        let options = options.build();
        Fields::new(&options, "")
            .and_then(|f| PermissionOptions::from_fields(&f))
            .map_err(|e| WidgetError::option("data-*", e))
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

impl ToJs for PermissionButtonRequest {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("kind", self.kind.as_str())
            .set("placement", &self.placement)
            .set_opt("frequencyUnit", self.frequency.as_ref().map(|f| f.unit.as_str()))
            .set_opt(
                "frequencyValue",
                self.frequency.as_ref().map(|f| f.value.as_str()),
            )
            .set_opt("setupOnly", self.setup_only.then_some(true))
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("address", self.address.as_ref())
            .build()
    }
}

/// The body as the signer receives it (JSON text), for tests and logs.
pub fn request_json(request: &PermissionButtonRequest) -> Result<String> {
    json::to_string(request).map_err(|e| WidgetError::option("chargePermissionType", e))
}
