//! A request that dies between Amazon's work and the ledger write: the sandbox processes the
//! call and then holds the answer past the signer's deadline (every retry too), so the signer
//! answers `UPSTREAM_TIMEOUT` with its intent still `PENDING` and Amazon's object unknown to the
//! ledger. `POST /v1/merchant/sync` then finishes the intent with the same idempotency key:
//! Amazon answers the first result, the ledger records it, and nothing is done twice — also a
//! month later, when Amazon has deleted the checkout session but still keeps the key.

use amazon_pay_tests::edge::{changing_requests, client, control, sandbox_requests};
use amazon_pay_tests::ledger_edge::{buy, detail, history, merchant, reference_of, stack, StackOptions};
use reqwest::Method;
use serde_json::json;

/// The `replayed` flags of the answered requests `method … path_end` in the sandbox's log (a
/// request whose caller gave up before the answer is not logged).
async fn answered(sb: &str, method: &str, path_end: &str) -> Vec<bool> {
    sandbox_requests(sb)
        .await
        .iter()
        .filter(|r| r["method"] == method && r["path"].as_str().unwrap_or("").ends_with(path_end))
        .map(|r| r["replayed"] == true)
        .collect()
}

async fn clear_faults(sb: &str) {
    let resp = client()
        .delete(format!("{sb}/_sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_killed_after_amazon_is_reconciled_by_sync() {
    let st = stack(StackOptions::with_bindings(&[
        ("UPSTREAM_TIMEOUT_MS", "800"),
        ("UPSTREAM_DEADLINE_MS", "2500"),
    ]))
    .await;
    let w = &st.signer;
    let (id, done) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    let checkout = reference_of(&id);
    let first = done["chargeId"].as_str().unwrap().to_owned();
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    let (s, v) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{first}/cancel"),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 200, "{v}");

    // 1. A merchant-initiated charge whose answer never comes back.
    control(
        &st.sb,
        "/_sandbox/faults",
        json!({"status": 503, "hangMs": 1500, "count": 20, "phase": "after", "replays": true, "pathContains": "/v2/charges"}),
    )
    .await;
    let body = json!({"chargePermissionId": permission, "amount": {"amount": "500", "currencyCode": "JPY"},
                      "reference": "killed-1"});
    let (s, v) = merchant(w, Method::POST, "/v1/merchant/charges", Some(body)).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (504, Some("UPSTREAM_TIMEOUT")),
        "{v}"
    );
    clear_faults(&st.sb).await;
    // Amazon made the charge, but no answer got through; the ledger knows only the intent.
    assert_eq!(answered(&st.sb, "POST", "/v2/charges").await, Vec::<bool>::new());
    let d = detail(w, "killed-1").await;
    assert_eq!(d["status"], "UNPROCESSED", "{d}");
    assert!(d["chargeId"].is_null());
    assert_eq!(d["intents"][0]["operation"], "EXECUTE");
    assert_eq!(d["intents"][0]["state"], "PENDING");

    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(
        synced["intents"],
        json!([{"merchantReference": "killed-1", "operation": "EXECUTE", "state": "DONE"}]),
        "{synced}"
    );
    let d = detail(w, "killed-1").await;
    assert_eq!(d["status"], "AUTH", "{d}");
    assert!(d["chargeId"].is_string());
    assert_eq!(d["intents"][0]["state"], "DONE");
    assert_eq!(d["intents"][0]["resultId"], d["chargeId"]);
    assert_eq!(history(&d), ["AUTH"]);
    assert_eq!(d["history"][0]["source"], "sync");
    // The sync's request was a replay of the first answer under the same idempotency key:
    // Amazon made one charge.
    assert_eq!(answered(&st.sb, "POST", "/v2/charges").await, [true]);
    let charge = d["chargeId"].as_str().unwrap().to_owned();

    // 2. A capture whose answer never comes back.
    control(
        &st.sb,
        "/_sandbox/faults",
        json!({"status": 503, "hangMs": 1500, "count": 20, "phase": "after", "replays": true, "pathContains": "/capture"}),
    )
    .await;
    let (s, v) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": {"amount": "500", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (504, Some("UPSTREAM_TIMEOUT")),
        "{v}"
    );
    clear_faults(&st.sb).await;
    let d = detail(w, "killed-1").await;
    assert_eq!(d["status"], "AUTH", "the ledger has not seen the capture yet");
    assert_eq!(d["intents"][1]["operation"], "CAPTURE");
    assert_eq!(d["intents"][1]["state"], "PENDING");
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["intents"][0]["state"], "DONE", "{synced}");
    let d = detail(w, "killed-1").await;
    assert_eq!(d["status"], "SALES", "{d}");
    assert_eq!(d["captured"], "500");
    assert_eq!(answered(&st.sb, "POST", "/capture").await, [true]);

    // Nothing is left to reconcile; the checkout transaction was not touched.
    let (_, again) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(again["intents"], json!([]));
    assert_eq!(detail(w, &checkout).await["status"], "CANCEL");
}

/// A checkout whose Complete died before (`"before"`) or after (`"after"`) Amazon did it, with
/// every retry: the signer answered `UPSTREAM_TIMEOUT`, its COMPLETE intent is `PENDING`, the
/// order `AUTHPROCESS`. Returns the stack and the order's reference.
async fn completion_lost(phase: &str) -> (amazon_pay_tests::ledger_edge::Stack, String) {
    use amazon_pay_tests::edge::call;
    let st = stack(StackOptions::with_bindings(&[
        ("UPSTREAM_TIMEOUT_MS", "800"),
        ("UPSTREAM_DEADLINE_MS", "2500"),
    ]))
    .await;
    let w = &st.signer;
    let id = placed_and_left(&st).await;
    control(&st.sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    control(
        &st.sb,
        "/_sandbox/faults",
        json!({"status": 503, "hangMs": 1500, "count": 20, "phase": phase, "replays": true,
               "pathContains": "/complete"}),
    )
    .await;
    let (s, v) = call(
        Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (504, Some("UPSTREAM_TIMEOUT")),
        "{v}"
    );
    clear_faults(&st.sb).await;
    let reference = reference_of(&id);
    let d = detail(&st.signer, &reference).await;
    assert_eq!(d["status"], "AUTHPROCESS", "{d}");
    assert_eq!(d["intents"][0]["operation"], "COMPLETE");
    assert_eq!(d["intents"][0]["state"], "PENDING");
    (st, reference)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_completion_killed_after_amazon_is_reconciled_by_sync() {
    let (st, reference) = completion_lost("after").await;
    let w = &st.signer;
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["intents"][0]["state"], "DONE", "{synced}");
    let d = detail(w, &reference).await;
    assert_eq!(d["status"], "AUTH", "{d}");
    assert!(
        d["chargeId"].is_string() && d["chargePermissionId"].is_string(),
        "{d}"
    );
    assert_eq!(history(&d), ["AUTHPROCESS", "AUTH"]);
    assert_eq!(d["history"][1]["source"], "sync");
    assert_eq!(answered(&st.sb, "POST", "/complete").await, [true]);
}

/// The same, with sync only a month later: Amazon has deleted the checkout session by then,
/// but it keeps idempotency keys indefinitely and answers the first Complete again; the order
/// is recorded with the charge as it now is (its authorization expired unused after 30 days).
#[tokio::test(flavor = "multi_thread")]
async fn a_completion_killed_after_amazon_is_reconciled_by_a_sync_a_month_later() {
    let (st, reference) = completion_lost("after").await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 31 * 86_400})).await;
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["intents"][0]["state"], "DONE", "{synced}");
    let d = detail(w, &reference).await;
    assert!(
        d["chargeId"].is_string() && d["chargePermissionId"].is_string(),
        "{d}"
    );
    assert_eq!(d["status"], "CANCEL", "{d}");
    assert_eq!(d["charges"][0]["reasonCode"], "ExpiredUnused", "{d}");
    assert_eq!(history(&d), ["AUTHPROCESS", "CANCEL"]);
    assert_eq!(answered(&st.sb, "POST", "/complete").await, [true]);
}

/// A Complete that never reached Amazon, finished by a sync only a month later: Amazon has
/// deleted the checkout session, so the intent fails `RESOURCE_NOT_FOUND`, nothing is
/// charged, and the order leaves `AUTHPROCESS` as an expired session (`UNPROCESSED`), so it
/// is not shown as awaiting payment for ever.
#[tokio::test(flavor = "multi_thread")]
async fn a_completion_that_never_reached_amazon_fails_when_synced_a_month_later() {
    let (st, reference) = completion_lost("before").await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 31 * 86_400})).await;
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["intents"][0]["state"], "FAILED", "{synced}");
    let d = detail(w, &reference).await;
    assert_eq!(d["intents"][0]["errorCode"], "RESOURCE_NOT_FOUND", "{d}");
    assert!(d["chargeId"].is_null() && d["charges"] == json!([]), "{d}");
    assert_eq!(d["status"], "UNPROCESSED", "{d}");
    assert_eq!(history(&d), ["AUTHPROCESS", "UNPROCESSED"]);
    // The only Complete Amazon answered is the sync's, refused.
    assert_eq!(answered(&st.sb, "POST", "/complete").await, [false]);
}

/// The same two days later: the session still exists at Amazon, expired after 24 hours; the
/// refused completion records it as Amazon shows it.
#[tokio::test(flavor = "multi_thread")]
async fn a_completion_that_never_reached_amazon_records_the_expired_session_when_synced_days_later() {
    let (st, reference) = completion_lost("before").await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 2 * 86_400})).await;
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["intents"][0]["state"], "FAILED", "{synced}");
    let d = detail(w, &reference).await;
    assert!(d["chargeId"].is_null() && d["charges"] == json!([]), "{d}");
    assert_eq!(d["status"], "UNPROCESSED", "{d}");
    assert_eq!(history(&d), ["AUTHPROCESS", "UNPROCESSED"]);
    assert_eq!(answered(&st.sb, "POST", "/complete").await, [false]);
}

/// A checkout placed on the signer (`AUTHPROCESS`: the buyer was sent to pay at Amazon) and
/// left there; answers its checkout session id (the order's reference is [`reference_of`] it).
async fn placed_and_left(st: &amazon_pay_tests::ledger_edge::Stack) -> String {
    let w = &st.signer;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let button = json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart});
    let id = st
        .approved_checkout("/v1/button", button, "PayAndShip", json!({}))
        .await;
    st.place_order(&id, &cart).await;
    assert_eq!(detail(w, &reference_of(&id)).await["status"], "AUTHPROCESS");
    id
}

/// Amazon sends no notification when a checkout session expires: an order whose buyer never
/// paid would read `AUTHPROCESS` for ever. Sync reads the sessions still open, oldest first:
/// while they are open nothing changes; a day later the abandoned one is recorded expired
/// (`UNPROCESSED`) and the younger one, still open at Amazon, ends the pass untouched.
#[tokio::test(flavor = "multi_thread")]
async fn sync_records_checkouts_amazon_expired_without_a_notification() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let abandoned = reference_of(&placed_and_left(&st).await);
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["sessions"], json!([]), "{synced}");
    assert_eq!(detail(w, &abandoned).await["status"], "AUTHPROCESS");

    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 25 * 3600})).await;
    let younger = reference_of(&placed_and_left(&st).await);
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(
        synced["sessions"],
        json!([{"merchantReference": abandoned, "before": "AUTHPROCESS", "status": "UNPROCESSED"}]),
        "{synced}"
    );
    let d = detail(w, &abandoned).await;
    assert_eq!(history(&d), ["AUTHPROCESS", "UNPROCESSED"], "{d}");
    assert_eq!(d["history"][1]["source"], "sync", "{d}");
    assert!(d["charges"] == json!([]), "{d}");
    assert_eq!(detail(w, &younger).await["status"], "AUTHPROCESS");

    // A month on, Amazon has deleted the younger one too: recorded as expired all the same.
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 31 * 86_400})).await;
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(
        synced["sessions"],
        json!([{"merchantReference": younger, "before": "AUTHPROCESS", "status": "UNPROCESSED"}]),
        "{synced}"
    );
    // Nothing was charged, and sync sent Amazon nothing but reads.
    assert!(changing_requests(&st.sb)
        .await
        .iter()
        .all(|r| !r.contains("/complete") && !r.contains("/v2/charges")));
}
