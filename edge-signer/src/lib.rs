//! The edge signer: a Cloudflare Worker that alone holds the merchant's RSA private key, signs
//! Amazon Pay button payloads and API requests, and forwards charge calls to the API.
//!
//! * [`config`]: every setting, read once per isolate and refused as a whole when incomplete
//!   or contradictory.
//! * [`crypto`]: RSA-PSS through WebCrypto with a non-extractable key imported once;
//!   [`sign`] and [`signature_cache`]: button payload signatures, each distinct payload signed
//!   once per isolate.
//! * [`cors`], [`http`], [`error`], [`log`]: origin policy, strict bodies, stable error codes,
//!   structured logs.
//! * [`amounts`]: the only sources of amounts (catalog, cart token, dev-only client amounts).
//! * [`upstream`]: signed Amazon Pay API calls with timeouts, retries and idempotency keys.
//! * [`ledger`]: the D1 transaction ledger; [`reconcile`]: keeping it in step with Amazon
//!   (objects recorded, intents before calls); [`enforce`]: the lifecycle at the merchant
//!   routes; [`clock`]: the time the rules are checked at; [`sns`]: notification signatures.
//! * [`routes`]: the `/v1` routes; [`app`] matches and dispatches them.
//!
//! This file is the single JavaScript boundary: the `fetch` event.
#![deny(missing_docs)]

pub mod amounts;
pub mod app;
pub mod clock;
pub mod config;
pub mod cors;
pub mod crypto;
pub mod enforce;
pub mod error;
pub mod http;
pub mod ledger;
pub mod log;
pub mod reconcile;
pub mod routes;
pub mod sign;
pub mod signature_cache;
pub mod sns;
pub mod upstream;

use worker::{event, Context, Env, Request, Response, Result};

/// The Worker's fetch handler.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    app::handle(req, &env).await
}
