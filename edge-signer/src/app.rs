//! The flow of one request: its id, the configuration (once per isolate), the origin policy,
//! the route, the abuse limits of public routes, who may call it (by its kind), the answer with its headers, and one structured
//! log line.

use amazon_pay_shared::wire::ErrorCode;
use worker::{Env, Headers, Method, Request, Response};

use crate::config::Config;
use crate::cors::{Cors, CorsPolicy, CorsRequest};
use crate::error::{ApiError, ApiResult};
use crate::http::Reply;
use crate::ledger::Ledger;
use crate::routes::{ConsoleRoute, Route};
use crate::services::settings_summary::Bindings;
use crate::{auth, crypto, log, rate_limit, routes};

/// Handles one request; never fails (every failure becomes a JSON error answer).
pub async fn handle(mut req: Request, env: &Env) -> worker::Result<Response> {
    let started = js_sys::Date::now();
    let request_id = crypto::random_hex();
    let method = req.method();
    let path = req.path();
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (origin, request_method) = (header("origin"), header("access-control-request-method"));
    // The console's own forms come from the signer's own origin: same-origin, not CORS (the
    // console checks their origin and CSRF token itself).
    let own_origin = req.url().ok().map(|u| u.origin().ascii_serialization());
    let same_origin_console = path.starts_with("/console/") && origin.is_some() && origin == own_origin;
    let cors_request = CorsRequest {
        method: &method,
        origin: if same_origin_console {
            None
        } else {
            origin.as_deref()
        },
        request_method: request_method.as_deref(),
    };

    let config = crate::config::isolate::load(env).await;
    let (cors, result) = match config.as_ref() {
        Err(e) => (
            Cors::refused(&cors_request),
            Err(ApiError::new(
                ErrorCode::ConfigInvalid,
                format!("the signer is not configured: {e}"),
            )),
        ),
        Ok(config) => {
            let cors = CorsPolicy::new(&config.origins).check(&cors_request);
            let result = serve(&mut req, env, config, &cors, &method, &path).await;
            (cors, result)
        }
    };

    let (status, body, text, stream, extra, allow, error) = match result {
        Ok(reply) => (
            reply.status,
            reply.body,
            reply.text,
            reply.stream,
            reply.headers,
            None,
            None,
        ),
        Err(e) => {
            let body = serde_json::to_value(e.body()).unwrap_or_default();
            (e.code.status(), body, None, None, Vec::new(), e.allow, Some(e))
        }
    };
    let headers = Headers::new();
    let content_type = text
        .as_ref()
        .map(|t| t.content_type)
        .or(stream.as_ref().map(|s| s.content_type))
        .unwrap_or("application/json; charset=utf-8");
    headers.set("content-type", content_type)?;
    for (k, v) in &extra {
        headers.append(k, v)?;
    }
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("x-request-id", &request_id)?;
    if let Some(allow) = allow {
        headers.set("allow", allow)?;
    }
    if error.as_ref().is_some_and(|e| e.code == ErrorCode::RateLimited) {
        headers.set("retry-after", &rate_limit::RETRY_AFTER_SECS.to_string())?;
    }
    for (k, v) in cors.headers() {
        headers.set(k, &v)?;
    }
    let mut fields: Vec<(&str, serde_json::Value)> = vec![
        ("requestId", request_id.clone().into()),
        ("method", format!("{method:?}").into()),
        ("path", path.chars().take(200).collect::<String>().into()),
        ("status", status.into()),
        ("code", error.as_ref().map_or("", |e| e.code.as_str()).into()),
        ("ms", ((js_sys::Date::now() - started) as u64).into()),
    ];
    if let Some(e) = error {
        if let Some(refusal) = &e.refusal {
            fields.extend(refusal.log_fields());
        }
        if let Some(detail) = e.detail {
            fields.push(("detail", detail.into()));
        }
    }
    log::event(if status >= 500 { "error" } else { "info" }, "request", &fields);
    if let Some(s) = stream {
        return Ok(Response::from_stream(s.chunks)?
            .with_status(status)
            .with_headers(headers));
    }
    let bytes = match (status, text) {
        (204, _) => Vec::new(),
        (_, Some(t)) => t.text.into_bytes(),
        (_, None) => serde_json::to_vec(&body).unwrap_or_default(),
    };
    Ok(Response::from_bytes(bytes)?
        .with_status(status)
        .with_headers(headers))
}

/// The answer of a configured signer: a refused origin, an unknown path, a preflight, a wrong
/// method or a missing credential stop here; everything else is the route's.
async fn serve(
    req: &mut Request,
    env: &Env,
    config: &Config,
    cors: &Cors,
    method: &Method,
    path: &str,
) -> ApiResult<Reply> {
    if cors.is_refused() {
        return Err(ApiError::new(
            ErrorCode::OriginNotAllowed,
            "this origin is not allowed to call the signer",
        ));
    }
    let Some((mut route, expected)) = routes::match_route(path) else {
        return Err(ApiError::new(ErrorCode::NotFound, "no such route"));
    };
    if *method == Method::Options {
        return Ok(Reply::no_content());
    }
    if *method != expected {
        route = routes::other_method(route, method)
            .ok_or_else(|| ApiError::method_not_allowed(routes::allow(&route, &expected)))?;
    }
    let client_ip = req.headers().get("cf-connecting-ip").ok().flatten();
    if let Some(keys) = rate_limit::Keys::of(&route, client_ip.as_deref()) {
        rate_limit::enforce(env, keys).await?;
    }
    if route == Route::Console(ConsoleRoute::SignIn)
        && rate_limit::console_sign_in(env, client_ip.as_deref())
            .await
            .is_err()
    {
        return Ok(routes::console::sign_in_limited(req));
    }
    auth::authorize(route.kind(), req, config)?;
    let ledger = Ledger::open(env, config.merchant_events.is_some());
    let bindings = bindings(env, &ledger);
    routes::dispatch(route, req, config, &ledger, bindings).await
}

/// Which optional bindings the Worker has (for the settings summary).
pub fn bindings(env: &Env, ledger: &Ledger) -> Bindings {
    Bindings {
        ledger: ledger.is_enabled(),
        rate_limit_client: rate_limit::is_configured(env),
        rate_limit_session: rate_limit::is_session_configured(env),
        rate_limit_console_sign_in: rate_limit::is_sign_in_configured(env),
        retry_after_seconds: rate_limit::RETRY_AFTER_SECS,
    }
}
