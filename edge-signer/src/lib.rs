//! The edge signer: a Cloudflare Worker that alone holds the merchant's RSA private key, signs
//! Amazon Pay button payloads and API requests, and forwards charge calls to the API.
//!
//! * [`app`]: the flow of one request (id, configuration, origin policy, route, who may call
//!   it, answer, one log line); [`routes`]: the route table, matched once, each route a thin
//!   handler by kind (public, merchant, webhook); [`auth`]: who may call a route of a kind.
//! * [`services`]: what the routes do (buttons, checkout, charges, refunds, permissions,
//!   amount change, transactions, sync, notifications, reconciliation), calling Amazon and
//!   recording in the ledger; no service knows a route.
//! * [`console`]: the merchant console, HTML pages at `/console/` over the same services;
//! * [`config`]: every setting, read once per isolate and refused as a whole when incomplete
//!   or contradictory.
//! * [`crypto`]: RSA-PSS through WebCrypto with a non-extractable key imported once;
//!   [`sign`] and [`signature_cache`]: button payload signatures, each distinct payload signed
//!   once per isolate.
//! * [`cors`], [`http`], [`ids`], [`error`], [`log`]: origin policy, strict bodies, checked
//!   ids, stable error codes, structured logs; [`rate_limit`]: the abuse limits of the public
//!   routes (Cloudflare's Rate Limiting binding).
//! * [`amounts`]: the only sources of amounts (catalog, cart token, dev-only client amounts,
//!   the merchant's amounts in the ledger currency).
//! * [`upstream`]: signed Amazon Pay API calls with timeouts, retries and idempotency keys;
//!   [`unknown_sessions`]: checkout-session ids Amazon does not know, remembered briefly.
//! * [`ledger`]: the D1 transaction ledger, or a disabled one (no binding, sandbox keys only);
//!   [`enforce`]: the lifecycle at the merchant routes; [`clock`]: the time the rules are
//!   checked at; [`sns`]: notification signatures.
//!
//! * [`scheduled`]: the scheduled run (Cron Triggers): subscriptions due, retries, sync.
//!
//! This file is the single JavaScript boundary: the `fetch` and `scheduled` events.
#![deny(missing_docs)]

pub mod amounts;
pub mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod console;
pub mod cors;
pub mod crypto;
pub mod enforce;
pub mod error;
pub mod http;
pub mod ids;
pub mod ledger;
pub mod log;
pub mod rate_limit;
pub mod routes;
pub mod scheduled;
pub mod services;
pub mod sign;
pub mod signature_cache;
pub mod sns;
pub mod unknown_sessions;
pub mod upstream;

use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

/// The Worker's fetch handler.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    app::handle(req, &env).await
}

/// The Worker's scheduled handler (Cron Triggers): the steps of [`scheduled`].
#[event(scheduled)]
pub async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    scheduled::run(&env, &event.cron()).await
}
