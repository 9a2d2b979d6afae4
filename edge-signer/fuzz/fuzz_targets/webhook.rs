//! What the webhook route reads from the internet before any signature is checked: the SNS
//! envelope, its timestamp and string to sign, the certificate and subscribe URL rules, and the
//! Amazon Pay message inside, and the topic the message claims. Never a panic; a certificate
//! URL the rule accepts is https on an SNS host or one of the configured sandbox origins; a
//! topic is taken only when it is the configured ARN, or a well-formed SNS ARN of the
//! configured account.
#![no_main]

use amazon_pay_shared::webhook::topics::{arn_parts, TopicPolicy};
use amazon_pay_shared::webhook::{AmazonPayMessage, CertUrlPolicy, Envelope};

const TOPIC: &str = "arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn";
const ACCOUNT: &str = "123456789012";

/// Whether a policy of the sandbox topic and one account takes `arn`, checked by its rule.
fn topic(arn: &str) {
    let topic_only = TopicPolicy::parse(TOPIC).expect("the topic parses");
    assert_eq!(topic_only.allows(arn), arn == TOPIC, "{arn}");
    let account = TopicPolicy::parse(ACCOUNT).expect("the account parses");
    if account.allows(arn) {
        assert!(arn.starts_with("arn:aws") && arn.contains(":sns:"), "{arn}");
        assert_eq!(arn_parts(arn).map(|(a, _)| a), Some(ACCOUNT), "{arn}");
    }
    assert!(!TopicPolicy::default().allows(arn));
    // Any list parses or is refused whole; what it lists is taken.
    if let Ok(policy) = TopicPolicy::parse(arn) {
        for item in arn.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            if arn_parts(item).is_some() {
                assert!(policy.allows(item), "{item}");
            }
        }
    }
}
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = CertUrlPolicy {
        sandbox_origins: vec!["http://127.0.0.1:8790".to_owned()],
    };
    if let Ok(text) = std::str::from_utf8(data) {
        topic(text);
        if policy.check(text).is_ok() && !text.starts_with("http://127.0.0.1:8790/") {
            let lower = text.to_ascii_lowercase();
            let host = lower
                .strip_prefix("https://")
                .and_then(|rest| rest.split('/').next())
                .unwrap_or_default();
            assert!(host.starts_with("sns."), "{text}");
            assert!(
                host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"),
                "{text}"
            );
        }
        let _ = policy.check_subscribe_url(text);
        let _ = AmazonPayMessage::parse(text);
    }
    let Ok(envelope) = Envelope::parse(data) else {
        return;
    };
    topic(&envelope.topic_arn);
    let _ = envelope.string_to_sign();
    if let Ok(secs) = envelope.timestamp_secs() {
        let _ = envelope.check_fresh(secs);
        let _ = envelope.check_fresh(i64::MAX);
        let _ = envelope.check_fresh(i64::MIN);
    }
    let _ = policy.check(&envelope.signing_cert_url);
    if let Some(url) = &envelope.subscribe_url {
        let _ = policy.check_subscribe_url(url);
    }
    let _ = AmazonPayMessage::parse(&envelope.message);
});
