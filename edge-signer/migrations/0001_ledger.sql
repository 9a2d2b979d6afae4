-- The transaction ledger. Times are Unix seconds; amounts are integer minor units of
-- `currency`. Amazon's objects are kept as last seen (state and the timestamp of that state),
-- and a transaction's status is derived from them (amazon_pay_shared::lifecycle::derive_status).
-- One statement per `;` at the end of a line.

-- One payment (a checkout, or a merchant-initiated charge on a saved permission) or one
-- permission registered without a payment, keyed by the merchant's reference.
CREATE TABLE transactions (
  merchant_reference TEXT PRIMARY KEY,
  flow TEXT NOT NULL,
  status TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  first_amount_minor INTEGER NOT NULL,
  amount_change_enabled INTEGER NOT NULL DEFAULT 0,
  checkout_session_id TEXT UNIQUE,
  session_state TEXT,
  session_reason TEXT,
  redirected INTEGER NOT NULL DEFAULT 0,
  charge_permission_id TEXT,
  charge_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX transactions_status ON transactions (status, created_at);
CREATE INDEX transactions_created ON transactions (created_at);
CREATE INDEX transactions_permission ON transactions (charge_permission_id);
CREATE INDEX transactions_charge ON transactions (charge_id);

-- Charge permissions as Amazon last reported them.
CREATE TABLE permissions (
  charge_permission_id TEXT PRIMARY KEY,
  merchant_reference TEXT NOT NULL,
  permission_type TEXT NOT NULL,
  state TEXT NOT NULL,
  reason_code TEXT,
  created_at_amazon INTEGER NOT NULL,
  expires_at_amazon INTEGER,
  state_at INTEGER NOT NULL,
  state_rank INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Charges as Amazon last reported them; seq orders a transaction's charges (an amount change
-- adds one).
CREATE TABLE charges (
  charge_id TEXT PRIMARY KEY,
  merchant_reference TEXT NOT NULL,
  charge_permission_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL,
  reason_code TEXT,
  capture_now INTEGER NOT NULL,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  captured_minor INTEGER,
  created_at_amazon INTEGER NOT NULL,
  captured_at INTEGER,
  state_at INTEGER NOT NULL,
  state_rank INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX charges_transaction ON charges (merchant_reference, seq);
CREATE INDEX charges_permission ON charges (charge_permission_id, created_at_amazon);

-- Refunds as Amazon last reported them.
CREATE TABLE refunds (
  refund_id TEXT PRIMARY KEY,
  charge_id TEXT NOT NULL,
  merchant_reference TEXT NOT NULL,
  state TEXT NOT NULL,
  reason_code TEXT,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  created_at_amazon INTEGER NOT NULL,
  state_at INTEGER NOT NULL,
  state_rank INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX refunds_charge ON refunds (charge_id);
CREATE INDEX refunds_transaction ON refunds (merchant_reference);

-- Every change of a transaction's status, with the time and what caused it.
CREATE TABLE status_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_reference TEXT NOT NULL,
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX status_history_transaction ON status_history (merchant_reference, id);

-- What the signer set out to do at Amazon, recorded before the call: PENDING until the answer
-- is recorded (DONE, with the resulting object) or Amazon refused it (FAILED). A PENDING intent
-- is one whose request may have died halfway; POST /v1/merchant/sync reconciles it.
CREATE TABLE intents (
  intent_key TEXT PRIMARY KEY,
  merchant_reference TEXT NOT NULL,
  operation TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body TEXT,
  idempotency_key TEXT,
  target_id TEXT,
  currency TEXT,
  amount_minor INTEGER,
  state TEXT NOT NULL,
  result_id TEXT,
  error_code TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX intents_state ON intents (state, created_at);
CREATE INDEX intents_transaction ON intents (merchant_reference);

-- Instant notifications already taken (SNS MessageId), so a duplicate or a replay is a no-op.
CREATE TABLE notifications (
  message_id TEXT PRIMARY KEY,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
