//! Subscriptions as the merchant reads them: the list (filter by status, paging by id) and one
//! subscription with its plan, next charge date (at the merchant's UTC offset), periods and
//! their charges, and — when past due after a hard decline — where the buyer updates the
//! payment method; and what its charge permission was charged this month against the monthly
//! recurring cap, counted as billing counts it. Amounts are decimal strings, times
//! `YYYY-MM-DDTHH:MM:SSZ`.

use amazon_pay_shared::wire::ErrorCode;
use serde::Serialize;

use super::declines::update_payment_method_url;
use super::schedule::local_date;
use super::{load, offset, STATUSES};
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::query::{decimal, iso};
use crate::ledger::subscriptions::{PeriodRow, SubscriptionFilter, SubscriptionRow};
use crate::ledger::Ledger;

/// One subscription in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    /// `sub-<charge permission id>`.
    pub subscription_id: String,
    /// The recurring charge permission.
    pub charge_permission_id: String,
    /// The checkout that started it.
    pub merchant_reference: String,
    /// `active`, `past_due`, `paused`, `canceled` or `ended`.
    pub status: String,
    /// `fixed` or `metered`.
    pub plan: String,
    /// Each period's amount (fixed plans).
    pub amount: String,
    /// ISO currency.
    pub currency_code: String,
    /// Amazon's frequency.
    pub frequency: serde_json::Value,
    /// The next period to charge.
    pub next_period: i64,
    /// When it is charged (none: not scheduled).
    pub next_charge_at: Option<String>,
    /// Its date at the merchant's UTC offset.
    pub next_charge_date: Option<String>,
    /// Retries made of the period under way.
    pub retry_count: i64,
    /// When it is tried again.
    pub retry_at: Option<String>,
    /// Amazon's reason code (or the signer's code) of the last failed period.
    pub last_decline: Option<String>,
    /// Ends when the current period does.
    pub cancel_at_period_end: bool,
    /// Where the buyer updates the payment method (past due only).
    pub update_payment_method_url: Option<String>,
    /// Created at.
    pub created_at: String,
    /// When it was canceled or ended.
    pub ended_at: Option<String>,
}

/// One period of a subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodView {
    /// From 0 (the checkout).
    pub period: i64,
    /// When it started.
    pub starts_at: String,
    /// The charge's merchant reference (a transaction of the ledger).
    pub merchant_reference: String,
    /// `PENDING`, `CHARGED`, `DECLINED`, `REFUSED` or `SKIPPED`.
    pub state: String,
    /// The amount asked for.
    pub amount: String,
    /// Amazon's charge.
    pub charge_id: Option<String>,
    /// Attempts after the first.
    pub retries: i64,
    /// Amazon's decline reason.
    pub reason_code: Option<String>,
    /// The signer's code of a refusal before Amazon.
    pub error_code: Option<String>,
    /// What a refused charge was above the monthly cap.
    pub over_cap: Option<String>,
}

/// One subscription with its periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionDetail {
    /// The subscription.
    #[serde(flatten)]
    pub subscription: SubscriptionView,
    /// Its periods, first first.
    pub periods: Vec<PeriodView>,
}

/// A page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPage {
    /// The subscriptions, by id.
    pub subscriptions: Vec<SubscriptionView>,
    /// The cursor of the next page, if any.
    pub next_cursor: Option<String>,
}

/// The view of a subscription.
pub fn view(config: &Config, s: &SubscriptionRow) -> SubscriptionView {
    let cur = &s.currency;
    SubscriptionView {
        subscription_id: s.subscription_id.clone(),
        charge_permission_id: s.charge_permission_id.clone(),
        merchant_reference: s.merchant_reference.clone(),
        status: s.status.clone(),
        plan: s.plan.to_ascii_lowercase(),
        amount: decimal(cur, s.amount_minor),
        currency_code: cur.clone(),
        frequency: serde_json::json!({"unit": s.frequency_unit, "value": s.frequency_value.to_string()}),
        next_period: s.next_period,
        next_charge_at: s.next_charge_at.map(iso),
        next_charge_date: s.next_charge_at.map(|t| local_date(t, offset(config))),
        retry_count: s.retry_count,
        retry_at: s.retry_at.map(iso),
        last_decline: s.last_decline.clone(),
        cancel_at_period_end: s.cancel_at_period_end != 0,
        update_payment_method_url: (s.status == super::PAST_DUE).then(|| {
            update_payment_method_url(
                config.profile.region,
                config.subscriptions.payment_method_origin.as_deref(),
                &s.charge_permission_id,
            )
        }),
        created_at: iso(s.created_at),
        ended_at: s.ended_at.map(iso),
    }
}

fn period_view(cur: &str, p: &PeriodRow) -> PeriodView {
    PeriodView {
        period: p.period_index,
        starts_at: iso(p.starts_at),
        merchant_reference: p.merchant_reference.clone(),
        state: p.state.clone(),
        amount: decimal(cur, p.amount_minor),
        charge_id: p.charge_id.clone(),
        retries: p.attempt,
        reason_code: p.reason_code.clone(),
        error_code: p.error_code.clone(),
        over_cap: p.overflow_minor.map(|m| decimal(cur, m)),
    }
}

/// The list: `status` one of the five (else `INVALID_REQUEST`), `limit` 1–100 (default 25),
/// `cursor` the last id of the page before.
pub async fn list(
    config: &Config,
    ledger: &Ledger,
    status: Option<String>,
    limit: i64,
    cursor: Option<String>,
) -> ApiResult<SubscriptionPage> {
    ledger.require()?;
    if status.as_deref().is_some_and(|s| !STATUSES.contains(&s)) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "status must be one of active, past_due, paused, canceled, ended",
        ));
    }
    let rows = ledger
        .list_subscriptions(&SubscriptionFilter {
            status,
            after: cursor,
            limit: limit + 1,
        })
        .await?;
    let more = rows.len() as i64 > limit;
    let subscriptions: Vec<SubscriptionView> = rows
        .iter()
        .take(limit as usize)
        .map(|s| view(config, s))
        .collect();
    let next_cursor = more
        .then(|| subscriptions.last().map(|s| s.subscription_id.clone()))
        .flatten();
    Ok(SubscriptionPage {
        subscriptions,
        next_cursor,
    })
}

/// One subscription with its periods.
pub async fn detail(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<SubscriptionDetail> {
    let s = load(ledger, id).await?;
    let periods = ledger
        .periods(id)
        .await?
        .iter()
        .map(|p| period_view(&s.currency, p))
        .collect();
    Ok(SubscriptionDetail {
        subscription: view(config, &s),
        periods,
    })
}

/// What a subscription's charge permission was charged in the current month (at the merchant's
/// month offset) against the monthly recurring cap, counted as billing counts it before a
/// period is charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthCap {
    /// Charged this month (cancelled and refunded charges included, declined ones not).
    pub charged: String,
    /// The cap per permission and month.
    pub cap: String,
    /// What is left under the cap (`"0"` when at or above it).
    pub remaining: String,
    /// ISO currency.
    pub currency_code: String,
}

/// This month's charges of subscription `id`'s permission against the monthly cap, at `now`.
pub async fn month_cap(config: &Config, ledger: &Ledger, id: &str, now: i64) -> ApiResult<MonthCap> {
    let s = load(ledger, id).await?;
    let currency = s
        .currency
        .parse()
        .map_err(|_| ApiError::internal().with_detail("a subscription with an unknown currency"))?;
    let earlier = ledger.charges_on_permission(&s.charge_permission_id).await?;
    let rules = &config.rules;
    let charged = rules
        .month_total(currency, &enforce::earlier_charges(&earlier), now)
        .map_err(enforce::refused)?;
    let cap = rules
        .limits_for(currency)
        .map_err(enforce::refused)?
        .recurring_monthly_cap;
    let remaining = (cap.minor() as i64 - charged.minor() as i64).max(0);
    Ok(MonthCap {
        charged: decimal(&s.currency, charged.minor() as i64),
        cap: decimal(&s.currency, cap.minor() as i64),
        remaining: decimal(&s.currency, remaining),
        currency_code: s.currency,
    })
}
