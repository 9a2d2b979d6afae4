//! Amazon's simulated payment methods (card endings) in every test buyer's wallet, and the
//! `x-amz-pay-simulation-code` header, at the edges of what each operation accepts.

use crate::common;

use amazon_pay_shared::region::Region;
use common::{instruments, price, Answer, Sandbox};
use serde_json::{json, Value};

async fn with_code(
    sb: &Sandbox,
    method: &str,
    path: &str,
    body: &Value,
    key: Option<&str>,
    code: &str,
) -> Answer {
    let bytes = serde_json::to_vec(body).unwrap();
    sb.call_with_headers(
        Region::Jp,
        method,
        path,
        Some(&bytes),
        key,
        &[("x-amz-pay-simulation-code", code)],
    )
    .await
}

#[tokio::test]
async fn every_buyer_has_amazons_simulated_cards() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let list = sb.control("GET", "/_sandbox/buyers", None).await.expect(200);
    for buyer in list["buyers"].as_array().unwrap() {
        let descriptors: Vec<&str> = buyer["instruments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                i["paymentDescriptor"]
                    .as_str()
                    .or(i["descriptor"].as_str())
                    .unwrap()
            })
            .collect();
        for ending in [
            "1111", "0005", "4444", "9424", "0000", "3064", "3434", "0701", "4354",
        ] {
            assert!(
                descriptors.iter().any(|d| d.contains(&format!("****{ending}"))),
                "{ending}: {descriptors:?}"
            );
        }
        // The sandbox's own instruments are marked as such and use no Amazon ending
        // with another outcome.
        for d in descriptors.iter().filter(|d| d.contains("sandbox only")) {
            for ending in ["0005", "4444", "9424", "0000", "3064", "3434", "0701", "4354"] {
                assert!(!d.contains(&format!("****{ending}")), "{d}");
            }
        }
    }
}

#[tokio::test]
async fn succeeding_cards_authorize() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    for ending in ["1111", "0005", "4444", "9424", "0000"] {
        let (buyer, card) = instruments::amazon(ending);
        let s = sb
            .checkout("Authorize", "1000", Some((buyer, &card)), json!({}))
            .await;
        let charge = s["chargeId"].as_str().unwrap();
        assert_eq!(
            sb.state(&format!("/v2/charges/{charge}")).await,
            "Authorized",
            "{ending}"
        );
    }
}

#[tokio::test]
async fn card_3064_cancels_and_3434_declines_the_checkout() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    for (ending, reason) in [("3064", "BuyerCanceled"), ("3434", "Declined")] {
        let (buyer, card) = instruments::amazon(ending);
        let id = sb
            .paid_session("Authorize", "1000", Some((buyer, &card)), json!({}))
            .await;
        let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
        assert_eq!(s["statusDetails"]["state"], "Canceled", "{ending}: {s}");
        assert_eq!(s["statusDetails"]["reasonCode"], reason, "{ending}: {s}");
        sb.complete(&id, "1000")
            .await
            .expect_error(400, "CheckoutSessionCanceled");
    }
}

#[tokio::test]
async fn card_0701_authorizes_after_thirty_seconds() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let (buyer, card) = instruments::amazon("0701");
    let pending = json!({"canHandlePendingAuthorization": true});
    let id = sb
        .paid_session("Authorize", "1000", Some((buyer, &card)), pending)
        .await;
    let done = sb.complete(&id, "1000").await.expect(202);
    let charge = format!("/v2/charges/{}", done["chargeId"].as_str().unwrap());
    assert_eq!(sb.state(&charge).await, "AuthorizationInitiated");
    sb.advance(29).await;
    assert_eq!(sb.state(&charge).await, "AuthorizationInitiated");
    sb.advance(1).await;
    assert_eq!(sb.state(&charge).await, "Authorized");
}

#[tokio::test]
async fn card_4354_is_hard_declined_after_pending() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let (buyer, card) = instruments::amazon("4354");
    let pending = json!({"canHandlePendingAuthorization": true});
    let id = sb
        .paid_session("Authorize", "1000", Some((buyer, &card)), pending)
        .await;
    let done = sb.complete(&id, "1000").await.expect(202);
    let charge = format!("/v2/charges/{}", done["chargeId"].as_str().unwrap());
    assert_eq!(sb.state(&charge).await, "AuthorizationInitiated");
    sb.advance(30).await;
    let c = sb.get(&charge).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Declined", "{c}");
    assert_eq!(c["statusDetails"]["reasonCode"], "HardDeclined", "{c}");
}

#[tokio::test]
async fn pending_cards_need_authorize_and_pending_handling() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    for ending in ["0701", "4354"] {
        let (buyer, card) = instruments::amazon(ending);
        let id = sb
            .paid_session("Authorize", "1000", Some((buyer, &card)), json!({}))
            .await;
        sb.complete(&id, "1000")
            .await
            .expect_error(400, "InvalidSandboxSimulationSpecified");
        let confirm = json!({"canHandlePendingAuthorization": true});
        let id = sb
            .paid_session("Confirm", "1000", Some((buyer, &card)), confirm)
            .await;
        sb.complete(&id, "1000")
            .await
            .expect_error(400, "InvalidSandboxSimulationSpecified");
    }
}

/// Review flow with a simulation code on Update Checkout Session: create, approve, update with
/// the intent, JPY amount, `payment` and the code. Returns the session id and the update's
/// answer (the buyer has not paid yet).
async fn updated_with_code(
    sb: &Sandbox,
    intent: &str,
    amount: &str,
    instrument: Option<(&str, &str)>,
    payment: Value,
    code: &str,
) -> (String, Answer) {
    let id = sb.create_review_session(json!({})).await;
    sb.approve(&id, instrument).await;
    let mut details = json!({"paymentIntent": intent, "chargeAmount": price(amount, "JPY")});
    common::merge(&mut details, payment);
    let body = json!({
        "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
        "paymentDetails": details,
    });
    let path = format!("/v2/checkoutSessions/{id}");
    let answer = with_code(sb, "PATCH", &path, &body, None, code).await;
    (id, answer)
}

#[tokio::test]
async fn simulation_codes_on_update_checkout_session() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    // A cancel code plays when the buyer pays, as the cards 3064 and 3434 do.
    for reason in ["BuyerCanceled", "AmazonCanceled", "Declined"] {
        let (id, updated) = updated_with_code(&sb, "Authorize", "1000", None, json!({}), reason).await;
        let updated = updated.expect(200);
        assert_eq!(updated["statusDetails"]["state"], "Open", "{updated}");
        sb.pay(&id).await;
        let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
        assert_eq!(s["statusDetails"]["state"], "Canceled", "{s}");
        assert_eq!(s["statusDetails"]["reasonCode"], reason, "{s}");
        sb.complete(&id, "1000")
            .await
            .expect_error(400, "CheckoutSessionCanceled");
    }
    let pending = json!({"canHandlePendingAuthorization": true});
    let (id, updated) =
        updated_with_code(&sb, "Authorize", "1000", None, pending, "AuthorizationInitiated").await;
    updated.expect(200);
    sb.pay(&id).await;
    let done = sb.complete(&id, "1000").await.expect(202);
    let charge = format!("/v2/charges/{}", done["chargeId"].as_str().unwrap());
    assert_eq!(sb.state(&charge).await, "AuthorizationInitiated");
    sb.advance(30).await;
    assert_eq!(sb.state(&charge).await, "Authorized");
    // The pending code needs pending handling, as the card 0701 does.
    let (id, updated) = updated_with_code(
        &sb,
        "Authorize",
        "1000",
        None,
        json!({}),
        "AuthorizationInitiated",
    )
    .await;
    updated.expect(200);
    sb.pay(&id).await;
    sb.complete(&id, "1000")
        .await
        .expect_error(400, "InvalidSandboxSimulationSpecified");
    // Unknown and misplaced codes are refused before anything happens: the update is not
    // applied (no amazonPayRedirectUrl yet).
    for code in ["HardDeclined", "CaptureInitiated", "NoSuchSimulation"] {
        let (id, updated) = updated_with_code(&sb, "Authorize", "1000", None, json!({}), code).await;
        updated.expect_error(400, "InvalidSandboxSimulationSpecified");
        let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
        assert!(
            s["webCheckoutDetails"]["amazonPayRedirectUrl"].is_null(),
            "{code}: {s}"
        );
    }
    // Complete Checkout Session takes no code (the integrations send none there).
    let id = sb.paid_session("Authorize", "1000", None, json!({})).await;
    let path = format!("/v2/checkoutSessions/{id}/complete");
    let body = json!({"chargeAmount": price("1000", "JPY")});
    for code in ["BuyerCanceled", "AuthorizationInitiated", "HardDeclined"] {
        with_code(&sb, "POST", &path, &body, None, code)
            .await
            .expect_error(400, "InvalidSandboxSimulationSpecified");
    }
    assert_eq!(sb.state(&format!("/v2/checkoutSessions/{id}")).await, "Open");
    sb.complete(&id, "1000").await.expect(200);
}

#[tokio::test]
async fn simulation_codes_on_create_charge_and_close() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let permission = sb.permission("5000", None, json!({})).await;
    let charge = |code: &'static str, extra: Value, key: &'static str| {
        let mut body = json!({"chargePermissionId": permission, "chargeAmount": price("100", "JPY")});
        common::merge(&mut body, extra);
        let sb = &sb;
        async move { with_code(sb, "POST", "/v2/charges", &body, Some(key), code).await }
    };
    for (code, key) in [
        ("SoftDeclined", "sim-soft"),
        ("ProcessingFailure", "sim-failure"),
        ("TransactionTimedOut", "sim-timeout"),
    ] {
        charge(code, json!({}), key).await.expect_error(422, code);
    }
    let captured = charge("CaptureInitiated", json!({"captureNow": true}), "sim-capture")
        .await
        .expect(201);
    assert_eq!(
        captured["statusDetails"]["state"], "CaptureInitiated",
        "{captured}"
    );
    charge("AuthorizationInitiated", json!({}), "sim-pending-no")
        .await
        .expect_error(400, "InvalidSandboxSimulationSpecified");
    let pending = charge(
        "AuthorizationInitiatedHardDeclined",
        json!({"canHandlePendingAuthorization": true}),
        "sim-pending",
    )
    .await
    .expect(201);
    assert_eq!(
        pending["statusDetails"]["state"], "AuthorizationInitiated",
        "{pending}"
    );
    for code in ["BuyerCanceled", "AmazonClosed", "nonsense"] {
        charge(code, json!({}), "sim-misplaced")
            .await
            .expect_error(400, "InvalidSandboxSimulationSpecified");
    }
    charge("HardDeclined", json!({}), "sim-hard")
        .await
        .expect_error(422, "HardDeclined");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["statusDetails"]["state"], "NonChargeable", "{p}");
    // Misplaced on a read.
    let get = sb
        .call_with_headers(
            Region::Jp,
            "GET",
            &format!("/v2/chargePermissions/{permission}"),
            None,
            None,
            &[("x-amz-pay-simulation-code", "AmazonClosed")],
        )
        .await;
    get.expect_error(400, "InvalidSandboxSimulationSpecified");
    let close = format!("/v2/chargePermissions/{permission}/close");
    let closed = with_code(
        &sb,
        "DELETE",
        &close,
        &json!({"closureReason": "done"}),
        None,
        "AmazonClosed",
    )
    .await
    .expect(200);
    assert_eq!(closed["statusDetails"]["state"], "Closed", "{closed}");
    assert_eq!(
        closed["statusDetails"]["reasons"][0]["reasonCode"], "AmazonClosed",
        "{closed}"
    );
}

#[tokio::test]
async fn amazon_rejected_charge_cancels_the_permission() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let permission = sb.permission("5000", None, json!({})).await;
    let body = json!({"chargePermissionId": permission, "chargeAmount": price("100", "JPY")});
    with_code(
        &sb,
        "POST",
        "/v2/charges",
        &body,
        Some("sim-rejected"),
        "AmazonRejected",
    )
    .await
    .expect_error(422, "AmazonRejected");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["statusDetails"]["state"], "Closed", "{p}");
    assert_eq!(
        p["statusDetails"]["reasons"][0]["reasonCode"], "AmazonCanceled",
        "{p}"
    );
    sb.create_charge(&permission, "100", json!({}))
        .await
        .expect_error(422, "InvalidChargePermissionStatus");
}

#[tokio::test]
async fn simulation_codes_on_capture_charge() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let capture = |charge: String, code: &'static str| {
        let sb = &sb;
        async move {
            let body = json!({"captureAmount": price("1000", "JPY")});
            let path = format!("/v2/charges/{charge}/capture");
            with_code(sb, "POST", &path, &body, Some(&common::key()), code).await
        }
    };
    // Declines: the charge is Declined with the reason and the call answers it.
    for (code, permission_after) in [
        ("SoftDeclined", "Chargeable"),
        ("ProcessingFailure", "Chargeable"),
        ("HardDeclined", "NonChargeable"),
    ] {
        let (permission, charge) = sb.authorized("1000", None, json!({})).await;
        capture(charge.clone(), code).await.expect_error(422, code);
        let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
        assert_eq!(c["statusDetails"]["state"], "Declined", "{code}: {c}");
        assert_eq!(c["statusDetails"]["reasonCode"], code, "{c}");
        let path = format!("/v2/chargePermissions/{permission}");
        assert_eq!(sb.state(&path).await, permission_after, "{code}");
    }
    // Pending: CaptureInitiated for 30 seconds, then Captured.
    let (_, charge) = sb.authorized("1000", None, json!({})).await;
    let pending = capture(charge.clone(), "CaptureInitiated").await.expect(200);
    assert_eq!(pending["statusDetails"]["state"], "CaptureInitiated", "{pending}");
    sb.advance(29).await;
    assert_eq!(
        sb.state(&format!("/v2/charges/{charge}")).await,
        "CaptureInitiated"
    );
    sb.advance(1).await;
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Captured");
    // AmazonRejected: CaptureInitiated, then Declined 30 seconds later; the permission is
    // canceled with it.
    let (permission, charge) = sb.authorized("1000", None, json!({})).await;
    let pending = capture(charge.clone(), "AmazonRejected").await.expect(200);
    assert_eq!(pending["statusDetails"]["state"], "CaptureInitiated", "{pending}");
    sb.advance(29).await;
    assert_eq!(
        sb.state(&format!("/v2/charges/{charge}")).await,
        "CaptureInitiated"
    );
    let path = format!("/v2/chargePermissions/{permission}");
    assert_eq!(sb.state(&path).await, "Chargeable");
    sb.advance(1).await;
    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Declined", "{c}");
    assert_eq!(c["statusDetails"]["reasonCode"], "AmazonRejected", "{c}");
    let p = sb.get(&path).await.expect(200);
    assert_eq!(p["statusDetails"]["state"], "Closed", "{p}");
    assert_eq!(
        p["statusDetails"]["reasons"][0]["reasonCode"], "AmazonCanceled",
        "{p}"
    );
    // Misplaced or unknown: refused, the charge stays Authorized.
    let (_, charge) = sb.authorized("1000", None, json!({})).await;
    for code in [
        "TransactionTimedOut",
        "AuthorizationInitiated",
        "AmazonClosed",
        "Nonsense",
    ] {
        capture(charge.clone(), code)
            .await
            .expect_error(400, "InvalidSandboxSimulationSpecified");
    }
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Authorized");
    // Cancel Charge takes none.
    let cancel = format!("/v2/charges/{charge}/cancel");
    with_code(&sb, "DELETE", &cancel, &json!({}), None, "AmazonRejected")
        .await
        .expect_error(400, "InvalidSandboxSimulationSpecified");
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Authorized");
}

#[tokio::test]
async fn simulation_codes_on_create_refund() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let (_, charge) = sb.authorized("1000", None, json!({})).await;
    sb.capture(&charge, "1000").await.expect(200);
    for code in ["AmazonRejected", "ProcessingFailure"] {
        let body = json!({"chargeId": charge, "refundAmount": price("100", "JPY")});
        let refund = with_code(&sb, "POST", "/v2/refunds", &body, Some(&common::key()), code)
            .await
            .expect(201);
        assert_eq!(refund["statusDetails"]["state"], "RefundInitiated", "{refund}");
        let id = refund["refundId"].as_str().unwrap().to_owned();
        sb.advance(60).await;
        let settled = sb.get(&format!("/v2/refunds/{id}")).await.expect(200);
        assert_eq!(settled["statusDetails"]["state"], "Declined", "{settled}");
        assert_eq!(settled["statusDetails"]["reasonCode"], code, "{settled}");
    }
    // A declined refund frees what it held: the full amount can still be refunded.
    let full = sb.refund(&charge, "1000").await.expect(201);
    let id = full["refundId"].as_str().unwrap().to_owned();
    sb.advance(60).await;
    assert_eq!(sb.state(&format!("/v2/refunds/{id}")).await, "Refunded");
    for code in ["SoftDeclined", "CaptureInitiated", "Nonsense"] {
        let body = json!({"chargeId": charge, "refundAmount": price("1", "JPY")});
        with_code(&sb, "POST", "/v2/refunds", &body, Some(&common::key()), code)
            .await
            .expect_error(400, "InvalidSandboxSimulationSpecified");
    }
}

#[tokio::test]
async fn simulation_codes_override_the_simulated_cards() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    // 0701 without pending handling would be refused at Complete; the code cancels the
    // session when the buyer pays instead.
    let (buyer, card) = instruments::amazon("0701");
    let (id, updated) = updated_with_code(
        &sb,
        "Authorize",
        "5000",
        Some((buyer, &card)),
        json!({}),
        "Declined",
    )
    .await;
    updated.expect(200);
    sb.pay(&id).await;
    sb.complete(&id, "5000")
        .await
        .expect_error(400, "CheckoutSessionCanceled");
    let s = sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
    assert_eq!(s["statusDetails"]["reasonCode"], "Declined", "{s}");
    // 3064 would cancel the session; AuthorizationInitiated authorizes after 30 seconds.
    let (buyer, card) = instruments::amazon("3064");
    let pending = json!({"canHandlePendingAuthorization": true});
    let (id, updated) = updated_with_code(
        &sb,
        "Authorize",
        "5000",
        Some((buyer, &card)),
        pending.clone(),
        "AuthorizationInitiated",
    )
    .await;
    updated.expect(200);
    sb.pay(&id).await;
    assert_eq!(sb.state(&format!("/v2/checkoutSessions/{id}")).await, "Open");
    sb.complete(&id, "5000").await.expect(202);
    // 4354 would be hard declined; AuthorizationInitiated authorizes after 30 seconds.
    let (buyer, card) = instruments::amazon("4354");
    let (id, updated) = updated_with_code(
        &sb,
        "Authorize",
        "5000",
        Some((buyer, &card)),
        pending,
        "AuthorizationInitiated",
    )
    .await;
    updated.expect(200);
    sb.pay(&id).await;
    let done = sb.complete(&id, "5000").await.expect(202);
    let charge = format!("/v2/charges/{}", done["chargeId"].as_str().unwrap());
    sb.advance(30).await;
    assert_eq!(sb.state(&charge).await, "Authorized");
    // A charge on that 4354 permission without pending handling is refused, unless a code
    // declines it. (The first authorization is canceled to make room.)
    sb.delete(&format!("{charge}/cancel"), &json!({}))
        .await
        .expect(200);
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    sb.create_charge(&permission, "100", json!({}))
        .await
        .expect_error(400, "InvalidSandboxSimulationSpecified");
    let body = json!({"chargePermissionId": permission, "chargeAmount": price("100", "JPY")});
    with_code(
        &sb,
        "POST",
        "/v2/charges",
        &body,
        Some(&common::key()),
        "SoftDeclined",
    )
    .await
    .expect_error(422, "SoftDeclined");
}
