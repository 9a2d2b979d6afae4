//! Amazon Pay instant notifications, delivered through Amazon SNS: parsing the envelope,
//! the certificate-URL rule, the string to sign of signature versions 1 (SHA1withRSA) and 2
//! (SHA256withRSA), the public key inside the X.509 signing certificate, and the Amazon Pay
//! message inside. Fetching the certificate and caching it is the caller's job; verifying the
//! RSA signature goes through [`crate::keys::RsaPkcs1Verify`].
//!
//! ```text
//! POST (content-type text/plain) {"Type":"Notification","MessageId","TopicArn","Message":"{…}",
//!   "Timestamp","SignatureVersion":"1"|"2","Signature","SigningCertURL","UnsubscribeURL"}
//! Message = {"MerchantID","ObjectType","ObjectId","ChargePermissionId","NotificationType",
//!   "NotificationId","NotificationVersion"}   -- no state: GET the object
//! ```
//!
//! After the signature, [`Envelope::check_fresh`] refuses a message whose `Timestamp` is more
//! than [`MAX_MESSAGE_AGE_SECS`] older than the receiver's clock (a replay of an old, genuinely
//! signed message), and [`CertUrlPolicy::check_subscribe_url`] decides whether a
//! `SubscriptionConfirmation`'s `SubscribeURL` may be visited (the same hosts as the
//! certificate). [`topics::TopicPolicy`] says which SNS topics messages are taken from.

mod envelope;
mod message;
pub mod topics;
mod x509;

pub use envelope::{CertUrlPolicy, Envelope, MessageType, SignatureAlgorithm, MAX_MESSAGE_AGE_SECS};
pub use message::{AmazonPayMessage, ObjectType};
pub use x509::spki_from_certificate_pem;

use crate::keys::RsaPkcs1Verify;

/// Why a notification was refused. [`WebhookError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is not a JSON object of strings.
    #[error("the notification is not an SNS JSON envelope")]
    NotAnEnvelope,
    /// A required key is missing.
    #[error("the envelope has no {0}")]
    MissingField(&'static str),
    /// `Type` is none of Notification, SubscriptionConfirmation, UnsubscribeConfirmation.
    #[error("unknown message type {0:?}")]
    UnknownType(String),
    /// `SignatureVersion` is neither 1 nor 2.
    #[error("unsupported signature version {0:?}")]
    SignatureVersion(String),
    /// `SigningCertURL` breaks the host rule.
    #[error("signing certificate URL not allowed: {0}")]
    CertUrl(&'static str),
    /// The certificate is not a PEM X.509 certificate with an RSA key.
    #[error("the signing certificate cannot be read")]
    Certificate,
    /// The signature is not base64, or does not verify.
    #[error("the notification signature does not verify")]
    Signature,
    /// `Message` is not an Amazon Pay message.
    #[error("the message is not an Amazon Pay notification: {0}")]
    Message(&'static str),
    /// `Timestamp` is not an ISO 8601 UTC time (`2026-11-23T10:16:50.000Z`).
    #[error("the envelope's Timestamp is not an ISO 8601 UTC time")]
    Timestamp,
    /// `Timestamp` is older than [`MAX_MESSAGE_AGE_SECS`] before the receiver's clock.
    #[error("the message is more than {max_age_secs} seconds old")]
    Stale {
        /// The bound that was exceeded, seconds.
        max_age_secs: i64,
    },
    /// A subscription message's `SubscribeURL` breaks the host rule.
    #[error("subscribe URL not allowed: {0}")]
    SubscribeUrl(&'static str),
}

impl WebhookError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::NotAnEnvelope => "WEBHOOK_NOT_AN_ENVELOPE",
            WebhookError::MissingField(_) => "WEBHOOK_MISSING_FIELD",
            WebhookError::UnknownType(_) => "WEBHOOK_UNKNOWN_TYPE",
            WebhookError::SignatureVersion(_) => "WEBHOOK_SIGNATURE_VERSION",
            WebhookError::CertUrl(_) => "WEBHOOK_CERT_URL_NOT_ALLOWED",
            WebhookError::Certificate => "WEBHOOK_CERTIFICATE_INVALID",
            WebhookError::Signature => "WEBHOOK_SIGNATURE_INVALID",
            WebhookError::Message(_) => "WEBHOOK_MESSAGE_INVALID",
            WebhookError::Timestamp => "WEBHOOK_TIMESTAMP_INVALID",
            WebhookError::Stale { .. } => "WEBHOOK_STALE",
            WebhookError::SubscribeUrl(_) => "WEBHOOK_SUBSCRIBE_URL_NOT_ALLOWED",
        }
    }
}

/// Verifies an envelope's signature with the public key of its signing certificate.
pub fn verify_signature(envelope: &Envelope, key: &impl RsaPkcs1Verify) -> Result<(), WebhookError> {
    use base64::Engine as _;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(envelope.signature.as_bytes())
        .map_err(|_| WebhookError::Signature)?;
    let ok = match envelope.signature_algorithm {
        SignatureAlgorithm::Sha1WithRsa => {
            key.verify_pkcs1v15_sha1(envelope.string_to_sign().as_bytes(), &signature)
        }
        SignatureAlgorithm::Sha256WithRsa => {
            key.verify_pkcs1v15_sha256(envelope.string_to_sign().as_bytes(), &signature)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(WebhookError::Signature)
    }
}
