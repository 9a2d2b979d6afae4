//! `/v1/merchant/…`: charges, refunds and charge permissions for the merchant's backend,
//! behind `Authorization: Bearer <MERCHANT_API_TOKEN>` (compared in constant time).

use amazon_pay_shared::api::{
    CancelChargeRequest, CaptureChargeRequest, Charge, ChargePermission, ChargeState,
    CloseChargePermissionRequest, CreateChargeRequest, CreateRefundRequest, Refund,
};
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
use crate::error::{ApiError, ApiResult};
use crate::http::{merchant_json, Reply};
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

fn check_id(id: &str) -> ApiResult<()> {
    if valid_object_id(id) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidId,
            "the id is not a valid Amazon Pay id",
        ))
    }
}

fn check_reference(reference: &str) -> ApiResult<()> {
    if amazon_pay_shared::cart_token::valid_reference(reference) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "reference must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'",
        ))
    }
}

fn ledger_amount(config: &Config, price: &Price) -> ApiResult<Money> {
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

fn body_of(value: &impl Serialize) -> String {
    to_payload_json(value)
}

async fn get<T: DeserializeOwned + Serialize>(config: &Config, path: String) -> ApiResult<T> {
    Ok(upstream::send(config, &Call::get(path)).await?.json()?)
}

async fn send_json<T: DeserializeOwned + Serialize>(config: &Config, call: Call) -> ApiResult<T> {
    Ok(upstream::send(config, &call).await?.json()?)
}

fn field_error(e: amazon_pay_shared::api::ApiFieldError) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, e.to_string())
}

/// Dispatches a merchant route.
pub async fn handle(req: &mut Request, config: &Config, route: Route<'_>) -> ApiResult<Reply> {
    match route {
        Route::GetCharge(id) => {
            check_id(id)?;
            Reply::ok(&get::<Charge>(config, format!("/v2/charges/{id}")).await?)
        }
        Route::Capture(id) => {
            check_id(id)?;
            let body: MerchantCaptureRequest = merchant_json(req).await?;
            let amount = ledger_amount(config, &body.amount)?;
            let charge: Charge = get(config, format!("/v2/charges/{id}")).await?;
            if *charge.state() != ChargeState::Authorized {
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
            let call = Call::with_body("POST", format!("/v2/charges/{id}/capture"), body_of(&request))
                .idempotent(key);
            Reply::ok(&send_json::<Charge>(config, call).await?)
        }
        Route::CancelCharge(id) => {
            check_id(id)?;
            let body: MerchantCancelRequest = merchant_json(req).await?;
            let request = CancelChargeRequest {
                cancellation_reason: body.reason,
            };
            request.validate().map_err(field_error)?;
            let call = Call::with_body("DELETE", format!("/v2/charges/{id}/cancel"), body_of(&request));
            Reply::ok(&send_json::<Charge>(config, call).await?)
        }
        Route::CreateCharge => {
            let body: MerchantCreateChargeRequest = merchant_json(req).await?;
            check_id(&body.charge_permission_id)?;
            check_reference(&body.reference)?;
            let amount = ledger_amount(config, &body.amount)?;
            let request = CreateChargeRequest {
                charge_permission_id: body.charge_permission_id.clone(),
                charge_amount: amount.to_price(),
                capture_now: body.capture_now,
                soft_descriptor: None,
                can_handle_pending_authorization: Some(false),
                merchant_metadata: None,
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
            Reply::ok(&send_json::<Charge>(config, call).await?)
        }
        Route::CreateRefund => {
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
            Reply::ok(&send_json::<Refund>(config, call).await?)
        }
        Route::GetRefund(id) => {
            check_id(id)?;
            Reply::ok(&get::<Refund>(config, format!("/v2/refunds/{id}")).await?)
        }
        Route::GetChargePermission(id) => {
            check_id(id)?;
            Reply::ok(&get::<ChargePermission>(config, format!("/v2/chargePermissions/{id}")).await?)
        }
        Route::CloseChargePermission(id) => {
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
            Reply::ok(&send_json::<ChargePermission>(config, call).await?)
        }
        _ => Err(ApiError::new(ErrorCode::NotFound, "no such route")),
    }
}
