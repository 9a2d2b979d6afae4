//! Typed button options, parsed once: from a JavaScript object or from the
//! `data-*` attributes of a host element. Names follow Amazon's `renderButton` options where
//! Amazon has one (`placement`, `productType`, `buttonColor`, `estimatedOrderAmount`,
//! `checkoutLanguage`).

use amazon_pay_shared::cart::{CartLine, Sku, MAX_LINES, MAX_QUANTITY};
use amazon_pay_shared::money::{Money, Price};
use wasm_bindgen::JsValue;

use crate::error::{Result, WidgetError};
use crate::json::{self, Fields, FromJs};
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
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(WidgetError::option(
                        $option,
                        format!("'{s}' is not one of {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }
    };
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
            let ok = lang.len() == 5
                && lang.as_bytes()[2] == b'_'
                && lang
                    .bytes()
                    .enumerate()
                    .all(|(i, b)| i == 2 || b.is_ascii_alphabetic());
            if !ok {
                return Err(WidgetError::option(
                    "checkoutLanguage",
                    format!("'{lang}' is not like ja_JP"),
                ));
            }
        }
        Ok(ButtonOptions {
            placement: raw.placement.as_deref().map(Placement::parse).transpose()?,
            product_type: raw.product_type.as_deref().map(ProductType::parse).transpose()?,
            button_color: raw.button_color.as_deref().map(ButtonColor::parse).transpose()?,
            size,
            cart,
            checkout_language: raw.checkout_language,
        })
    }

    /// Reads the `data-*` attributes of a host element (`get("data-placement")` …):
    /// `data-placement`, `data-product-type`, `data-color` (or `data-button-color`),
    /// `data-size`, `data-size-pc`, `data-size-smartphone`, `data-cart` (JSON: an array of
    /// `{sku, quantity}` or a cart object), `data-cart-token`, `data-amount` with
    /// `data-currency-code` (the estimated total, as in Amazon's declarative buttons) and
    /// `data-checkout-language`.
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
