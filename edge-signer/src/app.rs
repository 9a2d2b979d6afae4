//! Request handling: configuration (once per isolate), origin policy, route matching, dispatch,
//! the JSON answer with its headers, and one structured log line per request.

use amazon_pay_shared::wire::ErrorCode;
use worker::{Env, Headers, Method, Request, Response};

use crate::config::Config;
use crate::cors::{self, OriginCheck};
use crate::error::{ApiError, ApiResult};
use crate::http::Reply;
use crate::ledger::Ledger;
use crate::sign::Signing;
use crate::{crypto, log, routes};

/// A matched route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// `GET /healthz`.
    Healthz,
    /// `GET /v1/config`.
    Config,
    /// `POST /v1/button`.
    Button,
    /// `POST /v1/signin-button`.
    SignInButton,
    /// `POST /v1/permission-button`.
    PermissionButton,
    /// `GET /v1/checkout-sessions/{id}`.
    Review(&'a str),
    /// `POST /v1/checkout-sessions/{id}/place-order`.
    PlaceOrder(&'a str),
    /// `POST /v1/checkout-sessions/{id}/complete`.
    Complete(&'a str),
    /// `GET /v1/buyer?buyerToken=…`.
    Buyer,
    /// `GET /v1/merchant/charges/{id}`.
    GetCharge(&'a str),
    /// `POST /v1/merchant/charges/{id}/capture`.
    Capture(&'a str),
    /// `POST /v1/merchant/charges/{id}/cancel`.
    CancelCharge(&'a str),
    /// `POST /v1/merchant/charges/{id}/change-amount`.
    ChangeAmount(&'a str),
    /// `POST /v1/merchant/charges`.
    CreateCharge,
    /// `POST /v1/merchant/refunds`.
    CreateRefund,
    /// `GET /v1/merchant/refunds/{id}`.
    GetRefund(&'a str),
    /// `GET /v1/merchant/charge-permissions/{id}`.
    GetChargePermission(&'a str),
    /// `POST /v1/merchant/charge-permissions/{id}/close`.
    CloseChargePermission(&'a str),
    /// `GET /v1/merchant/transactions`.
    Transactions,
    /// `GET /v1/merchant/transactions.csv`.
    TransactionsCsv,
    /// `GET /v1/merchant/transactions/{reference}`.
    Transaction(&'a str),
    /// `POST /v1/merchant/sync`.
    Sync,
    /// `POST /v1/webhooks/amazon-pay`.
    Webhook,
    /// `POST /bench/noop` (feature `bench` only).
    #[cfg(feature = "bench")]
    BenchNoop,
    /// `POST /bench/button-fresh` (feature `bench` only).
    #[cfg(feature = "bench")]
    BenchButtonFresh,
    /// `GET /bench/sign-webcrypto?n=N` (feature `bench` only).
    #[cfg(feature = "bench")]
    BenchSignWebCrypto,
    /// `GET /bench/sign-rsa?n=N` (feature `bench` only).
    #[cfg(feature = "bench")]
    BenchSignRsa,
}

impl Route<'_> {
    /// Whether the route is for the merchant's backend (bearer token).
    pub fn is_merchant(&self) -> bool {
        matches!(
            self,
            Route::GetCharge(_)
                | Route::Capture(_)
                | Route::CancelCharge(_)
                | Route::ChangeAmount(_)
                | Route::CreateCharge
                | Route::CreateRefund
                | Route::GetRefund(_)
                | Route::GetChargePermission(_)
                | Route::CloseChargePermission(_)
                | Route::Transactions
                | Route::TransactionsCsv
                | Route::Transaction(_)
                | Route::Sync
        )
    }
}

/// Matches a path to a route and the one method it takes.
pub fn match_route(path: &str) -> Option<(Route<'_>, Method)> {
    use Method::{Get, Post};
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let found = match segments.as_slice() {
        ["healthz"] => (Route::Healthz, Get),
        ["v1", "config"] => (Route::Config, Get),
        ["v1", "button"] => (Route::Button, Post),
        ["v1", "signin-button"] => (Route::SignInButton, Post),
        ["v1", "permission-button"] => (Route::PermissionButton, Post),
        ["v1", "buyer"] => (Route::Buyer, Get),
        ["v1", "checkout-sessions", id] => (Route::Review(id), Get),
        ["v1", "checkout-sessions", id, "place-order"] => (Route::PlaceOrder(id), Post),
        ["v1", "checkout-sessions", id, "complete"] => (Route::Complete(id), Post),
        ["v1", "merchant", "charges"] => (Route::CreateCharge, Post),
        ["v1", "merchant", "charges", id] => (Route::GetCharge(id), Get),
        ["v1", "merchant", "charges", id, "capture"] => (Route::Capture(id), Post),
        ["v1", "merchant", "charges", id, "cancel"] => (Route::CancelCharge(id), Post),
        ["v1", "merchant", "charges", id, "change-amount"] => (Route::ChangeAmount(id), Post),
        ["v1", "merchant", "refunds"] => (Route::CreateRefund, Post),
        ["v1", "merchant", "refunds", id] => (Route::GetRefund(id), Get),
        ["v1", "merchant", "charge-permissions", id] => (Route::GetChargePermission(id), Get),
        ["v1", "merchant", "charge-permissions", id, "close"] => (Route::CloseChargePermission(id), Post),
        ["v1", "merchant", "transactions"] => (Route::Transactions, Get),
        ["v1", "merchant", "transactions.csv"] => (Route::TransactionsCsv, Get),
        ["v1", "merchant", "transactions", reference] => (Route::Transaction(reference), Get),
        ["v1", "merchant", "sync"] => (Route::Sync, Post),
        ["v1", "webhooks", "amazon-pay"] => (Route::Webhook, Post),
        #[cfg(feature = "bench")]
        ["bench", "noop"] => (Route::BenchNoop, Post),
        #[cfg(feature = "bench")]
        ["bench", "button-fresh"] => (Route::BenchButtonFresh, Post),
        #[cfg(feature = "bench")]
        ["bench", "sign-webcrypto"] => (Route::BenchSignWebCrypto, Get),
        #[cfg(feature = "bench")]
        ["bench", "sign-rsa"] => (Route::BenchSignRsa, Get),
        _ => return None,
    };
    Some(found)
}

/// Handles one request; never fails (every failure becomes a JSON error answer).
pub async fn handle(mut req: Request, env: &Env) -> worker::Result<Response> {
    let started = js_sys::Date::now();
    let request_id = crypto::random_hex();
    let method = req.method();
    let path = req.path();
    let origin_header = req.headers().get("origin").ok().flatten();

    let config = crate::config::isolate::load(env).await;
    let (origin, result) = match config.as_ref() {
        Err(e) => (
            OriginCheck::Absent,
            Err(ApiError::new(
                ErrorCode::ConfigInvalid,
                format!("the signer is not configured: {e}"),
            )),
        ),
        Ok(config) => {
            let origin = cors::check(origin_header.as_deref(), &config.origins);
            let ledger = Ledger::open(env);
            let result = dispatch(&mut req, config, ledger.as_ref(), &origin, &method, &path).await;
            (origin, result)
        }
    };

    let (status, body, text, allow, code) = match result {
        Ok(reply) => (reply.status, reply.body, reply.text, None, None),
        Err(e) => {
            let body = serde_json::to_value(e.body()).unwrap_or_default();
            (e.code.status(), body, None, e.allow, Some(e.code.as_str()))
        }
    };
    let headers = Headers::new();
    match &text {
        Some(t) => {
            headers.set("content-type", t.content_type)?;
            for (k, v) in &t.headers {
                headers.set(k, v)?;
            }
        }
        None => headers.set("content-type", "application/json; charset=utf-8")?,
    }
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("x-request-id", &request_id)?;
    if let Some(allow) = allow {
        headers.set("allow", allow)?;
    }
    let preflight = method == Method::Options && status == 204;
    if let OriginCheck::Allowed(o) = &origin {
        let list = if preflight {
            cors::preflight_headers(o)
        } else {
            cors::response_headers(o)
        };
        for (k, v) in list {
            headers.set(k, &v)?;
        }
    }
    log::event(
        if status >= 500 { "error" } else { "info" },
        "request",
        &[
            ("requestId", request_id.clone().into()),
            ("method", format!("{method:?}").into()),
            ("path", path.chars().take(200).collect::<String>().into()),
            ("status", status.into()),
            ("code", code.unwrap_or("").into()),
            ("ms", ((js_sys::Date::now() - started) as u64).into()),
        ],
    );
    let bytes = match (status, text) {
        (204, _) => Vec::new(),
        (_, Some(t)) => t.text.into_bytes(),
        (_, None) => serde_json::to_vec(&body).unwrap_or_default(),
    };
    Ok(Response::from_bytes(bytes)?
        .with_status(status)
        .with_headers(headers))
}

async fn dispatch(
    req: &mut Request,
    config: &Config,
    ledger: Option<&Ledger>,
    origin: &OriginCheck,
    method: &Method,
    path: &str,
) -> ApiResult<Reply> {
    if *origin == OriginCheck::Refused {
        return Err(ApiError::new(
            ErrorCode::OriginNotAllowed,
            "this origin is not allowed to call the signer",
        ));
    }
    let Some((route, expected)) = match_route(path) else {
        return Err(ApiError::new(ErrorCode::NotFound, "no such route"));
    };
    let allow = if expected == Method::Get {
        "GET, OPTIONS"
    } else {
        "POST, OPTIONS"
    };
    if *method == Method::Options {
        return Ok(Reply::no_content());
    }
    if *method != expected {
        return Err(ApiError::method_not_allowed(allow));
    }
    if route.is_merchant() {
        routes::merchant::authorize(req, config)?;
        return match route {
            Route::Transactions => routes::transactions::list(req, ledger, false).await,
            Route::TransactionsCsv => routes::transactions::list(req, ledger, true).await,
            Route::Transaction(reference) => routes::transactions::detail(ledger, reference).await,
            Route::Sync => routes::sync::sync(req, config, ledger).await,
            Route::ChangeAmount(id) => routes::amount_change::change(req, config, ledger, id).await,
            _ => routes::merchant::handle(req, config, ledger, route).await,
        };
    }
    match route {
        Route::Healthz => routes::public::healthz(),
        Route::Config => routes::public::config(config),
        Route::Button => routes::public::button(req, config, Signing::Reuse).await,
        Route::SignInButton => routes::public::signin_button(req, config).await,
        Route::Review(id) => routes::checkout::review(config, id).await,
        Route::PlaceOrder(id) => routes::checkout::place_order(req, config, ledger, id).await,
        Route::Complete(id) => routes::checkout::complete(config, ledger, id).await,
        Route::Webhook => routes::webhook::receive(req, config, ledger).await,
        Route::PermissionButton => routes::permission_button::permission_button(req, config).await,
        Route::Buyer => routes::checkout::buyer(req, config).await,
        #[cfg(feature = "bench")]
        Route::BenchNoop => routes::bench::noop(),
        #[cfg(feature = "bench")]
        Route::BenchButtonFresh => routes::public::button(req, config, Signing::Fresh).await,
        #[cfg(feature = "bench")]
        Route::BenchSignWebCrypto => routes::bench::sign_webcrypto(req, config).await,
        #[cfg(feature = "bench")]
        Route::BenchSignRsa => routes::bench::sign_rsa(req, config),
        _ => Err(ApiError::new(ErrorCode::NotFound, "no such route")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_exactly() {
        assert_eq!(match_route("/healthz"), Some((Route::Healthz, Method::Get)));
        assert_eq!(
            match_route("/v1/checkout-sessions/abc/place-order"),
            Some((Route::PlaceOrder("abc"), Method::Post))
        );
        assert_eq!(
            match_route("/v1/merchant/charges/S01-1/capture"),
            Some((Route::Capture("S01-1"), Method::Post))
        );
        for none in [
            "",
            "/",
            "/v1",
            "/v1/button/",
            "/v2/button",
            "/v1/checkout-sessions",
            "/healthz/x",
        ] {
            assert_eq!(match_route(none), None, "{none}");
        }
        assert_eq!(match_route("/bench/noop").is_some(), cfg!(feature = "bench"));
        assert!(Route::CreateRefund.is_merchant());
        assert!(!Route::Button.is_merchant());
    }
}
