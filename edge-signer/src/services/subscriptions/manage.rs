//! The merchant's changes to a subscription: pause, resume, cancel (closing the charge
//! permission at once or when the current period ends) and change the plan, the amount or the
//! next charge date within the seed's rules. Times are Amazon's, from a fresh read of the
//! charge permission.

use amazon_pay_shared::api::{ChargePermission, ChargePermissionState};
use amazon_pay_shared::lifecycle::MAX_TIME;
use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::{ErrorCode, MerchantCloseRequest};
use serde::Deserialize;

use super::schedule::{at_local_date, first_period_at_or_after};
use super::{
    anchor, emit_subscription, frequency, invalid_state, load, offset, ACTIVE, CANCELED, FIXED, METERED,
    PAST_DUE, PAUSED,
};
use crate::amounts::ledger_amount;
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::rows::PermissionRow;
use crate::ledger::subscriptions::SubscriptionRow;
use crate::ledger::Ledger;
use crate::services::amazon::read;
use crate::services::merchant_events::EventKind;
use crate::services::{permissions, reconcile};

/// When a cancel takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelAt {
    /// When the current period ends (nothing more is charged; the permission is closed then).
    PeriodEnd,
    /// At once.
    Now,
}

/// `POST /v1/merchant/subscriptions/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelRequest {
    /// `period_end` or `now`.
    pub at: CancelAt,
}

/// The plan of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// A fixed amount each period.
    Fixed,
    /// The usage of the period before.
    Metered,
}

/// `PATCH /v1/merchant/subscriptions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeRequest {
    /// `fixed` or `metered`.
    #[serde(default)]
    pub plan: Option<PlanKind>,
    /// The amount of each period from the next one on (fixed plans).
    #[serde(default)]
    pub amount: Option<Price>,
    /// The next charge date, `YYYY-MM-DD` at the merchant's UTC offset (the time of day stays);
    /// the schedule continues from it.
    #[serde(default)]
    pub next_charge_date: Option<String>,
}

async fn permission_now(
    config: &Config,
    ledger: &Ledger,
    s: &SubscriptionRow,
) -> ApiResult<(ChargePermission, i64)> {
    let (p, now): (ChargePermission, i64) = read(
        config,
        format!("/v2/chargePermissions/{}", s.charge_permission_id),
    )
    .await?;
    reconcile::permission(ledger, &p, "read", now).await?;
    Ok((p, now))
}

/// Closes the subscription's charge permission at Amazon (an already closed one is left as it
/// is).
pub async fn close_permission(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<()> {
    let request = MerchantCloseRequest {
        reason: Some("Subscription canceled".to_owned()),
        cancel_pending_charges: None,
    };
    match permissions::close(config, ledger, id, request).await {
        Ok(_) => Ok(()),
        Err(e) if e.code == ErrorCode::LifecycleOperationNotAllowed => Ok(()),
        Err(e) => Err(e),
    }
}

/// A change of a subscription's status by the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// [`pause`].
    Pause,
    /// [`resume`].
    Resume,
    /// [`cancel`], at once or at the period's end.
    Cancel(CancelAt),
}

/// Whether `change` does something in the subscription's status (the charge permission is
/// read when it is done): pause an active one; resume a paused or past-due one; cancel an
/// active, past-due or paused one. Else `SUBSCRIPTION_INVALID_STATE` naming the status
/// (pausing a paused one, or resuming an active one, is answered as done by the API).
pub fn allowed(s: &SubscriptionRow, change: StatusChange) -> ApiResult<()> {
    let (ok, what) = match change {
        StatusChange::Pause => (s.status == ACTIVE, "paused"),
        StatusChange::Resume => (matches!(s.status.as_str(), PAUSED | PAST_DUE), "resumed"),
        StatusChange::Cancel(_) => (
            matches!(s.status.as_str(), ACTIVE | PAST_DUE | PAUSED),
            "canceled",
        ),
    };
    if ok {
        Ok(())
    } else {
        Err(invalid_state(s, what))
    }
}

/// Pauses an active subscription: periods that start while it is paused are not charged.
pub async fn pause(ledger: &Ledger, id: &str, now: i64) -> ApiResult<SubscriptionRow> {
    let mut s = load(ledger, id).await?;
    if s.status == PAUSED {
        return Ok(s);
    }
    allowed(&s, StatusChange::Pause)?;
    s.status = PAUSED.to_owned();
    s.retry_at = None;
    s.retry_count = 0;
    s.updated_at = now;
    ledger.save_subscription(&s).await?;
    emit_subscription(ledger, EventKind::SubscriptionPaused, &s, now).await?;
    Ok(s)
}

/// Resumes a paused subscription with the first period that starts from now on, or has a
/// past-due one tried again at the next run.
pub async fn resume(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<SubscriptionRow> {
    let mut s = load(ledger, id).await?;
    let (permission, now) = permission_now(config, ledger, &s).await?;
    if *permission.state() == ChargePermissionState::Closed {
        return Err(invalid_state(&s, "resumed: its charge permission is closed"));
    }
    match s.status.as_str() {
        PAUSED => {
            if let Some((k, at)) =
                first_period_at_or_after(anchor(&s), frequency(&s)?, s.next_period, now, offset(config))
            {
                s.next_period = k;
                s.next_charge_at = Some(at);
            }
            s.status = ACTIVE.to_owned();
            s.updated_at = now;
            ledger.save_subscription(&s).await?;
            emit_subscription(ledger, EventKind::SubscriptionResumed, &s, now).await?;
        }
        PAST_DUE => {
            s.retry_at = Some(now);
            s.updated_at = now;
            ledger.save_subscription(&s).await?;
        }
        ACTIVE => {}
        _ => allowed(&s, StatusChange::Resume)?,
    }
    Ok(s)
}

/// Cancels a subscription: at once (the charge permission is closed now), or when its current
/// period ends (nothing more is charged; the permission is closed by the run at that time). A
/// past-due or paused subscription has no period under way and is canceled at once.
pub async fn cancel(config: &Config, ledger: &Ledger, id: &str, at: CancelAt) -> ApiResult<SubscriptionRow> {
    let mut s = load(ledger, id).await?;
    allowed(&s, StatusChange::Cancel(at))?;
    if at == CancelAt::PeriodEnd && s.status == ACTIVE {
        s.cancel_at_period_end = 1;
        s.retry_at = None;
        s.updated_at = crate::clock::isolate_now();
        ledger.save_subscription(&s).await?;
        return Ok(s);
    }
    close_permission(config, ledger, &s.charge_permission_id).await?;
    let now = crate::clock::isolate_now();
    s.status = CANCELED.to_owned();
    s.next_charge_at = None;
    s.retry_at = None;
    s.ended_at = Some(now);
    s.updated_at = now;
    ledger.save_subscription(&s).await?;
    emit_subscription(ledger, EventKind::SubscriptionCanceled, &s, now).await?;
    Ok(s)
}

/// Changes the plan, the amount of the periods to come, or the next charge date. The amount
/// must be within the per-transaction range and the monthly recurring cap; the date must be
/// after today (the merchant's date at Amazon's time) and not after the permission's expiry.
pub async fn change(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: &ChangeRequest,
) -> ApiResult<SubscriptionRow> {
    let mut s = load(ledger, id).await?;
    if !matches!(s.status.as_str(), ACTIVE | PAST_DUE | PAUSED) {
        return Err(invalid_state(&s, "changed"));
    }
    let (permission, now) = permission_now(config, ledger, &s).await?;
    if let Some(price) = &body.amount {
        let amount = ledger_amount(config, price)?;
        if amount.currency().code() != s.currency {
            return Err(ApiError::new(
                ErrorCode::CurrencyMismatch,
                "the subscription's currency differs",
            ));
        }
        config
            .rules
            .check_merchant_charge(amount, &[], MAX_TIME, now)
            .map_err(enforce::refused)?;
        s.amount_minor = amount.minor() as i64;
    }
    match body.plan {
        Some(PlanKind::Metered) => s.plan = METERED.to_owned(),
        Some(PlanKind::Fixed) => s.plan = FIXED.to_owned(),
        None => {}
    }
    if let Some(date) = &body.next_charge_date {
        let invalid = |m: &str| ApiError::new(ErrorCode::SubscriptionDateInvalid, m.to_owned());
        let at = at_local_date(date, s.anchor_at, offset(config))
            .ok_or_else(|| invalid("nextChargeDate must be a date, YYYY-MM-DD"))?;
        let today = super::schedule::local_date(now, offset(config));
        if date.as_str() <= today.as_str() || at <= now {
            return Err(invalid("nextChargeDate must be after today"));
        }
        let row = PermissionRow::from_api(&permission, &s.merchant_reference, now);
        if at > enforce::permission_expiry(&row) {
            return Err(invalid("nextChargeDate is after the charge permission expires"));
        }
        s.anchor_at = at;
        s.anchor_period = s.next_period;
        s.next_charge_at = Some(at);
    }
    s.updated_at = now;
    ledger.save_subscription(&s).await?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::subscriptions::{ENDED, STATUSES};

    fn row(status: &str) -> SubscriptionRow {
        SubscriptionRow {
            subscription_id: "sub-S01-1".to_owned(),
            charge_permission_id: "S01-1".to_owned(),
            merchant_reference: "order-1".to_owned(),
            plan: FIXED.to_owned(),
            amount_minor: 1700,
            currency: "JPY".to_owned(),
            frequency_unit: "Month".to_owned(),
            frequency_value: 1,
            anchor_at: 0,
            anchor_period: 0,
            status: status.to_owned(),
            next_period: 1,
            next_charge_at: None,
            retry_count: 0,
            retry_at: None,
            last_decline: None,
            cancel_at_period_end: 0,
            ended_at: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn each_status_allows_its_changes_and_names_itself_when_not() {
        let changes = [
            StatusChange::Pause,
            StatusChange::Resume,
            StatusChange::Cancel(CancelAt::PeriodEnd),
            StatusChange::Cancel(CancelAt::Now),
        ];
        let expected: [(&str, [bool; 4]); 5] = [
            (ACTIVE, [true, false, true, true]),
            (PAST_DUE, [false, true, true, true]),
            (PAUSED, [false, true, true, true]),
            (CANCELED, [false; 4]),
            (ENDED, [false; 4]),
        ];
        assert_eq!(expected.map(|(s, _)| s), STATUSES);
        for (status, allowed_ones) in expected {
            for (change, ok) in changes.into_iter().zip(allowed_ones) {
                let got = allowed(&row(status), change);
                assert_eq!(got.is_ok(), ok, "{status} {change:?}");
                if let Err(e) = got {
                    assert_eq!(e.code, ErrorCode::SubscriptionInvalidState);
                    assert!(e.message.contains(&format!("is {status} and")), "{}", e.message);
                }
            }
        }
    }
}
