//! The flow of one request: its id, the configuration (once per isolate), the origin policy,
//! the route, who may call it (by its kind), the answer with its headers, and one structured
//! log line.

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_shared::wire::ErrorCode;
use worker::{Env, Headers, Method, Request, Response};

use crate::config::{Config, ConfigError};
use crate::cors::{Cors, CorsPolicy, CorsRequest};
use crate::error::{ApiError, ApiResult};
use crate::http::Reply;
use crate::ledger::{self, Ledger};
use crate::{auth, crypto, log, routes};

thread_local! {
    static CONFIG: RefCell<Option<Rc<Result<Config, ConfigError>>>> = const { RefCell::new(None) };
}

/// The names the configuration reads (vars and secrets).
const SETTINGS: &[&str] = &[
    "AMAZON_PAY_MERCHANT_ID",
    "AMAZON_PAY_REGION",
    "AMAZON_PAY_SANDBOX",
    "AMAZON_PAY_PUBLIC_KEY_ID",
    "AMAZON_PAY_LEDGER_CURRENCY",
    "AMAZON_PAY_STORE_ID",
    "AMAZON_PAY_API_BASE",
    "CHECKOUT_JS_URL",
    "CHECKOUT_LANGUAGE",
    "CHECKOUT_REVIEW_RETURN_URL",
    "CHECKOUT_RESULT_RETURN_URL",
    "CHECKOUT_CANCEL_URL",
    "CHECKOUT_SCOPES",
    "CHECKOUT_FLOW",
    "STORE_NAME",
    "SIGNIN_RETURN_URL",
    "SIGNIN_CANCEL_URL",
    "SIGNIN_SCOPES",
    "PAYMENT_INTENT",
    "CAN_HANDLE_PENDING_AUTHORIZATION",
    "ALLOWED_ORIGINS",
    "CATALOG_JSON",
    "CART_TOKEN_SECRET",
    "CART_TOKEN_MAX_LIFETIME_SECONDS",
    "ALLOW_CLIENT_AMOUNTS",
    "BUTTON_PRODUCT_TYPE",
    "BUTTON_PLACEMENT",
    "BUTTON_COLOR",
    "BUTTON_MIN_TOTAL",
    "BUTTON_MAX_TOTAL",
    "MERCHANT_API_TOKEN",
    "AMAZON_PAY_PRIVATE_KEY",
    "UPSTREAM_TIMEOUT_MS",
    "UPSTREAM_DEADLINE_MS",
    "UPSTREAM_RETRY_BASE_MS",
    "ORDER_REFERENCE_PREFIX",
    "WEBHOOK_CERT_ORIGINS",
    "AMOUNT_CHANGE_ENABLED",
    "RECURRING_MONTH_UTC_OFFSET",
    "LIFECYCLE_RULES_JSON",
];

async fn config(env: &Env) -> Rc<Result<Config, ConfigError>> {
    if let Some(c) = CONFIG.with(|c| c.borrow().clone()) {
        return c;
    }
    let values: Vec<(&str, Option<String>)> = SETTINGS
        .iter()
        .map(|name| (*name, env.var(name).ok().map(|v| v.to_string())))
        .collect();
    let parsed = Config::from_lookup(|name| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.clone())
    });
    // The key is imported now, so a key WebCrypto refuses stops the signer from serving.
    let parsed = match parsed {
        Ok(c) => match crypto::import_key(c.private_key_pkcs8.expose()).await {
            Ok(()) => Ok(c),
            Err(e) => Err(ConfigError(format!(
                "AMAZON_PAY_PRIVATE_KEY: WebCrypto refused the key as an RSA private key ({})",
                e.0
            ))),
        },
        Err(e) => Err(e),
    };
    // A live key never runs without the ledger; a sandbox key may (see README.md).
    let has_ledger = env.d1(ledger::BINDING).is_ok();
    let parsed = match parsed {
        Ok(c) if c.is_live() && !has_ledger => Err(ConfigError(format!(
            "{}: a live key needs the D1 ledger binding",
            ledger::BINDING
        ))),
        other => other,
    };
    if let Err(e) = &parsed {
        log::event("error", "config_invalid", &[("reason", e.0.clone().into())]);
    } else if !has_ledger {
        log::event(
            "warn",
            "ledger_absent",
            &[(
                "reason",
                "no LEDGER binding: nothing is recorded (sandbox keys only)".into(),
            )],
        );
    }
    let parsed = Rc::new(parsed);
    CONFIG.with(|c| *c.borrow_mut() = Some(parsed.clone()));
    parsed
}

/// Handles one request; never fails (every failure becomes a JSON error answer).
pub async fn handle(mut req: Request, env: &Env) -> worker::Result<Response> {
    let started = js_sys::Date::now();
    let request_id = crypto::random_hex();
    let method = req.method();
    let path = req.path();
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (origin, request_method) = (header("origin"), header("access-control-request-method"));
    let cors_request = CorsRequest {
        method: &method,
        origin: origin.as_deref(),
        request_method: request_method.as_deref(),
    };

    let config = config(env).await;
    let (cors, result) = match config.as_ref() {
        Err(e) => (
            Cors::Absent,
            Err(ApiError::new(
                ErrorCode::ConfigInvalid,
                format!("the signer is not configured: {}", e.0),
            )),
        ),
        Ok(config) => {
            let cors = CorsPolicy::new(&config.origins).check(&cors_request);
            let result = serve(&mut req, env, config, &cors, &method, &path).await;
            (cors, result)
        }
    };

    let (status, body, text, allow, error) = match result {
        Ok(reply) => (reply.status, reply.body, reply.text, None, None),
        Err(e) => {
            let body = serde_json::to_value(e.body()).unwrap_or_default();
            (e.code.status(), body, None, e.allow, Some(e))
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
    if let Some(detail) = error.and_then(|e| e.detail) {
        fields.push(("detail", detail.into()));
    }
    log::event(if status >= 500 { "error" } else { "info" }, "request", &fields);
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
    if *cors == Cors::Refused {
        return Err(ApiError::new(
            ErrorCode::OriginNotAllowed,
            "this origin is not allowed to call the signer",
        ));
    }
    let Some((route, expected)) = routes::match_route(path) else {
        return Err(ApiError::new(ErrorCode::NotFound, "no such route"));
    };
    if *method == Method::Options {
        return Ok(Reply::no_content());
    }
    if *method != expected {
        return Err(ApiError::method_not_allowed(if expected == Method::Get {
            "GET, OPTIONS"
        } else {
            "POST, OPTIONS"
        }));
    }
    auth::authorize(route.kind(), req, config)?;
    let ledger = Ledger::open(env);
    routes::dispatch(route, req, config, &ledger).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name the configuration parser reads must be fetched from the environment, or the
    /// setting would be silently ignored in the Worker. A setting name is a quoted
    /// `UPPER_SNAKE` literal in the parser (wherever rustfmt puts it), and only setting names
    /// have that shape there.
    #[test]
    fn every_setting_the_parser_reads_is_fetched() {
        let parser = include_str!("config.rs")
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default();
        let mut missing = Vec::new();
        for literal in parser.split('"').skip(1).step_by(2) {
            let setting = literal.contains('_')
                && literal.starts_with(|c: char| c.is_ascii_uppercase())
                && literal
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if setting && !SETTINGS.contains(&literal) && !missing.contains(&literal) {
                missing.push(literal);
            }
        }
        assert!(
            missing.is_empty(),
            "read by config.rs but not in SETTINGS: {missing:?}"
        );
    }
}
