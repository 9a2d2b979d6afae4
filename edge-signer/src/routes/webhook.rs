//! `POST /v1/webhooks/amazon-pay`: Amazon Pay's instant notifications (SNS envelopes,
//! `text/plain`), verified and recorded by [`crate::services::notifications`]; no bearer
//! token.

use serde_json::json;
use worker::Request;

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{raw_body, Reply};
use crate::ledger::Ledger;
use crate::services::notifications::{self, Received};

/// Receives one message.
pub async fn receive(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    let body = raw_body(req).await?;
    match notifications::receive(config, ledger, &body).await? {
        Received::Confirmed { message_id } => {
            Reply::ok(&json!({"messageId": message_id, "outcome": "confirmed"}))
        }
        Received::Ignored { message_id } => {
            Reply::ok(&json!({"messageId": message_id, "outcome": "ignored"}))
        }
        Received::Notification {
            message_id,
            object_type,
            object_id,
            outcome,
        } => Reply::ok(&json!({
            "messageId": message_id, "objectType": object_type, "objectId": object_id, "outcome": outcome,
        })),
    }
}
