//! JSON text and plain JavaScript objects to and from the widget's Rust types, written by hand
//! on top of the browser's own `JSON` and `Reflect`.
//!
//! Measured: going through serde-wasm-bindgen instead cost 35 KB gzip of wasm (its
//! deserializer, serde's error messages and the float formatting they pull in), more than half
//! of the widget's 60 KB budget. Inputs from the shop are strict (unknown fields refused,
//! amounts only as decimal strings); answers from the signer tolerate fields added later.

use amazon_pay_shared::api::{Address, BuyerProfile};
use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, CompleteOutcome, CompleteResponse, ConfigResponse,
    DisplayLimits, ErrorBody, ErrorDetail, PlaceOrderRequest, PlaceOrderResponse, ReviewResponse,
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
    #[inline(never)]
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
    #[inline(never)]
    pub fn opt<T: FromJs>(&self, key: &str) -> Result<Option<T>, Error> {
        let value = self.get(key);
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        T::from_js(&value, &self.path(key)).map(Some)
    }

    /// A required field.
    #[inline(never)]
    pub fn req<T: FromJs>(&self, key: &str) -> Result<T, Error> {
        self.opt(key)?
            .ok_or_else(|| format!("{} is missing", self.path(key)))
    }
}

impl FromJs for String {
    #[inline(never)]
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

impl FromJs for Address {
    fn from_js(value: &JsValue, path: &str) -> Result<Address, Error> {
        let f = Fields::new(value, path)?;
        Ok(Address {
            name: f.opt("name")?,
            address_line1: f.opt("addressLine1")?,
            address_line2: f.opt("addressLine2")?,
            address_line3: f.opt("addressLine3")?,
            city: f.opt("city")?,
            county: f.opt("county")?,
            district: f.opt("district")?,
            state_or_region: f.opt("stateOrRegion")?,
            postal_code: f.opt("postalCode")?,
            country_code: f.opt("countryCode")?,
            phone_number: f.opt("phoneNumber")?,
        })
    }
}

impl FromJs for ReviewResponse {
    fn from_js(value: &JsValue, path: &str) -> Result<ReviewResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(ReviewResponse {
            checkout_session_id: f.req("checkoutSessionId")?,
            state: f.req("state")?,
            reason_code: f.opt("reasonCode")?,
            buyer_name: f.opt("buyerName")?,
            buyer_email: f.opt("buyerEmail")?,
            buyer_phone: f.opt("buyerPhone")?,
            shipping_address: f.opt("shippingAddress")?,
            billing_address: f.opt("billingAddress")?,
            payment_descriptor: f.opt("paymentDescriptor")?,
            constraints: f.opt("constraints")?.unwrap_or_default(),
        })
    }
}

impl FromJs for PlaceOrderResponse {
    fn from_js(value: &JsValue, path: &str) -> Result<PlaceOrderResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(PlaceOrderResponse {
            amazon_pay_redirect_url: f.req("amazonPayRedirectUrl")?,
            amount: f.req("amount")?,
        })
    }
}

impl FromJs for CompleteOutcome {
    fn from_js(value: &JsValue, path: &str) -> Result<CompleteOutcome, Error> {
        match value.as_string().as_deref() {
            Some("Completed") => Ok(CompleteOutcome::Completed),
            Some("Pending") => Ok(CompleteOutcome::Pending),
            Some("Declined") => Ok(CompleteOutcome::Declined),
            Some("Canceled") => Ok(CompleteOutcome::Canceled),
            Some("Expired") => Ok(CompleteOutcome::Expired),
            _ => Err(format!("{path} is not a known outcome")),
        }
    }
}

impl FromJs for CompleteResponse {
    fn from_js(value: &JsValue, path: &str) -> Result<CompleteResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(CompleteResponse {
            outcome: f.req("outcome")?,
            state: f.opt("state")?.unwrap_or_default(),
            reason_code: f.opt("reasonCode")?,
            charge_id: f.opt("chargeId")?,
            charge_permission_id: f.opt("chargePermissionId")?,
            charge_state: f.opt("chargeState")?,
        })
    }
}

impl FromJs for BuyerProfile {
    fn from_js(value: &JsValue, path: &str) -> Result<BuyerProfile, Error> {
        let f = Fields::new(value, path)?;
        Ok(BuyerProfile {
            buyer_id: f.req("buyerId")?,
            name: f.opt("name")?,
            email: f.opt("email")?,
            postal_code: f.opt("postalCode")?,
            country_code: f.opt("countryCode")?,
            phone_number: f.opt("phoneNumber")?,
            shipping_address: f.opt("shippingAddress")?,
            billing_address: f.opt("billingAddress")?,
            prime_membership_types: f.opt("primeMembershipTypes")?,
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

impl ToJs for JsValue {
    fn to_js(&self) -> JsValue {
        self.clone()
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

impl ToJs for PlaceOrderRequest {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("amount", self.amount.as_ref())
            .build()
    }
}

impl ToJs for Address {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set_opt("name", self.name.as_ref())
            .set_opt("addressLine1", self.address_line1.as_ref())
            .set_opt("addressLine2", self.address_line2.as_ref())
            .set_opt("addressLine3", self.address_line3.as_ref())
            .set_opt("city", self.city.as_ref())
            .set_opt("county", self.county.as_ref())
            .set_opt("district", self.district.as_ref())
            .set_opt("stateOrRegion", self.state_or_region.as_ref())
            .set_opt("postalCode", self.postal_code.as_ref())
            .set_opt("countryCode", self.country_code.as_ref())
            .set_opt("phoneNumber", self.phone_number.as_ref())
            .build()
    }
}

impl ToJs for BuyerProfile {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("buyerId", &self.buyer_id)
            .set_opt("name", self.name.as_ref())
            .set_opt("email", self.email.as_ref())
            .set_opt("postalCode", self.postal_code.as_ref())
            .set_opt("countryCode", self.country_code.as_ref())
            .set_opt("phoneNumber", self.phone_number.as_ref())
            .set_opt("shippingAddress", self.shipping_address.as_ref())
            .set_opt("billingAddress", self.billing_address.as_ref())
            .set_opt("primeMembershipTypes", self.prime_membership_types.as_ref())
            .build()
    }
}
