//! Benchmark-only routes (cargo feature `bench`, never deployed), used by `cargo xtask bench`:
//!
//! * `POST /bench/noop`: the whole request pipeline (configuration, origin check, headers, log
//!   line) with nothing signed: the reference for `POST /v1/button` under load.
//! * `GET /bench/sign-webcrypto?n=N`: signs the button payload N times exactly as
//!   `POST /v1/button` does (string to sign, WebCrypto RSA-PSS, base64; never from the
//!   signature cache) and answers the elapsed milliseconds.
//! * `GET /bench/sign-rsa?n=N`: the same with the pure-Rust `rsa` crate compiled into this Worker.
//!
//! The timing uses `Date.now()`, which advances during CPU work in local workerd (1 ms
//! resolution; N signatures per request make that fine enough). In production it would not.

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_shared::keys::{pem, PrivateKey};
use amazon_pay_shared::payload::{review_payload, to_payload_json};
use amazon_pay_shared::signing::sign_payload;
use amazon_pay_shared::wire::ErrorCode;
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::Reply;
use crate::sign::sign_payload_json_fresh;

/// The most signatures one timing request makes.
pub const MAX_ITERATIONS: u32 = 1000;

thread_local! {
    static RSA_KEY: RefCell<Option<Rc<PrivateKey>>> = const { RefCell::new(None) };
}

/// `POST /bench/noop`.
pub fn noop() -> ApiResult<Reply> {
    Reply::ok(&serde_json::json!({"ok": true}))
}

fn iterations(req: &Request) -> ApiResult<u32> {
    let invalid = || {
        ApiError::new(
            ErrorCode::OptionInvalid,
            format!("n must be a whole number from 1 to {MAX_ITERATIONS}"),
        )
    };
    let url = req.url().map_err(|_| invalid())?;
    let n = url
        .query_pairs()
        .find(|(k, _)| k == "n")
        .map(|(_, v)| v.parse::<u32>().map_err(|_| invalid()))
        .transpose()?
        .unwrap_or(1);
    if (1..=MAX_ITERATIONS).contains(&n) {
        Ok(n)
    } else {
        Err(invalid())
    }
}

/// The payload `POST /v1/button` signs for the configured checkout.
fn button_payload(config: &Config) -> ApiResult<String> {
    Ok(to_payload_json(&review_payload(&config.checkout)?))
}

fn timing(n: u32, ms: f64, payload_json: String, signature: String) -> ApiResult<Reply> {
    Reply::ok(&serde_json::json!({
        "n": n,
        "ms": ms,
        "payloadJSON": payload_json,
        "signature": signature,
    }))
}

/// `GET /bench/sign-webcrypto?n=N`.
pub async fn sign_webcrypto(req: &Request, config: &Config) -> ApiResult<Reply> {
    let n = iterations(req)?;
    let payload_json = button_payload(config)?;
    let started = js_sys::Date::now();
    let mut signature = String::new();
    for _ in 0..n {
        signature = sign_payload_json_fresh(config, payload_json.clone())
            .await?
            .signature;
    }
    let ms = js_sys::Date::now() - started;
    timing(n, ms, payload_json, signature)
}

/// The `rsa`-crate key of this isolate, parsed once (not timed).
fn rsa_key(config: &Config) -> ApiResult<Rc<PrivateKey>> {
    if let Some(key) = RSA_KEY.with(|k| k.borrow().clone()) {
        return Ok(key);
    }
    let text = pem::encode("PRIVATE KEY", config.keys.signing.private_key_pkcs8.expose());
    let key = Rc::new(PrivateKey::from_pem(&text).map_err(|_| ApiError::internal())?);
    RSA_KEY.with(|k| *k.borrow_mut() = Some(key.clone()));
    Ok(key)
}

/// `GET /bench/sign-rsa?n=N`.
pub fn sign_rsa(req: &Request, config: &Config) -> ApiResult<Reply> {
    let n = iterations(req)?;
    let payload_json = button_payload(config)?;
    let key = rsa_key(config)?;
    let algorithm = config.profile.algorithm;
    let started = js_sys::Date::now();
    let mut signature = String::new();
    for _ in 0..n {
        signature = sign_payload(key.as_ref(), algorithm, payload_json.as_bytes())
            .map_err(|_| ApiError::internal())?;
    }
    let ms = js_sys::Date::now() - started;
    timing(n, ms, payload_json, signature)
}
