//! Refunds for the merchant's backend: read one, and refund a captured charge within the
//! lifecycle's refund window, count and amount (with a ledger).

use amazon_pay_shared::api::{Charge, CreateRefundRequest, Refund};
use amazon_pay_shared::lifecycle::{Operation, RefundRequest, TransactionStatus};
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::{ErrorCode, MerchantRefundRequest};

use super::amazon::{body_of, field_error, read};
use super::charges::charge_context;
use super::reconcile;
use crate::amounts::ledger_amount;
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::Ledger;
use crate::upstream::Call;

/// Why an authorization is not refunded (`LIFECYCLE_OPERATION_NOT_ALLOWED`).
pub const REFUND_AUTHORIZED: &str =
    "an authorization is cancelled (POST /v1/merchant/charges/{id}/cancel), not refunded";

/// Reads a refund (`id` checked) and records it.
pub async fn get(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Refund> {
    let (refund, now): (Refund, i64) = read(config, format!("/v2/refunds/{id}")).await?;
    reconcile::refund(ledger, &refund, "read", now).await?;
    Ok(refund)
}

/// Refunds part or all of a captured charge (`chargeId` and `reference` checked).
pub async fn create(config: &Config, ledger: &Ledger, body: &MerchantRefundRequest) -> ApiResult<Refund> {
    let amount = ledger_amount(config, &body.amount)?;
    let request = CreateRefundRequest {
        charge_id: body.charge_id.clone(),
        refund_amount: amount.to_price(),
        soft_descriptor: None,
    };
    request.validate().map_err(field_error)?;
    let key = IdempotencyKey::derive(&[
        "refund",
        &body.charge_id,
        &body.reference,
        &amount.to_decimal_string(),
    ]);
    let call = Call::with_body("POST", "/v2/refunds".into(), body_of(&request)).idempotent(key);
    let mut intent = None;
    let mut reference = None;
    if ledger.is_enabled() {
        let id = &body.charge_id;
        let (charge, now): (Charge, i64) = read(config, format!("/v2/charges/{id}")).await?;
        let ctx = charge_context(config, ledger, &charge, now).await?;
        let current = ctx.current(id)?;
        let captured = ctx
            .tx
            .money(current.captured_minor.unwrap_or(current.amount_minor))?;
        let operation = if amount == captured {
            Operation::CancelFull
        } else {
            Operation::CancelPartial
        };
        enforce::allowed(ctx.status, operation, ctx.tx.flow_kind())?;
        if ctx.status == TransactionStatus::Auth {
            return Err(ApiError::new(
                ErrorCode::LifecycleOperationNotAllowed,
                REFUND_AUTHORIZED,
            ));
        }
        let refunds: Vec<_> = ledger
            .refunds(&ctx.tx.merchant_reference)
            .await?
            .into_iter()
            .filter(|r| r.charge_id == *id && r.counts())
            .collect();
        let refunded: i64 = refunds.iter().map(|r| r.amount_minor).sum();
        enforce::rules(config)
            .check_refund(&RefundRequest {
                captured_at: current.captured_at.unwrap_or(current.state_at),
                captured,
                refunded_so_far: ctx.tx.money(refunded)?,
                refunds_so_far: refunds.len() as u32,
                amount,
                now,
            })
            .map_err(enforce::refused)?;
        intent = Some(reconcile::intent(
            &ctx.tx.merchant_reference,
            operation.code(),
            &call,
            Some(id),
            Some(amount),
            now,
        ));
        reference = Some(ctx.tx.merchant_reference);
    }
    let answer = reconcile::perform_or_fail(config, ledger, intent.as_ref(), &call).await?;
    let refund: Refund = answer.json()?;
    if let Some(r) = reference.as_deref() {
        ledger.put_refund(&refund, r, answer.now()).await?;
        ledger.refresh_status(r, "refund", answer.now()).await?;
    }
    reconcile::done(ledger, intent.as_ref(), &refund.refund_id, answer.now()).await?;
    Ok(refund)
}
