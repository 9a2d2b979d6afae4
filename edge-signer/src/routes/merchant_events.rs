//! `GET /v1/merchant/events`: the delivery log of the merchant events (each event with its
//! data, state, attempts, the last attempt's status and the next attempt's time); and
//! `GET /v1/merchant/notifications`: the instant notifications received from Amazon (message
//! id, object, outcome, time). Merchant routes; they need the ledger. Filters and paging are
//! [`crate::ledger::logs`]'s. Neither shows a secret, a signature or a notification's body.

use serde_json::{json, Value};
use worker::Request;

use crate::error::ApiResult;
use crate::http::{query_pairs, Reply};
use crate::ledger::logs::{Log, LogFilter};
use crate::ledger::query::iso;
use crate::ledger::Ledger;

/// One page of the event delivery log, newest first.
pub async fn events(req: &Request, ledger: &Ledger) -> ApiResult<Reply> {
    ledger.require()?;
    let filter = LogFilter::parse(Log::Events, &query_pairs(req)?)?;
    let page = ledger.event_log(&filter).await?;
    let rows: Vec<Value> = page
        .rows
        .iter()
        .map(|e| {
            json!({
                "id": e.event_id,
                "type": e.kind,
                "subject": e.subject,
                "createdAt": iso(e.created_at),
                "data": serde_json::from_str::<Value>(&e.data).unwrap_or(Value::Null),
                "state": e.state,
                "attempts": e.attempts,
                "lastStatus": e.last_status,
                "lastError": e.last_error,
                "lastAttemptAt": e.last_attempt_at.map(iso),
                "nextAttemptAt": e.next_attempt_at.map(iso),
                "deliveredAt": e.delivered_at.map(iso),
            })
        })
        .collect();
    Reply::ok(&json!({"events": rows, "nextCursor": page.next_cursor}))
}

/// One page of the received instant notifications, newest first.
pub async fn notifications(req: &Request, ledger: &Ledger) -> ApiResult<Reply> {
    ledger.require()?;
    let filter = LogFilter::parse(Log::Notifications, &query_pairs(req)?)?;
    let page = ledger.notification_log(&filter).await?;
    let rows: Vec<Value> = page
        .rows
        .iter()
        .map(|n| {
            json!({
                "messageId": n.message_id,
                "objectType": n.object_type,
                "objectId": n.object_id,
                "outcome": n.outcome,
                "receivedAt": iso(n.received_at),
            })
        })
        .collect();
    Reply::ok(&json!({"notifications": rows, "nextCursor": page.next_cursor}))
}
