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
use crate::vocabulary;
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
            placement: raw.placement.as_deref().map(vocabulary::parse).transpose()?,
            product_type: raw.product_type.as_deref().map(vocabulary::parse).transpose()?,
            button_color: raw.button_color.as_deref().map(vocabulary::parse).transpose()?,
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

#[cfg(test)]
mod tests {
    use amazon_pay_shared::cart::{CartLine, MAX_LINES};
    use amazon_pay_shared::money::{Currency, Money, Price};

    use super::*;
    use crate::permission::{Frequency, FrequencyUnit};

    fn code(result: Result<impl std::fmt::Debug>) -> &'static str {
        result.unwrap_err().code()
    }

    fn yen(amount: &str) -> Price {
        Price {
            amount: amount.to_owned(),
            currency_code: "JPY".to_owned(),
        }
    }

    #[test]
    fn unset_options_take_the_signers_defaults() {
        let options = ButtonOptions::from_raw(RawButtonOptions::default()).unwrap();
        assert_eq!(options, ButtonOptions::default());
        assert_eq!(options.size, ButtonSizes::uniform(SizeName::Medium));
    }

    #[test]
    fn names_are_amazons_exactly() {
        let options = ButtonOptions::from_raw(RawButtonOptions {
            placement: Some("Product".into()),
            product_type: Some("PayOnly".into()),
            button_color: Some("DarkGray".into()),
            checkout_language: Some("en_GB".into()),
            ..RawButtonOptions::default()
        })
        .unwrap();
        assert_eq!(options.placement, Some(Placement::Product));
        assert_eq!(options.product_type, Some(ProductType::PayOnly));
        assert_eq!(options.button_color, Some(ButtonColor::DarkGray));
        assert_eq!(options.checkout_language.as_deref(), Some("en_GB"));
        for raw in [
            RawButtonOptions {
                placement: Some("cart".into()),
                ..RawButtonOptions::default()
            },
            RawButtonOptions {
                button_color: Some("Grey".into()),
                ..RawButtonOptions::default()
            },
            RawButtonOptions {
                checkout_language: Some("Japanese".into()),
                ..RawButtonOptions::default()
            },
        ] {
            assert_eq!(code(ButtonOptions::from_raw(raw)), "OPTION_INVALID");
        }
        let e = ButtonOptions::from_raw(RawButtonOptions {
            placement: Some("Basket".into()),
            ..RawButtonOptions::default()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "option placement: 'Basket' is not one of Home, Product, Cart, Checkout, Other"
        );
    }

    #[test]
    fn sizes_per_width_fall_back_to_medium() {
        let options = ButtonOptions::from_raw(RawButtonOptions {
            size: Some(RawSize::PerWidth {
                pc: Some("LARGE".into()),
                smartphone: None,
            }),
            ..RawButtonOptions::default()
        })
        .unwrap();
        assert_eq!(
            options.size,
            ButtonSizes {
                pc: SizeName::Large,
                smartphone: SizeName::Medium
            }
        );
        let e = ButtonOptions::from_raw(RawButtonOptions {
            size: Some(RawSize::PerWidth {
                pc: None,
                smartphone: Some("huge".into()),
            }),
            ..RawButtonOptions::default()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "option size.smartphone: 'huge' is not small, medium or large"
        );
    }

    #[test]
    fn carts_are_checked_line_by_line() {
        let cart = Cart::from_raw(RawCart::Object {
            lines: Some(vec![CartLine::new("TEA-1", 2)]),
            cart_token: None,
            estimated_order_amount: Some(yen("2400")),
        })
        .unwrap();
        assert_eq!(
            cart.estimated_order_amount,
            Some(Money::parse("2400", Currency::Jpy).unwrap())
        );
        for raw in [
            RawCart::Lines(vec![CartLine::new("TEA 1", 1)]),
            RawCart::Lines(vec![CartLine::new("TEA-1", 0)]),
            RawCart::Lines(vec![CartLine::new("TEA-1", 1000)]),
            RawCart::Lines((0..=MAX_LINES).map(|_| CartLine::new("TEA-1", 1)).collect()),
            RawCart::Object {
                lines: None,
                cart_token: Some(String::new()),
                estimated_order_amount: None,
            },
            RawCart::Object {
                lines: None,
                cart_token: None,
                estimated_order_amount: Some(yen("12.5")),
            },
            RawCart::Object {
                lines: None,
                cart_token: None,
                estimated_order_amount: Some(yen("0")),
            },
        ] {
            assert_eq!(code(Cart::from_raw(raw)), "CART_INVALID");
        }
    }

    #[test]
    fn the_token_and_amount_options_complete_the_cart() {
        let options = ButtonOptions::from_raw(RawButtonOptions {
            cart: Some(RawCart::Lines(vec![CartLine::new("TEA-1", 1)])),
            cart_token: Some("v1.token.mac".into()),
            estimated_order_amount: Some(yen("1200")),
            ..RawButtonOptions::default()
        })
        .unwrap();
        assert_eq!(options.cart.cart_token.as_deref(), Some("v1.token.mac"));
        assert!(options.cart.estimated_order_amount.is_some());
    }

    #[test]
    fn permission_buttons_are_not_sign_in_and_setup_only_is_pay_only() {
        let cart = Cart::lines(vec![CartLine::new("TEA-1", 1)]);
        let recurring = PermissionOptions::recurring(Frequency::new(FrequencyUnit::Month, "1").unwrap());
        let sign_in = ButtonOptions::new()
            .with_product_type(ProductType::SignIn)
            .with_cart(cart.clone())
            .with_permission(recurring.clone());
        assert_eq!(code(sign_in.validate()), "OPTION_INVALID");
        let setup = ButtonOptions::new()
            .with_product_type(ProductType::PayAndShip)
            .with_permission(PermissionOptions::setup_only());
        assert_eq!(code(setup.validate()), "OPTION_INVALID");
        ButtonOptions::new()
            .with_product_type(ProductType::PayOnly)
            .with_permission(PermissionOptions::setup_only())
            .validate()
            .unwrap();
        ButtonOptions::new()
            .with_cart(cart)
            .with_permission(recurring)
            .validate()
            .unwrap();
    }

    #[test]
    fn page_options_refuse_script_urls_and_odd_languages() {
        let page = PageOptions::from_raw(RawPageOptions {
            cart_url: Some("/cart".into()),
            checkout_language: Some("ja_JP".into()),
            ..RawPageOptions::default()
        })
        .unwrap();
        assert_eq!(page.cart_url.as_deref(), Some("/cart"));
        for url in ["", "  ", " JavaScript:alert(1)"] {
            let raw = RawPageOptions {
                cart_url: Some(url.into()),
                ..RawPageOptions::default()
            };
            assert_eq!(code(PageOptions::from_raw(raw)), "OPTION_INVALID");
        }
        let raw = RawPageOptions {
            checkout_language: Some("ja-JP".into()),
            ..RawPageOptions::default()
        };
        assert_eq!(code(PageOptions::from_raw(raw)), "OPTION_INVALID");
    }

    #[test]
    fn field_selectors_in_field_name_order() {
        let fields = FieldSelectors {
            name: Some("#name".into()),
            email: Some("#email".into()),
            ..FieldSelectors::default()
        };
        let entries = fields.entries();
        assert_eq!(entries[0], ("name", Some("#name")));
        assert_eq!(entries[8], ("email", Some("#email")));
        assert!(entries[1..8].iter().all(|(_, s)| s.is_none()));
        assert_eq!(entries.map(|(n, _)| n), FIELD_NAMES);
    }
}
