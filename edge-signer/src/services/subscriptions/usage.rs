//! Metered usage: the merchant reports lines (`usageId`, quantity, unit price) for a metered
//! subscription; each belongs to the period running when it is recorded and is charged, summed,
//! when that period ends (see [`super::billing`]). A line is idempotent by its usage id: the same
//! line again answers the recorded one; the same id with anything else is refused.

use amazon_pay_shared::money::{Money, Price};
use amazon_pay_shared::wire::ErrorCode;
use serde::{Deserialize, Serialize};

use super::{invalid_state, load, ACTIVE, METERED, PAST_DUE, PAUSED};
use crate::amounts::ledger_amount;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::query::decimal;
use crate::ledger::subscriptions::UsageRow;
use crate::ledger::Ledger;

/// The most of one line.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// `POST /v1/merchant/subscriptions/{id}/usage`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageRequest {
    /// The merchant's id of the line: 1–64 of `[A-Za-z0-9._:-]`, unique per subscription.
    pub usage_id: String,
    /// How many: 1 to 1,000,000.
    pub quantity: i64,
    /// The price of one, in the ledger currency.
    pub unit_price: Price,
    /// The merchant's text (at most 200 characters).
    #[serde(default)]
    pub description: Option<String>,
}

/// What recording a line answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageRecorded {
    /// The subscription.
    pub subscription_id: String,
    /// The line's id.
    pub usage_id: String,
    /// The period it is charged with (at that period's end).
    pub period: i64,
    /// The line's amount.
    pub amount: String,
    /// The period's usage so far.
    pub period_total: String,
    /// What the period's usage is above the monthly recurring cap (charging it would be
    /// refused before Amazon), `"0"` when within it.
    pub over_cap: String,
    /// ISO currency.
    pub currency_code: String,
}

/// Records one usage line of subscription `id`.
pub async fn record(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: &UsageRequest,
    now: i64,
) -> ApiResult<UsageRecorded> {
    let invalid = |m: &str| ApiError::new(ErrorCode::InvalidRequest, m.to_owned());
    if !amazon_pay_shared::cart_token::valid_reference(&body.usage_id) {
        return Err(invalid("usageId must be 1 to 64 of A-Z a-z 0-9 . _ : -"));
    }
    if !(1..=MAX_QUANTITY).contains(&body.quantity) {
        return Err(invalid("quantity must be a whole number from 1 to 1000000"));
    }
    if body.description.as_ref().is_some_and(|d| d.chars().count() > 200) {
        return Err(invalid("description must be at most 200 characters"));
    }
    let unit = ledger_amount(config, &body.unit_price)?;
    let amount: Money = unit.checked_mul(body.quantity as u64)?;
    let s = load(ledger, id).await?;
    if s.plan != METERED {
        return Err(ApiError::new(
            ErrorCode::SubscriptionNotMetered,
            "this subscription charges a fixed amount; change its plan to metered first",
        ));
    }
    if !matches!(s.status.as_str(), ACTIVE | PAST_DUE | PAUSED) {
        return Err(invalid_state(&s, "given usage"));
    }
    let line = UsageRow {
        subscription_id: s.subscription_id.clone(),
        usage_id: body.usage_id.clone(),
        period_index: (s.next_period - 1).max(0),
        quantity: body.quantity,
        unit_minor: unit.minor() as i64,
        amount_minor: amount.minor() as i64,
        description: body.description.clone(),
        recorded_at: now,
    };
    let stored = ledger
        .insert_usage(&line)
        .await?
        .ok_or_else(|| ApiError::internal().with_detail("a usage line vanished"))?;
    let same = stored.quantity == line.quantity
        && stored.unit_minor == line.unit_minor
        && stored.description == line.description;
    if !same {
        return Err(ApiError::new(
            ErrorCode::SubscriptionUsageConflict,
            "this usageId was already recorded with another quantity, unit price or description",
        ));
    }
    let mut total: i64 = 0;
    for l in ledger.usage(&s.subscription_id, stored.period_index).await? {
        total = total.saturating_add(l.amount_minor);
    }
    let cap = config
        .rules
        .limits_for(unit.currency())
        .map(|l| l.recurring_monthly_cap.minor() as i64)
        .unwrap_or(i64::MAX);
    Ok(UsageRecorded {
        subscription_id: s.subscription_id,
        usage_id: stored.usage_id,
        period: stored.period_index,
        amount: decimal(&s.currency, stored.amount_minor),
        period_total: decimal(&s.currency, total),
        over_cap: decimal(&s.currency, (total - cap).max(0)),
        currency_code: s.currency,
    })
}
