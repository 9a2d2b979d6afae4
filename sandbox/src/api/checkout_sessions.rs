//! `/checkoutSessions`: create (201), get, update, complete (200, or 202 while the
//! authorisation is pending).

use amazon_pay_shared::api::{
    CompleteCheckoutSessionRequest, CreateCheckoutSessionRequest, UpdateCheckoutSessionRequest,
};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::body::{self, Body};
use crate::auth::Caller;
use crate::domain::checkout_session::SessionOrigin;
use crate::domain::simulation_code::Requested;
use crate::error::ApiError;
use crate::state::AppState;

/// `POST /checkoutSessions`.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    body::require_idempotency_key(&caller)?;
    let request: CreateCheckoutSessionRequest = body::parse(&bytes, Body::Required)?;
    let origin = SessionOrigin {
        product_type: None,
        region: body::region(&caller),
    };
    let now = state.clock().now();
    let session = state
        .store()
        .create_session(state.config(), now, origin, request)?;
    Ok((StatusCode::CREATED, Json(session)).into_response())
}

/// `GET /checkoutSessions/{id}`.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let now = state.clock().now();
    let session = state.store().checkout_session(state.config(), now, &id)?;
    Ok(Json(session).into_response())
}

/// `PATCH /checkoutSessions/{id}` (a simulation code is kept for the buyer's payment and
/// Complete).
pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(Requested(simulation)): Extension<Requested>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: UpdateCheckoutSessionRequest = body::parse(&bytes, Body::Required)?;
    let now = state.clock().now();
    let session = state.store().update_checkout_session(
        state.config(),
        now,
        body::region(&caller),
        &id,
        request,
        simulation,
    )?;
    Ok(Json(session).into_response())
}

/// `POST /checkoutSessions/{id}/complete`.
pub async fn complete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: CompleteCheckoutSessionRequest = body::parse(&bytes, Body::Optional)?;
    let now = state.clock().now();
    let done =
        state
            .store()
            .complete_checkout_session(state.config(), now, body::region(&caller), &id, request)?;
    let status = if done.pending {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(done.session)).into_response())
}
