//! Money rules on top of [`amazon_pay_shared::money`]: parsing request prices into exact
//! amounts, the per-charge maximum, the ledger currency of a region, and the allowance above
//! an authorised or captured amount.
//!
//! The allowance (overcharge on capture when the session allowed it, and the refund overage)
//! is 15 % of the base amount or a fixed cap, whichever is less. The cap is 75 major units
//! (documented for USD, EUR and GBP; used for every two-decimal currency) and ¥8,400 for JPY.

use amazon_pay_shared::money::{Currency, Money, MoneyError, Price};
use amazon_pay_shared::region::Region;

use super::errors;
use crate::error::ApiError;

/// Parses a price (already format-checked by `validate()`), naming the field on failure.
pub fn parse(field: &str, price: &Price) -> Result<Money, ApiError> {
    price.to_money().map_err(|e| errors::invalid_value(field, e))
}

/// Parses a price that one charge, capture or refund may carry: above zero and within the
/// currency's per-charge maximum (USD/EUR/GBP 150,000, JPY 10,000,000).
pub fn chargeable(field: &str, price: &Price) -> Result<Money, ApiError> {
    let money = parse(field, price)?;
    money
        .ensure_chargeable()
        .map_err(|e| errors::invalid_value(field, e))?;
    Ok(money)
}

/// Refuses an amount whose currency is not the expected one (`CurrencyMismatch`).
pub fn same_currency(field: &str, money: &Money, expected: Currency) -> Result<(), ApiError> {
    if money.currency() == expected {
        Ok(())
    } else {
        Err(errors::currency_mismatch(
            field,
            money.currency().code(),
            expected.code(),
        ))
    }
}

/// Whether a region's merchants can hold this ledger currency (US: USD; EU: EUR or GBP;
/// JP: JPY). Unknown region: any.
pub fn is_ledger_currency(region: Option<Region>, currency: Currency) -> bool {
    region.is_none_or(|r| r.ledger_currencies().contains(&currency))
}

/// The fixed cap of the allowance for a currency.
pub fn allowance_cap(currency: Currency) -> Money {
    match currency {
        Currency::Jpy => Money::from_minor(8_400, currency),
        other => Money::from_minor(75 * other.minor_per_major(), other),
    }
}

/// How far above `base` a capture (with overcharge allowed) or the refunds may go:
/// min(15 % of base rounded down, [`allowance_cap`]).
pub fn allowance(base: &Money) -> Result<Money, ApiError> {
    let pct = base.checked_mul_div_floor(15, 100).map_err(internal)?;
    let cap = allowance_cap(base.currency());
    Ok(if pct.minor() < cap.minor() { pct } else { cap })
}

/// `a + b` with overflow as an internal error.
pub fn add(a: &Money, b: &Money) -> Result<Money, ApiError> {
    a.checked_add(b).map_err(internal)
}

/// `a - b`, zero when it would go below zero.
pub fn saturating_sub(a: &Money, b: &Money) -> Money {
    a.checked_sub(b).unwrap_or_else(|_| Money::zero(a.currency()))
}

/// Sums amounts of one currency.
pub fn sum<'a>(currency: Currency, amounts: impl IntoIterator<Item = &'a Price>) -> Result<Money, ApiError> {
    let mut total = Money::zero(currency);
    for p in amounts {
        let m = p.to_money().map_err(internal)?;
        total = add(&total, &m)?;
    }
    Ok(total)
}

fn internal(e: MoneyError) -> ApiError {
    errors::internal(format!("amount arithmetic failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowance_is_the_lesser_of_15_percent_and_the_cap() {
        let usd = |m| Money::from_minor(m, Currency::Usd);
        assert_eq!(allowance(&usd(10_000)).unwrap(), usd(1_500));
        assert_eq!(allowance(&usd(100_000)).unwrap(), usd(7_500));
        let jpy = |m| Money::from_minor(m, Currency::Jpy);
        assert_eq!(allowance(&jpy(1_000)).unwrap(), jpy(150));
        assert_eq!(allowance(&jpy(1_000_000)).unwrap(), jpy(8_400));
        assert_eq!(allowance(&jpy(7)).unwrap(), jpy(1));
    }

    #[test]
    fn ledger_currencies() {
        assert!(is_ledger_currency(Some(Region::Jp), Currency::Jpy));
        assert!(!is_ledger_currency(Some(Region::Jp), Currency::Usd));
        assert!(is_ledger_currency(Some(Region::Eu), Currency::Gbp));
        assert!(is_ledger_currency(None, Currency::Usd));
    }
}
