//! Charges and Charge Permissions over real HTTP: capture limits and timing, expiry, cancel,
//! declines, pending authorisations, the one-time limit and count, close and update.

use crate::common;

use common::{instruments, price, Sandbox};
use serde_json::json;

#[tokio::test]
async fn capture_at_the_authorized_amount_not_one_yen_more() {
    let sb = Sandbox::start().await;
    let (permission, charge) = sb.authorized("1000", None, json!({})).await;
    sb.capture(&charge, "1001")
        .await
        .expect_error(400, "TransactionAmountExceeded");
    sb.capture(&charge, "0")
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.capture(&charge, "1000.0")
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.post(
        &format!("/v2/charges/{charge}/capture"),
        &json!({"captureAmount": price("10.00", "USD")}),
    )
    .await
    .expect_error(400, "CurrencyMismatch");
    sb.call(
        "POST",
        &format!("/v2/charges/{charge}/capture"),
        Some(&json!({"captureAmount": price("1000", "JPY")})),
        None,
    )
    .await
    .expect_error(400, "MissingHeader");
    let c = sb.capture(&charge, "1000").await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Captured");
    assert_eq!(c["captureAmount"], price("1000", "JPY"));
    assert_eq!(c["refundedAmount"], price("0", "JPY"));
    // Captured: no second capture, no cancel.
    sb.capture(&charge, "1")
        .await
        .expect_error(422, "InvalidChargeStatus");
    sb.delete(&format!("/v2/charges/{charge}/cancel"), &json!({}))
        .await
        .expect_error(422, "InvalidChargeStatus");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["statusDetails"]["state"], "Closed");
    assert_eq!(p["statusDetails"]["reasons"][0]["reasonCode"], "AmazonClosed");
    sb.create_charge(&permission, "1", json!({}))
        .await
        .expect_error(422, "InvalidChargePermissionStatus");
}

#[tokio::test]
async fn overcharge_allowance_when_the_session_allowed_it() {
    let sb = Sandbox::start().await;
    // 15 % of ¥1,000 is ¥150 (less than the ¥8,400 cap).
    let (_, charge) = sb
        .authorized("1000", None, json!({"allowOvercharge": true}))
        .await;
    sb.capture(&charge, "1151")
        .await
        .expect_error(400, "TransactionAmountExceeded");
    sb.capture(&charge, "1150").await.expect(200);
    // The cap wins for a large amount: ¥100,000 + ¥8,400.
    let (permission, charge) = sb
        .authorized("100000", None, json!({"allowOvercharge": true}))
        .await;
    sb.capture(&charge, "108401")
        .await
        .expect_error(400, "TransactionAmountExceeded");
    let c = sb.capture(&charge, "108400").await.expect(200);
    assert_eq!(c["captureAmount"], price("108400", "JPY"));
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["limits"]["amountBalance"], price("0", "JPY"));
    assert_eq!(p["statusDetails"]["state"], "Closed");
}

#[tokio::test]
async fn capture_after_seven_days_is_asynchronous() {
    let sb = Sandbox::start_with({
        let mut c = common::config();
        c.async_delay_secs = 30;
        c
    })
    .await;
    let (_, early) = sb.authorized("1000", None, json!({})).await;
    let (_, late) = sb.authorized("1000", None, json!({})).await;
    // Real time moves on during the test; keep a margin of seconds around the boundaries.
    sb.advance(7 * 86_400 - 10).await;
    let c = sb.capture(&early, "1000").await.expect(200);
    assert_eq!(
        c["statusDetails"]["state"], "Captured",
        "within 7 days: synchronous"
    );
    sb.advance(11).await;
    let c = sb.capture(&late, "600").await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "CaptureInitiated");
    sb.advance(20).await;
    assert_eq!(sb.state(&format!("/v2/charges/{late}")).await, "CaptureInitiated");
    sb.advance(10).await;
    let c = sb.get(&format!("/v2/charges/{late}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Captured");
    assert_eq!(c["captureAmount"], price("600", "JPY"));
}

#[tokio::test]
async fn capture_pending_and_capture_decline_instruments() {
    let sb = Sandbox::start().await;
    let (_, charge) = sb
        .authorized("1000", Some(instruments::CAPTURE_PENDING), json!({}))
        .await;
    let c = sb.capture(&charge, "1000").await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "CaptureInitiated");
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Captured");
    let (_, charge) = sb
        .authorized("1000", Some(instruments::CAPTURE_DECLINE), json!({}))
        .await;
    assert_eq!(
        sb.capture(&charge, "1000").await.expect(200)["statusDetails"]["state"],
        "CaptureInitiated"
    );
    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Declined");
    assert_eq!(c["statusDetails"]["reasonCode"], "ProcessingFailure");
    sb.refund(&charge, "1")
        .await
        .expect_error(422, "InvalidChargeStatus");
}

#[tokio::test]
async fn authorization_expires_unused_after_30_days() {
    let sb = Sandbox::start().await;
    let (_, charge) = sb.authorized("1000", None, json!({})).await;
    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    let created = amazon_pay_shared::time::parse(c["creationTimestamp"].as_str().unwrap()).unwrap();
    let expires = amazon_pay_shared::time::parse(c["expirationTimestamp"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, 30 * 86_400);
    sb.advance(30 * 86_400 - 10).await;
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Authorized");
    sb.advance(10).await;
    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Canceled");
    assert_eq!(c["statusDetails"]["reasonCode"], "ExpiredUnused");
    assert_eq!(
        c["statusDetails"]["lastUpdatedTimestamp"],
        c["expirationTimestamp"]
    );
    sb.capture(&charge, "1000")
        .await
        .expect_error(422, "InvalidChargeStatus");
}

#[tokio::test]
async fn cancel_charge() {
    let sb = Sandbox::start().await;
    let (permission, charge) = sb.authorized("1000", None, json!({})).await;
    let c = sb
        .delete(
            &format!("/v2/charges/{charge}/cancel"),
            &json!({"cancellationReason": "Out of stock"}),
        )
        .await
        .expect(200);
    assert_eq!(c["statusDetails"]["state"], "Canceled");
    assert_eq!(c["statusDetails"]["reasonCode"], "MerchantCanceled");
    assert_eq!(c["statusDetails"]["reasonDescription"], "Out of stock");
    sb.delete(&format!("/v2/charges/{charge}/cancel"), &json!({}))
        .await
        .expect_error(422, "InvalidChargeStatus");
    // The canceled amount is free again on the permission.
    sb.create_charge(&permission, "1000", json!({})).await.expect(201);
    sb.delete(
        &format!("/v2/charges/{charge}/cancel"),
        &json!({"cancellationReason": "x".repeat(256)}),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
}

#[tokio::test]
async fn create_charge_limits_on_a_one_time_permission() {
    let sb = Sandbox::start().await;
    let permission = sb.permission("1000", None, json!({})).await;
    sb.create_charge(&permission, "1001", json!({}))
        .await
        .expect_error(400, "TransactionAmountExceeded");
    sb.create_charge(&permission, "1000.5", json!({}))
        .await
        .expect_error(400, "InvalidParameterValue");
    let c = sb
        .call_in(
            amazon_pay_shared::region::Region::Jp,
            "POST",
            "/v2/charges",
            Some(&json!({"chargePermissionId": permission, "chargeAmount": price("5", "USD")})),
            Some(&common::key()),
        )
        .await;
    c.expect_error(400, "CurrencyMismatch");
    sb.create_charge("S03-0000000-0000000", "1", json!({}))
        .await
        .expect_error(404, "ResourceNotFound");
    let first = sb.create_charge(&permission, "600", json!({})).await.expect(201);
    assert_eq!(first["statusDetails"]["state"], "Authorized");
    // 400 left, of which the open authorisation holds 600 until captured or canceled.
    sb.create_charge(&permission, "401", json!({}))
        .await
        .expect_error(400, "TransactionAmountExceeded");
    let second = sb
        .create_charge(
            &permission,
            "400",
            json!({"captureNow": true, "softDescriptor": "SHOP"}),
        )
        .await
        .expect(201);
    assert_eq!(second["statusDetails"]["state"], "Captured");
    assert_eq!(second["softDescriptor"], "SHOP");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["limits"]["amountBalance"], price("600", "JPY"));
    assert_eq!(p["statusDetails"]["state"], "Chargeable");
    // Capturing less than authorised leaves the permission open.
    sb.capture(first["chargeId"].as_str().unwrap(), "500")
        .await
        .expect(200);
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["limits"]["amountBalance"], price("100", "JPY"));
    assert_eq!(p["statusDetails"]["state"], "Chargeable");
    // The last yen closes it.
    sb.create_charge(&permission, "100", json!({"captureNow": true}))
        .await
        .expect(201);
    assert_eq!(
        sb.state(&format!("/v2/chargePermissions/{permission}")).await,
        "Closed"
    );
}

#[tokio::test]
async fn a_one_time_permission_takes_at_most_25_charges() {
    let sb = Sandbox::start().await;
    let permission = sb.permission("100000", None, json!({})).await;
    for _ in 0..25 {
        sb.create_charge(&permission, "1", json!({})).await.expect(201);
    }
    sb.create_charge(&permission, "1", json!({}))
        .await
        .expect_error(400, "TransactionCountExceeded");
}

#[tokio::test]
async fn soft_and_hard_declines() {
    let sb = Sandbox::start().await;
    let soft = sb
        .permission("5000", Some(instruments::SOFT_DECLINE), json!({}))
        .await;
    let m = sb
        .create_charge(&soft, "1000", json!({}))
        .await
        .expect_error(422, "SoftDeclined");
    let declined = m
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{soft}-C")))
        .unwrap();
    let c = sb.get(&format!("/v2/charges/{declined}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Declined");
    assert_eq!(c["statusDetails"]["reasonCode"], "SoftDeclined");
    assert_eq!(
        sb.state(&format!("/v2/chargePermissions/{soft}")).await,
        "Chargeable"
    );
    // The declined amount is not held: the full amount can be retried.
    sb.create_charge(&soft, "5000", json!({}))
        .await
        .expect_error(422, "SoftDeclined");

    let hard = sb
        .permission("5000", Some(instruments::HARD_DECLINE), json!({}))
        .await;
    sb.create_charge(&hard, "1000", json!({}))
        .await
        .expect_error(422, "HardDeclined");
    let p = sb.get(&format!("/v2/chargePermissions/{hard}")).await.expect(200);
    assert_eq!(p["statusDetails"]["state"], "NonChargeable");
    assert_eq!(
        p["statusDetails"]["reasons"][0]["reasonCode"],
        "PaymentMethodInvalid"
    );
    sb.create_charge(&hard, "1000", json!({}))
        .await
        .expect_error(422, "InvalidChargePermissionStatus");

    let slow = sb
        .permission("5000", Some(instruments::PENDING_DECLINE), json!({}))
        .await;
    sb.create_charge(&slow, "1000", json!({}))
        .await
        .expect_error(422, "TransactionTimedOut");
}

#[tokio::test]
async fn pending_authorization_settles_after_the_delay() {
    let sb = Sandbox::start_with({
        let mut c = common::config();
        c.async_delay_secs = 60;
        c
    })
    .await;
    // At checkout: Complete answers 202 while the authorisation is pending.
    let id = sb
        .paid_session(
            "Authorize",
            "1000",
            Some(instruments::PENDING_APPROVE),
            json!({"canHandlePendingAuthorization": true}),
        )
        .await;
    let done = sb.complete(&id, "1000").await.expect(202);
    assert_eq!(done["statusDetails"]["state"], "Completed");
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    assert_eq!(
        sb.state(&format!("/v2/charges/{charge}")).await,
        "AuthorizationInitiated"
    );
    sb.capture(&charge, "1000")
        .await
        .expect_error(422, "InvalidChargeStatus");
    sb.advance(50).await;
    assert_eq!(
        sb.state(&format!("/v2/charges/{charge}")).await,
        "AuthorizationInitiated"
    );
    sb.advance(10).await;
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Authorized");
    sb.complete(&id, "1000").await.expect(200);
    sb.capture(&charge, "1000").await.expect(200);

    // Without pending handling the same instrument authorises at once.
    let (_, now) = sb
        .authorized("1000", Some(instruments::PENDING_APPROVE), json!({}))
        .await;
    assert_eq!(sb.state(&format!("/v2/charges/{now}")).await, "Authorized");

    // Create Charge: pending, then declined; with captureNow, pending then captured.
    let slow = sb
        .permission("5000", Some(instruments::PENDING_DECLINE), json!({}))
        .await;
    let c = sb
        .create_charge(&slow, "1000", json!({"canHandlePendingAuthorization": true}))
        .await
        .expect(201);
    assert_eq!(c["statusDetails"]["state"], "AuthorizationInitiated");
    let slow_charge = c["chargeId"].as_str().unwrap().to_owned();
    let good = sb
        .permission("5000", Some(instruments::PENDING_APPROVE), json!({}))
        .await;
    let c = sb
        .create_charge(
            &good,
            "5000",
            json!({"canHandlePendingAuthorization": true, "captureNow": true}),
        )
        .await
        .expect(201);
    let good_charge = c["chargeId"].as_str().unwrap().to_owned();
    sb.advance(60).await;
    let c = sb.get(&format!("/v2/charges/{slow_charge}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Declined");
    assert_eq!(c["statusDetails"]["reasonCode"], "SoftDeclined");
    assert_eq!(
        sb.state(&format!("/v2/chargePermissions/{slow}")).await,
        "Chargeable"
    );
    assert_eq!(sb.state(&format!("/v2/charges/{good_charge}")).await, "Captured");
    assert_eq!(sb.state(&format!("/v2/chargePermissions/{good}")).await, "Closed");
}

#[tokio::test]
async fn close_permission_with_and_without_canceling_pending_charges() {
    let sb = Sandbox::start().await;
    let permission = sb.permission("5000", None, json!({})).await;
    let open = sb.create_charge(&permission, "1000", json!({})).await.expect(201);
    let captured = sb
        .create_charge(&permission, "1000", json!({"captureNow": true}))
        .await
        .expect(201);
    let p = sb
        .delete(
            &format!("/v2/chargePermissions/{permission}/close"),
            &json!({"closureReason": "Order canceled", "cancelPendingCharges": true}),
        )
        .await
        .expect(200);
    assert_eq!(p["statusDetails"]["state"], "Closed");
    assert_eq!(p["statusDetails"]["reasons"][0]["reasonCode"], "MerchantClosed");
    assert_eq!(
        p["statusDetails"]["reasons"][0]["reasonDescription"],
        "Order canceled"
    );
    let c = sb
        .get(&format!("/v2/charges/{}", open["chargeId"].as_str().unwrap()))
        .await
        .expect(200);
    assert_eq!(c["statusDetails"]["state"], "Canceled");
    assert_eq!(c["statusDetails"]["reasonCode"], "ChargePermissionCanceled");
    assert_eq!(
        sb.state(&format!("/v2/charges/{}", captured["chargeId"].as_str().unwrap()))
            .await,
        "Captured"
    );
    sb.delete(&format!("/v2/chargePermissions/{permission}/close"), &json!({}))
        .await
        .expect_error(422, "InvalidChargePermissionStatus");
    sb.patch(
        &format!("/v2/chargePermissions/{permission}"),
        &json!({"merchantMetadata": {"merchantReferenceId": "X"}}),
    )
    .await
    .expect_error(422, "InvalidChargePermissionStatus");

    // Without cancelPendingCharges the open authorisation survives and can still be captured.
    let permission = sb.permission("5000", None, json!({})).await;
    let open = sb.create_charge(&permission, "1000", json!({})).await.expect(201);
    sb.delete(&format!("/v2/chargePermissions/{permission}/close"), &json!({}))
        .await
        .expect(200);
    sb.capture(open["chargeId"].as_str().unwrap(), "1000")
        .await
        .expect(200);
}

#[tokio::test]
async fn update_permission_and_expiry() {
    let sb = Sandbox::start().await;
    let permission = sb.permission("5000", None, json!({})).await;
    let path = format!("/v2/chargePermissions/{permission}");
    let p = sb
        .patch(
            &path,
            &json!({"merchantMetadata": {"merchantReferenceId": "ORDER-9", "noteToBuyer": "Thanks"}}),
        )
        .await
        .expect(200);
    assert_eq!(p["merchantMetadata"]["merchantReferenceId"], "ORDER-9");
    assert_eq!(p["merchantMetadata"]["noteToBuyer"], "Thanks");
    sb.patch(
        &path,
        &json!({"recurringMetadata": {"frequency": {"unit": "Month", "value": 1}}}),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
    sb.patch(&path, &json!({"merchantMetadata": {"unknown": 1}}))
        .await
        .expect_error(400, "UnrecognizedField");
    let created = amazon_pay_shared::time::parse(p["creationTimestamp"].as_str().unwrap()).unwrap();
    let expires = amazon_pay_shared::time::parse(p["expirationTimestamp"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, 180 * 86_400);
    sb.advance(180 * 86_400 + 1).await;
    let p = sb.get(&path).await.expect(200);
    assert_eq!(p["statusDetails"]["state"], "Closed");
    assert_eq!(p["statusDetails"]["reasons"][0]["reasonCode"], "Expired");
    // extendExpiration: 13 months.
    let extended = sb
        .permission("5000", None, json!({"extendExpiration": true}))
        .await;
    let p = sb
        .get(&format!("/v2/chargePermissions/{extended}"))
        .await
        .expect(200);
    let created = amazon_pay_shared::time::parse(p["creationTimestamp"].as_str().unwrap()).unwrap();
    let expires = amazon_pay_shared::time::parse(p["expirationTimestamp"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, 395 * 86_400);
}

#[tokio::test]
async fn a_hard_declined_recurring_permission_is_chargeable_after_the_buyer_changes_the_payment_method() {
    let sb = Sandbox::start().await;
    let permission = sb.recurring_permission(Some(instruments::HARD_DECLINE)).await;
    let path = format!("/v2/chargePermissions/{permission}");
    sb.create_charge(&permission, "980", json!({}))
        .await
        .expect_error(422, "HardDeclined");
    assert_eq!(sb.state(&path).await, "NonChargeable");
    // The buyer chooses another payment method on Amazon's page for the permission.
    let changed = sb
        .control(
            "POST",
            &format!("/_sandbox/chargePermissions/{permission}/paymentMethod"),
            Some(&json!({"instrumentId": "jp-visa"})),
        )
        .await
        .expect(200);
    assert_eq!(
        changed["chargePermission"]["statusDetails"]["state"],
        "Chargeable"
    );
    assert_eq!(sb.state(&path).await, "Chargeable");
    sb.create_charge(&permission, "980", json!({})).await.expect(201);
    // Not an instrument; not a recurring or saved-wallet permission.
    sb.control(
        "POST",
        &format!("/_sandbox/chargePermissions/{permission}/paymentMethod"),
        Some(&json!({"instrumentId": "no-such-card"})),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
    let one_time = sb.permission("5000", None, json!({})).await;
    sb.control(
        "POST",
        &format!("/_sandbox/chargePermissions/{one_time}/paymentMethod"),
        Some(&json!({"instrumentId": "jp-visa"})),
    )
    .await
    .expect_error(400, "InvalidParameterValue");
}

/// Amazon's page for a recurring permission's payment method, as the sandbox stands in for it
/// (`/jr/your-account/ba/{id}`): it shows the agreement and the buyer's instruments, and the
/// buyer's choice there makes a hard-declined permission chargeable again, as the control route
/// does; an unknown permission is an error page.
#[tokio::test]
async fn the_stand_in_page_changes_a_hard_declined_permissions_payment_method() {
    let sb = Sandbox::start().await;
    let permission = sb.recurring_permission(Some(instruments::HARD_DECLINE)).await;
    sb.create_charge(&permission, "980", json!({}))
        .await
        .expect_error(422, "HardDeclined");
    let page_url = format!("http://{}/jr/your-account/ba/{permission}", sb.addr);
    let html = sb.http.get(&page_url).send().await.unwrap();
    assert_eq!(html.status().as_u16(), 200);
    let html = html.text().await.unwrap();
    assert!(
        html.contains(&format!("data-testid=\"charge-permission-id\">{permission}<")),
        "{html}"
    );
    assert!(
        html.contains("data-testid=\"permission-state\">NonChargeable<"),
        "{html}"
    );
    // The permission's buyer (Jane Doe) chooses among her own instruments.
    assert!(html.contains("data-testid=\"instrument-us-visa\""), "{html}");
    assert!(!html.contains("data-testid=\"instrument-jp-visa\""), "{html}");
    let updated = sb
        .http
        .post(&page_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("instrumentId=us-visa")
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status().as_u16(), 200);
    let updated = updated.text().await.unwrap();
    assert!(updated.contains("data-testid=\"updated\""), "{updated}");
    assert!(
        updated.contains("data-testid=\"permission-state\">Chargeable<"),
        "{updated}"
    );
    let path = format!("/v2/chargePermissions/{permission}");
    assert_eq!(sb.state(&path).await, "Chargeable");
    sb.create_charge(&permission, "980", json!({})).await.expect(201);
    // Nothing chosen, an unknown permission: error pages.
    let empty = sb
        .http
        .post(&page_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status().as_u16(), 400);
    let unknown = sb
        .http
        .get(format!(
            "http://{}/jr/your-account/ba/S03-0000000-0000000",
            sb.addr
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("data-testid=\"error-code\""));
}
