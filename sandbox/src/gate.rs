//! The middleware in front of every API route: faults, authentication, idempotency, the request
//! log and persistence, in that order.

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{authenticate, Caller, Incoming};
use crate::domain::simulation_code;
use crate::error::ApiError;
use crate::faults::{FaultPhase, FaultPlan};
use crate::idempotency::{fingerprint, Lookup, StoredResponse};
use crate::requests::LoggedRequest;
use crate::state::AppState;

/// Largest request body accepted.
const MAX_BODY: usize = 1024 * 1024;

fn fault_response(plan: &FaultPlan) -> ApiError {
    match plan.status.unwrap_or(504) {
        429 => ApiError::new(429, "TooManyRequests", "Simulated throttling."),
        500 => ApiError::new(500, "InternalServerError", "Simulated internal error."),
        503 => ApiError::new(503, "ServiceUnavailable", "Simulated outage."),
        408 => ApiError::new(408, "RequestTimeout", "Simulated timeout."),
        s => ApiError::new(s, "ServiceUnavailable", "Simulated fault."),
    }
}

async fn apply_fault(plan: &FaultPlan) -> Response {
    if let Some(ms) = plan.hang_ms {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    fault_response(plan).into_response()
}

fn real_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The gate itself.
pub async fn api_gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map(|o| o.0.clone())
        .unwrap_or_else(|| parts.uri.clone());
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or("").to_owned();
    let method = parts.method.as_str().to_owned();
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    // HTTP/2 carries the host as the :authority pseudo-header, which arrives in the URI.
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        if let Some(authority) = parts.uri.authority().or(uri.authority()) {
            headers.push(("host".to_owned(), authority.to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut entry = LoggedRequest {
        seq: state.log().next_seq(),
        at: state.clock().timestamp(),
        method: method.clone(),
        path: path.clone(),
        query: query.clone(),
        public_key_id: header("authorization").and_then(|a| {
            amazon_pay_shared::signing::Authorization::parse(&a)
                .ok()
                .map(|a| a.public_key_id)
        }),
        idempotency_key: header("x-amz-pay-idempotency-key"),
        body_sha256: String::new(),
        status: 0,
        reason_code: None,
        replayed: false,
        faulted: false,
    };
    let finish = |state: &AppState, mut entry: LoggedRequest, response: Response, body: Option<&str>| {
        entry.status = response.status().as_u16();
        if entry.status >= 400 {
            entry.reason_code = body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v["reasonCode"].as_str().map(str::to_owned));
        }
        state.log().push(entry);
        response
    };

    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            let e = ApiError::new(413, "InvalidRequest", "Request body too large.");
            let text = serde_json::to_string(&e).unwrap_or_default();
            return finish(&state, entry, e.into_response(), Some(&text));
        }
    };
    entry.body_sha256 = amazon_pay_shared::signing::hex_sha256(&bytes);

    if let Some(plan) = state.take_fault(&method, &path, FaultPhase::Before) {
        entry.faulted = true;
        let response = apply_fault(&plan).await;
        let reason = fault_response(&plan).reason_code;
        let text = format!("{{\"reasonCode\":\"{reason}\"}}");
        return finish(&state, entry, response, Some(&text));
    }

    let incoming = Incoming {
        method: &method,
        path: &path,
        query: &query,
        headers: &headers,
        body: &bytes,
    };
    let caller: Caller = match authenticate(state.config(), &incoming, real_now()) {
        Ok(c) => c,
        Err(e) => {
            let text = serde_json::to_string(&e).unwrap_or_default();
            return finish(&state, entry, e.into_response(), Some(&text));
        }
    };

    let code = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(simulation_code::HEADER))
        .map(|(_, value)| value.as_str());
    let simulation = match simulation_code::parse(simulation_code::Operation::of(&method, &path), code) {
        Ok(s) => simulation_code::Requested(s),
        Err(e) => {
            let text = serde_json::to_string(&e).unwrap_or_default();
            return finish(&state, entry, e.into_response(), Some(&text));
        }
    };

    let idempotent = method == "POST" && caller.idempotency_key.is_some();
    let print = fingerprint(&method, &path, &query, &bytes);
    if idempotent {
        let key = caller.idempotency_key.as_deref().unwrap_or_default();
        let lookup = state
            .idempotency()
            .lookup(caller.public_key_id.as_str(), key, &print);
        match lookup {
            Lookup::New => {}
            Lookup::Replay(stored) => {
                entry.replayed = true;
                if let Some(plan) = state.take_replay_fault(&method, &path) {
                    entry.faulted = true;
                    let response = apply_fault(&plan).await;
                    let text = format!("{{\"reasonCode\":\"{}\"}}", fault_response(&plan).reason_code);
                    return finish(&state, entry, response, Some(&text));
                }
                let response = stored_response(&stored);
                return finish(&state, entry, response, Some(&stored.body));
            }
            Lookup::Conflict => {
                let e = ApiError::new(
                    400,
                    "DuplicateIdempotencyKey",
                    "The idempotency key was already used with a different request.",
                );
                let text = serde_json::to_string(&e).unwrap_or_default();
                return finish(&state, entry, e.into_response(), Some(&text));
            }
        }
    }

    parts.extensions.insert(caller.clone());
    parts.extensions.insert(simulation);
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (res_parts, res_body) = response.into_parts();
    let res_bytes = to_bytes(res_body, usize::MAX).await.unwrap_or_default();
    let res_text = String::from_utf8_lossy(&res_bytes).into_owned();
    let status = res_parts.status.as_u16();
    if idempotent {
        let key = caller.idempotency_key.as_deref().unwrap_or_default();
        state.idempotency().remember(
            caller.public_key_id.as_str(),
            key,
            print,
            StoredResponse {
                status,
                body: res_text.clone(),
            },
        );
    }
    if method != "GET" && status < 500 {
        if let Err(e) = state.persist() {
            eprintln!("amazon-pay-sandbox: cannot write state file: {e}");
        }
    }
    if let Some(plan) = state.take_fault(&method, &path, FaultPhase::After) {
        entry.faulted = true;
        let response = apply_fault(&plan).await;
        let text = format!("{{\"reasonCode\":\"{}\"}}", fault_response(&plan).reason_code);
        return finish(&state, entry, response, Some(&text));
    }
    let response = Response::from_parts(res_parts, Body::from(res_bytes));
    finish(&state, entry, response, Some(&res_text))
}

fn stored_response(stored: &StoredResponse) -> Response {
    let mut response = Response::new(Body::from(stored.body.clone()));
    *response.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}
