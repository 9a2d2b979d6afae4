//! Signed button payloads: the checkout button for a cart, the sign-in button, and the
//! buttons that keep the buyer's payment method (or take one payment with the shop's
//! address). The amount comes from the catalog or a cart token only; store id, URLs, scopes
//! and intent from the configuration.

use amazon_pay_shared::api::ProductType;
use amazon_pay_shared::money::Money;
use amazon_pay_shared::payload::{
    one_step_payload, permission_payload, review_payload, sign_in_payload, to_payload_json,
};
use amazon_pay_shared::permission_button::{PermissionButtonRequest, PermissionFlow};
use amazon_pay_shared::wire::{ButtonRequest, ButtonResponse, ErrorCode, SignInButtonResponse};

use crate::amounts::{self, Source};
use crate::config::{Config, Flow};
use crate::error::{ApiError, ApiResult};
use crate::sign::{sign_payload_json, Signing};

/// The signed create-checkout-session payload for the cart of a checked request (`signing`:
/// [`Signing::Reuse`] for the route; the benchmark build also signs it `Fresh`).
pub async fn checkout(config: &Config, body: ButtonRequest, signing: Signing) -> ApiResult<ButtonResponse> {
    let trusted = amounts::resolve(
        config,
        body.cart.as_deref(),
        body.cart_token.as_deref(),
        body.amount.as_ref(),
    )?;
    if let Source::CartToken(fingerprint, _) = &trusted.source {
        if amounts::token_used_for(fingerprint).is_some() {
            return Err(ApiError::new(
                ErrorCode::CartTokenReplayed,
                "this cart token already placed an order",
            ));
        }
    }
    let product_type = ProductType::from(body.product_type);
    let payload = match (config.flow, &product_type) {
        (Flow::OneStep, ProductType::PayOnly) => one_step_payload(
            &config.checkout,
            &product_type,
            &config.payment(trusted.amount, trusted.reference.clone()),
        )?,
        _ => review_payload(&config.checkout)?,
    };
    let signed = sign_payload_json(config, to_payload_json(&payload), signing).await?;
    Ok(ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: trusted.amount.to_price(),
        product_type: body.product_type,
        placement: body.placement,
    })
}

/// The signed sign-in payload.
pub async fn sign_in(config: &Config) -> ApiResult<SignInButtonResponse> {
    let payload = sign_in_payload(
        &config.checkout.store_id,
        &config.sign_in.return_url,
        config.sign_in.cancel_url.as_deref(),
        &config.sign_in.scopes,
        config.is_live(),
    )?;
    let signed = sign_payload_json(config, to_payload_json(&payload), Signing::Reuse).await?;
    Ok(SignInButtonResponse {
        sign_in_config: signed,
    })
}

/// The signed payload for a recurring, payment-method-on-file or one-time Additional Payment
/// Button checkout.
pub async fn permission(config: &Config, body: PermissionButtonRequest) -> ApiResult<ButtonResponse> {
    let plan = body.plan()?;
    let trusted = if plan.charges() {
        Some(amounts::resolve(
            config,
            body.cart.as_deref(),
            body.cart_token.as_deref(),
            None,
        )?)
    } else {
        None
    };
    // Only the Additional Payment Button takes its payment with the button.
    let payment = match (&plan.flow, &trusted) {
        (PermissionFlow::AdditionalPaymentButton(_), Some(t)) => {
            Some(config.payment(t.amount, t.reference.clone()))
        }
        _ => None,
    };
    let payload = permission_payload(&config.checkout, &plan, payment.as_ref())?;
    let estimated = trusted.map_or(Money::zero(config.ledger_currency), |t| t.amount);
    let signed = sign_payload_json(config, to_payload_json(&payload), Signing::Reuse).await?;
    Ok(ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: estimated.to_price(),
        product_type: plan.product_type(),
        placement: body.placement,
    })
}
