//! `GET /healthz`, `GET /v1/config`, `POST /v1/button`, `POST /v1/signin-button`,
//! `POST /v1/quote`, `POST /v1/subscription`.

use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ConfigResponse, DisplayLimits, PlaceOrderRequest, SignInButtonRequest,
    SubscriptionRequest, VERSION,
};
use worker::Request;

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{binding_secret, browser_json, Reply};
use crate::ledger::Ledger;
use crate::services::bound_session::click_hash;
use crate::services::subscriptions::buyer;
use crate::services::{buttons, checkout};
use crate::sign::Signing;

/// `GET /healthz`.
pub fn healthz() -> ApiResult<Reply> {
    Reply::ok(&serde_json::json!({"status": "ok", "version": VERSION}))
}

/// `GET /v1/config`: what the widget needs to render buttons. The answer's `Link` header names
/// checkout.js as a script to preload, so the script tag starts it from the answer's headers,
/// before the body is read.
pub fn config(config: &Config) -> ApiResult<Reply> {
    let preload = format!("<{}>; rel=preload; as=script", config.checkout_js_url);
    Ok(Reply::ok(&ConfigResponse {
        version: VERSION.to_owned(),
        merchant_id: config.merchant_id.clone(),
        region: config.profile.region.as_str().to_owned(),
        ledger_currency: config.ledger_currency.code().to_owned(),
        sandbox: config.profile.sandbox,
        public_key_id: config.profile.public_key_id.as_str().to_owned(),
        checkout_language: config.checkout_language.clone(),
        checkout_js_url: config.checkout_js_url.clone(),
        button: ButtonDefaults {
            product_type: config.button.product_type,
            placement: config.button.placement,
            button_color: config.button.color,
        },
        display_limits: DisplayLimits {
            min_total: config.button.min_total.map(|m| m.to_price()),
            max_total: config.button.max_total.map(|m| m.to_price()),
        },
    })?
    .with_header("link", preload))
}

/// `POST /v1/button`: the signed create-checkout-session payload for the cart (signed afresh
/// when bound to the clicking browser; an unbound payload's signature is reused).
pub async fn button(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let secret = binding_secret(req);
    let mut body: ButtonRequest = browser_json(req, config.allow_client_amounts).await?;
    body.binding_hash = click_hash(secret.as_deref(), body.binding_hash.take())?;
    Reply::ok(&buttons::checkout(config, body, Signing::Reuse).await?)
}

/// `POST /v1/signin-button`: the signed sign-in payload.
pub async fn signin_button(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    // Checked (its shape, a known placement); the configuration decides the rest, the
    // binding hash only whom the profile goes to.
    let secret = binding_secret(req);
    let body: SignInButtonRequest = browser_json(req, false).await?;
    let hash = click_hash(secret.as_deref(), body.binding_hash)?;
    Reply::ok(&buttons::sign_in(config, hash.as_deref()).await?)
}

/// `POST /v1/quote` `{cart | cartToken}`: what place-order would charge for the cart, with
/// its subtotal, shipping and tax (a review page shows them before the buyer places the
/// order). Anyone the origin policy lets through learns the catalog's prices, as the button
/// already tells them; nothing of a buyer or a session.
pub async fn quote(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let body: PlaceOrderRequest = browser_json(req, config.allow_client_amounts).await?;
    Reply::ok(&checkout::quote(config, &body)?)
}

/// `POST /v1/subscription` `{token}`: the buyer's view of the subscription the token opens
/// (status, plan, next charge date, the charges, and when past due why and Amazon's page to
/// change the payment method) with a renewed token. Who may call: anyone the origin policy lets
/// through; what they learn depends on the token alone, which only the browser that completed
/// the recurring checkout received. Any token that does not open a subscription (forged,
/// expired, malformed, another signer's) is `404 SUBSCRIPTION_NOT_FOUND`, as an unknown one.
pub async fn subscription(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    let body: SubscriptionRequest = browser_json(req, false).await?;
    Reply::ok(&buyer::read(config, ledger, &body.token).await?)
}
