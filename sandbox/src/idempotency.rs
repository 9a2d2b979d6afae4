//! Idempotency keys as Amazon honours them: the same key with the same request replays the first
//! response; the same key with a different request is `DuplicateIdempotencyKey`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A stored first answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: String,
}

/// What the store says about a request carrying a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// First use: process it.
    New,
    /// Same key, same request: answer this.
    Replay(StoredResponse),
    /// Same key, different request.
    Conflict,
}

/// One remembered key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    fingerprint: String,
    response: StoredResponse,
}

/// Keys per public key id.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct IdempotencyStore {
    entries: HashMap<String, Entry>,
}

/// Fingerprint of a request: method, path, query and body hash.
pub fn fingerprint(method: &str, path: &str, query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [
        method.as_bytes(),
        b"\n",
        path.as_bytes(),
        b"\n",
        query.as_bytes(),
        b"\n",
    ] {
        h.update(part);
    }
    h.update(body);
    hex::encode(h.finalize())
}

fn slot(public_key_id: &str, key: &str) -> String {
    format!("{public_key_id}\n{key}")
}

impl IdempotencyStore {
    /// Looks a key up.
    pub fn lookup(&self, public_key_id: &str, key: &str, fingerprint: &str) -> Lookup {
        match self.entries.get(&slot(public_key_id, key)) {
            None => Lookup::New,
            Some(e) if e.fingerprint == fingerprint => Lookup::Replay(e.response.clone()),
            Some(_) => Lookup::Conflict,
        }
    }

    /// Remembers the answer to a key's first request. Server errors (5xx) are not remembered, so a
    /// retry after an internal failure is processed again.
    pub fn remember(
        &mut self,
        public_key_id: &str,
        key: &str,
        fingerprint: String,
        response: StoredResponse,
    ) {
        if response.status >= 500 {
            return;
        }
        self.entries.entry(slot(public_key_id, key)).or_insert(Entry {
            fingerprint,
            response,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_and_conflict() {
        let mut s = IdempotencyStore::default();
        let f1 = fingerprint("POST", "/v2/charges", "", b"{}");
        let f2 = fingerprint("POST", "/v2/charges", "", b"{ }");
        assert_eq!(s.lookup("K", "a", &f1), Lookup::New);
        let r = StoredResponse {
            status: 201,
            body: "{\"chargeId\":\"c\"}".into(),
        };
        s.remember("K", "a", f1.clone(), r.clone());
        assert_eq!(s.lookup("K", "a", &f1), Lookup::Replay(r));
        assert_eq!(s.lookup("K", "a", &f2), Lookup::Conflict);
        assert_eq!(
            s.lookup("OTHER", "a", &f2),
            Lookup::New,
            "keys are per merchant key id"
        );
        s.remember(
            "K",
            "b",
            f2.clone(),
            StoredResponse {
                status: 500,
                body: String::new(),
            },
        );
        assert_eq!(s.lookup("K", "b", &f2), Lookup::New);
    }
}
