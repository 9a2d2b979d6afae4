//! `/v1/merchant/charges…`: read, capture, cancel, change the amount of a charge, authorize
//! it again, and create one on a charge permission (merchant routes).

use amazon_pay_shared::wire::{
    MerchantCancelRequest, MerchantCaptureRequest, MerchantChangeAmountRequest, MerchantCreateChargeRequest,
    MerchantReauthorizeRequest,
};
use serde_json::json;
use worker::Request;

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{merchant_json, Reply};
use crate::ids::{check_id, check_reference};
use crate::ledger::Ledger;
use crate::services::{amount_change, charges, reauthorize};

/// `GET /v1/merchant/charges/{id}`.
pub async fn get(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    Reply::ok(&charges::get(config, ledger, id).await?)
}

/// `POST /v1/merchant/charges/{id}/capture` `{amount, softDescriptor?}`.
pub async fn capture(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantCaptureRequest = merchant_json(req).await?;
    Reply::ok(&charges::capture(config, ledger, id, body).await?)
}

/// `POST /v1/merchant/charges/{id}/cancel` `{reason?}`.
pub async fn cancel(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantCancelRequest = merchant_json(req).await?;
    Reply::ok(&charges::cancel(config, ledger, id, body).await?)
}

/// `POST /v1/merchant/charges/{id}/change-amount` `{amount, reference}` →
/// `{previousChargeId, charge}`.
pub async fn change_amount(
    req: &mut Request,
    config: &Config,
    ledger: &Ledger,
    id: &str,
) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantChangeAmountRequest = merchant_json(req).await?;
    check_reference(&body.reference)?;
    let charge = amount_change::change(config, ledger, id, &body).await?;
    Reply::ok(&json!({"previousChargeId": id, "charge": charge}))
}

/// `POST /v1/merchant/charges/{id}/reauthorize` `{reference}` → `{previousChargeId, charge}`.
pub async fn reauthorize(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantReauthorizeRequest = merchant_json(req).await?;
    check_reference(&body.reference)?;
    let charge = reauthorize::reauthorize(config, ledger, id, &body).await?;
    Reply::ok(&json!({"previousChargeId": id, "charge": charge}))
}

/// `POST /v1/merchant/charges` `{chargePermissionId, amount, reference, captureNow?}`.
pub async fn create(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    let body: MerchantCreateChargeRequest = merchant_json(req).await?;
    check_id(&body.charge_permission_id)?;
    check_reference(&body.reference)?;
    Reply::ok(&charges::create(config, ledger, &body).await?)
}
