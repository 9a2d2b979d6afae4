//! Keeping the ledger in step with Amazon: every Amazon object the signer reads or is told
//! about is recorded under its transaction and the status derived again; every call that
//! changes something at Amazon is recorded as an intent first and finished with its answer.
//!
//! With the ledger disabled (no `LEDGER` binding, sandbox keys only) nothing is recorded and the
//! calls go to Amazon unchanged.

use amazon_pay_shared::api::{Charge, ChargePermission, ChargePermissionState, CheckoutSession, Refund};
use amazon_pay_shared::lifecycle::TransactionStatus;
use amazon_pay_shared::money::Money;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::store::IntentRow;
use crate::ledger::Ledger;
use crate::log;
use crate::upstream::{self, Answer, Call, Failure};

/// Records a charge under its transaction and derives the status again. A charge the ledger
/// has no transaction for is matched by `merchantMetadata.merchantReferenceId` (a charge whose
/// creating answer was lost); otherwise (or with the ledger disabled) it is left alone (`None`).
pub async fn charge(
    ledger: &Ledger,
    c: &Charge,
    source: &str,
    now: i64,
) -> ApiResult<Option<TransactionStatus>> {
    if !ledger.is_enabled() {
        return Ok(None);
    }
    let tx = match ledger.transaction_by_charge(&c.charge_id).await? {
        Some(tx) => Some(tx),
        None => match c
            .merchant_metadata
            .as_ref()
            .and_then(|m| m.merchant_reference_id.as_deref())
        {
            Some(reference) => ledger
                .transaction(reference)
                .await?
                .filter(|t| t.charge_permission_id.as_deref() == Some(c.charge_permission_id.as_str())),
            None => None,
        },
    };
    let Some(tx) = tx else {
        return Ok(None);
    };
    let row = ledger.put_charge(c, &tx.merchant_reference, now).await?;
    if tx.charge_id.is_none() {
        ledger
            .set_current_charge(&tx.merchant_reference, &c.charge_id, row.amount_minor, now)
            .await?;
    }
    Ok(Some(
        ledger.refresh_status(&tx.merchant_reference, source, now).await?,
    ))
}

/// Records a refund under its charge's transaction (`None`: no transaction, or no ledger).
pub async fn refund(
    ledger: &Ledger,
    r: &Refund,
    source: &str,
    now: i64,
) -> ApiResult<Option<TransactionStatus>> {
    if !ledger.is_enabled() {
        return Ok(None);
    }
    let Some(tx) = ledger.transaction_by_charge(&r.charge_id).await? else {
        return Ok(None);
    };
    ledger.put_refund(r, &tx.merchant_reference, now).await?;
    Ok(Some(
        ledger.refresh_status(&tx.merchant_reference, source, now).await?,
    ))
}

/// Records a charge permission under the transaction that created it (`None`: no transaction,
/// or no ledger); a chargeable one has its past-due subscription, if any, tried again at the
/// next scheduled run.
pub async fn permission(
    ledger: &Ledger,
    p: &ChargePermission,
    source: &str,
    now: i64,
) -> ApiResult<Option<TransactionStatus>> {
    if !ledger.is_enabled() {
        return Ok(None);
    }
    let Some(tx) = ledger.transaction_of_permission(&p.charge_permission_id).await? else {
        return Ok(None);
    };
    ledger.put_permission(p, &tx.merchant_reference, now).await?;
    if *p.state() == ChargePermissionState::Chargeable {
        // A past-due subscription on it is tried again at the next scheduled run.
        ledger.wake_past_due(&p.charge_permission_id, now).await?;
    }
    Ok(Some(
        ledger.refresh_status(&tx.merchant_reference, source, now).await?,
    ))
}

/// Records a checkout session (and whether the buyer was sent to Amazon) under its
/// transaction (nothing with the ledger disabled).
pub async fn session(
    ledger: &Ledger,
    reference: &str,
    s: &CheckoutSession,
    redirected: bool,
    source: &str,
    now: i64,
) -> ApiResult<()> {
    if !ledger.is_enabled() {
        return Ok(());
    }
    ledger.put_session(reference, s, redirected, now).await?;
    ledger.refresh_status(reference, source, now).await?;
    Ok(())
}

/// An intent for `call` on `reference`.
pub fn intent(
    reference: &str,
    operation: &str,
    call: &Call,
    target_id: Option<&str>,
    amount: Option<Money>,
    now: i64,
) -> IntentRow {
    let key = match &call.idempotency_key {
        Some(k) => k.as_str().to_owned(),
        None => amazon_pay_shared::signing::IdempotencyKey::derive(&[
            "intent",
            operation,
            call.method,
            &call.path,
            call.body.as_deref().unwrap_or(""),
        ])
        .as_str()
        .to_owned(),
    };
    IntentRow {
        intent_key: key,
        merchant_reference: reference.to_owned(),
        operation: operation.to_owned(),
        method: call.method.to_owned(),
        path: call.path.clone(),
        body: call.body.clone(),
        idempotency_key: call.idempotency_key.as_ref().map(|k| k.as_str().to_owned()),
        target_id: target_id.map(str::to_owned),
        currency: amount.map(|m| m.currency().code().to_owned()),
        amount_minor: amount.map(|m| m.minor() as i64),
        state: "PENDING".to_owned(),
        result_id: None,
        error_code: None,
        created_at: now,
        updated_at: now,
    }
}

/// Records the intent (there is one only with a ledger), then calls Amazon. An answer Amazon refused
/// (a 4xx that is not retried) finishes the intent as `FAILED`; a call that timed out, lost its
/// connection or kept failing with 5xx/429 leaves it `PENDING` for [`super::sync`]
/// (Amazon may have done it). A success is finished by the caller with
/// [`done`] once the resulting object is recorded. The outer error is the ledger's, the
/// inner one Amazon's.
pub async fn perform(
    config: &Config,
    ledger: &Ledger,
    intent: Option<&IntentRow>,
    call: &Call,
) -> ApiResult<Result<Answer, Failure>> {
    if let Some(i) = intent {
        ledger.begin_intent(i).await?;
    }
    match upstream::send(config, call).await {
        Ok(answer) => Ok(Ok(answer)),
        Err(failure) => {
            let error = ApiError::from(failure.clone());
            if let Some(i) = intent {
                match failure {
                    // Amazon refused it: nothing was done.
                    Failure::Status { status, .. } if !upstream::retryable(status) => {
                        ledger
                            .finish_intent(
                                &i.intent_key,
                                false,
                                None,
                                Some(error.code.as_str()),
                                i.created_at,
                            )
                            .await?;
                    }
                    Failure::BadAnswer | Failure::Local(_) => {
                        ledger
                            .finish_intent(
                                &i.intent_key,
                                false,
                                None,
                                Some(error.code.as_str()),
                                i.created_at,
                            )
                            .await?;
                    }
                    // No answer, or only errors after retries: Amazon may have done it.
                    Failure::Status { .. } | Failure::Timeout | Failure::Network => log::event(
                        "warn",
                        "intent_pending",
                        &[
                            ("intent", i.intent_key.clone().into()),
                            ("operation", i.operation.clone().into()),
                        ],
                    ),
                }
            }
            Ok(Err(failure))
        }
    }
}

/// [`perform`] with Amazon's refusal as the signer's error.
pub async fn perform_or_fail(
    config: &Config,
    ledger: &Ledger,
    intent: Option<&IntentRow>,
    call: &Call,
) -> ApiResult<Answer> {
    Ok(perform(config, ledger, intent, call).await??)
}

/// Finishes an intent as `DONE` with the object it produced or changed.
pub async fn done(ledger: &Ledger, intent: Option<&IntentRow>, result_id: &str, now: i64) -> ApiResult<()> {
    if let Some(i) = intent {
        ledger
            .finish_intent(&i.intent_key, true, Some(result_id), None, now)
            .await?;
    }
    Ok(())
}
