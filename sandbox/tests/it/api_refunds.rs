//! Refunds over real HTTP: only of captured charges, up to the captured amount plus the
//! documented overage, asynchronous settlement, declines and the charge's refunded amount.

use crate::common;

use common::{instruments, price, Sandbox};
use serde_json::json;

#[tokio::test]
async fn refunds_up_to_the_captured_amount_plus_the_overage() {
    let sb = Sandbox::start_with({
        let mut c = common::config();
        c.async_delay_secs = 30;
        c
    })
    .await;
    let (_, charge) = sb.authorized("1000", None, json!({})).await;
    sb.refund(&charge, "100")
        .await
        .expect_error(422, "InvalidChargeStatus");
    sb.capture(&charge, "1000").await.expect(200);
    sb.refund(&charge, "0")
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.refund(&charge, "1.5")
        .await
        .expect_error(400, "InvalidParameterValue");
    sb.post(
        "/v2/refunds",
        &json!({"chargeId": charge, "refundAmount": price("1.00", "USD")}),
    )
    .await
    .expect_error(400, "CurrencyMismatch");
    sb.call(
        "POST",
        "/v2/refunds",
        Some(&json!({"chargeId": charge, "refundAmount": price("1", "JPY")})),
        None,
    )
    .await
    .expect_error(400, "MissingHeader");
    sb.refund("S03-0000000-0000000-C000000", "1")
        .await
        .expect_error(404, "ResourceNotFound");

    let first = sb.refund(&charge, "1000").await.expect(201);
    assert_eq!(first["statusDetails"]["state"], "RefundInitiated");
    assert_eq!(first["refundAmount"], price("1000", "JPY"));
    let refund_id = first["refundId"].as_str().unwrap().to_owned();
    assert!(
        refund_id.starts_with(&charge[..19]) && refund_id[19..].starts_with("-R"),
        "{refund_id}"
    );
    // ¥1,000 captured: the overage is 15 % = ¥150; ¥151 more is one yen too many.
    sb.refund(&charge, "151")
        .await
        .expect_error(400, "TransactionAmountExceeded");
    sb.refund(&charge, "150").await.expect(201);
    sb.refund(&charge, "1")
        .await
        .expect_error(400, "TransactionAmountExceeded");

    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(c["refundedAmount"], price("0", "JPY"), "nothing settled yet");
    sb.advance(30).await;
    assert_eq!(sb.state(&format!("/v2/refunds/{refund_id}")).await, "Refunded");
    let c = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(c["refundedAmount"], price("1150", "JPY"));
    assert_eq!(c["statusDetails"]["state"], "Captured");
    sb.get("/v2/refunds/nope")
        .await
        .expect_error(404, "ResourceNotFound");
}

#[tokio::test]
async fn declined_and_pending_refunds() {
    let sb = Sandbox::start().await;
    let (_, charge) = sb
        .authorized("2000", Some(instruments::REFUND_DECLINE), json!({}))
        .await;
    sb.capture(&charge, "2000").await.expect(200);
    let r = sb.refund(&charge, "2000").await.expect(201);
    let refund = r["refundId"].as_str().unwrap();
    let r = sb.get(&format!("/v2/refunds/{refund}")).await.expect(200);
    assert_eq!(r["statusDetails"]["state"], "Declined");
    assert_eq!(r["statusDetails"]["reasonCode"], "AmazonRejected");
    // A declined refund does not count: the amount can be refunded again.
    sb.refund(&charge, "2000").await.expect(201);
    assert_eq!(
        sb.get(&format!("/v2/charges/{charge}")).await.expect(200)["refundedAmount"],
        price("0", "JPY")
    );

    let (_, charge) = sb
        .authorized("2000", Some(instruments::REFUND_PENDING), json!({}))
        .await;
    sb.capture(&charge, "2000").await.expect(200);
    let r = sb.refund(&charge, "500").await.expect(201);
    let refund = r["refundId"].as_str().unwrap();
    sb.advance(86_400 - 10).await;
    assert_eq!(
        sb.state(&format!("/v2/refunds/{refund}")).await,
        "RefundInitiated"
    );
    sb.advance(10).await;
    assert_eq!(sb.state(&format!("/v2/refunds/{refund}")).await, "Refunded");
}

#[tokio::test]
async fn usd_refund_overage_is_capped_at_75_dollars() {
    let sb = Sandbox::start().await;
    let na = amazon_pay_shared::region::Region::Na;
    let s = sb
        .call_in(
            na,
            "POST",
            "/v2/checkoutSessions",
            Some(&json!({"storeId": common::STORE_ID,
                "webCheckoutDetails": {"checkoutMode": "ProcessOrder", "checkoutResultReturnUrl": "https://shop.example/r"},
                "paymentDetails": {"paymentIntent": "AuthorizeWithCapture", "chargeAmount": price("1000.00", "USD")}})),
            Some(&common::key()),
        )
        .await
        .expect(201);
    let id = s["checkoutSessionId"].as_str().unwrap();
    sb.approve(id, Some(instruments::APPROVE)).await;
    let done = sb
        .call_in(
            na,
            "POST",
            &format!("/v2/checkoutSessions/{id}/complete"),
            Some(&json!({"chargeAmount": price("1000.00", "USD")})),
            None,
        )
        .await
        .expect(200);
    let charge = done["chargeId"].as_str().unwrap();
    assert!(charge.starts_with("S01-"), "{charge}");
    let refund = |amount: &str| json!({"chargeId": charge, "refundAmount": price(amount, "USD")});
    let a = sb
        .call_in(
            na,
            "POST",
            "/v2/refunds",
            Some(&refund("1075.01")),
            Some(&common::key()),
        )
        .await;
    a.expect_error(400, "TransactionAmountExceeded");
    let a = sb
        .call_in(
            na,
            "POST",
            "/v2/refunds",
            Some(&refund("1075.00")),
            Some(&common::key()),
        )
        .await;
    assert_eq!(a.expect(201)["refundAmount"], price("1075.00", "USD"));
}
