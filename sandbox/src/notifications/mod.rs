//! Instant payment notifications as Amazon sends them: when a charge permission, charge or
//! refund changes state, an SNS `Notification` envelope whose `Message` names the object (the
//! notification carries no state: the receiver must GET the object) is POSTed to the configured
//! URL, signed with the sandbox's own test certificate (SignatureVersion `1`: SHA1withRSA, `2`:
//! SHA256withRSA), and the certificate is served at `SigningCertURL`.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::EncodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::state::AppState;
use crate::store::Store;

/// Path of the signing certificate (PEM) under the sandbox's base URL.
pub const CERT_PATH: &str = "/_sandbox/sns/SimpleNotificationService-sandbox.pem";
/// The topic every notification is published on.
pub const TOPIC_ARN: &str = "arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn";

/// The SNS signature versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    /// `1`: SHA1withRSA.
    V1,
    /// `2`: SHA256withRSA.
    V2,
}

impl SignatureVersion {
    /// Parses `1` or `2`.
    pub fn parse(s: &str) -> Result<SignatureVersion, String> {
        match s {
            "1" => Ok(SignatureVersion::V1),
            "2" => Ok(SignatureVersion::V2),
            other => Err(format!("signature version must be 1 or 2, got {other:?}")),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            SignatureVersion::V1 => "1",
            SignatureVersion::V2 => "2",
        }
    }
}

/// The sandbox's notification key and its self-signed certificate. `Debug` shows neither.
pub struct NotificationSigner {
    key: RsaPrivateKey,
    cert_pem: String,
}

impl std::fmt::Debug for NotificationSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotificationSigner").finish_non_exhaustive()
    }
}

impl NotificationSigner {
    /// A fresh 2048-bit RSA key with a self-signed certificate for `sns.sandbox.invalid`.
    pub fn generate() -> Result<NotificationSigner, String> {
        let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).map_err(|e| e.to_string())?;
        let pem = key
            .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
            .map_err(|e| e.to_string())?;
        let key_pair = rcgen::KeyPair::from_pkcs8_pem_and_sign_algo(&pem, &rcgen::PKCS_RSA_SHA256)
            .map_err(|e| e.to_string())?;
        let params = rcgen::CertificateParams::new(vec!["sns.sandbox.invalid".to_owned()])
            .map_err(|e| e.to_string())?;
        let cert = params.self_signed(&key_pair).map_err(|e| e.to_string())?;
        Ok(NotificationSigner {
            key,
            cert_pem: cert.pem(),
        })
    }

    /// The certificate, PEM.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// Signs a string to sign with RSASSA-PKCS1-v1_5; base64.
    pub fn sign(&self, version: SignatureVersion, string_to_sign: &str) -> String {
        let bytes = match version {
            SignatureVersion::V1 => SigningKey::<sha1::Sha1>::new(self.key.clone())
                .sign(string_to_sign.as_bytes())
                .to_vec(),
            SignatureVersion::V2 => SigningKey::<Sha256>::new(self.key.clone())
                .sign(string_to_sign.as_bytes())
                .to_vec(),
        };
        STANDARD.encode(bytes)
    }
}

/// An SNS `Notification` envelope, as POSTed (field names as SNS writes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Envelope {
    /// Always `Notification`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// Unique per message.
    #[serde(rename = "MessageId")]
    pub message_id: String,
    /// The topic.
    #[serde(rename = "TopicArn")]
    pub topic_arn: String,
    /// The Amazon Pay message, a JSON string.
    #[serde(rename = "Message")]
    pub message: String,
    /// ISO 8601 with milliseconds.
    #[serde(rename = "Timestamp")]
    pub timestamp: String,
    /// `1` or `2`.
    #[serde(rename = "SignatureVersion")]
    pub signature_version: String,
    /// Base64 signature of [`string_to_sign`].
    #[serde(rename = "Signature")]
    pub signature: String,
    /// Where the certificate is.
    #[serde(rename = "SigningCertURL")]
    pub signing_cert_url: String,
    /// Where unsubscribing would go.
    #[serde(rename = "UnsubscribeURL")]
    pub unsubscribe_url: String,
}

/// SNS's string to sign for a `Notification` without a subject: `key\nvalue\n` for Message,
/// MessageId, Timestamp, TopicArn and Type, in that order.
pub fn string_to_sign(e: &Envelope) -> String {
    format!(
        "Message\n{}\nMessageId\n{}\nTimestamp\n{}\nTopicArn\n{}\nType\n{}\n",
        e.message, e.message_id, e.timestamp, e.topic_arn, e.kind
    )
}

/// What a notification is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ObjectKey {
    object_type: &'static str,
    id: String,
}

/// The state of every permission, charge and refund, with the permission each belongs to.
fn snapshot(store: &Store) -> BTreeMap<ObjectKey, (String, String)> {
    let mut out = BTreeMap::new();
    for p in store.permissions.values() {
        let key = ObjectKey {
            object_type: "CHARGE_PERMISSION",
            id: p.id.clone(),
        };
        out.insert(key, (p.state().as_str().to_owned(), p.id.clone()));
    }
    for c in store.charges.values() {
        let key = ObjectKey {
            object_type: "CHARGE",
            id: c.id.clone(),
        };
        out.insert(key, (c.state().as_str().to_owned(), c.permission_id.clone()));
    }
    for r in store.refunds.values() {
        let permission = store
            .charges
            .get(&r.charge_id)
            .map(|c| c.permission_id.clone())
            .unwrap_or_default();
        let key = ObjectKey {
            object_type: "REFUND",
            id: r.id.clone(),
        };
        out.insert(key, (r.status.state.as_str().to_owned(), permission));
    }
    out
}

/// One delivery attempt series, for `GET /_sandbox/notifications`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// The envelope as sent (its JSON is the POST body).
    pub body: String,
    /// `CHARGE`, `REFUND` or `CHARGE_PERMISSION`.
    pub object_type: String,
    /// The object's id.
    pub object_id: String,
    /// The object's state when it was noticed.
    pub state: String,
    /// HTTP status of the last attempt (0: no answer).
    pub status: u16,
    /// Attempts made.
    pub attempts: u32,
}

fn message_id(parts: &[&str]) -> String {
    let h = hex::encode(Sha256::digest(parts.join("\n").as_bytes()));
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Builds and signs the envelope for one change.
fn envelope(
    state: &AppState,
    signer: &NotificationSigner,
    version: SignatureVersion,
    key: &ObjectKey,
    permission_id: &str,
    object_state: &str,
    seq: u64,
) -> Envelope {
    let config = state.config();
    let now = state.clock().now();
    let seq_text = seq.to_string();
    let message = serde_json::json!({
        "MerchantID": config.merchant_id,
        "ObjectType": key.object_type,
        "ObjectId": key.id,
        "ChargePermissionId": permission_id,
        "NotificationType": "STATE_CHANGE",
        "NotificationId": message_id(&["notification", &key.id, object_state, &seq_text]),
        "NotificationVersion": "V2",
    })
    .to_string();
    let base = config.base_url();
    let mut e = Envelope {
        kind: "Notification".to_owned(),
        message_id: message_id(&["message", &key.id, object_state, &seq_text]),
        topic_arn: TOPIC_ARN.to_owned(),
        message,
        timestamp: amazon_pay_shared::time::format_extended(now).replace('Z', ".000Z"),
        signature_version: version.as_str().to_owned(),
        signature: String::new(),
        signing_cert_url: format!("{base}{CERT_PATH}"),
        unsubscribe_url: format!("{base}/_sandbox/sns/unsubscribe"),
    };
    e.signature = signer.sign(version, &string_to_sign(&e));
    e
}

/// POSTs a body the way SNS does, retrying 3 times on failure; answers the last status.
async fn deliver(client: &reqwest::Client, url: &str, e: &Envelope, body: &str) -> (u16, u32) {
    let mut status = 0;
    for attempt in 1..=4u32 {
        let answer = client
            .post(url)
            .header("content-type", "text/plain; charset=UTF-8")
            .header("x-amz-sns-message-type", "Notification")
            .header("x-amz-sns-message-id", &e.message_id)
            .header("x-amz-sns-topic-arn", &e.topic_arn)
            .body(body.to_owned())
            .send()
            .await;
        status = answer.map(|r| r.status().as_u16()).unwrap_or(0);
        if (200..300).contains(&status) {
            return (status, attempt);
        }
        tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
    }
    (status, 4)
}

/// Watches the store and notifies `url` of every state change (including the time-based ones,
/// which this loop applies as they come due), until the process ends.
pub async fn run(state: AppState, url: String, version: SignatureVersion) {
    // The baseline comes first: changes made while the key is generated are still noticed.
    let mut last = snapshot(&state.store());
    let signer = match NotificationSigner::generate() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("amazon-pay-sandbox: notifications disabled: {e}");
            return;
        }
    };
    state.set_notification_cert(signer.cert_pem().to_owned());
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("amazon-pay-sandbox: notifications disabled: {e}");
            return;
        }
    };
    let mut seq = 0u64;
    loop {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (changes, current) = {
            let mut store = state.store();
            store.advance(state.config(), state.clock().now());
            let current = snapshot(&store);
            let changes: Vec<(ObjectKey, (String, String))> = current
                .iter()
                .filter(|(k, v)| last.get(*k).map(|old| old.0 != v.0).unwrap_or(true))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (changes, current)
        };
        last = current;
        if changes.is_empty() {
            continue;
        }
        let _ = state.persist();
        for (key, (object_state, permission_id)) in changes {
            seq += 1;
            let e = envelope(&state, &signer, version, &key, &permission_id, &object_state, seq);
            let body = serde_json::to_string(&e).unwrap_or_default();
            let (status, attempts) = deliver(&client, &url, &e, &body).await;
            state.record_notification(Delivery {
                body,
                object_type: key.object_type.to_owned(),
                object_id: key.id,
                state: object_state,
                status,
                attempts,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_follows_sns() {
        let e = Envelope {
            kind: "Notification".into(),
            message_id: "m".into(),
            topic_arn: "t".into(),
            message: "{\"a\":1}".into(),
            timestamp: "2026-11-23T10:16:50.000Z".into(),
            signature_version: "2".into(),
            signature: String::new(),
            signing_cert_url: String::new(),
            unsubscribe_url: String::new(),
        };
        assert_eq!(
            string_to_sign(&e),
            "Message\n{\"a\":1}\nMessageId\nm\nTimestamp\n2026-11-23T10:16:50.000Z\nTopicArn\nt\nType\nNotification\n"
        );
        assert_eq!(message_id(&["a"]).len(), 36);
        assert!(SignatureVersion::parse("3").is_err());
    }
}
