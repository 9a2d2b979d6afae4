//! The subscription steps of a scheduled run, each over a bounded batch
//! (`SUBSCRIPTION_BATCH_SIZE`): the subscriptions whose next period is due, earliest first, and
//! those whose retry (or past-due check) is due. Whether something is due is decided at
//! Amazon's time, from the fresh read of its charge permission; the first one not yet due ends
//! the step (the rest are later). What is left over is taken by the next run.

use amazon_pay_shared::lifecycle::MAX_TIME;
use serde_json::{json, Value};

use super::billing::{charge_next, Outcome};
use crate::config::Config;
use crate::error::ApiResult;
use crate::ledger::subscriptions::SubscriptionRow;
use crate::ledger::Ledger;
use crate::log;

async fn work(config: &Config, ledger: &Ledger, batch: Vec<SubscriptionRow>) -> Value {
    let mut done = Vec::new();
    for s in batch {
        let id = s.subscription_id.clone();
        match charge_next(config, ledger, s).await {
            Ok(Outcome::NotDue) => break,
            Ok(outcome) => done.push(json!({"subscriptionId": id, "result": outcome})),
            Err(e) => {
                log::event(
                    "warn",
                    "subscription_failed",
                    &[
                        ("subscriptionId", id.clone().into()),
                        ("code", e.code.as_str().into()),
                        ("detail", e.detail.clone().unwrap_or_default().into()),
                    ],
                );
                done.push(json!({"subscriptionId": id, "error": e.code.as_str()}));
            }
        }
    }
    json!({ "subscriptions": done })
}

/// Charges the subscriptions whose next period is due.
pub async fn charge_due(config: &Config, ledger: &Ledger) -> ApiResult<Value> {
    ledger.require()?;
    let batch = ledger
        .due_subscriptions(MAX_TIME, config.subscriptions.batch_size)
        .await?;
    Ok(work(config, ledger, batch).await)
}

/// Tries again the soft-declined periods whose retry is due, and checks past-due
/// subscriptions whose permission may be chargeable again.
pub async fn retry_due(config: &Config, ledger: &Ledger) -> ApiResult<Value> {
    ledger.require()?;
    let batch = ledger
        .retry_subscriptions(MAX_TIME, config.subscriptions.batch_size)
        .await?;
    Ok(work(config, ledger, batch).await)
}
