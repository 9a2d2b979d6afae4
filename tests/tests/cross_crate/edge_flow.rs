//! The whole server-side flow through the edge signer in workerd, against the local sandbox
//! over real HTTP: config, signed button (verified), checkout on the sandbox (button posted as
//! checkout.js would, buyer played through the control API), review data, place-order, pay,
//! complete (twice), capture, refund, charge permission; plus a declined payment and a
//! replayed cart token.

use amazon_pay_shared::cart_token::CartToken;
use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::signing::{verify_payload, Algorithm};
use amazon_pay_tests::edge::{
    call, client, control, default_bindings, initiate_checkout, now, place_order, start_sandbox, Workerd,
    CART_SECRET,
};
use amazon_pay_tests::key_text;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn whole_flow_through_the_signer() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let get = |p: &str| call(reqwest::Method::GET, w.url(p), None, false);

    let (s, config) = get("/v1/config").await;
    assert_eq!(s, 200, "{config}");

    // 1. The button, signed at the edge; verified with the merchant's public key.
    let cart = json!([{"sku": "TEA-1", "quantity": 2}]);
    let (s, button) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let signed = &button["createCheckoutSessionConfig"];
    let public = PublicKey::from_pem(&key_text("merchant-public.pem")).unwrap();
    verify_payload(
        &public,
        Algorithm::V2,
        signed["payloadJSON"].as_str().unwrap().as_bytes(),
        signed["signature"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(button["estimatedOrderAmount"]["amount"], "2900");

    // 2. The buyer clicks (checkout.js posts the signed config), signs in and picks.
    let id = initiate_checkout(&sb, "PayAndShip", signed).await;
    let approved = control(
        &sb,
        &format!("/_sandbox/checkoutSessions/{id}/approve"),
        json!({}),
    )
    .await;
    assert!(approved["redirectUrl"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:5173/review"));

    // 3. The review page's data, and nothing else.
    let (s, review) = get(&format!("/v1/checkout-sessions/{id}")).await;
    assert_eq!(s, 200, "{review}");
    assert_eq!(review["state"], "Open");
    assert_eq!(review["checkoutSessionId"], id.as_str());
    assert!(review["buyerName"].is_string(), "{review}");
    assert!(review["buyerEmail"].as_str().unwrap().contains('@'));
    assert!(review["shippingAddress"]["postalCode"].is_string(), "{review}");
    assert!(review["paymentDescriptor"].is_string(), "{review}");
    let allowed = [
        "checkoutSessionId",
        "state",
        "reasonCode",
        "buyerName",
        "buyerEmail",
        "buyerPhone",
        "shippingAddress",
        "billingAddress",
        "paymentDescriptor",
        "constraints",
    ];
    for key in review.as_object().unwrap().keys() {
        assert!(allowed.contains(&key.as_str()), "review leaks {key}");
    }

    // Completing before place-order is refused.
    let (s, early) = call(
        reqwest::Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        None,
        false,
    )
    .await;
    assert_eq!(
        (s, early["error"]["code"].as_str()),
        (409, Some("ORDER_NOT_PLACED")),
        "{early}"
    );

    // 4. Place the order: the amount is recomputed from the catalog.
    let placed = place_order(|path| w.url(path), &id, &cart).await;
    assert_eq!(placed["amount"], json!({"amount": "2900", "currencyCode": "JPY"}));
    assert!(placed["amazonPayRedirectUrl"].as_str().unwrap().starts_with(&sb));

    // 5. The buyer pays on Amazon's page.
    let paid = control(&sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    assert!(paid["redirectUrl"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:5173/result"));

    // 6. Complete, twice: the second answer is the same and harmless.
    let complete = || {
        call(
            reqwest::Method::POST,
            w.url(&format!("/v1/checkout-sessions/{id}/complete")),
            None,
            false,
        )
    };
    let (s, done) = complete().await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Completed", "{done}");
    assert_eq!(done["state"], "Completed");
    assert_eq!(done["chargeState"], "Authorized");
    let charge_id = done["chargeId"].as_str().unwrap().to_owned();
    let permission_id = done["chargePermissionId"].as_str().unwrap().to_owned();
    let (s, again) = complete().await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(again["chargeId"], done["chargeId"]);

    // 7. Merchant: capture at most what was authorized, then capture, refund.
    let m = |method, path: String, body| call(method, w.url(&path), body, true);
    let (s, charge) = m(
        reqwest::Method::GET,
        format!("/v1/merchant/charges/{charge_id}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{charge}");
    assert_eq!(charge["chargeAmount"]["amount"], "2900");
    let (s, over) = m(
        reqwest::Method::POST,
        format!("/v1/merchant/charges/{charge_id}/capture"),
        Some(json!({"amount": {"amount": "2901", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(
        (s, over["error"]["code"].as_str()),
        (400, Some("AMOUNT_EXCEEDS_ALLOWED")),
        "{over}"
    );
    let (s, captured) = m(
        reqwest::Method::POST,
        format!("/v1/merchant/charges/{charge_id}/capture"),
        Some(json!({"amount": {"amount": "2900", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(s, 200, "{captured}");
    assert!(["Captured", "CaptureInitiated"].contains(&captured["statusDetails"]["state"].as_str().unwrap()));
    let (s, refund) = m(
        reqwest::Method::POST,
        "/v1/merchant/refunds".into(),
        Some(json!({"chargeId": charge_id, "amount": {"amount": "1000", "currencyCode": "JPY"}, "reference": "refund-1"})),
    )
    .await;
    assert_eq!(s, 200, "{refund}");
    let refund_id = refund["refundId"].as_str().unwrap().to_owned();
    // The same logical refund again reuses the idempotency key: no second refund.
    let (s, same) = m(
        reqwest::Method::POST,
        "/v1/merchant/refunds".into(),
        Some(json!({"chargeId": charge_id, "amount": {"amount": "1000", "currencyCode": "JPY"}, "reference": "refund-1"})),
    )
    .await;
    assert_eq!(s, 200, "{same}");
    assert_eq!(same["refundId"], refund_id.as_str());
    let (s, got) = m(
        reqwest::Method::GET,
        format!("/v1/merchant/refunds/{refund_id}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["refundAmount"]["amount"], "1000");
    let (s, perm) = m(
        reqwest::Method::GET,
        format!("/v1/merchant/charge-permissions/{permission_id}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{perm}");
    let (s, missing) = m(
        reqwest::Method::GET,
        "/v1/merchant/charges/S01-0000000-0000000-C999999".into(),
        None,
    )
    .await;
    assert_eq!(
        (s, missing["error"]["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND")),
        "{missing}"
    );
    // Amazon's own message is never passed on: only its reason code.
    assert_eq!(missing["error"]["message"], "Amazon Pay: ResourceNotFound");

    // Every request reached "Amazon" signed, and every create carried an idempotency key.
    let log = sandbox.state.log().since(0);
    let api: Vec<_> = log.iter().filter(|e| e.path.starts_with("/v2/")).collect();
    assert!(api.len() >= 8, "{log:?}");
    for e in &api {
        assert_eq!(e.public_key_id.as_deref(), Some("SANDBOX-AEDGEKEY"), "{e:?}");
        if e.method == "POST" {
            assert!(e.idempotency_key.is_some(), "{e:?}");
        }
        assert_ne!(e.reason_code.as_deref(), Some("InvalidRequestSignature"), "{e:?}");
    }
    let refunds = api
        .iter()
        .filter(|e| e.method == "POST" && e.path == "/v2/refunds" && !e.replayed)
        .count();
    assert_eq!(refunds, 1, "one refund only: {api:?}");
    drop(w);
    sandbox.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn declined_payment_and_replayed_token() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let token = CartToken {
        amount: Money::parse("3300", Currency::Jpy).unwrap(),
        reference: "order-replay-1".into(),
        expires_at: now() + 600,
        checkout_session_id: None,
    }
    .encode(CART_SECRET.as_bytes());
    let button = |t: String| {
        call(
            reqwest::Method::POST,
            w.url("/v1/button"),
            Some(json!({"productType": "PayAndShip", "placement": "Checkout", "cartToken": t})),
            false,
        )
    };
    let (s, b) = button(token.clone()).await;
    assert_eq!(s, 200, "{b}");
    let first = initiate_checkout(&sb, "PayAndShip", &b["createCheckoutSessionConfig"]).await;
    let second = initiate_checkout(&sb, "PayAndShip", &b["createCheckoutSessionConfig"]).await;
    control(
        &sb,
        &format!("/_sandbox/checkoutSessions/{first}/approve"),
        json!({}),
    )
    .await;
    control(
        &sb,
        &format!("/_sandbox/checkoutSessions/{second}/approve"),
        json!({}),
    )
    .await;
    let place = |id: String| {
        call(
            reqwest::Method::POST,
            w.url(&format!("/v1/checkout-sessions/{id}/place-order")),
            Some(json!({"cartToken": token.clone()})),
            false,
        )
    };
    let (s, placed) = place(first.clone()).await;
    assert_eq!(s, 200, "{placed}");
    assert_eq!(placed["amount"]["amount"], "3300");
    // The same token again for the same session is a harmless retry …
    let (s, _) = place(first.clone()).await;
    assert_eq!(s, 200);
    // … but for another session it is a replay, and so is a new button with it.
    let (s, replay) = place(second.clone()).await;
    assert_eq!(
        (s, replay["error"]["code"].as_str()),
        (409, Some("CART_TOKEN_REPLAYED")),
        "{replay}"
    );
    let (s, replay) = button(token.clone()).await;
    assert_eq!(
        (s, replay["error"]["code"].as_str()),
        (409, Some("CART_TOKEN_REPLAYED")),
        "{replay}"
    );
    assert!(replay.get("createCheckoutSessionConfig").is_none());

    // A buyer whose card declines: complete reports a typed outcome.
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "CUP-2", "quantity": 1}]})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let id = initiate_checkout(&sb, "PayAndShip", &b["createCheckoutSessionConfig"]).await;
    let approve = client()
        .post(format!("{sb}/_sandbox/checkoutSessions/{id}/approve"))
        .header("content-type", "application/json")
        .body(
            json!({"buyerId": "amzn1.account.SANDBOXBUYERUS0002", "instrumentId": "us-amex-soft"})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    if approve.status().as_u16() != 200 {
        // The sandbox keeps buyers to their region; nothing more to check here.
        eprintln!(
            "decline not checked: {}",
            approve.text().await.unwrap_or_default()
        );
        return;
    }
    place_order(|path| w.url(path), &id, &json!([{"sku": "CUP-2", "quantity": 1}])).await;
    let _ = client()
        .post(format!("{sb}/_sandbox/checkoutSessions/{id}/pay"))
        .send()
        .await
        .unwrap();
    let (s, done) = call(
        reqwest::Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        None,
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Declined", "{done}");
    assert!(
        done.get("chargeId").is_none() || done["chargeState"] == "Declined",
        "{done}"
    );
    sandbox.stop();
}

/// Runs a checkout through the signer until the buyer approved (no place-order yet).
async fn approved_session(w: &Workerd, sb: &str, cart: &Value) -> String {
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let id = initiate_checkout(sb, "PayAndShip", &b["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn constraints_cancel_and_expiry_are_typed() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let cart = json!([{"sku": "CUP-2", "quantity": 1}]);
    let place = |id: String| {
        call(
            reqwest::Method::POST,
            w.url(&format!("/v1/checkout-sessions/{id}/place-order")),
            Some(json!({"cart": cart.clone()})),
            false,
        )
    };
    let complete = |id: String| {
        call(
            reqwest::Method::POST,
            w.url(&format!("/v1/checkout-sessions/{id}/complete")),
            None,
            false,
        )
    };

    // No buyer yet: place-order names the unmet constraint.
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let lonely = initiate_checkout(&sb, "PayAndShip", &b["createCheckoutSessionConfig"]).await;
    let (s, err) = place(lonely.clone()).await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (409, Some("CONSTRAINTS_UNMET")),
        "{err}"
    );
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("BuyerNotAssociated"),
        "{err}"
    );

    // The buyer cancels on Amazon's page: complete says Canceled.
    let canceled = approved_session(&w, &sb, &cart).await;
    let (s, _) = place(canceled.clone()).await;
    assert_eq!(s, 200);
    control(
        &sb,
        &format!("/_sandbox/checkoutSessions/{canceled}/cancel"),
        json!({}),
    )
    .await;
    let (s, done) = complete(canceled.clone()).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Canceled", "{done}");

    // A session left open for more than 24 hours: complete says Expired.
    let stale = approved_session(&w, &sb, &cart).await;
    let (s, _) = place(stale.clone()).await;
    assert_eq!(s, 200);
    control(&sb, "/_sandbox/clock", json!({"advanceSeconds": 25 * 3600})).await;
    let (s, done) = complete(stale.clone()).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Expired", "{done}");

    // 30 days after its creation Amazon has deleted the session: reading or completing it is
    // RESOURCE_NOT_FOUND (a day before, the read still reached it).
    let read = || {
        call(
            reqwest::Method::GET,
            w.url(&format!("/v1/checkout-sessions/{stale}")),
            None,
            false,
        )
    };
    control(&sb, "/_sandbox/clock", json!({"advanceSeconds": 28 * 86_400})).await;
    let (s, v) = read().await;
    assert_ne!(s, 404, "{v}");
    control(&sb, "/_sandbox/clock", json!({"advanceSeconds": 86_400})).await;
    let (s, err) = complete(stale.clone()).await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND")),
        "{err}"
    );
    let (s, err) = read().await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND")),
        "{err}"
    );
    drop(w);
    sandbox.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn merchant_routes_cancel_charge_and_close_permission() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let cart = json!([{"sku": "TEA-1", "quantity": 4}]);
    let id = approved_session(&w, &sb, &cart).await;
    place_order(|path| w.url(path), &id, &cart).await;
    control(&sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    let (s, done) = call(
        reqwest::Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        None,
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    let charge_id = done["chargeId"].as_str().unwrap().to_owned();
    let permission_id = done["chargePermissionId"].as_str().unwrap().to_owned();
    let m = |method, path: String, body| call(method, w.url(&path), body, true);

    let (s, canceled) = m(
        reqwest::Method::POST,
        format!("/v1/merchant/charges/{charge_id}/cancel"),
        Some(json!({"reason": "out of stock"})),
    )
    .await;
    assert_eq!(s, 200, "{canceled}");
    assert_eq!(canceled["statusDetails"]["state"], "Canceled");
    let (s, again) = m(
        reqwest::Method::POST,
        format!("/v1/merchant/charges/{charge_id}/capture"),
        Some(json!({"amount": {"amount": "100", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(
        (s, again["error"]["code"].as_str()),
        (409, Some("INVALID_STATE")),
        "{again}"
    );

    // A new charge on the permission, twice with the same reference: one charge.
    let body = json!({"chargePermissionId": permission_id, "amount": {"amount": "1000", "currencyCode": "JPY"},
                      "reference": "reship-1", "captureNow": true});
    let (s, charge) = m(
        reqwest::Method::POST,
        "/v1/merchant/charges".into(),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, 200, "{charge}");
    let (s, same) = m(reqwest::Method::POST, "/v1/merchant/charges".into(), Some(body)).await;
    assert_eq!(s, 200, "{same}");
    assert_eq!(charge["chargeId"], same["chargeId"]);
    let (s, usd) = m(
        reqwest::Method::POST,
        "/v1/merchant/charges".into(),
        Some(
            json!({"chargePermissionId": permission_id, "amount": {"amount": "10.00", "currencyCode": "USD"},
                    "reference": "r-usd"}),
        ),
    )
    .await;
    assert_eq!(
        (s, usd["error"]["code"].as_str()),
        (400, Some("CURRENCY_MISMATCH")),
        "{usd}"
    );

    let (s, closed) = m(
        reqwest::Method::POST,
        format!("/v1/merchant/charge-permissions/{permission_id}/close"),
        Some(json!({"reason": "order finished"})),
    )
    .await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["statusDetails"]["state"], "Closed");
    let creates = sandbox
        .state
        .log()
        .since(0)
        .into_iter()
        .filter(|e| e.method == "POST" && e.path == "/v2/charges" && e.status < 300 && !e.replayed)
        .count();
    assert_eq!(creates, 1, "one new charge only");
    drop(w);
    sandbox.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_in_buyer_profile() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let signed_in = control(
        &sb,
        "/_sandbox/signin",
        json!({"buyerId": "amzn1.account.SANDBOXBUYERJP0001"}),
    )
    .await;
    let token = signed_in["buyerToken"].as_str().unwrap().to_owned();
    // The sign-in button's return URL carries the state that the sign-in page posts back.
    let (s, button) = call(
        reqwest::Method::POST,
        w.url("/v1/signin-button"),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let payload: Value =
        serde_json::from_str(button["signInConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    let state = payload["signInReturnUrl"]
        .as_str()
        .unwrap()
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("amazonPaySignIn="))
        .unwrap()
        .to_owned();
    let (s, buyer) = call(
        reqwest::Method::POST,
        w.url("/v1/buyer"),
        Some(json!({"buyerToken": token, "state": state})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{buyer}");
    assert_eq!(buyer["buyerId"], "amzn1.account.SANDBOXBUYERJP0001");
    assert!(buyer["email"].as_str().unwrap().contains('@'));
    let (s, unknown) = call(
        reqwest::Method::POST,
        w.url("/v1/buyer"),
        Some(json!({"buyerToken": "nope", "state": state})),
        false,
    )
    .await;
    assert!(s == 404 || s == 502, "{s}: {unknown}");
    // The buyer token is a credential: it is not logged.
    assert!(!w.logs().contains(&token), "the buyer token was logged");
    drop(w);
    sandbox.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn one_step_pay_only_with_capture() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let mut bindings = default_bindings(&sb);
    amazon_pay_tests::edge::set_binding(&mut bindings, "CHECKOUT_FLOW", Some("oneStep"));
    amazon_pay_tests::edge::set_binding(&mut bindings, "PAYMENT_INTENT", Some("AuthorizeWithCapture"));
    let w = Workerd::start(&bindings);
    let token = CartToken {
        amount: Money::parse("5100", Currency::Jpy).unwrap(),
        reference: "order-digital-9".into(),
        expires_at: now() + 600,
        checkout_session_id: None,
    }
    .encode(CART_SECRET.as_bytes());
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayOnly", "placement": "Product", "cartToken": token})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let payload: Value =
        serde_json::from_str(b["createCheckoutSessionConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    assert_eq!(payload["webCheckoutDetails"]["checkoutMode"], "ProcessOrder");
    assert_eq!(
        payload["webCheckoutDetails"]["checkoutResultReturnUrl"],
        amazon_pay_shared::binding::bind_url(
            "http://127.0.0.1:5173/result",
            &amazon_pay_shared::binding::hash_secret(amazon_pay_tests::edge::BROWSER_SECRET)
        )
    );
    assert_eq!(
        payload["paymentDetails"]["chargeAmount"],
        json!({"amount": "5100", "currencyCode": "JPY"})
    );
    assert_eq!(payload["paymentDetails"]["paymentIntent"], "AuthorizeWithCapture");
    assert_eq!(
        payload["merchantMetadata"]["merchantReferenceId"],
        "order-digital-9"
    );

    // The buyer pays straight on Amazon's page, then the result page completes.
    let id = initiate_checkout(&sb, "PayOnly", &b["createCheckoutSessionConfig"]).await;
    control(
        &sb,
        &format!("/_sandbox/checkoutSessions/{id}/approve"),
        json!({}),
    )
    .await;
    let paid = client()
        .post(format!("{sb}/_sandbox/checkoutSessions/{id}/pay"))
        .send()
        .await
        .unwrap();
    let paid_status = paid.status().as_u16();
    let paid_body = paid.text().await.unwrap();
    assert!(
        paid_status == 200 || paid_body.contains("result"),
        "{paid_status}: {paid_body}"
    );
    let (s, done) = call(
        reqwest::Method::POST,
        w.url(&format!("/v1/checkout-sessions/{id}/complete")),
        None,
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Completed", "{done}");
    assert!(
        ["Captured", "CaptureInitiated"].contains(&done["chargeState"].as_str().unwrap_or("")),
        "{done}"
    );
    drop(w);
    sandbox.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_bound_token_pays_for_its_session_only() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let mine = approved_session(&w, &sb, &cart).await;
    let other = approved_session(&w, &sb, &cart).await;
    // The backend mints the place-order token on the review page of `mine`.
    let token = CartToken {
        amount: Money::parse("1700", Currency::Jpy).unwrap(),
        reference: "order-bound-1".into(),
        expires_at: now() + 600,
        checkout_session_id: Some(mine.clone()),
    }
    .encode(CART_SECRET.as_bytes());
    let place = |id: String| {
        call(
            reqwest::Method::POST,
            w.url(&format!("/v1/checkout-sessions/{id}/place-order")),
            Some(json!({"cartToken": token.clone()})),
            false,
        )
    };
    let (s, err) = place(other.clone()).await;
    assert_eq!(
        (s, err["error"]["code"].as_str()),
        (409, Some("CART_TOKEN_WRONG_SESSION")),
        "{err}"
    );
    let (s, placed) = place(mine.clone()).await;
    assert_eq!(s, 200, "{placed}");
    // Nothing reached Amazon for the other session.
    let patched_other = sandbox
        .state
        .log()
        .since(0)
        .iter()
        .any(|e| e.method == "PATCH" && e.path.ends_with(&other));
    assert!(!patched_other);
    drop(w);
    sandbox.stop();
}
