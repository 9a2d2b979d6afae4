-- Subscriptions that run themselves: a recurring charge permission with its plan and schedule,
-- one row per billing period with the idempotency key of its charge, and the metered usage the
-- merchant reports. Times are Unix seconds (Amazon's time as the signer saw it); amounts are
-- integer minor units of `currency`. One statement per `;` at the end of a line.

-- One subscription per recurring charge permission, created when its checkout completes
-- (period 0 is the checkout's own payment). `plan` is FIXED (`amount_minor` each period) or
-- METERED (each period charges the usage recorded in the period before it). Period k starts at
-- `anchor_at` plus (k - `anchor_period`) times the frequency, counted in calendar months at the
-- merchant's UTC offset for Month and Year. `status`: active, past_due, paused, canceled, ended.
CREATE TABLE subscriptions (
  subscription_id TEXT PRIMARY KEY,
  charge_permission_id TEXT NOT NULL UNIQUE,
  merchant_reference TEXT NOT NULL,
  plan TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  frequency_unit TEXT NOT NULL,
  frequency_value INTEGER NOT NULL,
  anchor_at INTEGER NOT NULL,
  anchor_period INTEGER NOT NULL,
  status TEXT NOT NULL,
  next_period INTEGER NOT NULL,
  next_charge_at INTEGER,
  retry_count INTEGER NOT NULL DEFAULT 0,
  retry_at INTEGER,
  last_decline TEXT,
  cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
  ended_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX subscriptions_due ON subscriptions (status, next_charge_at);
CREATE INDEX subscriptions_retry ON subscriptions (retry_at);

-- One row per (subscription, period): the charge of that period under its own merchant
-- reference (`<subscription id>-p<period>`), with the idempotency key of the attempt under way
-- (derived from subscription, period and attempt; the attempt moves only after Amazon's
-- recorded decline, so a period never has two keys whose outcome is unknown). `state`:
-- PENDING (asked, answer not recorded), CHARGED, DECLINED, REFUSED (refused before Amazon),
-- SKIPPED (nothing to charge, or paused).
CREATE TABLE subscription_periods (
  subscription_id TEXT NOT NULL,
  period_index INTEGER NOT NULL,
  starts_at INTEGER NOT NULL,
  merchant_reference TEXT NOT NULL UNIQUE,
  idempotency_key TEXT NOT NULL UNIQUE,
  attempt INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  state TEXT NOT NULL,
  charge_id TEXT,
  reason_code TEXT,
  error_code TEXT,
  overflow_minor INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, period_index)
);

-- Metered usage, idempotent by the merchant's usage id: each line belongs to the period that
-- was running when it was recorded and is charged at that period's end.
CREATE TABLE subscription_usage (
  subscription_id TEXT NOT NULL,
  usage_id TEXT NOT NULL,
  period_index INTEGER NOT NULL,
  quantity INTEGER NOT NULL,
  unit_minor INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  description TEXT,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, usage_id)
);
CREATE INDEX subscription_usage_period ON subscription_usage (subscription_id, period_index);
