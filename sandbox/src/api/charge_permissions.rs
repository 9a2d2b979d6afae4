//! `/chargePermissions`: get, update, close.

use amazon_pay_shared::api::{CloseChargePermissionRequest, UpdateChargePermissionRequest};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;

use super::body::{self, Body};
use crate::domain::simulation_code::Requested;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /chargePermissions/{id}`.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let now = state.clock().now();
    let permission = state.store().charge_permission(state.config(), now, &id)?;
    Ok(Json(permission).into_response())
}

/// `PATCH /chargePermissions/{id}`.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: UpdateChargePermissionRequest = body::parse(&bytes, Body::Required)?;
    let now = state.clock().now();
    let permission = state
        .store()
        .update_charge_permission(state.config(), now, &id, request)?;
    Ok(Json(permission).into_response())
}

/// `DELETE /chargePermissions/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    Extension(Requested(simulation)): Extension<Requested>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: CloseChargePermissionRequest = body::parse(&bytes, Body::Optional)?;
    let now = state.clock().now();
    let permission = state
        .store()
        .close_charge_permission(state.config(), now, &id, request, simulation)?;
    Ok(Json(permission).into_response())
}
