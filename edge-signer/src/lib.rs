//! The edge signer: a Cloudflare Worker that alone holds the merchant's RSA key.
//!
//! Today it answers `GET /healthz`; the signing routes follow.
#![deny(missing_docs)]

use worker::{event, Context, Env, Request, Response, Result};

/// The Worker's fetch handler.
#[event(fetch)]
pub async fn fetch(req: Request, _env: Env, _ctx: Context) -> Result<Response> {
    match (req.method(), req.path().as_str()) {
        (worker::Method::Get, "/healthz") => Response::from_json(&serde_json::json!({"status": "ok"})),
        _ => Ok(Response::from_json(&serde_json::json!({
            "error": {"code": "NOT_FOUND", "message": "no such route"}
        }))?
        .with_status(404)),
    }
}
