//! Control routes that play the buyer, for tests and demos (not part of Amazon's surface and
//! not behind the API gate, so no signature):
//!
//! * `POST /_sandbox/checkoutSessions/{id}/approve` (optional body: a
//!   [`BuyerSelection`]) → `{"redirectUrl", "checkoutSession"}`
//! * `POST /_sandbox/checkoutSessions/{id}/pay` → same shape
//! * `POST /_sandbox/checkoutSessions/{id}/cancel` → same shape
//! * `POST /_sandbox/chargePermissions/{id}/paymentMethod` `{"instrumentId"}` → the charge
//!   permission, as if the buyer chose that payment method on Amazon's page for it
//! * `POST /_sandbox/signin` `{"buyerId", "signInScopes"?}` → `{"buyerToken"}`
//! * `GET /_sandbox/buyers` → `{"buyers": [...]}`
//!
//! Errors have Amazon's `{"reasonCode", "message"}` shape.

use amazon_pay_shared::api::Scope;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::body::{parse_json, Body};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{BuyerRedirect, BuyerSelection};

fn answer(state: &AppState, redirect: BuyerRedirect) -> Json<Value> {
    if let Err(e) = state.persist() {
        eprintln!("amazon-pay-sandbox: cannot write state file: {e}");
    }
    Json(json!({"redirectUrl": redirect.url, "checkoutSession": redirect.session}))
}

async fn approve(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let selection: BuyerSelection = parse_json(&bytes, Body::Optional)?;
    let now = state.clock().now();
    let redirect = state
        .store()
        .approve_checkout_session(state.config(), now, &id, selection)?;
    Ok(answer(&state, redirect))
}

async fn pay(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let now = state.clock().now();
    let redirect = state.store().pay_checkout_session(state.config(), now, &id)?;
    Ok(answer(&state, redirect))
}

async fn cancel(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let now = state.clock().now();
    let redirect = state
        .store()
        .cancel_checkout_session_by_buyer(state.config(), now, &id)?;
    Ok(answer(&state, redirect))
}

/// `POST /_sandbox/chargePermissions/{id}/paymentMethod` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PaymentMethod {
    instrument_id: String,
}

async fn payment_method(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: PaymentMethod = parse_json(&bytes, Body::Required)?;
    let now = state.clock().now();
    let permission = state
        .store()
        .change_payment_method(state.config(), now, &id, &body.instrument_id)?;
    if let Err(e) = state.persist() {
        eprintln!("amazon-pay-sandbox: cannot write state file: {e}");
    }
    Ok(Json(json!({"chargePermission": permission})))
}

/// `POST /_sandbox/signin` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SignIn {
    buyer_id: String,
    /// The scopes the sign-in button asked for; every scope when absent (our choice: the
    /// route stands for a button that asked for everything).
    #[serde(default)]
    sign_in_scopes: Option<Vec<Scope>>,
}

async fn sign_in(State(state): State<AppState>, bytes: Bytes) -> Result<Json<Value>, ApiError> {
    let body: SignIn = parse_json(&bytes, Body::Required)?;
    let now = state.clock().now();
    let scopes = body
        .sign_in_scopes
        .as_deref()
        .unwrap_or(&crate::buyers::ALL_SCOPES);
    if let Some(unknown) = scopes.iter().find(|s| !s.is_known()) {
        return Err(crate::domain::errors::invalid_value(
            "signInScopes",
            format!("{} is not a scope", unknown.as_str()),
        ));
    }
    let token = state
        .store()
        .sign_in(state.config(), now, &body.buyer_id, scopes)?;
    if let Err(e) = state.persist() {
        eprintln!("amazon-pay-sandbox: cannot write state file: {e}");
    }
    Ok(Json(json!({"buyerToken": token})))
}

async fn buyers() -> Json<Value> {
    Json(json!({"buyers": crate::buyers::test_buyers()}))
}

/// The buyer-simulation routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_sandbox/checkoutSessions/{id}/approve", post(approve))
        .route("/_sandbox/checkoutSessions/{id}/pay", post(pay))
        .route("/_sandbox/checkoutSessions/{id}/cancel", post(cancel))
        .route(
            "/_sandbox/chargePermissions/{id}/paymentMethod",
            post(payment_method),
        )
        .route("/_sandbox/signin", post(sign_in))
        .route("/_sandbox/buyers", get(buyers))
}
