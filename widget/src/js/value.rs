//! `JsValue` as the codec's [`Source`] and [`Sink`], on top of the browser's own `JSON` and
//! `Reflect`; JSON text in and out.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::js::codec::{Error, FromJs, Sink, Source, ToJs};

impl Source for JsValue {
    fn is_nullish(&self) -> bool {
        self.is_undefined() || self.is_null()
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_array(&self) -> bool {
        Array::is_array(self)
    }

    fn is_object(&self) -> bool {
        JsValue::is_object(self)
    }

    fn length(&self) -> u32 {
        self.unchecked_ref::<Array>().length()
    }

    fn item(&self, index: u32) -> JsValue {
        self.unchecked_ref::<Array>().get(index)
    }

    fn key_outside(&self, allowed: &[&str]) -> Option<String> {
        Object::keys(self.unchecked_ref::<Object>())
            .iter()
            .map(|key| key.as_string().unwrap_or_default())
            .find(|key| !allowed.contains(&key.as_str()))
    }

    fn field(&self, key: &str) -> JsValue {
        Reflect::get(self, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }
}

impl Sink for JsValue {
    fn string(s: &str) -> JsValue {
        JsValue::from_str(s)
    }

    fn boolean(b: bool) -> JsValue {
        JsValue::from_bool(b)
    }

    fn number(n: f64) -> JsValue {
        JsValue::from_f64(n)
    }

    fn array(items: Vec<JsValue>) -> JsValue {
        items.into_iter().collect::<Array>().into()
    }

    fn object() -> JsValue {
        Object::new().into()
    }

    fn set(&mut self, key: &str, value: JsValue) {
        let _ = Reflect::set(self, &JsValue::from_str(key), &value);
    }
}

/// Parses JSON text into a JavaScript value.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// Parses JSON text into `T`.
pub fn from_str<T: FromJs>(text: &str) -> Result<T, Error> {
    let value = parse(text).ok_or_else(|| "not valid JSON".to_owned())?;
    T::from_js(&value, "")
}

/// Converts a JavaScript value into `T`.
pub fn from_value<T: FromJs>(value: &JsValue) -> Result<T, Error> {
    T::from_js(value, "")
}

/// Converts `T` into a plain JavaScript value.
pub fn to_value<T: ToJs + ?Sized>(value: &T) -> JsValue {
    value.to_js()
}

/// Serializes `T` as JSON text.
pub fn to_string<T: ToJs + ?Sized>(value: &T) -> Result<String, Error> {
    js_sys::JSON::stringify(&value.to_js())
        .map(String::from)
        .map_err(|_| "not serializable".to_owned())
}

/// The body of `POST /v1/permission-button` as the signer receives it (JSON text), for tests
/// and logs.
pub fn request_json(request: &crate::permission::PermissionButtonRequest) -> crate::error::Result<String> {
    to_string(request).map_err(|e| crate::error::WidgetError::option("chargePermissionType", e))
}
