//! The buyer side: the checkout.js stand-in and the hosted pages.

use axum::Router;

use crate::state::AppState;

/// Buyer-facing routes.
pub fn router() -> Router<AppState> {
    Router::new()
}
