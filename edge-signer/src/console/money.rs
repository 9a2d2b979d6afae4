//! Amounts as people read them: the currency's sign and grouped digits from exact minor units
//! (`¥1,200`, `$12.34`, `€1,000.50`), never through a float.

use amazon_pay_shared::money::{Currency, Money};

/// `minor` units of `currency` (a code) for display; an unknown code is written before the
/// plain number.
pub fn format(currency: &str, minor: i64) -> String {
    let Ok(c) = currency.parse::<Currency>() else {
        return format!("{currency} {minor}");
    };
    format_money(Money::from_minor(minor.max(0) as u64, c))
}

/// A decimal string of `currency` (a code), as the services answer amounts, for display; one
/// that does not parse is shown as it is, after the code.
pub fn format_decimal(currency: &str, decimal: &str) -> String {
    match currency.parse::<Currency>().map(|c| Money::parse(decimal, c)) {
        Ok(Ok(m)) => format_money(m),
        _ => format!("{currency} {decimal}"),
    }
}

/// An amount for display.
pub fn format_money(m: Money) -> String {
    let decimal = m.to_decimal_string();
    let (whole, fraction) = match decimal.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (decimal.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = match m.currency().code() {
        "JPY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        other => {
            return format!(
                "{other} {grouped}{}",
                fraction.map(|f| format!(".{f}")).unwrap_or_default()
            )
        }
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The plain decimal an amount field takes (`1200`, `12.34`).
pub fn input(currency: &str, minor: i64) -> String {
    crate::ledger::query::decimal(currency, minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(format("JPY", 1200), "¥1,200");
        assert_eq!(format("JPY", 0), "¥0");
        assert_eq!(format("JPY", 9_999_999), "¥9,999,999");
        assert_eq!(format("USD", 1234), "$12.34");
        assert_eq!(format("USD", 123_456_705), "$1,234,567.05");
        assert_eq!(format("EUR", 100_050), "€1,000.50");
        assert_eq!(format("GBP", 5), "£0.05");
        assert_eq!(format("XXX", 5), "XXX 5");
        assert_eq!(input("USD", 1234), "12.34");
    }
}
