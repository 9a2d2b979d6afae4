//! Charges for the merchant's backend: read, capture, cancel, and a new charge on a charge
//! permission; and a charge's transaction as just read from Amazon, which the other merchant
//! operations check the lifecycle against.
//!
//! With a ledger, every operation first reads the object fresh from Amazon, records it and
//! derives the transaction's status, checks the lifecycle ([`crate::enforce`]) at Amazon's
//! time, records the intent, calls Amazon and records the answer. Without one (sandbox keys
//! only) the calls go to Amazon with the basic state and amount checks alone.

use amazon_pay_shared::api::{
    CancelChargeRequest, CaptureChargeRequest, Charge, ChargePermission, ChargePermissionType, ChargeState,
    CreateChargeRequest, MerchantMetadataInput, Refund,
};
use amazon_pay_shared::lifecycle::{FlowKind, Operation, TransactionStatus};
use amazon_pay_shared::money::Price;
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::{
    valid_object_id, ErrorCode, MerchantCancelRequest, MerchantCaptureRequest, MerchantCreateChargeRequest,
};

use super::amazon::{body_of, field_error, read};
use super::reconcile;
use super::subscriptions::periods;
use crate::amounts::ledger_amount;
use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::rows::{ChargeRow, PermissionRow, TransactionRow};
use crate::ledger::store::{IntentRow, NewTransaction};
use crate::ledger::Ledger;
use crate::upstream::Call;

/// Why a captured charge is not cancelled (`LIFECYCLE_OPERATION_NOT_ALLOWED`).
pub const CANCEL_CAPTURED: &str =
    "a captured charge is cancelled by refunding it in full (POST /v1/merchant/refunds)";

/// `TRANSACTION_NOT_FOUND` for an object the ledger has no transaction for.
pub fn not_in_ledger(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::TransactionNotFound,
        format!("the ledger has no transaction for this {what}"),
    )
}

/// A charge's transaction as just read from Amazon: the row, its status, its charges.
pub struct ChargeContext {
    /// The transaction.
    pub tx: TransactionRow,
    /// Its status, derived again.
    pub status: TransactionStatus,
    /// Its charges, in order.
    pub charges: Vec<ChargeRow>,
}

impl ChargeContext {
    /// The charge `id` when it is the transaction's current authorization, else
    /// `INVALID_STATE`.
    pub fn current(&self, id: &str) -> ApiResult<&ChargeRow> {
        if self.tx.charge_id.as_deref() != Some(id) {
            return Err(ApiError::new(
                ErrorCode::InvalidState,
                "this charge is no longer the transaction's current authorization",
            ));
        }
        self.charges
            .iter()
            .find(|c| c.charge_id == id)
            .ok_or_else(ApiError::internal)
    }
}

/// Records a fresh charge (and fresh copies of its pending refunds) and derives the status.
pub async fn charge_context(
    config: &Config,
    ledger: &Ledger,
    charge: &Charge,
    now: i64,
) -> ApiResult<ChargeContext> {
    let tx = ledger
        .transaction_by_charge(&charge.charge_id)
        .await?
        .ok_or_else(|| not_in_ledger("charge"))?;
    ledger.put_charge(charge, &tx.merchant_reference, now).await?;
    for r in ledger.refunds(&tx.merchant_reference).await? {
        if r.state == "RefundInitiated" && valid_object_id(&r.refund_id) {
            let (fresh, at) = read::<Refund>(config, format!("/v2/refunds/{}", r.refund_id)).await?;
            ledger.put_refund(&fresh, &tx.merchant_reference, at).await?;
        }
    }
    let status = ledger.refresh_status(&tx.merchant_reference, "read", now).await?;
    let charges = ledger.charges(&tx.merchant_reference).await?;
    let tx = ledger.transaction(&tx.merchant_reference).await?.unwrap_or(tx);
    Ok(ChargeContext { tx, status, charges })
}

/// Records the charge an operation answered and finishes its intent.
async fn record_charge(
    ledger: &Ledger,
    intent: Option<&IntentRow>,
    charge: &Charge,
    source: &str,
    now: i64,
) -> ApiResult<()> {
    reconcile::charge(ledger, charge, source, now).await?;
    reconcile::done(ledger, intent, &charge.charge_id, now).await
}

/// Reads a charge (`id` checked) and records it.
pub async fn get(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Charge> {
    let (charge, now): (Charge, i64) = read(config, format!("/v2/charges/{id}")).await?;
    reconcile::charge(ledger, &charge, "read", now).await?;
    Ok(charge)
}

/// Captures at most the authorized amount of charge `id` (checked).
pub async fn capture(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: MerchantCaptureRequest,
) -> ApiResult<Charge> {
    let amount = ledger_amount(config, &body.amount)?;
    let (charge, now): (Charge, i64) = read(config, format!("/v2/charges/{id}")).await?;
    let mut reference = None;
    if ledger.is_enabled() {
        let ctx = charge_context(config, ledger, &charge, now).await?;
        enforce::allowed(ctx.status, Operation::Capture, ctx.tx.flow_kind())?;
        let current = ctx.current(id)?;
        let rules = enforce::rules(config);
        rules
            .check_capture(current.created_at_amazon, now)
            .map_err(enforce::refused)?;
        rules.check_amount(amount).map_err(enforce::refused)?;
        reference = Some(ctx.tx.merchant_reference);
    } else if *charge.state() != ChargeState::Authorized {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("the charge is {}, not Authorized", charge.state().as_str()),
        ));
    }
    let authorized = charge
        .charge_amount
        .as_ref()
        .map(Price::to_money)
        .transpose()?
        .ok_or_else(ApiError::internal)?;
    if authorized.currency() != amount.currency() || amount.minor() > authorized.minor() {
        return Err(ApiError::new(
            ErrorCode::AmountExceedsAllowed,
            format!("at most {authorized} can be captured"),
        ));
    }
    let request = CaptureChargeRequest {
        capture_amount: amount.to_price(),
        soft_descriptor: body.soft_descriptor,
    };
    request.validate().map_err(field_error)?;
    let key = IdempotencyKey::derive(&["capture", id, &amount.to_decimal_string()]);
    let call =
        Call::with_body("POST", format!("/v2/charges/{id}/capture"), body_of(&request)).idempotent(key);
    let intent = reference
        .map(|r| reconcile::intent(&r, Operation::Capture.code(), &call, Some(id), Some(amount), now));
    let answer = reconcile::perform_or_fail(config, ledger, intent.as_ref(), &call).await?;
    let captured: Charge = answer.json()?;
    record_charge(ledger, intent.as_ref(), &captured, "capture", answer.now()).await?;
    Ok(captured)
}

/// Cancels the authorization `id` (checked); a captured charge is refunded instead.
pub async fn cancel(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    body: MerchantCancelRequest,
) -> ApiResult<Charge> {
    let request = CancelChargeRequest {
        cancellation_reason: body.reason,
    };
    request.validate().map_err(field_error)?;
    let call = Call::with_body("DELETE", format!("/v2/charges/{id}/cancel"), body_of(&request));
    let mut intent = None;
    if ledger.is_enabled() {
        let (charge, now): (Charge, i64) = read(config, format!("/v2/charges/{id}")).await?;
        let ctx = charge_context(config, ledger, &charge, now).await?;
        enforce::allowed(ctx.status, Operation::CancelFull, ctx.tx.flow_kind())?;
        if ctx.status != TransactionStatus::Auth {
            return Err(ApiError::new(
                ErrorCode::LifecycleOperationNotAllowed,
                CANCEL_CAPTURED,
            ));
        }
        ctx.current(id)?;
        intent = Some(reconcile::intent(
            &ctx.tx.merchant_reference,
            Operation::CancelFull.code(),
            &call,
            Some(id),
            None,
            now,
        ));
    }
    let answer = reconcile::perform_or_fail(config, ledger, intent.as_ref(), &call).await?;
    let canceled: Charge = answer.json()?;
    record_charge(ledger, intent.as_ref(), &canceled, "cancel", answer.now()).await?;
    Ok(canceled)
}

/// A charge on a charge permission (`chargePermissionId` and `reference` checked): with a
/// ledger, within the permission's rules (the monthly cap of a recurring one) and under a
/// merchant-initiated transaction of its own; a reference that names a subscription's billing
/// period is refused (only the subscription charges it).
pub async fn create(
    config: &Config,
    ledger: &Ledger,
    body: &MerchantCreateChargeRequest,
) -> ApiResult<Charge> {
    let amount = ledger_amount(config, &body.amount)?;
    periods::ensure_not_a_period(ledger, &body.reference).await?;
    let request = CreateChargeRequest {
        charge_permission_id: body.charge_permission_id.clone(),
        charge_amount: amount.to_price(),
        capture_now: body.capture_now,
        soft_descriptor: None,
        can_handle_pending_authorization: Some(config.pending_authorization),
        merchant_metadata: Some(MerchantMetadataInput {
            merchant_reference_id: Some(body.reference.clone()),
            ..MerchantMetadataInput::default()
        }),
        provider_metadata: None,
    };
    request.validate().map_err(field_error)?;
    let key = IdempotencyKey::derive(&[
        "charge",
        &body.charge_permission_id,
        &body.reference,
        &amount.to_decimal_string(),
    ]);
    let call = Call::with_body("POST", "/v2/charges".into(), body_of(&request)).idempotent(key);
    let mut intent = None;
    if ledger.is_enabled() {
        let pid = &body.charge_permission_id;
        let (permission, now): (ChargePermission, i64) =
            read(config, format!("/v2/chargePermissions/{pid}")).await?;
        reconcile::permission(ledger, &permission, "read", now).await?;
        let row = PermissionRow::from_api(&permission, &body.reference, now);
        let status = enforce::permission_status(&row)?;
        enforce::allowed(status, Operation::MerchantCharge, FlowKind::PermissionOnly)?;
        let rules = enforce::rules(config);
        let expiry = enforce::permission_expiry(&row);
        if permission.charge_permission_type == Some(ChargePermissionType::Recurring) {
            let earlier: Vec<ChargeRow> = ledger
                .charges_on_permission(pid)
                .await?
                .into_iter()
                .filter(|c| c.merchant_reference != body.reference)
                .collect();
            rules
                .check_merchant_charge(amount, &enforce::earlier_charges(&earlier), expiry, now)
                .map_err(enforce::refused)?;
        } else {
            rules.check_amount(amount).map_err(enforce::refused)?;
            rules
                .check_permission_active(expiry, now)
                .map_err(enforce::refused)?;
        }
        let tx = ledger
            .open_transaction(
                &NewTransaction {
                    reference: &body.reference,
                    flow: FlowKind::MerchantInitiated,
                    currency: amount.currency(),
                    amount_minor: amount.minor() as i64,
                    amount_change_enabled: true,
                    checkout_session_id: None,
                    charge_permission_id: Some(pid),
                },
                now,
            )
            .await?;
        if tx.charge_id.is_none() {
            enforce::allowed(
                tx.status().map_err(enforce::refused)?,
                Operation::Execute,
                FlowKind::MerchantInitiated,
            )
            .map_err(|_| ApiError::internal())?;
        }
        intent = Some(reconcile::intent(
            &body.reference,
            Operation::Execute.code(),
            &call,
            Some(pid),
            Some(amount),
            now,
        ));
    }
    let answer = reconcile::perform_or_fail(config, ledger, intent.as_ref(), &call).await?;
    let charge: Charge = answer.json()?;
    record_charge(ledger, intent.as_ref(), &charge, "charge", answer.now()).await?;
    Ok(charge)
}
