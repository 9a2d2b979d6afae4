//! Instant payment notifications as Amazon sends them: when a charge permission, charge or
//! refund changes state, an SNS `Notification` envelope whose `Message` names the object (the
//! notification carries no state: the receiver must GET the object) is POSTed to the configured
//! URL, signed with the sandbox's own test certificate (SignatureVersion `1`: SHA1withRSA, `2`:
//! SHA256withRSA), and the certificate is served at `SigningCertURL`.

use std::collections::BTreeMap;
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use self::delivery::Delivery;
pub use self::sns::{string_to_sign, Envelope, NotificationSigner, SignatureVersion, CERT_PATH, TOPIC_ARN};
use crate::state::AppState;
use crate::store::Store;

pub mod delivery;
pub mod sns;

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
    fn message_ids_look_like_sns_ids() {
        assert_eq!(message_id(&["a"]).len(), 36);
    }
}
