//! Outgoing merchant events: the signer with its ledger, the sandbox, and a receiver on
//! 127.0.0.1 in the test that checks each delivery's `x-amazon-pay-edge-signature`
//! (HMAC-SHA256 over `<t>.<body>` with the secret it holds, `t` within five minutes of its own
//! clock) the way a merchant's backend would, and answers what the test tells it to. Deliveries
//! run from `POST /v1/merchant/sync` and from the scheduled run: a captured charge, retries and
//! failures, a subscription's soft-declined charge (`charge.declined`) and a refund Amazon
//! declines (`refund.declined`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use amazon_pay_sandbox::notifications::SignatureVersion;
use amazon_pay_tests::edge::free_port;
use amazon_pay_tests::ledger_edge::{
    buy, deliveries, merchant, post_notification, stack, LedgerSigner, Stack, StackOptions,
};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Sha256;

const SECRET: &str = "whsec-test-0123456789abcdef0123456789abcdef";

/// One delivery as the receiver saw it.
#[derive(Debug, Clone)]
struct Received {
    body: Value,
    verified: bool,
    answered: u16,
}

/// What the receiver holds: the secret it verifies with, the statuses to answer (then 200),
/// and every delivery.
#[derive(Default)]
struct Receiver {
    secret: String,
    script: VecDeque<u16>,
    seen: Vec<Received>,
}

type Shared = Arc<Mutex<Receiver>>;

/// The merchant's check: `t=<unix>,v1=<hex>[,v1=<hex>]`, any `v1` equal to
/// HMAC-SHA256(secret, `<t>.<body>`), `t` within 300 s of now.
fn verify(header: &str, body: &[u8], secret: &str) -> bool {
    let mut t = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => signatures.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    if (now - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected = hex_of(&mac.finalize().into_bytes());
    signatures.contains(&expected)
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn hook(State(r): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = headers
        .get("x-amazon-pay-edge-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut r = r.lock().unwrap();
    let verified = verify(&header, &body, &r.secret);
    let answered = if !verified {
        401
    } else {
        r.script.pop_front().unwrap_or(200)
    };
    r.seen.push(Received {
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        verified,
        answered,
    });
    StatusCode::from_u16(answered).unwrap()
}

/// Starts the receiver; answers its state and its URL.
async fn receiver(secret: &str) -> (Shared, String) {
    let state: Shared = Arc::new(Mutex::new(Receiver {
        secret: secret.to_owned(),
        ..Receiver::default()
    }));
    let app = axum::Router::new()
        .route("/hooks/amazon-pay", post(hook))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/amazon-pay", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (state, url)
}

/// The sandbox (notifications kept back: they go to a closed port, the test posts them) and
/// the signer sending events to `url`.
async fn events_stack(url: &str, extra: &[(&str, &str)]) -> Stack {
    let closed = format!("http://127.0.0.1:{}/nowhere", free_port());
    let mut bindings = vec![("MERCHANT_EVENTS_URL", url), ("MERCHANT_EVENTS_SECRET", SECRET)];
    bindings.extend_from_slice(extra);
    stack(StackOptions {
        notifications: Some(SignatureVersion::V2),
        notification_url: Some(closed),
        ..StackOptions::with_bindings(&bindings)
    })
    .await
}

/// A catalog purchase captured through the merchant route; answers the charge id.
async fn captured_charge(st: &Stack) -> String {
    captured_charge_paid_with(st, json!({})).await
}

/// A catalog purchase (one TEA-1, 1,700 JPY) paid as `approve` says (buyer, instrument) and
/// captured in full through the merchant route; answers the charge id.
async fn captured_charge_paid_with(st: &Stack, approve: Value) -> String {
    let (_, done) = buy(
        &st.signer,
        &st.sb,
        json!([{"sku": "TEA-1", "quantity": 1}]),
        approve,
    )
    .await;
    let charge = done["chargeId"].as_str().expect("a charge").to_owned();
    let (s, c) = merchant(
        &st.signer,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": {"amount": "1700", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(
        (s, c["statusDetails"]["state"].as_str()),
        (200, Some("Captured")),
        "{c}"
    );
    charge
}

async fn sync(w: &LedgerSigner) -> Value {
    let (s, v) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{v}");
    v
}

async fn event_log(w: &LedgerSigner, query: &str) -> Vec<Value> {
    let (s, v) = merchant(w, Method::GET, &format!("/v1/merchant/events{query}"), None).await;
    assert_eq!(s, 200, "{v}");
    v["events"].as_array().cloned().unwrap_or_default()
}

/// Syncs until the event of `kind` is in `state` (at most about 30 s: retries wait their
/// back-off on the Worker's clock); answers its log row.
async fn sync_until(w: &LedgerSigner, kind: &str, state: &str) -> Value {
    let mut last = Value::Null;
    for _ in 0..60 {
        sync(w).await;
        if let Some(e) = event_log(w, &format!("?type={kind}")).await.first() {
            last = e.clone();
            if e["state"] == state {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the {kind} event never became {state}: {last}\n{}", w.logs());
}

/// The Amazon notification bodies the sandbox sent about `object_id` in `state`.
async fn notification_bodies(sb: &str, object_id: &str, state: &str) -> Vec<String> {
    for _ in 0..100 {
        let found: Vec<String> = deliveries(sb)
            .await
            .into_iter()
            .filter(|d| d["objectId"] == object_id && d["state"] == state)
            .filter_map(|d| d["body"].as_str().map(str::to_owned))
            .collect();
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {state} notification for {object_id}");
}

/// A charge captured at the merchant route, then told again by Amazon's instant notification
/// (delivered twice) and read again: the merchant's backend receives exactly one
/// `charge.succeeded`, signed, and the logs show it delivered and the notification recorded.
#[tokio::test(flavor = "multi_thread")]
async fn a_captured_charge_is_announced_once_signed() {
    let (rx, url) = receiver(SECRET).await;
    let st = events_stack(&url, &[]).await;
    let w = &st.signer;
    let charge = captured_charge(&st).await;

    let body = notification_bodies(&st.sb, &charge, "Captured").await.remove(0);
    let (s, first) = post_notification(w, &body).await;
    assert_eq!((s, first["outcome"].as_str()), (200, Some("recorded")), "{first}");
    let (s, again) = post_notification(w, &body).await;
    assert_eq!(
        (s, again["outcome"].as_str()),
        (200, Some("duplicate")),
        "{again}"
    );
    let (s, _) = merchant(w, Method::GET, &format!("/v1/merchant/charges/{charge}"), None).await;
    assert_eq!(s, 200);

    let run = sync(w).await;
    assert_eq!(run["events"]["delivered"], 1, "{run}\n{}", w.logs());
    let run = sync(w).await;
    assert_eq!(run["events"]["delivered"], 0, "{run}");

    let seen = rx.lock().unwrap().seen.clone();
    let succeeded: Vec<&Received> = seen
        .iter()
        .filter(|r| r.body["type"] == "charge.succeeded")
        .collect();
    assert_eq!(succeeded.len(), 1, "{seen:?}");
    let event = &succeeded[0];
    assert!(event.verified, "{event:?}");
    assert_eq!(event.body["data"]["chargeId"], charge.as_str());
    assert_eq!(event.body["data"]["amount"], "1700");
    assert_eq!(event.body["data"]["currencyCode"], "JPY");
    assert!(event.body["id"].as_str().unwrap().starts_with("evt_"));
    assert!(event.body["createdAt"].as_str().unwrap().ends_with('Z'));

    let log = event_log(w, "?type=charge.succeeded&state=delivered").await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["id"], event.body["id"]);
    assert_eq!(log[0]["subject"], charge.as_str());
    assert_eq!(
        (log[0]["attempts"].as_i64(), log[0]["lastStatus"].as_i64()),
        (Some(1), Some(200))
    );
    assert!(log[0]["deliveredAt"].is_string() && log[0]["nextAttemptAt"].is_null());

    let (s, n) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/notifications?objectType=CHARGE&objectId={charge}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{n}");
    let rows = n["notifications"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{n}");
    assert_eq!(rows[0]["outcome"], "recorded");
    assert!(!n.to_string().contains("Signature") && !n.to_string().contains(SECRET));
    // Without the bearer token neither log is readable.
    let (s, _) = amazon_pay_tests::edge::call(Method::GET, w.url("/v1/merchant/events"), None, false).await;
    assert_eq!(s, 401);
    let (s, e) = merchant(w, Method::GET, "/v1/merchant/events?state=sent", None).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "{e}"
    );
}

/// A receiver holding the wrong secret refuses the delivery (401), one answering 500 gets it
/// again after the back-off, and it is then accepted; a refund whose receiver keeps failing
/// ends `failed` after the last attempt. The delivery log shows each state.
#[tokio::test(flavor = "multi_thread")]
async fn deliveries_are_retried_until_accepted_or_failed() {
    let (rx, url) = receiver("whsec-someone-else-0123456789abcdef0123").await;
    let st = events_stack(
        &url,
        &[
            ("MERCHANT_EVENTS_RETRY_SECONDS", "1"),
            ("MERCHANT_EVENTS_MAX_ATTEMPTS", "3"),
        ],
    )
    .await;
    let w = &st.signer;
    let charge = captured_charge(&st).await;

    // Wrong secret at the receiver: verification fails, the signer will try again.
    let run = sync(w).await;
    assert_eq!(run["events"]["retrying"], 1, "{run}\n{}", w.logs());
    let row = event_log(w, "?type=charge.succeeded").await.remove(0);
    assert_eq!(row["state"], "pending", "{row}");
    assert_eq!(
        (row["attempts"].as_i64(), row["lastStatus"].as_i64()),
        (Some(1), Some(401))
    );
    assert_eq!(row["lastError"], "http 401");
    assert!(row["nextAttemptAt"].is_string(), "{row}");
    {
        let r = rx.lock().unwrap();
        assert_eq!(r.seen.len(), 1);
        assert!(!r.seen[0].verified);
    }

    // The right secret, but the backend fails once with 500: retried, then accepted.
    {
        let mut r = rx.lock().unwrap();
        r.secret = SECRET.to_owned();
        r.script.push_back(500);
    }
    let row = sync_until(w, "charge.succeeded", "delivered").await;
    assert_eq!(
        (row["attempts"].as_i64(), row["lastStatus"].as_i64()),
        (Some(3), Some(200)),
        "{row}"
    );
    {
        let r = rx.lock().unwrap();
        let answers: Vec<(bool, u16)> = r.seen.iter().map(|s| (s.verified, s.answered)).collect();
        assert_eq!(answers, [(false, 401), (true, 500), (true, 200)], "{:?}", r.seen);
        let ids: Vec<&Value> = r.seen.iter().map(|s| &s.body["id"]).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "one event, one id: {ids:?}");
        assert_eq!(r.seen[2].body["data"]["chargeId"], charge.as_str());
    }

    // A refund whose receiver answers 500 every time: three attempts, then `failed`.
    rx.lock().unwrap().script.extend([500, 500, 500]);
    let (s, refund) = merchant(
        w,
        Method::POST,
        "/v1/merchant/refunds",
        Some(json!({"chargeId": charge, "amount": {"amount": "700", "currencyCode": "JPY"}, "reference": "refund-1"})),
    )
    .await;
    assert_eq!(s, 200, "{refund}");
    let row = sync_until(w, "refund.completed", "failed").await;
    assert_eq!(
        (row["attempts"].as_i64(), row["lastStatus"].as_i64()),
        (Some(3), Some(500)),
        "{row}"
    );
    assert!(row["nextAttemptAt"].is_null(), "{row}");
    assert_eq!(row["data"]["refundId"], refund["refundId"]);
    assert_eq!(row["data"]["amount"], "700");
    let failed = event_log(w, "?state=failed").await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    // A failed event is never sent again.
    let before = rx.lock().unwrap().seen.len();
    sync(w).await;
    assert_eq!(rx.lock().unwrap().seen.len(), before);
}

/// The receiver's verified deliveries of `kind`.
fn verified_of(rx: &Shared, kind: &str) -> Vec<Received> {
    rx.lock()
        .unwrap()
        .seen
        .iter()
        .filter(|r| r.body["type"] == kind)
        .cloned()
        .collect()
}

/// A subscription's period soft-declined by Amazon (the sandbox's soft-decline instrument):
/// the scheduled run records the decline and the merchant's backend receives one
/// `charge.declined`, signed, with the subscription, the permission, the amount and Amazon's
/// reason.
#[tokio::test(flavor = "multi_thread")]
async fn a_soft_declined_subscription_charge_is_announced_signed() {
    let (rx, url) = receiver(SECRET).await;
    let st = events_stack(&url, &[]).await;
    let w = &st.signer;
    amazon_pay_tests::edge::control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (id, pid) = crate::subscriptions::subscribe(&st).await;
    amazon_pay_tests::edge::control(
        &st.sb,
        &format!("/_sandbox/chargePermissions/{pid}/paymentMethod"),
        json!({"instrumentId": "us-amex-soft"}),
    )
    .await;
    let d = crate::subscriptions::subscription(w, &id).await;
    crate::subscriptions::clock_to(&st.sb, crate::subscriptions::unix(&d["nextChargeAt"])).await;
    // The run charges the period, records the decline and delivers the events due.
    w.run_scheduled().await;
    let d = crate::subscriptions::subscription(w, &id).await;
    assert_eq!(
        (d["status"].as_str(), d["lastDecline"].as_str()),
        (Some("active"), Some("SoftDeclined")),
        "retried later: {d}"
    );
    let row = sync_until(w, "charge.declined", "delivered").await;
    let declined = verified_of(&rx, "charge.declined");
    assert_eq!(declined.len(), 1, "{declined:?}");
    let event = &declined[0];
    assert!(event.verified, "{event:?}");
    assert_eq!(event.answered, 200);
    let data = &event.body["data"];
    assert_eq!(data["chargePermissionId"], pid.as_str(), "{data}");
    assert_eq!(data["reasonCode"], "SoftDeclined", "{data}");
    assert_eq!(
        (data["amount"].as_str(), data["currencyCode"].as_str()),
        (Some("1700"), Some("JPY"))
    );
    assert_eq!(data["subscriptionId"], id.as_str(), "{data}");
    assert_eq!(data["period"], 1, "{data}");
    assert_eq!(row["id"], event.body["id"]);
}

/// A refund of a charge paid with the sandbox's refund-declined instrument: Amazon declines
/// the refund after accepting it, the signer records it and the merchant's backend receives one
/// `refund.declined`, signed, with the refund, the charge and the amount.
#[tokio::test(flavor = "multi_thread")]
async fn a_declined_refund_is_announced_signed() {
    let (rx, url) = receiver(SECRET).await;
    let st = events_stack(&url, &[]).await;
    let w = &st.signer;
    let charge = captured_charge_paid_with(
        &st,
        json!({"buyerId": "amzn1.account.SANDBOXBUYEREU0003", "instrumentId": "eu-mc-refund-decline"}),
    )
    .await;
    let (s, refund) = merchant(
        w,
        Method::POST,
        "/v1/merchant/refunds",
        Some(json!({"chargeId": charge, "amount": {"amount": "700", "currencyCode": "JPY"}, "reference": "refund-declined-1"})),
    )
    .await;
    assert_eq!(s, 200, "{refund}");
    let refund_id = refund["refundId"].as_str().expect("a refund").to_owned();
    let row = sync_until(w, "refund.declined", "delivered").await;
    let declined = verified_of(&rx, "refund.declined");
    assert_eq!(declined.len(), 1, "{declined:?}");
    let event = &declined[0];
    assert!(event.verified, "{event:?}");
    let data = &event.body["data"];
    assert_eq!(data["refundId"], refund_id.as_str(), "{data}");
    assert_eq!(data["chargeId"], charge.as_str(), "{data}");
    assert_eq!(data["state"], "Declined", "{data}");
    assert_eq!(
        (data["amount"].as_str(), data["currencyCode"].as_str()),
        (Some("700"), Some("JPY"))
    );
    assert_eq!(row["subject"], refund_id.as_str());
    assert!(
        verified_of(&rx, "refund.completed").is_empty(),
        "never announced as completed"
    );
}
