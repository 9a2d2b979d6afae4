//! Delivering due events: each is claimed (so two overlapping runs never send it together),
//! POSTed as JSON `{"id","type","createdAt","data"}` to `MERCHANT_EVENTS_URL` with the
//! [`signature`] header, and recorded: a 2xx answer makes it `delivered`;
//! anything else (another status, a redirect, a timeout, no connection) is retried after
//! `MERCHANT_EVENTS_RETRY_SECONDS` doubled per earlier attempt (at most six hours), and the
//! event is `failed` after `MERCHANT_EVENTS_MAX_ATTEMPTS` attempts. The delivery times are the
//! Worker's clock, so the receiver can check the signed timestamp against its own.

use std::time::Duration;

use futures_util::future::{select, Either};
use serde::Serialize;
use serde_json::{json, Value};
use worker::{AbortController, Delay, Fetch, Headers, Method, Request, RequestInit, RequestRedirect};

use super::signature;
use crate::clock;
use crate::config::{Config, MerchantEventsSettings};
use crate::error::ApiResult;
use crate::ledger::outbox::EventRow;
use crate::ledger::query::iso;
use crate::ledger::Ledger;
use crate::log;

/// The longest wait between two attempts, seconds.
pub const MAX_RETRY_DELAY_SECS: i64 = 6 * 3600;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryRun {
    /// Events the receiver accepted.
    pub delivered: u32,
    /// Events that failed this attempt and will be tried again.
    pub retrying: u32,
    /// Events that failed their last attempt.
    pub failed: u32,
}

/// The wait after failed attempt number `attempt` (1 is the first): `base`, doubled for each
/// earlier attempt, at most [`MAX_RETRY_DELAY_SECS`].
pub fn retry_delay(base: i64, attempt: i64) -> i64 {
    let doublings = (attempt - 1).clamp(0, 30) as u32;
    base.max(1)
        .saturating_mul(1_i64 << doublings)
        .min(MAX_RETRY_DELAY_SECS)
}

/// The JSON body of an event's delivery.
pub fn body_of(e: &EventRow) -> String {
    let data: Value = serde_json::from_str(&e.data).unwrap_or(Value::Null);
    json!({
        "id": e.event_id,
        "type": e.kind,
        "createdAt": iso(e.created_at),
        "data": data,
    })
    .to_string()
}

/// The outcome of one attempt: the HTTP status (0: no answer) and, for a failure, why.
enum Outcome {
    Accepted(u16),
    Refused(u16),
    TimedOut,
    NoConnection,
}

async fn post(settings: &MerchantEventsSettings, e: &EventRow, timeout_ms: u64) -> Outcome {
    let body = body_of(e);
    let now = clock::isolate_now();
    let mut secrets: Vec<&[u8]> = vec![settings.secret.expose()];
    if let Some(previous) = &settings.previous_secret {
        secrets.push(previous.expose());
    }
    let headers = Headers::new();
    let set = [
        ("content-type", "application/json".to_owned()),
        ("user-agent", "amazon-pay-edge-signer".to_owned()),
        (
            signature::HEADER,
            signature::header_value(&secrets, now, body.as_bytes()),
        ),
    ];
    for (name, value) in &set {
        if headers.set(name, value).is_err() {
            return Outcome::NoConnection;
        }
    }
    let controller = AbortController::default();
    let signal = controller.signal();
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(Some(wasm_bindgen::JsValue::from_str(&body)));
    let Ok(request) = Request::new_with_init(&settings.url, &init) else {
        return Outcome::NoConnection;
    };
    let exchange = async move {
        let response = Fetch::Request(request).send_with_signal(&signal).await?;
        Ok::<u16, worker::Error>(response.status_code())
    };
    let timer = Delay::from(Duration::from_millis(timeout_ms));
    match select(Box::pin(exchange), Box::pin(timer)).await {
        Either::Left((Ok(status), _)) if (200..300).contains(&status) => Outcome::Accepted(status),
        Either::Left((Ok(status), _)) => Outcome::Refused(status),
        Either::Left((Err(_), _)) => Outcome::NoConnection,
        Either::Right(((), _)) => {
            controller.abort();
            Outcome::TimedOut
        }
    }
}

/// Sends at most `limit` due events (nothing without a ledger or without
/// `MERCHANT_EVENTS_URL`). Called once per scheduled run and by `POST /v1/merchant/sync`.
pub async fn deliver_due(config: &Config, ledger: &Ledger, limit: usize) -> ApiResult<DeliveryRun> {
    let mut run = DeliveryRun::default();
    let Some(settings) = config.merchant_events.as_ref() else {
        return Ok(run);
    };
    if !ledger.is_enabled() || limit == 0 {
        return Ok(run);
    }
    let now = clock::isolate_now();
    for e in ledger.due_events(now, limit.min(100) as i64).await? {
        if !ledger.claim_event(&e, now).await? {
            continue;
        }
        let attempt = e.attempts + 1;
        let outcome = post(settings, &e, config.upstream.timeout_ms).await;
        let at = clock::isolate_now();
        let (status, error) = match outcome {
            Outcome::Accepted(status) => {
                ledger.event_delivered(&e.event_id, i64::from(status), at).await?;
                run.delivered += 1;
                log::event(
                    "info",
                    "merchant_event_delivered",
                    &[
                        ("eventId", e.event_id.clone().into()),
                        ("attempt", attempt.into()),
                    ],
                );
                continue;
            }
            Outcome::Refused(status) => (i64::from(status), format!("http {status}")),
            Outcome::TimedOut => (0, "timeout".to_owned()),
            Outcome::NoConnection => (0, "network".to_owned()),
        };
        let retry_at =
            (attempt < settings.max_attempts).then(|| at + retry_delay(settings.retry_base_secs, attempt));
        ledger
            .event_attempt_failed(&e.event_id, status, &error, retry_at)
            .await?;
        if retry_at.is_some() {
            run.retrying += 1;
        } else {
            run.failed += 1;
        }
        log::event(
            "warn",
            "merchant_event_attempt_failed",
            &[
                ("eventId", e.event_id.clone().into()),
                ("attempt", attempt.into()),
                ("reason", error.into()),
                ("final", retry_at.is_none().into()),
            ],
        );
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_is_bounded() {
        assert_eq!(
            (1..=5).map(|a| retry_delay(60, a)).collect::<Vec<_>>(),
            [60, 120, 240, 480, 960]
        );
        assert_eq!(retry_delay(60, 20), MAX_RETRY_DELAY_SECS);
        assert_eq!(retry_delay(3600, 64), MAX_RETRY_DELAY_SECS);
        assert_eq!(retry_delay(1, 1), 1);
    }

    #[test]
    fn the_body_carries_id_type_time_and_data() {
        let row = EventRow {
            row_id: 0,
            event_id: "evt_0123".into(),
            kind: "charge.succeeded".into(),
            subject: "S03-1".into(),
            data: r#"{"amount":"1700"}"#.into(),
            created_at: 1_700_000_000,
            queued_at: 1_700_000_000,
            state: "pending".into(),
            attempts: 0,
            next_attempt_at: Some(1_700_000_000),
            last_attempt_at: None,
            last_status: None,
            last_error: None,
            delivered_at: None,
        };
        let body: Value = serde_json::from_str(&body_of(&row)).unwrap();
        assert_eq!(
            body,
            json!({"id": "evt_0123", "type": "charge.succeeded", "createdAt": "2023-11-14T22:13:20Z",
                   "data": {"amount": "1700"}})
        );
    }
}
