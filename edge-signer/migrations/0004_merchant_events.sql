-- Outgoing notifications to the merchant's backend (README.md, "Merchant events"): an outbox of
-- events, each queued once per (kind, subject) and delivered by POST, signed, with retries.
-- `created_at` is the event's time (Amazon's, as the signer saw it); the delivery times are the
-- Worker's clock. Times are Unix seconds. One statement per `;` at the end of a line.

-- One event and its delivery. `state`: `pending` (to be sent at `next_attempt_at`),
-- `delivered` (the receiver answered 2xx) or `failed` (attempts exhausted).
CREATE TABLE merchant_events (
  event_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  delivered_at INTEGER,
  UNIQUE (kind, subject)
);
CREATE INDEX merchant_events_due ON merchant_events (state, next_attempt_at);
