//! Buttons that keep the buyer's payment method: a subscription (`chargePermissionType:
//! "Recurring"` with `recurringMetadata.frequency`) or a payment method on file
//! (`"PaymentMethodOnFile"`), during a checkout or on its own (`setupOnly`: nothing is charged),
//! and the Additional Payment Button (`address`: the shop already has the address and the buyer
//! pays at once). Names follow Amazon's checkout session fields.
//!
//! Such a button asks the signer's `POST /v1/permission-button` (not `/v1/button`) for its
//! signed payload; the body is [`PermissionButtonRequest`].

use amazon_pay_shared::cart::CartLine;
use wasm_bindgen::JsValue;

use crate::error::{Result, WidgetError};
use crate::json::{self, Fields, FromJs, ObjectBuilder, ToJs};
use crate::options::Cart;

/// Amazon's `chargePermissionType` for a button that keeps the payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChargePermissionType {
    /// A subscription: charged again at the given frequency.
    Recurring,
    /// The payment method is kept for charges the merchant decides later.
    PaymentMethodOnFile,
}

impl ChargePermissionType {
    /// Amazon's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChargePermissionType::Recurring => "Recurring",
            ChargePermissionType::PaymentMethodOnFile => "PaymentMethodOnFile",
        }
    }

    /// Parses Amazon's spelling exactly. `OneTime` is an ordinary button: leave the option out.
    pub fn parse(s: &str) -> Result<ChargePermissionType> {
        match s {
            "Recurring" => Ok(ChargePermissionType::Recurring),
            "PaymentMethodOnFile" => Ok(ChargePermissionType::PaymentMethodOnFile),
            _ => Err(WidgetError::option(
                "chargePermissionType",
                format!("'{s}' is not one of Recurring, PaymentMethodOnFile"),
            )),
        }
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

impl FrequencyUnit {
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
        match s {
            "Year" => Ok(FrequencyUnit::Year),
            "Month" => Ok(FrequencyUnit::Month),
            "Week" => Ok(FrequencyUnit::Week),
            "Day" => Ok(FrequencyUnit::Day),
            "Variable" => Ok(FrequencyUnit::Variable),
            _ => Err(WidgetError::option(
                "recurringMetadata.frequency.unit",
                format!("'{s}' is not one of Year, Month, Week, Day, Variable"),
            )),
        }
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
    /// A checked frequency.
    pub fn new(unit: FrequencyUnit, value: &str) -> Result<Frequency> {
        let ok = !value.is_empty()
            && value.len() <= 3
            && value.bytes().all(|b| b.is_ascii_digit())
            && !value.starts_with('0');
        if !ok {
            return Err(WidgetError::option(
                "recurringMetadata.frequency.value",
                format!("'{value}' is not a whole number from 1 to 999"),
            ));
        }
        Ok(Frequency {
            unit,
            value: value.to_owned(),
        })
    }
}

/// The shop's own shipping address for the Additional Payment Button (Amazon's
/// `addressDetails`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShopAddress {
    /// The recipient.
    pub name: String,
    /// First address line.
    pub address_line1: String,
    /// Second address line.
    pub address_line2: Option<String>,
    /// Third address line.
    pub address_line3: Option<String>,
    /// City.
    pub city: Option<String>,
    /// District or county.
    pub district_or_county: Option<String>,
    /// Prefecture or state.
    pub state_or_region: Option<String>,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code (`JP`).
    pub country_code: String,
    /// Phone number.
    pub phone_number: String,
}

/// The JavaScript names of [`ShopAddress`].
const ADDRESS_FIELDS: [&str; 10] = [
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

impl ShopAddress {
    /// Checks the required fields: name, first line, postal code, phone number (not blank) and
    /// a two-letter country code; every field at most 256 characters.
    pub fn validate(&self) -> Result<()> {
        let required = [
            ("address.name", &self.name),
            ("address.addressLine1", &self.address_line1),
            ("address.postalCode", &self.postal_code),
            ("address.phoneNumber", &self.phone_number),
        ];
        for (option, value) in required {
            if value.trim().is_empty() {
                return Err(WidgetError::option(option, "must not be empty"));
            }
        }
        let code = self.country_code.as_bytes();
        if code.len() != 2 || !code.iter().all(u8::is_ascii_uppercase) {
            return Err(WidgetError::option(
                "address.countryCode",
                format!("'{}' is not a country code like JP", self.country_code),
            ));
        }
        let optional = [
            &self.address_line2,
            &self.address_line3,
            &self.city,
            &self.district_or_county,
            &self.state_or_region,
        ];
        let too_long = required
            .iter()
            .map(|(_, v)| v.as_str())
            .chain(optional.into_iter().flatten().map(String::as_str))
            .any(|v| v.chars().count() > 256);
        if too_long {
            return Err(WidgetError::option(
                "address",
                "a field is longer than 256 characters",
            ));
        }
        Ok(())
    }
}

impl FromJs for ShopAddress {
    fn from_js(value: &JsValue, path: &str) -> Result<ShopAddress, json::Error> {
        let path = if path.is_empty() { "address" } else { path };
        let f = Fields::new(value, path)?.only(&ADDRESS_FIELDS)?;
        Ok(ShopAddress {
            name: f.req("name")?,
            address_line1: f.req("addressLine1")?,
            address_line2: f.opt("addressLine2")?,
            address_line3: f.opt("addressLine3")?,
            city: f.opt("city")?,
            district_or_county: f.opt("districtOrCounty")?,
            state_or_region: f.opt("stateOrRegion")?,
            postal_code: f.req("postalCode")?,
            country_code: f.req("countryCode")?,
            phone_number: f.req("phoneNumber")?,
        })
    }
}

impl ToJs for ShopAddress {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("name", &self.name)
            .set("addressLine1", &self.address_line1)
            .set_opt("addressLine2", self.address_line2.as_ref())
            .set_opt("addressLine3", self.address_line3.as_ref())
            .set_opt("city", self.city.as_ref())
            .set_opt("districtOrCounty", self.district_or_county.as_ref())
            .set_opt("stateOrRegion", self.state_or_region.as_ref())
            .set("postalCode", &self.postal_code)
            .set("countryCode", &self.country_code)
            .set("phoneNumber", &self.phone_number)
            .build()
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
    /// frequency and only it takes one; setup only is for PaymentMethodOnFile without an address
    /// and without a cart; every other permission button needs a cart or a cart token.
    pub fn validate(&self, cart: &Cart) -> Result<()> {
        let recurring = self.kind == ChargePermissionType::Recurring;
        if recurring && self.frequency.is_none() {
            return Err(WidgetError::option(
                "recurringMetadata",
                "a Recurring button needs recurringMetadata.frequency (unit and value)",
            ));
        }
        if !recurring && self.frequency.is_some() {
            return Err(WidgetError::option(
                "recurringMetadata",
                "only a Recurring button takes a frequency",
            ));
        }
        if let Some(address) = &self.address {
            address.validate()?;
        }
        let has_cart = cart.lines.is_some() || cart.cart_token.is_some();
        if self.setup_only {
            if self.kind != ChargePermissionType::PaymentMethodOnFile || self.address.is_some() {
                return Err(WidgetError::option(
                    "setupOnly",
                    "is for a PaymentMethodOnFile button without an address",
                ));
            }
            if has_cart || cart.estimated_order_amount.is_some() {
                return Err(WidgetError::CartInvalid(
                    "a setup-only button charges nothing: give no cart".into(),
                ));
            }
        } else if !has_cart {
            return Err(WidgetError::CartInvalid(
                "this button needs the cart (lines or a cart token)".into(),
            ));
        }
        Ok(())
    }

    /// Reads the options from JavaScript's names: `chargePermissionType`,
    /// `recurringMetadata: {frequency: {unit, value}}`, `setupOnly` and `address`.
    pub(crate) fn from_raw(raw: RawPermission) -> Result<Option<PermissionOptions>> {
        let Some(kind) = raw.charge_permission_type else {
            let stray = raw.frequency.is_some() || raw.setup_only.is_some() || raw.address.is_some();
            if stray {
                return Err(WidgetError::option(
                    "chargePermissionType",
                    "recurringMetadata, setupOnly and address need a chargePermissionType",
                ));
            }
            return Ok(None);
        };
        let kind = ChargePermissionType::parse(&kind)?;
        let frequency = match raw.frequency {
            Some((unit, value)) => Some(Frequency::new(FrequencyUnit::parse(&unit)?, &value)?),
            None => None,
        };
        Ok(Some(PermissionOptions {
            kind,
            frequency,
            setup_only: raw.setup_only.unwrap_or(false),
            address: raw.address,
        }))
    }
}

/// The permission options as given, before validation.
#[derive(Debug, Default)]
pub(crate) struct RawPermission {
    pub(crate) charge_permission_type: Option<String>,
    /// `(unit, value)`.
    pub(crate) frequency: Option<(String, String)>,
    pub(crate) setup_only: Option<bool>,
    pub(crate) address: Option<ShopAddress>,
}

/// `recurringMetadata` as JavaScript passes it: `{frequency: {unit, value}}`.
#[derive(Debug)]
pub(crate) struct RawRecurringMetadata {
    pub(crate) unit: String,
    pub(crate) value: String,
}

impl FromJs for RawRecurringMetadata {
    fn from_js(value: &JsValue, path: &str) -> Result<RawRecurringMetadata, json::Error> {
        let path = if path.is_empty() {
            "recurringMetadata"
        } else {
            path
        };
        let f = Fields::new(value, path)?.only(&["frequency"])?;
        let frequency = f.get("frequency");
        let inner = f.path("frequency");
        let g = Fields::new(&frequency, &inner)?.only(&["unit", "value"])?;
        Ok(RawRecurringMetadata {
            unit: g.req("unit")?,
            value: g.req("value")?,
        })
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
