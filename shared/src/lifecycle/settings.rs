//! A merchant's [`Rules`] from one JSON document, validated field by field.
//!
//! ```json
//! {
//!   "currencies": {
//!     "JPY": {
//!       "minAmount": "1",
//!       "maxAmount": "9999999",
//!       "recurringMonthlyCap": "100000",
//!       "amountChangeFloor": "70000",
//!       "amountChangeMaxPercent": 900,
//!       "maxPartialRefunds": 10
//!     }
//!   },
//!   "captureWindowDays": 30,
//!   "refundWindowDays": 180,
//!   "maxPartialRefunds": 10
//! }
//! ```
//!
//! Every key is optional; what is left out keeps [`Rules::default`] (the seed's values). A
//! currency listed under `currencies` starts from its defaults ([`CurrencyLimits::default_for`])
//! and overrides the fields given; a currency without defaults must give the five amount fields
//! (`maxPartialRefunds` is optional everywhere: per currency it overrides the top-level count,
//! which applies to every currency). Currencies not listed keep their defaults.
//!
//! A permission's validity and an authorization's life are Amazon's and cannot be set here:
//! the former `captureExtensionDays` and `permissionValidityMonths` are unknown keys.
//!
//! Strict: unknown keys are refused; amounts are decimal strings with at most the currency's
//! decimals (`"1200"`, `"12.50"`), never JSON numbers; counts, days and percentages are JSON
//! integers. Zero or negative values are refused (except the amount-change floor, `"0"`, and
//! `maxPartialRefunds`, `0`: only full refunds),
//! as is a minimum above the maximum, a maximum above Amazon's per-charge maximum, a monthly cap
//! below the minimum or a percentage below 100. Each refusal names the field
//! ([`RulesJsonError::field`], e.g. `currencies.JPY.maxAmount`) and never repeats a value.

use serde_json::{Map, Value};

use crate::money::{Currency, Money};

use super::limits::CurrencyLimits;
use super::rules::{Rules, DAY_SECS};

/// The longest capture or refund window accepted, in days (ten years).
pub const MAX_WINDOW_DAYS: u64 = 3650;
/// The most partial refunds per transaction accepted.
pub const MAX_PARTIAL_REFUNDS: u64 = 1000;
/// The largest amount-change percentage accepted.
pub const MAX_CHANGE_PERCENT: u64 = 100_000;

/// Why a rules document was refused: the field (a dotted path) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct RulesJsonError {
    /// The field, as a dotted path from the top (`captureWindowDays`,
    /// `currencies.JPY.maxAmount`); `(document)` for the document as a whole.
    pub field: String,
    /// What is wrong, without the value.
    pub problem: String,
}

fn refuse<T>(field: impl Into<String>, problem: impl Into<String>) -> Result<T, RulesJsonError> {
    Err(RulesJsonError {
        field: field.into(),
        problem: problem.into(),
    })
}

/// A key as it may appear in a message: short and plain, otherwise replaced.
fn label(key: &str) -> &str {
    let plain =
        !key.is_empty() && key.len() <= 40 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        key
    } else {
        "(unprintable key)"
    }
}

fn check_keys(object: &Map<String, Value>, prefix: &str, known: &[&str]) -> Result<(), RulesJsonError> {
    for key in object.keys() {
        if !known.contains(&key.as_str()) {
            return refuse(format!("{prefix}{}", label(key)), "unknown key");
        }
    }
    Ok(())
}

/// A JSON integer in `min..=max`.
fn integer(
    object: &Map<String, Value>,
    key: &str,
    field: &str,
    min: u64,
    max: u64,
) -> Result<Option<u64>, RulesJsonError> {
    let Some(value) = object.get(key) else {
        return Ok(None);
    };
    let problem = format!("must be an integer from {min} to {max}");
    match value {
        Value::Number(n) => match n.as_u64() {
            Some(v) if (min..=max).contains(&v) => Ok(Some(v)),
            _ => refuse(field, problem),
        },
        _ => refuse(field, problem),
    }
}

/// A decimal string in `currency`; `positive` refuses zero.
fn amount(
    object: &Map<String, Value>,
    key: &str,
    field: &str,
    currency: Currency,
    positive: bool,
) -> Result<Option<Money>, RulesJsonError> {
    let Some(value) = object.get(key) else {
        return Ok(None);
    };
    let problem = format!(
        "must be a decimal string with at most {} decimals, e.g. \"{}\"",
        currency.exponent(),
        if currency.exponent() == 0 { "1200" } else { "12.50" }
    );
    let Value::String(text) = value else {
        return refuse(field, problem);
    };
    let money = match Money::parse(text, currency) {
        Ok(m) => m,
        Err(_) => return refuse(field, problem),
    };
    if positive && money.is_zero() {
        return refuse(field, "must be above zero");
    }
    Ok(Some(money))
}

const CURRENCY_KEYS: [&str; 6] = [
    "minAmount",
    "maxAmount",
    "recurringMonthlyCap",
    "amountChangeFloor",
    "amountChangeMaxPercent",
    "maxPartialRefunds",
];

/// One currency's limits and its partial-refund count, if given.
fn currency_limits(code: &str, value: &Value) -> Result<(CurrencyLimits, Option<u32>), RulesJsonError> {
    let prefix = format!("currencies.{}", label(code));
    let currency: Currency = match code.parse() {
        Ok(c) => c,
        Err(_) => return refuse(prefix, "not a currency Amazon Pay supports"),
    };
    let Value::Object(object) = value else {
        return refuse(prefix, "must be an object");
    };
    check_keys(object, &format!("{prefix}."), &CURRENCY_KEYS)?;
    let field = |key: &str| format!("{prefix}.{key}");
    let min = amount(object, "minAmount", &field("minAmount"), currency, true)?;
    let max = amount(object, "maxAmount", &field("maxAmount"), currency, true)?;
    let cap = amount(
        object,
        "recurringMonthlyCap",
        &field("recurringMonthlyCap"),
        currency,
        true,
    )?;
    let floor = amount(
        object,
        "amountChangeFloor",
        &field("amountChangeFloor"),
        currency,
        false,
    )?;
    let percent = integer(
        object,
        "amountChangeMaxPercent",
        &field("amountChangeMaxPercent"),
        100,
        MAX_CHANGE_PERCENT,
    )?;
    let partial_refunds = integer(
        object,
        "maxPartialRefunds",
        &field("maxPartialRefunds"),
        0,
        MAX_PARTIAL_REFUNDS,
    )?
    .map(|n| n as u32);
    let limits = match CurrencyLimits::default_for(currency) {
        Some(d) => CurrencyLimits {
            min_amount: min.unwrap_or(d.min_amount),
            max_amount: max.unwrap_or(d.max_amount),
            recurring_monthly_cap: cap.unwrap_or(d.recurring_monthly_cap),
            amount_change_floor: floor.unwrap_or(d.amount_change_floor),
            amount_change_max_percent: percent.unwrap_or(d.amount_change_max_percent),
        },
        None => {
            let missing = |key: &str| RulesJsonError {
                field: field(key),
                problem: "is required: this currency has no default limits".into(),
            };
            CurrencyLimits {
                min_amount: min.ok_or_else(|| missing("minAmount"))?,
                max_amount: max.ok_or_else(|| missing("maxAmount"))?,
                recurring_monthly_cap: cap.ok_or_else(|| missing("recurringMonthlyCap"))?,
                amount_change_floor: floor.ok_or_else(|| missing("amountChangeFloor"))?,
                amount_change_max_percent: percent.ok_or_else(|| missing("amountChangeMaxPercent"))?,
            }
        }
    };
    if limits.min_amount.minor() > limits.max_amount.minor() {
        return refuse(field("minAmount"), "is above maxAmount");
    }
    if let Some(amazon_max) = currency.max_per_charge() {
        if limits.max_amount.minor() > amazon_max.minor() {
            return refuse(
                field("maxAmount"),
                format!("is above Amazon's per-charge maximum of {amazon_max}"),
            );
        }
    }
    if limits.recurring_monthly_cap.minor() < limits.min_amount.minor() {
        return refuse(field("recurringMonthlyCap"), "is below minAmount");
    }
    limits.validate().map_err(|e| RulesJsonError {
        field: prefix.clone(),
        problem: e.to_string(),
    })?;
    Ok((limits, partial_refunds))
}

const TOP_KEYS: [&str; 4] = [
    "currencies",
    "captureWindowDays",
    "refundWindowDays",
    "maxPartialRefunds",
];

impl Rules {
    /// Parses a rules document (module docs) over [`Rules::default`]. The result is validated
    /// ([`Rules::validate`]); `month_utc_offset_secs` stays at its default for the caller to set.
    pub fn from_json(text: &str) -> Result<Rules, RulesJsonError> {
        const DOCUMENT: &str = "(document)";
        if text.len() > 64 * 1024 {
            return refuse(DOCUMENT, "is longer than 64 KiB");
        }
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(_) => return refuse(DOCUMENT, "is not JSON"),
        };
        let Value::Object(object) = value else {
            return refuse(DOCUMENT, "must be a JSON object");
        };
        check_keys(&object, "", &TOP_KEYS)?;
        let mut rules = Rules::default();
        if let Some(currencies) = object.get("currencies") {
            let Value::Object(currencies) = currencies else {
                return refuse("currencies", "must be an object keyed by currency code");
            };
            for (code, limits) in currencies {
                let (limits, partial_refunds) = currency_limits(code, limits)?;
                if let Some(n) = partial_refunds {
                    rules.max_partial_refunds_by_currency.insert(limits.currency(), n);
                }
                rules.limits.set(limits).map_err(|e| RulesJsonError {
                    field: format!("currencies.{}", label(code)),
                    problem: e.to_string(),
                })?;
            }
        }
        let days = |key: &str| integer(&object, key, key, 1, MAX_WINDOW_DAYS);
        if let Some(d) = days("captureWindowDays")? {
            rules.capture_window_secs = d as i64 * DAY_SECS;
        }
        if let Some(d) = days("refundWindowDays")? {
            rules.refund_window_secs = d as i64 * DAY_SECS;
        }
        if let Some(n) = integer(
            &object,
            "maxPartialRefunds",
            "maxPartialRefunds",
            0,
            MAX_PARTIAL_REFUNDS,
        )? {
            rules.max_partial_refunds = n as u32;
        }
        rules.validate().map_err(|e| RulesJsonError {
            field: DOCUMENT.into(),
            problem: e.to_string(),
        })?;
        Ok(rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yen(n: u64) -> Money {
        Money::from_minor(n, Currency::Jpy)
    }

    fn refused(text: &str) -> RulesJsonError {
        Rules::from_json(text).unwrap_err()
    }

    fn field_of(text: &str) -> String {
        refused(text).field
    }

    #[test]
    fn empty_document_is_the_seed() {
        assert_eq!(Rules::from_json("{}").unwrap(), Rules::default());
        assert_eq!(
            Rules::from_json(" {\"currencies\": {}} ").unwrap(),
            Rules::default()
        );
    }

    #[test]
    fn overrides_fields_and_keeps_the_rest() {
        let rules = Rules::from_json(
            r#"{"currencies":{"JPY":{"maxAmount":"50000","recurringMonthlyCap":"30000"},
                "USD":{"minAmount":"0.50","amountChangeFloor":"0","amountChangeMaxPercent":150,
                "maxPartialRefunds":0}},
                "captureWindowDays":7,"refundWindowDays":90,"maxPartialRefunds":3}"#,
        )
        .unwrap();
        let jpy = rules.limits_for(Currency::Jpy).unwrap();
        assert_eq!(jpy.max_amount, yen(50_000));
        assert_eq!(jpy.recurring_monthly_cap, yen(30_000));
        assert_eq!(jpy.min_amount, yen(1));
        assert_eq!(jpy.amount_change_floor, yen(70_000));
        assert_eq!(jpy.amount_change_max_percent, 900);
        let usd = rules.limits_for(Currency::Usd).unwrap();
        assert_eq!(usd.min_amount.minor(), 50);
        assert_eq!(usd.max_amount.minor(), 15_000_000);
        assert_eq!(usd.amount_change_max_percent, 150);
        assert!(rules.limits_for(Currency::Eur).is_ok());
        assert_eq!(rules.capture_window_secs, 7 * DAY_SECS);
        assert_eq!(rules.refund_window_secs, 90 * DAY_SECS);
        assert_eq!(rules.max_partial_refunds, 3);
        assert_eq!(rules.max_partial_refunds_for(Currency::Jpy), 3);
        assert_eq!(rules.max_partial_refunds_for(Currency::Usd), 0);
        assert_eq!(rules.max_partial_refunds_for(Currency::Eur), 3);
        // USD takes no partial refund; a full one still goes through.
        let usd = |n| Money::from_minor(n, Currency::Usd);
        let refund = |amount| crate::lifecycle::RefundRequest {
            captured_at: 1_795_429_010,
            captured: usd(10_000),
            refunded_so_far: usd(0),
            refunds_so_far: 0,
            amount: usd(amount),
            now: 1_795_429_010,
        };
        assert_eq!(
            rules.check_refund(&refund(9_999)).unwrap_err().detail_code(),
            "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS"
        );
        assert!(rules.check_refund(&refund(10_000)).is_ok());
        let jpy_refund = crate::lifecycle::RefundRequest {
            captured_at: 1_795_429_010,
            captured: yen(10_000),
            refunded_so_far: yen(300),
            refunds_so_far: 3,
            amount: yen(100),
            now: 1_795_429_010,
        };
        assert_eq!(
            rules.check_refund(&jpy_refund).unwrap_err().detail_code(),
            "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS"
        );
        assert!(rules
            .check_refund(&crate::lifecycle::RefundRequest {
                refunds_so_far: 2,
                ..jpy_refund
            })
            .is_ok());
        assert_eq!(rules.month_utc_offset_secs, 0);
        // The new maximum binds at and one past its edge.
        assert!(rules.check_amount(yen(50_000)).is_ok());
        assert_eq!(
            rules.check_amount(yen(50_001)).unwrap_err().detail_code(),
            "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"
        );
    }

    #[test]
    fn a_currency_without_defaults_needs_every_field() {
        let full = r#"{"currencies":{"CHF":{"minAmount":"1.00","maxAmount":"1000.00",
            "recurringMonthlyCap":"500.00","amountChangeFloor":"0.00","amountChangeMaxPercent":100}}}"#;
        let rules = Rules::from_json(full).unwrap();
        assert_eq!(
            rules.limits_for(Currency::Chf).unwrap().max_amount.minor(),
            100_000
        );
        let e = refused(r#"{"currencies":{"CHF":{"minAmount":"1.00","maxAmount":"1000.00"}}}"#);
        assert_eq!(e.field, "currencies.CHF.recurringMonthlyCap");
        assert!(e.problem.contains("required"), "{e}");
    }

    #[test]
    fn every_refusal_names_its_field() {
        let cases: &[(&str, &str)] = &[
            ("", "(document)"),
            ("[]", "(document)"),
            ("{", "(document)"),
            (r#"{"maxAmount":"1"}"#, "maxAmount"),
            (r#"{"currencies":[]}"#, "currencies"),
            (r#"{"currencies":{"XYZ":{}}}"#, "currencies.XYZ"),
            (r#"{"currencies":{"JPY":"50000"}}"#, "currencies.JPY"),
            (r#"{"currencies":{"JPY":{"max":"1"}}}"#, "currencies.JPY.max"),
            // Amounts: strings only, the currency's decimals, positive.
            (
                r#"{"currencies":{"JPY":{"maxAmount":50000}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":50000.0}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"500.5"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"1.0"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"USD":{"maxAmount":"1.005"}}}"#,
                "currencies.USD.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"-1"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"0"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"1e5"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":" 1"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":null}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"minAmount":"0"}}}"#,
                "currencies.JPY.minAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"minAmount":"-5"}}}"#,
                "currencies.JPY.minAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"recurringMonthlyCap":"0"}}}"#,
                "currencies.JPY.recurringMonthlyCap",
            ),
            (
                r#"{"currencies":{"JPY":{"amountChangeFloor":"-1"}}}"#,
                "currencies.JPY.amountChangeFloor",
            ),
            // Relations.
            (
                r#"{"currencies":{"JPY":{"minAmount":"600","maxAmount":"500"}}}"#,
                "currencies.JPY.minAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"10000001"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"USD":{"maxAmount":"150000.01"}}}"#,
                "currencies.USD.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"minAmount":"100","recurringMonthlyCap":"99"}}}"#,
                "currencies.JPY.recurringMonthlyCap",
            ),
            // Integers.
            (
                r#"{"currencies":{"JPY":{"amountChangeMaxPercent":99}}}"#,
                "currencies.JPY.amountChangeMaxPercent",
            ),
            (
                r#"{"currencies":{"JPY":{"amountChangeMaxPercent":"900"}}}"#,
                "currencies.JPY.amountChangeMaxPercent",
            ),
            (
                r#"{"currencies":{"JPY":{"amountChangeMaxPercent":900.5}}}"#,
                "currencies.JPY.amountChangeMaxPercent",
            ),
            (r#"{"captureWindowDays":0}"#, "captureWindowDays"),
            (r#"{"captureWindowDays":-1}"#, "captureWindowDays"),
            (r#"{"captureWindowDays":1.5}"#, "captureWindowDays"),
            (r#"{"captureWindowDays":"30"}"#, "captureWindowDays"),
            (r#"{"captureWindowDays":3651}"#, "captureWindowDays"),
            // Amazon's time rules are not settings.
            (r#"{"captureExtensionDays":30}"#, "captureExtensionDays"),
            (r#"{"permissionValidityMonths":13}"#, "permissionValidityMonths"),
            (r#"{"refundWindowDays":0}"#, "refundWindowDays"),
            (r#"{"refundWindowDays":99999999999999999999}"#, "refundWindowDays"),
            (r#"{"maxPartialRefunds":-3}"#, "maxPartialRefunds"),
            (r#"{"maxPartialRefunds":2.5}"#, "maxPartialRefunds"),
            (
                r#"{"currencies":{"JPY":{"maxPartialRefunds":-1}}}"#,
                "currencies.JPY.maxPartialRefunds",
            ),
            (
                r#"{"currencies":{"JPY":{"maxPartialRefunds":1001}}}"#,
                "currencies.JPY.maxPartialRefunds",
            ),
            (r#"{"maxPartialRefunds":1001}"#, "maxPartialRefunds"),
        ];
        for (text, field) in cases {
            let e = refused(text);
            assert_eq!(e.field, *field, "{text}: {e}");
        }
    }

    #[test]
    fn messages_never_repeat_values() {
        for text in [
            r#"{"currencies":{"JPY":{"maxAmount":"sekret-7731"}}}"#,
            r#"{"captureWindowDays":"sekret-7731"}"#,
            r#"{"sekret-7731":1}"#,
            r#"{"currencies":{"sekret-7731":{}}}"#,
            r#"{"currencies":{"JPY":{"maxAmount":"77310"}}, "x": 1}"#,
            "sekret-7731",
        ] {
            let e = refused(text).to_string();
            assert!(!e.contains("7731"), "{e}");
        }
        // A plain unknown key is named, so the merchant can find it.
        assert_eq!(field_of(r#"{"captureWindow":1}"#), "captureWindow");
    }
}
