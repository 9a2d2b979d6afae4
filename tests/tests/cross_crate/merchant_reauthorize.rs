//! Re-authorization (`REAUTHORIZE`, 再オーソリ) with the sandbox clock: an authorization that
//! expired unused after Amazon's 30 days, or one about to, is authorized again on its charge
//! permission for the same amount and recorded on the same order (same reference, a new charge,
//! a history entry); idempotent by charge and reference; refused before Amazon after a
//! merchant's cancel, once captured, or once the permission is no longer chargeable.

use amazon_pay_tests::edge::{changing_requests, control};
use amazon_pay_tests::ledger_edge::{
    buy, detail, history, merchant, reference_of, stack, LedgerSigner, Stack, StackOptions,
};
use reqwest::Method;
use serde_json::{json, Value};

const DAY: i64 = 86_400;

async fn reauthorize(w: &LedgerSigner, charge: &str, reference: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/reauthorize"),
        Some(json!({"reference": reference})),
    )
    .await
}

async fn capture(w: &LedgerSigner, charge: &str, amount: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": {"amount": amount, "currencyCode": "JPY"}})),
    )
    .await
}

async fn charge_at_amazon(w: &LedgerSigner, charge: &str) -> Value {
    let (s, c) = merchant(w, Method::GET, &format!("/v1/merchant/charges/{charge}"), None).await;
    assert_eq!(s, 200, "{c}");
    c
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
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

async fn advance(sb: &str, seconds: i64) {
    control(sb, "/_sandbox/clock", json!({"advanceSeconds": seconds})).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_authorization_is_reauthorized_on_the_same_order() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (reference, old) = bought(&st).await;

    // Amazon cancels the authorization 30 days after it was made: ExpiredUnused, the order CANCEL,
    // and it can no longer be captured.
    advance(&st.sb, 30 * DAY).await;
    let expired = charge_at_amazon(w, &old).await;
    assert_eq!(expired["statusDetails"]["state"], "Canceled", "{expired}");
    assert_eq!(
        expired["statusDetails"]["reasonCode"], "ExpiredUnused",
        "{expired}"
    );
    let (s, v) = capture(w, &old, "1700").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"), "{v}");
    assert_eq!(detail(w, &reference).await["status"], "CANCEL");

    // Re-authorized on the same permission for the open amount.
    let (s, v) = reauthorize(w, &old, &reference).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["previousChargeId"], old.as_str());
    assert_eq!(v["charge"]["statusDetails"]["state"], "Authorized", "{v}");
    assert_eq!(v["charge"]["chargeAmount"]["amount"], "1700");
    let new = v["charge"]["chargeId"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(v["charge"]["chargePermissionId"], expired["chargePermissionId"]);

    // One order in the ledger, with both charges and the history of what happened.
    let d = detail(w, &reference).await;
    assert_eq!(d["status"], "AUTH");
    assert_eq!(d["amount"], "1700");
    assert_eq!(d["chargeId"], new.as_str());
    assert_eq!(d["chargeIds"], json!([old, new]));
    assert_eq!(d["charges"][0]["state"], "Canceled");
    assert_eq!(d["charges"][0]["reasonCode"], "ExpiredUnused");
    assert_eq!(d["charges"][1]["state"], "Authorized");
    assert_eq!(history(&d), ["AUTHPROCESS", "AUTH", "CANCEL", "AUTH"]);
    assert_eq!(d["history"][3]["source"], "reauthorize");
    let intent = d["intents"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(intent["operation"], "REAUTHORIZE", "{d}");
    assert_eq!(intent["state"], "DONE", "{d}");
    let (s, list) = merchant(w, Method::GET, "/v1/merchant/transactions", None).await;
    assert_eq!(s, 200, "{list}");
    let orders = list["transactions"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{list}");
    assert_eq!(orders[0]["merchantReference"], reference.as_str());

    // The same request again is the same re-authorization: nothing new at Amazon.
    let before = changing_requests(&st.sb).await;
    let (s, again) = reauthorize(w, &old, &reference).await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(again["charge"]["chargeId"], new.as_str());
    assert_eq!(changing_requests(&st.sb).await, before);

    // The new authorization is capturable (a day later: within 7 days a capture is immediate).
    advance(&st.sb, DAY).await;
    let (s, c) = capture(w, &new, "1700").await;
    assert_eq!(s, 200, "{c}");
    let d = detail(w, &reference).await;
    assert_eq!(d["status"], "SALES");
    assert_eq!(d["captured"], "1700");

    // Once captured there is nothing to authorize again.
    let before = changing_requests(&st.sb).await;
    let (s, e) = reauthorize(w, &new, &reference).await;
    assert_eq!((s, code(&e)), (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"), "{e}");
    assert_eq!(changing_requests(&st.sb).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expiring_authorization_is_reauthorized_before_amazon_cancels_it() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let (reference, old) = bought(&st).await;
    advance(&st.sb, 29 * DAY).await;
    let (s, v) = reauthorize(w, &old, &reference).await;
    assert_eq!(s, 200, "{v}");
    let new = v["charge"]["chargeId"].as_str().unwrap().to_owned();
    // The old one was cancelled first (a one-time permission has no room for both).
    let previous = charge_at_amazon(w, &old).await;
    assert_eq!(previous["statusDetails"]["state"], "Canceled", "{previous}");
    // Past the old authorization's 30 days, the new one is still capturable.
    advance(&st.sb, 2 * DAY).await;
    let (s, c) = capture(w, &new, "1700").await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(detail(w, &reference).await["chargeIds"], json!([old, new]));
}

#[tokio::test(flavor = "multi_thread")]
async fn reauthorization_is_refused_after_a_cancel_or_on_a_closed_permission() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;

    // A merchant's cancel is final.
    let (reference, charge) = bought(&st).await;
    let (s, v) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/cancel"),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let before = changing_requests(&st.sb).await;
    let (s, e) = reauthorize(w, &charge, &reference).await;
    assert_eq!((s, code(&e)), (409, "LIFECYCLE_AUTHORIZATION_CANCELED"), "{e}");
    assert_eq!(changing_requests(&st.sb).await, before);
    assert_eq!(detail(w, &reference).await["status"], "CANCEL");

    // Another order's reference is not this charge's.
    let (other, expiring) = bought(&st).await;
    let (s, e) = reauthorize(w, &expiring, &reference).await;
    assert_eq!((s, code(&e)), (400, "INVALID_REQUEST"), "{e}");

    // A one-time permission lives 180 days; after that Amazon has closed it.
    advance(&st.sb, 180 * DAY + 1).await;
    let before = changing_requests(&st.sb).await;
    let (s, e) = reauthorize(w, &expiring, &other).await;
    assert_eq!((s, code(&e)), (409, "LIFECYCLE_PERMISSION_NOT_CHARGEABLE"), "{e}");
    assert_eq!(changing_requests(&st.sb).await, before);
    assert_eq!(detail(w, &other).await["status"], "CANCEL");
}
