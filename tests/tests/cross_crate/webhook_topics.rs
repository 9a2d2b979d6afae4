//! Webhooks only from our topic: messages signed by the sandbox's SNS signer with another
//! `TopicArn` are refused with `WEBHOOK_TOPIC_NOT_ALLOWED` before the signing certificate is
//! fetched, a subscription confirmed, anything recorded or Amazon called; the same messages
//! from the configured topic (`WEBHOOK_TOPIC_ARNS`, the sandbox's) go through.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use amazon_pay_sandbox::notifications::{NotificationSigner, SignatureVersion, TOPIC_ARN};
use amazon_pay_tests::ledger_edge::{buy, detail, post_notification, reference_of, stack, StackOptions};
use serde_json::{json, Value};

const OTHER_TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:someone-elses-topic";

/// An SNS host: the sandbox's SNS signer with its certificate served over HTTP, counting the
/// certificate fetches and the subscription confirmations it receives.
struct SnsHost {
    origin: String,
    signer: Arc<NotificationSigner>,
    cert_fetches: Arc<AtomicUsize>,
    confirmations: Arc<AtomicUsize>,
}

impl SnsHost {
    async fn start() -> SnsHost {
        let signer = Arc::new(
            tokio::task::spawn_blocking(|| NotificationSigner::generate().expect("test key"))
                .await
                .unwrap(),
        );
        let (cert_fetches, confirmations) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let pem = signer.cert_pem().to_owned();
        let (fetched, confirmed) = (cert_fetches.clone(), confirmations.clone());
        let app = axum::Router::new()
            .route(
                "/sns/cert.pem",
                axum::routing::get(move || async move {
                    fetched.fetch_add(1, Ordering::SeqCst);
                    pem
                }),
            )
            .route(
                "/sns/confirm",
                axum::routing::get(move || async move {
                    confirmed.fetch_add(1, Ordering::SeqCst);
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
            cert_fetches,
            confirmations,
        }
    }

    /// Signs (SignatureVersion 2, now) `envelope` as SNS would for `topic`.
    fn sign(&self, mut envelope: Value, topic: &str) -> String {
        use amazon_pay_shared::webhook::Envelope;
        envelope["TopicArn"] = json!(topic);
        envelope["Timestamp"] = Value::String(
            amazon_pay_shared::time::format_extended(amazon_pay_tests::edge::now()).replace('Z', ".000Z"),
        );
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
        "Type": "Notification", "MessageId": message_id, "Message": message.to_string(),
        "UnsubscribeURL": "http://127.0.0.1:9/unsubscribe",
    })
}

fn confirmation(message_id: &str, subscribe_url: &str) -> Value {
    json!({
        "Type": "SubscriptionConfirmation", "MessageId": message_id,
        "Message": "You have chosen to subscribe to the topic. To confirm, visit the SubscribeURL.",
        "SubscribeURL": subscribe_url, "Token": "2336412f37fb687f5d51e6e2425c464d",
    })
}

/// Another topic's notification and subscription confirmation, genuinely signed: refused, no
/// certificate fetched, nothing confirmed, nothing recorded, the message id not taken.
#[tokio::test(flavor = "multi_thread")]
async fn a_webhook_from_another_topic_is_refused_and_nothing_recorded() {
    let host = SnsHost::start().await;
    let st = stack(StackOptions::with_bindings(&[(
        "WEBHOOK_CERT_ORIGINS",
        host.origin.as_str(),
    )]))
    .await;
    let w = &st.signer;
    let (id, done) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    let reference = reference_of(&id);
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    let before = detail(w, &reference).await;
    let confirm_url = format!(
        "{}/sns/confirm?Action=ConfirmSubscription&Token=2336412f",
        host.origin
    );

    for body in [
        host.sign(notification("foreign-1", &charge), OTHER_TOPIC),
        host.sign(confirmation("foreign-2", &confirm_url), OTHER_TOPIC),
        // The sandbox's account, another topic name: still not ours.
        host.sign(
            notification("foreign-3", &charge),
            "arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn-2",
        ),
    ] {
        let (s, e) = post_notification(w, &body).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (403, Some("WEBHOOK_TOPIC_NOT_ALLOWED")),
            "{e}\n{}",
            w.logs()
        );
    }
    assert_eq!(
        host.cert_fetches.load(Ordering::SeqCst),
        0,
        "a certificate was fetched"
    );
    assert_eq!(
        host.confirmations.load(Ordering::SeqCst),
        0,
        "a subscription was confirmed"
    );
    assert_eq!(detail(w, &reference).await["history"], before["history"]);

    // The same messages from our topic: the message id was not taken, the confirmation is
    // followed.
    let (s, r) = post_notification(w, &host.sign(notification("foreign-1", &charge), TOPIC_ARN)).await;
    assert_eq!(
        (s, r["outcome"].as_str()),
        (200, Some("recorded")),
        "{r}\n{}",
        w.logs()
    );
    let (s, r) = post_notification(w, &host.sign(confirmation("foreign-2", &confirm_url), TOPIC_ARN)).await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("confirmed")), "{r}");
    assert_eq!(host.confirmations.load(Ordering::SeqCst), 1);
}

/// Without `WEBHOOK_TOPIC_ARNS` every message is refused; an AWS account id takes every topic
/// of that account and no other.
#[tokio::test(flavor = "multi_thread")]
async fn topics_are_configured_by_arn_or_account() {
    let host = SnsHost::start().await;
    let st = stack(StackOptions {
        bindings: vec![
            ("WEBHOOK_CERT_ORIGINS".to_owned(), Some(host.origin.clone())),
            ("WEBHOOK_TOPIC_ARNS".to_owned(), None),
        ],
        ..StackOptions::default()
    })
    .await;
    let confirm_url = format!("{}/sns/confirm", host.origin);
    let (s, e) = post_notification(
        &st.signer,
        &host.sign(confirmation("c-1", &confirm_url), TOPIC_ARN),
    )
    .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_TOPIC_NOT_ALLOWED")),
        "{e}"
    );
    drop(st);

    let st = stack(StackOptions::with_bindings(&[
        ("WEBHOOK_CERT_ORIGINS", host.origin.as_str()),
        ("WEBHOOK_TOPIC_ARNS", "000000000000"),
    ]))
    .await;
    let (s, r) = post_notification(
        &st.signer,
        &host.sign(confirmation("c-2", &confirm_url), TOPIC_ARN),
    )
    .await;
    assert_eq!((s, r["outcome"].as_str()), (200, Some("confirmed")), "{r}");
    let (s, e) = post_notification(
        &st.signer,
        &host.sign(confirmation("c-3", &confirm_url), OTHER_TOPIC),
    )
    .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("WEBHOOK_TOPIC_NOT_ALLOWED")),
        "{e}"
    );
    assert_eq!(host.confirmations.load(Ordering::SeqCst), 1);
}
