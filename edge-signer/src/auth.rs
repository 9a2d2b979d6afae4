//! Who may call a route, by its kind: public routes and the webhook take no credential here
//! (the origin policy and the SNS signature guard them); merchant routes need
//! `Authorization: Bearer <MERCHANT_API_TOKEN>` (or, during a rotation, the previous token in
//! `MERCHANT_API_TOKEN_PREVIOUS`), compared in constant time with every accepted token.

use amazon_pay_shared::wire::ErrorCode;
use worker::Request;

use crate::config::Config;
use crate::crypto::constant_time_eq;
use crate::error::{ApiError, ApiResult};
use crate::routes::RouteKind;

/// Checks the credential a route of this kind needs.
pub fn authorize(kind: RouteKind, req: &Request, config: &Config) -> ApiResult<()> {
    match kind {
        RouteKind::Public | RouteKind::Webhook => Ok(()),
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
    // Every accepted token is compared, so the time does not tell which one matched.
    let matched = config.merchant_tokens.all().fold(false, |any, t| {
        constant_time_eq(token.as_bytes(), t.expose()) | any
    });
    if token.is_empty() || !matched {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "a valid merchant bearer token is required",
        ));
    }
    Ok(())
}
