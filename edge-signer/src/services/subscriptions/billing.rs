//! Charging one period of a subscription, exactly once.
//!
//! A period's charge is a merchant-initiated charge under the period's own merchant reference
//! (`<subscription>-p<period>`), sent with an idempotency key derived from the subscription,
//! the period and the attempt. The period's row (state `PENDING`, with that key and amount) is
//! written before Amazon is asked, and the attempt moves on only after Amazon's decline is
//! recorded. So a second or overlapping run, or a run after a crash between Amazon's answer and
//! the ledger write, sends the very same request again and Amazon answers the first result
//! (the ledger records it once); a merchant-initiated charge with a period's reference is
//! refused ([`super::periods::ensure_not_a_period`]).
//!
//! Before Amazon is asked: the charge permission is read fresh (it must be `Chargeable` and not
//! expired), and the charge is checked against the amount range and the monthly recurring cap
//! (earlier charges on the permission counted as the merchant routes count them). A charge the
//! cap refuses is not sent; the period records what it was above the cap. After a charge the
//! permission is read again, so its expiry shows the extension Amazon gives each charge.

use amazon_pay_shared::api::{
    Charge, ChargePermission, ChargePermissionState, ChargePermissionType, ChargeState, CreateChargeRequest,
    MerchantMetadataInput,
};
use amazon_pay_shared::lifecycle::{FlowKind, LifecycleError, Operation};
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::ErrorCode;
use serde::Serialize;

use super::declines::{self, DeclineKind, DAY};
use super::{emit_subscription, period_reference, start_of, subscription_id, ACTIVE, FIXED, PAST_DUE};
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::rows::{ChargeRow, PermissionRow};
use crate::ledger::store::NewTransaction;
use crate::ledger::subscriptions::{PeriodRow, SubscriptionRow};
use crate::ledger::Ledger;
use crate::services::amazon::{body_of, field_error, read};
use crate::services::merchant_events::{self, EventKind, MerchantEvent};
use crate::services::reconcile;
use crate::upstream::{Call, Failure};

/// `PENDING`: asked, the answer not recorded.
pub const PENDING: &str = "PENDING";
/// `CHARGED`.
pub const CHARGED: &str = "CHARGED";
/// `DECLINED` by Amazon.
pub const DECLINED: &str = "DECLINED";
/// `REFUSED` before Amazon (a rule).
pub const REFUSED: &str = "REFUSED";
/// `SKIPPED`: nothing to charge.
pub const SKIPPED: &str = "SKIPPED";

/// What one try at a subscription's next period did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum Outcome {
    /// Its next period is not due yet at Amazon's time.
    NotDue,
    /// The period was charged (or was found charged).
    Charged {
        /// The period.
        period: i64,
        /// Amazon's charge.
        charge_id: String,
    },
    /// Nothing to charge (a metered period without usage).
    Skipped {
        /// The period.
        period: i64,
    },
    /// Soft-declined; tried again at `retry_at`.
    Retrying {
        /// The period.
        period: i64,
        /// When.
        retry_at: i64,
    },
    /// The subscription is past due (hard decline, retries used up, a rule, a permission that
    /// cannot be charged).
    PastDue {
        /// The period.
        period: i64,
        /// Amazon's reason code or the signer's error code.
        reason: String,
    },
    /// Amazon gave no answer; the same request is sent again next run.
    Unanswered {
        /// The period.
        period: i64,
    },
    /// The subscription ended (its permission closed or expired) or was canceled at its
    /// period's end.
    Finished {
        /// `ended` or `canceled`.
        status: String,
    },
}

fn key_of(subscription: &str, period: i64, attempt: i64) -> String {
    IdempotencyKey::derive(&[
        "subscription",
        subscription,
        &period.to_string(),
        &attempt.to_string(),
    ])
    .as_str()
    .to_owned()
}

fn money(currency: &str, minor: i64) -> ApiResult<Money> {
    let currency: Currency = currency.parse()?;
    Ok(Money::from_minor(minor.max(0) as u64, currency))
}

fn frequency_of(p: &ChargePermission) -> Option<(String, i64)> {
    let f = p.recurring_metadata.as_ref()?.frequency.as_ref()?;
    let unit = f.unit.as_ref()?.as_str().to_owned();
    let value = i64::from(f.value.as_ref()?.as_u32()?);
    Some((unit, value))
}

/// Starts the subscription of a completed checkout whose charge permission is recurring: its
/// first period (0) is the checkout's charge. Nothing for another permission or a checkout
/// without an authorized charge; a subscription that already exists is left as it is. Answers
/// the id of the checkout's subscription, new or not (none when there is none).
pub async fn start_from_checkout(
    config: &Config,
    ledger: &Ledger,
    reference: &str,
    permission: &ChargePermission,
    charge: &Charge,
    now: i64,
) -> ApiResult<Option<String>> {
    if !ledger.is_enabled()
        || permission.charge_permission_type != Some(ChargePermissionType::Recurring)
        || matches!(charge.state(), ChargeState::Declined | ChargeState::Canceled)
    {
        return Ok(None);
    }
    let Some((unit, value)) = frequency_of(permission) else {
        return Ok(None);
    };
    let id = subscription_id(&permission.charge_permission_id);
    if ledger.subscription(&id).await?.is_some() {
        return Ok(Some(id));
    }
    let Some(amount) = charge.charge_amount.as_ref() else {
        return Ok(None);
    };
    let amount = amount.to_money()?;
    let anchor_at = charge
        .creation_timestamp
        .as_deref()
        .and_then(|t| amazon_pay_shared::time::parse(t).ok())
        .unwrap_or(now);
    let mut row = SubscriptionRow {
        subscription_id: id.clone(),
        charge_permission_id: permission.charge_permission_id.clone(),
        merchant_reference: reference.to_owned(),
        plan: FIXED.to_owned(),
        amount_minor: amount.minor() as i64,
        currency: amount.currency().code().to_owned(),
        frequency_unit: unit,
        frequency_value: value,
        anchor_at,
        anchor_period: 0,
        status: ACTIVE.to_owned(),
        next_period: 1,
        next_charge_at: None,
        retry_count: 0,
        retry_at: None,
        last_decline: None,
        cancel_at_period_end: 0,
        ended_at: None,
        created_at: now,
        updated_at: now,
    };
    if super::frequency(&row).is_err() {
        return Ok(None);
    }
    row.next_charge_at = start_of(config, &row, 1)?;
    let Some(stored) = ledger.insert_subscription(&row).await? else {
        return Ok(None);
    };
    ledger
        .insert_period(&PeriodRow {
            subscription_id: id.clone(),
            period_index: 0,
            starts_at: anchor_at,
            merchant_reference: reference.to_owned(),
            idempotency_key: key_of(&id, 0, 0),
            attempt: 0,
            amount_minor: row.amount_minor,
            state: CHARGED.to_owned(),
            charge_id: Some(charge.charge_id.clone()),
            reason_code: None,
            error_code: None,
            overflow_minor: None,
            created_at: now,
            updated_at: now,
        })
        .await?;
    if stored == row {
        emit_subscription(ledger, EventKind::SubscriptionCreated, &stored, now).await?;
    }
    Ok(Some(id))
}

/// The amount of period `k`: the plan's amount, or the usage of period `k - 1`.
async fn amount_of(ledger: &Ledger, s: &SubscriptionRow, k: i64) -> ApiResult<i64> {
    if s.plan == FIXED {
        return Ok(s.amount_minor);
    }
    let mut total: i64 = 0;
    for line in ledger.usage(&s.subscription_id, k - 1).await? {
        total = total
            .checked_add(line.amount_minor)
            .ok_or_else(|| ApiError::new(ErrorCode::AmountOverflow, "the period's usage is too large"))?;
    }
    Ok(total)
}

/// Moves the subscription past period `k` (charged or skipped): the next period and its date,
/// no retry; `active` again. Answers the saved row.
async fn advance(
    config: &Config,
    ledger: &Ledger,
    mut s: SubscriptionRow,
    k: i64,
    now: i64,
) -> ApiResult<SubscriptionRow> {
    let was_past_due = s.status == PAST_DUE;
    if s.next_period == k {
        s.next_period = k + 1;
        s.next_charge_at = start_of(config, &s, k + 1)?;
    }
    s.retry_count = 0;
    s.retry_at = None;
    s.last_decline = None;
    s.status = ACTIVE.to_owned();
    s.updated_at = now;
    ledger.save_subscription(&s).await?;
    if was_past_due {
        emit_subscription(ledger, EventKind::SubscriptionResumed, &s, now).await?;
    }
    Ok(s)
}

/// Marks the subscription past due (checked again in a day); emits the event once.
async fn past_due(ledger: &Ledger, mut s: SubscriptionRow, reason: &str, now: i64) -> ApiResult<()> {
    let first = s.status != PAST_DUE;
    s.status = PAST_DUE.to_owned();
    s.retry_at = Some(now + DAY);
    s.last_decline = Some(reason.to_owned());
    s.updated_at = now;
    ledger.save_subscription(&s).await?;
    if first {
        emit_subscription(ledger, EventKind::SubscriptionPastDue, &s, now).await?;
    }
    Ok(())
}

async fn emit_charge(
    ledger: &Ledger,
    kind: EventKind,
    subject: &str,
    s: &SubscriptionRow,
    p: &PeriodRow,
    now: i64,
) -> ApiResult<()> {
    let data = serde_json::json!({
        "subscriptionId": s.subscription_id,
        "period": p.period_index,
        "merchantReference": p.merchant_reference,
        "chargePermissionId": s.charge_permission_id,
        "amount": crate::ledger::query::decimal(&s.currency, p.amount_minor),
        "currencyCode": s.currency,
        "reasonCode": p.reason_code,
    });
    merchant_events::emit(
        ledger,
        MerchantEvent {
            kind,
            subject: subject.to_owned(),
            data,
        },
        now,
    )
    .await
}

/// The period row to send now: the pending one again (same key, same amount), a new attempt
/// after a decline or a refusal, or a new row.
async fn period_to_send(
    ledger: &Ledger,
    s: &SubscriptionRow,
    k: i64,
    starts_at: i64,
    amount: i64,
    now: i64,
) -> ApiResult<PeriodRow> {
    let id = &s.subscription_id;
    let existing = ledger.period(id, k).await?;
    let row = match existing {
        Some(p) if p.state == PENDING || p.state == CHARGED => return Ok(p),
        Some(p) => PeriodRow {
            idempotency_key: key_of(id, k, p.attempt + 1),
            attempt: p.attempt + 1,
            state: PENDING.to_owned(),
            reason_code: None,
            error_code: None,
            overflow_minor: None,
            updated_at: now,
            ..p
        },
        None => PeriodRow {
            subscription_id: id.clone(),
            period_index: k,
            starts_at,
            merchant_reference: period_reference(id, k),
            idempotency_key: key_of(id, k, 0),
            attempt: 0,
            amount_minor: amount,
            state: PENDING.to_owned(),
            charge_id: None,
            reason_code: None,
            error_code: None,
            overflow_minor: None,
            created_at: now,
            updated_at: now,
        },
    };
    if row.attempt == 0 {
        return ledger
            .insert_period(&row)
            .await?
            .ok_or_else(|| ApiError::internal().with_detail("a period vanished"));
    }
    ledger.save_period(&row).await?;
    Ok(row)
}

/// Reads the permission fresh and records it.
async fn fresh_permission(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<(ChargePermission, i64)> {
    let (p, now): (ChargePermission, i64) = read(config, format!("/v2/chargePermissions/{id}")).await?;
    reconcile::permission(ledger, &p, "read", now).await?;
    Ok((p, now))
}

/// Ends a subscription whose permission Amazon closed or that expired.
async fn finish(ledger: &Ledger, mut s: SubscriptionRow, status: &str, now: i64) -> ApiResult<Outcome> {
    s.status = status.to_owned();
    s.next_charge_at = None;
    s.retry_at = None;
    s.ended_at = Some(now);
    s.updated_at = now;
    ledger.save_subscription(&s).await?;
    let kind = if status == super::CANCELED {
        EventKind::SubscriptionCanceled
    } else {
        EventKind::SubscriptionEnded
    };
    emit_subscription(ledger, kind, &s, now).await?;
    Ok(Outcome::Finished {
        status: status.to_owned(),
    })
}

/// Tries the subscription's next period (or its retry) at Amazon's time: reads the
/// permission, then charges the period once if it is due and every rule allows it.
pub async fn charge_next(config: &Config, ledger: &Ledger, s: SubscriptionRow) -> ApiResult<Outcome> {
    let k = s.next_period;
    let (permission, now) = fresh_permission(config, ledger, &s.charge_permission_id).await?;
    let due = s.retry_at.or(s.next_charge_at);
    if due.is_none_or(|at| at > now) {
        return Ok(Outcome::NotDue);
    }
    if *permission.state() == ChargePermissionState::Closed {
        return finish(ledger, s, super::ENDED, now).await;
    }
    if s.cancel_at_period_end != 0 && s.retry_at.is_none() {
        super::manage::close_permission(config, ledger, &s.charge_permission_id).await?;
        return finish(ledger, s, super::CANCELED, now).await;
    }
    let starts_at = s.next_charge_at.unwrap_or(now);
    let amount = amount_of(ledger, &s, k).await?;
    if amount == 0 && ledger.period(&s.subscription_id, k).await?.is_none() {
        ledger
            .insert_period(&PeriodRow {
                subscription_id: s.subscription_id.clone(),
                period_index: k,
                starts_at,
                merchant_reference: period_reference(&s.subscription_id, k),
                idempotency_key: key_of(&s.subscription_id, k, 0),
                attempt: 0,
                amount_minor: 0,
                state: SKIPPED.to_owned(),
                charge_id: None,
                reason_code: None,
                error_code: None,
                overflow_minor: None,
                created_at: now,
                updated_at: now,
            })
            .await?;
        advance(config, ledger, s, k, now).await?;
        return Ok(Outcome::Skipped { period: k });
    }
    let mut period = period_to_send(ledger, &s, k, starts_at, amount, now).await?;
    if period.state == CHARGED {
        let charge_id = period.charge_id.clone().unwrap_or_default();
        advance(config, ledger, s, k, now).await?;
        return Ok(Outcome::Charged { period: k, charge_id });
    }
    if *permission.state() != ChargePermissionState::Chargeable {
        let reason = permission
            .status_details
            .reasons
            .as_ref()
            .and_then(|r| r.first())
            .map(|r| r.reason_code.as_str().to_owned())
            .unwrap_or_else(|| "NonChargeable".to_owned());
        refuse(ledger, &mut period, "NonChargeable", None, now).await?;
        past_due(ledger, s, &reason, now).await?;
        return Ok(Outcome::PastDue { period: k, reason });
    }
    // The rules, before Amazon.
    let amount = money(&s.currency, period.amount_minor)?;
    let row = PermissionRow::from_api(&permission, &s.merchant_reference, now);
    let earlier: Vec<ChargeRow> = ledger
        .charges_on_permission(&s.charge_permission_id)
        .await?
        .into_iter()
        .filter(|c| c.merchant_reference != period.merchant_reference)
        .collect();
    let check = config.rules.check_merchant_charge(
        amount,
        &enforce::earlier_charges(&earlier),
        enforce::permission_expiry(&row),
        now,
    );
    if let Err(e) = check {
        if let LifecycleError::PermissionExpired { .. } = e {
            refuse(ledger, &mut period, e.detail_code(), None, now).await?;
            return finish(ledger, s, super::ENDED, now).await;
        }
        let overflow = match &e {
            LifecycleError::RecurringMonthlyCapExceeded { amount, already, cap } => {
                Some(amount.minor() as i64 + already.minor() as i64 - cap.minor() as i64)
            }
            _ => None,
        };
        let code = e.detail_code();
        refuse(ledger, &mut period, code, overflow, now).await?;
        past_due(ledger, s, code, now).await?;
        return Ok(Outcome::PastDue {
            period: k,
            reason: code.to_owned(),
        });
    }
    send(config, ledger, s, period, amount, now).await
}

async fn refuse(
    ledger: &Ledger,
    period: &mut PeriodRow,
    code: &str,
    overflow: Option<i64>,
    now: i64,
) -> ApiResult<()> {
    period.state = REFUSED.to_owned();
    period.error_code = Some(code.to_owned());
    period.overflow_minor = overflow;
    period.updated_at = now;
    ledger.save_period(period).await?;
    Ok(())
}

/// Opens the period's transaction, records the intent and asks Amazon; records the answer.
async fn send(
    config: &Config,
    ledger: &Ledger,
    s: SubscriptionRow,
    mut period: PeriodRow,
    amount: Money,
    now: i64,
) -> ApiResult<Outcome> {
    let k = period.period_index;
    let pid = s.charge_permission_id.clone();
    let request = CreateChargeRequest {
        charge_permission_id: pid.clone(),
        charge_amount: amount.to_price(),
        capture_now: Some(true),
        soft_descriptor: None,
        can_handle_pending_authorization: Some(config.pending_authorization),
        merchant_metadata: Some(MerchantMetadataInput {
            merchant_reference_id: Some(period.merchant_reference.clone()),
            ..MerchantMetadataInput::default()
        }),
        provider_metadata: None,
    };
    request.validate().map_err(field_error)?;
    let key = IdempotencyKey::parse(&period.idempotency_key).map_err(|_| ApiError::internal())?;
    let call = Call::with_body("POST", "/v2/charges".into(), body_of(&request)).idempotent(key);
    ledger
        .open_transaction(
            &NewTransaction {
                reference: &period.merchant_reference,
                flow: FlowKind::MerchantInitiated,
                currency: amount.currency(),
                amount_minor: amount.minor() as i64,
                amount_change_enabled: false,
                checkout_session_id: None,
                charge_permission_id: Some(&pid),
            },
            now,
        )
        .await?;
    let intent = reconcile::intent(
        &period.merchant_reference,
        Operation::Execute.code(),
        &call,
        Some(&pid),
        Some(amount),
        now,
    );
    match reconcile::perform(config, ledger, Some(&intent), &call).await? {
        Ok(answer) => {
            let charge: Charge = answer.json()?;
            let at = answer.now();
            reconcile::charge(ledger, &charge, "subscription", at).await?;
            reconcile::done(ledger, Some(&intent), &charge.charge_id, at).await?;
            if *charge.state() == ChargeState::Declined {
                let reason = charge
                    .status_details
                    .reason_code
                    .as_ref()
                    .map(|r| r.as_str().to_owned())
                    .unwrap_or_else(|| "Declined".to_owned());
                period.charge_id = Some(charge.charge_id.clone());
                return declined(config, ledger, s, period, &reason, at).await;
            }
            period.state = CHARGED.to_owned();
            period.charge_id = Some(charge.charge_id.clone());
            period.updated_at = at;
            ledger.save_period(&period).await?;
            // Amazon extends the permission with each charge: record its new expiry.
            fresh_permission(config, ledger, &pid).await?;
            let s = advance(config, ledger, s, k, at).await?;
            emit_charge(
                ledger,
                EventKind::ChargeSucceeded,
                &charge.charge_id,
                &s,
                &period,
                at,
            )
            .await?;
            Ok(Outcome::Charged {
                period: k,
                charge_id: charge.charge_id,
            })
        }
        Err(Failure::Status {
            reason_code: Some(reason),
            status,
            ..
        }) if status < 500 && declines::is_decline(&reason) => {
            declined(config, ledger, s, period, &reason, now).await
        }
        Err(failure @ Failure::Status { status, .. }) if status < 500 && status != 408 && status != 429 => {
            let code = ApiError::from(failure).code.as_str();
            refuse(ledger, &mut period, code, None, now).await?;
            past_due(ledger, s, code, now).await?;
            Ok(Outcome::PastDue {
                period: k,
                reason: code.to_owned(),
            })
        }
        Err(_) => Ok(Outcome::Unanswered { period: k }),
    }
}

/// Records a declined period: a soft decline is retried on the schedule, anything else (or a
/// soft decline after the last retry) makes the subscription past due.
async fn declined(
    config: &Config,
    ledger: &Ledger,
    mut s: SubscriptionRow,
    mut period: PeriodRow,
    reason: &str,
    now: i64,
) -> ApiResult<Outcome> {
    let k = period.period_index;
    period.state = DECLINED.to_owned();
    period.reason_code = Some(reason.to_owned());
    period.updated_at = now;
    ledger.save_period(&period).await?;
    let subject = period
        .charge_id
        .clone()
        .unwrap_or_else(|| period.merchant_reference.clone());
    emit_charge(ledger, EventKind::ChargeDeclined, &subject, &s, &period, now).await?;
    if declines::kind_of(reason) == DeclineKind::Soft && s.status == ACTIVE {
        let n = s.retry_count + 1;
        if let Some(at) = declines::retry_at(&config.subscriptions.retry_days, period.created_at, n) {
            s.retry_count = n;
            s.retry_at = Some(at);
            s.last_decline = Some(reason.to_owned());
            s.updated_at = now;
            ledger.save_subscription(&s).await?;
            return Ok(Outcome::Retrying {
                period: k,
                retry_at: at,
            });
        }
    }
    past_due(ledger, s, reason, now).await?;
    Ok(Outcome::PastDue {
        period: k,
        reason: reason.to_owned(),
    })
}
