-- The merchant console's sign-ins and form submissions. Times are Unix seconds (the isolate's
-- clock). One statement per `;` at the end of a line.

-- One row per console session. The cookie carries the session id (signed); only its SHA-256 is
-- stored, so a copy of the database opens no session. A session ends when it is signed out
-- (ended_at set: the same cookie never works again) or after 8 hours without a request.
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX console_sessions_seen ON console_sessions (last_seen_at);

-- Each submitted console action by the idempotency key its form carried: a form sent twice
-- (a double click, a reload) runs its action once.
CREATE TABLE console_actions (
  idempotency_key TEXT PRIMARY KEY,
  merchant_reference TEXT NOT NULL,
  action TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The buyer's name of an order, as Amazon reported it on the completed checkout session (the
-- console's order list shows it).
CREATE TABLE order_buyers (
  merchant_reference TEXT PRIMARY KEY,
  buyer_name TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
