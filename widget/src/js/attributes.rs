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
