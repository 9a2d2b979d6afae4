//! Test buyers, Amazon Sign-in (Get Buyer) and the buyer-simulation control routes.

use crate::common;

use common::{instruments, Sandbox};
use serde_json::json;

#[tokio::test]
async fn buyers_sign_in_and_get_buyer() {
    let sb = Sandbox::start().await;
    let list = sb.control("GET", "/_sandbox/buyers", None).await.expect(200);
    let buyers = list["buyers"].as_array().unwrap();
    assert!(buyers.len() >= 3);
    assert_eq!(buyers[0]["addresses"][0]["address"]["stateOrRegion"], "東京都");
    assert_eq!(buyers[0]["instruments"][0]["behaviour"], "Approve");

    let token = sb
        .control(
            "POST",
            "/_sandbox/signin",
            Some(&json!({"buyerId": instruments::JP})),
        )
        .await
        .expect(200)["buyerToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = sb.get(&format!("/v2/buyers/{token}")).await.expect(200);
    assert_eq!(b["buyerId"], instruments::JP);
    assert_eq!(b["postalCode"], "100-0001");
    assert_eq!(b["shippingAddress"]["city"], "千代田区");
    sb.get(&format!("/v2/buyers/{token}/")).await.expect(200);
    sb.get("/v2/buyers/unknown")
        .await
        .expect_error(404, "ResourceNotFound");
    sb.control("POST", "/_sandbox/signin", Some(&json!({"buyerId": "nobody"})))
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.control(
        "POST",
        "/_sandbox/signin",
        Some(&json!({"buyerId": instruments::JP, "x": 1})),
    )
    .await
    .expect_error(400, "UnrecognizedField");
}

#[tokio::test]
async fn simulation_routes_check_their_input() {
    let sb = Sandbox::start().await;
    sb.control("POST", "/_sandbox/checkoutSessions/nope/approve", None)
        .await
        .expect_error(404, "ResourceNotFound");
    let id = sb
        .create_review_session(json!({"deliverySpecifications": {"addressRestrictions": {
            "type": "Allowed", "restrictions": {"JP": {"statesOrRegions": ["東京都"]}}}}}))
        .await;
    let approve = |body: serde_json::Value| {
        let path = format!("/_sandbox/checkoutSessions/{id}/approve");
        let sb = &sb;
        async move { sb.control("POST", &path, Some(&body)).await }
    };
    approve(json!({"buyerId": instruments::JP, "instrumentId": "us-visa"}))
        .await
        .expect_error(400, "InvalidParameterValue");
    approve(json!({"buyerId": instruments::JP, "addressId": "jp-office"}))
        .await
        .expect_error(400, "InvalidParameterValue");
    approve(json!({"buyerId": instruments::JP, "colour": "red"}))
        .await
        .expect_error(400, "UnrecognizedField");
    let ok = approve(json!({"buyerId": instruments::JP, "addressId": "jp-home"}))
        .await
        .expect(200);
    assert_eq!(
        ok["checkoutSession"]["shippingAddress"]["stateOrRegion"],
        "東京都"
    );
    // The buyer can come back and change the payment method while the session is open.
    let again = approve(json!({"buyerId": instruments::JP, "instrumentId": "jp-jcb-pending"}))
        .await
        .expect(200);
    assert_eq!(
        again["checkoutSession"]["paymentPreferences"][0]["paymentDescriptor"],
        "JCB ****9100 (sandbox only: pending authorization)"
    );
    // Repeating the payment step gives the same redirect.
    let id = sb.paid_session("Authorize", "1000", None, json!({})).await;
    let first = sb.pay(&id).await;
    let second = sb.pay(&id).await;
    assert_eq!(first["redirectUrl"], second["redirectUrl"]);
    sb.control("POST", &format!("/_sandbox/checkoutSessions/{id}/cancel"), None)
        .await
        .expect_error(422, "InvalidCheckoutSessionStatus");
}

#[tokio::test]
async fn get_buyer_returns_only_the_signed_scopes() {
    let sb = Sandbox::start().await;
    let sign_in = |scopes: serde_json::Value| {
        let sb = &sb;
        async move {
            let token = sb
                .control(
                    "POST",
                    "/_sandbox/signin",
                    Some(&json!({"buyerId": instruments::JP, "signInScopes": scopes})),
                )
                .await
                .expect(200)["buyerToken"]
                .as_str()
                .unwrap()
                .to_owned();
            sb.get(&format!("/v2/buyers/{token}")).await.expect(200)
        }
    };
    let b = sign_in(json!(["name", "email"])).await;
    assert_eq!(b["buyerId"], instruments::JP);
    assert_eq!(b["name"], "山田 花子");
    assert!(b["email"].as_str().unwrap().contains('@'));
    for absent in [
        "postalCode",
        "countryCode",
        "phoneNumber",
        "shippingAddress",
        "billingAddress",
        "primeMembershipTypes",
    ] {
        assert!(b.get(absent).is_none(), "{absent}: {b}");
    }
    let b = sign_in(json!(["postalCode"])).await;
    assert_eq!(b["postalCode"], "100-0001");
    assert_eq!(b["countryCode"], "JP");
    assert!(b.get("name").is_none() && b.get("email").is_none(), "{b}");
    assert!(b.get("shippingAddress").is_none(), "{b}");
    let b = sign_in(json!(["shippingAddress", "phoneNumber", "billingAddress"])).await;
    assert_eq!(b["shippingAddress"]["city"], "千代田区");
    assert_eq!(b["billingAddress"]["postalCode"], "100-0001");
    assert_eq!(b["phoneNumber"], "0312345678");
    assert!(b.get("postalCode").is_none() && b.get("name").is_none(), "{b}");
    let b = sign_in(json!([])).await;
    assert_eq!(b.as_object().unwrap().len(), 1, "only buyerId: {b}");
    sb.control(
        "POST",
        "/_sandbox/signin",
        Some(&json!({"buyerId": instruments::JP, "signInScopes": ["shoeSize"]})),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
}

#[tokio::test]
async fn a_sign_in_button_without_scopes_gets_name_and_email() {
    let sb = Sandbox::start().await;
    let store_id = sb.running.state.config().store_id.clone();
    let payload =
        json!({"signInReturnUrl": "https://shop.example/signed-in", "storeId": store_id}).to_string();
    let token = sb.hosted_sign_in(&payload, instruments::JP).await;
    let b = sb.get(&format!("/v2/buyers/{token}")).await.expect(200);
    assert_eq!(b["name"], "山田 花子", "{b}");
    assert!(b["email"].as_str().unwrap().contains('@'), "{b}");
    for absent in ["postalCode", "phoneNumber", "shippingAddress", "billingAddress"] {
        assert!(b.get(absent).is_none(), "{absent}: {b}");
    }
    // With scopes, the hosted page records exactly those.
    let payload = json!({"signInReturnUrl": "https://shop.example/signed-in", "storeId": store_id,
                         "signInScopes": ["postalCode"]})
    .to_string();
    let token = sb.hosted_sign_in(&payload, instruments::JP).await;
    let b = sb.get(&format!("/v2/buyers/{token}")).await.expect(200);
    assert_eq!(b["postalCode"], "100-0001", "{b}");
    assert!(b.get("name").is_none(), "{b}");
}
