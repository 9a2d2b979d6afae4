//! The merchant's subscriptions (merchant routes; they need the ledger):
//! `GET /v1/merchant/subscriptions?status=&limit=&cursor=`, `GET …/{id}`, `PATCH …/{id}`
//! `{plan?, amount?, nextChargeDate?}`, `POST …/{id}/pause`, `…/resume`, `…/cancel`
//! `{"at": "period_end" | "now"}` and `…/usage` `{usageId, quantity, unitPrice, description?}`.

use amazon_pay_shared::wire::{valid_object_id, ErrorCode};
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::{merchant_json, query_pairs, Reply};
use crate::ledger::Ledger;
use crate::services::subscriptions::manage::{self, CancelRequest, ChangeRequest};
use crate::services::subscriptions::usage::{self, UsageRequest};
use crate::services::subscriptions::{queries, subscription_id_valid};

fn checked(id: &str) -> ApiResult<&str> {
    if subscription_id_valid(id) {
        Ok(id)
    } else {
        Err(ApiError::new(ErrorCode::InvalidId, "not a valid subscription id"))
    }
}

/// The list, filtered by `status`, a page of `limit` (1–100, default 25) after `cursor`.
pub async fn list(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    let (mut status, mut limit, mut cursor) = (None, 25, None);
    let invalid = |m: &str| ApiError::new(ErrorCode::InvalidRequest, m.to_owned());
    for (k, v) in query_pairs(req)? {
        match k.as_str() {
            "status" => status = Some(v),
            "limit" => {
                limit = v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| invalid("limit must be 1 to 100"))?
            }
            "cursor" if valid_object_id(&v) => cursor = Some(v),
            "cursor" => return Err(invalid("not a valid cursor")),
            _ => return Err(invalid("unknown query parameter")),
        }
    }
    Reply::ok(&queries::list(config, ledger, status, limit, cursor).await?)
}

/// One subscription with its periods.
pub async fn detail(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    Reply::ok(&queries::detail(config, ledger, checked(id)?).await?)
}

/// Changes the plan, amount or next charge date.
pub async fn change(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    let id = checked(id)?;
    let body: ChangeRequest = merchant_json(req).await?;
    manage::change(config, ledger, id, &body).await?;
    Reply::ok(&queries::detail(config, ledger, id).await?)
}

/// Pauses.
pub async fn pause(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    let id = checked(id)?;
    let _: serde_json::Map<String, serde_json::Value> = merchant_json(req).await?;
    manage::pause(ledger, id, crate::clock::isolate_now()).await?;
    Reply::ok(&queries::detail(config, ledger, id).await?)
}

/// Resumes.
pub async fn resume(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    let id = checked(id)?;
    let _: serde_json::Map<String, serde_json::Value> = merchant_json(req).await?;
    manage::resume(config, ledger, id).await?;
    Reply::ok(&queries::detail(config, ledger, id).await?)
}

/// Cancels at once or at the period's end.
pub async fn cancel(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    let id = checked(id)?;
    let body: CancelRequest = merchant_json(req).await?;
    manage::cancel(config, ledger, id, body.at).await?;
    Reply::ok(&queries::detail(config, ledger, id).await?)
}

/// Records one metered usage line.
pub async fn usage(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    let id = checked(id)?;
    let body: UsageRequest = merchant_json(req).await?;
    Reply::ok(&usage::record(config, ledger, id, &body, crate::clock::isolate_now()).await?)
}
