//! One unambiguous JSON object: a key repeated inside one object (at any depth) makes a body
//! mean two things (serde keeps the last value, other parsers the first), so the wire protocol
//! refuses it.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The longest key name quoted back in an error.
const MAX_NAMED_KEY_CHARS: usize = 64;

/// The first key that appears twice in one object of `body` (at most
/// 64 characters of it), or `None` when every object's keys are distinct.
/// A body that is not JSON has no duplicate key (its parser refuses it).
pub fn duplicate_key(body: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    match AnyValue.deserialize(&mut de) {
        Ok(()) => None,
        Err(e) => {
            let text = e.to_string();
            let rest = text.strip_prefix(DUPLICATE_PREFIX)?;
            let end = rest.rfind(DUPLICATE_SUFFIX)?;
            Some(rest[..end].chars().take(MAX_NAMED_KEY_CHARS).collect())
        }
    }
}

const DUPLICATE_PREFIX: &str = "duplicate key \u{1}";
const DUPLICATE_SUFFIX: &str = "\u{1}";

/// Walks one JSON value, remembering each object's keys.
#[derive(Debug, Clone, Copy)]
struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(AnyValue)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE_PREFIX}{key}{DUPLICATE_SUFFIX}"
                )));
            }
            map.next_value_seed(AnyValue)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::duplicate_key;

    #[test]
    fn a_repeated_key_is_named_at_any_depth() {
        let top = br#"{"productType":"PayAndShip","productType":"PayOnly","placement":"Cart"}"#;
        assert_eq!(duplicate_key(top).as_deref(), Some("productType"));
        let nested = br#"{"cart":[{"sku":"TEA-1","quantity":1,"quantity":9}]}"#;
        assert_eq!(duplicate_key(nested).as_deref(), Some("quantity"));
        let escaped = br#"{"a":1,"\u0061":2}"#;
        assert_eq!(duplicate_key(escaped).as_deref(), Some("a"));
        let long = format!(r#"{{"{k}":1,"{k}":2}}"#, k = "k".repeat(300));
        assert_eq!(duplicate_key(long.as_bytes()).map(|k| k.len()), Some(64));
    }

    #[test]
    fn distinct_keys_and_non_json_have_none() {
        for ok in [
            &br#"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#[..],
            b"{}",
            b"[1,2]",
            b"not json",
            br#"{"a":1,"A":2}"#,
        ] {
            assert_eq!(duplicate_key(ok), None, "{}", String::from_utf8_lossy(ok));
        }
    }
}
