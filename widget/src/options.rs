//! Typed button and return-page options, validated once from their raw form (what the shop's
//! JavaScript object or the host element's `data-*` attributes hold; [`crate::js`] reads
//! those). Names follow Amazon's `renderButton` options where Amazon has one (`placement`,
//! `productType`, `buttonColor`, `estimatedOrderAmount`, `checkoutLanguage`).

use amazon_pay_shared::money::Price;

use crate::cart::price_to_money;
pub use crate::cart::{cart_from_raw, Cart, RawCart};
use crate::error::{Result, WidgetError};
use crate::permission::PermissionOptions;
use crate::size::{ButtonSizes, SizeName};
pub use crate::vocabulary::{ButtonColor, Placement, ProductType};

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
}

fn size_name(option: &str, s: &str) -> Result<SizeName> {
    SizeName::parse(s)
        .ok_or_else(|| WidgetError::option(option, format!("'{s}' is not small, medium or large")))
}

/// The options as JavaScript passes them, before validation.
#[derive(Debug, Default)]
pub struct RawButtonOptions {
    pub(crate) placement: Option<String>,
    pub(crate) product_type: Option<String>,
    pub(crate) button_color: Option<String>,
    pub(crate) size: Option<RawSize>,
    pub(crate) cart: Option<RawCart>,
    pub(crate) cart_token: Option<String>,
    pub(crate) estimated_order_amount: Option<Price>,
    pub(crate) checkout_language: Option<String>,
    pub(crate) permission: Option<PermissionOptions>,
}

/// `"medium"` or `{pc: "medium", smartphone: "large"}`.
#[derive(Debug)]
pub(crate) enum RawSize {
    Name(String),
    PerWidth {
        pc: Option<String>,
        smartphone: Option<String>,
    },
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
    pub(crate) cart: Option<RawCart>,
    pub(crate) cart_token: Option<String>,
    pub(crate) fields: Option<FieldSelectors>,
    pub(crate) cart_url: Option<String>,
    pub(crate) checkout_session_id: Option<String>,
    pub(crate) buyer_token: Option<String>,
    pub(crate) checkout_language: Option<String>,
    pub(crate) permission: Option<PermissionOptions>,
}
