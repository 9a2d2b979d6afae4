//! Faults between the edge signer and "Amazon": the sandbox answers 500/503/429 or hangs, before
//! or after doing the work. The signer retries with the same idempotency key, within its
//! deadline, and the sandbox's request log shows no duplicate charge or refund.

use amazon_pay_sandbox::requests::LoggedRequest;
use amazon_pay_tests::edge::{
    call, client, control, default_bindings, initiate_checkout, place_order, start_sandbox, Workerd,
    MERCHANT_TOKEN,
};
use serde_json::{json, Value};

async fn fault(sb: &str, plan: Value) {
    control(sb, "/_sandbox/faults", plan).await;
}

/// Runs a checkout up to place-order (before `pay`), returns the session id.
async fn placed_order(w: &Workerd, sb: &str) -> String {
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let id = initiate_checkout(sb, "PayAndShip", &b["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    place_order(|path| w.url(path), &id, &cart).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    id
}

fn entries<'a>(log: &'a [LoggedRequest], method: &str, path: &str) -> Vec<&'a LoggedRequest> {
    log.iter()
        .filter(|e| e.method == method && e.path == path)
        .collect()
}

/// Every attempt used one idempotency key, and the work was done once.
fn assert_once(attempts: &[&LoggedRequest], expected_attempts: usize) {
    assert_eq!(attempts.len(), expected_attempts, "{attempts:#?}");
    let key = attempts[0].idempotency_key.clone();
    assert!(key.is_some(), "{attempts:#?}");
    assert!(attempts.iter().all(|e| e.idempotency_key == key), "{attempts:#?}");
    let done = attempts.iter().filter(|e| e.status < 300 && !e.replayed).count();
    assert_eq!(done, 1, "the operation must run exactly once: {attempts:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retries_reuse_the_idempotency_key_and_never_duplicate() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));

    // Complete: 503 twice before any work → the third attempt completes.
    let id = placed_order(&w, &sb).await;
    fault(
        &sb,
        json!({"status": 503, "count": 2, "pathContains": "/complete"}),
    )
    .await;
    let (s, done) = call(
        reqwest::Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        None,
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Completed", "{done}");
    let charge_id = done["chargeId"].as_str().unwrap().to_owned();
    let log = sandbox.state.log().since(0);
    let completes = entries(&log, "POST", &format!("/v2/checkoutSessions/{id}/complete"));
    assert_once(&completes, 3);
    assert_eq!(completes.iter().filter(|e| e.faulted).count(), 2);

    // Capture: the work is done, then the answer is lost (500 after) → the retry is replayed.
    fault(
        &sb,
        json!({"status": 500, "count": 1, "phase": "after", "pathContains": "/capture"}),
    )
    .await;
    let (s, captured) = call(
        reqwest::Method::POST,
        w.url(&format!("/v1/merchant/charges/{charge_id}/capture")),
        Some(json!({"amount": {"amount": "1700", "currencyCode": "JPY"}})),
        true,
    )
    .await;
    assert_eq!(s, 200, "{captured}");
    let log = sandbox.state.log().since(0);
    let captures = entries(&log, "POST", &format!("/v2/charges/{charge_id}/capture"));
    assert_eq!(captures.len(), 2, "{captures:#?}");
    assert_eq!(captures[0].idempotency_key, captures[1].idempotency_key);
    assert!(captures[0].faulted && captures[1].replayed, "{captures:#?}");

    // Refund: 429 then a hang longer than the per-attempt timeout, then success.
    fault(
        &sb,
        json!({"status": 429, "count": 1, "pathContains": "/v2/refunds"}),
    )
    .await;
    fault(
        &sb,
        json!({"hangMs": 3000, "count": 1, "phase": "after", "pathContains": "/v2/refunds"}),
    )
    .await;
    let started = std::time::Instant::now();
    let (s, refund) = call(
        reqwest::Method::POST,
        w.url("/v1/merchant/refunds"),
        Some(json!({"chargeId": charge_id, "amount": {"amount": "700", "currencyCode": "JPY"}, "reference": "r-1"})),
        true,
    )
    .await;
    assert_eq!(s, 200, "{refund}");
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    // The attempt that hung did the work (its answer never came: workerd gave up and the
    // sandbox does not log an answer it could not write); the retry after it is a replay.
    let log = sandbox.state.log().since(0);
    let refunds = entries(&log, "POST", "/v2/refunds");
    assert!(refunds.len() >= 2, "{refunds:#?}");
    assert!(refunds[0].faulted && refunds[0].status == 429, "{refunds:#?}");
    assert!(refunds.last().unwrap().replayed, "{refunds:#?}");
    let key = refunds[0].idempotency_key.clone();
    assert!(refunds.iter().all(|e| e.idempotency_key == key), "{refunds:#?}");
    let created = refunds.iter().filter(|e| e.status == 201 && !e.replayed).count();
    assert!(created <= 1, "more than one refund was created: {refunds:#?}");
    let (s, got) = call(
        reqwest::Method::GET,
        w.url(&format!(
            "/v1/merchant/refunds/{}",
            refund["refundId"].as_str().unwrap()
        )),
        None,
        true,
    )
    .await;
    assert_eq!(s, 200, "{got}");

    // Unavailable for longer than the retries: a clear error after 4 attempts, no charge.
    fault(
        &sb,
        json!({"status": 503, "count": 10, "pathContains": "/v2/charges/"}),
    )
    .await;
    let before = sandbox.state.log().since(0).len();
    let (s, err) = call(
        reqwest::Method::GET,
        w.url(&format!("/v1/merchant/charges/{charge_id}")),
        None,
        true,
    )
    .await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (503, Some("UPSTREAM_UNAVAILABLE")),
        "{err}"
    );
    let after = sandbox.state.log().since(0);
    assert_eq!(after.len() - before, 4, "1 attempt + 3 retries");
    sandbox_delete_faults(&sb).await;

    // Nothing upstream leaked into answers or logs.
    let logs = w.logs();
    assert!(!logs.contains("PRIVATE KEY") && !logs.contains(MERCHANT_TOKEN));
    assert!(logs.contains(r#""event":"upstream""#), "{logs}");
    drop(w);
    sandbox.stop();
}

async fn sandbox_delete_faults(sb: &str) {
    let _ = client().delete(format!("{sb}/_sandbox/faults")).send().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hanging_api_times_out_within_the_deadline() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    fault(&sb, json!({"hangMs": 30000, "count": 10})).await;
    let started = std::time::Instant::now();
    let (s, err) = call(
        reqwest::Method::GET,
        w.url("/v1/checkout-sessions/5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d"),
        None,
        false,
    )
    .await;
    let took = started.elapsed();
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (504, Some("UPSTREAM_TIMEOUT")),
        "{err}"
    );
    // UPSTREAM_DEADLINE_MS is 8000 in the test configuration.
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    drop(w);
    sandbox.stop();
}
