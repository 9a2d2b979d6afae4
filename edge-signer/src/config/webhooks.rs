//! Webhooks: where SNS signing certificates are accepted from besides Amazon's hosts, and
//! which SNS topics messages are taken from.

use amazon_pay_shared::webhook::topics::TopicPolicy;

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

/// Reads `WEBHOOK_TOPIC_ARNS`: comma-separated SNS topic ARNs or 12-digit AWS account ids
/// (empty when absent: every webhook message is refused).
pub fn topic_policy(s: &Settings<'_>) -> Result<TopicPolicy, ConfigError> {
    let Some(value) = s.optional(Setting::WebhookTopicArns) else {
        return Ok(TopicPolicy::default());
    };
    TopicPolicy::parse(&value).map_err(|_| {
        ConfigError::new(
            Setting::WebhookTopicArns,
            Reason::Malformed(
                "be SNS topic ARNs (arn:aws:sns:<region>:<account>:<name>) or 12-digit AWS account ids"
                    .into(),
            ),
        )
    })
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
    fn the_setting_lists_topics_and_accounts() {
        let p = policy(" arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn , 123456789012 ").unwrap();
        assert!(p.allows("arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn"));
        assert!(p.allows("arn:aws:sns:eu-west-1:123456789012:anything"));
        assert!(!p.allows("arn:aws:sns:us-east-1:999999999999:amazon-pay-sandbox-ipn"));
    }

    #[test]
    fn absent_refuses_everything_and_garbage_is_a_config_error() {
        let none = topic_policy(&Settings::from_lookup(|_| None)).unwrap();
        assert!(none.is_empty());
        assert!(!none.allows("arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox-ipn"));
        for bad in ["*", "arn:aws:sns:us-east-1:0000:t", "12345"] {
            let e = policy(bad).unwrap_err();
            assert!(e.to_string().contains("WEBHOOK_TOPIC_ARNS"), "{bad}: {e}");
        }
    }
}
