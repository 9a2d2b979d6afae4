//! The Amazon Pay API v2 routes, mounted under `/v2`, `/sandbox/v2` and `/live/v2`.

use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

async fn unknown_operation() -> ApiError {
    ApiError::new(404, "ResourceNotFound", "No such operation.")
}

/// The API routes, relative to the `/v2` prefix. Every route is behind [`crate::gate::api_gate`].
pub fn router() -> Router<AppState> {
    Router::new().fallback(unknown_operation)
}
