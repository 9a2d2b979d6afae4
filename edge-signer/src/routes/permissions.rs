//! `/v1/merchant/charge-permissions/{id}…`: read and close a charge permission (merchant
//! routes).

use amazon_pay_shared::wire::MerchantCloseRequest;
use worker::Request;

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{merchant_json, Reply};
use crate::ids::check_id;
use crate::ledger::Ledger;
use crate::services::permissions;

/// `GET /v1/merchant/charge-permissions/{id}`.
pub async fn get(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    Reply::ok(&permissions::get(config, ledger, id).await?)
}

/// `POST /v1/merchant/charge-permissions/{id}/close` `{reason?, cancelPendingCharges?}`.
pub async fn close(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: MerchantCloseRequest = merchant_json(req).await?;
    Reply::ok(&permissions::close(config, ledger, id, body).await?)
}
