//! The lifecycle at the merchant routes, through the signer with its ledger against the
//! sandbox: every cell of the allowed-operation table the routes reach (the expectation comes
//! from `amazon_pay_shared::lifecycle::allowed` itself), the limits exactly at and one past their
//! edges, and the time rules with the sandbox's frozen clock. A refusal must come before Amazon is
//! called: the sandbox's request log proves no changing request was made.

use amazon_pay_shared::lifecycle::{allowed, FlowKind, Operation, TransactionStatus};
use amazon_pay_tests::edge::{control, sandbox_requests};
use amazon_pay_tests::ledger_edge::{
    buy, detail, history, merchant, reference_of, stack, LedgerSigner, Stack, StackOptions,
};
use reqwest::Method;
use serde_json::{json, Value};

const CAPTURE_PENDING: &str = "jp-mc-capture-pending";

fn yen(amount: &str) -> Value {
    json!({"amount": amount, "currencyCode": "JPY"})
}

/// A transaction: reference, charge, permission, and the amount it captures (whole).
struct Tx {
    reference: String,
    charge: String,
    permission: String,
    amount: &'static str,
}

async fn bought(st: &Stack, instrument: Option<&str>) -> Tx {
    let approve = match instrument {
        Some(i) => json!({"instrumentId": i}),
        None => json!({}),
    };
    let (id, done) = buy(
        &st.signer,
        &st.sb,
        json!([{"sku": "TEA-1", "quantity": 1}]),
        approve,
    )
    .await;
    Tx {
        reference: reference_of(&id),
        charge: done["chargeId"].as_str().expect("a charge").to_owned(),
        permission: done["chargePermissionId"]
            .as_str()
            .expect("a permission")
            .to_owned(),
        amount: "1700",
    }
}

async fn capture(w: &LedgerSigner, charge: &str, amount: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": yen(amount)})),
    )
    .await
}

async fn cancel(w: &LedgerSigner, charge: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/cancel"),
        Some(json!({})),
    )
    .await
}

async fn refund(w: &LedgerSigner, charge: &str, amount: &str, reference: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        "/v1/merchant/refunds",
        Some(json!({"chargeId": charge, "amount": yen(amount), "reference": reference})),
    )
    .await
}

async fn charge_on(
    w: &LedgerSigner,
    permission: &str,
    amount: &str,
    reference: &str,
    now: bool,
) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        "/v1/merchant/charges",
        Some(json!({"chargePermissionId": permission, "amount": yen(amount), "reference": reference, "captureNow": now})),
    )
    .await
}

async fn close(w: &LedgerSigner, permission: &str) -> (u16, Value) {
    merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charge-permissions/{permission}/close"),
        Some(json!({"reason": "done"})),
    )
    .await
}

/// Changing requests (anything but GET) the sandbox received.
async fn changing_requests(sb: &str) -> Vec<String> {
    sandbox_requests(sb)
        .await
        .iter()
        .filter(|r| r["method"] != "GET")
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect()
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

/// The operations the charge routes perform, and what the table says for `status`.
fn expectations(status: TransactionStatus, flow: FlowKind) -> Vec<(&'static str, bool)> {
    vec![
        ("capture", allowed(status, Operation::Capture, flow)),
        // The cancel route cancels an authorization; a capture is cancelled by a full refund.
        (
            "cancel",
            allowed(status, Operation::CancelFull, flow) && status == TransactionStatus::Auth,
        ),
        (
            "refund-full",
            allowed(status, Operation::CancelFull, flow) && status != TransactionStatus::Auth,
        ),
        ("refund-partial", allowed(status, Operation::CancelPartial, flow)),
        ("change", allowed(status, Operation::ChangeAmount, flow)),
    ]
}

async fn perform(w: &LedgerSigner, tx: &Tx, op: &str, n: usize) -> (u16, Value) {
    match op {
        "capture" => capture(w, &tx.charge, tx.amount).await,
        "cancel" => cancel(w, &tx.charge).await,
        "refund-full" => refund(w, &tx.charge, tx.amount, &format!("full-{n}")).await,
        "change" => {
            merchant(
                w,
                Method::POST,
                &format!("/v1/merchant/charges/{}/change-amount", tx.charge),
                Some(json!({"amount": yen("50"), "reference": format!("chg-{n}")})),
            )
            .await
        }
        _ => refund(w, &tx.charge, "10", &format!("part-{n}")).await,
    }
}

/// Checks every charge-route cell for the status `tx` is in: refused cells on `tx` itself
/// (nothing changes, nothing reaches Amazon), each allowed cell on a fresh transaction from
/// `fresh`.
async fn check_cells<F, Fut>(st: &Stack, tx: &Tx, status: TransactionStatus, flow: FlowKind, fresh: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Tx>,
{
    let w = &st.signer;
    assert_eq!(
        detail(w, &tx.reference).await["status"],
        status.code(),
        "setup of {status}"
    );
    for (n, (op, ok)) in expectations(status, flow).into_iter().enumerate() {
        if ok {
            let t = fresh().await;
            let (s, v) = perform(w, &t, op, n).await;
            assert_eq!(s, 200, "{status} {op} is allowed: {v}");
        } else {
            let before = changing_requests(&st.sb).await;
            let (s, v) = perform(w, tx, op, n).await;
            assert_eq!(
                (s, code(&v)),
                (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"),
                "{status} {op}: {v}"
            );
            assert_eq!(
                changing_requests(&st.sb).await,
                before,
                "{status} {op} reached Amazon"
            );
        }
    }
    assert_eq!(
        detail(w, &tx.reference).await["status"],
        status.code(),
        "a refusal changed {status}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_cell_of_the_table_at_the_merchant_routes() {
    let st = stack(StackOptions {
        async_delay_secs: 600,
        ..StackOptions::with_bindings(&[("AMOUNT_CHANGE_ENABLED", "true")])
    })
    .await;
    let w = &st.signer;
    let one = FlowKind::OneTime;

    // AUTH: captured or cancelled; never refunded.
    let auth = bought(&st, None).await;
    check_cells(&st, &auth, TransactionStatus::Auth, one, || bought(&st, None)).await;

    // (AUTHPROCESS, an authorization Amazon decides later, needs
    // CAN_HANDLE_PENDING_AUTHORIZATION: see `a_pending_authorization_allows_nothing_until_it_settles`.)

    // SALES: refunded in full or in part.
    let sales = || async {
        let t = bought(&st, None).await;
        assert_eq!(capture(w, &t.charge, "1700").await.0, 200);
        t
    };
    let s1 = sales().await;
    check_cells(&st, &s1, TransactionStatus::Sales, one, sales).await;

    // REQSALES: the capture is pending at Amazon.
    let reqsales = bought(&st, Some(CAPTURE_PENDING)).await;
    assert_eq!(capture(w, &reqsales.charge, "1700").await.0, 200);
    check_cells(&st, &reqsales, TransactionStatus::ReqSales, one, || async {
        unreachable!()
    })
    .await;

    // REQRETURN: a refund is pending at Amazon.
    let reqreturn = sales().await;
    assert_eq!(refund(w, &reqreturn.charge, "100", "pending").await.0, 200);
    check_cells(&st, &reqreturn, TransactionStatus::ReqReturn, one, || async {
        unreachable!()
    })
    .await;

    // CANCEL.
    let canceled = bought(&st, None).await;
    assert_eq!(cancel(w, &canceled.charge).await.0, 200);
    check_cells(&st, &canceled, TransactionStatus::Cancel, one, || async {
        unreachable!()
    })
    .await;

    // Merchant-initiated on the permission (MERCHANT_CHARGE on REGISTER, EXECUTE on UNPROCESSED):
    // authorized and captured at once is CAPTURE, refundable in full or in part. (The first
    // authorization is cancelled so the one-time permission has room.)
    let base = bought(&st, None).await;
    assert_eq!(cancel(w, &base.charge).await.0, 200);
    let mit = |n: usize| {
        let permission = base.permission.clone();
        async move {
            let reference = format!("mit-{n}");
            let (s, c) = charge_on(w, &permission, "100", &reference, true).await;
            assert_eq!(s, 200, "{c}");
            Tx {
                reference,
                charge: c["chargeId"].as_str().unwrap().to_owned(),
                permission,
                amount: "100",
            }
        }
    };
    let counter = std::sync::atomic::AtomicUsize::new(1);
    let first = mit(0).await;
    let d = detail(w, &first.reference).await;
    assert_eq!(d["flow"], "MERCHANT_INITIATED");
    assert_eq!(
        history(&d),
        ["CAPTURE"],
        "a merchant-initiated charge goes from UNPROCESSED straight to its result"
    );
    check_cells(
        &st,
        &first,
        TransactionStatus::Capture,
        FlowKind::MerchantInitiated,
        || mit(counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst)),
    )
    .await;

    // RETURN: refunded in full and settled.
    let returned = sales().await;
    assert_eq!(refund(w, &returned.charge, "1700", "all").await.0, 200);
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 601})).await;
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    check_cells(&st, &returned, TransactionStatus::Return, one, || async {
        unreachable!()
    })
    .await;

    // END_PERMISSION on REGISTER, then nothing on END (PERMISSION_ONLY table).
    assert!(allowed(
        TransactionStatus::Register,
        Operation::EndPermission,
        FlowKind::PermissionOnly
    ));
    let (s, closed) = close(w, &auth.permission).await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["statusDetails"]["state"], "Closed");
    assert!(!allowed(
        TransactionStatus::End,
        Operation::EndPermission,
        FlowKind::PermissionOnly
    ));
    assert!(!allowed(
        TransactionStatus::End,
        Operation::MerchantCharge,
        FlowKind::PermissionOnly
    ));
    let before = changing_requests(&st.sb).await;
    let (s, again) = close(w, &auth.permission).await;
    assert_eq!(
        (s, code(&again)),
        (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{again}"
    );
    let (s, charge) = charge_on(w, &auth.permission, "100", "after-end", false).await;
    assert_eq!(
        (s, code(&charge)),
        (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{charge}"
    );
    // Only the fresh reads reached Amazon.
    assert_eq!(changing_requests(&st.sb).await, before);
    let (_, list) = merchant(
        w,
        Method::GET,
        "/v1/merchant/transactions?reference=after-end",
        None,
    )
    .await;
    assert_eq!(
        list["transactions"],
        json!([]),
        "a refused charge opened a transaction"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_exactly_at_and_one_past_their_edges() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;

    // The per-transaction maximum (JPY 9,999,999): one yen above is refused before Amazon;
    // at the maximum the signer lets it through and Amazon decides (the one-time permission
    // has far less left).
    let t = bought(&st, None).await;
    assert_eq!(cancel(w, &t.charge).await.0, 200);
    let before = changing_requests(&st.sb).await;
    let (s, v) = charge_on(w, &t.permission, "10000000", "max-plus-one", false).await;
    assert_eq!((s, code(&v)), (400, "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before);
    let (s, v) = charge_on(w, &t.permission, "9999999", "at-max", false).await;
    assert_eq!(
        (s, code(&v)),
        (400, "AMOUNT_EXCEEDS_ALLOWED"),
        "Amazon's refusal: {v}"
    );
    assert_eq!(changing_requests(&st.sb).await.len(), before.len() + 1);
    // The minimum (JPY 1) is allowed; zero never is.
    let (s, v) = charge_on(w, &t.permission, "1", "at-min", false).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = charge_on(w, &t.permission, "0", "zero", false).await;
    assert_eq!((s, code(&v)), (400, "AMOUNT_ZERO"), "{v}");

    // Refunds: at most the captured amount; exactly the rest is allowed, one yen more is not.
    let r = bought(&st, None).await;
    assert_eq!(capture(w, &r.charge, "1700").await.0, 200);
    assert_eq!(refund(w, &r.charge, "700", "r-a").await.0, 200);
    let (s, v) = refund(w, &r.charge, "1001", "r-b").await;
    assert_eq!((s, code(&v)), (400, "LIFECYCLE_REFUND_EXCEEDS_CAPTURED"), "{v}");
    let (s, v) = refund(w, &r.charge, "1000", "r-c").await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{v}");
    let d = detail(w, &r.reference).await;
    assert_eq!(d["refunded"], "1700", "{d}");
    assert_eq!(d["status"], "RETURN");

    // Ten partial refunds are allowed; the eleventh (even of the rest) is not.
    let p = bought(&st, None).await;
    assert_eq!(capture(w, &p.charge, "1700").await.0, 200);
    for n in 1..=10 {
        let (s, v) = refund(w, &p.charge, "10", &format!("p-{n}")).await;
        assert_eq!(s, 200, "partial refund {n}: {v}");
    }
    let before = changing_requests(&st.sb).await;
    let (s, v) = refund(w, &p.charge, "10", "p-11").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS"), "{v}");
    let (s, v) = refund(w, &p.charge, "1600", "p-rest").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before);
    assert_eq!(detail(w, &p.reference).await["refunded"], "100");

    // A retried refund with the same reference is the same refund (not an eleventh).
    let (s, v) = refund(w, &p.charge, "10", "p-10").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS"), "{v}");
}

#[tokio::test(flavor = "multi_thread")]
async fn time_rules_with_the_sandbox_clock() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    const DAY: i64 = 86_400;

    // Capture window: Amazon lets an authorization expire at 30 days, so the last second a
    // capture goes through is 30 days minus one; at 30 days the charge is Canceled and the table
    // refuses the capture before Amazon is asked.
    let a = bought(&st, None).await;
    let b = bought(&st, None).await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 30 * DAY - 1})).await;
    let (s, v) = capture(w, &a.charge, "1700").await;
    assert_eq!(s, 200, "{v}");
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 1})).await;
    let before = changing_requests(&st.sb).await;
    let (s, v) = capture(w, &b.charge, "1700").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_OPERATION_NOT_ALLOWED"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before);
    assert_eq!(detail(w, &b.reference).await["status"], "CANCEL");

    // Refund window: 180 days after the capture, to the second.
    let (s, v) = refund(w, &a.charge, "100", "in-window").await;
    assert_eq!(s, 200, "{v}");
    // (a was captured one second before b's attempt.)
    control(
        &st.sb,
        "/_sandbox/clock",
        json!({"advanceSeconds": 180 * DAY - 1}),
    )
    .await;
    let (s, v) = refund(w, &a.charge, "100", "last-second").await;
    assert_eq!(s, 200, "exactly at the end of the refund window: {v}");
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 1})).await;
    let before = changing_requests(&st.sb).await;
    let (s, v) = refund(w, &a.charge, "100", "one-past").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_REFUND_WINDOW_EXPIRED"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn immediate_capture_at_checkout() {
    let st = stack(StackOptions {
        async_delay_secs: 600,
        notifications: Some(amazon_pay_sandbox::notifications::SignatureVersion::V2),
        ..StackOptions::with_bindings(&[("PAYMENT_INTENT", "AuthorizeWithCapture")])
    })
    .await;
    let w = &st.signer;
    let one = FlowKind::OneTime;

    // CAPTURE: authorized and captured at checkout; refunded in full or in part, nothing else.
    let captured = bought(&st, None).await;
    check_cells(&st, &captured, TransactionStatus::Capture, one, || {
        bought(&st, None)
    })
    .await;

    // REQCAPTURE: Amazon keeps the capture pending; nothing is allowed until it settles, which a
    // notification brings.
    let pending = bought(&st, Some(CAPTURE_PENDING)).await;
    check_cells(&st, &pending, TransactionStatus::ReqCapture, one, || async {
        unreachable!()
    })
    .await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 601})).await;
    let settled = amazon_pay_tests::ledger_edge::wait_for_status(w, &pending.reference, "CAPTURE", 30).await;
    assert_eq!(settled["status"], "CAPTURE", "{settled}");
    assert_eq!(history(&settled), ["AUTHPROCESS", "REQCAPTURE", "CAPTURE"]);
    assert_eq!(settled["history"][2]["source"], "webhook");
}

/// A merchant's shorter capture window (`LIFECYCLE_RULES_JSON` `captureWindowDays: 7`) is the
/// signer's own rule, inside Amazon's 30 days: a capture exactly 7 days after the authorization
/// goes through, one second later it is refused with `LIFECYCLE_CAPTURE_WINDOW_EXPIRED` before
/// Amazon is asked, and the authorization stays `AUTH` (cancellable).
#[tokio::test(flavor = "multi_thread")]
async fn a_configured_capture_window_binds_at_and_one_past_its_edge() {
    let st = stack(StackOptions::with_bindings(&[(
        "LIFECYCLE_RULES_JSON",
        r#"{"captureWindowDays": 7}"#,
    )]))
    .await;
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let a = bought(&st, None).await;
    let b = bought(&st, None).await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 7 * 86_400})).await;
    let (s, v) = capture(w, &a.charge, "1700").await;
    assert_eq!(s, 200, "exactly at the end of the window: {v}");
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 1})).await;
    let before = changing_requests(&st.sb).await;
    let (s, v) = capture(w, &b.charge, "1700").await;
    assert_eq!((s, code(&v)), (409, "LIFECYCLE_CAPTURE_WINDOW_EXPIRED"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before, "refused before Amazon");
    assert_eq!(detail(w, &b.reference).await["status"], "AUTH");
    assert_eq!(cancel(w, &b.charge).await.0, 200);
}

/// `CAN_HANDLE_PENDING_AUTHORIZATION`: the checkout completes with the authorization pending at
/// Amazon (the buyer is told the order is in and payment is being confirmed). AUTHPROCESS allows
/// no merchant operation, refused before Amazon is called; Amazon's decision settles it (a
/// notification; `sync` is the fallback): approved → AUTH, then capturable; declined → PAYFAIL.
#[tokio::test(flavor = "multi_thread")]
async fn a_pending_authorization_allows_nothing_until_it_settles() {
    let st = stack(StackOptions {
        async_delay_secs: 600,
        notifications: Some(amazon_pay_sandbox::notifications::SignatureVersion::V1),
        ..StackOptions::with_bindings(&[("CAN_HANDLE_PENDING_AUTHORIZATION", "true")])
    })
    .await;
    let w = &st.signer;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);

    let (id, done) = buy(w, &st.sb, cart.clone(), json!({"instrumentId": "jp-jcb-pending"})).await;
    assert_eq!(done["outcome"], "Pending", "{done}");
    assert_eq!(done["chargeState"], "AuthorizationInitiated", "{done}");
    let approved = Tx {
        reference: reference_of(&id),
        charge: done["chargeId"].as_str().expect("a charge").to_owned(),
        permission: done["chargePermissionId"]
            .as_str()
            .expect("a permission")
            .to_owned(),
        amount: "1700",
    };
    check_cells(
        &st,
        &approved,
        TransactionStatus::AuthProcess,
        FlowKind::OneTime,
        || async { unreachable!() },
    )
    .await;

    // Declined later (a European test buyer's card that Amazon declines after the delay).
    let (id, done) = buy(
        w,
        &st.sb,
        cart,
        json!({"buyerId": "amzn1.account.SANDBOXBUYEREU0003", "instrumentId": "eu-visa-pending-decline"}),
    )
    .await;
    assert_eq!(done["outcome"], "Pending", "{done}");
    let declined = reference_of(&id);
    assert_eq!(detail(w, &declined).await["status"], "AUTHPROCESS");

    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 601})).await;
    let settled = amazon_pay_tests::ledger_edge::wait_for_status(w, &approved.reference, "AUTH", 30).await;
    assert_eq!(settled["status"], "AUTH", "{settled}");
    assert!(
        settled["history"]
            .as_array()
            .expect("history")
            .iter()
            .any(|h| h["status"] == "AUTH" && h["source"] == "webhook"),
        "settled by the notification: {settled}"
    );
    assert_eq!(capture(w, &approved.charge, "1700").await.0, 200);
    assert_eq!(detail(w, &approved.reference).await["status"], "SALES");

    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    let failed = detail(w, &declined).await;
    assert_eq!(failed["status"], "PAYFAIL", "{failed}");
    assert_eq!(history(&failed).last().map(String::as_str), Some("PAYFAIL"));
}

/// `LIFECYCLE_RULES_JSON` with a lower per-transaction maximum (JPY 50,000): one yen over is
/// refused with the lifecycle code before anything reaches the sandbox — at the button, at a
/// capture and at a merchant-initiated charge — and exactly the maximum goes through.
#[tokio::test(flavor = "multi_thread")]
async fn a_configured_maximum_binds_at_and_one_past_its_edge() {
    use amazon_pay_shared::cart_token::CartToken;
    use amazon_pay_shared::money::{Currency, Money};
    use amazon_pay_tests::edge::{call, now, CART_SECRET};

    let st = stack(StackOptions::with_bindings(&[(
        "LIFECYCLE_RULES_JSON",
        r#"{"currencies":{"JPY":{"maxAmount":"50000"}}}"#,
    )]))
    .await;
    let w = &st.signer;
    let at_max = json!([{"sku": "TEA-1", "quantity": 1}, {"sku": "CUP-2", "quantity": 61}]);

    // The button: a cart of JPY 50,400 and a cart token of JPY 50,001 are refused unsigned.
    let token = CartToken {
        amount: Money::parse("50001", Currency::Jpy).unwrap(),
        reference: "order-over-max".into(),
        expires_at: now() + 600,
        checkout_session_id: None,
    }
    .encode(CART_SECRET.as_bytes());
    for body in [
        json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "TEA-1", "quantity": 42}]}),
        json!({"productType": "PayAndShip", "placement": "Cart", "cartToken": token}),
    ] {
        let (s, v) = call(Method::POST, w.url("/v1/button"), Some(body), false).await;
        assert_eq!((s, code(&v)), (400, "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"), "{v}");
        assert!(v.get("createCheckoutSessionConfig").is_none(), "{v}");
    }
    assert_eq!(changing_requests(&st.sb).await, Vec::<String>::new());

    // Exactly JPY 50,000 is bought (button, place-order, complete); a capture one yen over is
    // refused before Amazon, the capture of exactly the maximum goes through.
    let (id, done) = buy(w, &st.sb, at_max.clone(), json!({})).await;
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    assert_eq!(
        detail(w, &reference_of(&id)).await["amount"],
        "50000",
        "the order was placed at the maximum"
    );
    let before = changing_requests(&st.sb).await;
    let (s, v) = capture(w, &charge, "50001").await;
    assert_eq!((s, code(&v)), (400, "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before);
    let (s, v) = capture(w, &charge, "50000").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["statusDetails"]["state"], "Captured", "{v}");

    // A merchant-initiated charge on a JPY 50,000 permission (its first authorization
    // cancelled): one yen over refused before Amazon, exactly the maximum authorized.
    let (_, done) = buy(w, &st.sb, at_max, json!({})).await;
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    let (s, v) = cancel(w, done["chargeId"].as_str().unwrap()).await;
    assert_eq!(s, 200, "{v}");
    let before = changing_requests(&st.sb).await;
    let (s, v) = charge_on(w, &permission, "50001", "mit-over", false).await;
    assert_eq!((s, code(&v)), (400, "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"), "{v}");
    assert_eq!(changing_requests(&st.sb).await, before);
    let (s, v) = charge_on(w, &permission, "50000", "mit-at-max", false).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["statusDetails"]["state"], "Authorized", "{v}");
    assert_eq!(changing_requests(&st.sb).await.len(), before.len() + 1);
}
