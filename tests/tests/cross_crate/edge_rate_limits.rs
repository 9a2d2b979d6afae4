//! Abuse limits of the public routes under the Rate Limiting binding (`[[ratelimits]]`): per
//! client IP (`CF-Connecting-IP`) and per checkout-session id, answered `429 RATE_LIMITED` with
//! `Retry-After`, readable by the shop. Under Miniflare (with the ledger), and once under a real
//! `wrangler dev` serving the built Worker.

use amazon_pay_tests::edge::{client, default_bindings, SHOP_ORIGIN};
use amazon_pay_tests::ledger_edge::{stack, LedgerSigner, StackOptions};
use amazon_pay_tests::wrangler_dev::{RateLimit, WranglerDev};
use serde_json::{json, Value};

fn limits(client: u32, session: u32) -> Value {
    json!({
        "RATE_LIMIT_CLIENT": {"namespace_id": "1001", "simple": {"limit": client, "period": 60}},
        "RATE_LIMIT_SESSION": {"namespace_id": "1002", "simple": {"limit": session, "period": 60}},
    })
}

async fn get(w: &LedgerSigner, path: &str, ip: Option<&str>) -> (u16, reqwest::header::HeaderMap, Value) {
    get_url(w.url(path), ip).await
}

async fn get_url(url: String, ip: Option<&str>) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut rb = client().get(url).header("origin", SHOP_ORIGIN);
    if let Some(ip) = ip {
        rb = rb.header("cf-connecting-ip", ip);
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap_or_default();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// One client IP past its limit gets 429 with `Retry-After` and the shop's CORS headers;
/// `/healthz` is never limited.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_past_its_limit_gets_429_with_retry_after() {
    let st = stack(StackOptions {
        ratelimits: Some(limits(5, 1000)),
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(get(w, "/v1/config", Some("203.0.113.7")).await.0);
    }
    assert_eq!(&statuses[..5], [200; 5], "{statuses:?}\n{}", w.logs());
    assert!(statuses.contains(&429), "{statuses:?}\n{}", w.logs());
    let (s, headers, body) = get(w, "/v1/config", Some("203.0.113.7")).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (429, Some("RATE_LIMITED")),
        "{body}"
    );
    assert_eq!(headers["retry-after"], "60");
    assert_eq!(headers["access-control-allow-origin"], SHOP_ORIGIN);
    assert!(headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .contains("retry-after"));
    let (s, _, _) = get(w, "/healthz", Some("203.0.113.7")).await;
    assert_eq!(s, 200);
}

/// A flood of requests for one checkout session, from ever-new client IPs, is cut off by the
/// per-session limit before it reaches Amazon.
#[tokio::test(flavor = "multi_thread")]
async fn one_checkout_session_is_limited_whatever_the_client() {
    let st = stack(StackOptions {
        ratelimits: Some(limits(1000, 3)),
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let path = "/v1/checkout-sessions/00000000-0000-4000-8000-000000000000";
    let mut statuses = Vec::new();
    for n in 0..10 {
        statuses.push(get(w, path, Some(&format!("198.51.100.{n}"))).await.0);
    }
    assert!(statuses[..3].iter().all(|s| *s != 429), "{statuses:?}");
    assert_eq!(*statuses.last().unwrap(), 429, "{statuses:?}\n{}", w.logs());
    // Another session is not affected.
    let (s, _, _) = get(
        w,
        "/v1/checkout-sessions/00000000-0000-4000-8000-000000000001",
        None,
    )
    .await;
    assert_ne!(s, 429);
}

/// The same limit under `wrangler dev` itself (its own Rate Limiting emulation, its own request
/// path): past the limit, 429 `RATE_LIMITED` with `Retry-After` and the CORS headers the shop
/// needs to read it; `/healthz` stays open.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_past_its_limit_gets_429_under_wrangler_dev() {
    // Nothing is asked of Amazon: `/v1/config` answers from the configuration.
    let bindings = default_bindings("http://127.0.0.1:9");
    let limits = [
        RateLimit {
            name: "RATE_LIMIT_CLIENT",
            namespace_id: 1001,
            limit: 5,
            period: 60,
        },
        RateLimit {
            name: "RATE_LIMIT_SESSION",
            namespace_id: 1002,
            limit: 1000,
            period: 60,
        },
    ];
    let w = WranglerDev::start(&bindings, &limits).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(get_url(w.url("/v1/config"), Some("203.0.113.9")).await.0);
    }
    assert_eq!(&statuses[..5], [200; 5], "{statuses:?}\n{}", w.logs());
    assert!(statuses.contains(&429), "{statuses:?}\n{}", w.logs());
    let (s, headers, body) = get_url(w.url("/v1/config"), Some("203.0.113.9")).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (429, Some("RATE_LIMITED")),
        "{body}"
    );
    assert_eq!(headers["retry-after"], "60");
    assert_eq!(headers["access-control-allow-origin"], SHOP_ORIGIN);
    assert!(headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .contains("retry-after"));
    let (s, _, _) = get_url(w.url("/healthz"), Some("203.0.113.9")).await;
    assert_eq!(s, 200);
}
