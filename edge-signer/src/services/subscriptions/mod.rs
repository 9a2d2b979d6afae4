//! Subscriptions that run themselves: a checkout with a recurring charge permission starts one
//! (its first period is the checkout's payment), and the scheduled handler charges each
//! following period once, retries soft declines, and marks the subscription `past_due` when a
//! period cannot be charged, until a later charge succeeds.
//!
//! * [`schedule`]: when periods start (Amazon's frequency at the merchant's UTC offset);
//! * [`billing`]: charging one period exactly once (idempotency key from subscription, period
//!   and attempt; checked against the monthly cap and the permission before Amazon is asked);
//! * [`declines`]: what a declined period does, as Amazon documents it for recurring charges;
//! * [`usage`]: metered usage lines, charged at their period's end;
//! * [`manage`]: the merchant's pause, resume, cancel and changes; [`periods`]: a period's
//!   reference belongs to its subscription;
//! * [`queries`]: the merchant's list and detail;
//! * [`buyer`]: the buyer's own view, opened by a signed token only the checkout's browser gets;
//! * [`runner`]: the scheduled steps, in bounded batches.
//!
//! Statuses: `active` (charged on schedule; a soft-declined period is retried while it stays
//! active), `past_due` (a period could not be charged), `paused` (periods pass uncharged),
//! `canceled` (the merchant canceled; the permission is closed), `ended` (Amazon closed the
//! permission, or it expired).

pub mod billing;
pub mod buyer;
pub mod declines;
pub mod manage;
pub mod periods;
pub mod queries;
pub mod runner;
pub mod schedule;
pub mod usage;

use amazon_pay_shared::wire::ErrorCode;

use self::schedule::{Anchor, Frequency};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::subscriptions::SubscriptionRow;
use crate::ledger::Ledger;
use crate::services::merchant_events::{self, EventKind, MerchantEvent};

/// `active`.
pub const ACTIVE: &str = "active";
/// `past_due`.
pub const PAST_DUE: &str = "past_due";
/// `paused`.
pub const PAUSED: &str = "paused";
/// `canceled`.
pub const CANCELED: &str = "canceled";
/// `ended`.
pub const ENDED: &str = "ended";

/// Every status.
pub const STATUSES: [&str; 5] = [ACTIVE, PAST_DUE, PAUSED, CANCELED, ENDED];

/// A fixed amount each period.
pub const FIXED: &str = "FIXED";
/// The usage of the period before.
pub const METERED: &str = "METERED";

/// The subscription id of a charge permission.
pub fn subscription_id(charge_permission_id: &str) -> String {
    format!("sub-{charge_permission_id}")
}

/// Whether `id` can be a subscription id: `sub-` and a charge permission id (at most 64
/// characters of `[A-Za-z0-9-]` in all).
pub fn subscription_id_valid(id: &str) -> bool {
    id.len() <= 64
        && id
            .strip_prefix("sub-")
            .is_some_and(amazon_pay_shared::wire::valid_object_id)
}

/// The merchant reference of a period's charge.
pub fn period_reference(subscription_id: &str, period: i64) -> String {
    format!("{subscription_id}-p{period}")
}

/// The merchant's UTC offset, seconds (`RECURRING_MONTH_UTC_OFFSET`).
pub fn offset(config: &Config) -> i64 {
    i64::from(config.rules.month_utc_offset_secs)
}

/// The subscription's frequency (a stored row always has a valid one).
pub fn frequency(s: &SubscriptionRow) -> ApiResult<Frequency> {
    Frequency::parse(&s.frequency_unit, s.frequency_value)
        .ok_or_else(|| ApiError::internal().with_detail("a subscription with an unknown frequency"))
}

/// Where the subscription's schedule is counted from.
pub fn anchor(s: &SubscriptionRow) -> Anchor {
    Anchor {
        at: s.anchor_at,
        period: s.anchor_period,
    }
}

/// When period `k` of the subscription starts (`None`: `Variable`, set by the merchant).
pub fn start_of(config: &Config, s: &SubscriptionRow, k: i64) -> ApiResult<Option<i64>> {
    Ok(schedule::period_start(
        anchor(s),
        frequency(s)?,
        k,
        offset(config),
    ))
}

/// `SUBSCRIPTION_NOT_FOUND`.
pub fn not_found() -> ApiError {
    ApiError::new(
        ErrorCode::SubscriptionNotFound,
        "the ledger has no such subscription",
    )
}

/// `SUBSCRIPTION_INVALID_STATE` naming the status.
pub fn invalid_state(s: &SubscriptionRow, what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::SubscriptionInvalidState,
        format!("the subscription is {} and cannot be {what}", s.status),
    )
}

/// The subscription `id` from the ledger (`LEDGER_UNAVAILABLE` without one).
pub async fn load(ledger: &Ledger, id: &str) -> ApiResult<SubscriptionRow> {
    ledger.require()?;
    ledger.subscription(id).await?.ok_or_else(not_found)
}

/// Queues a subscription event for the merchant's backend.
pub async fn emit_subscription(
    ledger: &Ledger,
    kind: EventKind,
    s: &SubscriptionRow,
    now: i64,
) -> ApiResult<()> {
    let data = serde_json::json!({
        "subscriptionId": s.subscription_id,
        "chargePermissionId": s.charge_permission_id,
        "status": s.status,
        "nextPeriod": s.next_period,
        "lastDecline": s.last_decline,
    });
    merchant_events::emit(
        ledger,
        MerchantEvent {
            kind,
            // Events are sent once per (kind, subject): a subscription can fall past due (or
            // be paused, resumed) again in a later period, so the period is part of the subject.
            subject: format!("{}:period-{}", s.subscription_id, s.next_period),
            data,
        },
        now,
    )
    .await
}
