//! The outbox of merchant events (`merchant_events`, migration 0004): an event queued once per
//! (kind, subject), claimed by one delivery at a time, and finished as `delivered`, retried
//! later, or `failed`.

use serde::{Deserialize, Serialize};

use super::{Ledger, LedgerError};

/// How long a claimed event is held by its delivery before another run may take it (the
/// delivery died before recording its outcome), seconds.
pub const CLAIM_LEASE_SECS: i64 = 120;

/// One queued event and its delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    /// The ledger's row (paging; 0 when not selected).
    #[serde(default)]
    pub row_id: i64,
    /// `evt_` and 32 hex digits, derived from the kind and the subject.
    pub event_id: String,
    /// The event type (`charge.succeeded`, …).
    pub kind: String,
    /// The id of the object the event is about.
    pub subject: String,
    /// The event's `data`, JSON text.
    pub data: String,
    /// The event's time (Unix seconds).
    pub created_at: i64,
    /// When it was queued (the Worker's clock).
    pub queued_at: i64,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts made.
    pub attempts: i64,
    /// When the next attempt is due (`pending` only).
    pub next_attempt_at: Option<i64>,
    /// When the last attempt was made.
    pub last_attempt_at: Option<i64>,
    /// The HTTP status of the last attempt (0: no answer).
    pub last_status: Option<i64>,
    /// Why the last attempt failed (`http 500`, `timeout`, `network`).
    pub last_error: Option<String>,
    /// When the receiver accepted it.
    pub delivered_at: Option<i64>,
}

/// An event to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent<'a> {
    /// Its id.
    pub event_id: &'a str,
    /// Its type.
    pub kind: &'a str,
    /// Its subject.
    pub subject: &'a str,
    /// Its `data`, JSON text.
    pub data: &'a str,
    /// Its time.
    pub created_at: i64,
}

/// The columns of [`EventRow`], in order.
pub const EVENT_COLUMNS: &str = "event_id, kind, subject, data, created_at, queued_at, state, attempts, \
     next_attempt_at, last_attempt_at, last_status, last_error, delivered_at";

impl Ledger {
    /// Queues an event due at once; an event of the same kind and subject queued before is
    /// kept as it is (answers false).
    pub async fn queue_event(&self, e: &NewEvent<'_>, now: i64) -> Result<bool, LedgerError> {
        let changed = self
            .run(
                "INSERT INTO merchant_events (event_id, kind, subject, data, created_at, queued_at, state, attempts, \
                 next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?6) \
                 ON CONFLICT DO NOTHING",
                &[
                    e.event_id.into(),
                    e.kind.into(),
                    e.subject.into(),
                    e.data.into(),
                    e.created_at.into(),
                    now.into(),
                ],
            )
            .await?;
        Ok(changed > 0)
    }

    /// Pending events due at `now`, the longest waiting first.
    pub async fn due_events(&self, now: i64, limit: i64) -> Result<Vec<EventRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM merchant_events WHERE state = 'pending' AND next_attempt_at <= ?1 \
                 ORDER BY next_attempt_at, rowid LIMIT ?2"
            ),
            &[now.into(), limit.into()],
        )
        .await
    }

    /// Claims a due event for one attempt: counts the attempt and holds the event for
    /// [`CLAIM_LEASE_SECS`]. False when another run claimed it first.
    pub async fn claim_event(&self, e: &EventRow, now: i64) -> Result<bool, LedgerError> {
        let changed = self
            .run(
                "UPDATE merchant_events SET attempts = attempts + 1, last_attempt_at = ?3, next_attempt_at = ?4 \
                 WHERE event_id = ?1 AND state = 'pending' AND attempts = ?2 AND next_attempt_at <= ?3",
                &[
                    e.event_id.as_str().into(),
                    e.attempts.into(),
                    now.into(),
                    (now + CLAIM_LEASE_SECS).into(),
                ],
            )
            .await?;
        Ok(changed > 0)
    }

    /// Records an accepted delivery.
    pub async fn event_delivered(&self, event_id: &str, status: i64, now: i64) -> Result<(), LedgerError> {
        self.run(
            "UPDATE merchant_events SET state = 'delivered', delivered_at = ?3, last_status = ?2, last_error = NULL, \
             next_attempt_at = NULL WHERE event_id = ?1",
            &[event_id.into(), status.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// Records a failed attempt: retried at `retry_at`, or `failed` when there is none.
    pub async fn event_attempt_failed(
        &self,
        event_id: &str,
        status: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<(), LedgerError> {
        self.run(
            "UPDATE merchant_events SET state = CASE WHEN ?4 IS NULL THEN 'failed' ELSE 'pending' END, \
             last_status = ?2, last_error = ?3, next_attempt_at = ?4 WHERE event_id = ?1 AND state = 'pending'",
            &[event_id.into(), status.into(), error.into(), retry_at.into()],
        )
        .await?;
        Ok(())
    }

    /// An event by id.
    pub async fn event(&self, event_id: &str) -> Result<Option<EventRow>, LedgerError> {
        self.first(
            &format!("SELECT {EVENT_COLUMNS} FROM merchant_events WHERE event_id = ?1"),
            &[event_id.into()],
        )
        .await
    }
}
