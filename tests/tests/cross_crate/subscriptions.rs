//! Subscriptions that run themselves: a recurring checkout starts a subscription, and the
//! signer's scheduled handler (run through Miniflare's trigger, as a Cron Trigger runs it)
//! charges each period once against the sandbox with its clock frozen and moved by the test:
//! thirteen monthly periods with two runs each and an answer lost between Amazon and the
//! ledger; the monthly cap at its edge with metered usage; a soft decline retried to success
//! and a hard decline to `past_due`, resumed at the next run after the buyer chose another
//! payment method (Amazon's notification of it wakes the subscription); a cancel at the
//! period's end.

use amazon_pay_tests::edge::{call, client, control, sandbox_now, sandbox_requests};
use amazon_pay_tests::ledger_edge::{merchant, stack, LedgerSigner, Stack, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

fn yen(amount: &str) -> Value {
    json!({"amount": amount, "currencyCode": "JPY"})
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

/// A monthly subscription of one TEA-1 (1,700 with shipping) through the Recurring button, the
/// review page and the first payment; answers its id and charge permission.
pub(crate) async fn subscribe(st: &Stack) -> (String, String) {
    let done = subscribe_as(st, json!({})).await;
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    (format!("sub-{permission}"), permission)
}

/// [`subscribe`] with the buyer's choice at Amazon (`approve`: the sandbox's approve body, e.g.
/// a buyer and an instrument); answers complete's answer to the buyer's browser.
pub(crate) async fn subscribe_as(st: &Stack, approve: Value) -> Value {
    let w = &st.signer;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let button = json!({"kind": "Recurring", "placement": "Cart", "frequencyUnit": "Month",
                        "frequencyValue": "1", "cart": cart});
    let id = st
        .approved_checkout("/v1/permission-button", button, "PayAndShip", approve)
        .await;
    st.place_order(&id, &cart).await;
    control(&st.sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    let (s, done) = call(
        Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!((s, done["outcome"].as_str()), (200, Some("Completed")), "{done}");
    done
}

pub(crate) async fn subscription(w: &LedgerSigner, id: &str) -> Value {
    let (s, v) = merchant(w, Method::GET, &format!("/v1/merchant/subscriptions/{id}"), None).await;
    assert_eq!(s, 200, "{v}");
    v
}

pub(crate) fn unix(iso: &Value) -> i64 {
    amazon_pay_shared::time::parse(iso.as_str().expect("a time")).expect("a time")
}

/// Moves the frozen sandbox clock to `at` (never back).
pub(crate) async fn clock_to(sb: &str, at: i64) {
    let now = sandbox_now(sb).await;
    if at > now {
        control(sb, "/_sandbox/clock", json!({"advanceSeconds": at - now})).await;
    }
}

/// The charges created at the sandbox (POST /v2/charges processed, replays not counted).
pub(crate) async fn charges_created(sb: &str) -> usize {
    sandbox_requests(sb)
        .await
        .iter()
        .filter(|r| {
            r["method"] == "POST" && r["path"] == "/v2/charges" && r["replayed"] != true && r["status"] != 400
        })
        .count()
}

fn period(detail: &Value, k: usize) -> &Value {
    &detail["periods"][k]
}

async fn permission_expiry(w: &LedgerSigner, pid: &str) -> i64 {
    let (s, p) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/charge-permissions/{pid}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{p}");
    amazon_pay_shared::time::parse(p["expirationTimestamp"].as_str().unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monthly_subscription_is_charged_thirteen_times_once_each() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (id, pid) = subscribe(&st).await;
    let first_expiry = permission_expiry(w, &pid).await;
    let d = subscription(w, &id).await;
    assert_eq!(
        (d["status"].as_str(), d["plan"].as_str(), d["amount"].as_str()),
        (Some("active"), Some("fixed"), Some("1700")),
        "{d}"
    );
    assert_eq!(d["frequency"], json!({"unit": "Month", "value": "1"}));
    assert_eq!(period(&d, 0)["state"], "CHARGED", "the checkout is period 0: {d}");
    assert_eq!(d["nextPeriod"], 1);
    // Nothing is due yet.
    w.run_scheduled().await;
    assert_eq!(charges_created(&st.sb).await, 0);

    let mut charge_ids = vec![period(&d, 0)["chargeId"].as_str().unwrap().to_owned()];
    for k in 1..=12usize {
        let before = subscription(w, &id).await;
        let due = unix(&before["nextChargeAt"]);
        // One second early: not due.
        clock_to(&st.sb, due - 1).await;
        w.run_scheduled().await;
        assert_eq!(charges_created(&st.sb).await, k - 1, "period {k} early");
        clock_to(&st.sb, due).await;
        if k == 5 {
            // The charge is made, then every answer to it is lost: the period stays pending.
            control(
                &st.sb,
                "/_sandbox/faults",
                json!({"status": 503, "count": 4, "phase": "after", "replays": true,
                       "pathContains": "/v2/charges"}),
            )
            .await;
            let log = w.run_scheduled().await;
            client()
                .delete(format!("{}/_sandbox/faults", st.sb))
                .send()
                .await
                .unwrap();
            let pending = subscription(w, &id).await;
            assert_eq!(period(&pending, k)["state"], "PENDING", "{pending}\n{log}");
            assert_eq!(pending["nextPeriod"], 5, "not moved on: {pending}");
        }
        // Two runs in the period.
        w.run_scheduled().await;
        w.run_scheduled().await;
        let after = subscription(w, &id).await;
        let p = period(&after, k);
        assert_eq!(
            (p["state"].as_str(), p["amount"].as_str(), p["retries"].as_i64()),
            (Some("CHARGED"), Some("1700"), Some(0)),
            "period {k}: {after}"
        );
        assert_eq!(after["nextPeriod"], k as i64 + 1);
        assert_eq!(after["status"], "active");
        assert_eq!(charges_created(&st.sb).await, k, "period {k} charged once");
        charge_ids.push(p["chargeId"].as_str().unwrap().to_owned());
        // The period's transaction is in the ledger, captured.
        let reference = p["merchantReference"].as_str().unwrap();
        assert_eq!(reference, format!("{id}-p{k}"));
        let (s, tx) = merchant(
            w,
            Method::GET,
            &format!("/v1/merchant/transactions/{reference}"),
            None,
        )
        .await;
        assert_eq!((s, tx["status"].as_str()), (200, Some("CAPTURE")), "{tx}");
    }
    let mut distinct = charge_ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 13, "{charge_ids:?}");
    // Each charge extended the permission: 13 months (395 days in the sandbox) from the last.
    let last = subscription(w, &id).await;
    let last_start = unix(&period(&last, 12)["startsAt"]);
    let expiry = permission_expiry(w, &pid).await;
    assert_eq!(expiry, last_start + 395 * 86_400);
    assert!(expiry > first_expiry + 300 * 86_400);
    // A merchant-initiated charge cannot take a period's reference.
    let (s, v) = merchant(
        w,
        Method::POST,
        "/v1/merchant/charges",
        Some(json!({"chargePermissionId": pid, "amount": yen("1700"), "reference": format!("{id}-p12")})),
    )
    .await;
    assert_eq!((s, code(&v)), (409, "SUBSCRIPTION_PERIOD_RESERVED"), "{v}");
    assert_eq!(charges_created(&st.sb).await, 12);
}

#[tokio::test(flavor = "multi_thread")]
async fn metered_usage_is_summed_and_charged_up_to_the_monthly_cap() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (id, _) = subscribe(&st).await;
    let usage = |usage_id: &str, quantity: i64, unit: &str| json!({"usageId": usage_id, "quantity": quantity, "unitPrice": yen(unit)});
    let usage_path = format!("/v1/merchant/subscriptions/{id}/usage");
    let post_usage = |body: Value| merchant(w, Method::POST, &usage_path, Some(body));
    let (s, v) = post_usage(usage("u-1", 60, "1000")).await;
    assert_eq!((s, code(&v)), (409, "SUBSCRIPTION_NOT_METERED"), "{v}");
    let (s, v) = merchant(
        w,
        Method::PATCH,
        &format!("/v1/merchant/subscriptions/{id}"),
        Some(json!({"plan": "metered"})),
    )
    .await;
    assert_eq!((s, v["plan"].as_str()), (200, Some("metered")), "{v}");
    // Period 0's usage: 60 + 40 units of 1,000 = exactly the cap.
    let (s, v) = post_usage(usage("u-1", 60, "1000")).await;
    assert_eq!((s, v["periodTotal"].as_str()), (200, Some("60000")), "{v}");
    let (s, v) = post_usage(usage("u-1", 60, "1000")).await;
    assert_eq!(
        (s, v["periodTotal"].as_str()),
        (200, Some("60000")),
        "the same line again: {v}"
    );
    let (s, v) = post_usage(usage("u-1", 61, "1000")).await;
    assert_eq!((s, code(&v)), (409, "SUBSCRIPTION_USAGE_CONFLICT"), "{v}");
    let (s, v) = post_usage(usage("u-2", 40, "1000")).await;
    assert_eq!(
        (s, v["periodTotal"].as_str(), v["overCap"].as_str()),
        (200, Some("100000"), Some("0")),
        "{v}"
    );
    let d = subscription(w, &id).await;
    clock_to(&st.sb, unix(&d["nextChargeAt"])).await;
    // Period 1's usage, recorded once period 1 runs: one yen above the cap.
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(
        (period(&d, 1)["state"].as_str(), period(&d, 1)["amount"].as_str()),
        (Some("CHARGED"), Some("100000")),
        "exactly the cap: {d}"
    );
    assert_eq!(charges_created(&st.sb).await, 1);
    let (s, v) = post_usage(usage("u-3", 1, "100001")).await;
    assert_eq!(
        (s, v["period"].as_i64(), v["overCap"].as_str()),
        (200, Some(1), Some("1")),
        "{v}"
    );
    clock_to(&st.sb, unix(&d["nextChargeAt"])).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    let p = period(&d, 2);
    assert_eq!(
        (
            p["state"].as_str(),
            p["errorCode"].as_str(),
            p["overCap"].as_str()
        ),
        (
            Some("REFUSED"),
            Some("LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED"),
            Some("1")
        ),
        "{d}"
    );
    assert_eq!(d["status"], "past_due");
    assert_eq!(charges_created(&st.sb).await, 1, "refused before Amazon");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_soft_decline_is_retried_and_a_hard_decline_waits_for_another_payment_method() {
    // With the sandbox's notifications: the buyer's change of payment method reaches the signer.
    let st = stack(StackOptions {
        notifications: Some(amazon_pay_sandbox::notifications::SignatureVersion::V2),
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (id, pid) = subscribe(&st).await;
    let method_path = format!("/_sandbox/chargePermissions/{pid}/paymentMethod");
    let pay_with = |instrument: &str| control(&st.sb, &method_path, json!({"instrumentId": instrument}));
    // Soft declines: retried after 1 and 3 days, the second retry succeeds.
    pay_with("us-amex-soft").await;
    let d = subscription(w, &id).await;
    let due = unix(&d["nextChargeAt"]);
    clock_to(&st.sb, due).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(
        (
            d["status"].as_str(),
            d["retryCount"].as_i64(),
            d["lastDecline"].as_str()
        ),
        (Some("active"), Some(1), Some("SoftDeclined")),
        "{d}"
    );
    assert_eq!(unix(&d["retryAt"]), due + 86_400, "{d}");
    assert_eq!(period(&d, 1)["state"], "DECLINED");
    clock_to(&st.sb, due + 86_400).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(d["retryCount"], 2, "{d}");
    assert_eq!(unix(&d["retryAt"]), due + 3 * 86_400);
    pay_with("jp-visa").await;
    w.run_scheduled().await;
    assert_eq!(subscription(w, &id).await["retryCount"], 2, "not due yet");
    clock_to(&st.sb, due + 3 * 86_400).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(
        (period(&d, 1)["state"].as_str(), period(&d, 1)["retries"].as_i64()),
        (Some("CHARGED"), Some(2)),
        "{d}"
    );
    assert_eq!(
        (d["status"].as_str(), d["retryCount"].as_i64()),
        (Some("active"), Some(0))
    );
    assert!(d["retryAt"].is_null(), "{d}");
    let attempts = charges_created(&st.sb).await;

    // A hard decline: past due, with Amazon's page where the buyer updates the payment method.
    pay_with("us-discover-hard").await;
    let due = unix(&d["nextChargeAt"]);
    clock_to(&st.sb, due).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(
        (d["status"].as_str(), d["lastDecline"].as_str()),
        (Some("past_due"), Some("HardDeclined")),
        "{d}"
    );
    assert_eq!(
        d["updatePaymentMethodUrl"],
        format!("https://pay.amazon.com/jp/jr/your-account/ba/{pid}")
    );
    let (s, list) = merchant(w, Method::GET, "/v1/merchant/subscriptions?status=past_due", None).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["subscriptions"][0]["subscriptionId"], id.as_str());
    // A day later the permission is still not chargeable: nothing is sent.
    clock_to(&st.sb, due + 86_400).await;
    w.run_scheduled().await;
    assert_eq!(subscription(w, &id).await["status"], "past_due");
    assert_eq!(charges_created(&st.sb).await, attempts + 1);
    // The sandbox notifies state changes it sees when it looks (a few times a second): wait until
    // it told the signer of the non-chargeable permission, so the change back is a change.
    assert!(
        amazon_pay_tests::ledger_edge::wait_for_delivery(&st.sb, "CHARGE_PERMISSION", "NonChargeable").await,
        "the sandbox notified the non-chargeable permission"
    );
    // The buyer chooses another payment method at Amazon; its notification has the subscription
    // tried again at the next run (not a day later), which charges and resumes it.
    pay_with("jp-visa").await;
    let now = sandbox_now(&st.sb).await;
    let mut woken = false;
    for _ in 0..100 {
        let d = subscription(w, &id).await;
        if d["retryAt"].as_str().is_some_and(|_| unix(&d["retryAt"]) <= now) {
            woken = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        woken,
        "the notification woke the subscription: {:?}",
        amazon_pay_tests::ledger_edge::deliveries(&st.sb).await
    );
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(
        (d["status"].as_str(), period(&d, 2)["state"].as_str()),
        (Some("active"), Some("CHARGED")),
        "{d}"
    );
    assert!(d["updatePaymentMethodUrl"].is_null());
    assert_eq!(d["nextPeriod"], 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subscription_canceled_at_its_period_end_closes_its_permission_then() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (id, pid) = subscribe(&st).await;
    let path = |action: &str| format!("/v1/merchant/subscriptions/{id}/{action}");
    let (s, v) = merchant(
        w,
        Method::PATCH,
        &format!("/v1/merchant/subscriptions/{id}"),
        Some(json!({"nextChargeDate": "2001-01-01"})),
    )
    .await;
    assert_eq!((s, code(&v)), (400, "SUBSCRIPTION_DATE_INVALID"), "{v}");
    let (s, v) = merchant(w, Method::POST, &path("cancel"), Some(json!({"at": "later"}))).await;
    assert_eq!(s, 400, "{v}");
    let (s, v) = merchant(
        w,
        Method::POST,
        &path("cancel"),
        Some(json!({"at": "period_end"})),
    )
    .await;
    assert_eq!(
        (s, v["status"].as_str(), v["cancelAtPeriodEnd"].as_bool()),
        (200, Some("active"), Some(true)),
        "{v}"
    );
    clock_to(&st.sb, unix(&v["nextChargeAt"])).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    assert_eq!(d["status"], "canceled", "{d}");
    assert_eq!(d["periods"].as_array().unwrap().len(), 1, "nothing charged: {d}");
    assert_eq!(charges_created(&st.sb).await, 0);
    let (s, p) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/charge-permissions/{pid}"),
        None,
    )
    .await;
    assert_eq!(
        (s, p["statusDetails"]["state"].as_str()),
        (200, Some("Closed")),
        "{p}"
    );
    let (s, v) = merchant(w, Method::POST, &path("resume"), Some(json!({}))).await;
    assert_eq!((s, code(&v)), (409, "SUBSCRIPTION_INVALID_STATE"), "{v}");
    let (s, v) = merchant(w, Method::GET, "/v1/merchant/subscriptions?status=nope", None).await;
    assert_eq!((s, code(&v)), (400, "INVALID_REQUEST"), "{v}");
    let (s, v) = merchant(
        w,
        Method::GET,
        "/v1/merchant/subscriptions/sub-S03-0000000-0000000",
        None,
    )
    .await;
    assert_eq!((s, code(&v)), (404, "SUBSCRIPTION_NOT_FOUND"), "{v}");
    let (s, v) = merchant(
        w,
        Method::DELETE,
        &format!("/v1/merchant/subscriptions/{id}"),
        None,
    )
    .await;
    assert_eq!((s, code(&v)), (405, "METHOD_NOT_ALLOWED"), "{v}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paused_subscription_skips_its_periods_and_resumes_with_a_changed_amount() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (id, _) = subscribe(&st).await;
    let path = |action: &str| format!("/v1/merchant/subscriptions/{id}/{action}");
    let (s, v) = merchant(w, Method::POST, &path("pause"), Some(json!({}))).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("paused")), "{v}");
    let first = unix(&v["nextChargeAt"]);
    // Period 1 passes while paused: nothing is charged.
    clock_to(&st.sb, first + 86_400).await;
    w.run_scheduled().await;
    assert_eq!(charges_created(&st.sb).await, 0);
    let (s, v) = merchant(w, Method::POST, &path("resume"), Some(json!({}))).await;
    assert_eq!(
        (s, v["status"].as_str(), v["nextPeriod"].as_i64()),
        (200, Some("active"), Some(2)),
        "{v}"
    );
    let second = unix(&v["nextChargeAt"]);
    assert!(second > first + 86_400, "{v}");
    // The amount of the periods to come: within the monthly cap only.
    let own = format!("/v1/merchant/subscriptions/{id}");
    let change = |body: Value| merchant(w, Method::PATCH, &own, Some(body));

    let (s, v) = change(json!({"amount": yen("100001")})).await;
    assert_eq!(
        (s, code(&v)),
        (409, "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED"),
        "{v}"
    );
    let (s, v) = change(json!({"amount": yen("2000")})).await;
    assert_eq!((s, v["amount"].as_str()), (200, Some("2000")), "{v}");
    clock_to(&st.sb, second).await;
    w.run_scheduled().await;
    let d = subscription(w, &id).await;
    let periods: Vec<(i64, &str, &str)> = d["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_i64().unwrap(),
                p["state"].as_str().unwrap(),
                p["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(periods, [(0, "CHARGED", "1700"), (2, "CHARGED", "2000")], "{d}");
    assert_eq!(charges_created(&st.sb).await, 1);
}
