//! Webhooks: where SNS signing certificates are accepted from besides Amazon's hosts, and
//! which SNS topics messages are taken from.

use super::endpoint::parse_api_base;
use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Reads `WEBHOOK_CERT_ORIGINS`: exact `scheme://host[:port]` origins (empty when absent).
pub fn cert_origins(s: &Settings<'_>) -> Result<Vec<String>, ConfigError> {
    let origins = s.origins(Setting::WebhookCertOrigins);
    for o in &origins {
        if !parse_api_base(o).is_ok_and(|e| e.base_url == *o) {
            return Err(ConfigError::new(
                Setting::WebhookCertOrigins,
                Reason::NotAnOrigin(o.clone()),
            ));
        }
    }
    Ok(origins)
}

/// One entry of `WEBHOOK_TOPIC_ARNS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicEntry {
    /// An exact topic ARN, `arn:<partition>:sns:<region>:<account>:<name>`.
    Topic(String),
    /// A 12-digit AWS account id: any SNS topic of that account.
    Account(String),
}

/// The SNS topics webhook messages are taken from (`WEBHOOK_TOPIC_ARNS`). Empty (the setting
/// absent) refuses every message: SNS signs for any AWS account's topic, so a valid signature
/// alone says nothing about who sent it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicPolicy {
    entries: Vec<TopicEntry>,
}

/// The parts of an SNS topic ARN: the account id and the topic name.
fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (arn_word, partition, service, region) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let (account, name) = (parts.next()?, parts.next()?);
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let name_ok = !name.is_empty()
        && name.len() <= 256
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    (arn_word == "arn"
        && partition.starts_with("aws")
        && service == "sns"
        && region_ok
        && is_account_id(account)
        && name_ok)
        .then_some((account, name))
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

impl TopicPolicy {
    /// A policy of these entries.
    pub fn new(entries: Vec<TopicEntry>) -> TopicPolicy {
        TopicPolicy { entries }
    }

    /// True when a message of `topic_arn` is taken: the ARN is listed, or it is a well-formed
    /// SNS topic ARN of a listed account.
    pub fn allows(&self, topic_arn: &str) -> bool {
        let account = arn_parts(topic_arn).map(|(account, _)| account);
        self.entries.iter().any(|e| match e {
            TopicEntry::Topic(t) => t == topic_arn,
            TopicEntry::Account(a) => account == Some(a.as_str()),
        })
    }

    /// True when no topic is configured (every message refused).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Reads `WEBHOOK_TOPIC_ARNS`: comma-separated SNS topic ARNs or 12-digit AWS account ids
/// (empty when absent: every webhook message is refused).
pub fn topic_policy(s: &Settings<'_>) -> Result<TopicPolicy, ConfigError> {
    let Some(value) = s.optional(Setting::WebhookTopicArns) else {
        return Ok(TopicPolicy::default());
    };
    let mut entries = Vec::new();
    for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        if is_account_id(item) {
            entries.push(TopicEntry::Account(item.to_owned()));
        } else if arn_parts(item).is_some() {
            entries.push(TopicEntry::Topic(item.to_owned()));
        } else {
            return Err(ConfigError::new(
                Setting::WebhookTopicArns,
                Reason::Malformed(
                    "be SNS topic ARNs (arn:aws:sns:<region>:<account>:<name>) or 12-digit AWS account ids"
                        .into(),
                ),
            ));
        }
    }
    Ok(TopicPolicy::new(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(value: &str) -> Result<TopicPolicy, ConfigError> {
        let value = value.to_owned();
        topic_policy(&Settings::from_lookup(move |name| {
            (name == "WEBHOOK_TOPIC_ARNS").then(|| value.clone())
        }))
    }

    #[test]
    fn topics_and_accounts_are_matched_exactly() {
        let p = policy(" arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn , 123456789012 ").unwrap();
        assert!(p.allows("arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn"));
        assert!(p.allows("arn:aws:sns:eu-west-1:123456789012:anything"));
        for refused in [
            "arn:aws:sns:us-east-1:000000000000:amazon-pay-test",
            "arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn2",
            "arn:aws:sns:us-east-1:999999999999:amazon-pay-sandbox-ipn",
            "arn:aws:sqs:us-east-1:123456789012:queue",
            "arn:aws:sns:us-east-1:123456789012:",
            "arn:aws:sns:us-east-1:1234567890123:x",
            "123456789012",
            "",
        ] {
            assert!(!p.allows(refused), "{refused}");
        }
    }

    #[test]
    fn absent_refuses_everything_and_garbage_is_a_config_error() {
        let none = topic_policy(&Settings::from_lookup(|_| None)).unwrap();
        assert!(none.is_empty());
        assert!(!none.allows("arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn"));
        for bad in [
            "*",
            "arn:aws:sns:us-east-1:0000:t",
            "arn:aws:sns:*:000000000000:t",
            "12345",
        ] {
            let e = policy(bad).unwrap_err();
            assert!(e.to_string().contains("WEBHOOK_TOPIC_ARNS"), "{bad}: {e}");
        }
    }
}
