//! `/v1/merchant/…`: charges, refunds and charge permissions for the merchant's backend,
//! behind `Authorization: Bearer <MERCHANT_API_TOKEN>` (compared in constant time).
//!
//! With a ledger, every operation first reads the object fresh from Amazon, records it and
//! derives the transaction's status, checks the lifecycle ([`crate::enforce`]) at Amazon's
//! time, records the intent, calls Amazon and records the answer. Without one (sandbox keys
//! only) the calls go to Amazon with the basic state and amount checks alone.

use amazon_pay_shared::api::{
    CancelChargeRequest, CaptureChargeRequest, Charge, ChargePermission, ChargePermissionType, ChargeState,
    CloseChargePermissionRequest, CreateChargeRequest, CreateRefundRequest, MerchantMetadataInput, Refund,
};
use amazon_pay_shared::lifecycle::{FlowKind, Operation, RefundRequest, TransactionStatus};
use amazon_pay_shared::money::{Currency, Money, Price};
use amazon_pay_shared::payload::to_payload_json;
use amazon_pay_shared::signing::IdempotencyKey;
use amazon_pay_shared::wire::{
    valid_object_id, ErrorCode, MerchantCancelRequest, MerchantCaptureRequest, MerchantCloseRequest,
    MerchantCreateChargeRequest, MerchantRefundRequest,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::Request;

use crate::app::Route;
use crate::config::Config;
use crate::crypto::constant_time_eq;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::http::{merchant_json, Reply};
use crate::ledger::rows::{ChargeRow, PermissionRow, TransactionRow};
use crate::ledger::store::NewTransaction;
use crate::ledger::Ledger;
use crate::reconcile;
use crate::upstream::{self, Call};

/// Checks the bearer token.
pub fn authorize(req: &Request, config: &Config) -> ApiResult<()> {
    let header = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .unwrap_or_default();
    let token = header.strip_prefix("Bearer ").unwrap_or("");
    if token.is_empty() || !constant_time_eq(token.as_bytes(), config.merchant_token.expose()) {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "a valid merchant bearer token is required",
        ));
    }
    Ok(())
}

pub(crate) fn check_id(id: &str) -> ApiResult<()> {
    if valid_object_id(id) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidId,
            "the id is not a valid Amazon Pay id",
        ))
    }
}

pub(crate) fn check_reference(reference: &str) -> ApiResult<()> {
    if amazon_pay_shared::cart_token::valid_reference(reference) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "reference must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'",
        ))
    }
}

pub(crate) fn ledger_amount(config: &Config, price: &Price) -> ApiResult<Money> {
    let currency: Currency = price.currency_code.parse()?;
    let amount = amazon_pay_shared::cart::parse_order_amount(&price.amount, currency)?;
    if currency != config.ledger_currency {
        return Err(ApiError::new(
            ErrorCode::CurrencyMismatch,
            format!("amounts are in {}", config.ledger_currency),
        ));
    }
    Ok(amount)
}

pub(crate) fn body_of(value: &impl Serialize) -> String {
    to_payload_json(value)
}

/// Reads an object and Amazon's time of the answer.
pub(crate) async fn get_at<T: DeserializeOwned>(config: &Config, path: String) -> ApiResult<(T, i64)> {
    let answer = upstream::send(config, &Call::get(path)).await?;
    Ok((answer.json()?, answer.now()))
}

pub(crate) fn field_error(e: amazon_pay_shared::api::ApiFieldError) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, e.to_string())
}

fn not_in_ledger(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::TransactionNotFound,
        format!("the ledger has no transaction for this {what}"),
    )
}

/// A charge's transaction as just read from Amazon: the row, its status, its charges.
pub(crate) struct ChargeContext {
    pub(crate) tx: TransactionRow,
    pub(crate) status: TransactionStatus,
    pub(crate) charges: Vec<ChargeRow>,
}

impl ChargeContext {
    pub(crate) fn current(&self, id: &str) -> ApiResult<&ChargeRow> {
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
pub(crate) async fn charge_context(
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
            let (fresh, at) = get_at::<Refund>(config, format!("/v2/refunds/{}", r.refund_id)).await?;
            ledger.put_refund(&fresh, &tx.merchant_reference, at).await?;
        }
    }
    let status = ledger.refresh_status(&tx.merchant_reference, "read", now).await?;
    let charges = ledger.charges(&tx.merchant_reference).await?;
    let tx = ledger.transaction(&tx.merchant_reference).await?.unwrap_or(tx);
    Ok(ChargeContext { tx, status, charges })
}

/// Records the charge an operation answered and finishes its intent.
pub(crate) async fn record_charge(
    ledger: Option<&Ledger>,
    intent: Option<&crate::ledger::store::IntentRow>,
    charge: &Charge,
    source: &str,
    now: i64,
) -> ApiResult<()> {
    if let Some(l) = ledger {
        reconcile::charge(l, charge, source, now).await?;
    }
    reconcile::done(ledger, intent, &charge.charge_id, now).await
}

async fn capture(req: &mut Request, config: &Config, ledger: Option<&Ledger>, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantCaptureRequest = merchant_json(req).await?;
    let amount = ledger_amount(config, &body.amount)?;
    let (charge, now): (Charge, i64) = get_at(config, format!("/v2/charges/{id}")).await?;
    let mut reference = None;
    if let Some(l) = ledger {
        let ctx = charge_context(config, l, &charge, now).await?;
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
    Reply::ok(&captured)
}

async fn cancel(req: &mut Request, config: &Config, ledger: Option<&Ledger>, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantCancelRequest = merchant_json(req).await?;
    let request = CancelChargeRequest {
        cancellation_reason: body.reason,
    };
    request.validate().map_err(field_error)?;
    let call = Call::with_body("DELETE", format!("/v2/charges/{id}/cancel"), body_of(&request));
    let mut intent = None;
    if let Some(l) = ledger {
        let (charge, now): (Charge, i64) = get_at(config, format!("/v2/charges/{id}")).await?;
        let ctx = charge_context(config, l, &charge, now).await?;
        enforce::allowed(ctx.status, Operation::CancelFull, ctx.tx.flow_kind())?;
        if ctx.status != TransactionStatus::Auth {
            return Err(ApiError::new(
                ErrorCode::LifecycleOperationNotAllowed,
                "a captured charge is cancelled by refunding it in full (POST /v1/merchant/refunds)",
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
    Reply::ok(&canceled)
}

async fn create_charge(req: &mut Request, config: &Config, ledger: Option<&Ledger>) -> ApiResult<Reply> {
    let body: MerchantCreateChargeRequest = merchant_json(req).await?;
    check_id(&body.charge_permission_id)?;
    check_reference(&body.reference)?;
    let amount = ledger_amount(config, &body.amount)?;
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
    if let Some(l) = ledger {
        let pid = &body.charge_permission_id;
        let (permission, now): (ChargePermission, i64) =
            get_at(config, format!("/v2/chargePermissions/{pid}")).await?;
        reconcile::permission(l, &permission, "read", now).await?;
        let row = PermissionRow::from_api(&permission, &body.reference, now);
        let status = enforce::permission_status(&row)?;
        enforce::allowed(status, Operation::MerchantCharge, FlowKind::PermissionOnly)?;
        let rules = enforce::rules(config);
        let expiry = enforce::permission_expiry(&row);
        if permission.charge_permission_type == Some(ChargePermissionType::Recurring) {
            let earlier: Vec<ChargeRow> = l
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
        let tx = l
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
    Reply::ok(&charge)
}

async fn create_refund(req: &mut Request, config: &Config, ledger: Option<&Ledger>) -> ApiResult<Reply> {
    let body: MerchantRefundRequest = merchant_json(req).await?;
    check_id(&body.charge_id)?;
    check_reference(&body.reference)?;
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
    if let Some(l) = ledger {
        let id = &body.charge_id;
        let (charge, now): (Charge, i64) = get_at(config, format!("/v2/charges/{id}")).await?;
        let ctx = charge_context(config, l, &charge, now).await?;
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
                "an authorization is cancelled (POST /v1/merchant/charges/{id}/cancel), not refunded",
            ));
        }
        let refunds: Vec<_> = l
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
    if let (Some(l), Some(r)) = (ledger, reference.as_deref()) {
        l.put_refund(&refund, r, answer.now()).await?;
        l.refresh_status(r, "refund", answer.now()).await?;
    }
    reconcile::done(ledger, intent.as_ref(), &refund.refund_id, answer.now()).await?;
    Reply::ok(&refund)
}

async fn close_permission(
    req: &mut Request,
    config: &Config,
    ledger: Option<&Ledger>,
    id: &str,
) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantCloseRequest = merchant_json(req).await?;
    let request = CloseChargePermissionRequest {
        closure_reason: body.reason,
        cancel_pending_charges: body.cancel_pending_charges,
    };
    request.validate().map_err(field_error)?;
    let call = Call::with_body(
        "DELETE",
        format!("/v2/chargePermissions/{id}/close"),
        body_of(&request),
    );
    let mut intent = None;
    if let Some(l) = ledger {
        let (permission, now): (ChargePermission, i64) =
            get_at(config, format!("/v2/chargePermissions/{id}")).await?;
        reconcile::permission(l, &permission, "read", now).await?;
        let origin = l
            .transaction_of_permission(id)
            .await?
            .ok_or_else(|| not_in_ledger("permission"))?;
        let row = PermissionRow::from_api(&permission, &origin.merchant_reference, now);
        enforce::allowed(
            enforce::permission_status(&row)?,
            Operation::EndPermission,
            FlowKind::PermissionOnly,
        )?;
        intent = Some(reconcile::intent(
            &origin.merchant_reference,
            Operation::EndPermission.code(),
            &call,
            Some(id),
            None,
            now,
        ));
    }
    let answer = reconcile::perform_or_fail(config, ledger, intent.as_ref(), &call).await?;
    let closed: ChargePermission = answer.json()?;
    if let Some(l) = ledger {
        reconcile::permission(l, &closed, "close", answer.now()).await?;
        if closed.status_details.state.as_str() == "Closed" {
            // Closing with cancelPendingCharges cancels open charges: read them again.
            for c in l.charges_on_permission(id).await? {
                if matches!(c.state.as_str(), "Authorized" | "AuthorizationInitiated") {
                    let (fresh, at) =
                        get_at::<Charge>(config, format!("/v2/charges/{}", c.charge_id)).await?;
                    reconcile::charge(l, &fresh, "close", at).await?;
                }
            }
        }
    }
    reconcile::done(ledger, intent.as_ref(), id, answer.now()).await?;
    Reply::ok(&closed)
}

/// Dispatches a merchant route.
pub async fn handle(
    req: &mut Request,
    config: &Config,
    ledger: Option<&Ledger>,
    route: Route<'_>,
) -> ApiResult<Reply> {
    match route {
        Route::GetCharge(id) => {
            check_id(id)?;
            let (charge, now): (Charge, i64) = get_at(config, format!("/v2/charges/{id}")).await?;
            if let Some(l) = ledger {
                reconcile::charge(l, &charge, "read", now).await?;
            }
            Reply::ok(&charge)
        }
        Route::Capture(id) => capture(req, config, ledger, id).await,
        Route::CancelCharge(id) => cancel(req, config, ledger, id).await,
        Route::CreateCharge => create_charge(req, config, ledger).await,
        Route::CreateRefund => create_refund(req, config, ledger).await,
        Route::GetRefund(id) => {
            check_id(id)?;
            let (refund, now): (Refund, i64) = get_at(config, format!("/v2/refunds/{id}")).await?;
            if let Some(l) = ledger {
                reconcile::refund(l, &refund, "read", now).await?;
            }
            Reply::ok(&refund)
        }
        Route::GetChargePermission(id) => {
            check_id(id)?;
            let (permission, now): (ChargePermission, i64) =
                get_at(config, format!("/v2/chargePermissions/{id}")).await?;
            if let Some(l) = ledger {
                reconcile::permission(l, &permission, "read", now).await?;
            }
            Reply::ok(&permission)
        }
        Route::CloseChargePermission(id) => close_permission(req, config, ledger, id).await,
        _ => Err(ApiError::new(ErrorCode::NotFound, "no such route")),
    }
}
