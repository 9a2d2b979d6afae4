//! The hand-written codec between the widget's Rust types and plain JavaScript values (and so
//! JSON text), written once against two small traits: [`Source`] (a value to read) and
//! [`Sink`] (a value to build). In the browser both are `JsValue` ([`super::value`]); native
//! tests use `serde_json::Value`, so every conversion here runs under `cargo test`.
//!
//! Measured: going through serde-wasm-bindgen instead cost 35 KB gzip of wasm (its
//! deserializer, serde's error messages and the float formatting they pull in), more than half
//! of the widget's 60 KB budget. Inputs from the shop are strict (unknown fields refused,
//! amounts only as decimal strings); answers from the signer tolerate fields added later.

/// A conversion error: where and what.
pub type Error = String;

/// A JSON-like value to read from (a JavaScript value in the browser).
pub trait Source: Sized {
    /// True for a missing value (`undefined`) and `null`.
    fn is_nullish(&self) -> bool;
    /// The string, when it is one.
    fn string(&self) -> Option<String>;
    /// The boolean, when it is one.
    fn boolean(&self) -> Option<bool>;
    /// The number, when it is one.
    fn number(&self) -> Option<f64>;
    /// True for an array.
    fn is_array(&self) -> bool;
    /// True for an object (arrays included, `null` not).
    fn is_object(&self) -> bool;
    /// The length of an array.
    fn length(&self) -> u32;
    /// An element of an array.
    fn item(&self, index: u32) -> Self;
    /// The first own key of an object that is not in `allowed`.
    fn key_outside(&self, allowed: &[&str]) -> Option<String>;
    /// A field of an object (a missing value when it has none).
    fn field(&self, key: &str) -> Self;
}

/// A JSON-like value to build (a JavaScript value in the browser).
pub trait Sink: Sized {
    /// A string.
    fn string(s: &str) -> Self;
    /// A boolean.
    fn boolean(b: bool) -> Self;
    /// A number.
    fn number(n: f64) -> Self;
    /// An array of values.
    fn array(items: Vec<Self>) -> Self;
    /// An empty plain object.
    fn object() -> Self;
    /// Sets a field of an object made by [`Sink::object`].
    fn set(&mut self, key: &str, value: Self);
}

/// Reads a Rust value from a JavaScript value.
pub trait FromJs: Sized {
    /// Converts `value`; `path` names it in error messages (e.g. `cart.lines[0]`).
    fn from_js<V: Source>(value: &V, path: &str) -> Result<Self, Error>;
}

/// Writes a Rust value as a plain JavaScript value.
pub trait ToJs {
    /// Converts `self`.
    fn to_js<S: Sink>(&self) -> S;
}

/// Converts a value into `T`.
pub fn from_value<T: FromJs, V: Source>(value: &V) -> Result<T, Error> {
    T::from_js(value, "")
}

fn name(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A plain object (not an array, not null).
#[derive(Debug)]
pub struct Fields<'a, V> {
    value: &'a V,
    path: &'a str,
}

impl<'a, V: Source> Fields<'a, V> {
    /// Checks that `value` is a plain object.
    #[inline(never)]
    pub fn new(value: &'a V, path: &'a str) -> Result<Fields<'a, V>, Error> {
        if !value.is_object() || value.is_array() {
            let what = if path.is_empty() { "the value" } else { path };
            return Err(format!("{what} must be an object"));
        }
        Ok(Fields { value, path })
    }

    /// Refuses keys outside `allowed`.
    pub fn only(self, allowed: &[&str]) -> Result<Fields<'a, V>, Error> {
        match self.value.key_outside(allowed) {
            Some(key) => Err(format!("unknown field {}", name(self.path, &key))),
            None => Ok(self),
        }
    }

    /// The raw value of a field (missing when the object has none).
    pub fn get(&self, key: &str) -> V {
        self.value.field(key)
    }

    /// The field's path, for errors.
    pub fn path(&self, key: &str) -> String {
        name(self.path, key)
    }

    /// An optional field: `undefined` and `null` are `None`.
    #[inline(never)]
    pub fn opt<T: FromJs>(&self, key: &str) -> Result<Option<T>, Error> {
        let value = self.get(key);
        if value.is_nullish() {
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
    fn from_js<V: Source>(value: &V, path: &str) -> Result<String, Error> {
        value.string().ok_or_else(|| format!("{path} must be a string"))
    }
}

impl FromJs for bool {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<bool, Error> {
        value
            .boolean()
            .ok_or_else(|| format!("{path} must be true or false"))
    }
}

impl FromJs for u64 {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<u64, Error> {
        // Whole, non-negative and exactly representable (≤ 2^53 - 1) only.
        match value.number() {
            Some(n) if (0.0..=9_007_199_254_740_991.0).contains(&n) && n == (n as u64) as f64 => Ok(n as u64),
            _ => Err(format!("{path} must be a whole number")),
        }
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<Vec<T>, Error> {
        if !value.is_array() {
            return Err(format!("{path} must be an array"));
        }
        (0..value.length())
            .map(|i| T::from_js(&value.item(i), &format!("{path}[{i}]")))
            .collect()
    }
}

/// Builds a plain object field by field; `None` leaves the field out.
#[derive(Debug)]
pub struct ObjectBuilder<S>(S);

impl<S: Sink> Default for ObjectBuilder<S> {
    fn default() -> Self {
        ObjectBuilder(S::object())
    }
}

impl<S: Sink> ObjectBuilder<S> {
    /// Sets a field.
    pub fn set(self, key: &str, value: impl ToJs) -> ObjectBuilder<S> {
        self.set_value(key, value.to_js())
    }

    /// Sets a field to a value already built.
    pub fn set_value(mut self, key: &str, value: S) -> ObjectBuilder<S> {
        self.0.set(key, value);
        self
    }

    /// Sets a field when present.
    pub fn set_opt<T: ToJs>(self, key: &str, value: Option<T>) -> ObjectBuilder<S> {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// The object.
    pub fn build(self) -> S {
        self.0
    }
}

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js<S: Sink>(&self) -> S {
        (**self).to_js()
    }
}

impl ToJs for str {
    fn to_js<S: Sink>(&self) -> S {
        S::string(self)
    }
}

impl ToJs for String {
    fn to_js<S: Sink>(&self) -> S {
        S::string(self)
    }
}

impl ToJs for bool {
    fn to_js<S: Sink>(&self) -> S {
        S::boolean(*self)
    }
}

impl ToJs for u64 {
    fn to_js<S: Sink>(&self) -> S {
        // Quantities (≤ 999) and statuses: exact as JavaScript numbers.
        S::number(*self as f64)
    }
}

impl<T: ToJs> ToJs for [T] {
    fn to_js<S: Sink>(&self) -> S {
        S::array(self.iter().map(ToJs::to_js).collect())
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js<S: Sink>(&self) -> S {
        self.as_slice().to_js()
    }
}
