//! Subscriptions in D1 (`edge-signer/migrations/0003_subscriptions.sql`): the subscription
//! with its plan, schedule, status and retry state; one row per billing period with the
//! idempotency key of its charge; the metered usage lines. Every write is keyed (the
//! subscription id, the period, the merchant's usage id), so a repeated or overlapping run
//! writes the same rows again and never a second one.

use serde::{Deserialize, Serialize};

use super::{Arg, Ledger, LedgerError};

/// A subscription as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionRow {
    /// `sub-<charge permission id>`.
    pub subscription_id: String,
    /// The recurring charge permission.
    pub charge_permission_id: String,
    /// The checkout transaction that created it (period 0).
    pub merchant_reference: String,
    /// `FIXED` or `METERED`.
    pub plan: String,
    /// The amount of each period of a fixed plan, minor units.
    pub amount_minor: i64,
    /// ISO currency.
    pub currency: String,
    /// Amazon's frequency unit (`Year`, `Month`, `Week`, `Day`, `Variable`).
    pub frequency_unit: String,
    /// How many units apart.
    pub frequency_value: i64,
    /// When period `anchor_period` starts.
    pub anchor_at: i64,
    /// The period `anchor_at` is the start of.
    pub anchor_period: i64,
    /// `active`, `past_due`, `paused`, `canceled` or `ended`.
    pub status: String,
    /// The next period to charge.
    pub next_period: i64,
    /// When it is due (none: nothing scheduled).
    pub next_charge_at: Option<i64>,
    /// Retries made of the period under way.
    pub retry_count: i64,
    /// When the period under way is tried again (none: no retry scheduled).
    pub retry_at: Option<i64>,
    /// Amazon's reason code of the last decline.
    pub last_decline: Option<String>,
    /// 1: the subscription ends when its current period does.
    pub cancel_at_period_end: i64,
    /// When it was canceled or ended.
    pub ended_at: Option<i64>,
    /// Created at.
    pub created_at: i64,
    /// Last changed at.
    pub updated_at: i64,
}

/// One billing period as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    /// The subscription.
    pub subscription_id: String,
    /// The period, from 0 (the checkout).
    pub period_index: i64,
    /// When it starts.
    pub starts_at: i64,
    /// The period's own merchant reference (`<subscription id>-p<period>`).
    pub merchant_reference: String,
    /// The idempotency key of the attempt under way.
    pub idempotency_key: String,
    /// The attempt under way, from 0.
    pub attempt: i64,
    /// The amount asked for, minor units.
    pub amount_minor: i64,
    /// `PENDING`, `CHARGED`, `DECLINED`, `REFUSED` or `SKIPPED`.
    pub state: String,
    /// Amazon's charge.
    pub charge_id: Option<String>,
    /// Amazon's reason code of a decline.
    pub reason_code: Option<String>,
    /// The signer's code of a refusal before Amazon.
    pub error_code: Option<String>,
    /// What a refused charge was above the monthly cap, minor units.
    pub overflow_minor: Option<i64>,
    /// Created at.
    pub created_at: i64,
    /// Last changed at.
    pub updated_at: i64,
}

/// One metered usage line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRow {
    /// The subscription.
    pub subscription_id: String,
    /// The merchant's id of the line (unique per subscription).
    pub usage_id: String,
    /// The period it is charged with (at that period's end).
    pub period_index: i64,
    /// How many.
    pub quantity: i64,
    /// Price of one, minor units.
    pub unit_minor: i64,
    /// `quantity × unit`, minor units.
    pub amount_minor: i64,
    /// The merchant's text.
    pub description: Option<String>,
    /// Recorded at.
    pub recorded_at: i64,
}

const SUB_COLUMNS: &str = "subscription_id, charge_permission_id, merchant_reference, plan, amount_minor, currency, \
     frequency_unit, frequency_value, anchor_at, anchor_period, status, next_period, next_charge_at, retry_count, \
     retry_at, last_decline, cancel_at_period_end, ended_at, created_at, updated_at";

const PERIOD_COLUMNS: &str =
    "subscription_id, period_index, starts_at, merchant_reference, idempotency_key, attempt, \
     amount_minor, state, charge_id, reason_code, error_code, overflow_minor, created_at, updated_at";

const USAGE_COLUMNS: &str =
    "subscription_id, usage_id, period_index, quantity, unit_minor, amount_minor, description, recorded_at";

/// The filter of the merchant's list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubscriptionFilter {
    /// Only this status.
    pub status: Option<String>,
    /// Only ids after this one (the cursor of the page before).
    pub after: Option<String>,
    /// At most this many.
    pub limit: i64,
}

impl Ledger {
    /// Inserts a subscription unless one exists for its id; answers the stored one.
    pub async fn insert_subscription(
        &self,
        s: &SubscriptionRow,
    ) -> Result<Option<SubscriptionRow>, LedgerError> {
        self.run(
            &format!(
                "INSERT INTO subscriptions ({SUB_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
                 ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) ON CONFLICT DO NOTHING"
            ),
            &subscription_args(s),
        )
        .await?;
        self.subscription(&s.subscription_id).await
    }

    /// Writes every field of a subscription (its id and permission unchanged).
    pub async fn save_subscription(&self, s: &SubscriptionRow) -> Result<(), LedgerError> {
        self.run(
            "UPDATE subscriptions SET plan = ?4, amount_minor = ?5, frequency_unit = ?7, frequency_value = ?8, \
             anchor_at = ?9, anchor_period = ?10, status = ?11, next_period = ?12, next_charge_at = ?13, \
             retry_count = ?14, retry_at = ?15, last_decline = ?16, cancel_at_period_end = ?17, ended_at = ?18, \
             updated_at = ?20 WHERE subscription_id = ?1",
            &subscription_args(s),
        )
        .await?;
        Ok(())
    }

    /// A subscription by id.
    pub async fn subscription(&self, id: &str) -> Result<Option<SubscriptionRow>, LedgerError> {
        self.first(
            &format!("SELECT {SUB_COLUMNS} FROM subscriptions WHERE subscription_id = ?1"),
            &[id.into()],
        )
        .await
    }

    /// The subscription of a charge permission.
    pub async fn subscription_of_permission(&self, id: &str) -> Result<Option<SubscriptionRow>, LedgerError> {
        self.first(
            &format!("SELECT {SUB_COLUMNS} FROM subscriptions WHERE charge_permission_id = ?1"),
            &[id.into()],
        )
        .await
    }

    /// Active subscriptions whose next period is due at `now`, with no retry scheduled,
    /// earliest first.
    pub async fn due_subscriptions(&self, now: i64, limit: i64) -> Result<Vec<SubscriptionRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {SUB_COLUMNS} FROM subscriptions WHERE status = 'active' AND retry_at IS NULL \
                 AND next_charge_at IS NOT NULL AND next_charge_at <= ?1 ORDER BY next_charge_at, subscription_id LIMIT ?2"
            ),
            &[now.into(), limit.into()],
        )
        .await
    }

    /// Active or past-due subscriptions whose retry is due at `now`, earliest first.
    pub async fn retry_subscriptions(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<SubscriptionRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {SUB_COLUMNS} FROM subscriptions WHERE status IN ('active', 'past_due') \
                 AND retry_at IS NOT NULL AND retry_at <= ?1 ORDER BY retry_at, subscription_id LIMIT ?2"
            ),
            &[now.into(), limit.into()],
        )
        .await
    }

    /// Has the past-due subscription of a charge permission tried again from `now` on (its
    /// permission is chargeable again).
    pub async fn wake_past_due(&self, charge_permission_id: &str, now: i64) -> Result<(), LedgerError> {
        self.run(
            "UPDATE subscriptions SET retry_at = ?2 WHERE charge_permission_id = ?1 AND status = 'past_due' \
             AND (retry_at IS NULL OR retry_at > ?2)",
            &[charge_permission_id.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// The merchant's list, by id, a page at a time.
    pub async fn list_subscriptions(
        &self,
        f: &SubscriptionFilter,
    ) -> Result<Vec<SubscriptionRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {SUB_COLUMNS} FROM subscriptions WHERE (?1 IS NULL OR status = ?1) \
                 AND (?2 IS NULL OR subscription_id > ?2) ORDER BY subscription_id LIMIT ?3"
            ),
            &[
                f.status.as_deref().into(),
                f.after.as_deref().into(),
                f.limit.into(),
            ],
        )
        .await
    }

    /// Inserts a period unless it exists; answers the stored one.
    pub async fn insert_period(&self, p: &PeriodRow) -> Result<Option<PeriodRow>, LedgerError> {
        self.run(
            &format!(
                "INSERT INTO subscription_periods ({PERIOD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
                 ?11, ?12, ?13, ?14) ON CONFLICT(subscription_id, period_index) DO NOTHING"
            ),
            &period_args(p),
        )
        .await?;
        self.period(&p.subscription_id, p.period_index).await
    }

    /// Writes a period's attempt, amount and outcome.
    pub async fn save_period(&self, p: &PeriodRow) -> Result<(), LedgerError> {
        self.run(
            "UPDATE subscription_periods SET idempotency_key = ?5, attempt = ?6, amount_minor = ?7, state = ?8, \
             charge_id = COALESCE(?9, charge_id), reason_code = ?10, error_code = ?11, overflow_minor = ?12, \
             updated_at = ?14 WHERE subscription_id = ?1 AND period_index = ?2 AND state != 'CHARGED'",
            &period_args(p),
        )
        .await?;
        Ok(())
    }

    /// One period.
    pub async fn period(&self, id: &str, index: i64) -> Result<Option<PeriodRow>, LedgerError> {
        self.first(
            &format!("SELECT {PERIOD_COLUMNS} FROM subscription_periods WHERE subscription_id = ?1 AND period_index = ?2"),
            &[id.into(), index.into()],
        )
        .await
    }

    /// The period a merchant reference belongs to.
    pub async fn period_by_reference(&self, reference: &str) -> Result<Option<PeriodRow>, LedgerError> {
        self.first(
            &format!("SELECT {PERIOD_COLUMNS} FROM subscription_periods WHERE merchant_reference = ?1"),
            &[reference.into()],
        )
        .await
    }

    /// A subscription's periods, first first.
    pub async fn periods(&self, id: &str) -> Result<Vec<PeriodRow>, LedgerError> {
        self.all(
            &format!("SELECT {PERIOD_COLUMNS} FROM subscription_periods WHERE subscription_id = ?1 ORDER BY period_index"),
            &[id.into()],
        )
        .await
    }

    /// Records a usage line unless its id exists; answers the stored one.
    pub async fn insert_usage(&self, u: &UsageRow) -> Result<Option<UsageRow>, LedgerError> {
        self.run(
            &format!(
                "INSERT INTO subscription_usage ({USAGE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT(subscription_id, usage_id) DO NOTHING"
            ),
            &[
                (&u.subscription_id).into(),
                (&u.usage_id).into(),
                u.period_index.into(),
                u.quantity.into(),
                u.unit_minor.into(),
                u.amount_minor.into(),
                u.description.as_deref().into(),
                u.recorded_at.into(),
            ],
        )
        .await?;
        self.first(
            &format!(
                "SELECT {USAGE_COLUMNS} FROM subscription_usage WHERE subscription_id = ?1 AND usage_id = ?2"
            ),
            &[(&u.subscription_id).into(), (&u.usage_id).into()],
        )
        .await
    }

    /// The usage lines of one period, in the order recorded.
    pub async fn usage(&self, id: &str, period: i64) -> Result<Vec<UsageRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {USAGE_COLUMNS} FROM subscription_usage WHERE subscription_id = ?1 AND period_index = ?2 \
                 ORDER BY recorded_at, usage_id"
            ),
            &[id.into(), period.into()],
        )
        .await
    }
}

fn subscription_args(s: &SubscriptionRow) -> Vec<Arg> {
    vec![
        (&s.subscription_id).into(),
        (&s.charge_permission_id).into(),
        (&s.merchant_reference).into(),
        (&s.plan).into(),
        s.amount_minor.into(),
        (&s.currency).into(),
        (&s.frequency_unit).into(),
        s.frequency_value.into(),
        s.anchor_at.into(),
        s.anchor_period.into(),
        (&s.status).into(),
        s.next_period.into(),
        s.next_charge_at.into(),
        s.retry_count.into(),
        s.retry_at.into(),
        s.last_decline.as_deref().into(),
        s.cancel_at_period_end.into(),
        s.ended_at.into(),
        s.created_at.into(),
        s.updated_at.into(),
    ]
}

fn period_args(p: &PeriodRow) -> Vec<Arg> {
    vec![
        (&p.subscription_id).into(),
        p.period_index.into(),
        p.starts_at.into(),
        (&p.merchant_reference).into(),
        (&p.idempotency_key).into(),
        p.attempt.into(),
        p.amount_minor.into(),
        (&p.state).into(),
        p.charge_id.as_deref().into(),
        p.reason_code.as_deref().into(),
        p.error_code.as_deref().into(),
        p.overflow_minor.into(),
        p.created_at.into(),
        p.updated_at.into(),
    ]
}
