//! Checkout Session over real HTTP: create, constraints, update, the buyer's steps, complete,
//! expiry, strict bodies, idempotency and routing.

use crate::common;

use amazon_pay_shared::region::Region;
use common::{instruments, key, price, Sandbox, STORE_ID};
use serde_json::{json, Value};

fn constraint_ids(session: &Value) -> Vec<String> {
    session["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["constraintId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn review_flow_constraints_redirect_and_complete() {
    let sb = Sandbox::start().await;
    let created = sb
        .post(
            "/v2/checkoutSessions",
            &json!({"storeId": STORE_ID,
                    "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review?x=1"},
                    "scopes": ["name", "email", "billingAddress"]}),
        )
        .await
        .expect(201);
    let id = created["checkoutSessionId"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(created["statusDetails"]["state"], "Open");
    assert_eq!(created["releaseEnvironment"], "Sandbox");
    assert_eq!(created["productType"], "PayAndShip");
    assert_eq!(
        constraint_ids(&created),
        [
            "BuyerNotAssociated",
            "ChargeAmountNotSet",
            "CheckoutResultReturnUrlNotSet",
            "PaymentIntentNotSet"
        ]
    );
    assert!(created["webCheckoutDetails"]["amazonPayRedirectUrl"].is_null());
    let created_at = amazon_pay_shared::time::parse(created["creationTimestamp"].as_str().unwrap()).unwrap();
    let expires_at =
        amazon_pay_shared::time::parse(created["expirationTimestamp"].as_str().unwrap()).unwrap();
    assert_eq!(expires_at - created_at, 86_400);

    // Complete before anything happened.
    sb.complete(&id, "1000")
        .await
        .expect_error(422, "InvalidCheckoutSessionStatus");

    let approved = sb.approve(&id, Some((instruments::JP, "jp-visa"))).await;
    assert_eq!(
        approved["redirectUrl"],
        format!("https://shop.example/review?x=1&amazonCheckoutSessionId={id}")
    );
    let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
    assert_eq!(s["buyer"]["buyerId"], instruments::JP);
    assert_eq!(s["buyer"]["name"], "山田 花子");
    assert!(
        s["buyer"]["phoneNumber"].is_null(),
        "phoneNumber was not in the scopes"
    );
    assert_eq!(s["shippingAddress"]["stateOrRegion"], "東京都");
    assert_eq!(s["billingAddress"]["countryCode"], "JP");
    assert_eq!(s["paymentPreferences"][0]["paymentDescriptor"], "Visa ****1111");
    assert_eq!(
        constraint_ids(&s),
        [
            "ChargeAmountNotSet",
            "CheckoutResultReturnUrlNotSet",
            "PaymentIntentNotSet"
        ]
    );

    // Paying while constraints remain is refused.
    sb.control("POST", &format!("/_sandbox/checkoutSessions/{id}/pay"), None)
        .await
        .expect_error(422, "InvalidCheckoutSessionStatus");

    let partial = sb
        .patch(
            &format!("/v2/checkoutSessions/{id}"),
            &json!({"paymentDetails": {"paymentIntent": "Authorize", "chargeAmount": price("1000", "JPY")}}),
        )
        .await
        .expect(200);
    assert_eq!(constraint_ids(&partial), ["CheckoutResultReturnUrlNotSet"]);
    assert!(partial["webCheckoutDetails"]["amazonPayRedirectUrl"].is_null());
    let updated = sb
        .patch(
            &format!("/v2/checkoutSessions/{id}"),
            &json!({"webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
                    "merchantMetadata": {"merchantReferenceId": "ORDER-1"}}),
        )
        .await
        .expect(200);
    assert!(constraint_ids(&updated).is_empty());
    assert_eq!(
        updated["webCheckoutDetails"]["amazonPayRedirectUrl"],
        format!("http://{}/checkout/pay?amazonCheckoutSessionId={id}", sb.addr)
    );
    assert_eq!(updated["paymentDetails"]["chargeAmount"]["amount"], "1000");
    assert_eq!(updated["merchantMetadata"]["merchantReferenceId"], "ORDER-1");

    let paid = sb.pay(&id).await;
    assert_eq!(
        paid["redirectUrl"],
        format!("https://shop.example/result?amazonCheckoutSessionId={id}")
    );
    // No update after the buyer paid.
    sb.patch(
        &format!("/v2/checkoutSessions/{id}"),
        &json!({"merchantMetadata": {"merchantReferenceId": "ORDER-2"}}),
    )
    .await
    .expect_error(422, "InvalidCheckoutSessionStatus");

    // The amount must be the one set: one yen more or a different currency is refused.
    sb.complete(&id, "1001")
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.call(
        "POST",
        &format!("/v2/checkoutSessions/{id}/complete"),
        Some(&json!({"chargeAmount": price("1000.00", "USD")})),
        None,
    )
    .await
    .expect_error(400, "CurrencyMismatch");
    sb.call(
        "POST",
        &format!("/v2/checkoutSessions/{id}/complete"),
        Some(&json!({})),
        None,
    )
    .await
    .expect_error(400, "MissingParameterValue");

    let done = sb.complete(&id, "1000").await.expect(200);
    assert_eq!(done["statusDetails"]["state"], "Completed");
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    assert!(
        permission.starts_with("S03-") && permission.len() == 19,
        "{permission}"
    );
    assert!(charge.starts_with(&format!("{permission}-C")), "{charge}");
    assert!(done["buyer"].is_null(), "buyer data is only shown while open");

    // Completing twice gives the same answer.
    let again = sb.complete(&id, "1000").await.expect(200);
    assert_eq!(again["chargeId"], done["chargeId"]);
    assert_eq!(again["chargePermissionId"], done["chargePermissionId"]);

    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Authorized");
    assert_eq!(c["chargeAmount"], price("1000", "JPY"));
    assert_eq!(c["merchantMetadata"]["merchantReferenceId"], "ORDER-1");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["statusDetails"]["state"], "Chargeable");
    assert_eq!(p["chargePermissionType"], "OneTime");
    assert_eq!(p["limits"]["amountLimit"], price("1000", "JPY"));
    assert_eq!(p["limits"]["amountBalance"], price("1000", "JPY"));
    assert_eq!(p["buyer"]["email"], "hanako.yamada@example.jp");
    assert_eq!(p["shippingAddress"]["city"], "千代田区");
}

#[tokio::test]
async fn one_step_process_order_authorizes_on_approval() {
    let sb = Sandbox::start().await;
    let payload = json!({
        "storeId": STORE_ID,
        "webCheckoutDetails": {"checkoutMode": "ProcessOrder",
                               "checkoutResultReturnUrl": "https://shop.example/result"},
        "paymentDetails": {"paymentIntent": "AuthorizeWithCapture", "chargeAmount": price("2500", "JPY"),
                           "softDescriptor": "SHOP"},
        "addressDetails": {"name": "佐藤 太郎", "addressLine1": "銀座1-1", "city": "中央区",
                           "stateOrRegion": "東京都", "postalCode": "104-0061", "countryCode": "JP",
                           "phoneNumber": "0311112222"},
    });
    let s = sb.post("/v2/checkoutSessions", &payload).await.expect(201);
    let id = s["checkoutSessionId"].as_str().unwrap();
    assert_eq!(constraint_ids(&s), ["BuyerNotAssociated"]);
    let approved = sb.approve(id, None).await;
    assert_eq!(
        approved["redirectUrl"],
        format!("https://shop.example/result?amazonCheckoutSessionId={id}")
    );
    let done = sb.complete(id, "2500").await.expect(200);
    let charge = sb
        .get(&format!("/v2/charges/{}", done["chargeId"].as_str().unwrap()))
        .await
        .expect(200);
    assert_eq!(charge["statusDetails"]["state"], "Captured");
    assert_eq!(charge["captureAmount"], price("2500", "JPY"));
    assert_eq!(charge["refundedAmount"], price("0", "JPY"));
    let p = sb
        .get(&format!(
            "/v2/chargePermissions/{}",
            done["chargePermissionId"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(
        p["shippingAddress"]["name"], "佐藤 太郎",
        "APB shows the address the merchant sent"
    );
    assert_eq!(
        p["statusDetails"]["state"], "Closed",
        "fully captured one-time permission"
    );
    assert_eq!(p["statusDetails"]["reasons"][0]["reasonCode"], "AmazonClosed");
    assert_eq!(p["limits"]["amountBalance"], price("0", "JPY"));

    // ProcessOrder without its required fields.
    let mut missing = payload.clone();
    missing["paymentDetails"]
        .as_object_mut()
        .unwrap()
        .remove("chargeAmount");
    let m = sb
        .post("/v2/checkoutSessions", &missing)
        .await
        .expect_error(400, "MissingParameterValue");
    assert!(m.contains("paymentDetails.chargeAmount"), "{m}");
    // Review mode without a review URL.
    sb.post(
        "/v2/checkoutSessions",
        &json!({"storeId": STORE_ID, "webCheckoutDetails": {}}),
    )
    .await
    .expect_error(400, "MissingParameterValue");
    // AuthorizeWithCapture cannot be pending.
    let mut pending = payload.clone();
    pending["paymentDetails"]["canHandlePendingAuthorization"] = json!(true);
    sb.post("/v2/checkoutSessions", &pending)
        .await
        .expect_error(400, "InvalidParameterCombination");
}

#[tokio::test]
async fn pay_only_and_scopes() {
    let sb = Sandbox::start().await;
    // A PayOnly button session (created the way the hosted button does) has no shipping address.
    let session = {
        let mut store = sb.running.state.store();
        let request: amazon_pay_shared::api::CreateCheckoutSessionRequest = serde_json::from_value(json!({
            "storeId": STORE_ID,
            "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"},
        }))
        .unwrap();
        store
            .create_checkout_session_from_button(
                sb.running.state.config(),
                sb.running.state.clock().now(),
                &amazon_pay_shared::region::PublicKeyId::parse(common::KEY_ID).unwrap(),
                request,
                amazon_pay_sandbox::domain::checkout_session::SessionOrigin {
                    product_type: Some(amazon_pay_shared::api::ProductType::PayOnly),
                    region: Some(Region::Jp),
                },
            )
            .unwrap()
    };
    let id = session.checkout_session_id;
    sb.approve(&id, None).await;
    let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
    assert_eq!(s["productType"], "PayOnly");
    assert!(s["shippingAddress"].is_null());
    assert!(
        s["billingAddress"].is_null(),
        "no scopes: everything but the billing address"
    );
    assert_eq!(s["buyer"]["phoneNumber"], "0312345678");
}

#[tokio::test]
async fn buyer_cancel_decline_and_complete_on_canceled_session() {
    let sb = Sandbox::start().await;
    // The buyer cancels.
    let id = sb
        .create_review_session(
            json!({"webCheckoutDetails": {"checkoutCancelUrl": "https://shop.example/cart"}}),
        )
        .await;
    let canceled = sb
        .control("POST", &format!("/_sandbox/checkoutSessions/{id}/cancel"), None)
        .await
        .expect(200);
    assert_eq!(canceled["redirectUrl"], "https://shop.example/cart");
    let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
    assert_eq!(s["statusDetails"]["state"], "Canceled");
    assert_eq!(s["statusDetails"]["reasonCode"], "BuyerCanceled");
    assert!(
        s["webCheckoutDetails"].is_null(),
        "a canceled session shows only its state"
    );
    sb.complete(&id, "1000")
        .await
        .expect_error(400, "CheckoutSessionCanceled");
    sb.patch(
        &format!("/v2/checkoutSessions/{id}"),
        &json!({"paymentDetails": {"paymentIntent": "Confirm"}}),
    )
    .await
    .expect_error(422, "InvalidCheckoutSessionStatus");

    // A declined instrument cancels the session with Declined and still returns to the result page.
    for instrument in [instruments::SOFT_DECLINE, instruments::HARD_DECLINE] {
        let id = sb
            .paid_session("Authorize", "1000", Some(instrument), json!({}))
            .await;
        let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
        assert_eq!(s["statusDetails"]["reasonCode"], "Declined");
        sb.complete(&id, "1000")
            .await
            .expect_error(400, "CheckoutSessionCanceled");
    }
    // Pending-then-decline without pending handling declines at once.
    let id = sb
        .paid_session("Authorize", "1000", Some(instruments::PENDING_DECLINE), json!({}))
        .await;
    assert_eq!(sb.state(&format!("/v2/checkoutSessions/{id}")).await, "Canceled");
    // Confirm does not authorise: a declining instrument still completes.
    let s = sb
        .checkout("Confirm", "1000", Some(instruments::HARD_DECLINE), json!({}))
        .await;
    assert!(s["chargeId"].is_null());
}

#[tokio::test]
async fn session_expires_after_24_hours() {
    let sb = Sandbox::start().await;
    let open = sb.create_review_session(json!({})).await;
    let paid = sb.paid_session("Authorize", "1000", None, json!({})).await;
    let completed = sb.paid_session("Authorize", "1000", None, json!({})).await;
    sb.complete(&completed, "1000").await.expect(200);
    // Its expirationTimestamp is 24 hours after its creation, both on the sandbox clock.
    let before = sb.get(&format!("/v2/checkoutSessions/{open}")).await.expect(200);
    let at = |field: &str| amazon_pay_shared::time::parse(before[field].as_str().unwrap()).unwrap();
    assert_eq!(
        at("expirationTimestamp") - at("creationTimestamp"),
        86_400,
        "{before}"
    );
    sb.advance(86_390).await;
    assert_eq!(sb.state(&format!("/v2/checkoutSessions/{open}")).await, "Open");
    sb.advance(10).await;
    let s = sb.get(&format!("/v2/checkoutSessions/{open}")).await.expect(200);
    assert_eq!(s["statusDetails"]["state"], "Canceled");
    assert_eq!(s["statusDetails"]["reasonCode"], "Expired");
    let p = sb.get(&format!("/v2/checkoutSessions/{paid}")).await.expect(200);
    assert_eq!(
        p["statusDetails"]["reasonCode"], "Expired",
        "paid but never completed"
    );
    sb.complete(&paid, "1000")
        .await
        .expect_error(400, "CheckoutSessionCanceled");
    assert_eq!(
        sb.state(&format!("/v2/checkoutSessions/{completed}")).await,
        "Completed"
    );
    sb.control(
        "POST",
        &format!("/_sandbox/checkoutSessions/{open}/approve"),
        None,
    )
    .await
    .expect_error(400, "CheckoutSessionCanceled");
}

#[tokio::test]
async fn amounts_currency_and_store_rules() {
    let sb = Sandbox::start().await;
    let id = sb.create_review_session(json!({})).await;
    let path = format!("/v2/checkoutSessions/{id}");
    let set = |amount: &str, currency: &str| json!({"paymentDetails": {"paymentIntent": "Authorize", "chargeAmount": price(amount, currency)}});
    // Fractional yen, zero, a JSON number.
    let m = sb
        .patch(&path, &set("1000.5", "JPY"))
        .await
        .expect_error(400, "InvalidParameterValue");
    assert!(m.contains("paymentDetails.chargeAmount"), "{m}");
    sb.patch(&path, &set("0", "JPY"))
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.patch(
        &path,
        &json!({"paymentDetails": {"chargeAmount": {"amount": 1000, "currencyCode": "JPY"}}}),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
    // JP maximum ¥10,000,000 per charge.
    sb.patch(&path, &set("10000000", "JPY")).await.expect(200);
    sb.patch(&path, &set("10000001", "JPY"))
        .await
        .expect_error(400, "InvalidParameterValue");
    // A JP merchant charges in yen.
    sb.patch(&path, &set("10.00", "USD"))
        .await
        .expect_error(400, "CurrencyMismatch");
    // A US merchant: USD, 2 decimals, $150,000.
    let us = sb
        .call_in(
            Region::Na,
            "POST",
            "/v2/checkoutSessions",
            Some(&json!({"storeId": STORE_ID,
                         "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"}})),
            Some(&key()),
        )
        .await
        .expect(201);
    let us_path = format!(
        "/v2/checkoutSessions/{}",
        us["checkoutSessionId"].as_str().unwrap()
    );
    for (amount, currency, status, reason) in [
        ("150000.00", "USD", 200, ""),
        ("150000.01", "USD", 400, "InvalidParameterValue"),
        ("1.001", "USD", 400, "InvalidParameterValue"),
        ("1000", "JPY", 400, "CurrencyMismatch"),
    ] {
        let a = sb
            .call_in(Region::Na, "PATCH", &us_path, Some(&set(amount, currency)), None)
            .await;
        assert_eq!(
            (a.status, a.reason()),
            (status, reason),
            "{amount} {currency}: {}",
            a.body
        );
    }
    // Presentment currency is EU-only and only on create.
    sb.post(
        "/v2/checkoutSessions",
        &json!({"storeId": STORE_ID, "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://a.example"},
                "paymentDetails": {"presentmentCurrency": "USD"}}),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
    // The store id must be this merchant's.
    let m = sb
        .post(
            "/v2/checkoutSessions",
            &json!({"storeId": "amzn1.application-oa2-client.other",
                    "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://a.example"}}),
        )
        .await
        .expect_error(400, "InvalidParameterValue");
    assert!(m.contains("storeId"), "{m}");
    // Length limits name the field.
    let m = sb
        .patch(
            &path,
            &json!({"merchantMetadata": {"merchantStoreName": "x".repeat(51)}}),
        )
        .await
        .expect_error(400, "InvalidParameterValue");
    assert!(m.contains("merchantMetadata.merchantStoreName"), "{m}");
    sb.patch(
        &path,
        &json!({"merchantMetadata": {"merchantStoreName": "店".repeat(50)}}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn recurring_needs_a_frequency() {
    let sb = Sandbox::start().await;
    let id = sb
        .create_review_session(json!({"chargePermissionType": "Recurring"}))
        .await;
    let path = format!("/v2/checkoutSessions/{id}");
    sb.approve(&id, None).await;
    let s = sb
        .patch(
            &path,
            &json!({"webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
                    "paymentDetails": {"paymentIntent": "Confirm", "chargeAmount": price("980", "JPY")}}),
        )
        .await
        .expect(200);
    assert_eq!(constraint_ids(&s), ["RecurringFrequencyNotSet"]);
    let s = sb
        .patch(
            &path,
            &json!({"recurringMetadata": {"frequency": {"unit": "Month", "value": "1"}, "amount": price("980", "JPY")}}),
        )
        .await
        .expect(200);
    assert!(constraint_ids(&s).is_empty());
    sb.pay(&id).await;
    let done = sb.complete(&id, "980").await.expect(200);
    let permission = done["chargePermissionId"].as_str().unwrap();
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["chargePermissionType"], "Recurring");
    assert_eq!(p["recurringMetadata"]["frequency"]["unit"], "Month");
    assert!(p["limits"].is_null());
    // Recurring permissions take charges beyond the first amount.
    for _ in 0..2 {
        sb.create_charge(permission, "980", json!({"captureNow": true}))
            .await
            .expect(201);
    }
}

#[tokio::test]
async fn strict_bodies_and_headers() {
    let sb = Sandbox::start().await;
    let m = sb
        .post(
            "/v2/checkoutSessions",
            &json!({"storeId": STORE_ID, "colour": "blue"}),
        )
        .await
        .expect_error(400, "UnrecognizedField");
    assert!(m.contains("colour"), "{m}");
    let m = sb
        .post(
            "/v2/checkoutSessions",
            &json!({"storeId": STORE_ID, "webCheckoutDetails": {"amazonPayRedirectUrl": "https://x"}}),
        )
        .await
        .expect_error(400, "UnrecognizedField");
    assert!(m.contains("amazonPayRedirectUrl"), "{m}");
    sb.call_raw(
        Region::Jp,
        "POST",
        "/v2/checkoutSessions",
        Some(b"{not json"),
        Some(&key()),
    )
    .await
    .expect_error(400, "InvalidRequestFormat");
    sb.call_raw(Region::Jp, "POST", "/v2/checkoutSessions", None, Some(&key()))
        .await
        .expect_error(400, "InvalidRequestFormat");
    sb.call(
        "POST",
        "/v2/checkoutSessions",
        Some(&json!({"storeId": STORE_ID})),
        None,
    )
    .await
    .expect_error(400, "MissingHeader");
    sb.post("/v2/checkoutSessions", &json!({}))
        .await
        .expect_error(400, "MissingParameterValue");
    sb.post(
        "/v2/checkoutSessions",
        &json!({"storeId": STORE_ID, "scopes": ["shoeSize"]}),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
}

#[tokio::test]
async fn idempotent_replay_and_conflict() {
    let sb = Sandbox::start().await;
    let permission = sb.permission("5000", None, json!({})).await;
    let body = json!({"chargePermissionId": permission, "chargeAmount": price("1000", "JPY")});
    let k = key();
    let first = sb
        .call("POST", "/v2/charges", Some(&body), Some(&k))
        .await
        .expect(201);
    let again = sb
        .call("POST", "/v2/charges", Some(&body), Some(&k))
        .await
        .expect(201);
    assert_eq!(first, again, "the replay is the first answer");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["limits"]["amountBalance"], price("5000", "JPY"));
    let log = sb.control("GET", "/_sandbox/requests", None).await.expect(200);
    let replayed: Vec<&Value> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["idempotencyKey"] == k.as_str())
        .collect();
    assert_eq!(replayed.len(), 2);
    assert_eq!(replayed[0]["replayed"], false);
    assert_eq!(replayed[1]["replayed"], true);
    let other = json!({"chargePermissionId": permission, "chargeAmount": price("1001", "JPY")});
    sb.call("POST", "/v2/charges", Some(&other), Some(&k))
        .await
        .expect_error(400, "DuplicateIdempotencyKey");
}

#[tokio::test]
async fn routes_methods_and_trailing_slash() {
    let sb = Sandbox::start().await;
    let id = sb.create_review_session(json!({})).await;
    sb.get(&format!("/v2/checkoutSessions/{id}/")).await.expect(200);
    sb.get("/v2/checkoutSessions/nope")
        .await
        .expect_error(404, "ResourceNotFound");
    sb.get("/v2/unknownThings")
        .await
        .expect_error(404, "ResourceNotFound");
    sb.call("DELETE", &format!("/v2/checkoutSessions/{id}"), None, None)
        .await
        .expect_error(405, "UnsupportedOperation");
    sb.call("GET", "/v2/charges", None, None)
        .await
        .expect_error(405, "UnsupportedOperation");
    for path in [
        "/v2/charges/x",
        "/v2/refunds/x",
        "/v2/chargePermissions/x",
        "/v2/buyers/x",
    ] {
        sb.get(path).await.expect_error(404, "ResourceNotFound");
    }
}
