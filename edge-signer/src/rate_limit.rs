//! Abuse limits on the public routes: Cloudflare's Rate Limiting binding, counted per client
//! IP (`CF-Connecting-IP`, binding `RATE_LIMIT_CLIENT`) and per checkout-session id (binding
//! `RATE_LIMIT_SESSION`); and on the console's sign-in form, every attempt counted per client
//! IP before the token is compared (binding `RATE_LIMIT_CONSOLE_SIGN_IN`). A request over either limit is answered `429 RATE_LIMITED` with
//! `Retry-After` before any route runs. Without a binding its limit is not applied (the signer
//! runs unlimited, see SECURITY.md); a limiter that fails lets the request through, so a
//! Cloudflare outage never stops checkouts.

use amazon_pay_shared::wire::ErrorCode;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use worker::Env;

use crate::error::{ApiError, ApiResult};
use crate::routes::{PublicRoute, Route};

/// The binding counting requests per client IP.
pub const CLIENT_BINDING: &str = "RATE_LIMIT_CLIENT";
/// The binding counting requests per checkout-session id.
pub const SESSION_BINDING: &str = "RATE_LIMIT_SESSION";
/// The binding counting console sign-in attempts per client IP.
pub const SIGN_IN_BINDING: &str = "RATE_LIMIT_CONSOLE_SIGN_IN";
/// The seconds `Retry-After` asks for: the limiters' period (`simple.period` in
/// `wrangler.toml`, 60).
pub const RETRY_AFTER_SECS: u32 = 60;

/// What a public request is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys<'a> {
    /// `CF-Connecting-IP` (absent in a bare workerd: not counted).
    pub client_ip: Option<&'a str>,
    /// The checkout-session id of the path, if it has one.
    pub checkout_session: Option<&'a str>,
}

impl<'a> Keys<'a> {
    /// The keys of a route: only public routes are counted (`/healthz` is not).
    pub fn of(route: &Route<'a>, client_ip: Option<&'a str>) -> Option<Keys<'a>> {
        let Route::Public(public) = route else {
            return None;
        };
        let checkout_session = match public {
            PublicRoute::Healthz => return None,
            PublicRoute::Review(id) | PublicRoute::PlaceOrder(id) | PublicRoute::Complete(id) => Some(*id),
            _ => None,
        };
        Some(Keys {
            client_ip,
            checkout_session,
        })
    }
}

/// Counts a public request; `RATE_LIMITED` when a limit is exceeded.
pub async fn enforce(env: &Env, keys: Keys<'_>) -> ApiResult<()> {
    let checks = [
        (CLIENT_BINDING, keys.client_ip.map(|ip| format!("ip:{ip}"))),
        (
            SESSION_BINDING,
            keys.checkout_session.map(|id| format!("session:{id}")),
        ),
    ];
    for (binding, key) in checks {
        let Some(key) = key else { continue };
        if limit(env, binding, &key).await == Some(false) {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "too many requests; try again later",
            ));
        }
    }
    Ok(())
}

/// Counts a console sign-in attempt (every one, before the token is compared, so the limit
/// holds for a right guess too); `RATE_LIMITED` over the limit. Without a client IP (a bare
/// workerd) the attempts share one count.
pub async fn console_sign_in(env: &Env, client_ip: Option<&str>) -> ApiResult<()> {
    let key = format!("sign-in:{}", client_ip.unwrap_or("-"));
    if limit(env, SIGN_IN_BINDING, &key).await == Some(false) {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many sign-in attempts; try again later",
        ));
    }
    Ok(())
}

/// True when the Worker has the console's sign-in limiter bound.
pub fn is_sign_in_configured(env: &Env) -> bool {
    binding(env, SIGN_IN_BINDING).is_some()
}

/// True when the Worker has the client-IP limiter bound.
pub fn is_configured(env: &Env) -> bool {
    binding(env, CLIENT_BINDING).is_some()
}

/// True when the Worker has the checkout-session limiter bound.
pub fn is_session_configured(env: &Env) -> bool {
    binding(env, SESSION_BINDING).is_some()
}

fn binding(env: &Env, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(env, &JsValue::from_str(name))
        .ok()
        .filter(|b| b.is_object())
}

/// The one call into the binding: `await env[binding].limit({key})`, read as its `success`.
/// `None` when the binding is absent or the call fails.
async fn limit(env: &Env, name: &str, key: &str) -> Option<bool> {
    let limiter = binding(env, name)?;
    let limit: js_sys::Function = js_sys::Reflect::get(&limiter, &JsValue::from_str("limit"))
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &JsValue::from_str("key"), &JsValue::from_str(key)).ok()?;
    let promise: js_sys::Promise = limit.call1(&limiter, &options).ok()?.dyn_into().ok()?;
    let outcome = JsFuture::from(promise).await.ok()?;
    js_sys::Reflect::get(&outcome, &JsValue::from_str("success"))
        .ok()?
        .as_bool()
}
