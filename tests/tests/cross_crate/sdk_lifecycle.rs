//! The official Amazon Pay Node SDK, unchanged, runs a whole lifecycle against the sandbox's
//! HTTPS listener: once with a `SANDBOX-` key and V2, once with a legacy key, the salt-20
//! algorithm and the `/sandbox/v2` path. Every call must pass the sandbox's signature checks.

use amazon_pay_sandbox::{start, SandboxConfig};
use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::region::PublicKeyId;
use amazon_pay_tests::{key_text, node_json};
use serde_json::{json, Value};

fn step<'a>(out: &'a Value, name: &str) -> &'a Value {
    out["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("step {name} missing: {out}"))
}

async fn lifecycle(config: Value) -> (Value, Vec<Value>) {
    let public = PublicKey::from_pem(&key_text("merchant-public.pem")).unwrap();
    let sandbox = start(SandboxConfig {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        listen_tls: Some("127.0.0.1:0".parse().unwrap()),
        public_keys: vec![
            (PublicKeyId::parse("SANDBOX-ASDKKEY").unwrap(), public.clone()),
            (PublicKeyId::parse("ASDKLEGACYKEY").unwrap(), public),
        ],
        async_delay_secs: 0,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let store_id = sandbox.state.config().store_id.clone();
    let input = json!({
        "host": sandbox.https.unwrap().to_string(),
        "control": format!("http://{}", sandbox.http.unwrap()),
        "privateKeyPem": key_text("merchant-pkcs8.pem"),
        "config": config,
        "storeId": store_id,
        "currency": "JPY",
        "amount": "1200",
        "captureAmount": "1000",
    });
    let out = tokio::task::spawn_blocking(move || node_json("sdk_lifecycle.js", &input))
        .await
        .unwrap();
    let log = reqwest_free_log(&sandbox);
    sandbox.stop();
    (out, log)
}

/// The sandbox's request log, read in-process.
fn reqwest_free_log(sandbox: &amazon_pay_sandbox::RunningSandbox) -> Vec<Value> {
    sandbox
        .state
        .log()
        .since(0)
        .into_iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}

fn assert_full_lifecycle(out: &Value) {
    assert!(
        out.get("error").is_none(),
        "{}",
        serde_json::to_string_pretty(out).unwrap()
    );
    assert_eq!(step(out, "createCheckoutSession")["status"], 201);
    assert!(
        step(out, "getCheckoutSession")["data"]["buyer"]["email"].is_string(),
        "{out}"
    );
    assert_eq!(
        step(out, "completeCheckoutSession")["data"]["statusDetails"]["state"],
        "Completed"
    );
    assert_eq!(
        step(out, "getCharge")["data"]["statusDetails"]["state"],
        "Authorized"
    );
    assert_eq!(
        step(out, "getCharge after capture")["data"]["statusDetails"]["state"],
        "Captured"
    );
    assert_eq!(
        step(out, "getCharge after capture")["data"]["captureAmount"]["amount"],
        "1000"
    );
    assert_eq!(step(out, "getRefund")["data"]["refundAmount"]["amount"], "1000");
    assert!(["RefundInitiated", "Refunded"].contains(
        &step(out, "getRefund")["data"]["statusDetails"]["state"]
            .as_str()
            .unwrap()
    ));
    assert_eq!(
        step(out, "getChargePermission after close")["data"]["statusDetails"]["state"],
        "Closed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn node_sdk_lifecycle_with_an_environment_key_and_v2() {
    let (out, log) = lifecycle(json!({
        "publicKeyId": "SANDBOX-ASDKKEY", "region": "jp", "sandbox": true, "algorithm": "AMZN-PAY-RSASSA-PSS-V2"
    }))
    .await;
    assert_full_lifecycle(&out);
    let api: Vec<&Value> = log
        .iter()
        .filter(|e| e["publicKeyId"] == "SANDBOX-ASDKKEY")
        .collect();
    assert!(api.len() >= 11, "{log:?}");
    assert!(api
        .iter()
        .all(|e| e["path"].as_str().unwrap().starts_with("/v2/")));
    assert!(api.iter().all(|e| e["status"].as_u64().unwrap() < 300), "{api:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn node_sdk_lifecycle_with_a_legacy_key_and_salt_20() {
    let (out, log) =
        lifecycle(json!({"publicKeyId": "ASDKLEGACYKEY", "region": "jp", "sandbox": true})).await;
    assert_full_lifecycle(&out);
    let api: Vec<&Value> = log
        .iter()
        .filter(|e| e["publicKeyId"] == "ASDKLEGACYKEY")
        .collect();
    assert!(api.len() >= 11, "{log:?}");
    assert!(
        api.iter()
            .all(|e| e["path"].as_str().unwrap().starts_with("/sandbox/v2/")),
        "{api:?}"
    );
}
