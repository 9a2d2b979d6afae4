//! `/v1/merchant/refunds…`: refund a captured charge, read a refund (merchant routes).

use amazon_pay_shared::wire::MerchantRefundRequest;
use worker::Request;

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{merchant_json, Reply};
use crate::ids::{check_id, check_reference};
use crate::ledger::Ledger;
use crate::services::refunds;

/// `POST /v1/merchant/refunds` `{chargeId, amount, reference}`.
pub async fn create(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    let body: MerchantRefundRequest = merchant_json(req).await?;
    check_id(&body.charge_id)?;
    check_reference(&body.reference)?;
    Reply::ok(&refunds::create(config, ledger, &body).await?)
}

/// `GET /v1/merchant/refunds/{id}`.
pub async fn get(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    Reply::ok(&refunds::get(config, ledger, id).await?)
}
