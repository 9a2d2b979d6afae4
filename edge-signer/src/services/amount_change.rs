//! The amount change of `POST /v1/merchant/charges/{id}/change-amount`: a new authorization
//! with another (or the same) amount, the seed's 金額変更 (`CHANGE_AMOUNT`, `AUTH` → `AUTH`).
//!
//! Amazon Pay has no call that changes an authorized amount, so the change is the old charge
//! cancelled and a new charge on the same charge permission (cancel first: a one-time
//! permission has no room for both). Both are recorded under the transaction, the new charge
//! becomes its current authorization and restarts the capture window. The ledger is required:
//! the intent (keyed like the new charge's idempotency key, from the charge, the reference and
//! the amount) is recorded before the cancel, so a retry with the same reference resumes a change
//! that died halfway and answers a finished one again, and `POST /v1/merchant/sync` finishes it.
//! Checked first: the table, then `Rules::check_amount_change` (enabled for the transaction —
//! checkout payments only with `AMOUNT_CHANGE_ENABLED` —, inside the capture window, within the
//! amount range and the cap of the higher of JPY 70,000 and 900 % of the first amount).

use amazon_pay_shared::api::{
    CancelChargeRequest, Charge, ChargeState, CreateChargeRequest, MerchantMetadataInput,
};
use amazon_pay_shared::lifecycle::{AmountChangeRequest, Operation};
use amazon_pay_shared::money::Money;
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::{valid_object_id, MerchantChangeAmountRequest};

use super::amazon::{body_of, field_error, read};
use super::charges::charge_context;
use super::reconcile;
use crate::amounts::ledger_amount;
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::store::IntentRow;
use crate::ledger::Ledger;
use crate::upstream::{self, Call, Failure};

/// The operation code recorded on the intent.
pub const OPERATION: &str = "CHANGE_AMOUNT";

/// The new charge's idempotent call.
fn new_charge_call(charge: &CreateChargeRequest, key: IdempotencyKey) -> Call {
    Call::with_body("POST", "/v2/charges".into(), body_of(charge)).idempotent(key)
}

/// Cancels the old authorization (as just read) unless it already is; records it.
pub async fn cancel_old(
    config: &Config,
    ledger: &Ledger,
    reference: &str,
    old: &Charge,
    now: i64,
) -> ApiResult<()> {
    if *old.state() == ChargeState::Canceled || !valid_object_id(&old.charge_id) {
        ledger.put_charge(old, reference, now).await?;
        return Ok(());
    }
    let request = CancelChargeRequest {
        cancellation_reason: Some("Amount change".to_owned()),
    };
    let call = Call::with_body(
        "DELETE",
        format!("/v2/charges/{}/cancel", old.charge_id),
        body_of(&request),
    );
    let answer = upstream::send(config, &call).await?;
    let canceled: Charge = answer.json()?;
    ledger.put_charge(&canceled, reference, answer.now()).await?;
    Ok(())
}

/// Records the new authorization as the transaction's current one.
pub async fn adopt(
    ledger: &Ledger,
    reference: &str,
    charge: &Charge,
    source: &str,
    now: i64,
) -> ApiResult<()> {
    let row = ledger.put_charge(charge, reference, now).await?;
    if *charge.state() != ChargeState::Declined {
        ledger
            .set_current_charge(reference, &charge.charge_id, row.amount_minor, now)
            .await?;
    }
    ledger.refresh_status(reference, source, now).await?;
    Ok(())
}

/// Changes the amount of authorization `id` (`id` and `reference` checked); answers the new
/// authorization.
pub async fn change(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: &MerchantChangeAmountRequest,
) -> ApiResult<Charge> {
    let amount = ledger_amount(config, &body.amount)?;
    ledger.require()?;
    let key = IdempotencyKey::derive(&["change", id, &body.reference, &amount.to_decimal_string()]);
    let (old, now): (Charge, i64) = read(config, format!("/v2/charges/{id}")).await?;
    let ctx = charge_context(config, ledger, &old, now).await?;
    let reference = ctx.tx.merchant_reference.clone();
    let earlier = ledger.intent(key.as_str()).await?;
    match earlier.as_ref().map(|i| i.state.as_str()) {
        Some("DONE") => {
            // The same change again: answer the authorization it made.
            return charge_made_by(config, earlier).await;
        }
        Some("PENDING") => {}
        _ => {
            enforce::allowed(ctx.status, Operation::ChangeAmount, ctx.tx.flow_kind())?;
            let current = ctx.current(id)?;
            enforce::rules(config)
                .check_amount_change(&AmountChangeRequest {
                    kind: ctx.tx.flow_kind(),
                    change_enabled_at_checkout: ctx.tx.amount_change_enabled != 0,
                    first_amount: ctx.tx.money(ctx.tx.first_amount_minor)?,
                    current_amount: ctx.tx.money(current.amount_minor)?,
                    new_amount: amount,
                    authorized_at: current.created_at_amazon,
                    now,
                })
                .map_err(enforce::refused)?;
        }
    }
    replace(
        config,
        ledger,
        Replacement {
            operation: OPERATION,
            source: "change-amount",
            reference: &reference,
            old: &old,
            amount,
            key,
            now,
        },
    )
    .await
}

/// Whether an intent's operation replaces an authorization (an amount change or a
/// re-authorization): its old charge is canceled before the new one, and the new one adopted.
pub fn replaces_authorization(operation: &str) -> bool {
    operation == OPERATION || operation == Operation::Reauthorize.code()
}

/// A new authorization that takes the place of the transaction's current one.
pub struct Replacement<'a> {
    /// The intent's operation code.
    pub operation: &'static str,
    /// The status history's source.
    pub source: &'static str,
    /// The transaction.
    pub reference: &'a str,
    /// The current authorization, as just read.
    pub old: &'a Charge,
    /// The amount of the new one.
    pub amount: Money,
    /// The new charge's idempotency key (also the intent's key).
    pub key: IdempotencyKey,
    /// Amazon's time.
    pub now: i64,
}

/// Records the intent, cancels the old authorization (unless it already is), creates the new
/// charge on the same permission and adopts it; a refusal by Amazon finishes the intent as
/// failed and leaves the transaction's status as Amazon's objects say.
pub async fn replace(config: &Config, ledger: &Ledger, r: Replacement<'_>) -> ApiResult<Charge> {
    let Replacement {
        operation,
        source,
        reference,
        old,
        amount,
        key,
        now,
    } = r;
    let id = old.charge_id.as_str();
    let request = CreateChargeRequest {
        charge_permission_id: old.charge_permission_id.clone(),
        charge_amount: amount.to_price(),
        capture_now: Some(false),
        soft_descriptor: None,
        can_handle_pending_authorization: Some(false),
        merchant_metadata: Some(MerchantMetadataInput {
            merchant_reference_id: Some(reference.to_owned()),
            ..MerchantMetadataInput::default()
        }),
        provider_metadata: None,
    };
    request.validate().map_err(field_error)?;
    let call = new_charge_call(&request, key);
    let intent = reconcile::intent(reference, operation, &call, Some(id), Some(amount), now);
    ledger.begin_intent(&intent).await?;
    cancel_old(config, ledger, reference, old, now).await?;
    match upstream::send(config, &call).await {
        Ok(answer) => {
            let charge: Charge = answer.json()?;
            adopt(ledger, reference, &charge, source, answer.now()).await?;
            ledger
                .finish_intent(
                    &intent.intent_key,
                    true,
                    Some(&charge.charge_id),
                    None,
                    answer.now(),
                )
                .await?;
            Ok(charge)
        }
        Err(failure) => {
            if let Failure::Status { status, .. } = &failure {
                if !upstream::retryable(*status) {
                    let error = ApiError::from(failure.clone());
                    ledger
                        .finish_intent(&intent.intent_key, false, None, Some(error.code.as_str()), now)
                        .await?;
                    ledger.refresh_status(reference, source, now).await?;
                }
            }
            Err(failure.into())
        }
    }
}

/// The authorization a finished intent made (its `result_id`), read from Amazon: the answer
/// to the same request made again.
pub(super) async fn charge_made_by(config: &Config, intent: Option<IntentRow>) -> ApiResult<Charge> {
    let made = intent.and_then(|i| i.result_id).filter(|r| valid_object_id(r));
    let made = made.ok_or_else(ApiError::internal)?;
    let (charge, _): (Charge, i64) = read(config, format!("/v2/charges/{made}")).await?;
    Ok(charge)
}
