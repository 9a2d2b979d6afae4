//! Saved wallet (PaymentMethodOnFile) setup and hosted update, and EU multi-currency.

use crate::common;

use amazon_pay_shared::region::Region;
use common::{instruments, key, price, Sandbox, STORE_ID};
use serde_json::json;

#[tokio::test]
async fn saved_wallet_setup_then_charges_and_hosted_update() {
    let sb = Sandbox::start().await;
    let na = Region::Na;
    let s = sb.setup_only_session().await;
    let id = s["checkoutSessionId"].as_str().unwrap();
    let constraints: Vec<_> = s["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["constraintId"].clone())
        .collect();
    assert_eq!(
        constraints,
        [json!("BuyerNotAssociated")],
        "no amount needed for a setup"
    );
    let approved = sb.approve(id, Some(instruments::HARD_DECLINE)).await;
    assert_eq!(
        approved["redirectUrl"],
        format!("https://shop.example/saved?amazonCheckoutSessionId={id}")
    );
    // A refresh of the one-step page answers the same redirect.
    assert_eq!(sb.approve(id, None).await["redirectUrl"], approved["redirectUrl"]);
    let done = sb
        .call_in(
            na,
            "POST",
            &format!("/v2/checkoutSessions/{id}/complete"),
            Some(&json!({})),
            None,
        )
        .await
        .expect(200);
    assert!(done["chargeId"].is_null());
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    assert!(permission.starts_with("S01-"));
    let p = sb
        .call_in(
            na,
            "GET",
            &format!("/v2/chargePermissions/{permission}"),
            None,
            None,
        )
        .await
        .expect(200);
    assert_eq!(p["chargePermissionType"], "PaymentMethodOnFile");
    assert!(p["limits"].is_null() && p["expirationTimestamp"].is_null());
    // The saved instrument hard-declines: the wallet needs a new payment method.
    let charge =
        json!({"chargePermissionId": permission, "chargeAmount": price("12.34", "USD"), "captureNow": true});
    sb.call_in(na, "POST", "/v2/charges", Some(&charge), Some(&key()))
        .await
        .expect_error(422, "HardDeclined");
    let p = sb
        .call_in(
            na,
            "GET",
            &format!("/v2/chargePermissions/{permission}"),
            None,
            None,
        )
        .await
        .expect(200);
    assert_eq!(p["statusDetails"]["state"], "NonChargeable");

    // Hosted update page: a new session on the same permission with another instrument.
    let update = json!({
        "storeId": STORE_ID,
        "chargePermissionId": permission,
        "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/updated"},
        "chargePermissionType": "PaymentMethodOnFile",
        "paymentMethodOnFileMetadata": {"setupOnly": true},
        "paymentDetails": {"paymentIntent": "Confirm"},
    });
    let s = sb
        .call_in(na, "POST", "/v2/checkoutSessions", Some(&update), Some(&key()))
        .await
        .expect(201);
    let id = s["checkoutSessionId"].as_str().unwrap();
    sb.approve(id, Some((instruments::US, "us-visa"))).await;
    let done = sb
        .call_in(
            na,
            "POST",
            &format!("/v2/checkoutSessions/{id}/complete"),
            None,
            None,
        )
        .await
        .expect(200);
    assert_eq!(done["chargePermissionId"], permission.as_str());
    let c = sb
        .call_in(na, "POST", "/v2/charges", Some(&charge), Some(&key()))
        .await
        .expect(201);
    assert_eq!(c["statusDetails"]["state"], "Captured");
    // Not in JP.
    let mut jp = update.clone();
    jp["chargePermissionId"] = json!(permission);
    sb.post("/v2/checkoutSessions", &jp)
        .await
        .expect_error(400, "InvalidParameterValue");
    // Not an existing wallet.
    jp["chargePermissionId"] = json!("S01-0000000-0000000");
    sb.call_in(na, "POST", "/v2/checkoutSessions", Some(&jp), Some(&key()))
        .await
        .expect_error(400, "InvalidParameterValue");
}

#[tokio::test]
async fn eu_presentment_currency() {
    let sb = Sandbox::start().await;
    let eu = Region::Eu;
    let s = sb
        .call_in(
            eu,
            "POST",
            "/v2/checkoutSessions",
            Some(&json!({"storeId": STORE_ID,
                         "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"},
                         "paymentDetails": {"presentmentCurrency": "USD"}})),
            Some(&key()),
        )
        .await
        .expect(201);
    let path = format!(
        "/v2/checkoutSessions/{}",
        s["checkoutSessionId"].as_str().unwrap()
    );
    let set =
        |amount: &str, currency: &str| json!({"paymentDetails": {"chargeAmount": price(amount, currency)}});
    sb.call_in(eu, "PATCH", &path, Some(&set("10.00", "EUR")), None)
        .await
        .expect_error(400, "CurrencyMismatch");
    sb.call_in(eu, "PATCH", &path, Some(&set("10.00", "USD")), None)
        .await
        .expect(200);
    sb.call_in(
        eu,
        "PATCH",
        &path,
        Some(&json!({"paymentDetails": {"presentmentCurrency": "GBP"}})),
        None,
    )
    .await
    .expect_error(400, "InvalidParameterValue");
    // Without presentment currency an EU merchant charges EUR or GBP.
    let s = sb
        .call_in(
            eu,
            "POST",
            "/v2/checkoutSessions",
            Some(&json!({"storeId": STORE_ID,
                         "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"}})),
            Some(&key()),
        )
        .await
        .expect(201);
    let path = format!(
        "/v2/checkoutSessions/{}",
        s["checkoutSessionId"].as_str().unwrap()
    );
    sb.call_in(eu, "PATCH", &path, Some(&set("10.00", "GBP")), None)
        .await
        .expect(200);
    sb.call_in(eu, "PATCH", &path, Some(&set("10.00", "USD")), None)
        .await
        .expect_error(400, "CurrencyMismatch");
}
