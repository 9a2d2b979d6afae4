//! A checkout belongs to the browser that clicked its button: the signer in workerd (with its
//! ledger) against the sandbox. Review, place-order and complete answer only the binding secret
//! whose hash the signed return URL carries; anyone else (no secret, another secret, with or
//! without the shop's Origin) is told exactly what an unknown session answers, before and after
//! completion, and nothing reaches Amazon or the ledger. A button without a hash signs a session
//! nobody can continue; a one-step payload expires; the sign-in profile goes to its own
//! browser only.

use amazon_pay_shared::binding::{bind_url, hash_secret};
use amazon_pay_tests::edge::{
    call, call_as, control, initiate_checkout, Caller, BROWSER_SECRET, SHOP_ORIGIN,
};
use amazon_pay_tests::ledger_edge::{merchant, reference_of, stack, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

const OTHER_SECRET: &str = "YW5vdGhlciBicm93c2VyJ3Mgc2VjcmV0IDAwMDAw";
const UNKNOWN_ID: &str = "5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d";

/// Everyone who is not the buyer's browser.
fn outsiders() -> Vec<(&'static str, Caller<'static>)> {
    vec![
        (
            "no Origin, no secret",
            Caller::Outsider {
                origin: None,
                secret: None,
            },
        ),
        (
            "shop Origin, no secret",
            Caller::Outsider {
                origin: Some(SHOP_ORIGIN),
                secret: None,
            },
        ),
        (
            "shop Origin, another secret",
            Caller::Outsider {
                origin: Some(SHOP_ORIGIN),
                secret: Some(OTHER_SECRET),
            },
        ),
        (
            "no Origin, another secret",
            Caller::Outsider {
                origin: None,
                secret: Some(OTHER_SECRET),
            },
        ),
        (
            "the hash as the secret",
            Caller::Outsider {
                origin: Some(SHOP_ORIGIN),
                secret: Some("HASH"),
            },
        ),
    ]
}

fn with_hash(caller: Caller<'static>, hash: &'static str) -> Caller<'static> {
    match caller {
        Caller::Outsider {
            origin,
            secret: Some("HASH"),
        } => Caller::Outsider {
            origin,
            secret: Some(hash),
        },
        other => other,
    }
}

/// The sandbox's API requests with this method whose path is `path`.
fn upstream(sandbox: &amazon_pay_sandbox::RunningSandbox, method: &str, path: &str) -> usize {
    sandbox
        .state
        .log()
        .since(0)
        .into_iter()
        .filter(|e| e.method == method && e.path == path)
        .count()
}

/// Every outsider is answered the unknown session's answer on review, place-order and complete.
async fn outsiders_see_nothing(url: &dyn Fn(&str) -> String, id: &str, unknown: &(u16, Value), cart: &Value) {
    let hash: &'static str = Box::leak(hash_secret(BROWSER_SECRET).into_boxed_str());
    for (who, caller) in outsiders() {
        let caller = with_hash(caller, hash);
        for (method, path, body) in [
            (Method::GET, format!("/v1/checkout-sessions/{id}"), None),
            (
                Method::POST,
                format!("/v1/checkout-sessions/{id}/place-order"),
                Some(json!({"cart": cart})),
            ),
            (
                Method::POST,
                format!("/v1/checkout-sessions/{id}/complete"),
                Some(json!({})),
            ),
        ] {
            let answer = call_as(caller, method.clone(), url(&path), body).await;
            assert_eq!(&answer, unknown, "{who}: {method} {path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_binding_only_the_clicking_tab_continues_a_checkout() {
    let st = stack(StackOptions::default()).await;
    let (sb, signer) = (&st.sb, &st.signer);
    let url = |p: &str| signer.url(p);
    let cart = json!([{"sku": "TEA-1", "quantity": 2}]);

    // The unknown session's answer, for the right secret and for none.
    let unknown = call(
        Method::GET,
        url(&format!("/v1/checkout-sessions/{UNKNOWN_ID}")),
        None,
        false,
    )
    .await;
    assert_eq!(unknown.0, 404, "{}", unknown.1);
    assert_eq!(unknown.1["error"]["code"], "RESOURCE_NOT_FOUND");

    // The click: the hash goes into the signed review URL.
    let (s, button) = call(
        Method::POST,
        url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let payload: Value = serde_json::from_str(
        button["createCheckoutSessionConfig"]["payloadJSON"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let review_url = payload["webCheckoutDetails"]["checkoutReviewReturnUrl"]
        .as_str()
        .unwrap();
    assert_eq!(
        review_url,
        bind_url("http://127.0.0.1:5173/review", &hash_secret(BROWSER_SECRET))
    );
    assert!(
        !payload.to_string().contains(BROWSER_SECRET),
        "the secret never leaves the browser"
    );
    let id = initiate_checkout(sb, "PayAndShip", &button["createCheckoutSessionConfig"]).await;
    let approved = control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    assert!(
        approved["redirectUrl"]
            .as_str()
            .unwrap()
            .contains("amazonPayBinding="),
        "{approved}"
    );
    let session_path = format!("/v2/checkoutSessions/{id}");

    // Before place-order: outsiders see nothing and change nothing.
    outsiders_see_nothing(&url, &id, &unknown, &cart).await;
    assert_eq!(
        upstream(&st.sandbox, "PATCH", &session_path),
        0,
        "no update from an outsider"
    );
    let (s, none) = merchant(
        signer,
        Method::GET,
        &format!("/v1/merchant/transactions/{}", reference_of(&id)),
        None,
    )
    .await;
    assert_eq!(s, 404, "no ledger row from an outsider: {none}");

    // The buyer's browser reviews and places the order.
    let (s, review) = call(
        Method::GET,
        url(&format!("/v1/checkout-sessions/{id}")),
        None,
        false,
    )
    .await;
    assert_eq!(s, 200, "{review}");
    assert!(review["buyerEmail"].as_str().unwrap().contains('@'));
    let (s, placed) = call(
        Method::POST,
        url(&format!("/v1/checkout-sessions/{id}/place-order")),
        Some(json!({"cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{placed}");
    assert_eq!(upstream(&st.sandbox, "PATCH", &session_path), 1);
    let (s, _) = merchant(
        signer,
        Method::GET,
        &format!("/v1/merchant/transactions/{}", reference_of(&id)),
        None,
    )
    .await;
    assert_eq!(s, 200, "the placed order is in the ledger");

    // Between place-order and completion.
    outsiders_see_nothing(&url, &id, &unknown, &cart).await;
    assert_eq!(upstream(&st.sandbox, "PATCH", &session_path), 1);
    assert_eq!(
        upstream(&st.sandbox, "POST", &format!("{session_path}/complete")),
        0
    );

    // The buyer pays; the result URL Amazon returns to carries the hash too.
    let paid = control(sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    assert!(
        paid["redirectUrl"]
            .as_str()
            .unwrap()
            .contains("amazonPayBinding="),
        "{paid}"
    );
    outsiders_see_nothing(&url, &id, &unknown, &cart).await;
    assert_eq!(
        upstream(&st.sandbox, "POST", &format!("{session_path}/complete")),
        0
    );
    let (s, done) = call(
        Method::POST,
        url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!((s, done["outcome"].as_str()), (200, Some("Completed")), "{done}");

    // After completion.
    outsiders_see_nothing(&url, &id, &unknown, &cart).await;
    assert_eq!(upstream(&st.sandbox, "PATCH", &session_path), 1);
    assert_eq!(
        upstream(&st.sandbox, "POST", &format!("{session_path}/complete")),
        1
    );

    // Place-order on an id Amazon does not know writes nothing.
    let (s, err) = call(
        Method::POST,
        url(&format!("/v1/checkout-sessions/{UNKNOWN_ID}/place-order")),
        Some(json!({"cart": cart})),
        false,
    )
    .await;
    assert_eq!((s, &err), (404, &unknown.1));
    assert_eq!(
        upstream(
            &st.sandbox,
            "PATCH",
            &format!("/v2/checkoutSessions/{UNKNOWN_ID}")
        ),
        0
    );
    let (s, _) = merchant(
        signer,
        Method::GET,
        &format!("/v1/merchant/transactions/{}", reference_of(UNKNOWN_ID)),
        None,
    )
    .await;
    assert_eq!(s, 404, "no ledger row for an unknown session");
    // No log line carries the secret.
    assert!(!signer.logs().contains(BROWSER_SECRET));
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_binding_a_refused_place_order_changes_nothing() {
    let st = stack(StackOptions::default()).await;
    let (sb, signer) = (&st.sb, &st.signer);
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let (s, button) = call(
        Method::POST,
        signer.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let id = initiate_checkout(sb, "PayAndShip", &button["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/cancel"), json!({})).await;
    let (s, err) = call(
        Method::POST,
        signer.url(&format!("/v1/checkout-sessions/{id}/place-order")),
        Some(json!({"cart": cart})),
        false,
    )
    .await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (409, Some("INVALID_STATE")),
        "{err}"
    );
    assert_eq!(
        upstream(&st.sandbox, "PATCH", &format!("/v2/checkoutSessions/{id}")),
        0
    );
    let (s, _) = merchant(
        signer,
        Method::GET,
        &format!("/v1/merchant/transactions/{}", reference_of(&id)),
        None,
    )
    .await;
    assert_eq!(s, 404, "a refused place-order writes no ledger row");
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_binding_a_button_without_a_hash_signs_a_session_nobody_continues() {
    let st = stack(StackOptions::default()).await;
    let (sb, signer) = (&st.sb, &st.signer);
    let old_widget = Caller::Outsider {
        origin: Some(SHOP_ORIGIN),
        secret: None,
    };
    let (s, button) = call_as(
        old_widget,
        Method::POST,
        signer.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "TEA-1", "quantity": 1}]})),
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let payload = button["createCheckoutSessionConfig"]["payloadJSON"]
        .as_str()
        .unwrap();
    assert!(!payload.contains("amazonPayBinding"), "{payload}");
    let id = initiate_checkout(sb, "PayAndShip", &button["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    let (s, err) = call(
        Method::GET,
        signer.url(&format!("/v1/checkout-sessions/{id}")),
        None,
        false,
    )
    .await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND")),
        "{err}"
    );
    // A hash that is not one is refused.
    let (s, err) = call(
        Method::POST,
        signer.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "TEA-1", "quantity": 1}], "bindingHash": "short"})),
        false,
    )
    .await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_binding_a_one_step_payload_expires() {
    let st = stack(StackOptions::with_bindings(&[("CHECKOUT_FLOW", "oneStep")])).await;
    let (sb, signer) = (&st.sb, &st.signer);
    let (s, button) = call(
        Method::POST,
        signer.url("/v1/button"),
        Some(json!({"productType": "PayOnly", "placement": "Product", "cart": [{"sku": "TEA-1", "quantity": 1}]})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let payload: Value = serde_json::from_str(
        button["createCheckoutSessionConfig"]["payloadJSON"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert!(
        payload["merchantMetadata"]["customInformation"]
            .as_str()
            .unwrap()
            .starts_with("seal1."),
        "{payload}"
    );
    assert!(payload["webCheckoutDetails"]["checkoutResultReturnUrl"]
        .as_str()
        .unwrap()
        .contains("amazonPayBinding="));
    let id = initiate_checkout(sb, "PayOnly", &button["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    let _ = amazon_pay_tests::edge::client()
        .post(format!("{sb}/_sandbox/checkoutSessions/{id}/pay"))
        .send()
        .await;
    // Two hours later (Amazon's time) the payload has expired.
    control(sb, "/_sandbox/clock", json!({"advanceSeconds": 7200})).await;
    let (s, err) = call(
        Method::POST,
        signer.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (409, Some("PAYLOAD_EXPIRED")),
        "{err}"
    );
    assert_eq!(
        upstream(
            &st.sandbox,
            "POST",
            &format!("/v2/checkoutSessions/{id}/complete")
        ),
        0
    );
    assert!(signer.logged("one-step seal refused").await, "{}", signer.logs());
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_binding_the_sign_in_profile_goes_to_its_own_tab_only() {
    let st = stack(StackOptions::default()).await;
    let (sb, signer) = (&st.sb, &st.signer);
    let (s, button) = call(
        Method::POST,
        signer.url("/v1/signin-button"),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let payload: Value =
        serde_json::from_str(button["signInConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    let return_url = payload["signInReturnUrl"].as_str().unwrap();
    let state = return_url
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("amazonPaySignIn="))
        .unwrap_or_else(|| panic!("no state in {return_url}"))
        .to_owned();
    let signed_in = control(
        sb,
        "/_sandbox/signin",
        json!({"buyerId": "amzn1.account.SANDBOXBUYERJP0001"}),
    )
    .await;
    let token = signed_in["buyerToken"].as_str().unwrap().to_owned();
    let body = json!({"buyerToken": token, "state": state});
    let (s, buyer) = call(Method::POST, signer.url("/v1/buyer"), Some(body.clone()), false).await;
    assert_eq!(s, 200, "{buyer}");
    assert_eq!(buyer["buyerId"], "amzn1.account.SANDBOXBUYERJP0001");
    for (who, caller) in outsiders() {
        let caller = with_hash(caller, "not-a-secret");
        let (s, err) = call_as(caller, Method::POST, signer.url("/v1/buyer"), Some(body.clone())).await;
        assert_eq!(
            (s, err["error"]["code"].as_str()),
            (404, Some("RESOURCE_NOT_FOUND")),
            "{who}: {err}"
        );
    }
    let forged =
        json!({"buyerToken": token, "state": format!("{}.9999999999.x", hash_secret(BROWSER_SECRET))});
    let (s, err) = call(Method::POST, signer.url("/v1/buyer"), Some(forged), false).await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND")),
        "{err}"
    );
    // The old query form is gone.
    let (s, _) = call(
        Method::GET,
        signer.url(&format!("/v1/buyer?buyerToken={token}")),
        None,
        false,
    )
    .await;
    assert_eq!(s, 405);
    assert!(!signer.logs().contains(&token), "the buyer token was logged");
}
