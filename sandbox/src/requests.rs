//! The log of API requests received, for tests that must prove what reached "Amazon":
//! one entry per request, with its idempotency key and the answer.

use serde::Serialize;

/// One received API request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// Sequence number, from 1.
    pub seq: u64,
    /// Sandbox time of arrival, `YYYYMMDDTHHMMSSZ`.
    pub at: String,
    /// Method.
    pub method: String,
    /// Path as received.
    pub path: String,
    /// Query as received.
    pub query: String,
    /// `PublicKeyId` from the authorization header, when it parsed.
    pub public_key_id: Option<String>,
    /// `x-amz-pay-idempotency-key`, when sent.
    pub idempotency_key: Option<String>,
    /// SHA-256 of the body, hex.
    pub body_sha256: String,
    /// The status answered.
    pub status: u16,
    /// The reason code answered, for errors.
    pub reason_code: Option<String>,
    /// True when the answer was replayed for a repeated idempotency key.
    pub replayed: bool,
    /// True when the answer was a simulated fault.
    pub faulted: bool,
}

/// Every request since start (bounded: the oldest are dropped past 10,000).
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Vec<LoggedRequest>,
    next_seq: u64,
}

impl RequestLog {
    /// The sequence number the next entry gets.
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Appends an entry.
    pub fn push(&mut self, entry: LoggedRequest) {
        if self.entries.len() >= 10_000 {
            self.entries.remove(0);
        }
        self.entries.push(entry);
    }

    /// Entries with a sequence number above `since`.
    pub fn since(&self, since: u64) -> Vec<LoggedRequest> {
        self.entries.iter().filter(|e| e.seq > since).cloned().collect()
    }

    /// Forgets every entry (sequence numbers keep counting).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
