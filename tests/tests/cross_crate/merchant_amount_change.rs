//! Amount change (`CHANGE_AMOUNT`): the old authorization cancelled and a new charge on the same
//! permission, both recorded, the new one current; idempotent by reference; refused by the rules
//! before Amazon; a change whose new charge's answer is lost is finished by sync.

use amazon_pay_tests::edge::{changing_requests, client, control};
use amazon_pay_tests::ledger_edge::{
    buy, detail, history, merchant, reference_of, stack, LedgerSigner, Stack, StackOptions,
};
use reqwest::Method;
use serde_json::{json, Value};

fn enabled() -> StackOptions {
    StackOptions::with_bindings(&[
        ("AMOUNT_CHANGE_ENABLED", "true"),
        ("UPSTREAM_TIMEOUT_MS", "800"),
        ("UPSTREAM_DEADLINE_MS", "2500"),
    ])
}

async fn change(w: &LedgerSigner, charge: &str, amount: &str, reference: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/change-amount"),
        Some(json!({"amount": {"amount": amount, "currencyCode": "JPY"}, "reference": reference})),
    )
    .await
}

async fn bought(st: &Stack) -> (String, String) {
    let (id, done) = buy(
        &st.signer,
        &st.sb,
        json!([{"sku": "TEA-1", "quantity": 1}]),
        json!({}),
    )
    .await;
    (reference_of(&id), done["chargeId"].as_str().unwrap().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_amount_change_cancels_and_reauthorizes_once() {
    let st = stack(enabled()).await;
    let w = &st.signer;
    let (reference, old) = bought(&st).await;

    let (s, v) = change(w, &old, "1500", "chg-1").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["previousChargeId"], old.as_str());
    assert_eq!(v["charge"]["statusDetails"]["state"], "Authorized");
    assert_eq!(v["charge"]["chargeAmount"]["amount"], "1500");
    let new = v["charge"]["chargeId"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let d = detail(w, &reference).await;
    assert_eq!(d["status"], "AUTH");
    assert_eq!(d["amount"], "1500");
    assert_eq!(d["firstAmount"], "1700");
    assert_eq!(d["chargeId"], new.as_str());
    assert_eq!(d["chargeIds"], json!([old, new]));
    assert_eq!(d["charges"][0]["state"], "Canceled");
    assert_eq!(d["charges"][1]["state"], "Authorized");
    assert_eq!(history(&d), ["AUTHPROCESS", "AUTH"]);
    assert_eq!(d["intents"][1]["operation"], "CHANGE_AMOUNT");
    assert_eq!(d["intents"][1]["state"], "DONE");

    // The same change again is the same change: nothing new at Amazon.
    let before = changing_requests(&st.sb).await;
    let (s, again) = change(w, &old, "1500", "chg-1").await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(again["charge"]["chargeId"], new.as_str());
    assert_eq!(changing_requests(&st.sb).await, before);

    // The old authorization is no longer one to change or capture.
    let (s, e) = change(w, &old, "1400", "chg-old").await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("INVALID_STATE")),
        "{e}"
    );

    // The cap (the higher of JPY 70,000 and 900 % of the first amount): one yen above is refused
    // before Amazon.
    let before = changing_requests(&st.sb).await;
    let (s, e) = change(w, &new, "70001", "chg-cap").await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("LIFECYCLE_AMOUNT_CHANGE_ABOVE_CAP")),
        "{e}"
    );
    assert_eq!(changing_requests(&st.sb).await, before);

    // The same amount re-authorizes (a new capture window), then the current one is captured.
    let (s, same) = change(w, &new, "1500", "chg-2").await;
    assert_eq!(s, 200, "{same}");
    let newest = same["charge"]["chargeId"].as_str().unwrap().to_owned();
    let (s, c) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{newest}/capture"),
        Some(json!({"amount": {"amount": "1500", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    let d = detail(w, &reference).await;
    assert_eq!(d["status"], "SALES");
    assert_eq!(d["chargeIds"].as_array().unwrap().len(), 3);
    assert_eq!(d["captured"], "1500");
    // Changing a captured payment is not in the table.
    let (s, e) = change(w, &newest, "1400", "chg-3").await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("LIFECYCLE_OPERATION_NOT_ALLOWED")),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_that_dies_halfway_is_finished_by_sync() {
    let st = stack(enabled()).await;
    let w = &st.signer;
    let (reference, old) = bought(&st).await;
    control(
        &st.sb,
        "/_sandbox/faults",
        json!({"status": 503, "hangMs": 1500, "count": 20, "phase": "after", "pathContains": "/cancel"}),
    )
    .await;
    // The old authorization is cancelled, but the answer never arrives: the request dies
    // between the cancel and the new charge.
    let (s, e) = change(w, &old, "1600", "chg-killed").await;
    assert_eq!(s, 504, "{e}");
    let resp = client()
        .delete(format!("{}/_sandbox/faults", st.sb))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let d = detail(w, &reference).await;
    assert_eq!(d["intents"][1]["operation"], "CHANGE_AMOUNT");
    assert_eq!(d["intents"][1]["state"], "PENDING");
    assert_eq!(
        d["chargeId"],
        old.as_str(),
        "the new authorization is not there yet"
    );

    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(synced["intents"][0]["state"], "DONE", "{synced}");
    let d = detail(w, &reference).await;
    assert_eq!(d["status"], "AUTH", "{d}");
    assert_eq!(d["amount"], "1600");
    assert_eq!(d["charges"][0]["state"], "Canceled");
    assert_eq!(d["charges"][1]["state"], "Authorized");
    assert_eq!(d["chargeId"], d["charges"][1]["chargeId"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_setting_checkout_payments_keep_their_amount() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let (_, old) = bought(&st).await;
    let (s, e) = change(w, &old, "1500", "chg-1").await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("LIFECYCLE_AMOUNT_CHANGE_NOT_ENABLED")),
        "{e}"
    );
    for bad in [
        json!({"amount": {"amount": "1500", "currencyCode": "JPY"}}),
        json!({"amount": {"amount": "15.5", "currencyCode": "JPY"}, "reference": "x"}),
        json!({"amount": {"amount": "1500", "currencyCode": "JPY"}, "reference": "x", "extra": 1}),
    ] {
        let (s, e) = merchant(
            w,
            Method::POST,
            &format!("/v1/merchant/charges/{old}/change-amount"),
            Some(bad.clone()),
        )
        .await;
        assert_eq!(s, 400, "{bad}: {e}");
    }
}
