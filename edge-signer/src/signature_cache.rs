//! Signatures already made in this isolate, by exact payload text.
//!
//! A button payload carries no time and no nonce: any valid signature of the same bytes is as
//! good as a fresh one (Amazon's own tooling hands merchants one fixed signature for a fixed
//! payload). The review flow's payload is the same for every buyer of a store, so the signer
//! signs it once per isolate instead of once per click. Payloads that differ per order (the
//! one-step flow's amount and reference) simply miss. The cache is small and bounded; the
//! isolate, and with it the key and the configuration, owns it.

use std::cell::RefCell;
use std::collections::VecDeque;

/// How many payload texts are remembered (oldest first out).
pub const CAPACITY: usize = 16;

/// The longest payload text remembered, in bytes; longer ones are signed every time.
pub const MAX_PAYLOAD_BYTES: usize = 4096;

/// A bounded map from payload text to its base64 signature, oldest evicted first.
#[derive(Debug, Default)]
pub struct SignatureCache {
    entries: VecDeque<(String, String)>,
}

impl SignatureCache {
    /// The signature made for exactly this payload text, if remembered.
    pub fn get(&self, payload_json: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(payload, _)| payload == payload_json)
            .map(|(_, signature)| signature.as_str())
    }

    /// Remembers a signature; evicts the oldest entry when full. Oversized payloads are not
    /// kept.
    pub fn insert(&mut self, payload_json: &str, signature: &str) {
        if payload_json.len() > MAX_PAYLOAD_BYTES || self.get(payload_json).is_some() {
            return;
        }
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries
            .push_back((payload_json.to_owned(), signature.to_owned()));
    }

    /// How many signatures are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

thread_local! {
    static CACHE: RefCell<SignatureCache> = RefCell::new(SignatureCache::default());
}

/// The isolate's signature for this payload text, if it made one.
pub fn lookup(payload_json: &str) -> Option<String> {
    CACHE.with(|c| c.borrow().get(payload_json).map(str::to_owned))
}

/// Remembers the isolate's signature for this payload text.
pub fn remember(payload_json: &str, signature: &str) {
    CACHE.with(|c| c.borrow_mut().insert(payload_json, signature));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_the_exact_payload() {
        let mut cache = SignatureCache::default();
        cache.insert("{\"a\":1}", "sig-a");
        assert_eq!(cache.get("{\"a\":1}"), Some("sig-a"));
        assert_eq!(cache.get("{\"a\":1} "), None);
        assert_eq!(cache.get("{\"a\":2}"), None);
    }

    #[test]
    fn keeps_the_first_signature_of_a_payload() {
        let mut cache = SignatureCache::default();
        cache.insert("p", "first");
        cache.insert("p", "second");
        assert_eq!(cache.get("p"), Some("first"));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn evicts_the_oldest_when_full() {
        let mut cache = SignatureCache::default();
        for i in 0..=CAPACITY {
            cache.insert(&format!("payload-{i}"), &format!("sig-{i}"));
        }
        assert_eq!(cache.len(), CAPACITY);
        assert_eq!(cache.get("payload-0"), None);
        assert_eq!(cache.get("payload-1"), Some("sig-1"));
        assert_eq!(
            cache.get(&format!("payload-{CAPACITY}")),
            Some(format!("sig-{CAPACITY}").as_str())
        );
    }

    #[test]
    fn does_not_keep_oversized_payloads() {
        let mut cache = SignatureCache::default();
        let big = "x".repeat(MAX_PAYLOAD_BYTES + 1);
        cache.insert(&big, "sig");
        assert!(cache.is_empty());
        let edge = "x".repeat(MAX_PAYLOAD_BYTES);
        cache.insert(&edge, "sig");
        assert_eq!(cache.get(&edge), Some("sig"));
    }
}
