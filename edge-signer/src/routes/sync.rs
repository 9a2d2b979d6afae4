//! `POST /v1/merchant/sync` `{}` or `{"limit": 1..100}` (per part, default 25): the
//! reconciliation of [`crate::services::sync`] (merchant route; it needs the ledger).

use amazon_pay_shared::wire::{ErrorCode, MerchantSyncRequest};
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::{merchant_json, Reply};
use crate::ledger::Ledger;
use crate::services::sync;

/// Reconciles pending intents and settles pending transactions.
pub async fn sync(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    let body: MerchantSyncRequest = merchant_json(req).await?;
    let limit = i64::from(body.limit.unwrap_or(25));
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "limit must be 1 to 100"));
    }
    Reply::ok(&sync::run(config, ledger, limit).await?)
}
