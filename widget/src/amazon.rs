//! Typed calls into Amazon's checkout.js (`amazon.Pay`): `renderButton` in decoupled mode, the
//! returned button's `onClick`, `initCheckout` and `updateButtonInfo`, and `bindChangeAction`
//! for the review page.
//!
//! checkout.js throws plain strings `"AmazonPay:\n<message>"`; every call here catches them
//! and returns [`WidgetError::ScriptError`] with the message.

use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::SignedPayload;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Result, WidgetError};
use crate::js::codec::{ObjectBuilder, Sink, ToJs};

/// The options of `renderButton` without any session config (decoupled mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Amazon merchant id.
    pub merchant_id: String,
    /// Ledger currency.
    pub ledger_currency: String,
    /// Placement.
    pub placement: String,
    /// Product type.
    pub product_type: String,
    /// Colour.
    pub button_color: String,
    /// Language.
    pub checkout_language: Option<String>,
    /// Sandbox.
    pub sandbox: bool,
    /// Public key id.
    pub public_key_id: String,
    /// Estimated total.
    pub estimated_order_amount: Option<Price>,
}

/// What `initCheckout` gets at click time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitCheckout {
    /// For Pay buttons.
    pub create_checkout_session_config: Option<SignedPayload>,
    /// For SignIn buttons.
    pub sign_in_config: Option<SignedPayload>,
    /// Estimated total (used by Amazon when the button had none).
    pub estimated_order_amount: Option<Price>,
}

impl ToJs for RenderOptions {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("merchantId", &self.merchant_id)
            .set("ledgerCurrency", &self.ledger_currency)
            .set("placement", &self.placement)
            .set("productType", &self.product_type)
            .set("buttonColor", &self.button_color)
            .set_opt("checkoutLanguage", self.checkout_language.as_ref())
            .set("sandbox", self.sandbox)
            .set("publicKeyId", &self.public_key_id)
            .set_opt("estimatedOrderAmount", self.estimated_order_amount.as_ref())
            .build()
    }
}

impl ToJs for InitCheckout {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set_opt(
                "createCheckoutSessionConfig",
                self.create_checkout_session_config.as_ref(),
            )
            .set_opt("signInConfig", self.sign_in_config.as_ref())
            .set_opt("estimatedOrderAmount", self.estimated_order_amount.as_ref())
            .build()
    }
}

/// True when `amazon.Pay.renderButton` is a function on this page.
pub fn is_loaded() -> bool {
    render_button_fn().is_ok()
}

fn global(path: &[&str]) -> Option<JsValue> {
    let mut value: JsValue = js_sys::global().into();
    for key in path {
        if !value.is_object() {
            return None;
        }
        value = Reflect::get(&value, &JsValue::from_str(key)).ok()?;
    }
    Some(value)
}

fn pay_fn(name: &str) -> Result<(JsValue, Function)> {
    let pay = global(&["amazon", "Pay"]).filter(JsValue::is_object);
    let pay = pay.ok_or_else(|| WidgetError::ScriptError("amazon.Pay is not defined".into()))?;
    let function = Reflect::get(&pay, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| WidgetError::ScriptError(format!("amazon.Pay.{name} is not a function")))?;
    Ok((pay, function))
}

fn render_button_fn() -> Result<(JsValue, Function)> {
    pay_fn("renderButton")
}

/// What a change link on the review page changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeAction {
    /// `changeAddress`.
    ChangeAddress,
    /// `changePayment`.
    ChangePayment,
}

/// `amazon.Pay.bindChangeAction(selector, {amazonCheckoutSessionId, changeAction})`: a click
/// on the element sends the buyer to Amazon to change the address or payment method.
pub fn bind_change_action(selector: &str, checkout_session_id: &str, action: ChangeAction) -> Result<()> {
    let (pay, bind) = pay_fn("bindChangeAction")?;
    let action = match action {
        ChangeAction::ChangeAddress => "changeAddress",
        ChangeAction::ChangePayment => "changePayment",
    };
    let options = ObjectBuilder::<JsValue>::default()
        .set("amazonCheckoutSessionId", checkout_session_id)
        .set("changeAction", action)
        .build();
    bind.call2(&pay, &JsValue::from_str(selector), &options)
        .map(drop)
        .map_err(|e| thrown(&e))
}

/// Turns what checkout.js threw into an error.
pub fn thrown(value: &JsValue) -> WidgetError {
    let text = if let Some(s) = value.as_string() {
        s
    } else if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        String::from(e.message())
    } else {
        "unknown error".to_owned()
    };
    let text = text.strip_prefix("AmazonPay:").unwrap_or(&text).trim().to_owned();
    WidgetError::ScriptError(text)
}

/// The decoupled button `renderButton` returned.
#[derive(Debug, Clone)]
pub struct AmazonButton {
    object: JsValue,
}

impl AmazonButton {
    /// `amazon.Pay.renderButton(selector, options)`.
    pub fn render(selector: &str, options: &RenderOptions) -> Result<AmazonButton> {
        let (pay, render) = render_button_fn()?;
        let options: JsValue = options.to_js();
        let object = render
            .call2(&pay, &JsValue::from_str(selector), &options)
            .map_err(|e| thrown(&e))?;
        if !object.is_object() {
            return Err(WidgetError::ScriptError(
                "renderButton returned no button object".into(),
            ));
        }
        Ok(AmazonButton { object })
    }

    fn method(&self, name: &str) -> Result<Function> {
        Reflect::get(&self.object, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| WidgetError::ScriptError(format!("the button has no {name}()")))
    }

    /// `button.onClick(callback)`.
    pub fn on_click(&self, callback: &Function) -> Result<()> {
        self.method("onClick")?
            .call1(&self.object, callback)
            .map(drop)
            .map_err(|e| thrown(&e))
    }

    /// `button.initCheckout(request)`.
    pub fn init_checkout(&self, request: &InitCheckout) -> Result<()> {
        let request: JsValue = request.to_js();
        self.method("initCheckout")?
            .call1(&self.object, &request)
            .map(drop)
            .map_err(|e| thrown(&e))
    }

    /// `button.updateButtonInfo({amount, currencyCode})`.
    pub fn update_button_info(&self, amount: &Price) -> Result<()> {
        let amount: JsValue = amount.to_js();
        self.method("updateButtonInfo")?
            .call1(&self.object, &amount)
            .map(drop)
            .map_err(|e| thrown(&e))
    }
}
