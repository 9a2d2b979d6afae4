//! What Amazon deletes or stops showing after a time, on the sandbox clock: checkout sessions
//! are deleted 30 days after their creation; a one-time charge permission shows the buyer's
//! details for 30 days after its creation, a recurring one (and a saved wallet, our choice)
//! while it is open and for 30 days after it closed.

use crate::common;

use amazon_pay_shared::region::Region;
use common::{price, Sandbox};
use serde_json::{json, Value};

const DAY: i64 = 86_400;

fn has_buyer_details(p: &Value) -> bool {
    p["buyer"].is_object() && p["shippingAddress"].is_object()
}

fn no_buyer_details(p: &Value) -> bool {
    p["buyer"].is_null() && p["shippingAddress"].is_null() && p["billingAddress"].is_null()
}

#[tokio::test]
async fn checkout_sessions_are_deleted_thirty_days_after_creation() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let completed = sb.paid_session("Authorize", "1000", None, json!({})).await;
    let complete_path = format!("/v2/checkoutSessions/{completed}/complete");
    let complete_body = json!({"chargeAmount": price("1000", "JPY")});
    let done = sb
        .call(
            "POST",
            &complete_path,
            Some(&complete_body),
            Some("complete-once"),
        )
        .await
        .expect(200);
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    let abandoned = sb.create_review_session(json!({})).await;
    sb.advance(DAY).await;
    let s = sb
        .get(&format!("/v2/checkoutSessions/{abandoned}"))
        .await
        .expect(200);
    assert_eq!(s["statusDetails"]["reasonCode"], "Expired", "{s}");
    sb.advance(29 * DAY - 1).await;
    for id in [&completed, &abandoned] {
        sb.get(&format!("/v2/checkoutSessions/{id}")).await.expect(200);
    }
    sb.advance(1).await;
    for id in [&completed, &abandoned] {
        let path = format!("/v2/checkoutSessions/{id}");
        sb.get(&path).await.expect_error(404, "ResourceNotFound");
        sb.patch(
            &path,
            &json!({"paymentDetails": {"chargeAmount": price("1000", "JPY")}}),
        )
        .await
        .expect_error(404, "ResourceNotFound");
        sb.complete(id, "1000")
            .await
            .expect_error(404, "ResourceNotFound");
    }
    // Amazon keeps idempotency keys indefinitely: the first Complete, sent again with its key,
    // is answered as the first time.
    let again = sb
        .call(
            "POST",
            &complete_path,
            Some(&complete_body),
            Some("complete-once"),
        )
        .await
        .expect(200);
    assert_eq!(again, done);
    // What the session created stays.
    sb.get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Canceled");
}

#[tokio::test]
async fn a_one_time_permission_shows_buyer_details_for_thirty_days() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let permission = sb.permission("5000", None, json!({})).await;
    let path = format!("/v2/chargePermissions/{permission}");
    let p = sb.get(&path).await.expect(200);
    assert!(has_buyer_details(&p), "{p}");
    sb.advance(30 * DAY - 1).await;
    let p = sb.get(&path).await.expect(200);
    assert!(has_buyer_details(&p), "{p}");
    sb.advance(1).await;
    let p = sb.get(&path).await.expect(200);
    assert!(no_buyer_details(&p), "{p}");
    // The permission itself is still chargeable (180 days).
    assert_eq!(p["statusDetails"]["state"], "Chargeable", "{p}");
    let charged = sb.create_charge(&permission, "100", json!({})).await.expect(201);
    assert_eq!(charged["statusDetails"]["state"], "Authorized", "{charged}");
}

#[tokio::test]
async fn a_recurring_permission_shows_buyer_details_until_thirty_days_after_it_closed() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let permission = sb.recurring_permission(None).await;
    let path = format!("/v2/chargePermissions/{permission}");
    sb.advance(100 * DAY).await;
    let p = sb.get(&path).await.expect(200);
    assert!(has_buyer_details(&p), "{p}");
    sb.delete(
        &format!("{path}/close"),
        &json!({"closureReason": "Subscription canceled"}),
    )
    .await
    .expect(200);
    sb.advance(30 * DAY - 1).await;
    let p = sb.get(&path).await.expect(200);
    assert!(has_buyer_details(&p), "{p}");
    sb.advance(1).await;
    let p = sb.get(&path).await.expect(200);
    assert!(no_buyer_details(&p), "{p}");
    assert_eq!(p["statusDetails"]["state"], "Closed", "{p}");
}

#[tokio::test]
async fn a_saved_wallet_permission_shows_buyer_details_as_a_recurring_one_does() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let na = Region::Na;
    let s = sb.setup_only_session().await;
    let id = s["checkoutSessionId"].as_str().unwrap().to_owned();
    sb.approve(&id, None).await;
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
    let path = format!(
        "/v2/chargePermissions/{}",
        done["chargePermissionId"].as_str().unwrap()
    );
    let read = || sb.call_in(na, "GET", &path, None, None);
    sb.advance(100 * DAY).await;
    let p = read().await.expect(200);
    assert!(has_buyer_details(&p), "{p}");
    sb.call_in(
        na,
        "DELETE",
        &format!("{path}/close"),
        Some(&json!({"closureReason": "Wallet removed"})),
        None,
    )
    .await
    .expect(200);
    sb.advance(30 * DAY - 1).await;
    assert!(has_buyer_details(&read().await.expect(200)));
    sb.advance(1).await;
    let p = read().await.expect(200);
    assert!(no_buyer_details(&p), "{p}");
}
