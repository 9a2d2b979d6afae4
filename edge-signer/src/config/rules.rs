//! The transaction rules the merchant routes enforce: `LIFECYCLE_RULES_JSON` over the seed's
//! defaults, with the recurring monthly cap counted in calendar months at
//! `RECURRING_MONTH_UTC_OFFSET` (UTC unless set).

use amazon_pay_shared::lifecycle::Rules;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Parses a UTC offset `+HH:MM` / `-HH:MM` (at most 14 hours) to seconds.
pub fn parse_utc_offset(value: &str) -> Option<i32> {
    let (sign, rest) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let secs = h * 3600 + m * 60;
    (m < 60 && secs <= 14 * 3600).then_some(sign * secs)
}

/// Reads the rules; absent or blank `LIFECYCLE_RULES_JSON` is the seed's defaults.
pub fn rules(s: &Settings<'_>) -> Result<Rules, ConfigError> {
    let month_utc_offset_secs = match s.optional(Setting::RecurringMonthUtcOffset) {
        None => 0,
        Some(v) => parse_utc_offset(&v).ok_or(ConfigError::new(
            Setting::RecurringMonthUtcOffset,
            Reason::Malformed("be +HH:MM or -HH:MM, at most 14 hours".into()),
        ))?,
    };
    let mut rules = match s.optional(Setting::LifecycleRulesJson) {
        None => Rules::default(),
        Some(text) => Rules::from_json(&text)
            .map_err(|e| ConfigError::new(Setting::LifecycleRulesJson, Reason::Invalid(e.to_string())))?,
    };
    rules.month_utc_offset_secs = month_utc_offset_secs;
    rules
        .validate()
        .map_err(|e| ConfigError::new(Setting::RecurringMonthUtcOffset, Reason::Invalid(e.to_string())))?;
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use amazon_pay_shared::money::{Currency, Money};

    use super::*;

    fn read(m: &HashMap<&'static str, String>) -> Result<Rules, ConfigError> {
        rules(&Settings::from_lookup(|k| m.get(k).cloned()))
    }

    #[test]
    fn recurring_month_offset() {
        let mut m = HashMap::new();
        assert_eq!(read(&m).unwrap().month_utc_offset_secs, 0);
        m.insert("RECURRING_MONTH_UTC_OFFSET", "+09:00".to_owned());
        assert_eq!(read(&m).unwrap().month_utc_offset_secs, 9 * 3600);
        m.insert("RECURRING_MONTH_UTC_OFFSET", "JST".into());
        let e = read(&m).unwrap_err();
        assert_eq!(e.setting, Setting::RecurringMonthUtcOffset);
        assert!(matches!(e.reason, Reason::Malformed(_)));
    }

    #[test]
    fn lifecycle_rules() {
        let mut m = HashMap::new();
        assert_eq!(read(&m).unwrap(), Rules::default());
        m.insert(
            "LIFECYCLE_RULES_JSON",
            r#"{"currencies":{"JPY":{"maxAmount":"50000"}},"refundWindowDays":90}"#.to_owned(),
        );
        m.insert("RECURRING_MONTH_UTC_OFFSET", "+09:00".into());
        let rules = read(&m).unwrap();
        let jpy = rules.limits_for(Currency::Jpy).unwrap();
        assert_eq!(jpy.max_amount, Money::from_minor(50_000, Currency::Jpy));
        assert_eq!(jpy.recurring_monthly_cap.minor(), 100_000);
        assert_eq!(rules.refund_window_secs, 90 * 86_400);
        assert_eq!(rules.capture_window_secs, 30 * 86_400);
        assert_eq!(rules.month_utc_offset_secs, 9 * 3600);
        // Blank is absent: the seed's rules.
        m.insert("LIFECYCLE_RULES_JSON", "  ".into());
        assert_eq!(
            read(&m)
                .unwrap()
                .limits_for(Currency::Jpy)
                .unwrap()
                .max_amount
                .minor(),
            9_999_999
        );
        // Refusals name the setting and the field, never the value.
        for (text, field) in [
            (
                r#"{"currencies":{"JPY":{"maxAmount":50000}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"98765.4"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"minAmount":"98765","maxAmount":"50000"}}}"#,
                "currencies.JPY.minAmount",
            ),
            (r#"{"captureWindowDays":0}"#, "captureWindowDays"),
            (r#"{"refundWindowDays":-98765}"#, "refundWindowDays"),
            (r#"{"maxPartialRefund":98765}"#, "maxPartialRefund"),
            ("98765", "(document)"),
        ] {
            m.insert("LIFECYCLE_RULES_JSON", text.into());
            let e = read(&m).unwrap_err();
            assert_eq!(e.setting, Setting::LifecycleRulesJson, "{text}: {e}");
            assert!(matches!(e.reason, Reason::Invalid(_)), "{text}: {e}");
            let e = e.to_string();
            assert!(
                e.starts_with(&format!("LIFECYCLE_RULES_JSON: {field}: ")),
                "{text}: {e}"
            );
            assert!(!e.contains("98765"), "{e}");
        }
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(parse_utc_offset("+09:00"), Some(9 * 3600));
        assert_eq!(parse_utc_offset("-03:30"), Some(-(3 * 3600 + 1800)));
        assert_eq!(parse_utc_offset("+14:00"), Some(14 * 3600));
        for bad in ["9", "+9:00", "+14:01", "+09:60", "09:00", "+0900", "+", ""] {
            assert_eq!(parse_utc_offset(bad), None, "{bad}");
        }
    }
}
