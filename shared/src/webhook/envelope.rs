//! The SNS envelope: parsing, the certificate-URL rule and the string to sign.

use serde_json::{Map, Value};

use super::WebhookError;

/// How old a message's `Timestamp` may be, against the receiver's clock, before it is refused as
/// stale: one hour. SNS retries a failed delivery for about an hour by default with the
/// original timestamp, so a genuine retry still arrives; an older message is a replay. A
/// `Timestamp` ahead of the clock is not refused (clock skew; duplicates are caught by message
/// id).
pub const MAX_MESSAGE_AGE_SECS: i64 = 3600;

/// The three SNS message types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageType {
    /// A published message (an Amazon Pay notification).
    Notification,
    /// The topic asks to confirm the subscription (visit `SubscribeURL`).
    SubscriptionConfirmation,
    /// The subscription was removed.
    UnsubscribeConfirmation,
}

/// How the envelope is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// SignatureVersion `1`.
    Sha1WithRsa,
    /// SignatureVersion `2`.
    Sha256WithRsa,
}

/// A parsed SNS envelope: every field the signature covers, plus where the certificate is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// `Type`.
    pub message_type: MessageType,
    /// `MessageId`.
    pub message_id: String,
    /// `TopicArn`.
    pub topic_arn: String,
    /// `Subject`, when present.
    pub subject: Option<String>,
    /// `Message` (for notifications, the Amazon Pay message as a JSON string).
    pub message: String,
    /// `Timestamp`.
    pub timestamp: String,
    /// From `SignatureVersion`.
    pub signature_algorithm: SignatureAlgorithm,
    /// `Signature` (base64).
    pub signature: String,
    /// `SigningCertURL`.
    pub signing_cert_url: String,
    /// `SubscribeURL` (subscription messages).
    pub subscribe_url: Option<String>,
    /// `Token` (subscription messages).
    pub token: Option<String>,
}

/// Normalises "lambda style" keys (`SigningCertUrl`, `SubscribeUrl`, `UnsubscribeUrl`).
fn canonical_key(key: &str) -> &str {
    match key {
        "SigningCertUrl" => "SigningCertURL",
        "SubscribeUrl" => "SubscribeURL",
        "UnsubscribeUrl" => "UnsubscribeURL",
        other => other,
    }
}

impl Envelope {
    /// Parses the POST body (at most 256 KiB, SNS's own limit).
    pub fn parse(body: &[u8]) -> Result<Envelope, WebhookError> {
        if body.len() > 256 * 1024 {
            return Err(WebhookError::NotAnEnvelope);
        }
        let value: Value = serde_json::from_slice(body).map_err(|_| WebhookError::NotAnEnvelope)?;
        let object = value.as_object().ok_or(WebhookError::NotAnEnvelope)?;
        let mut fields = Map::new();
        for (k, v) in object {
            fields.insert(canonical_key(k).to_owned(), v.clone());
        }
        let text = |name: &'static str| -> Result<Option<String>, WebhookError> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(WebhookError::NotAnEnvelope),
            }
        };
        let required = |name: &'static str| text(name)?.ok_or(WebhookError::MissingField(name));
        let message_type = match required("Type")?.as_str() {
            "Notification" => MessageType::Notification,
            "SubscriptionConfirmation" => MessageType::SubscriptionConfirmation,
            "UnsubscribeConfirmation" => MessageType::UnsubscribeConfirmation,
            other => return Err(WebhookError::UnknownType(other.chars().take(40).collect())),
        };
        let signature_algorithm = match required("SignatureVersion")?.as_str() {
            "1" => SignatureAlgorithm::Sha1WithRsa,
            "2" => SignatureAlgorithm::Sha256WithRsa,
            other => return Err(WebhookError::SignatureVersion(other.chars().take(8).collect())),
        };
        let envelope = Envelope {
            message_type,
            message_id: required("MessageId")?,
            topic_arn: required("TopicArn")?,
            subject: text("Subject")?,
            message: required("Message")?,
            timestamp: required("Timestamp")?,
            signature_algorithm,
            signature: required("Signature")?,
            signing_cert_url: required("SigningCertURL")?,
            subscribe_url: text("SubscribeURL")?,
            token: text("Token")?,
        };
        if message_type != MessageType::Notification {
            if envelope.subscribe_url.is_none() {
                return Err(WebhookError::MissingField("SubscribeURL"));
            }
            if envelope.token.is_none() {
                return Err(WebhookError::MissingField("Token"));
            }
        }
        Ok(envelope)
    }

    /// `Timestamp` as Unix seconds: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (SNS writes milliseconds;
    /// the fraction is dropped).
    pub fn timestamp_secs(&self) -> Result<i64, WebhookError> {
        let text = self.timestamp.as_str();
        let whole = match text.split_once('.') {
            None => text,
            Some((seconds, fraction)) => {
                let digits = fraction.strip_suffix('Z').ok_or(WebhookError::Timestamp)?;
                let ok = (1..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
                if !ok || seconds.len() != 19 {
                    return Err(WebhookError::Timestamp);
                }
                // `seconds` is followed by `.`: give it back its `Z`.
                return crate::time::parse(&format!("{seconds}Z")).map_err(|_| WebhookError::Timestamp);
            }
        };
        if whole.len() != 20 || !whole.contains('-') {
            return Err(WebhookError::Timestamp);
        }
        crate::time::parse(whole).map_err(|_| WebhookError::Timestamp)
    }

    /// Refuses a message whose `Timestamp` is more than [`MAX_MESSAGE_AGE_SECS`] before `now`
    /// (Unix seconds, the receiver's clock). Call it after the signature verified: only then is
    /// the timestamp SNS's.
    pub fn check_fresh(&self, now: i64) -> Result<(), WebhookError> {
        let at = self.timestamp_secs()?;
        if now.saturating_sub(at) > MAX_MESSAGE_AGE_SECS {
            return Err(WebhookError::Stale {
                max_age_secs: MAX_MESSAGE_AGE_SECS,
            });
        }
        Ok(())
    }

    /// SNS's string to sign: `key\nvalue\n` for Message, MessageId, Subject (if present),
    /// Timestamp, TopicArn, Type (notifications) or Message, MessageId, SubscribeURL,
    /// Timestamp, Token, TopicArn, Type (subscription messages).
    pub fn string_to_sign(&self) -> String {
        let mut out = String::new();
        let mut add = |k: &str, v: &str| {
            out.push_str(k);
            out.push('\n');
            out.push_str(v);
            out.push('\n');
        };
        let kind = match self.message_type {
            MessageType::Notification => "Notification",
            MessageType::SubscriptionConfirmation => "SubscriptionConfirmation",
            MessageType::UnsubscribeConfirmation => "UnsubscribeConfirmation",
        };
        add("Message", &self.message);
        add("MessageId", &self.message_id);
        if self.message_type == MessageType::Notification {
            if let Some(subject) = &self.subject {
                add("Subject", subject);
            }
        } else {
            add("SubscribeURL", self.subscribe_url.as_deref().unwrap_or_default());
        }
        add("Timestamp", &self.timestamp);
        if self.message_type != MessageType::Notification {
            add("Token", self.token.as_deref().unwrap_or_default());
        }
        add("TopicArn", &self.topic_arn);
        add("Type", kind);
        out
    }
}

/// Which certificate URLs to fetch: Amazon's rule (https, host `sns.<region>.amazonaws.com`
/// or `.com.cn`, path ending `.pem`), plus exact origins allowed for a local sandbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertUrlPolicy {
    /// Extra exact origins (`scheme://host[:port]`) allowed, e.g. `http://127.0.0.1:8790`.
    pub sandbox_origins: Vec<String>,
}

impl CertUrlPolicy {
    /// Checks a `SigningCertURL`.
    pub fn check(&self, url: &str) -> Result<(), WebhookError> {
        if url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(WebhookError::CertUrl("malformed URL"));
        }
        let (origin, path) = split_origin(url).ok_or(WebhookError::CertUrl("not an absolute URL"))?;
        if !path.ends_with(".pem") || path.contains('?') || path.contains('#') {
            return Err(WebhookError::CertUrl("the path must end in .pem"));
        }
        self.check_origin(origin).map_err(WebhookError::CertUrl)
    }

    /// Checks a subscription message's `SubscribeURL` with the same host rule as the
    /// certificate (`https://sns.<region>.amazonaws.com[.cn]` or an exact sandbox origin); the
    /// path and query are SNS's (`/?Action=ConfirmSubscription&TopicArn=…&Token=…`), a fragment
    /// is refused.
    pub fn check_subscribe_url(&self, url: &str) -> Result<(), WebhookError> {
        if url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(WebhookError::SubscribeUrl("malformed URL"));
        }
        let (origin, path) = split_origin(url).ok_or(WebhookError::SubscribeUrl("not an absolute URL"))?;
        if !path.starts_with('/') || path.contains('#') {
            return Err(WebhookError::SubscribeUrl(
                "the URL must have a path and no fragment",
            ));
        }
        self.check_origin(origin).map_err(WebhookError::SubscribeUrl)
    }

    /// Amazon's SNS hosts over https, or one of the sandbox origins exactly.
    fn check_origin(&self, origin: &str) -> Result<(), &'static str> {
        if self.sandbox_origins.iter().any(|o| o == origin) {
            return Ok(());
        }
        let host = origin.strip_prefix("https://").ok_or("https is required")?;
        let host = host.to_ascii_lowercase();
        let wrong_host = "the host must be sns.<region>.amazonaws.com";
        let labels = host
            .strip_suffix(".amazonaws.com")
            .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
            .and_then(|h| h.strip_prefix("sns."))
            .ok_or(wrong_host)?;
        let region_ok = labels.len() >= 3 && labels.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if region_ok {
            Ok(())
        } else {
            Err(wrong_host)
        }
    }
}

/// `(scheme://host[:port], /path…)` of an absolute http(s) URL without credentials.
fn split_origin(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let scheme_len = url.len() - after_scheme.len();
    let host_len = after_scheme.find('/').unwrap_or(after_scheme.len());
    let host = &after_scheme[..host_len];
    if host.is_empty() || host.contains('@') {
        return None;
    }
    Some((&url[..scheme_len + host_len], &url[scheme_len + host_len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(extra: &[(&str, &str)]) -> Vec<u8> {
        let mut m = serde_json::json!({
            "Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:t", "Message": "{}",
            "Timestamp": "2026-11-23T10:16:50.000Z", "SignatureVersion": "1", "Signature": "AA==",
            "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
        });
        for (k, v) in extra {
            m[*k] = Value::String((*v).to_owned());
        }
        serde_json::to_vec(&m).unwrap()
    }

    #[test]
    fn parses_and_builds_the_string_to_sign() {
        let e = Envelope::parse(&body(&[("Subject", "s")])).unwrap();
        assert_eq!(
            e.string_to_sign(),
            "Message\n{}\nMessageId\nm-1\nSubject\ns\nTimestamp\n2026-11-23T10:16:50.000Z\nTopicArn\narn:t\nType\nNotification\n"
        );
        let sub = Envelope::parse(&body(&[
            ("Type", "SubscriptionConfirmation"),
            ("SubscribeURL", "https://x"),
            ("Token", "tok"),
        ]))
        .unwrap();
        assert!(sub
            .string_to_sign()
            .contains("SubscribeURL\nhttps://x\nTimestamp\n"));
        assert!(sub.string_to_sign().contains("Token\ntok\nTopicArn\n"));
    }

    #[test]
    fn refusals_are_typed() {
        assert_eq!(
            Envelope::parse(b"[]").unwrap_err().code(),
            "WEBHOOK_NOT_AN_ENVELOPE"
        );
        assert_eq!(
            Envelope::parse(&body(&[("Type", "Other")])).unwrap_err().code(),
            "WEBHOOK_UNKNOWN_TYPE"
        );
        assert_eq!(
            Envelope::parse(&body(&[("SignatureVersion", "3")]))
                .unwrap_err()
                .code(),
            "WEBHOOK_SIGNATURE_VERSION"
        );
        let mut m: Value = serde_json::from_slice(&body(&[])).unwrap();
        m.as_object_mut().unwrap().remove("Signature");
        assert_eq!(
            Envelope::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err(),
            WebhookError::MissingField("Signature")
        );
        assert!(Envelope::parse(&body(&[("Type", "SubscriptionConfirmation")])).is_err());
    }

    #[test]
    fn lambda_style_keys_are_accepted() {
        let mut m: Value = serde_json::from_slice(&body(&[])).unwrap();
        let url = m["SigningCertURL"].clone();
        m.as_object_mut().unwrap().remove("SigningCertURL");
        m["SigningCertUrl"] = url;
        assert!(Envelope::parse(&serde_json::to_vec(&m).unwrap()).is_ok());
    }

    #[test]
    fn timestamps_and_freshness() {
        let at = |ts: &str| {
            Envelope::parse(&body(&[("Timestamp", ts)]))
                .unwrap()
                .timestamp_secs()
        };
        let base = 1_795_429_010; // 2026-11-23T10:16:50Z
        assert_eq!(at("2026-11-23T10:16:50.000Z"), Ok(base));
        assert_eq!(at("2026-11-23T10:16:50.999Z"), Ok(base));
        assert_eq!(at("2026-11-23T10:16:50Z"), Ok(base));
        assert_eq!(at("2026-11-23T10:16:50.5Z"), Ok(base));
        for bad in [
            "",
            "20261123T101650Z",
            "2026-11-23T10:16:50.Z",
            "2026-11-23T10:16:50.000",
            "2026-11-23T10:16:50.00aZ",
            "2026-11-23T10:16:50.0000000000Z",
            "2026-11-23 10:16:50.000Z",
            "2026-11-23T10:16:50+09:00",
            "2026-13-23T10:16:50.000Z",
            "x2026-11-23T10:16:50.000Z",
        ] {
            assert_eq!(at(bad), Err(WebhookError::Timestamp), "{bad}");
        }
        let e = Envelope::parse(&body(&[])).unwrap();
        assert!(e.check_fresh(base).is_ok());
        assert!(e.check_fresh(base + MAX_MESSAGE_AGE_SECS).is_ok());
        assert!(
            e.check_fresh(base - 86_400).is_ok(),
            "ahead of the clock is not stale"
        );
        let stale = e.check_fresh(base + MAX_MESSAGE_AGE_SECS + 1).unwrap_err();
        assert_eq!(stale.code(), "WEBHOOK_STALE");
        assert_eq!(stale.to_string(), "the message is more than 3600 seconds old");
        assert!(e.check_fresh(i64::MAX).is_err());
        assert!(e.check_fresh(i64::MIN).is_ok());
        let bad = Envelope::parse(&body(&[("Timestamp", "yesterday")])).unwrap();
        assert_eq!(
            bad.check_fresh(base).unwrap_err().code(),
            "WEBHOOK_TIMESTAMP_INVALID"
        );
    }

    #[test]
    fn subscribe_url_rule() {
        let amazon = CertUrlPolicy::default();
        for good in [
            "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:1:t&Token=abc",
            "https://sns.eu-west-1.amazonaws.com/",
            "https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription",
        ] {
            assert!(amazon.check_subscribe_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
            "https://sns.us-east-1.amazonaws.com.evil.example/?Action=ConfirmSubscription",
            "https://evil.example/?Action=ConfirmSubscription",
            "https://user@sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
            "https://sns.us-east-1.amazonaws.com?Action=ConfirmSubscription",
            "https://sns.us-east-1.amazonaws.com/#x",
            "https://sns.us-east-1.amazonaws.com/ x",
            "/?Action=ConfirmSubscription",
            "http://127.0.0.1:8790/sns/confirm",
        ] {
            assert_eq!(
                amazon.check_subscribe_url(bad).unwrap_err().code(),
                "WEBHOOK_SUBSCRIBE_URL_NOT_ALLOWED",
                "{bad}"
            );
        }
        let local = CertUrlPolicy {
            sandbox_origins: vec!["http://127.0.0.1:8790".into()],
        };
        assert!(local
            .check_subscribe_url("http://127.0.0.1:8790/sns/confirm?Token=x")
            .is_ok());
        assert!(local
            .check_subscribe_url("http://127.0.0.1:8791/sns/confirm")
            .is_err());
        // The certificate rule keeps its own code.
        assert_eq!(
            amazon.check("https://evil.example/x.pem").unwrap_err().code(),
            "WEBHOOK_CERT_URL_NOT_ALLOWED"
        );
    }

    #[test]
    fn certificate_url_rule() {
        let amazon = CertUrlPolicy::default();
        assert!(amazon
            .check("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem")
            .is_ok());
        assert!(amazon
            .check("https://sns.cn-north-1.amazonaws.com.cn/x.pem")
            .is_ok());
        for bad in [
            "http://sns.us-east-1.amazonaws.com/x.pem",
            "https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
            "https://evil.example/sns.us-east-1.amazonaws.com/x.pem",
            "https://sns.us-east-1.amazonaws.com/x.pem?x=1",
            "https://sns.us-east-1.amazonaws.com/x.txt",
            "https://user@sns.us-east-1.amazonaws.com/x.pem",
            "https://sns.a.amazonaws.com/x.pem",
            "http://127.0.0.1:8790/_sandbox/sns/c.pem",
        ] {
            assert_eq!(
                amazon.check(bad).unwrap_err().code(),
                "WEBHOOK_CERT_URL_NOT_ALLOWED",
                "{bad}"
            );
        }
        let local = CertUrlPolicy {
            sandbox_origins: vec!["http://127.0.0.1:8790".into()],
        };
        assert!(local.check("http://127.0.0.1:8790/_sandbox/sns/c.pem").is_ok());
        assert!(local.check("http://127.0.0.1:8791/_sandbox/sns/c.pem").is_err());
    }
}
