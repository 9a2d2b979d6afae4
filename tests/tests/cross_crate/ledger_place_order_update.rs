//! Place-order when Amazon refuses the update or its answer is lost: the signer in workerd with
//! its ledger against the sandbox's faults. A refused update answers the browser an error,
//! writes no ledger row and leaves the session as it was at Amazon; an update Amazon applied
//! but whose every answer was lost is settled by reading the session: the order is recorded
//! once and the buyer continues.

use amazon_pay_shared::api::CheckoutSession;
use amazon_pay_tests::edge::{call, control};
use amazon_pay_tests::ledger_edge::{detail, merchant, reference_of, stack, Stack, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

/// One attempt and the signer's three retries of an Amazon call.
const EVERY_ATTEMPT: u32 = 4;

/// The session as the sandbox holds it.
fn at_amazon(st: &Stack, id: &str) -> CheckoutSession {
    let state = &st.sandbox.state;
    let now = state.clock().now();
    state
        .store()
        .checkout_session(state.config(), now, id)
        .expect("the sandbox knows the session")
}

/// How many Update Checkout Session requests reached the sandbox (faulted or not).
fn updates(st: &Stack, id: &str) -> usize {
    let path = format!("/v2/checkoutSessions/{id}");
    st.sandbox
        .state
        .log()
        .since(0)
        .into_iter()
        .filter(|e| e.method == "PATCH" && e.path == path)
        .count()
}

/// A session the buyer approved, ready for place-order.
async fn approved(st: &Stack, cart: &Value) -> String {
    let button = json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart});
    st.approved_checkout("/v1/button", button, "PayAndShip", json!({}))
        .await
}

async fn place_order(st: &Stack, id: &str, cart: &Value) -> (u16, Value) {
    call(
        Method::POST,
        st.signer.url(&format!("/v1/checkout-sessions/{id}/place-order")),
        Some(json!({"cart": cart})),
        false,
    )
    .await
}

async fn ledger_row(st: &Stack, id: &str) -> (u16, Value) {
    merchant(
        &st.signer,
        Method::GET,
        &format!("/v1/merchant/transactions/{}", reference_of(id)),
        None,
    )
    .await
}

fn charge_amount(session: &CheckoutSession) -> Option<String> {
    session
        .payment_details
        .as_ref()
        .and_then(|p| p.charge_amount.as_ref())
        .map(|a| format!("{} {}", a.amount, a.currency_code))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_amazon_refuses_answers_an_error_and_writes_nothing() {
    let st = stack(StackOptions::default()).await;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let id = approved(&st, &cart).await;
    let before = at_amazon(&st, &id);

    // Amazon fails every attempt of the update before doing anything.
    control(
        &st.sb,
        "/_sandbox/faults",
        json!({"status": 500, "count": EVERY_ATTEMPT, "phase": "before", "method": "PATCH", "pathContains": format!("/checkoutSessions/{id}")}),
    )
    .await;
    let (s, err) = place_order(&st, &id, &cart).await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (503, Some("UPSTREAM_UNAVAILABLE")),
        "{err}"
    );
    assert_eq!(updates(&st, &id), EVERY_ATTEMPT as usize);
    let (s, row) = ledger_row(&st, &id).await;
    assert_eq!(s, 404, "a refused update writes no ledger row: {row}");
    let after = at_amazon(&st, &id);
    assert_eq!(after, before, "the session is unchanged at Amazon");
    assert_eq!(charge_amount(&after), None);

    // The buyer tries again once Amazon answers: the order is placed and recorded.
    let (s, placed) = place_order(&st, &id, &cart).await;
    assert_eq!(s, 200, "{placed}");
    let tx = detail(&st.signer, &reference_of(&id)).await;
    assert_eq!(tx["amount"], "1700", "{tx}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_refused_after_payment_leaves_the_recorded_order_alone() {
    let st = stack(StackOptions::default()).await;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let id = approved(&st, &cart).await;
    let (s, placed) = place_order(&st, &id, &cart).await;
    assert_eq!(s, 200, "{placed}");
    // The buyer went through amazonPayRedirectUrl: Amazon refuses any further update.
    control(&st.sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    let before = at_amazon(&st, &id);
    let recorded = detail(&st.signer, &reference_of(&id)).await;

    // Another tab of the same browser places a bigger cart on the same session.
    let bigger = json!([{"sku": "TEA-1", "quantity": 3}]);
    let (s, err) = place_order(&st, &id, &bigger).await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (409, Some("INVALID_STATE")),
        "{err}"
    );
    assert_eq!(updates(&st, &id), 2, "the refusal is not retried");
    assert_eq!(at_amazon(&st, &id), before, "the session is unchanged at Amazon");
    assert_eq!(charge_amount(&before).as_deref(), Some("1700 JPY"));
    let now = detail(&st.signer, &reference_of(&id)).await;
    assert_eq!(now["amount"], recorded["amount"], "{now}");
    assert_eq!(now["items"], recorded["items"], "{now}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_whose_answers_are_lost_is_settled_by_reading_the_session() {
    let st = stack(StackOptions::default()).await;
    let cart = json!([{"sku": "TEA-1", "quantity": 2}]);
    let id = approved(&st, &cart).await;

    // Amazon applies every attempt of the update, and every answer is lost.
    control(
        &st.sb,
        "/_sandbox/faults",
        json!({"status": 503, "count": EVERY_ATTEMPT, "phase": "after", "method": "PATCH", "pathContains": format!("/checkoutSessions/{id}")}),
    )
    .await;
    let (s, placed) = place_order(&st, &id, &cart).await;
    assert_eq!(s, 200, "the update happened, so the buyer continues: {placed}");
    assert_eq!(updates(&st, &id), EVERY_ATTEMPT as usize);
    let session = at_amazon(&st, &id);
    assert_eq!(charge_amount(&session).as_deref(), Some("2900 JPY"));
    let redirect = session
        .web_checkout_details
        .as_ref()
        .and_then(|w| w.amazon_pay_redirect_url.clone());
    assert_eq!(placed["amazonPayRedirectUrl"].as_str(), redirect.as_deref());
    // The order Amazon has is in the ledger, once.
    let tx = detail(&st.signer, &reference_of(&id)).await;
    assert_eq!(tx["amount"], "2900", "{tx}");
    assert_eq!(tx["checkoutSessionId"], id.as_str(), "{tx}");
    let (s, list) = merchant(&st.signer, Method::GET, "/v1/merchant/transactions", None).await;
    assert_eq!(s, 200, "{list}");
    let rows = list["transactions"].as_array().map_or(0, |rows| {
        rows.iter()
            .filter(|t| t["checkoutSessionId"] == id.as_str())
            .count()
    });
    assert_eq!(rows, 1, "{list}");
    assert!(
        st.signer.logged("\"update_answer_lost\"").await,
        "{}",
        st.signer.logs()
    );

    // The buyer pays and the order completes as any other.
    control(&st.sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    let (s, done) = call(
        Method::POST,
        st.signer.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!((s, done["outcome"].as_str()), (200, Some("Completed")), "{done}");
}
