//! Who may call a route, by its kind: public routes and the webhook take no credential here
//! (the origin policy and the SNS signature guard them); merchant routes need
//! `Authorization: Bearer <MERCHANT_API_TOKEN>` (or, during a rotation, the previous token in
//! `MERCHANT_API_TOKEN_PREVIOUS`), compared in constant time with every accepted token. Console
//! routes are checked by the console itself before any page (`crate::console::session`: the
//! session lives in the ledger, which this synchronous check does not read); its sign-in form
//! compares the token with the same [`tokens_match`].

use amazon_pay_shared::wire::ErrorCode;
use worker::Request;

use crate::config::merchant_api::tokens_match;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::routes::RouteKind;

/// Checks the credential a route of this kind needs.
pub fn authorize(kind: RouteKind, req: &Request, config: &Config) -> ApiResult<()> {
    match kind {
        RouteKind::Public | RouteKind::Webhook | RouteKind::ConsoleSignIn => Ok(()),
        // `crate::routes::console::serve` requires the session before it answers anything.
        RouteKind::Console => Ok(()),
        RouteKind::Merchant => bearer_token(req, config),
    }
}

/// Checks the merchant's bearer token.
fn bearer_token(req: &Request, config: &Config) -> ApiResult<()> {
    let header = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .unwrap_or_default();
    let token = header.strip_prefix("Bearer ").unwrap_or("");
    if !tokens_match(token, &config.merchant_tokens) {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "a valid merchant bearer token is required",
        ));
    }
    Ok(())
}
