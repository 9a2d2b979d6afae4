//! Amazon's time rules at their edges, on the sandbox clock: a recurring permission's 13
//! months and their extension by each charge, and the 30 days of an authorisation counted from
//! when it was authorised.

use crate::common;

use common::{instruments, Sandbox};
use serde_json::json;

const DAY: i64 = 86_400;
const THIRTEEN_MONTHS: i64 = 395 * DAY;

fn timestamp(v: &serde_json::Value, field: &str) -> i64 {
    amazon_pay_shared::time::parse(v[field].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn a_recurring_permission_is_extended_by_each_charge() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let permission = sb.recurring_permission(None).await;
    let path = format!("/v2/chargePermissions/{permission}");
    let p = sb.get(&path).await.expect(200);
    let created = timestamp(&p, "creationTimestamp");
    assert_eq!(timestamp(&p, "expirationTimestamp") - created, THIRTEEN_MONTHS);
    sb.advance(100 * DAY).await;
    sb.create_charge(&permission, "980", json!({"captureNow": true}))
        .await
        .expect(201);
    let p = sb.get(&path).await.expect(200);
    let extended = timestamp(&p, "expirationTimestamp");
    assert!(extended - created >= THIRTEEN_MONTHS + 100 * DAY, "{p}");
    // Past the first expiry, the permission is still chargeable.
    sb.advance(THIRTEEN_MONTHS - 100 * DAY + DAY).await;
    assert_eq!(sb.state(&path).await, "Chargeable");
    // The next charge extends it again, to 13 months from that charge.
    sb.create_charge(&permission, "980", json!({})).await.expect(201);
    let p = sb.get(&path).await.expect(200);
    assert!(timestamp(&p, "expirationTimestamp") > extended, "{p}");
    sb.advance(THIRTEEN_MONTHS - 1).await;
    assert_eq!(sb.state(&path).await, "Chargeable");
    sb.advance(1).await;
    let p = sb.get(&path).await.expect(200);
    assert_eq!(p["statusDetails"]["state"], "Closed", "{p}");
    assert_eq!(p["statusDetails"]["reasons"][0]["reasonCode"], "Expired", "{p}");
}

#[tokio::test]
async fn a_declined_charge_does_not_extend_a_recurring_permission() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let permission = sb.recurring_permission(Some(instruments::SOFT_DECLINE)).await;
    let path = format!("/v2/chargePermissions/{permission}");
    let before = timestamp(&sb.get(&path).await.expect(200), "expirationTimestamp");
    sb.advance(10 * DAY).await;
    sb.create_charge(&permission, "980", json!({}))
        .await
        .expect_error(422, "SoftDeclined");
    let after = timestamp(&sb.get(&path).await.expect(200), "expirationTimestamp");
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_pending_authorization_expires_thirty_days_after_it_was_authorized() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let (buyer, card) = instruments::amazon("0701");
    let pending = json!({"canHandlePendingAuthorization": true});
    let id = sb
        .paid_session("Authorize", "1000", Some((buyer, &card)), pending)
        .await;
    let done = sb.complete(&id, "1000").await.expect(202);
    let charge = format!("/v2/charges/{}", done["chargeId"].as_str().unwrap());
    sb.advance(30).await;
    assert_eq!(sb.state(&charge).await, "Authorized");
    sb.advance(30 * DAY - 1).await;
    assert_eq!(sb.state(&charge).await, "Authorized");
    sb.advance(1).await;
    let c = sb.get(&charge).await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "Canceled", "{c}");
    assert_eq!(c["statusDetails"]["reasonCode"], "ExpiredUnused", "{c}");
}

#[tokio::test]
async fn an_expired_authorization_leaves_its_one_time_permission_chargeable() {
    let sb = Sandbox::start().await;
    sb.freeze().await;
    let (permission, charge) = sb.authorized("1000", None, json!({})).await;
    sb.advance(30 * DAY).await;
    let expired = sb.get(&format!("/v2/charges/{charge}")).await.expect(200);
    assert_eq!(
        expired["statusDetails"]["reasonCode"], "ExpiredUnused",
        "{expired}"
    );
    // The permission lives 180 days: the same amount can be authorized again on it (the
    // expired authorization holds nothing of the limit) and captured within its own 30 days.
    let path = format!("/v2/chargePermissions/{permission}");
    assert_eq!(sb.state(&path).await, "Chargeable");
    let again = sb.create_charge(&permission, "1000", json!({})).await.expect(201);
    assert_eq!(again["statusDetails"]["state"], "Authorized", "{again}");
    let id = again["chargeId"].as_str().unwrap().to_owned();
    sb.advance(30 * DAY - 1).await;
    // (More than 7 days after the authorization: asynchronous, settled on the next read.)
    sb.capture(&id, "1000").await.expect(200);
    assert_eq!(sb.state(&format!("/v2/charges/{id}")).await, "Captured");
    // Fully captured: Amazon closes the one-time permission.
    assert_eq!(sb.state(&path).await, "Closed");
}
