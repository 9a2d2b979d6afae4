//! How subscriptions run themselves: when a soft-declined period is tried again
//! (`SUBSCRIPTION_RETRY_DAYS`, days after the first decline, default `1,3,7`) and how many
//! subscriptions one scheduled run works on per step (`SUBSCRIPTION_BATCH_SIZE`, default 25;
//! the rest wait for the next run). The next charge date is counted at the merchant's UTC offset
//! (`RECURRING_MONTH_UTC_OFFSET`, the same offset as the monthly cap's months). Offline, Amazon's
//! page where a buyer changes a past-due subscription's payment method does not exist:
//! `SUBSCRIPTION_PAYMENT_METHOD_ORIGIN` points it at the local sandbox's stand-in
//! (`<origin>/jr/your-account/ba/<chargePermissionId>`; refused with a live key).

use super::endpoint::parse_api_base;
use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// The most retries of one period.
pub const MAX_RETRIES: usize = 10;

/// The longest retry delay, days.
pub const MAX_RETRY_DAYS: u32 = 60;

/// The subscription settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionSettings {
    /// Retry `n` (from 1) of a soft-declined period comes this many days after its first
    /// decline; increasing.
    pub retry_days: Vec<u32>,
    /// Subscriptions per step of one scheduled run.
    pub batch_size: i64,
    /// `SUBSCRIPTION_PAYMENT_METHOD_ORIGIN`: where the page to change a subscription's payment
    /// method is instead of Amazon's (none: Amazon's).
    pub payment_method_origin: Option<String>,
}

impl Default for SubscriptionSettings {
    fn default() -> SubscriptionSettings {
        SubscriptionSettings {
            retry_days: vec![1, 3, 7],
            batch_size: 25,
            payment_method_origin: None,
        }
    }
}

/// Parses `1,3,7`: increasing whole days from 1 to 60, at most ten; blank is no retry.
pub fn parse_retry_days(text: &str) -> Option<Vec<u32>> {
    if text.trim().is_empty() || text.trim() == "none" {
        return Some(Vec::new());
    }
    let days: Vec<u32> = text
        .split(',')
        .map(|d| {
            let d = d.trim();
            (!d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
                .then(|| d.parse::<u32>().ok())
                .flatten()
        })
        .collect::<Option<Vec<u32>>>()?;
    let increasing = days.windows(2).all(|w| w[0] < w[1]);
    let in_range = days.iter().all(|d| (1..=MAX_RETRY_DAYS).contains(d));
    (increasing && in_range && days.len() <= MAX_RETRIES).then_some(days)
}

impl SubscriptionSettings {
    /// Reads the section.
    pub fn from_settings(s: &Settings<'_>) -> Result<SubscriptionSettings, ConfigError> {
        let mut settings = SubscriptionSettings::default();
        if let Some(text) = s.raw(Setting::SubscriptionRetryDays) {
            settings.retry_days = parse_retry_days(&text).ok_or(ConfigError::new(
                Setting::SubscriptionRetryDays,
                Reason::Malformed(
                    "be increasing whole days from 1 to 60, comma-separated, at most ten".into(),
                ),
            ))?;
        }
        let batch = s.integer(Setting::SubscriptionBatchSize, 25, 100)?;
        if batch == 0 {
            return Err(ConfigError::new(
                Setting::SubscriptionBatchSize,
                Reason::Malformed("be from 1 to 100".into()),
            ));
        }
        settings.batch_size = batch as i64;
        if let Some(origin) = s.optional(Setting::SubscriptionPaymentMethodOrigin) {
            let origin = origin.trim().trim_end_matches('/').to_owned();
            if !parse_api_base(&origin).is_ok_and(|e| e.base_url == origin) {
                return Err(ConfigError::new(
                    Setting::SubscriptionPaymentMethodOrigin,
                    Reason::NotAnOrigin(origin),
                ));
            }
            settings.payment_method_origin = Some(origin);
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn retry_days_and_batches() {
        assert_eq!(parse_retry_days("1,3,7"), Some(vec![1, 3, 7]));
        assert_eq!(parse_retry_days(" 2 , 5 "), Some(vec![2, 5]));
        assert_eq!(parse_retry_days(""), Some(vec![]));
        for bad in ["3,1", "0", "1,1", "61", "1.5", "x", "1,,2", "-1"] {
            assert_eq!(parse_retry_days(bad), None, "{bad}");
        }
        let read = |pairs: &[(&'static str, &str)]| {
            let m: HashMap<&str, String> = pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
            let settings = Settings::from_lookup(|k| m.get(k).cloned());
            SubscriptionSettings::from_settings(&settings)
        };
        assert_eq!(read(&[]).unwrap(), SubscriptionSettings::default());
        assert_eq!(
            read(&[("SUBSCRIPTION_RETRY_DAYS", "2"), ("SUBSCRIPTION_BATCH_SIZE", "5")]).unwrap(),
            SubscriptionSettings {
                retry_days: vec![2],
                batch_size: 5,
                payment_method_origin: None,
            }
        );
        assert_eq!(
            read(&[("SUBSCRIPTION_PAYMENT_METHOD_ORIGIN", "http://127.0.0.1:8790/")])
                .unwrap()
                .payment_method_origin
                .as_deref(),
            Some("http://127.0.0.1:8790")
        );
        for bad in [
            "http://127.0.0.1:8790/jr",
            "javascript:alert(1)",
            "127.0.0.1:8790",
        ] {
            assert_eq!(
                read(&[("SUBSCRIPTION_PAYMENT_METHOD_ORIGIN", bad)])
                    .unwrap_err()
                    .setting,
                Setting::SubscriptionPaymentMethodOrigin,
                "{bad}"
            );
        }
        assert_eq!(
            read(&[("SUBSCRIPTION_RETRY_DAYS", "9,2")]).unwrap_err().setting,
            Setting::SubscriptionRetryDays
        );
        assert_eq!(
            read(&[("SUBSCRIPTION_BATCH_SIZE", "0")]).unwrap_err().setting,
            Setting::SubscriptionBatchSize
        );
    }
}
