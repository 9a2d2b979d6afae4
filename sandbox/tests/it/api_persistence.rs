//! State across a restart: sessions, permissions and charges survive, and time-based
//! transitions that came due while the sandbox was down apply on the next access.

use crate::common;

use common::{price, Sandbox};
use serde_json::json;

#[tokio::test]
async fn a_restart_with_a_state_file_keeps_objects_and_their_clock() {
    let dir = tempfile::tempdir().unwrap();
    let state_file = dir.path().join("sandbox-state.json");
    let config = || {
        let mut c = common::config();
        c.state_file = Some(state_file.clone());
        c.async_delay_secs = 30;
        c
    };
    let sb = Sandbox::start_with(config()).await;
    let open = sb.create_review_session(json!({})).await;
    let (permission, charge) = sb.authorized("3000", None, json!({})).await;
    sb.advance(8 * 86_400).await;
    let c = sb.capture(&charge, "3000").await.expect(200);
    assert_eq!(c["statusDetails"]["state"], "CaptureInitiated");
    let token = sb
        .control(
            "POST",
            "/_sandbox/signin",
            Some(&json!({"buyerId": common::instruments::US})),
        )
        .await
        .expect(200)["buyerToken"]
        .as_str()
        .unwrap()
        .to_owned();
    sb.running.stop();

    let sb = Sandbox::start_with(config()).await;
    // The clock offset survived: the session created "8 days ago" has expired.
    let s = sb.get(&format!("/v2/checkoutSessions/{open}")).await.expect(200);
    assert_eq!(s["statusDetails"]["reasonCode"], "Expired");
    assert_eq!(
        sb.state(&format!("/v2/charges/{charge}")).await,
        "CaptureInitiated"
    );
    sb.advance(30).await;
    assert_eq!(sb.state(&format!("/v2/charges/{charge}")).await, "Captured");
    let p = sb
        .get(&format!("/v2/chargePermissions/{permission}"))
        .await
        .expect(200);
    assert_eq!(p["limits"]["amountBalance"], price("0", "JPY"));
    assert_eq!(p["statusDetails"]["reasons"][0]["reasonCode"], "AmazonClosed");
    let b = sb.get(&format!("/v2/buyers/{token}")).await.expect(200);
    assert_eq!(b["name"], "Jane Doe");
    sb.running.stop();

    // A session created just before a stop is still usable afterwards.
    let sb = Sandbox::start_with(config()).await;
    let id = sb.create_review_session(json!({})).await;
    sb.running.stop();
    let sb = Sandbox::start_with(config()).await;
    assert_eq!(sb.state(&format!("/v2/checkoutSessions/{id}")).await, "Open");
    sb.approve(&id, None).await;
}
