//! `GET /healthz`, `GET /v1/config`, `POST /v1/button`, `POST /v1/signin-button`.

use amazon_pay_shared::api::ProductType;
use amazon_pay_shared::payload::{one_step_payload, review_payload, sign_in_payload, to_payload_json};
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, ConfigResponse, DisplayLimits, ErrorCode,
    SignInButtonRequest, SignInButtonResponse, VERSION,
};
use worker::Request;

use crate::amounts::{self, Source};
use crate::config::{Config, Flow};
use crate::error::{ApiError, ApiResult};
use crate::http::{browser_json, Reply};
use crate::sign::{sign_payload_json, Signing};

/// `GET /healthz`.
pub fn healthz() -> ApiResult<Reply> {
    Reply::ok(&serde_json::json!({"status": "ok", "version": VERSION}))
}

/// `GET /v1/config`: what the widget needs to render buttons.
pub fn config(config: &Config) -> ApiResult<Reply> {
    Reply::ok(&ConfigResponse {
        version: VERSION.to_owned(),
        merchant_id: config.merchant_id.clone(),
        region: config.profile.region.as_str().to_owned(),
        ledger_currency: config.ledger_currency.code().to_owned(),
        sandbox: config.profile.sandbox,
        public_key_id: config.profile.public_key_id.as_str().to_owned(),
        checkout_language: config.checkout_language.clone(),
        checkout_js_url: config.checkout_js_url.clone(),
        button: ButtonDefaults {
            product_type: config.button.product_type.clone(),
            placement: config.button.placement.clone(),
            button_color: config.button.color.clone(),
        },
        display_limits: DisplayLimits {
            min_total: config.button.min_total.map(|m| m.to_price()),
            max_total: config.button.max_total.map(|m| m.to_price()),
        },
    })
}

/// `POST /v1/button`: the signed create-checkout-session payload for the cart (`signing`:
/// [`Signing::Reuse`] for the route; the benchmark build also serves it with `Fresh`).
pub async fn button(req: &mut Request, config: &Config, signing: Signing) -> ApiResult<Reply> {
    let body: ButtonRequest = browser_json(req, config.allow_client_amounts).await?;
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
    let product_type = ProductType::from(body.product_type.as_str());
    let payload = match (config.flow, &product_type) {
        (Flow::OneStep, ProductType::PayOnly) => one_step_payload(
            &config.checkout,
            &product_type,
            &config.payment(trusted.amount, trusted.reference.clone()),
        )?,
        _ => review_payload(&config.checkout)?,
    };
    let signed = sign_payload_json(config, to_payload_json(&payload), signing).await?;
    Reply::ok(&ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: trusted.amount.to_price(),
        product_type: body.product_type,
        placement: body.placement,
    })
}

/// `POST /v1/signin-button`: the signed sign-in payload.
pub async fn signin_button(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    // Only checked (its shape, a known placement): the configuration decides the rest.
    let _body: SignInButtonRequest = browser_json(req, false).await?;
    let payload = sign_in_payload(
        &config.checkout.store_id,
        &config.sign_in.return_url,
        config.sign_in.cancel_url.as_deref(),
        &config.sign_in.scopes,
        config.is_live(),
    )?;
    let signed = sign_payload_json(config, to_payload_json(&payload), Signing::Reuse).await?;
    Reply::ok(&SignInButtonResponse {
        sign_in_config: signed,
    })
}
