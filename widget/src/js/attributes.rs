//! Options from the `data-*` attributes of a host element (the script tag's declarative
//! buttons and return pages). Attributes that hold JSON (`data-cart`, `data-fields`,
//! `data-address`) are parsed by the browser's `JSON`; the rest are read as the options object
//! they stand for, so both follow the same rules.

use amazon_pay_shared::money::Price;
use wasm_bindgen::JsValue;

use crate::error::{Result, WidgetError};
use crate::js::codec::{Fields, FromJs, ObjectBuilder, Sink, Source};
use crate::js::options::permission_from_fields;
use crate::js::value;
use crate::options::{
    ButtonOptions, FieldSelectors, PageOptions, RawButtonOptions, RawCart, RawPageOptions, RawSize,
};
use crate::permission::PermissionOptions;

impl ButtonOptions {
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
        button_options(get, value::parse)
    }
}

impl PageOptions {
    /// Reads `data-cart`, `data-cart-token`, `data-fields` (a JSON object of selectors),
    /// `data-cart-url`, `data-checkout-session-id`, `data-buyer-token`,
    /// `data-checkout-language`, and `data-charge-permission-type` with
    /// `data-frequency-unit`/`data-frequency-value` (as on the button).
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<PageOptions> {
        page_options::<JsValue>(get, value::parse)
    }
}

/// JSON text as `T`, or why not.
fn json<T: FromJs, V: Source>(text: &str, parse: &impl Fn(&str) -> Option<V>) -> Result<T, String> {
    let value = parse(text).ok_or_else(|| "not valid JSON".to_owned())?;
    T::from_js(&value, "")
}

/// [`ButtonOptions::from_attributes`], with JSON text parsed by `parse`.
pub(crate) fn button_options<V: Source + Sink>(
    get: impl Fn(&str) -> Option<String>,
    parse: impl Fn(&str) -> Option<V>,
) -> Result<ButtonOptions> {
    let cart = match get("data-cart") {
        Some(text) => Some(
            json::<RawCart, V>(&text, &parse)
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
        permission: permission::<V>(
            get("data-charge-permission-type"),
            get("data-frequency-unit"),
            get("data-frequency-value"),
            get("data-setup-only"),
            get("data-address"),
            &parse,
        )?,
    })
}

/// [`PageOptions::from_attributes`], with JSON text parsed by `parse`.
pub(crate) fn page_options<V: Source + Sink>(
    get: impl Fn(&str) -> Option<String>,
    parse: impl Fn(&str) -> Option<V>,
) -> Result<PageOptions> {
    let cart = match get("data-cart") {
        Some(text) => Some(
            json::<RawCart, V>(&text, &parse)
                .map_err(|e| WidgetError::CartInvalid(format!("data-cart: {e}")))?,
        ),
        None => None,
    };
    let fields = match get("data-fields") {
        Some(text) => Some(
            json::<FieldSelectors, V>(&text, &parse).map_err(|e| WidgetError::option("data-fields", e))?,
        ),
        None => None,
    };
    let permission = permission::<V>(
        get("data-charge-permission-type"),
        get("data-frequency-unit"),
        get("data-frequency-value"),
        None,
        None,
        &parse,
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

/// Reads the `data-*` attributes `data-charge-permission-type`, `data-frequency-unit`,
/// `data-frequency-value`, `data-setup-only` (present or `"true"`; `"false"`) and
/// `data-address` (JSON) as the options object they stand for, so both follow the same rules.
#[inline(never)]
fn permission<V: Source + Sink>(
    charge_permission_type: Option<String>,
    unit: Option<String>,
    value: Option<String>,
    setup_only: Option<String>,
    address: Option<String>,
    parse: &impl Fn(&str) -> Option<V>,
) -> Result<Option<PermissionOptions>> {
    let mut options = ObjectBuilder::<V>::default().set_opt("chargePermissionType", charge_permission_type);
    if unit.is_some() || value.is_some() {
        let frequency = ObjectBuilder::<V>::default()
            .set_opt("unit", unit)
            .set_opt("value", value)
            .build();
        options = options.set_value(
            "recurringMetadata",
            ObjectBuilder::<V>::default()
                .set_value("frequency", frequency)
                .build(),
        );
    }
    if let Some(flag) = setup_only {
        // Present (`data-setup-only`) is true; anything but true or false is refused.
        let flag = match flag.as_str() {
            "" | "true" => <V as Sink>::boolean(true),
            "false" => <V as Sink>::boolean(false),
            _ => <V as Sink>::string(&flag),
        };
        options = options.set_value("setupOnly", flag);
    }
    if let Some(text) = address {
        let parsed = parse(&text).ok_or_else(|| WidgetError::option("data-address", "is not JSON"))?;
        options = options.set_value("address", parsed);
    }
    let options = options.build();
    Fields::new(&options, "")
        .and_then(|f| permission_from_fields(&f))
        .map_err(|e| WidgetError::option("data-*", e))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::permission::{ChargePermissionType, FrequencyUnit};
    use crate::size::SizeName;
    use crate::vocabulary::{ButtonColor, Placement};

    fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    fn button(attributes: &[(&str, &str)]) -> Result<ButtonOptions> {
        button_options(
            |name| {
                attributes
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            },
            parse,
        )
    }

    fn page(attributes: &[(&str, &str)]) -> Result<PageOptions> {
        page_options(
            |name| {
                attributes
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            },
            parse,
        )
    }

    #[test]
    fn a_declarative_button() {
        let options = button(&[
            ("data-placement", "Product"),
            ("data-button-color", "LightGray"),
            ("data-size", "small"),
            ("data-size-smartphone", "large"),
            ("data-cart", r#"[{"sku":"TEA-1","quantity":2}]"#),
            ("data-amount", "2400"),
            ("data-currency-code", "JPY"),
        ])
        .unwrap();
        assert_eq!(options.placement, Some(Placement::Product));
        assert_eq!(options.button_color, Some(ButtonColor::LightGray));
        assert_eq!(
            (options.size.pc, options.size.smartphone),
            (SizeName::Small, SizeName::Large)
        );
        assert_eq!(options.cart.estimated_order_amount.unwrap().minor(), 2400);
        // data-color wins over data-button-color.
        let options = button(&[("data-color", "DarkGray"), ("data-button-color", "Gold")]).unwrap();
        assert_eq!(options.button_color, Some(ButtonColor::DarkGray));
    }

    #[test]
    fn bad_attributes_keep_their_codes() {
        let code = |attributes: &[(&str, &str)]| {
            let e = button(attributes).unwrap_err();
            (e.code(), e.to_string())
        };
        assert_eq!(
            code(&[("data-cart", "[{")]),
            ("CART_INVALID", "cart: data-cart: not valid JSON".into())
        );
        assert_eq!(
            code(&[("data-amount", "2400")]),
            (
                "CART_INVALID",
                "cart: data-amount and data-currency-code go together".into()
            )
        );
        assert_eq!(
            code(&[("data-address", "{"), ("data-charge-permission-type", "OneTime")]),
            ("OPTION_INVALID", "option data-address: is not JSON".into())
        );
        assert_eq!(
            code(&[("data-setup-only", "")]),
            (
                "OPTION_INVALID",
                "option data-*: needs chargePermissionType".into()
            )
        );
        assert_eq!(
            code(&[
                ("data-charge-permission-type", "PaymentMethodOnFile"),
                ("data-setup-only", "yes")
            ]),
            (
                "OPTION_INVALID",
                "option data-*: setupOnly must be true or false".into()
            )
        );
    }

    #[test]
    fn permission_attributes_read_as_the_options_object() {
        let setup = button(&[
            ("data-charge-permission-type", "PaymentMethodOnFile"),
            ("data-setup-only", ""),
        ])
        .unwrap();
        assert!(setup.permission.unwrap().setup_only);
        let not_setup = button(&[
            ("data-charge-permission-type", "PaymentMethodOnFile"),
            ("data-setup-only", "false"),
            ("data-cart-token", "v1.token.mac"),
        ])
        .unwrap();
        assert!(!not_setup.permission.unwrap().setup_only);
        let recurring = button(&[
            ("data-charge-permission-type", "Recurring"),
            ("data-frequency-unit", "Year"),
            ("data-frequency-value", "1"),
            ("data-cart", r#"{"lines":[{"sku":"TEA-1","quantity":1}]}"#),
        ])
        .unwrap()
        .permission
        .unwrap();
        assert_eq!(recurring.kind, ChargePermissionType::Recurring);
        assert_eq!(recurring.frequency.unwrap().unit, FrequencyUnit::Year);
        let apb = button(&[
            ("data-charge-permission-type", "OneTime"),
            ("data-cart", r#"[{"sku":"TEA-1","quantity":1}]"#),
            (
                "data-address",
                r#"{"name":"山田 花子","addressLine1":"千代田1-1","postalCode":"100-0001","countryCode":"JP","phoneNumber":"0312345678"}"#,
            ),
        ])
        .unwrap();
        assert_eq!(
            apb.permission.unwrap().address.unwrap().get("countryCode"),
            Some("JP")
        );
    }

    #[test]
    fn a_declarative_return_page() {
        let options = page(&[
            ("data-cart", r#"[{"sku":"TEA-1","quantity":1}]"#),
            ("data-fields", r##"{"name":"#name","email":"#email"}"##),
            ("data-cart-url", "/cart"),
            ("data-checkout-session-id", "c8f2a6e4"),
            ("data-charge-permission-type", "Recurring"),
            ("data-frequency-unit", "Month"),
            ("data-frequency-value", "3"),
        ])
        .unwrap();
        assert_eq!(options.fields.unwrap().email.as_deref(), Some("#email"));
        assert_eq!(options.checkout_session_id.as_deref(), Some("c8f2a6e4"));
        assert_eq!(options.permission.unwrap().frequency.unwrap().value, "3");
        let e = page(&[("data-fields", r##"{"zip":"#zip"}"##)]).unwrap_err();
        assert_eq!(e.to_string(), "option data-fields: unknown field fields.zip");
    }
}
