//! The demo shop's checkout belongs to the buyer's browser: the buyer still pays; a second
//! browser opened on the review (and result) address sees nothing of the buyer; an outsider
//! (no Origin, or the shop's) is told the session does not exist on review, place-order and
//! complete, before and after completion, and Amazon receives no update from it.

use amazon_pay_tests::edge::{call_as, Caller};
use amazon_pay_tests::shop::{require_widget_build, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json};
use reqwest::Method;
use serde_json::{json, Value};

const HANAKO: &str = "amzn1.account.SANDBOXBUYERJP0001";

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// What an outsider is answered on review, place-order and complete of session `id`.
async fn outsider_answers(stack: &ShopStack, id: &str) -> Vec<(u16, Value)> {
    let mut answers = Vec::new();
    for origin in [None, Some(stack.shop.base.as_str())] {
        let caller = Caller::Outsider { origin, secret: None };
        for (method, path, body) in [
            (Method::GET, format!("/v1/checkout-sessions/{id}"), None),
            (
                Method::POST,
                format!("/v1/checkout-sessions/{id}/place-order"),
                Some(json!({"cart": [{"sku": "TEA-1", "quantity": 1}]})),
            ),
            (
                Method::POST,
                format!("/v1/checkout-sessions/{id}/complete"),
                Some(json!({})),
            ),
        ] {
            answers.push(call_as(caller, method, stack.signer.url(&path), body).await);
        }
    }
    answers
}

fn updates_of(requests: &[Value], id: &str) -> (usize, usize) {
    let path = format!("/v2/checkoutSessions/{id}");
    let count = |method: &str, p: &str| {
        requests
            .iter()
            .filter(|r| r["method"] == method && r["path"] == p)
            .count()
    };
    (count("PATCH", &path), count("POST", &format!("{path}/complete")))
}

#[tokio::test(flavor = "multi_thread")]
async fn browser_shop_binding_only_the_buyers_browser_sees_and_continues_the_checkout() {
    require_widget_build();
    let stack = ShopStack::start(&[]).await;
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "flow": "purchase", "name": "binding", "buyer": HANAKO, "instrument": "jp-visa",
        "otherBrowser": true, "shop": stack.shop.base, "outDir": artifacts_dir(),
    });
    let out = tokio::task::spawn_blocking(move || browser_json("shop_flows.js", &input))
        .await
        .unwrap();
    assert!(out.get("error").is_none(), "{out}");

    // The buyer pays.
    assert_eq!(out["result"]["outcome"], "completed", "{out}");
    let buyer = text(&out["review"]["buyer"]).to_owned();
    assert!(!buyer.is_empty(), "{out}");
    let id = text(&out["result"]["sessionId"]).to_owned();

    // A second browser on the review and result addresses: nothing of the buyer, and the
    // shop's language says the checkout cannot be continued there.
    for seen in [&out["otherReview"], &out["otherResult"]] {
        let seen_text = text(&seen["text"]);
        assert!(!seen_text.contains(&buyer), "the buyer's name leaked: {seen}");
        assert!(!seen_text.contains('@'), "an email leaked: {seen}");
        assert!(seen_text.contains("このブラウザでは続けられません"), "{seen}");
    }

    // Outsiders after completion: the unknown session's answer, and no update at Amazon.
    let unknown = call_as(
        Caller::Outsider {
            origin: Some(&stack.shop.base),
            secret: Some(text(&out["binding"])),
        },
        Method::GET,
        stack
            .signer
            .url("/v1/checkout-sessions/5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d"),
        None,
    )
    .await;
    assert_eq!(unknown.0, 404);
    for answer in outsider_answers(&stack, &id).await {
        assert_eq!(answer, unknown, "an outsider after completion");
    }
    let requests = stack.sandbox_requests().await;
    assert_eq!(
        updates_of(&requests, &id),
        (1, 1),
        "one update and one completion, the buyer's"
    );
    // The buyer's own browser (its secret) still reads its completed session.
    let session = stack.checkout_session(&id, text(&out["binding"])).await;
    assert_eq!(session["state"], "Completed", "{session}");
    stack.stop();
}
