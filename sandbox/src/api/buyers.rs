//! `/buyers/{buyerToken}`: Get Buyer after Amazon Sign-in.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /buyers/{buyerToken}`.
pub async fn get(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let profile = state.store().buyer_profile(&token)?;
    Ok(Json(profile).into_response())
}
