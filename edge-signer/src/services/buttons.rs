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
use amazon_pay_shared::{binding, sign_in_state};

use super::bound_session::bound_settings;
use super::one_step_seal::{self, seal_payload};
use crate::amounts::{self, Source};
use crate::config::{Config, Flow};
use crate::error::{ApiError, ApiResult};
use crate::sign::{sign_payload_json, Signing};

/// The signed create-checkout-session payload for the cart of a checked request (`signing`:
/// [`Signing::Reuse`] for the route; a bound or sealed payload is always signed `Fresh`).
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
    let settings = bound_settings(&config.checkout, body.binding_hash.as_deref())?;
    let product_type = ProductType::from(body.product_type);
    let mut payload = match (config.flow, &product_type) {
        (Flow::OneStep, ProductType::PayOnly) => one_step_payload(
            &settings,
            &product_type,
            &config.payment(trusted.amount, trusted.reference.clone()),
        )?,
        _ => review_payload(&settings)?,
    };
    let sealed = seal_payload(config, &mut payload, crate::clock::isolate_now());
    // A bound or sealed payload differs per click: signing it fresh keeps the isolate's cache
    // for payloads that repeat.
    let signing = if body.binding_hash.is_some() || sealed {
        Signing::Fresh
    } else {
        signing
    };
    let signed = sign_payload_json(config, to_payload_json(&payload), signing).await?;
    Ok(ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: trusted.amount.to_price(),
        product_type: body.product_type,
        placement: body.placement,
    })
}

/// The signed sign-in payload; with the hash of the browser's binding secret, its return URL
/// carries a signed state ([`amazon_pay_shared::sign_in_state`]) that gives the profile to
/// that browser only (without one, nobody can read the profile).
pub async fn sign_in(config: &Config, binding_hash: Option<&str>) -> ApiResult<SignInButtonResponse> {
    let return_url = match binding_hash {
        Some(hash) if binding::valid_hash(hash) => {
            let state = sign_in_state::issue(one_step_seal::key(config), hash, crate::clock::isolate_now());
            binding::append_query(&config.sign_in.return_url, sign_in_state::QUERY_PARAM, &state)
        }
        Some(_) => {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "bindingHash is not a base64url SHA-256 (43 characters)",
            ))
        }
        None => config.sign_in.return_url.clone(),
    };
    let payload = sign_in_payload(
        &config.checkout.store_id,
        &return_url,
        config.sign_in.cancel_url.as_deref(),
        &config.sign_in.scopes,
        config.is_live(),
    )?;
    let signing = if binding_hash.is_some() {
        Signing::Fresh
    } else {
        Signing::Reuse
    };
    let signed = sign_payload_json(config, to_payload_json(&payload), signing).await?;
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
    let settings = bound_settings(&config.checkout, body.binding_hash.as_deref())?;
    let mut payload = permission_payload(&settings, &plan, payment.as_ref())?;
    let sealed = seal_payload(config, &mut payload, crate::clock::isolate_now());
    let signing = if body.binding_hash.is_some() || sealed {
        Signing::Fresh
    } else {
        Signing::Reuse
    };
    let estimated = trusted.map_or(Money::zero(config.ledger_currency), |t| t.amount);
    let signed = sign_payload_json(config, to_payload_json(&payload), signing).await?;
    Ok(ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: estimated.to_price(),
        product_type: plan.product_type(),
        placement: body.placement,
    })
}
