//! `/charges`: create (201), get, capture, cancel.

use amazon_pay_shared::api::{CancelChargeRequest, CaptureChargeRequest, CreateChargeRequest};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::body::{self, Body};
use crate::auth::Caller;
use crate::domain::simulation_code::Requested;
use crate::error::ApiError;
use crate::state::AppState;

/// `POST /charges`.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(Requested(simulation)): Extension<Requested>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    body::require_idempotency_key(&caller)?;
    let request: CreateChargeRequest = body::parse(&bytes, Body::Required)?;
    let now = state.clock().now();
    let charge =
        state
            .store()
            .create_charge(state.config(), now, body::region(&caller), request, simulation)?;
    Ok((StatusCode::CREATED, Json(charge)).into_response())
}

/// `GET /charges/{id}`.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let now = state.clock().now();
    let charge = state.store().charge(state.config(), now, &id)?;
    Ok(Json(charge).into_response())
}

/// `POST /charges/{id}/capture`.
pub async fn capture(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(Requested(simulation)): Extension<Requested>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    body::require_idempotency_key(&caller)?;
    let request: CaptureChargeRequest = body::parse(&bytes, Body::Required)?;
    let now = state.clock().now();
    let charge = state
        .store()
        .capture_charge(state.config(), now, &id, request, simulation)?;
    Ok(Json(charge).into_response())
}

/// `DELETE /charges/{id}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: CancelChargeRequest = body::parse(&bytes, Body::Optional)?;
    let now = state.clock().now();
    let charge = state.store().cancel_charge(state.config(), now, &id, request)?;
    Ok(Json(charge).into_response())
}
