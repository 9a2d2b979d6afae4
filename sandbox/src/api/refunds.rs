//! `/refunds`: create (201), get.

use amazon_pay_shared::api::CreateRefundRequest;
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

/// `POST /refunds`.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(Requested(simulation)): Extension<Requested>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    body::require_idempotency_key(&caller)?;
    let request: CreateRefundRequest = body::parse(&bytes, Body::Required)?;
    let now = state.clock().now();
    let refund = state
        .store()
        .create_refund(state.config(), now, request, simulation)?;
    Ok((StatusCode::CREATED, Json(refund)).into_response())
}

/// `GET /refunds/{id}`.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let now = state.clock().now();
    let refund = state.store().refund(state.config(), now, &id)?;
    Ok(Json(refund).into_response())
}
