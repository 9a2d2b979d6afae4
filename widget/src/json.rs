//! JSON text and plain JavaScript objects to and from the widget's Rust types, written by hand
//! on top of the browser's own `JSON` and `Reflect`.
//!
//! Measured: going through serde-wasm-bindgen instead cost 35 KB gzip of wasm (its
//! deserializer, serde's error messages and the float formatting they pull in), more than half
//! of the widget's 60 KB budget. Inputs from the shop are strict (unknown fields refused,
//! amounts only as decimal strings); answers from the signer tolerate fields added later.

use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, ConfigResponse, DisplayLimits, ErrorBody, ErrorDetail,
    SignInButtonRequest, SignInButtonResponse, SignedPayload,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A conversion error: where and what.
pub type Error = String;

/// Reads a Rust value from a JavaScript value.
pub trait FromJs: Sized {
    /// Converts `value`; `path` names it in error messages (e.g. `cart.lines[0]`).
    fn from_js(value: &JsValue, path: &str) -> Result<Self, Error>;
}

/// Writes a Rust value as a plain JavaScript value.
pub trait ToJs {
    /// Converts `self`.
    fn to_js(&self) -> JsValue;
}

/// Parses JSON text into `T`.
pub fn from_str<T: FromJs>(text: &str) -> Result<T, Error> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not valid JSON".to_owned())?;
    T::from_js(&value, "")
}

/// Converts a JavaScript value into `T`.
pub fn from_value<T: FromJs>(value: &JsValue) -> Result<T, Error> {
    T::from_js(value, "")
}

/// Serializes `T` as JSON text.
pub fn to_string<T: ToJs>(value: &T) -> Result<String, Error> {
    js_sys::JSON::stringify(&value.to_js())
        .map(String::from)
        .map_err(|_| "not serializable".to_owned())
}

fn name(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A plain object (not an array, not null).
pub struct Fields<'a> {
    value: &'a JsValue,
    path: &'a str,
}

impl<'a> Fields<'a> {
    /// Checks that `value` is a plain object.
    pub fn new(value: &'a JsValue, path: &'a str) -> Result<Fields<'a>, Error> {
        if !value.is_object() || Array::is_array(value) {
            let what = if path.is_empty() { "the value" } else { path };
            return Err(format!("{what} must be an object"));
        }
        Ok(Fields { value, path })
    }

    /// Refuses keys outside `allowed`.
    pub fn only(self, allowed: &[&str]) -> Result<Fields<'a>, Error> {
        let object: &Object = wasm_bindgen::JsCast::unchecked_ref(self.value);
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(format!("unknown field {}", name(self.path, &key)));
            }
        }
        Ok(self)
    }

    /// The raw value of a field (`undefined` when missing).
    pub fn get(&self, key: &str) -> JsValue {
        Reflect::get(self.value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// The field's path, for errors.
    pub fn path(&self, key: &str) -> String {
        name(self.path, key)
    }

    /// An optional field: `undefined` and `null` are `None`.
    pub fn opt<T: FromJs>(&self, key: &str) -> Result<Option<T>, Error> {
        let value = self.get(key);
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        T::from_js(&value, &self.path(key)).map(Some)
    }

    /// A required field.
    pub fn req<T: FromJs>(&self, key: &str) -> Result<T, Error> {
        self.opt(key)?
            .ok_or_else(|| format!("{} is missing", self.path(key)))
    }
}

impl FromJs for String {
    fn from_js(value: &JsValue, path: &str) -> Result<String, Error> {
        value
            .as_string()
            .ok_or_else(|| format!("{path} must be a string"))
    }
}

impl FromJs for bool {
    fn from_js(value: &JsValue, path: &str) -> Result<bool, Error> {
        value
            .as_bool()
            .ok_or_else(|| format!("{path} must be true or false"))
    }
}

impl FromJs for u64 {
    fn from_js(value: &JsValue, path: &str) -> Result<u64, Error> {
        // Whole, non-negative and exactly representable (≤ 2^53 - 1) only.
        match value.as_f64() {
            Some(n) if (0.0..=9_007_199_254_740_991.0).contains(&n) && n == (n as u64) as f64 => Ok(n as u64),
            _ => Err(format!("{path} must be a whole number")),
        }
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue, path: &str) -> Result<Vec<T>, Error> {
        if !Array::is_array(value) {
            return Err(format!("{path} must be an array"));
        }
        let array: &Array = wasm_bindgen::JsCast::unchecked_ref(value);
        array
            .iter()
            .enumerate()
            .map(|(i, v)| T::from_js(&v, &format!("{path}[{i}]")))
            .collect()
    }
}

impl FromJs for Price {
    fn from_js(value: &JsValue, path: &str) -> Result<Price, Error> {
        let f = Fields::new(value, path)?.only(&["amount", "currencyCode"])?;
        if f.get("amount").as_f64().is_some() {
            return Err(format!(
                "{} must be a decimal string such as \"12.50\", not a number",
                f.path("amount")
            ));
        }
        Ok(Price {
            amount: f.req("amount")?,
            currency_code: f.req("currencyCode")?,
        })
    }
}

impl FromJs for CartLine {
    fn from_js(value: &JsValue, path: &str) -> Result<CartLine, Error> {
        let f = Fields::new(value, path)?.only(&["sku", "quantity"])?;
        Ok(CartLine {
            sku: f.req("sku")?,
            quantity: f.req("quantity")?,
        })
    }
}

impl FromJs for SignedPayload {
    fn from_js(value: &JsValue, path: &str) -> Result<SignedPayload, Error> {
        let f = Fields::new(value, path)?;
        Ok(SignedPayload {
            payload_json: f.req("payloadJSON")?,
            signature: f.req("signature")?,
            public_key_id: f.req("publicKeyId")?,
            algorithm: f.req("algorithm")?,
        })
    }
}

impl FromJs for ButtonResponse {
    fn from_js(value: &JsValue, path: &str) -> Result<ButtonResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(ButtonResponse {
            create_checkout_session_config: f.req("createCheckoutSessionConfig")?,
            estimated_order_amount: f.req("estimatedOrderAmount")?,
            product_type: f.req("productType")?,
            placement: f.req("placement")?,
        })
    }
}

impl FromJs for SignInButtonResponse {
    fn from_js(value: &JsValue, path: &str) -> Result<SignInButtonResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(SignInButtonResponse {
            sign_in_config: f.req("signInConfig")?,
        })
    }
}

impl FromJs for ButtonDefaults {
    fn from_js(value: &JsValue, path: &str) -> Result<ButtonDefaults, Error> {
        let f = Fields::new(value, path)?;
        Ok(ButtonDefaults {
            product_type: f.req("productType")?,
            placement: f.req("placement")?,
            button_color: f.req("buttonColor")?,
        })
    }
}

impl FromJs for DisplayLimits {
    fn from_js(value: &JsValue, path: &str) -> Result<DisplayLimits, Error> {
        let f = Fields::new(value, path)?;
        Ok(DisplayLimits {
            min_total: f.opt("minTotal")?,
            max_total: f.opt("maxTotal")?,
        })
    }
}

impl FromJs for ConfigResponse {
    fn from_js(value: &JsValue, path: &str) -> Result<ConfigResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(ConfigResponse {
            version: f.req("version")?,
            merchant_id: f.req("merchantId")?,
            region: f.req("region")?,
            ledger_currency: f.req("ledgerCurrency")?,
            sandbox: f.req("sandbox")?,
            public_key_id: f.req("publicKeyId")?,
            checkout_language: f.opt("checkoutLanguage")?.unwrap_or_default(),
            checkout_js_url: f.req("checkoutJsUrl")?,
            button: f.req("button")?,
            display_limits: f.opt("displayLimits")?.unwrap_or(DisplayLimits {
                min_total: None,
                max_total: None,
            }),
        })
    }
}

impl FromJs for ErrorBody {
    fn from_js(value: &JsValue, path: &str) -> Result<ErrorBody, Error> {
        let f = Fields::new(value, path)?;
        let error = f.get("error");
        let e = Fields::new(&error, "error")?;
        Ok(ErrorBody {
            error: ErrorDetail {
                code: e.req("code")?,
                message: e.opt("message")?.unwrap_or_default(),
            },
        })
    }
}

/// Builds a plain object field by field; `None` leaves the field out.
#[derive(Debug)]
pub struct ObjectBuilder(Object);

impl Default for ObjectBuilder {
    fn default() -> Self {
        ObjectBuilder(Object::new())
    }
}

impl ObjectBuilder {
    /// Sets a field.
    pub fn set(self, key: &str, value: impl ToJs) -> ObjectBuilder {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.to_js());
        self
    }

    /// Sets a field when present.
    pub fn set_opt<T: ToJs>(self, key: &str, value: Option<T>) -> ObjectBuilder {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js(&self) -> JsValue {
        (**self).to_js()
    }
}

impl ToJs for str {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl ToJs for u64 {
    fn to_js(&self) -> JsValue {
        // Quantities (≤ 999) and statuses: exact as JavaScript numbers.
        JsValue::from_f64(*self as f64)
    }
}

impl<T: ToJs> ToJs for [T] {
    fn to_js(&self) -> JsValue {
        self.iter().map(ToJs::to_js).collect::<Array>().into()
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.as_slice().to_js()
    }
}

impl ToJs for Price {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("amount", &self.amount)
            .set("currencyCode", &self.currency_code)
            .build()
    }
}

impl ToJs for CartLine {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("sku", &self.sku)
            .set("quantity", self.quantity)
            .build()
    }
}

impl ToJs for SignedPayload {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("payloadJSON", &self.payload_json)
            .set("signature", &self.signature)
            .set("publicKeyId", &self.public_key_id)
            .set("algorithm", &self.algorithm)
            .build()
    }
}

impl ToJs for ButtonRequest {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("productType", &self.product_type)
            .set("placement", &self.placement)
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("amount", self.amount.as_ref())
            .set_opt("buttonColor", self.button_color.as_ref())
            .build()
    }
}

impl ToJs for SignInButtonRequest {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set_opt("placement", self.placement.as_ref())
            .build()
    }
}
