//! Which SNS topics Amazon Pay's notifications are taken from. SNS signs for any AWS account's
//! topic, so a valid signature alone says nothing about who sent a message: the receiver lists
//! the topic ARNs (or AWS account ids) it expects, and every other `TopicArn` is refused before
//! anything else is done with the message.

/// One entry of a topic list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicEntry {
    /// An exact topic ARN, `arn:<partition>:sns:<region>:<account>:<name>`.
    Topic(String),
    /// A 12-digit AWS account id: any SNS topic of that account.
    Account(String),
}

/// The SNS topics messages are taken from; empty refuses every message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicPolicy {
    entries: Vec<TopicEntry>,
}

/// A topic list entry that is neither an SNS topic ARN nor an account id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>) nor a 12-digit AWS account id")]
pub struct NotATopic;

/// The parts of an SNS topic ARN: the account id and the topic name.
pub fn arn_parts(arn: &str) -> Option<(&str, &str)> {
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

/// Whether `s` is a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

impl TopicPolicy {
    /// A policy of these entries.
    pub fn new(entries: Vec<TopicEntry>) -> TopicPolicy {
        TopicPolicy { entries }
    }

    /// Reads a comma-separated list of SNS topic ARNs and 12-digit AWS account ids (blank
    /// items are skipped; an empty list refuses everything).
    pub fn parse(list: &str) -> Result<TopicPolicy, NotATopic> {
        let mut entries = Vec::new();
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            if is_account_id(item) {
                entries.push(TopicEntry::Account(item.to_owned()));
            } else if arn_parts(item).is_some() {
                entries.push(TopicEntry::Topic(item.to_owned()));
            } else {
                return Err(NotATopic);
            }
        }
        Ok(TopicPolicy::new(entries))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_and_accounts_are_matched_exactly() {
        let p =
            TopicPolicy::parse(" arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn , 123456789012 ")
                .unwrap();
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
    fn an_empty_list_refuses_everything_and_garbage_is_refused() {
        let none = TopicPolicy::parse(" , ").unwrap();
        assert!(none.is_empty());
        assert!(!none.allows("arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn"));
        for bad in [
            "*",
            "arn:aws:sns:us-east-1:0000:t",
            "arn:aws:sns:*:000000000000:t",
            "12345",
        ] {
            assert_eq!(TopicPolicy::parse(bad), Err(NotATopic), "{bad}");
        }
    }
}
