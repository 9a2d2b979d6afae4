//! The SNS side of a notification: the envelope as SNS writes it, its string to sign, and the
//! sandbox's signing key and self-signed certificate (SignatureVersion `1`: SHA1withRSA, `2`:
//! SHA256withRSA).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::EncodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use serde::Serialize;
use sha2::Sha256;

/// Path of the signing certificate (PEM) under the sandbox's base URL.
pub const CERT_PATH: &str = "/_sandbox/sns/SimpleNotificationService-sandbox.pem";
/// The topic every notification is published on.
pub const TOPIC_ARN: &str = "arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn";

/// The SNS signature versions: `1` (SHA1withRSA) or `2` (SHA256withRSA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
pub enum SignatureVersion {
    /// `1`: SHA1withRSA.
    #[value(name = "1")]
    #[serde(rename = "1")]
    V1,
    /// `2`: SHA256withRSA.
    #[default]
    #[value(name = "2")]
    #[serde(rename = "2")]
    V2,
}

impl SignatureVersion {
    /// `1` or `2`, as the envelope's `SignatureVersion` says.
    pub fn as_str(self) -> &'static str {
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

#[cfg(test)]
mod tests {
    use clap::ValueEnum as _;

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
    }

    #[test]
    fn signature_versions() {
        assert_eq!(SignatureVersion::from_str("1", false), Ok(SignatureVersion::V1));
        assert!(SignatureVersion::from_str("3", false).is_err());
        assert_eq!(
            serde_json::from_str::<SignatureVersion>("\"2\"").ok(),
            Some(SignatureVersion::V2)
        );
        assert!(serde_json::from_str::<SignatureVersion>("\"3\"").is_err());
    }
}
