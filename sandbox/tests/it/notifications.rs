//! Instant notifications: every state change of a permission, charge or refund is POSTed as a
//! signed SNS envelope; the signature verifies with the certificate at SigningCertURL (checked
//! with OpenSSL, an independent verifier) for both signature versions.

use crate::common;

use std::sync::{Arc, Mutex};

use amazon_pay_sandbox::notifications::SignatureVersion;
use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::webhook;
use axum::extract::State;
use axum::http::HeaderMap;
use common::{config, Sandbox};
use serde_json::{json, Value};

type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

async fn receiver() -> (String, Received) {
    let received: Received = Arc::default();
    let app = axum::Router::new()
        .route(
            "/ipn",
            axum::routing::post(
                |State(r): State<Received>, headers: HeaderMap, body: String| async move {
                    r.lock().unwrap().push((headers, body));
                    "ok"
                },
            ),
        )
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ipn", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received)
}

async fn wait_for(received: &Received, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..100 {
        let bodies: Vec<Value> = received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| serde_json::from_str(b).unwrap())
            .collect();
        if pred(&bodies) {
            return bodies;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("notifications did not arrive: {:?}", received.lock().unwrap());
}

fn message(envelope: &Value) -> Value {
    serde_json::from_str(envelope["Message"].as_str().unwrap()).unwrap()
}

fn openssl_verifies(cert_pem: &str, envelope: &Value, digest: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::write(&cert, cert_pem).unwrap();
    let public = std::process::Command::new("openssl")
        .args(["x509", "-pubkey", "-noout", "-in"])
        .arg(&cert)
        .output()
        .unwrap();
    assert!(public.status.success());
    let pubkey = dir.path().join("pub.pem");
    std::fs::write(&pubkey, &public.stdout).unwrap();
    let s = |k: &str| envelope[k].as_str().unwrap().to_owned();
    let to_sign = format!(
        "Message\n{}\nMessageId\n{}\nTimestamp\n{}\nTopicArn\n{}\nType\n{}\n",
        s("Message"),
        s("MessageId"),
        s("Timestamp"),
        s("TopicArn"),
        s("Type")
    );
    std::fs::write(dir.path().join("msg"), to_sign).unwrap();
    let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, s("Signature")).unwrap();
    std::fs::write(dir.path().join("sig"), sig).unwrap();
    std::process::Command::new("openssl")
        .args(["dgst", digest, "-verify"])
        .arg(&pubkey)
        .arg("-signature")
        .arg(dir.path().join("sig"))
        .arg(dir.path().join("msg"))
        .output()
        .unwrap()
        .status
        .success()
}

async fn run(version: SignatureVersion, digest: &str) {
    let (url, received) = receiver().await;
    let mut cfg = config();
    cfg.notification_url = Some(url);
    cfg.notification_signature_version = version;
    let sb = Sandbox::start_with(cfg).await;
    let (permission, charge) = sb.authorized("1000", None, json!({})).await;
    sb.capture(&charge, "1000").await.expect(200);
    let refund = sb.refund(&charge, "400").await.expect(201);
    let refund_id = refund["refundId"].as_str().unwrap().to_owned();

    let bodies = wait_for(&received, |b| {
        b.iter().any(|e| message(e)["ObjectId"] == refund_id.as_str())
            && b.iter().any(|e| message(e)["ObjectId"] == charge.as_str())
    })
    .await;
    let cert = reqwest::get(bodies[0]["SigningCertURL"].as_str().unwrap())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"), "{cert}");
    for e in &bodies {
        assert_eq!(e["Type"], "Notification");
        assert_eq!(e["SignatureVersion"], if digest == "-sha1" { "1" } else { "2" });
        let m = message(e);
        assert_eq!(m["NotificationType"], "STATE_CHANGE");
        assert_eq!(m["NotificationVersion"], "V2");
        assert_eq!(m["ChargePermissionId"], permission.as_str());
        assert!(["CHARGE", "REFUND", "CHARGE_PERMISSION"].contains(&m["ObjectType"].as_str().unwrap()));
        assert!(openssl_verifies(&cert, e, digest), "signature of {e}");
        let mut forged = e.clone();
        forged["Message"] = json!(e["Message"]
            .as_str()
            .unwrap()
            .replace("STATE_CHANGE", "STATE_CHANGF"));
        assert!(
            !openssl_verifies(&cert, &forged, digest),
            "a changed message must not verify"
        );
    }
    // The project's own verifier (what the signer's webhook route uses) agrees with OpenSSL.
    let spki = webhook::spki_from_certificate_pem(&cert).unwrap();
    let public = PublicKey::from_spki_der(&spki).unwrap();
    let sandbox_policy = webhook::CertUrlPolicy {
        sandbox_origins: vec![format!("http://{}", sb.addr)],
    };
    for e in &bodies {
        let raw = serde_json::to_vec(e).unwrap();
        let envelope = webhook::Envelope::parse(&raw).unwrap();
        sandbox_policy.check(&envelope.signing_cert_url).unwrap();
        assert_eq!(
            webhook::CertUrlPolicy::default()
                .check(&envelope.signing_cert_url)
                .unwrap_err()
                .code(),
            "WEBHOOK_CERT_URL_NOT_ALLOWED",
            "Amazon's host rule refuses the sandbox's certificate URL"
        );
        webhook::verify_signature(&envelope, &public).unwrap();
        let m = webhook::AmazonPayMessage::parse(&envelope.message).unwrap();
        assert_eq!(m.charge_permission_id.as_deref(), Some(permission.as_str()));
        let mut forged = envelope.clone();
        forged.message = forged.message.replace("STATE_CHANGE", "ATTRIBUTE_CHANGE");
        assert_eq!(
            webhook::verify_signature(&forged, &public).unwrap_err().code(),
            "WEBHOOK_SIGNATURE_INVALID"
        );
        let mut replayed_elsewhere = envelope.clone();
        replayed_elsewhere.message_id = "another-id".into();
        assert!(webhook::verify_signature(&replayed_elsewhere, &public).is_err());
    }
    // The notification carries no state: the receiver fetches the object.
    assert!(bodies
        .iter()
        .all(|e| !e["Message"].as_str().unwrap().contains("Captured")));
    let log = sb
        .control("GET", "/_sandbox/notifications", None)
        .await
        .expect(200);
    assert!(log["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["status"] == 200));
    let headers = &received.lock().unwrap()[0].0;
    assert_eq!(headers["x-amz-sns-message-type"], "Notification");
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_notifications_with_signature_version_2() {
    run(SignatureVersion::V2, "-sha256").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_notifications_with_signature_version_1() {
    run(SignatureVersion::V1, "-sha1").await;
}

#[tokio::test]
async fn the_certificate_is_not_served_when_notifications_are_off() {
    let sb = Sandbox::start().await;
    let answer = sb
        .control("GET", amazon_pay_sandbox::notifications::CERT_PATH, None)
        .await;
    assert_eq!(answer.status, 404);
}
