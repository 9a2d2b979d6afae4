//! The return pages' routes: `GET /v1/checkout-sessions/{id}` (review data),
//! `POST /v1/checkout-sessions/{id}/place-order`, `POST /v1/checkout-sessions/{id}/complete`,
//! and `GET /v1/buyer?buyerToken=…` (the signed-in buyer).

use amazon_pay_shared::wire::{valid_buyer_token, ErrorCode, PlaceOrderRequest, ReviewResponse};
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::{browser_json, Reply};
use crate::ids::check_id;
use crate::ledger::Ledger;
use crate::services::checkout;

/// `GET /v1/checkout-sessions/{id}`: what a review page shows, and nothing else.
pub async fn review(config: &Config, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let s = checkout::session(config, id).await?;
    let buyer = s.buyer.as_ref();
    Reply::ok(&ReviewResponse {
        checkout_session_id: s.checkout_session_id.clone(),
        state: s.state().as_str().to_owned(),
        reason_code: s
            .status_details
            .reason_code
            .as_ref()
            .map(|r| r.as_str().to_owned()),
        buyer_name: buyer.and_then(|b| b.name.clone()),
        buyer_email: buyer.and_then(|b| b.email.clone()),
        buyer_phone: buyer.and_then(|b| b.phone_number.clone()),
        shipping_address: s.shipping_address.clone(),
        billing_address: s.billing_address.clone(),
        payment_descriptor: s
            .payment_preferences
            .iter()
            .flatten()
            .find_map(|p| p.payment_descriptor.clone()),
        constraints: s.constraint_ids().map(|c| c.as_str().to_owned()).collect(),
    })
}

/// `POST /v1/checkout-sessions/{id}/place-order` `{cart | cartToken}`: fixes the trusted
/// amount on the session and answers where to send the buyer.
pub async fn place_order(req: &mut Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: PlaceOrderRequest = browser_json(req, config.allow_client_amounts).await?;
    Reply::ok(&checkout::place_order(config, ledger, id, &body).await?)
}

/// `POST /v1/checkout-sessions/{id}/complete`: the outcome (HTTP 200 for declined, canceled
/// and expired sessions too).
pub async fn complete(config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    Reply::ok(&checkout::complete(config, ledger, id).await?)
}

/// `GET /v1/buyer?buyerToken=…`: the signed-in buyer's profile.
pub async fn buyer(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let url = req.url().map_err(|_| ApiError::internal())?;
    let mut tokens = url
        .query_pairs()
        .filter(|(k, _)| k == "buyerToken")
        .map(|(_, v)| v.into_owned());
    let token = match (tokens.next(), tokens.next()) {
        (Some(t), None) => t,
        _ => return Err(ApiError::new(ErrorCode::InvalidId, "give exactly one buyerToken")),
    };
    if !valid_buyer_token(&token) {
        return Err(ApiError::new(
            ErrorCode::InvalidId,
            "the buyer token is not well-formed",
        ));
    }
    Reply::ok(&checkout::buyer(config, &token).await?)
}
