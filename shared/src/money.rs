//! Exact money: decimal strings on the wire, integer minor units in arithmetic.
//!
//! Amazon Pay sends and receives prices as `{"amount": "12.50", "currencyCode": "USD"}`.
//! [`Money::parse`] accepts only plain decimal strings (`"1200"`, `"12.5"`, `"12.50"`); it refuses
//! floats in JSON, exponents, signs, `NaN`, whitespace, leading zeros and more fraction digits than
//! the currency has. All arithmetic happens on `u64` minor units and is checked.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error_code::ErrorCode;

/// Why an amount or a currency was refused. [`MoneyError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The amount is not a plain decimal string.
    #[error("amount {0:?} is not a plain decimal number (digits with an optional '.' and fraction)")]
    Malformed(String),
    /// The amount has more fraction digits than the currency allows.
    #[error("amount {amount:?} has more than {exponent} decimal place(s) allowed for {currency}")]
    TooManyDecimals {
        /// The refused input.
        amount: String,
        /// The currency's exponent.
        exponent: u32,
        /// The currency.
        currency: Currency,
    },
    /// The amount does not fit the supported range.
    #[error("amount {0:?} is too large")]
    Overflow(String),
    /// The amount is above the per-charge maximum.
    #[error("amount {amount} is above the per-charge maximum of {maximum}")]
    AboveMaximum {
        /// The refused amount.
        amount: Money,
        /// The maximum for that currency.
        maximum: Money,
    },
    /// The amount is zero where a positive amount is needed.
    #[error("amount must be greater than zero")]
    Zero,
    /// The currency code is not one Amazon Pay supports.
    #[error("unsupported currency code {0:?}")]
    UnsupportedCurrency(String),
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: {0} and {1}")]
    CurrencyMismatch(Currency, Currency),
    /// A subtraction would go below zero.
    #[error("result would be negative")]
    Negative,
}

impl MoneyError {
    /// The stable code of this error, as the edge signer answers it (e.g. `AMOUNT_ZERO`).
    pub fn code(&self) -> ErrorCode {
        match self {
            MoneyError::Malformed(_) => ErrorCode::AmountMalformed,
            MoneyError::TooManyDecimals { .. } => ErrorCode::AmountTooManyDecimals,
            MoneyError::Overflow(_) => ErrorCode::AmountOverflow,
            MoneyError::AboveMaximum { .. } => ErrorCode::AmountAboveMaximum,
            MoneyError::Zero => ErrorCode::AmountZero,
            MoneyError::UnsupportedCurrency(_) => ErrorCode::CurrencyUnsupported,
            MoneyError::CurrencyMismatch(..) => ErrorCode::CurrencyMismatch,
            MoneyError::Negative => ErrorCode::AmountNegative,
        }
    }
}

macro_rules! currencies {
    ($($variant:ident => $code:literal, $exp:literal;)*) => {
        /// An ISO 4217 currency that Amazon Pay accepts, as a ledger or presentment currency.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Currency {
            $(
                #[doc = concat!("`", $code, "`")]
                $variant,
            )*
        }

        impl Currency {
            /// Every supported currency.
            pub const ALL: &'static [Currency] = &[$(Currency::$variant),*];

            /// The ISO 4217 code.
            pub fn code(self) -> &'static str {
                match self { $(Currency::$variant => $code),* }
            }

            /// Number of fraction digits (JPY 0, the others 2).
            pub fn exponent(self) -> u32 {
                match self { $(Currency::$variant => $exp),* }
            }
        }

        impl FromStr for Currency {
            type Err = MoneyError;
            fn from_str(s: &str) -> Result<Self, MoneyError> {
                match s {
                    $($code => Ok(Currency::$variant),)*
                    other => Err(MoneyError::UnsupportedCurrency(other.chars().take(16).collect())),
                }
            }
        }
    };
}

currencies! {
    Jpy => "JPY", 0;
    Usd => "USD", 2;
    Eur => "EUR", 2;
    Gbp => "GBP", 2;
    Aud => "AUD", 2;
    Chf => "CHF", 2;
    Dkk => "DKK", 2;
    Hkd => "HKD", 2;
    Nok => "NOK", 2;
    Nzd => "NZD", 2;
    Sek => "SEK", 2;
    Zar => "ZAR", 2;
}

impl Currency {
    /// `10^exponent`: minor units in one major unit.
    pub fn minor_per_major(self) -> u64 {
        10u64.pow(self.exponent())
    }

    /// Amazon Pay's maximum for one charge in this currency, where one is documented:
    /// USD, EUR and GBP 150,000; JPY 10,000,000.
    pub fn max_per_charge(self) -> Option<Money> {
        let major = match self {
            Currency::Usd | Currency::Eur | Currency::Gbp => 150_000,
            Currency::Jpy => 10_000_000,
            _ => return None,
        };
        Some(Money::from_minor(major * self.minor_per_major(), self))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The largest number of integer digits accepted; 10^15 minor units fit `u64` with room to add.
const MAX_INTEGER_DIGITS: usize = 15;

/// An exact, non-negative amount of one currency, held in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: u64,
    currency: Currency,
}

impl Money {
    /// An amount from minor units (yen, cents).
    pub fn from_minor(minor: u64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Zero of a currency.
    pub fn zero(currency: Currency) -> Money {
        Money::from_minor(0, currency)
    }

    /// Parses a plain decimal string: ASCII digits, optionally a `.` followed by at most
    /// `currency.exponent()` digits. No sign, exponent, whitespace or leading zero (`"0"` and
    /// `"0.5"` are fine).
    pub fn parse(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
        let malformed = || MoneyError::Malformed(truncate(amount));
        let (int_part, frac_part) = match amount.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (amount, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int_part) || frac_part.is_some_and(|f| !all_digits(f)) {
            return Err(malformed());
        }
        if int_part.len() > 1 && int_part.starts_with('0') {
            return Err(malformed());
        }
        if int_part.len() > MAX_INTEGER_DIGITS {
            return Err(MoneyError::Overflow(truncate(amount)));
        }
        let exponent = currency.exponent();
        let frac = frac_part.unwrap_or("");
        if frac.len() > exponent as usize {
            return Err(MoneyError::TooManyDecimals {
                amount: truncate(amount),
                exponent,
                currency,
            });
        }
        let mut minor: u64 = int_part.parse().map_err(|_| malformed())?;
        for i in 0..exponent as usize {
            let digit = frac.as_bytes().get(i).map_or(0, |b| u64::from(b - b'0'));
            minor = minor * 10 + digit;
        }
        Ok(Money { minor, currency })
    }

    /// Parses an amount for one charge: well-formed, above zero and within the currency's
    /// per-charge maximum ([`Currency::max_per_charge`]).
    pub fn parse_charge(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
        let money = Money::parse(amount, currency)?;
        money.ensure_chargeable()?;
        Ok(money)
    }

    /// Checks that this amount can be one charge: above zero, within the per-charge maximum.
    pub fn ensure_chargeable(&self) -> Result<(), MoneyError> {
        if self.minor == 0 {
            return Err(MoneyError::Zero);
        }
        match self.currency.max_per_charge() {
            Some(maximum) if self.minor > maximum.minor => Err(MoneyError::AboveMaximum {
                amount: *self,
                maximum,
            }),
            _ => Ok(()),
        }
    }

    /// Minor units (yen, cents).
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// True for a zero amount.
    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// The canonical decimal string, with exactly `exponent` fraction digits (`"1200"`, `"12.50"`).
    pub fn to_decimal_string(&self) -> String {
        let exponent = self.currency.exponent();
        if exponent == 0 {
            return self.minor.to_string();
        }
        let per = self.currency.minor_per_major();
        format!(
            "{}.{:0width$}",
            self.minor / per,
            self.minor % per,
            width = exponent as usize
        )
    }

    /// `self + other`, same currency, no overflow.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} + {other}")))?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// `self - other`, same currency, never below zero.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self.minor.checked_sub(other.minor).ok_or(MoneyError::Negative)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// `self × factor` (a quantity), no overflow.
    pub fn checked_mul(&self, factor: u64) -> Result<Money, MoneyError> {
        let minor = self
            .minor
            .checked_mul(factor)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} × {factor}")))?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// `self × numerator / denominator`, rounded down, for percentage rules (e.g. 9× or 15%).
    pub fn checked_mul_div_floor(&self, numerator: u64, denominator: u64) -> Result<Money, MoneyError> {
        if denominator == 0 {
            return Err(MoneyError::Overflow(format!("{self} / 0")));
        }
        let minor = u128::from(self.minor) * u128::from(numerator) / u128::from(denominator);
        let minor =
            u64::try_from(minor).map_err(|_| MoneyError::Overflow(format!("{self} × {numerator}")))?;
        Ok(Money::from_minor(minor, self.currency))
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// The wire form.
    pub fn to_price(&self) -> Price {
        Price {
            amount: self.to_decimal_string(),
            currency_code: self.currency.code().to_owned(),
        }
    }
}

impl PartialOrd for Money {
    /// Amounts of different currencies are not ordered.
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (self.currency == other.currency).then(|| self.minor.cmp(&other.minor))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency)
    }
}

/// Amazon Pay's price object as it travels: a decimal string and a currency code.
///
/// The amount is a JSON string; a JSON number is a deserialization error, so floats never
/// enter. Use [`Price::to_money`] to validate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Price {
    /// Decimal string, e.g. `"1200"` or `"12.50"`.
    pub amount: String,
    /// ISO 4217 code, e.g. `"JPY"`.
    pub currency_code: String,
}

impl Price {
    /// Validates the price into exact money.
    pub fn to_money(&self) -> Result<Money, MoneyError> {
        let currency: Currency = self.currency_code.parse()?;
        Money::parse(&self.amount, currency)
    }
}

impl From<Money> for Price {
    fn from(m: Money) -> Price {
        m.to_price()
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals_per_exponent() {
        assert_eq!(Money::parse("1200", Currency::Jpy).unwrap().minor(), 1200);
        assert_eq!(Money::parse("0", Currency::Jpy).unwrap().minor(), 0);
        assert_eq!(Money::parse("12.5", Currency::Usd).unwrap().minor(), 1250);
        assert_eq!(Money::parse("12.50", Currency::Eur).unwrap().minor(), 1250);
        assert_eq!(Money::parse("0.01", Currency::Gbp).unwrap().minor(), 1);
        assert_eq!(Money::parse("7", Currency::Usd).unwrap().minor(), 700);
    }

    #[test]
    fn refuses_everything_that_is_not_a_plain_decimal() {
        for bad in [
            "",
            " 1",
            "1 ",
            "+1",
            "-1",
            "1e3",
            "1E3",
            "NaN",
            "nan",
            "Infinity",
            "inf",
            "0x10",
            "1,000",
            ".5",
            "5.",
            "1..2",
            "1.2.3",
            "01",
            "00",
            "١٢",
            "1_000",
            "12.5\u{0}",
        ] {
            let err = Money::parse(bad, Currency::Usd).unwrap_err();
            assert_eq!(err.code(), ErrorCode::AmountMalformed, "{bad:?} gave {err:?}");
        }
    }

    #[test]
    fn refuses_fractional_yen_and_extra_cents() {
        let e = Money::parse("1.5", Currency::Jpy).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmountTooManyDecimals);
        let e = Money::parse("1.0", Currency::Jpy).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmountTooManyDecimals);
        let e = Money::parse("1.005", Currency::Usd).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmountTooManyDecimals);
    }

    #[test]
    fn refuses_absurd_lengths_without_overflowing() {
        let e = Money::parse("9999999999999999", Currency::Usd).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmountOverflow);
        assert!(Money::parse("999999999999999.99", Currency::Usd).is_ok());
    }

    #[test]
    fn per_charge_maximum_is_inclusive() {
        assert!(Money::parse_charge("10000000", Currency::Jpy).is_ok());
        let e = Money::parse_charge("10000001", Currency::Jpy).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmountAboveMaximum);
        assert!(Money::parse_charge("150000.00", Currency::Usd).is_ok());
        assert_eq!(
            Money::parse_charge("150000.01", Currency::Usd)
                .unwrap_err()
                .code(),
            ErrorCode::AmountAboveMaximum
        );
        assert!(Money::parse_charge("150000", Currency::Eur).is_ok());
        assert!(Money::parse_charge("150000.01", Currency::Gbp).is_err());
        assert_eq!(
            Money::parse_charge("0", Currency::Jpy).unwrap_err().code(),
            ErrorCode::AmountZero
        );
        assert_eq!(
            Money::parse_charge("0.00", Currency::Usd).unwrap_err().code(),
            ErrorCode::AmountZero
        );
    }

    #[test]
    fn formats_canonically() {
        assert_eq!(
            Money::from_minor(1250, Currency::Usd).to_decimal_string(),
            "12.50"
        );
        assert_eq!(Money::from_minor(5, Currency::Eur).to_decimal_string(), "0.05");
        assert_eq!(Money::from_minor(1200, Currency::Jpy).to_decimal_string(), "1200");
        assert_eq!(Money::from_minor(1200, Currency::Jpy).to_string(), "1200 JPY");
    }

    #[test]
    fn arithmetic_is_checked() {
        let a = Money::from_minor(1000, Currency::Jpy);
        let b = Money::from_minor(300, Currency::Jpy);
        assert_eq!(a.checked_add(&b).unwrap().minor(), 1300);
        assert_eq!(a.checked_sub(&b).unwrap().minor(), 700);
        assert_eq!(b.checked_sub(&a).unwrap_err(), MoneyError::Negative);
        assert_eq!(a.checked_mul(3).unwrap().minor(), 3000);
        assert_eq!(
            Money::from_minor(u64::MAX, Currency::Jpy)
                .checked_mul(2)
                .unwrap_err()
                .code(),
            ErrorCode::AmountOverflow
        );
        let usd = Money::from_minor(1, Currency::Usd);
        assert_eq!(
            a.checked_add(&usd).unwrap_err().code(),
            ErrorCode::CurrencyMismatch
        );
        assert_eq!(a.partial_cmp(&usd), None);
        assert_eq!(
            Money::from_minor(1000, Currency::Usd)
                .checked_mul_div_floor(15, 100)
                .unwrap()
                .minor(),
            150
        );
    }

    #[test]
    fn price_rejects_json_numbers_and_unknown_currencies() {
        assert!(serde_json::from_str::<Price>(r#"{"amount":12.5,"currencyCode":"USD"}"#).is_err());
        let p: Price = serde_json::from_str(r#"{"amount":"12.5","currencyCode":"USD"}"#).unwrap();
        assert_eq!(p.to_money().unwrap().minor(), 1250);
        let p: Price = serde_json::from_str(r#"{"amount":"1","currencyCode":"XXX"}"#).unwrap();
        assert_eq!(p.to_money().unwrap_err().code(), ErrorCode::CurrencyUnsupported);
        assert_eq!(
            serde_json::to_string(&Money::from_minor(1250, Currency::Usd).to_price()).unwrap(),
            r#"{"amount":"12.50","currencyCode":"USD"}"#
        );
    }

    #[test]
    fn currency_table() {
        assert_eq!(Currency::Jpy.exponent(), 0);
        for c in [Currency::Usd, Currency::Eur, Currency::Gbp] {
            assert_eq!(c.exponent(), 2);
        }
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>().unwrap(), *c);
        }
        assert!("jpy".parse::<Currency>().is_err());
    }
}
