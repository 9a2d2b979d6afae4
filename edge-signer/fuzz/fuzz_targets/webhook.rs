//! What the webhook route reads from the internet before any signature is checked: the SNS
//! envelope, its timestamp and string to sign, the certificate and subscribe URL rules, and the
//! Amazon Pay message inside. Never a panic; a certificate URL the rule accepts is https on an
//! SNS host or one of the configured sandbox origins.
#![no_main]

use amazon_pay_shared::webhook::{AmazonPayMessage, CertUrlPolicy, Envelope};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = CertUrlPolicy {
        sandbox_origins: vec!["http://127.0.0.1:8790".to_owned()],
    };
    if let Ok(text) = std::str::from_utf8(data) {
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
