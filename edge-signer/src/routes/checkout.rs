//! The return pages' routes: review data, place-order, complete, and the signed-in buyer.

use amazon_pay_shared::api::{
    BuyerProfile, Charge, CheckoutSession, CheckoutSessionState, CompleteCheckoutSessionRequest, ReasonCode,
};
use amazon_pay_shared::money::Money;
use amazon_pay_shared::payload::{place_order_update, to_payload_json, Payment};
use amazon_pay_shared::signing::{rfc3986_encode, IdempotencyKey};
use amazon_pay_shared::wire::{
    valid_buyer_token, valid_object_id, CompleteOutcome, CompleteResponse, ErrorCode, PlaceOrderRequest,
    PlaceOrderResponse, ReviewResponse,
};
use worker::Request;

use crate::amounts::{self, Source};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::{browser_json, Reply};
use crate::upstream::{self, Call, Failure};

fn check_id(id: &str) -> ApiResult<()> {
    if valid_object_id(id) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidId,
            "the id is not a valid Amazon Pay id",
        ))
    }
}

async fn get_session(config: &Config, id: &str) -> ApiResult<CheckoutSession> {
    let answer = upstream::send(config, &Call::get(format!("/v2/checkoutSessions/{id}"))).await?;
    Ok(answer.json()?)
}

/// `GET /v1/checkout-sessions/{id}`: what a review page shows, and nothing else.
pub async fn review(config: &Config, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let s = get_session(config, id).await?;
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

fn derived_reference(config: &Config, id: &str) -> String {
    let compact: String = id.chars().filter(|c| *c != '-').take(24).collect();
    format!("{}{compact}", config.order_reference_prefix)
}

/// `POST /v1/checkout-sessions/{id}/place-order`: fixes the amount, result URL, payment intent
/// and reference on the session and returns where to send the buyer.
pub async fn place_order(req: &mut Request, config: &Config, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let body: PlaceOrderRequest = browser_json(req, config.allow_client_amounts).await?;
    let trusted = amounts::resolve(
        config,
        body.cart.as_deref(),
        body.cart_token.as_deref(),
        body.amount.as_ref(),
    )?;
    if let Source::CartToken(fp, bound) = &trusted.source {
        if bound.as_deref().is_some_and(|sid| sid != id) {
            return Err(ApiError::new(
                ErrorCode::CartTokenWrongSession,
                "this cart token is bound to another checkout session",
            ));
        }
        if amounts::token_used_for(fp).is_some_and(|used| used != id) {
            return Err(ApiError::new(
                ErrorCode::CartTokenReplayed,
                "this cart token already placed another order",
            ));
        }
    }
    let reference = trusted
        .reference
        .clone()
        .unwrap_or_else(|| derived_reference(config, id));
    let update = place_order_update(
        &config.checkout,
        &Payment {
            amount: trusted.amount,
            intent: config.payment_intent.clone(),
            reference: Some(reference),
        },
    )?;
    let call = Call::with_body(
        "PATCH",
        format!("/v2/checkoutSessions/{id}"),
        to_payload_json(&update),
    );
    let session: CheckoutSession = upstream::send(config, &call).await?.json()?;
    if *session.state() != CheckoutSessionState::Open {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("the checkout session is {}", session.state().as_str()),
        ));
    }
    let open: Vec<String> = session.constraint_ids().map(|c| c.as_str().to_owned()).collect();
    if !open.is_empty() {
        return Err(ApiError::new(
            ErrorCode::ConstraintsUnmet,
            format!("the checkout session is not ready: {}", open.join(", ")),
        ));
    }
    let redirect = session
        .web_checkout_details
        .as_ref()
        .and_then(|w| w.amazon_pay_redirect_url.clone())
        .ok_or_else(|| ApiError::new(ErrorCode::ConstraintsUnmet, "Amazon Pay gave no redirect URL"))?;
    if let Source::CartToken(fp, _) = &trusted.source {
        amounts::mark_token_used(fp, id);
    }
    Reply::ok(&PlaceOrderResponse {
        amazon_pay_redirect_url: redirect,
        amount: trusted.amount.to_price(),
    })
}

fn canceled_outcome(reason: Option<&ReasonCode>) -> CompleteOutcome {
    match reason {
        Some(ReasonCode::Expired) => CompleteOutcome::Expired,
        Some(ReasonCode::Declined) => CompleteOutcome::Declined,
        _ => CompleteOutcome::Canceled,
    }
}

async fn charge_state(config: &Config, charge_id: Option<&str>) -> Option<String> {
    let id = charge_id.filter(|id| valid_object_id(id))?;
    let charge: Charge = upstream::send(config, &Call::get(format!("/v2/charges/{id}")))
        .await
        .ok()?
        .json()
        .ok()?;
    Some(charge.state().as_str().to_owned())
}

async fn outcome_of(config: &Config, s: &CheckoutSession, pending: bool) -> CompleteResponse {
    let reason = s.status_details.reason_code.as_ref();
    let charge_state = charge_state(config, s.charge_id.as_deref()).await;
    let outcome = match s.state() {
        CheckoutSessionState::Completed
            if pending || charge_state.as_deref() == Some("AuthorizationInitiated") =>
        {
            CompleteOutcome::Pending
        }
        CheckoutSessionState::Completed if charge_state.as_deref() == Some("Declined") => {
            CompleteOutcome::Declined
        }
        CheckoutSessionState::Completed => CompleteOutcome::Completed,
        CheckoutSessionState::Canceled => canceled_outcome(reason),
        _ => CompleteOutcome::Canceled,
    };
    CompleteResponse {
        outcome,
        state: s.state().as_str().to_owned(),
        reason_code: reason.map(|r| r.as_str().to_owned()),
        charge_id: s.charge_id.clone(),
        charge_permission_id: s.charge_permission_id.clone(),
        charge_state,
    }
}

/// `POST /v1/checkout-sessions/{id}/complete`: completes with the amount fixed at
/// place-order. Declined, canceled and expired sessions are typed outcomes (HTTP 200);
/// completing twice answers the first result again.
pub async fn complete(config: &Config, id: &str) -> ApiResult<Reply> {
    check_id(id)?;
    let session = get_session(config, id).await?;
    if *session.state() != CheckoutSessionState::Open {
        return Reply::ok(&outcome_of(config, &session, false).await);
    }
    let price = session
        .payment_details
        .as_ref()
        .and_then(|p| p.charge_amount.clone())
        .ok_or_else(|| ApiError::new(ErrorCode::OrderNotPlaced, "place the order before completing it"))?;
    let amount: Money = price.to_money()?;
    let body = CompleteCheckoutSessionRequest {
        charge_amount: Some(amount.to_price()),
        total_order_amount: None,
    };
    let key = IdempotencyKey::derive(&[
        "complete",
        id,
        &amount.to_decimal_string(),
        amount.currency().code(),
    ]);
    let call = Call::with_body(
        "POST",
        format!("/v2/checkoutSessions/{id}/complete"),
        to_payload_json(&body),
    )
    .idempotent(key);
    match upstream::send(config, &call).await {
        Ok(answer) => {
            let completed: CheckoutSession = answer.json()?;
            Reply::ok(&outcome_of(config, &completed, answer.status == 202).await)
        }
        Err(failure @ Failure::Status { .. }) => {
            // A canceled or declined session answers with an error: report it as a typed outcome.
            let after = get_session(config, id).await?;
            if *after.state() != CheckoutSessionState::Open {
                return Reply::ok(&outcome_of(config, &after, false).await);
            }
            Err(failure.into())
        }
        Err(other) => Err(other.into()),
    }
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
    let path = format!("/v2/buyers/{}", rfc3986_encode(token.as_bytes()));
    let profile: BuyerProfile = upstream::send(config, &Call::get(path)).await?.json()?;
    Reply::ok(&profile)
}
