//! Recurring and payment-method-on-file flows end to end over HTTP (the buyer played through
//! the sandbox's control API, as checkout.js and the hosted pages would): the signed button
//! (`POST /v1/permission-button`), checkout, the ledger, merchant-initiated charges on the
//! saved permission under the monthly cap and until its expiry, and closing it.

use amazon_pay_tests::edge::{call, client, control, sandbox_now, sandbox_requests};
use amazon_pay_tests::ledger_edge::{
    detail, history, merchant, reference_of, stack, LedgerSigner, Stack, StackOptions,
};
use reqwest::Method;
use serde_json::{json, Value};

fn yen(amount: &str) -> Value {
    json!({"amount": amount, "currencyCode": "JPY"})
}

/// The button, the buyer (approve, then pay), place-order when the flow has a review page, and
/// complete. Answers the session id and complete's answer.
pub(crate) async fn checkout(
    st: &Stack,
    button: Value,
    product_type: &str,
    review_cart: Option<Value>,
) -> (String, Value) {
    let w = &st.signer;
    let id = st
        .approved_checkout("/v1/permission-button", button, product_type, json!({}))
        .await;
    if let Some(cart) = review_cart {
        st.place_order(&id, &cart).await;
    }
    let paid = client()
        .post(format!("{}/_sandbox/checkoutSessions/{id}/pay", st.sb))
        .send()
        .await
        .unwrap();
    assert!(
        paid.status().as_u16() < 400,
        "{}",
        paid.text().await.unwrap_or_default()
    );
    let (s, done) = call(
        Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Completed", "{done}");
    (id, done)
}

async fn charge_on(w: &LedgerSigner, permission: &str, amount: &str, reference: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        "/v1/merchant/charges",
        Some(json!({"chargePermissionId": permission, "amount": yen(amount), "reference": reference})),
    )
    .await
}

async fn permission(w: &LedgerSigner, id: &str) -> Value {
    let (s, p) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/charge-permissions/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{p}");
    p
}

async fn close(w: &LedgerSigner, id: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charge-permissions/{id}/close"),
        Some(json!({"reason": "subscription ended"})),
    )
    .await
}

async fn charges_posted(sb: &str) -> usize {
    sandbox_requests(sb)
        .await
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/v2/charges")
        .count()
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subscription_is_charged_under_its_monthly_cap_until_it_ends() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let button = json!({"kind": "Recurring", "placement": "Cart", "frequencyUnit": "Month", "frequencyValue": "1",
                        "cart": cart});
    let (id, done) = checkout(&st, button, "PayAndShip", Some(cart)).await;
    let pid = done["chargePermissionId"].as_str().unwrap().to_owned();
    let p = permission(w, &pid).await;
    assert_eq!(p["chargePermissionType"], "Recurring");
    assert_eq!(p["recurringMetadata"]["frequency"]["unit"], "Month");
    let first = detail(w, &reference_of(&id)).await;
    assert_eq!(first["status"], "AUTH", "the first payment: {first}");

    // The month: the first payment (1,700) counts; up to 100,000 exactly is allowed.
    let (s, v) = charge_on(w, &pid, "58300", "month-1").await;
    assert_eq!(s, 200, "{v}");
    let before = charges_posted(&st.sb).await;
    let (s, v) = charge_on(w, &pid, "40001", "month-2").await;
    assert_eq!(
        (s, code(&v)),
        (409, "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED"),
        "{v}"
    );
    assert_eq!(charges_posted(&st.sb).await, before, "refused before Amazon");
    let (s, v) = charge_on(w, &pid, "40000", "month-2").await;
    assert_eq!(s, 200, "exactly at the cap: {v}");
    let month_2 = v["chargeId"].as_str().unwrap().to_owned();
    let (s, v) = charge_on(w, &pid, "1", "month-3").await;
    assert_eq!(
        (s, code(&v)),
        (409, "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED"),
        "{v}"
    );
    // Cancelling does not give the allowance back.
    let (s, v) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{month_2}/cancel"),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = charge_on(w, &pid, "1", "month-3").await;
    assert_eq!(
        (s, code(&v)),
        (409, "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED"),
        "{v}"
    );
    let d = detail(w, "month-1").await;
    assert_eq!(d["flow"], "MERCHANT_INITIATED");
    assert_eq!(d["status"], "AUTH");
    assert_eq!(d["chargePermissionId"], pid.as_str());

    // A new month starts a new allowance.
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 40 * 86_400})).await;
    let (s, v) = charge_on(w, &pid, "1", "month-3").await;
    assert_eq!(s, 200, "{v}");

    // The permission's expiry (Amazon's, extended by charges): the last second still charges,
    // at the expiry it is closed and nothing reaches Amazon.
    let expiry =
        |p: &Value| amazon_pay_shared::time::parse(p["expirationTimestamp"].as_str().unwrap()).unwrap();
    let e = expiry(&permission(w, &pid).await);
    let now = sandbox_now(&st.sb).await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": e - now - 1})).await;
    let (s, v) = charge_on(w, &pid, "1", "last-second").await;
    assert_eq!(s, 200, "one second before the expiry: {v}");
    let e = expiry(&permission(w, &pid).await);
    let now = sandbox_now(&st.sb).await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": e - now})).await;
    let before = charges_posted(&st.sb).await;
    let (s, v) = charge_on(w, &pid, "1", "expired").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"), "{v}");
    assert_eq!(charges_posted(&st.sb).await, before);
    assert_eq!(permission(w, &pid).await["statusDetails"]["state"], "Closed");
}

#[tokio::test(flavor = "multi_thread")]
async fn payment_method_on_file_in_its_three_flows() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;

    // 1. Setup only: the buyer consents, nothing is charged; the permission is REGISTER.
    let before = charges_posted(&st.sb).await;
    let (s, b) = call(
        Method::POST,
        w.url("/v1/permission-button"),
        Some(json!({"kind": "PaymentMethodOnFile", "placement": "Checkout", "setupOnly": true})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let payload: Value =
        serde_json::from_str(b["createCheckoutSessionConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    assert_eq!(payload["chargePermissionType"], "PaymentMethodOnFile");
    assert_eq!(payload["paymentMethodOnFileMetadata"]["setupOnly"], true);
    assert_eq!(payload["paymentDetails"]["paymentIntent"], "Confirm");
    assert!(payload["paymentDetails"]["chargeAmount"].is_null());
    let button = json!({"kind": "PaymentMethodOnFile", "placement": "Checkout", "setupOnly": true});
    let (id, done) = checkout(&st, button, "PayOnly", None).await;
    assert!(done["chargeId"].is_null(), "{done}");
    assert_eq!(charges_posted(&st.sb).await, before, "a setup charges nothing");
    let pid = done["chargePermissionId"].as_str().unwrap().to_owned();
    assert_eq!(
        permission(w, &pid).await["chargePermissionType"],
        "PaymentMethodOnFile"
    );
    let setup = detail(w, &reference_of(&id)).await;
    assert_eq!(setup["flow"], "PERMISSION_ONLY");
    assert_eq!(setup["status"], "REGISTER");
    assert_eq!(setup["amount"], "0");
    // Charged later by the merchant, captured, and the permission closed.
    let (s, c) = charge_on(w, &pid, "2400", "ride-1").await;
    assert_eq!(s, 200, "{c}");
    let charge = c["chargeId"].as_str().unwrap().to_owned();
    let (s, v) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": yen("2400")})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(detail(w, "ride-1").await["status"], "SALES");
    let (s, v) = close(w, &pid).await;
    assert_eq!(s, 200, "{v}");
    let ended = detail(w, &reference_of(&id)).await;
    assert_eq!(ended["status"], "END");
    assert_eq!(history(&ended), ["AUTHPROCESS", "REGISTER", "END"]);
    let (s, v) = charge_on(w, &pid, "100", "ride-2").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"), "{v}");

    // 2. Setup during checkout: the first order and the consent together (review page).
    let cart = json!([{"sku": "CUP-2", "quantity": 1}]);
    let button = json!({"kind": "PaymentMethodOnFile", "placement": "Cart", "cart": cart});
    let (id, done) = checkout(&st, button, "PayAndShip", Some(cart)).await;
    let pid = done["chargePermissionId"].as_str().unwrap().to_owned();
    assert_eq!(
        permission(w, &pid).await["chargePermissionType"],
        "PaymentMethodOnFile"
    );
    let first = detail(w, &reference_of(&id)).await;
    assert_eq!(
        (first["flow"].as_str(), first["status"].as_str()),
        (Some("ONE_TIME"), Some("AUTH"))
    );
    assert_eq!(first["amount"], "1300");
    let (s, c) = charge_on(w, &pid, "900", "refill-1").await;
    assert_eq!(s, 200, "{c}");

    // 3. The Additional Payment Button: the shop passes the address it has; no review page.
    let address = json!({"name": "山田 太郎", "addressLine1": "六本木1-1-1", "city": "港区",
                         "stateOrRegion": "東京都", "postalCode": "106-0032", "countryCode": "JP",
                         "phoneNumber": "0312345678"});
    let cart = json!([{"sku": "TEA-1", "quantity": 2}]);
    let button =
        json!({"kind": "PaymentMethodOnFile", "placement": "Checkout", "cart": cart, "address": address});
    let (s, b) = call(
        Method::POST,
        w.url("/v1/permission-button"),
        Some(button.clone()),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let payload: Value =
        serde_json::from_str(b["createCheckoutSessionConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    assert_eq!(payload["webCheckoutDetails"]["checkoutMode"], "ProcessOrder");
    assert_eq!(payload["addressDetails"]["postalCode"], "106-0032");
    assert_eq!(payload["paymentDetails"]["chargeAmount"], yen("2900"));
    let (id, done) = checkout(&st, button, "PayAndShip", None).await;
    let saved = permission(w, done["chargePermissionId"].as_str().unwrap()).await;
    assert_eq!(saved["shippingAddress"]["postalCode"], "106-0032", "{saved}");
    let apb = detail(w, &reference_of(&id)).await;
    assert_eq!(apb["status"], "AUTH", "{apb}");
    assert_eq!(apb["amount"], "2900");
    assert_eq!(apb["chargeId"], done["chargeId"]);

    // 4. The Additional Payment Button for one payment only (`OneTime`): the same one-step
    // checkout for the shop's address; Amazon keeps nothing for later charges.
    let once = json!({"kind": "OneTime", "placement": "Checkout", "cart": cart, "address": address});
    let (s, b) = call(
        Method::POST,
        w.url("/v1/permission-button"),
        Some(once.clone()),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let payload: Value =
        serde_json::from_str(b["createCheckoutSessionConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    assert_eq!(payload["chargePermissionType"], "OneTime");
    assert_eq!(payload["webCheckoutDetails"]["checkoutMode"], "ProcessOrder");
    assert_eq!(payload["addressDetails"]["stateOrRegion"], "東京都");
    assert_eq!(payload["paymentDetails"]["chargeAmount"], yen("2900"));
    let (id, done) = checkout(&st, once, "PayAndShip", None).await;
    let one_time = permission(w, done["chargePermissionId"].as_str().unwrap()).await;
    assert_eq!(one_time["chargePermissionType"], "OneTime", "{one_time}");
    assert_eq!(
        one_time["shippingAddress"]["postalCode"], "106-0032",
        "{one_time}"
    );
    let paid = detail(w, &reference_of(&id)).await;
    assert_eq!(
        (&paid["status"], &paid["amount"]),
        (&json!("AUTH"), &json!("2900")),
        "{paid}"
    );
    // A further charge on it is Amazon's to refuse: the one payment used up its allowance.
    let (s, c) = charge_on(
        w,
        done["chargePermissionId"].as_str().unwrap(),
        "900",
        "once-more",
    )
    .await;
    assert_eq!(
        (s, c["error"]["code"].as_str()),
        (400, Some("AMOUNT_EXCEEDS_ALLOWED")),
        "{c}"
    );

    // Refused buttons.
    for bad in [
        json!({"kind": "OneTime", "placement": "Cart", "cart": cart}),
        json!({"kind": "OneTime", "placement": "Cart", "cart": cart, "setupOnly": true, "address": address}),
        json!({"kind": "Recurring", "placement": "Cart", "cart": cart}),
        json!({"kind": "Recurring", "placement": "Cart", "cart": cart, "frequencyUnit": "Fortnight", "frequencyValue": "1"}),
        json!({"kind": "PaymentMethodOnFile", "placement": "Cart", "setupOnly": true, "cart": cart}),
        json!({"kind": "PaymentMethodOnFile", "placement": "Nowhere", "cart": cart}),
        json!({"kind": "PaymentMethodOnFile", "placement": "Cart", "cart": cart, "paymentIntent": "Confirm"}),
    ] {
        let (s, e) = call(
            Method::POST,
            w.url("/v1/permission-button"),
            Some(bad.clone()),
            false,
        )
        .await;
        assert_eq!(s, 400, "{bad}: {e}");
        assert!(e["error"]["code"].is_string());
    }
    // A Japanese address needs its prefecture (Amazon's rule for JP): refused by field, unsigned.
    let mut no_prefecture = address.clone();
    no_prefecture.as_object_mut().map(|a| a.remove("stateOrRegion"));
    let bad = json!({"kind": "PaymentMethodOnFile", "placement": "Checkout", "cart": cart,
                     "address": no_prefecture});
    let (s, e) = call(Method::POST, w.url("/v1/permission-button"), Some(bad), false).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "{e}"
    );
    let message = e["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("address.stateOrRegion"), "{e}");
    assert!(e.get("createCheckoutSessionConfig").is_none(), "{e}");
}

/// The amount-change cap at its edge, end to end: a merchant-initiated charge of JPY 10,000 on
/// a saved payment method (no permission amount limit at Amazon) may change up to the higher of
/// JPY 70,000 and 900 % of it — 90,000. One yen more is refused before Amazon; exactly 90,000
/// cancels and re-authorizes at Amazon.
#[tokio::test(flavor = "multi_thread")]
async fn a_merchant_charge_changes_up_to_exactly_its_cap() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let button = json!({"kind": "PaymentMethodOnFile", "placement": "Checkout", "setupOnly": true});
    let (_, done) = checkout(&st, button, "PayOnly", None).await;
    let pid = done["chargePermissionId"].as_str().unwrap().to_owned();
    let (s, c) = charge_on(w, &pid, "10000", "mit-change").await;
    assert_eq!(s, 200, "{c}");
    let charge = c["chargeId"].as_str().unwrap().to_owned();
    let change = |amount: &'static str, reference: &'static str| {
        let path = format!("/v1/merchant/charges/{charge}/change-amount");
        async move {
            merchant(
                w,
                Method::POST,
                &path,
                Some(json!({"amount": yen(amount), "reference": reference})),
            )
            .await
        }
    };

    let before = charges_posted(&st.sb).await;
    let (s, v) = change("90001", "change-over").await;
    assert_eq!((s, code(&v)), (400, "LIFECYCLE_AMOUNT_CHANGE_ABOVE_CAP"), "{v}");
    assert_eq!(charges_posted(&st.sb).await, before, "refused before Amazon");

    let (s, v) = change("90000", "change-edge").await;
    assert_eq!(s, 200, "exactly the cap: {v}");
    assert_eq!(v["charge"]["chargeAmount"], yen("90000"), "{v}");
    assert_eq!(v["charge"]["statusDetails"]["state"], "Authorized", "{v}");
    assert_eq!(
        charges_posted(&st.sb).await,
        before + 1,
        "one new charge at Amazon"
    );
}

/// The first second of the next calendar month at UTC+09:00 after `now` (Unix seconds).
fn next_jst_month(now: i64) -> i64 {
    let local = amazon_pay_shared::time::format_extended(now + 9 * 3600);
    let (year, month): (i64, u32) = (local[0..4].parse().unwrap(), local[5..7].parse().unwrap());
    let (year, month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let start = amazon_pay_shared::time::parse(&format!("{year:04}-{month:02}-01T00:00:00Z")).unwrap();
    start - 9 * 3600
}

#[tokio::test(flavor = "multi_thread")]
async fn the_monthly_cap_counts_months_at_the_merchant_offset() {
    let st = stack(StackOptions::with_bindings(&[(
        "RECURRING_MONTH_UTC_OFFSET",
        "+09:00",
    )]))
    .await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    // (Two hours ahead, so the start below is never in the past.)
    let boundary = next_jst_month(sandbox_now(&st.sb).await + 7200);
    // Start the subscription within the last JST day of the month (UTC keeps that month nine
    // hours longer).
    let start = boundary - 3600;
    let now = sandbox_now(&st.sb).await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": start - now})).await;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let button = json!({"kind": "Recurring", "placement": "Cart", "frequencyUnit": "Month", "frequencyValue": "1",
                        "cart": cart});
    let (_, done) = checkout(&st, button, "PayAndShip", Some(cart)).await;
    let pid = done["chargePermissionId"].as_str().unwrap().to_owned();
    let (s, v) = charge_on(w, &pid, "98300", "jst-1").await;
    assert_eq!(s, 200, "{v}");
    let now = sandbox_now(&st.sb).await;
    control(
        &st.sb,
        "/_sandbox/clock",
        json!({"advanceSeconds": boundary - 1 - now}),
    )
    .await;
    let (s, v) = charge_on(w, &pid, "1", "jst-2").await;
    assert_eq!(
        (s, code(&v)),
        (409, "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED"),
        "last JST second: {v}"
    );
    // One second later it is the next month in Japan (not yet in UTC): a new allowance.
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 1})).await;
    let utc_day = amazon_pay_shared::time::format_extended(sandbox_now(&st.sb).await);
    assert!(!utc_day.ends_with("-01T00:00:00Z"), "{utc_day}");
    let (s, v) = charge_on(w, &pid, "1", "jst-2").await;
    assert_eq!(s, 200, "first JST second of the month: {v}");
}
