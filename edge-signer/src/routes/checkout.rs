//! The return pages' routes: `GET /v1/checkout-sessions/{id}` (review data),
//! `POST /v1/checkout-sessions/{id}/place-order`, `POST /v1/checkout-sessions/{id}/complete`,
//! and `POST /v1/buyer` (the signed-in buyer). Each answers only the browser that clicked the
//! button (its binding secret in the `x-amazon-pay-binding` header); anyone else is told the
//! session (or buyer) does not exist.

use amazon_pay_shared::wire::{
    valid_buyer_token, BuyerRequest, ErrorCode, PlaceOrderRequest, ReviewResponse,
};
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::{binding_secret as secret, browser_json, Reply};
use crate::ids::check_id;
use crate::ledger::Ledger;
use crate::services::checkout;

/// `GET /v1/checkout-sessions/{id}`: what a review page shows, and nothing else, for the
/// browser that clicked the session's button (any other caller: not found).
pub async fn review(req: &Request, config: &Config, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let s = checkout::session(config, id, secret(req).as_deref()).await?;
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
    let secret = secret(req);
    let body: PlaceOrderRequest = browser_json(req, config.allow_client_amounts).await?;
    Reply::ok(&checkout::place_order(config, ledger, id, secret.as_deref(), &body).await?)
}

/// `POST /v1/checkout-sessions/{id}/complete`: the outcome (HTTP 200 for declined, canceled
/// and expired sessions too).
pub async fn complete(req: &Request, config: &Config, ledger: &Ledger, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    Reply::ok(&checkout::complete(config, ledger, id, secret(req).as_deref()).await?)
}

/// `POST /v1/buyer` `{buyerToken, state}` with the binding secret in its header: the
/// signed-in buyer's profile, for the browser that started the sign-in only.
pub async fn buyer(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let secret = secret(req);
    let body: BuyerRequest = browser_json(req, false).await?;
    if !valid_buyer_token(&body.buyer_token) {
        return Err(ApiError::new(
            ErrorCode::InvalidId,
            "the buyer token is not well-formed",
        ));
    }
    Reply::ok(&checkout::buyer(config, &body.buyer_token, &body.state, secret.as_deref()).await?)
}
