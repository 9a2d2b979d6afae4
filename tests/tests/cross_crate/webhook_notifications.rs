//! Amazon Pay instant notifications at `POST /v1/webhooks/amazon-pay`: the sandbox signs SNS
//! envelopes with its test certificate (SignatureVersion 1 and 2); the signer fetches the
//! certificate from the sandbox origin it is configured to trust, verifies with WebCrypto,
//! reads the object and records it. Pending statuses settle through notifications; forged,
//! foreign, duplicate, replayed and out-of-order notifications change nothing they should not.

use amazon_pay_sandbox::notifications::SignatureVersion;
use amazon_pay_tests::edge::{control, free_port};
use amazon_pay_tests::ledger_edge::{
    buy, deliveries, detail, history, merchant, post_notification, reference_of, stack, wait_for_status,
    StackOptions,
};
use reqwest::Method;
use serde_json::{json, Value};

const CAPTURE_PENDING: &str = "jp-mc-capture-pending";

async fn capture(w: &amazon_pay_tests::ledger_edge::LedgerSigner, charge: &str, amount: &str) -> Value {
    let (s, c) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": {"amount": amount, "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    c
}

/// With notifications delivered by the sandbox (signature version 1 here), a capture that
/// Amazon keeps pending settles without any merchant call.
#[tokio::test(flavor = "multi_thread")]
async fn a_pending_capture_settles_through_signed_notifications() {
    for version in [SignatureVersion::V1, SignatureVersion::V2] {
        let st = stack(StackOptions {
            notifications: Some(version),
            async_delay_secs: 600,
            ..StackOptions::default()
        })
        .await;
        let w = &st.signer;
        let (id, done) = buy(
            w,
            &st.sb,
            json!([{"sku": "TEA-1", "quantity": 1}]),
            json!({"instrumentId": CAPTURE_PENDING}),
        )
        .await;
        let reference = reference_of(&id);
        let charge = done["chargeId"].as_str().unwrap().to_owned();
        let captured = capture(w, &charge, "1700").await;
        assert_eq!(captured["statusDetails"]["state"], "CaptureInitiated");
        assert_eq!(detail(w, &reference).await["status"], "REQSALES");

        // Amazon settles the capture later: the notification brings it to the ledger.
        control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 601})).await;
        let settled = wait_for_status(w, &reference, "SALES", 30).await;
        assert_eq!(settled["status"], "SALES", "{version:?}: {settled}\n{}", w.logs());
        let last = settled["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["source"], "webhook", "{settled}");
        assert_eq!(history(&settled), ["AUTHPROCESS", "AUTH", "REQSALES", "SALES"]);
        // Every delivery was accepted.
        let all = deliveries(&st.sb).await;
        assert!(!all.is_empty());
        assert!(all.iter().all(|d| d["status"] == 200), "{all:?}");
        let body: Value = serde_json::from_str(all[0]["body"].as_str().unwrap()).unwrap();
        let expected = match version {
            SignatureVersion::V1 => "1",
            SignatureVersion::V2 => "2",
        };
        assert_eq!(body["SignatureVersion"], expected);
    }
}

/// Notifications kept back (the sandbox delivers to a closed port) and then posted by the test:
/// forged, foreign, out of order, duplicated.
#[tokio::test(flavor = "multi_thread")]
async fn forged_foreign_duplicate_and_out_of_order_notifications() {
    let closed = free_port();
    let st = stack(StackOptions {
        notifications: Some(SignatureVersion::V2),
        async_delay_secs: 600,
        notification_url: Some(format!("http://127.0.0.1:{closed}/nowhere")),
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let (id, done) = buy(
        w,
        &st.sb,
        json!([{"sku": "TEA-1", "quantity": 1}]),
        json!({"instrumentId": CAPTURE_PENDING}),
    )
    .await;
    let reference = reference_of(&id);
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    capture(w, &charge, "1700").await;

    // The sandbox notices CaptureInitiated, then (once its clock has moved) Captured.
    let charge_deliveries = |state: &'static str| {
        let sb = st.sb.clone();
        let charge = charge.clone();
        async move {
            let mut found = Vec::new();
            for _ in 0..300 {
                found = deliveries(&sb)
                    .await
                    .into_iter()
                    .filter(|d| d["objectId"] == charge.as_str())
                    .collect::<Vec<Value>>();
                if found.iter().any(|d| d["state"] == state) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            found
        }
    };
    charge_deliveries("CaptureInitiated").await;
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 601})).await;
    let for_charge = charge_deliveries("Captured").await;
    let body_of = |state: &str| -> String {
        for_charge
            .iter()
            .find(|d| d["state"] == state)
            .unwrap_or_else(|| panic!("no {state} notification in {for_charge:?}"))["body"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let initiated = body_of("CaptureInitiated");
    let captured = body_of("Captured");
    assert_eq!(detail(w, &reference).await["status"], "REQSALES");

    // Forged: the message changed after signing.
    let mut forged: Value = serde_json::from_str(&captured).unwrap();
    let message = forged["Message"]
        .as_str()
        .unwrap()
        .replace("STATE_CHANGE", "ATTRIBUTE_CHANGE");
    forged["Message"] = Value::String(message);
    let (s, e) = post_notification(w, &forged.to_string()).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_SIGNATURE_INVALID")),
        "{e}"
    );
    // A signature that is not even base64, and an unsupported signature version.
    let mut garbage: Value = serde_json::from_str(&captured).unwrap();
    garbage["Signature"] = json!("not base64!");
    let (s, e) = post_notification(w, &garbage.to_string()).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_SIGNATURE_INVALID")),
        "{e}"
    );
    garbage["SignatureVersion"] = json!("3");
    let (s, e) = post_notification(w, &garbage.to_string()).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_SIGNATURE_INVALID")),
        "{e}"
    );

    // Foreign certificate hosts, before anything is fetched.
    for url in [
        "https://evil.example/SimpleNotificationService-x.pem".to_owned(),
        "https://sns.us-east-1.amazonaws.com.evil.example/x.pem".to_owned(),
        format!("http://127.0.0.1:{closed}/_sandbox/sns/SimpleNotificationService-sandbox.pem"),
        format!("{}/_sandbox/sns/cert.txt", st.sb),
    ] {
        let mut foreign: Value = serde_json::from_str(&captured).unwrap();
        foreign["SigningCertURL"] = Value::String(url.clone());
        let (s, e) = post_notification(w, &foreign.to_string()).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (403, Some("WEBHOOK_CERT_URL_NOT_ALLOWED")),
            "{url}: {e}"
        );
    }
    // Not an envelope at all.
    for junk in ["", "[]", "{\"Type\":\"Notification\"}", "{"] {
        let (s, e) = post_notification(w, junk).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (400, Some("WEBHOOK_MALFORMED")),
            "{junk:?}: {e}"
        );
    }
    // Nothing of that reached the ledger.
    assert_eq!(detail(w, &reference).await["status"], "REQSALES");

    // Out of order: the newer state first, then the older one.
    let (s, r) = post_notification(w, &captured).await;
    assert_eq!(
        (s, r["outcome"].as_str()),
        (200, Some("recorded")),
        "{r}\n{}",
        w.logs()
    );
    let after_newer = detail(w, &reference).await;
    assert_eq!(after_newer["status"], "SALES");
    let (s, r) = post_notification(w, &initiated).await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("recorded")), "{r}");
    let after_older = detail(w, &reference).await;
    assert_eq!(
        after_older["status"], "SALES",
        "an older notification moved the ledger back"
    );
    assert_eq!(history(&after_older), history(&after_newer));

    // Duplicate and replayed: the same message again changes nothing.
    for _ in 0..2 {
        let (s, r) = post_notification(w, &captured).await;
        assert_eq!((s, r["outcome"].as_str()), (200, Some("duplicate")), "{r}");
    }
    assert_eq!(history(&detail(w, &reference).await), history(&after_newer));
    assert_eq!(
        history(&after_newer),
        ["AUTHPROCESS", "AUTH", "REQSALES", "SALES"]
    );
}

/// Without a trusted sandbox origin the sandbox's certificate host is refused, as Amazon's rule
/// refuses any host but SNS's.
#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_certificate_needs_its_origin_configured() {
    let closed = free_port();
    let st = stack(StackOptions {
        notifications: Some(SignatureVersion::V2),
        notification_url: Some(format!("http://127.0.0.1:{closed}/nowhere")),
        bindings: vec![("WEBHOOK_CERT_ORIGINS".to_owned(), None)],
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    let mut all = Vec::new();
    for _ in 0..150 {
        all = deliveries(&st.sb).await;
        if !all.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let body = all[0]["body"].as_str().unwrap();
    let (s, e) = post_notification(w, body).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_CERT_URL_NOT_ALLOWED")),
        "{e}"
    );
}

/// A refund Amazon keeps pending settles through the refund's notification.
#[tokio::test(flavor = "multi_thread")]
async fn a_pending_refund_settles_through_its_notification() {
    let st = stack(StackOptions {
        notifications: Some(SignatureVersion::V2),
        async_delay_secs: 600,
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let (id, done) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    let reference = reference_of(&id);
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    capture(w, &charge, "1700").await;
    let (s, r) = merchant(
        w,
        Method::POST,
        "/v1/merchant/refunds",
        Some(json!({"chargeId": charge, "amount": {"amount": "1700", "currencyCode": "JPY"}, "reference": "all"})),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["statusDetails"]["state"], "RefundInitiated");
    assert_eq!(detail(w, &reference).await["status"], "REQRETURN");
    control(&st.sb, "/_sandbox/clock", json!({"advanceSeconds": 601})).await;
    let settled = wait_for_status(w, &reference, "RETURN", 30).await;
    assert_eq!(settled["status"], "RETURN", "{settled}");
    assert_eq!(
        history(&settled),
        ["AUTHPROCESS", "AUTH", "SALES", "REQRETURN", "RETURN"]
    );
    assert_eq!(settled["history"][4]["source"], "webhook");
    assert_eq!(settled["refunded"], "1700");
}

/// A stand-in SNS host for envelopes the test signs itself with the sandbox's notification
/// signer (a fresh test key and self-signed certificate, as the sandbox makes its own): it
/// serves the certificate and counts the subscription confirmations it receives.
struct SnsHost {
    origin: String,
    signer: std::sync::Arc<amazon_pay_sandbox::notifications::NotificationSigner>,
    confirmations: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl SnsHost {
    async fn start() -> SnsHost {
        use amazon_pay_sandbox::notifications::NotificationSigner;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let signer = Arc::new(
            tokio::task::spawn_blocking(|| NotificationSigner::generate().expect("test key"))
                .await
                .unwrap(),
        );
        let confirmations = Arc::new(AtomicUsize::new(0));
        let pem = signer.cert_pem().to_owned();
        let counter = confirmations.clone();
        let app = axum::Router::new()
            .route("/sns/cert.pem", axum::routing::get(move || async move { pem }))
            .route(
                "/sns/confirm",
                axum::routing::get(move || async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    "<ConfirmSubscriptionResponse/>"
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SnsHost {
            origin,
            signer,
            confirmations,
        }
    }

    fn confirmed(&self) -> usize {
        self.confirmations.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// An envelope of `kind` signed (SignatureVersion 2) with its timestamp `age_secs` in the past.
    fn sign(&self, mut envelope: Value, age_secs: i64) -> String {
        use amazon_pay_shared::webhook::Envelope;
        let at = amazon_pay_tests::edge::now() - age_secs;
        envelope["Timestamp"] =
            Value::String(amazon_pay_shared::time::format_extended(at).replace('Z', ".123Z"));
        envelope["SignatureVersion"] = json!("2");
        envelope["Signature"] = json!("");
        envelope["SigningCertURL"] = Value::String(format!("{}/sns/cert.pem", self.origin));
        let parsed = Envelope::parse(envelope.to_string().as_bytes()).expect("an envelope");
        envelope["Signature"] =
            Value::String(self.signer.sign(SignatureVersion::V2, &parsed.string_to_sign()));
        envelope.to_string()
    }
}

fn notification(message_id: &str, charge: &str) -> Value {
    let message = json!({
        "MerchantID": "A2SANDBOXMERCHANT", "ObjectType": "CHARGE", "ObjectId": charge,
        "ChargePermissionId": "P01-0000000-0000000", "NotificationType": "STATE_CHANGE",
        "NotificationId": message_id, "NotificationVersion": "V2",
    });
    json!({
        "Type": "Notification", "MessageId": message_id,
        "TopicArn": amazon_pay_sandbox::notifications::TOPIC_ARN,
        "Message": message.to_string(),
        "UnsubscribeURL": "http://127.0.0.1:9/unsubscribe",
    })
}

fn subscription(kind: &str, message_id: &str, subscribe_url: &str) -> Value {
    json!({
        "Type": kind, "MessageId": message_id,
        "TopicArn": amazon_pay_sandbox::notifications::TOPIC_ARN,
        "Message": "You have chosen to subscribe to the topic. To confirm, visit the SubscribeURL.",
        "SubscribeURL": subscribe_url, "Token": "2336412f37fb687f5d51e6e2425c464d",
    })
}

/// A notification whose SNS `Timestamp` is more than an hour older than the signer's clock is
/// refused with `WEBHOOK_STALE` after its signature was verified, and takes nothing: the same
/// message id, signed fresh, is recorded afterwards. Just inside the bound is accepted.
#[tokio::test(flavor = "multi_thread")]
async fn stale_notifications_are_refused_after_verification() {
    let host = SnsHost::start().await;
    let st = stack(StackOptions {
        bindings: vec![("WEBHOOK_CERT_ORIGINS".to_owned(), Some(host.origin.clone()))],
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let (id, done) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    let reference = reference_of(&id);
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    let before = detail(w, &reference).await;

    // Two hours old, and one second past the hour: refused.
    for (n, age) in [(1, 7200), (2, 3601)] {
        let body = host.sign(notification(&format!("stale-{n}"), &charge), age);
        let (s, e) = post_notification(w, &body).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (403, Some("WEBHOOK_STALE")),
            "{age}: {e}\n{}",
            w.logs()
        );
    }
    // A stale one whose signature does not verify is refused for its signature first.
    let mut forged: Value = serde_json::from_str(&host.sign(notification("stale-3", &charge), 7200)).unwrap();
    forged["MessageId"] = json!("stale-3b");
    let (s, e) = post_notification(w, &forged.to_string()).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_SIGNATURE_INVALID")),
        "{e}"
    );
    let after = detail(w, &reference).await;
    assert_eq!(after["history"], before["history"]);

    // The refused message id was not taken: signed again, fresh, it is recorded; then it is a
    // duplicate. Just inside the hour is accepted too.
    let (s, r) = post_notification(w, &host.sign(notification("stale-1", &charge), 0)).await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("recorded")), "{r}");
    let (s, r) = post_notification(w, &host.sign(notification("stale-1", &charge), 0)).await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("duplicate")), "{r}");
    let (s, r) = post_notification(w, &host.sign(notification("recent", &charge), 3540)).await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("recorded")), "{r}");
    assert_eq!(host.confirmed(), 0);
}

/// A `SubscriptionConfirmation` is verified like a notification, and confirmed by fetching its
/// `SubscribeURL` only when that URL's host passes the certificate-host rule; a foreign host,
/// a stale or a forged confirmation is refused and nothing is fetched. An
/// `UnsubscribeConfirmation` is verified and ignored.
#[tokio::test(flavor = "multi_thread")]
async fn subscription_confirmations_are_verified_and_followed_only_to_sns_hosts() {
    let host = SnsHost::start().await;
    let st = stack(StackOptions {
        bindings: vec![("WEBHOOK_CERT_ORIGINS".to_owned(), Some(host.origin.clone()))],
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let confirm_url = format!(
        "{}/sns/confirm?Action=ConfirmSubscription&Token=2336412f",
        host.origin
    );

    // Refused, nothing fetched: a SubscribeURL on a foreign host, a stale confirmation, a
    // forged one.
    for url in [
        "https://evil.example/?Action=ConfirmSubscription&Token=x".to_owned(),
        "https://sns.us-east-1.amazonaws.com.evil.example/?Action=ConfirmSubscription".to_owned(),
        "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription".to_owned(),
        format!("http://127.0.0.1:{}/sns/confirm", free_port()),
    ] {
        let body = host.sign(subscription("SubscriptionConfirmation", "sub-foreign", &url), 0);
        let (s, e) = post_notification(w, &body).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (403, Some("WEBHOOK_SUBSCRIBE_URL_NOT_ALLOWED")),
            "{url}: {e}"
        );
    }
    let stale = host.sign(
        subscription("SubscriptionConfirmation", "sub-stale", &confirm_url),
        7200,
    );
    let (s, e) = post_notification(w, &stale).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_STALE")),
        "{e}"
    );
    let mut forged: Value = serde_json::from_str(&host.sign(
        subscription("SubscriptionConfirmation", "sub-forged", &confirm_url),
        0,
    ))
    .unwrap();
    forged["Token"] = json!("another-token");
    let (s, e) = post_notification(w, &forged.to_string()).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_SIGNATURE_INVALID")),
        "{e}"
    );
    assert_eq!(host.confirmed(), 0, "a refused confirmation was followed");

    // Verified, fresh, on an allowed host: confirmed once.
    let body = host.sign(
        subscription("SubscriptionConfirmation", "sub-ok", &confirm_url),
        0,
    );
    let (s, r) = post_notification(w, &body).await;
    assert_eq!(
        (s, r["outcome"].as_str()),
        (200, Some("confirmed")),
        "{r}\n{}",
        w.logs()
    );
    assert_eq!(host.confirmed(), 1);

    // An unsubscribe confirmation is verified and ignored (nothing fetched).
    let body = host.sign(subscription("UnsubscribeConfirmation", "unsub", &confirm_url), 0);
    let (s, r) = post_notification(w, &body).await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("ignored")), "{r}");
    assert_eq!(host.confirmed(), 1);
}
