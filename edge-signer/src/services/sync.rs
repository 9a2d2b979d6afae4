//! The reconciliation of `POST /v1/merchant/sync`: the fallback when notifications do not
//! arrive, and the finishing of requests that died halfway.
//!
//! 1. Every `PENDING` intent (its Amazon call timed out, lost its connection, or the Worker
//!    stopped before recording the answer) is finished: a call with an idempotency key
//!    (complete, charge, capture, refund) is sent again with the same key and body, so Amazon
//!    answers the first result or does it once; a cancel or close first reads its object and is
//!    sent again only if the object has not reached the state. The answer is recorded and the
//!    intent marked `DONE`, or `FAILED` with Amazon's refusal; one that still gets no answer
//!    stays `PENDING`. A completion refused for good records how its checkout session ended
//!    (expired or canceled; deleted by Amazon after 30 days counts as expired).
//! 2. Every transaction whose status is pending at Amazon (`REQCAPTURE`, `REQSALES`,
//!    `REQRETURN`, or an authorization in progress) has its current charge and its refunds read
//!    again and recorded, so it settles.
//!
//! 3. Every checkout session the ledger still has `Open` is read again, oldest first, and
//!    recorded once Amazon ended it (Amazon sends no notification for checkout sessions); the
//!    first one still open ends this part.
//!
//! 4. The merchant events due for delivery are sent ([`merchant_events::delivery`]), so events
//!    are delivered (and retried) wherever sync runs.
//!
//! Each part takes at most the limit the request gives (1 to 100, default 25).

use amazon_pay_shared::api::{Charge, ChargePermission, CheckoutSession, CheckoutSessionState, Refund};
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::valid_object_id;
use serde::Serialize;

use super::amazon::read;
use super::merchant_events::delivery::DeliveryRun;
use super::{amount_change, checkout, merchant_events, reconcile};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::store::IntentRow;
use crate::ledger::Ledger;
use crate::upstream::{self, Call, Failure};

/// What became of one pending intent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntentSynced {
    /// Its transaction.
    pub merchant_reference: String,
    /// Its operation code.
    pub operation: String,
    /// `DONE`, `FAILED`, or `PENDING` when Amazon still gave no answer.
    pub state: &'static str,
}

/// A pending transaction read again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionSynced {
    /// The transaction.
    pub merchant_reference: String,
    /// Its status before.
    pub before: String,
    /// Its status now.
    pub status: String,
}

/// What a reconciliation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synced {
    /// The pending intents, oldest first.
    pub intents: Vec<IntentSynced>,
    /// The pending transactions, oldest first.
    pub transactions: Vec<TransactionSynced>,
    /// The transactions whose checkout session Amazon had ended (expired, canceled or deleted)
    /// while the ledger still had it `Open`, oldest first.
    pub sessions: Vec<TransactionSynced>,
    /// The merchant events due for delivery, sent.
    pub events: DeliveryRun,
}

fn method_of(m: &str) -> Option<&'static str> {
    ["GET", "POST", "PATCH", "DELETE"].into_iter().find(|x| *x == m)
}

/// The call an intent recorded.
fn call_of(i: &IntentRow) -> ApiResult<Call> {
    let method = method_of(&i.method).ok_or_else(ApiError::internal)?;
    let mut call = match &i.body {
        Some(b) => Call::with_body(method, i.path.clone(), b.clone()),
        None => Call::get(i.path.clone()),
    };
    call.method = method;
    if let Some(k) = &i.idempotency_key {
        call = call.idempotent(IdempotencyKey::parse(k).map_err(|_| ApiError::internal())?);
    }
    Ok(call)
}

/// Records the object an intent's call answered; answers its id.
async fn record_answer(
    config: &Config,
    ledger: &Ledger,
    i: &IntentRow,
    body: &str,
    now: i64,
) -> ApiResult<String> {
    let bad = |_| ApiError::internal();
    let path = i.path.as_str();
    if path == "/v2/refunds" {
        let refund: Refund = serde_json::from_str(body).map_err(bad)?;
        ledger.put_refund(&refund, &i.merchant_reference, now).await?;
        ledger.refresh_status(&i.merchant_reference, "sync", now).await?;
        return Ok(refund.refund_id);
    }
    if path.ends_with("/complete") {
        let session: CheckoutSession = serde_json::from_str(body).map_err(bad)?;
        checkout::record_completed(config, ledger, &session, "sync", now).await?;
        return Ok(session.checkout_session_id);
    }
    if path.ends_with("/close") {
        let permission: ChargePermission = serde_json::from_str(body).map_err(bad)?;
        reconcile::permission(ledger, &permission, "sync", now).await?;
        return Ok(permission.charge_permission_id);
    }
    let charge: Charge = serde_json::from_str(body).map_err(bad)?;
    if amount_change::replaces_authorization(&i.operation) {
        amount_change::adopt(ledger, &i.merchant_reference, &charge, "sync", now).await?;
    } else {
        reconcile::charge(ledger, &charge, "sync", now).await?;
    }
    Ok(charge.charge_id)
}

/// Whether a cancel or close already took effect at Amazon (then it is not sent again).
async fn already_done(config: &Config, ledger: &Ledger, i: &IntentRow) -> ApiResult<Option<String>> {
    let Some(target) = i.target_id.as_deref().filter(|t| valid_object_id(t)) else {
        return Ok(None);
    };
    if i.path.ends_with("/cancel") {
        let (charge, now): (Charge, i64) = read(config, format!("/v2/charges/{target}")).await?;
        reconcile::charge(ledger, &charge, "sync", now).await?;
        return Ok((charge.state().as_str() == "Canceled").then_some(charge.charge_id));
    }
    if i.path.ends_with("/close") {
        let (p, now): (ChargePermission, i64) =
            read(config, format!("/v2/chargePermissions/{target}")).await?;
        reconcile::permission(ledger, &p, "sync", now).await?;
        return Ok((p.status_details.state.as_str() == "Closed").then_some(p.charge_permission_id));
    }
    Ok(None)
}

async fn finish_intent(config: &Config, ledger: &Ledger, i: &IntentRow) -> ApiResult<&'static str> {
    let now = crate::clock::isolate_now();
    if i.idempotency_key.is_none() {
        if let Some(id) = already_done(config, ledger, i).await? {
            ledger
                .finish_intent(&i.intent_key, true, Some(&id), None, now)
                .await?;
            return Ok("DONE");
        }
    }
    if amount_change::replaces_authorization(&i.operation) {
        // An amount change cancels the old authorization before the new one.
        if let Some(target) = i.target_id.as_deref().filter(|t| valid_object_id(t)) {
            let (old, at): (Charge, i64) = read(config, format!("/v2/charges/{target}")).await?;
            amount_change::cancel_old(config, ledger, &i.merchant_reference, &old, at).await?;
        }
    }
    match upstream::send(config, &call_of(i)?).await {
        Ok(answer) => {
            let id = record_answer(config, ledger, i, &answer.body, answer.now()).await?;
            ledger
                .finish_intent(&i.intent_key, true, Some(&id), None, answer.now())
                .await?;
            Ok("DONE")
        }
        Err(Failure::Status { status, .. }) if upstream::retryable(status) => Ok("PENDING"),
        Err(Failure::Timeout | Failure::Network) => Ok("PENDING"),
        Err(failure) => {
            let code = ApiError::from(failure).code;
            ledger
                .finish_intent(&i.intent_key, false, None, Some(code.as_str()), now)
                .await?;
            if i.path.ends_with("/complete") {
                record_refused_completion(config, ledger, i, now).await?;
            }
            Ok("FAILED")
        }
    }
}

/// After Amazon refused a completion for good, records how its checkout session ended, so the
/// order leaves `AUTHPROCESS` ([`record_if_ended`]).
async fn record_refused_completion(
    config: &Config,
    ledger: &Ledger,
    i: &IntentRow,
    now: i64,
) -> ApiResult<()> {
    if let Some(id) = i.target_id.as_deref().filter(|t| valid_object_id(t)) {
        record_if_ended(config, ledger, &i.merchant_reference, id, now).await?;
    }
    Ok(())
}

/// Reads checkout session `id` of `reference` and records it when it is no longer `Open`
/// (expired or canceled at Amazon) or, when Amazon has deleted it (30 days after its
/// creation), as expired — a session that was completed would have been recorded by its
/// Complete, whose answer Amazon repeats from the idempotency key. Answers the order's status
/// when the session ended; `None` when it is still `Open` or cannot be read now.
async fn record_if_ended(
    config: &Config,
    ledger: &Ledger,
    reference: &str,
    id: &str,
    now: i64,
) -> ApiResult<Option<String>> {
    let at = match upstream::send(config, &Call::get(format!("/v2/checkoutSessions/{id}"))).await {
        Ok(answer) => {
            let session: CheckoutSession = answer.json()?;
            if *session.state() == CheckoutSessionState::Open {
                return Ok(None);
            }
            ledger
                .put_session(reference, &session, false, answer.now())
                .await?;
            answer.now()
        }
        Err(Failure::Status { status: 404, .. }) => {
            ledger.put_session_deleted(reference, now).await?;
            now
        }
        Err(_) => return Ok(None),
    };
    let status = ledger.refresh_status(reference, "sync", at).await?;
    Ok(Some(status.code().to_owned()))
}

/// Checkout sessions Amazon ended without a notification (it sends none for them): the
/// sessions the ledger still has `Open` are read oldest first and recorded once they expired
/// (24 hours after creation) or were canceled; the first one still `Open` ends the pass, since
/// the younger ones cannot have expired yet (one canceled early is found once those before it
/// have ended).
async fn close_ended_sessions(
    config: &Config,
    ledger: &Ledger,
    limit: i64,
) -> ApiResult<Vec<TransactionSynced>> {
    let mut ended = Vec::new();
    for tx in ledger.open_sessions(limit).await? {
        let Some(id) = tx.checkout_session_id.as_deref().filter(|id| valid_object_id(id)) else {
            continue;
        };
        let now = crate::clock::isolate_now();
        match record_if_ended(config, ledger, &tx.merchant_reference, id, now).await? {
            Some(status) => ended.push(TransactionSynced {
                merchant_reference: tx.merchant_reference,
                before: tx.status,
                status,
            }),
            None => break,
        }
    }
    Ok(ended)
}

async fn settle(config: &Config, ledger: &Ledger, reference: &str, charge_id: &str) -> ApiResult<String> {
    let (charge, now): (Charge, i64) = read(config, format!("/v2/charges/{charge_id}")).await?;
    ledger.put_charge(&charge, reference, now).await?;
    for r in ledger.refunds(reference).await? {
        if r.state == "RefundInitiated" && valid_object_id(&r.refund_id) {
            let (fresh, at): (Refund, i64) = read(config, format!("/v2/refunds/{}", r.refund_id)).await?;
            ledger.put_refund(&fresh, reference, at).await?;
        }
    }
    Ok(ledger
        .refresh_status(reference, "sync", now)
        .await?
        .code()
        .to_owned())
}

/// Reconciles at most `limit` pending intents and settles at most `limit` pending
/// transactions (`LEDGER_UNAVAILABLE` without a ledger).
pub async fn run(config: &Config, ledger: &Ledger, limit: i64) -> ApiResult<Synced> {
    ledger.require()?;
    let mut intents = Vec::new();
    for i in ledger.pending_intents(limit).await? {
        let state = finish_intent(config, ledger, &i).await?;
        intents.push(IntentSynced {
            merchant_reference: i.merchant_reference,
            operation: i.operation,
            state,
        });
    }
    let mut transactions = Vec::new();
    for tx in ledger.pending_transactions(limit).await? {
        let Some(charge_id) = tx.charge_id.as_deref().filter(|c| valid_object_id(c)) else {
            continue;
        };
        let status = settle(config, ledger, &tx.merchant_reference, charge_id).await?;
        transactions.push(TransactionSynced {
            merchant_reference: tx.merchant_reference,
            before: tx.status,
            status,
        });
    }
    let sessions = close_ended_sessions(config, ledger, limit).await?;
    let events = merchant_events::delivery::deliver_due(config, ledger, limit as usize).await?;
    Ok(Synced {
        intents,
        transactions,
        sessions,
        events,
    })
}
