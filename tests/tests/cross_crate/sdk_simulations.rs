//! Amazon's sandbox simulations driven by the official Amazon Pay Node SDK, unchanged, against
//! the sandbox's HTTPS listener: the simulated cards (chosen by the buyer) and the
//! `x-amz-pay-simulation-code` header on Update Checkout Session, Create Charge, Capture
//! Charge, Create Refund and Close Charge Permission (the operations Amazon's integrations send
//! it with), and refused on Complete Checkout Session. Which code names are Amazon's and which
//! are the sandbox's choice: `sandbox/README.md`, conformance table.

use amazon_pay_sandbox::{start, SandboxConfig};
use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::region::PublicKeyId;
use amazon_pay_tests::{key_text, node_json};
use serde_json::{json, Value};

const JP: &str = "amzn1.account.SANDBOXBUYERJP0001";

fn card(ending: &str) -> Value {
    json!({"buyerId": JP, "instrumentId": format!("jp-amazon-{ending}")})
}

/// Runs the scenarios through `tests/js/sdk_simulations.js`; returns the results by name.
async fn run(scenarios: Value) -> Value {
    let public = PublicKey::from_pem(&key_text("merchant-public.pem")).unwrap();
    let sandbox = start(SandboxConfig {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        listen_tls: Some("127.0.0.1:0".parse().unwrap()),
        public_keys: vec![(PublicKeyId::parse("SANDBOX-ASIMKEY").unwrap(), public)],
        async_delay_secs: 60,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let input = json!({
        "host": sandbox.https.unwrap().to_string(),
        "control": format!("http://{}", sandbox.http.unwrap()),
        "privateKeyPem": key_text("merchant-pkcs8.pem"),
        "config": {"publicKeyId": "SANDBOX-ASIMKEY", "region": "jp", "sandbox": true,
                   "algorithm": "AMZN-PAY-RSASSA-PSS-V2"},
        "storeId": sandbox.state.config().store_id.clone(),
        "scenarios": scenarios,
    });
    let out = tokio::task::spawn_blocking(move || node_json("sdk_simulations.js", &input))
        .await
        .unwrap();
    sandbox.stop();
    assert!(out.get("error").is_none(), "{out}");
    out["results"].clone()
}

fn state(v: &Value) -> (&str, &str) {
    let details = &v["data"]["statusDetails"];
    (
        details["state"].as_str().unwrap_or(""),
        details["reasonCode"].as_str().unwrap_or(""),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn node_sdk_simulated_cards() {
    let pending = |name: &str, ending: &str| {
        json!({"name": name, "instrument": card(ending), "intent": "Authorize",
               "canHandlePending": true, "advance": 30})
    };
    let mut scenarios = vec![
        json!({"name": "3064", "instrument": card("3064"), "intent": "Authorize"}),
        json!({"name": "3434", "instrument": card("3434"), "intent": "Authorize"}),
        pending("0701", "0701"),
        pending("4354", "4354"),
        json!({"name": "0701 without pending", "instrument": card("0701"), "intent": "Authorize"}),
        json!({"name": "4354 with Confirm", "instrument": card("4354"), "intent": "Confirm",
               "canHandlePending": true}),
    ];
    for ending in ["1111", "0005", "4444", "9424", "0000"] {
        scenarios.push(json!({"name": ending, "instrument": card(ending), "intent": "Authorize"}));
    }
    let r = run(Value::Array(scenarios)).await;
    for ending in ["1111", "0005", "4444", "9424", "0000"] {
        assert_eq!(r[ending]["complete"]["status"], 200, "{ending}: {}", r[ending]);
        assert_eq!(state(&r[ending]["charge"]).0, "Authorized", "{ending}");
    }
    for (ending, reason) in [("3064", "BuyerCanceled"), ("3434", "Declined")] {
        let x = &r[ending];
        assert_eq!(x["complete"]["status"], 400, "{x}");
        assert_eq!(
            x["complete"]["data"]["reasonCode"], "CheckoutSessionCanceled",
            "{x}"
        );
        assert_eq!(state(&x["session"]), ("Canceled", reason), "{x}");
    }
    let x = &r["0701"];
    assert_eq!(x["complete"]["status"], 202, "{x}");
    assert_eq!(state(&x["charge"]).0, "AuthorizationInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]).0, "Authorized", "{x}");
    let x = &r["4354"];
    assert_eq!(x["complete"]["status"], 202, "{x}");
    assert_eq!(state(&x["charge"]).0, "AuthorizationInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]), ("Declined", "HardDeclined"), "{x}");
    for name in ["0701 without pending", "4354 with Confirm"] {
        let x = &r[name];
        assert_eq!(x["complete"]["status"], 400, "{x}");
        assert_eq!(
            x["complete"]["data"]["reasonCode"], "InvalidSandboxSimulationSpecified",
            "{x}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn node_sdk_simulation_codes() {
    let update = |code: &str| json!({"name": code, "intent": "Authorize", "updateCode": code});
    let charge = |name: &str, code: &str, extra: Value| {
        let mut c = json!({"code": code});
        if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
            c.extend(extra.clone());
        }
        json!({"name": name, "intent": "Confirm", "charge": c, "advance": 60})
    };
    let scenarios = json!([
        update("BuyerCanceled"),
        update("AmazonCanceled"),
        update("Declined"),
        {"name": "update pending", "intent": "Authorize", "canHandlePending": true,
         "updateCode": "AuthorizationInitiated", "advance": 30},
        {"name": "update misplaced", "intent": "Authorize", "updateCode": "HardDeclined"},
        {"name": "update unknown", "intent": "Authorize", "updateCode": "Nope"},
        {"name": "complete takes none", "intent": "Authorize", "completeCode": "BuyerCanceled"},
        charge("SoftDeclined", "SoftDeclined", json!({})),
        charge("HardDeclined", "HardDeclined", json!({})),
        charge("AmazonRejected", "AmazonRejected", json!({})),
        charge("TransactionTimedOut", "TransactionTimedOut", json!({})),
        charge("ProcessingFailure", "ProcessingFailure", json!({})),
        charge("CaptureInitiated", "CaptureInitiated", json!({"captureNow": true})),
        charge("pending", "AuthorizationInitiated", json!({"canHandlePending": true})),
        charge("pending then soft", "AuthorizationInitiatedSoftDeclined", json!({"canHandlePending": true})),
        charge("pending then hard", "AuthorizationInitiatedHardDeclined", json!({"canHandlePending": true})),
        charge("pending without handling", "AuthorizationInitiated", json!({})),
        charge("charge misplaced", "BuyerCanceled", json!({})),
        {"name": "AmazonClosed", "intent": "Confirm", "closeCode": "AmazonClosed"},
        {"name": "close misplaced", "intent": "Confirm", "closeCode": "HardDeclined"},
    ]);
    let r = run(scenarios).await;
    for reason in ["BuyerCanceled", "AmazonCanceled", "Declined"] {
        let x = &r[reason];
        assert_eq!(x["update"]["status"], 200, "{x}");
        assert_eq!(x["complete"]["status"], 400, "{x}");
        assert_eq!(
            x["complete"]["data"]["reasonCode"], "CheckoutSessionCanceled",
            "{x}"
        );
        assert_eq!(state(&x["session"]), ("Canceled", reason), "{x}");
    }
    let x = &r["update pending"];
    assert_eq!(x["complete"]["status"], 202, "{x}");
    assert_eq!(state(&x["charge"]).0, "AuthorizationInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]).0, "Authorized", "{x}");
    for name in ["update misplaced", "update unknown"] {
        let x = &r[name];
        assert_eq!(x["update"]["status"], 400, "{x}");
        assert_eq!(
            x["update"]["data"]["reasonCode"], "InvalidSandboxSimulationSpecified",
            "{x}"
        );
        assert_eq!(state(&x["session"]).0, "Open", "{x}");
    }
    let x = &r["complete takes none"];
    assert_eq!(x["complete"]["status"], 400, "{x}");
    assert_eq!(
        x["complete"]["data"]["reasonCode"], "InvalidSandboxSimulationSpecified",
        "{x}"
    );
    assert_eq!(state(&x["session"]).0, "Open", "{x}");
    for reason in [
        "SoftDeclined",
        "HardDeclined",
        "AmazonRejected",
        "TransactionTimedOut",
        "ProcessingFailure",
    ] {
        let x = &r[reason];
        assert_eq!(x["complete"]["status"], 200, "{x}");
        assert_eq!(x["created"]["status"], 422, "{x}");
        assert_eq!(x["created"]["data"]["reasonCode"], reason, "{x}");
    }
    let x = &r["CaptureInitiated"];
    assert_eq!(state(&x["created"]).0, "CaptureInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]).0, "Captured", "{x}");
    let x = &r["pending"];
    assert_eq!(state(&x["created"]).0, "AuthorizationInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]).0, "Authorized", "{x}");
    assert_eq!(
        state(&r["pending then soft"]["chargeLater"]),
        ("Declined", "SoftDeclined")
    );
    assert_eq!(
        state(&r["pending then hard"]["chargeLater"]),
        ("Declined", "HardDeclined")
    );
    for name in ["pending without handling", "charge misplaced", "close misplaced"] {
        let x = &r[name];
        let answer = if name == "close misplaced" {
            &x["closed"]
        } else {
            &x["created"]
        };
        assert_eq!(answer["status"], 400, "{name}: {x}");
        assert_eq!(
            answer["data"]["reasonCode"], "InvalidSandboxSimulationSpecified",
            "{x}"
        );
    }
    let x = &r["AmazonClosed"];
    assert_eq!(x["closed"]["status"], 200, "{x}");
    assert_eq!(x["closed"]["data"]["statusDetails"]["state"], "Closed", "{x}");
    assert_eq!(
        x["closed"]["data"]["statusDetails"]["reasons"][0]["reasonCode"], "AmazonClosed",
        "{x}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn node_sdk_simulation_codes_on_capture_and_refund() {
    let capture = |name: &str, code: &str| json!({"name": name, "intent": "Authorize", "capture": {"code": code}, "advance": 60});
    let refund = |name: &str, code: &str| json!({"name": name, "intent": "Authorize", "refund": {"code": code}, "advance": 60});
    let scenarios = json!([
        capture("SoftDeclined", "SoftDeclined"),
        capture("HardDeclined", "HardDeclined"),
        capture("AmazonRejected", "AmazonRejected"),
        capture("ProcessingFailure", "ProcessingFailure"),
        capture("CaptureInitiated", "CaptureInitiated"),
        capture("capture misplaced", "TransactionTimedOut"),
        refund("refund AmazonRejected", "AmazonRejected"),
        refund("refund ProcessingFailure", "ProcessingFailure"),
        refund("refund misplaced", "SoftDeclined"),
        // A charge declined AmazonRejected at creation cancels its permission.
        {"name": "charge AmazonRejected", "intent": "Confirm",
         "charge": {"code": "AmazonRejected"}, "closeCode": ""},
    ]);
    let r = run(scenarios).await;
    for (reason, permission) in [
        ("SoftDeclined", "Chargeable"),
        ("HardDeclined", "NonChargeable"),
        ("ProcessingFailure", "Chargeable"),
    ] {
        let x = &r[reason];
        assert_eq!(x["captured"]["status"], 422, "{reason}: {x}");
        assert_eq!(x["captured"]["data"]["reasonCode"], reason, "{x}");
        assert_eq!(state(&x["chargeLater"]), ("Declined", reason), "{x}");
        assert_eq!(
            x["permission"]["data"]["statusDetails"]["state"], permission,
            "{reason}: {x}"
        );
    }
    // AmazonRejected: the capture is CaptureInitiated, then Declined (Amazon's Magento module
    // waits 30 seconds for it); the permission is canceled with it.
    let x = &r["AmazonRejected"];
    assert_eq!(x["captured"]["status"], 200, "{x}");
    assert_eq!(state(&x["captured"]).0, "CaptureInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]), ("Declined", "AmazonRejected"), "{x}");
    let later = &x["permissionLater"]["data"]["statusDetails"];
    assert_eq!(later["state"], "Closed", "{x}");
    assert_eq!(later["reasons"][0]["reasonCode"], "AmazonCanceled", "{x}");
    let x = &r["CaptureInitiated"];
    assert_eq!(x["captured"]["status"], 200, "{x}");
    assert_eq!(state(&x["captured"]).0, "CaptureInitiated", "{x}");
    assert_eq!(state(&x["chargeLater"]).0, "Captured", "{x}");
    let x = &r["capture misplaced"];
    assert_eq!(x["captured"]["status"], 400, "{x}");
    assert_eq!(
        x["captured"]["data"]["reasonCode"], "InvalidSandboxSimulationSpecified",
        "{x}"
    );
    assert_eq!(state(&x["chargeLater"]).0, "Authorized", "{x}");
    for reason in ["AmazonRejected", "ProcessingFailure"] {
        let x = &r[&format!("refund {reason}")];
        assert_eq!(x["captured"]["status"], 200, "{x}");
        assert_eq!(x["refunded"]["status"], 201, "{x}");
        assert_eq!(state(&x["refunded"]).0, "RefundInitiated", "{x}");
        assert_eq!(state(&x["refundLater"]), ("Declined", reason), "{x}");
    }
    let x = &r["refund misplaced"];
    assert_eq!(x["refunded"]["status"], 400, "{x}");
    assert_eq!(
        x["refunded"]["data"]["reasonCode"], "InvalidSandboxSimulationSpecified",
        "{x}"
    );
    let x = &r["charge AmazonRejected"];
    assert_eq!(x["created"]["status"], 422, "{x}");
    assert_eq!(x["created"]["data"]["reasonCode"], "AmazonRejected", "{x}");
    // Closing the permission Amazon already canceled is refused.
    assert_eq!(x["closed"]["status"], 422, "{x}");
    assert_eq!(
        x["closed"]["data"]["reasonCode"], "InvalidChargePermissionStatus",
        "{x}"
    );
}

/// What Amazon deletes or stops showing 30 days on, read with the Node SDK: the checkout
/// session is gone (404 `ResourceNotFound`) and the one-time permission no longer shows the
/// buyer's details; one second earlier both are still there.
#[tokio::test(flavor = "multi_thread")]
async fn node_sdk_sees_what_amazon_deletes_after_thirty_days() {
    let r = run(json!([{"name": "retention", "intent": "Confirm", "retentionDays": 30}])).await;
    let x = &r["retention"];
    assert_eq!(x["sessionEdge"]["status"], 200, "{x}");
    let before = &x["permissionEdge"]["data"];
    assert!(before["buyer"]["name"].is_string(), "{x}");
    assert!(before["shippingAddress"].is_object(), "{x}");
    assert_eq!(x["sessionAfter"]["status"], 404, "{x}");
    assert_eq!(x["sessionAfter"]["data"]["reasonCode"], "ResourceNotFound", "{x}");
    let after = &x["permissionAfter"]["data"];
    assert_eq!(x["permissionAfter"]["status"], 200, "{x}");
    assert!(after["buyer"].is_null(), "{x}");
    assert!(after["shippingAddress"].is_null(), "{x}");
    assert!(after["billingAddress"].is_null(), "{x}");
    assert_eq!(after["statusDetails"]["state"], "Chargeable", "{x}");
}
