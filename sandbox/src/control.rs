//! The control API for automation under `/_sandbox/` (not part of Amazon's surface):
//! the clock, faults and the request log here; buyer simulation routes live with the domain.

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::faults::FaultPlan;
use crate::state::AppState;

/// `POST /_sandbox/clock` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockAdvance {
    #[serde(default)]
    advance_seconds: i64,
    /// Freezes (`true`) or restarts (`false`) the clock before advancing it.
    #[serde(default)]
    freeze: Option<bool>,
}

async fn advance_clock(
    State(state): State<AppState>,
    Json(body): Json<ClockAdvance>,
) -> Result<Json<Value>, ApiError> {
    if !(0..=400 * 86_400).contains(&body.advance_seconds) {
        return Err(ApiError::invalid_parameter(
            "advanceSeconds must be 0 to 34560000",
        ));
    }
    if let Some(freeze) = body.freeze {
        state.clock().freeze(freeze);
    }
    let offset = state.clock().advance(body.advance_seconds);
    let _ = state.persist();
    Ok(Json(clock_answer(&state, offset)))
}

fn clock_answer(state: &AppState, offset: i64) -> Value {
    json!({
        "offsetSeconds": offset,
        "now": state.clock().timestamp(),
        "unix": state.clock().now(),
        "frozen": state.clock().is_frozen(),
    })
}

async fn get_clock(State(state): State<AppState>) -> Json<Value> {
    Json(clock_answer(&state, state.clock().offset()))
}

async fn add_fault(
    State(state): State<AppState>,
    Json(plan): Json<FaultPlan>,
) -> Result<Json<Value>, ApiError> {
    plan.validate().map_err(ApiError::invalid_parameter)?;
    let mut faults = state.faults();
    faults.push(plan);
    Ok(Json(json!({"queued": faults.len()})))
}

async fn list_faults(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"faults": *state.faults()}))
}

async fn clear_faults(State(state): State<AppState>) -> Json<Value> {
    state.faults().clear();
    Json(json!({"queued": 0}))
}

/// `GET /_sandbox/requests?since=N` query.
#[derive(Debug, Deserialize)]
struct Since {
    #[serde(default)]
    since: u64,
}

async fn requests(State(state): State<AppState>, Query(q): Query<Since>) -> Json<Value> {
    Json(json!({"requests": state.log().since(q.since)}))
}

async fn clear_requests(State(state): State<AppState>) -> Json<Value> {
    state.log().clear();
    Json(json!({"cleared": true}))
}

async fn notifications(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"notifications": state.notifications()}))
}

async fn notification_cert(State(state): State<AppState>) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let pem = state
        .notification_cert()
        .ok_or_else(|| ApiError::not_found("certificate", "(notifications are off)"))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/x-pem-file")],
        pem,
    )
        .into_response())
}

/// The clock, fault, request-log and notification routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_sandbox/notifications", get(notifications))
        .route(crate::notifications::CERT_PATH, get(notification_cert))
        .route("/_sandbox/clock", get(get_clock).post(advance_clock))
        .route(
            "/_sandbox/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_sandbox/requests", get(requests).delete(clear_requests))
}
