//! `serde_json::Value` as the codec's [`Source`] and [`Sink`], so that the conversions of
//! [`super`] run natively in `cargo test` (JavaScript's `undefined` is JSON's `null` here, and
//! an array is an object, as in JavaScript).

use serde_json::{Map, Value};

use crate::js::codec::{Sink, Source};

impl Source for Value {
    fn is_nullish(&self) -> bool {
        self.is_null()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_array(&self) -> bool {
        Value::is_array(self)
    }

    fn is_object(&self) -> bool {
        Value::is_object(self) || Value::is_array(self)
    }

    fn length(&self) -> u32 {
        self.as_array().map_or(0, |a| a.len() as u32)
    }

    fn item(&self, index: u32) -> Value {
        self.get(index as usize).cloned().unwrap_or(Value::Null)
    }

    fn key_outside(&self, allowed: &[&str]) -> Option<String> {
        self.as_object()?
            .keys()
            .find(|key| !allowed.contains(&key.as_str()))
            .cloned()
    }

    fn field(&self, key: &str) -> Value {
        self.get(key).cloned().unwrap_or(Value::Null)
    }
}

impl Sink for Value {
    fn string(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    fn boolean(b: bool) -> Value {
        Value::Bool(b)
    }

    fn number(n: f64) -> Value {
        // Whole numbers as JSON integers, as `JSON.stringify` writes them.
        if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
            Value::from(n as i64)
        } else {
            Value::from(n)
        }
    }

    fn array(items: Vec<Value>) -> Value {
        Value::Array(items)
    }

    fn object() -> Value {
        Value::Object(Map::new())
    }

    fn set(&mut self, key: &str, value: Value) {
        if let Value::Object(map) = self {
            map.insert(key.to_owned(), value);
        }
    }
}
