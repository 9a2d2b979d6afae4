//! Typed button options, parsed once: from a JavaScript object or from the
//! `data-*` attributes of a host element. Names follow Amazon's `renderButton` options where
//! Amazon has one (`placement`, `productType`, `buttonColor`, `estimatedOrderAmount`,
//! `checkoutLanguage`).

use amazon_pay_shared::cart::{CartLine, Sku, MAX_LINES, MAX_QUANTITY};
use amazon_pay_shared::money::{Money, Price};
use wasm_bindgen::JsValue;

use crate::error::{Result, WidgetError};
use crate::json::{self, Fields, FromJs};
use crate::permission::PermissionOptions;
use crate::size::{ButtonSizes, SizeName};

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

/// What the buyer is about to buy: catalog lines or a merchant-signed cart token, plus the
/// estimated total shown to Amazon and used for the display limits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cart {
    /// Catalog lines (`{sku, quantity}`); the signer prices them.
    pub lines: Option<Vec<CartLine>>,
    /// A cart token from the merchant's backend.
    pub cart_token: Option<String>,
    /// The estimated total (`estimatedOrderAmount`), exact.
    pub estimated_order_amount: Option<Money>,
}

impl Cart {
    /// A cart of catalog lines.
    pub fn lines(lines: Vec<CartLine>) -> Cart {
        Cart {
            lines: Some(lines),
            ..Cart::default()
        }
    }

    /// Sets the estimated total.
    pub fn with_estimated_order_amount(mut self, amount: Money) -> Cart {
        self.estimated_order_amount = Some(amount);
        self
    }

    /// Sets the cart token.
    pub fn with_cart_token(mut self, token: impl Into<String>) -> Cart {
        self.cart_token = Some(token.into());
        self
    }

    /// Validates the lines, the token and the amount.
    pub fn validate(&self) -> Result<()> {
        if let Some(lines) = &self.lines {
            if lines.len() > MAX_LINES {
                return Err(WidgetError::CartInvalid(format!("more than {MAX_LINES} lines")));
            }
            for line in lines {
                Sku::parse(&line.sku).map_err(|e| {
                    WidgetError::CartInvalid(format!(
                        "{}: sku '{}' must be 1 to 64 of A-Z a-z 0-9 . _ -",
                        e.code(),
                        line.sku
                    ))
                })?;
                if line.quantity == 0 || line.quantity > u64::from(MAX_QUANTITY) {
                    return Err(WidgetError::CartInvalid(format!(
                        "quantity of {} must be 1 to {MAX_QUANTITY}",
                        line.sku
                    )));
                }
            }
        }
        if let Some(token) = &self.cart_token {
            if token.is_empty() || token.len() > 4096 {
                return Err(WidgetError::CartInvalid(
                    "cartToken must be 1 to 4096 characters".into(),
                ));
            }
        }
        Ok(())
    }

    fn from_raw(raw: RawCart) -> Result<Cart> {
        let cart = match raw {
            RawCart::Lines(lines) => Cart::lines(lines),
            RawCart::Object {
                lines,
                cart_token,
                estimated_order_amount,
            } => Cart {
                lines,
                cart_token,
                estimated_order_amount: estimated_order_amount.map(|p| price_to_money(&p)).transpose()?,
            },
        };
        cart.validate()?;
        Ok(cart)
    }
}

fn price_to_money(price: &Price) -> Result<Money> {
    let money = price.to_money().map_err(|e| {
        // The code, not the shared crate's Display (it Debug-formats the input).
        WidgetError::CartInvalid(format!(
            "estimatedOrderAmount {} {}: {}",
            price.amount,
            price.currency_code,
            e.code()
        ))
    })?;
    if money.is_zero() {
        return Err(WidgetError::CartInvalid(
            "estimatedOrderAmount must be above zero".into(),
        ));
    }
    Ok(money)
}

/// The options of one button. Unset values come from the signer's `/v1/config` defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ButtonOptions {
    /// Where the button is shown.
    pub placement: Option<Placement>,
    /// What the button does.
    pub product_type: Option<ProductType>,
    /// The colour.
    pub button_color: Option<ButtonColor>,
    /// The size at PC and smartphone widths.
    pub size: ButtonSizes,
    /// The cart.
    pub cart: Cart,
    /// Overrides the signer's `checkoutLanguage` (e.g. `ja_JP`).
    pub checkout_language: Option<String>,
    /// A button that keeps the payment method (Recurring or PaymentMethodOnFile); it asks the
    /// signer's `/v1/permission-button`.
    pub permission: Option<PermissionOptions>,
}

impl ButtonOptions {
    /// Options with every default.
    pub fn new() -> ButtonOptions {
        ButtonOptions::default()
    }

    /// Sets the placement.
    pub fn with_placement(mut self, placement: Placement) -> ButtonOptions {
        self.placement = Some(placement);
        self
    }

    /// Sets the product type.
    pub fn with_product_type(mut self, product_type: ProductType) -> ButtonOptions {
        self.product_type = Some(product_type);
        self
    }

    /// Sets the colour.
    pub fn with_button_color(mut self, color: ButtonColor) -> ButtonOptions {
        self.button_color = Some(color);
        self
    }

    /// Sets the sizes.
    pub fn with_size(mut self, size: ButtonSizes) -> ButtonOptions {
        self.size = size;
        self
    }

    /// Sets the cart.
    pub fn with_cart(mut self, cart: Cart) -> ButtonOptions {
        self.cart = cart;
        self
    }

    /// Makes the button keep the payment method (see [`crate::permission`]).
    pub fn with_permission(mut self, permission: PermissionOptions) -> ButtonOptions {
        self.permission = Some(permission);
        self
    }

    /// Checks what the options decide together: a permission button's combination (see
    /// [`PermissionOptions::validate`]) and that it is not a sign-in button.
    pub fn validate(&self) -> Result<()> {
        self.cart.validate()?;
        if let Some(permission) = &self.permission {
            if self.product_type == Some(ProductType::SignIn) {
                return Err(WidgetError::option(
                    "productType",
                    "SignIn keeps no payment method",
                ));
            }
            if permission.setup_only && self.product_type == Some(ProductType::PayAndShip) {
                return Err(WidgetError::option("productType", "setup only is PayOnly"));
            }
            permission.validate(&self.cart)?;
        }
        Ok(())
    }

    /// Validates the raw form into typed options.
    pub fn from_raw(raw: RawButtonOptions) -> Result<ButtonOptions> {
        let mut cart = match raw.cart {
            Some(c) => Cart::from_raw(c)?,
            None => Cart::default(),
        };
        if let Some(token) = raw.cart_token {
            cart.cart_token = Some(token);
        }
        if let Some(price) = raw.estimated_order_amount {
            cart.estimated_order_amount = Some(price_to_money(&price)?);
        }
        cart.validate()?;
        let size = match raw.size {
            None => ButtonSizes::default(),
            Some(RawSize::Name(name)) => ButtonSizes::uniform(size_name("size", &name)?),
            Some(RawSize::PerWidth { pc, smartphone }) => ButtonSizes {
                pc: pc
                    .map(|s| size_name("size.pc", &s))
                    .transpose()?
                    .unwrap_or(SizeName::Medium),
                smartphone: smartphone
                    .map(|s| size_name("size.smartphone", &s))
                    .transpose()?
                    .unwrap_or(SizeName::Medium),
            },
        };
        if let Some(lang) = &raw.checkout_language {
            check_language(lang)?;
        }
        let options = ButtonOptions {
            placement: raw.placement.as_deref().map(Placement::parse).transpose()?,
            product_type: raw.product_type.as_deref().map(ProductType::parse).transpose()?,
            button_color: raw.button_color.as_deref().map(ButtonColor::parse).transpose()?,
            size,
            cart,
            checkout_language: raw.checkout_language,
            permission: raw.permission,
        };
        options.validate()?;
        Ok(options)
    }

    /// Reads the `data-*` attributes of a host element (`get("data-placement")` …):
    /// `data-placement`, `data-product-type`, `data-color` (or `data-button-color`),
    /// `data-size`, `data-size-pc`, `data-size-smartphone`, `data-cart` (JSON: an array of
    /// `{sku, quantity}` or a cart object), `data-cart-token`, `data-amount` with
    /// `data-currency-code` (the estimated total, as in Amazon's declarative buttons),
    /// `data-checkout-language`, and for a button that keeps the payment method
    /// `data-charge-permission-type` (`Recurring` or `PaymentMethodOnFile`) with
    /// `data-frequency-unit` and `data-frequency-value` (Recurring), `data-setup-only`
    /// (present, or `"true"`) and `data-address` (JSON: the shop's address).
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<ButtonOptions> {
        let cart = match get("data-cart") {
            Some(text) => Some(
                crate::json::from_str::<RawCart>(&text)
                    .map_err(|e| WidgetError::CartInvalid(format!("data-cart: {e}")))?,
            ),
            None => None,
        };
        let size = match (get("data-size-pc"), get("data-size-smartphone")) {
            (None, None) => get("data-size").map(RawSize::Name),
            (pc, smartphone) => {
                let fallback = get("data-size");
                Some(RawSize::PerWidth {
                    pc: pc.or_else(|| fallback.clone()),
                    smartphone: smartphone.or(fallback),
                })
            }
        };
        let estimated_order_amount = match (get("data-amount"), get("data-currency-code")) {
            (Some(amount), Some(currency_code)) => Some(Price {
                amount,
                currency_code,
            }),
            (None, None) => None,
            _ => {
                return Err(WidgetError::CartInvalid(
                    "data-amount and data-currency-code go together".into(),
                ))
            }
        };
        ButtonOptions::from_raw(RawButtonOptions {
            placement: get("data-placement"),
            product_type: get("data-product-type"),
            button_color: get("data-color").or_else(|| get("data-button-color")),
            size,
            cart,
            cart_token: get("data-cart-token"),
            estimated_order_amount,
            checkout_language: get("data-checkout-language"),
            permission: PermissionOptions::from_attributes(
                get("data-charge-permission-type"),
                get("data-frequency-unit"),
                get("data-frequency-value"),
                get("data-setup-only"),
                get("data-address"),
            )?,
        })
    }
}

fn size_name(option: &str, s: &str) -> Result<SizeName> {
    SizeName::parse(s)
        .ok_or_else(|| WidgetError::option(option, format!("'{s}' is not small, medium or large")))
}

/// Parses a cart given on its own (the argument of `update(cart)`).
pub fn cart_from_raw(raw: RawCart) -> Result<Cart> {
    Cart::from_raw(raw)
}

/// The options as JavaScript passes them, before validation.
#[derive(Debug, Default)]
pub struct RawButtonOptions {
    placement: Option<String>,
    product_type: Option<String>,
    button_color: Option<String>,
    size: Option<RawSize>,
    cart: Option<RawCart>,
    cart_token: Option<String>,
    estimated_order_amount: Option<Price>,
    checkout_language: Option<String>,
    permission: Option<PermissionOptions>,
}

impl FromJs for RawButtonOptions {
    fn from_js(value: &JsValue, path: &str) -> Result<RawButtonOptions, json::Error> {
        let f = Fields::new(value, path)?.only(&[
            "placement",
            "productType",
            "buttonColor",
            "size",
            "cart",
            "cartToken",
            "estimatedOrderAmount",
            "checkoutLanguage",
            "chargePermissionType",
            "recurringMetadata",
            "setupOnly",
            "address",
        ])?;
        Ok(RawButtonOptions {
            placement: f.opt("placement")?,
            product_type: f.opt("productType")?,
            button_color: f.opt("buttonColor")?,
            size: f.opt("size")?,
            cart: f.opt("cart")?,
            cart_token: f.opt("cartToken")?,
            estimated_order_amount: f.opt("estimatedOrderAmount")?,
            checkout_language: f.opt("checkoutLanguage")?,
            permission: PermissionOptions::from_fields(&f)?,
        })
    }
}

/// `"medium"` or `{pc: "medium", smartphone: "large"}`.
#[derive(Debug)]
enum RawSize {
    Name(String),
    PerWidth {
        pc: Option<String>,
        smartphone: Option<String>,
    },
}

impl FromJs for RawSize {
    fn from_js(value: &JsValue, path: &str) -> Result<RawSize, json::Error> {
        if let Some(name) = value.as_string() {
            return Ok(RawSize::Name(name));
        }
        let f = Fields::new(value, path)?.only(&["pc", "smartphone"])?;
        Ok(RawSize::PerWidth {
            pc: f.opt("pc")?,
            smartphone: f.opt("smartphone")?,
        })
    }
}

/// A cart as JavaScript passes it: an array of lines, or an object
/// `{lines?, cartToken?, estimatedOrderAmount?}`.
#[derive(Debug)]
pub enum RawCart {
    /// `[{sku, quantity}, …]`.
    Lines(Vec<CartLine>),
    /// The object form.
    Object {
        /// Lines.
        lines: Option<Vec<CartLine>>,
        /// Token.
        cart_token: Option<String>,
        /// Estimated total.
        estimated_order_amount: Option<Price>,
    },
}

impl FromJs for RawCart {
    fn from_js(value: &JsValue, path: &str) -> Result<RawCart, json::Error> {
        let path = if path.is_empty() { "cart" } else { path };
        if js_sys::Array::is_array(value) {
            return Vec::from_js(value, path).map(RawCart::Lines);
        }
        let f = Fields::new(value, path)?.only(&["lines", "cartToken", "estimatedOrderAmount"])?;
        Ok(RawCart::Object {
            lines: f.opt("lines")?,
            cart_token: f.opt("cartToken")?,
            estimated_order_amount: f.opt("estimatedOrderAmount")?,
        })
    }
}

/// The shop's own form fields a return page fills, as CSS selectors (each optional). Names
/// follow Amazon's address and buyer fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldSelectors {
    /// The buyer's (or recipient's) name.
    pub name: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Prefecture or state (`stateOrRegion`).
    pub state_or_region: Option<String>,
    /// City.
    pub city: Option<String>,
    /// First address line.
    pub address_line1: Option<String>,
    /// Second address line.
    pub address_line2: Option<String>,
    /// Third address line.
    pub address_line3: Option<String>,
    /// Phone number.
    pub phone_number: Option<String>,
    /// Email address.
    pub email: Option<String>,
}

/// The JavaScript names of [`FieldSelectors`], in order.
pub const FIELD_NAMES: [&str; 9] = [
    "name",
    "postalCode",
    "stateOrRegion",
    "city",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "phoneNumber",
    "email",
];

impl FieldSelectors {
    /// The selectors with their JavaScript names, in [`FIELD_NAMES`] order.
    pub fn entries(&self) -> [(&'static str, Option<&str>); 9] {
        let v = [
            &self.name,
            &self.postal_code,
            &self.state_or_region,
            &self.city,
            &self.address_line1,
            &self.address_line2,
            &self.address_line3,
            &self.phone_number,
            &self.email,
        ];
        let mut out = [("", None); 9];
        for (i, (name, value)) in FIELD_NAMES.iter().zip(v).enumerate() {
            out[i] = (*name, value.as_deref());
        }
        out
    }
}

impl FromJs for FieldSelectors {
    fn from_js(value: &JsValue, path: &str) -> Result<FieldSelectors, json::Error> {
        let path = if path.is_empty() { "fields" } else { path };
        let f = Fields::new(value, path)?.only(&FIELD_NAMES)?;
        Ok(FieldSelectors {
            name: f.opt("name")?,
            postal_code: f.opt("postalCode")?,
            state_or_region: f.opt("stateOrRegion")?,
            city: f.opt("city")?,
            address_line1: f.opt("addressLine1")?,
            address_line2: f.opt("addressLine2")?,
            address_line3: f.opt("addressLine3")?,
            phone_number: f.opt("phoneNumber")?,
            email: f.opt("email")?,
        })
    }
}

/// The options of the review, result and sign-in return pages (each uses what it needs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageOptions {
    /// The cart: sent with place-order (review) and used by the fresh button after a decline
    /// (result).
    pub cart: Cart,
    /// The shop's form fields to fill (review: instead of showing buyer and address; sign-in:
    /// the member registration form).
    pub fields: Option<FieldSelectors>,
    /// Where "back to the cart" leads (result and review).
    pub cart_url: Option<String>,
    /// The checkout session; default: the page address's `amazonCheckoutSessionId`.
    pub checkout_session_id: Option<String>,
    /// The sign-in buyer token; default: the page address's `buyerToken`.
    pub buyer_token: Option<String>,
    /// Overrides the signer's `checkoutLanguage` (the language of the widget's text).
    pub checkout_language: Option<String>,
    /// What the checkout kept (result): after a decline the fresh button asks for the same, so a
    /// declined subscription is offered as the same subscription. Amazon does not say it of a
    /// canceled checkout session, so the shop does, as it gives the cart.
    pub permission: Option<PermissionOptions>,
}

impl PageOptions {
    /// Options with every default.
    pub fn new() -> PageOptions {
        PageOptions::default()
    }

    /// Sets the cart.
    pub fn with_cart(mut self, cart: Cart) -> PageOptions {
        self.cart = cart;
        self
    }

    /// Sets the fields to fill.
    pub fn with_fields(mut self, fields: FieldSelectors) -> PageOptions {
        self.fields = Some(fields);
        self
    }

    /// Sets what the checkout kept (`chargePermissionType` and, for Recurring, its frequency).
    pub fn with_permission(mut self, permission: PermissionOptions) -> PageOptions {
        self.permission = Some(permission);
        self
    }

    /// Sets the cart URL.
    pub fn with_cart_url(mut self, url: impl Into<String>) -> PageOptions {
        self.cart_url = Some(url.into());
        self
    }

    /// Sets the checkout session id.
    pub fn with_checkout_session_id(mut self, id: impl Into<String>) -> PageOptions {
        self.checkout_session_id = Some(id.into());
        self
    }

    /// Sets the buyer token.
    pub fn with_buyer_token(mut self, token: impl Into<String>) -> PageOptions {
        self.buyer_token = Some(token.into());
        self
    }

    /// Sets the language of the widget's text (e.g. `en_US`).
    pub fn with_checkout_language(mut self, language: impl Into<String>) -> PageOptions {
        self.checkout_language = Some(language.into());
        self
    }

    /// Validates the raw form.
    pub fn from_raw(raw: RawPageOptions) -> Result<PageOptions> {
        let mut cart = match raw.cart {
            Some(c) => Cart::from_raw(c)?,
            None => Cart::default(),
        };
        if let Some(token) = raw.cart_token {
            cart.cart_token = Some(token);
        }
        cart.validate()?;
        if let Some(url) = &raw.cart_url {
            if url.trim().is_empty() || url.trim_start().to_ascii_lowercase().starts_with("javascript:") {
                return Err(WidgetError::option("cartUrl", "must be a page address"));
            }
        }
        if let Some(lang) = &raw.checkout_language {
            check_language(lang)?;
        }
        if let Some(permission) = &raw.permission {
            permission.validate(&cart)?;
        }
        Ok(PageOptions {
            cart,
            fields: raw.fields,
            cart_url: raw.cart_url,
            checkout_session_id: raw.checkout_session_id,
            buyer_token: raw.buyer_token,
            checkout_language: raw.checkout_language,
            permission: raw.permission,
        })
    }

    /// Reads `data-cart`, `data-cart-token`, `data-fields` (a JSON object of selectors),
    /// `data-cart-url`, `data-checkout-session-id`, `data-buyer-token`,
    /// `data-checkout-language`, and `data-charge-permission-type` with
    /// `data-frequency-unit`/`data-frequency-value` (as on the button).
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<PageOptions> {
        let cart = match get("data-cart") {
            Some(text) => Some(
                json::from_str::<RawCart>(&text)
                    .map_err(|e| WidgetError::CartInvalid(format!("data-cart: {e}")))?,
            ),
            None => None,
        };
        let fields = match get("data-fields") {
            Some(text) => Some(
                json::from_str::<FieldSelectors>(&text).map_err(|e| WidgetError::option("data-fields", e))?,
            ),
            None => None,
        };
        let permission = PermissionOptions::from_attributes(
            get("data-charge-permission-type"),
            get("data-frequency-unit"),
            get("data-frequency-value"),
            None,
            None,
        )?;
        PageOptions::from_raw(RawPageOptions {
            cart,
            cart_token: get("data-cart-token"),
            fields,
            cart_url: get("data-cart-url"),
            checkout_session_id: get("data-checkout-session-id"),
            buyer_token: get("data-buyer-token"),
            checkout_language: get("data-checkout-language"),
            permission,
        })
    }
}

fn check_language(lang: &str) -> Result<()> {
    let ok = lang.len() == 5
        && lang.as_bytes()[2] == b'_'
        && lang
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_alphabetic());
    if ok {
        Ok(())
    } else {
        Err(WidgetError::option(
            "checkoutLanguage",
            format!("'{lang}' is not like ja_JP"),
        ))
    }
}

/// The return-page options as JavaScript passes them, before validation.
#[derive(Debug, Default)]
pub struct RawPageOptions {
    cart: Option<RawCart>,
    cart_token: Option<String>,
    fields: Option<FieldSelectors>,
    cart_url: Option<String>,
    checkout_session_id: Option<String>,
    buyer_token: Option<String>,
    checkout_language: Option<String>,
    permission: Option<PermissionOptions>,
}

impl FromJs for RawPageOptions {
    fn from_js(value: &JsValue, path: &str) -> Result<RawPageOptions, json::Error> {
        let f = Fields::new(value, path)?.only(&[
            "cart",
            "cartToken",
            "fields",
            "cartUrl",
            "checkoutSessionId",
            "buyerToken",
            "checkoutLanguage",
            "chargePermissionType",
            "recurringMetadata",
        ])?;
        Ok(RawPageOptions {
            cart: f.opt("cart")?,
            cart_token: f.opt("cartToken")?,
            fields: f.opt("fields")?,
            cart_url: f.opt("cartUrl")?,
            checkout_session_id: f.opt("checkoutSessionId")?,
            buyer_token: f.opt("buyerToken")?,
            checkout_language: f.opt("checkoutLanguage")?,
            permission: PermissionOptions::from_fields(&f)?,
        })
    }
}
