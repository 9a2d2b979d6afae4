//! Amount limits per currency, configurable per merchant.
//!
//! Defaults ([`LimitsByCurrency::default`]):
//!
//! | Currency | Min | Max per transaction | Recurring cap (permission, month) | Change floor | Change % |
//! |---|---|---|---|---|---|
//! | JPY | 1 | 9,999,999 | 100,000 | 70,000 | 900 % |
//! | USD, EUR, GBP | 0.01 | 150,000.00 | 150,000.00 | 0.00 | 900 % |
//!
//! JPY comes from the seed (a Japanese provider's limits; its maximum is one yen below
//! Amazon's ¥10,000,000 per charge). The seed is silent on other currencies; their defaults
//! are *this crate's choice*: the maximum is Amazon's documented per-charge maximum
//! ([`Currency::max_per_charge`]), the monthly recurring cap is set to that same figure (no
//! tighter cap is documented, so only the per-charge limit binds until a merchant configures
//! one), and the amount-change floor is zero, so the cap is 9× the first amount. Currencies
//! without a documented per-charge maximum have no default: configure them with
//! [`LimitsByCurrency::set`].

use std::collections::BTreeMap;

use crate::money::{Currency, Money};

use super::errors::LifecycleError;

/// The amount limits of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyLimits {
    /// The smallest amount of one transaction (seed: 1 JPY).
    pub min_amount: Money,
    /// The largest amount of one transaction, tax and shipping included (seed: 9,999,999 JPY).
    pub max_amount: Money,
    /// The most one recurring permission may be charged in one calendar month; cancelled
    /// charges keep counting (seed: 100,000 JPY).
    pub recurring_monthly_cap: Money,
    /// The absolute part of the amount-change cap: a changed amount may reach the higher of
    /// this and [`CurrencyLimits::amount_change_max_percent`] of the first amount
    /// (seed: 70,000 JPY).
    pub amount_change_floor: Money,
    /// The relative part of the amount-change cap, in percent of the first amount (seed: 900).
    pub amount_change_max_percent: u64,
}

impl CurrencyLimits {
    /// The seed's JPY limits.
    pub fn jpy_default() -> CurrencyLimits {
        let jpy = |minor| Money::from_minor(minor, Currency::Jpy);
        CurrencyLimits {
            min_amount: jpy(1),
            max_amount: jpy(9_999_999),
            recurring_monthly_cap: jpy(100_000),
            amount_change_floor: jpy(70_000),
            amount_change_max_percent: 900,
        }
    }

    /// The default limits of a currency (see the module docs), or `None` where this crate has
    /// no documented figure to start from.
    pub fn default_for(currency: Currency) -> Option<CurrencyLimits> {
        if currency == Currency::Jpy {
            return Some(CurrencyLimits::jpy_default());
        }
        if !matches!(currency, Currency::Usd | Currency::Eur | Currency::Gbp) {
            return None;
        }
        let max = currency.max_per_charge()?;
        Some(CurrencyLimits {
            min_amount: Money::from_minor(1, currency),
            max_amount: max,
            recurring_monthly_cap: max,
            amount_change_floor: Money::zero(currency),
            amount_change_max_percent: 900,
        })
    }

    /// The currency of these limits (that of `min_amount`).
    pub fn currency(&self) -> Currency {
        self.min_amount.currency()
    }

    /// Checks the limits are consistent: one currency; `0 < min ≤ max`; `max` within Amazon's
    /// per-charge maximum where one is documented; `min ≤ recurring cap`; `percent ≥ 100`.
    /// (A floor above the maximum is allowed: the amount-change cap never exceeds the maximum.)
    pub fn validate(&self) -> Result<(), LifecycleError> {
        let currency = self.currency();
        for amount in [
            self.max_amount,
            self.recurring_monthly_cap,
            self.amount_change_floor,
        ] {
            if amount.currency() != currency {
                return Err(LifecycleError::CurrencyMismatch {
                    expected: currency,
                    found: amount.currency(),
                });
            }
        }
        let invalid = LifecycleError::InvalidConfiguration;
        if self.min_amount.is_zero() {
            return Err(invalid("the minimum amount must be above zero"));
        }
        if self.min_amount.minor() > self.max_amount.minor() {
            return Err(invalid("the minimum amount is above the maximum"));
        }
        if let Some(amazon_max) = currency.max_per_charge() {
            if self.max_amount.minor() > amazon_max.minor() {
                return Err(invalid("the maximum amount is above Amazon's per-charge maximum"));
            }
        }
        if self.recurring_monthly_cap.minor() < self.min_amount.minor() {
            return Err(invalid("the recurring monthly cap is below the minimum amount"));
        }
        if self.amount_change_max_percent < 100 {
            return Err(invalid("the amount-change multiple is below 100 percent"));
        }
        Ok(())
    }
}

/// Limits per currency: one merchant's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitsByCurrency {
    limits: BTreeMap<Currency, CurrencyLimits>,
}

impl LimitsByCurrency {
    /// No currency configured.
    pub fn empty() -> LimitsByCurrency {
        LimitsByCurrency {
            limits: BTreeMap::new(),
        }
    }

    /// The limits of `currency`, or [`LifecycleError::CurrencyNotConfigured`].
    pub fn get(&self, currency: Currency) -> Result<&CurrencyLimits, LifecycleError> {
        self.limits
            .get(&currency)
            .ok_or(LifecycleError::CurrencyNotConfigured(currency))
    }

    /// Validates and sets the limits of their currency, returning the ones they replace.
    pub fn set(&mut self, limits: CurrencyLimits) -> Result<Option<CurrencyLimits>, LifecycleError> {
        limits.validate()?;
        Ok(self.limits.insert(limits.currency(), limits))
    }

    /// Removes a currency, returning its limits.
    pub fn remove(&mut self, currency: Currency) -> Option<CurrencyLimits> {
        self.limits.remove(&currency)
    }

    /// The configured currencies and their limits, in currency order.
    pub fn iter(&self) -> impl Iterator<Item = &CurrencyLimits> {
        self.limits.values()
    }
}

impl Default for LimitsByCurrency {
    /// JPY from the seed; USD, EUR and GBP from Amazon's per-charge maximums (module docs).
    fn default() -> LimitsByCurrency {
        let limits = Currency::ALL
            .iter()
            .filter_map(|c| CurrencyLimits::default_for(*c).map(|l| (*c, l)))
            .collect();
        LimitsByCurrency { limits }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_cover_jpy_usd_eur_gbp_and_validate() {
        let all = LimitsByCurrency::default();
        let currencies: Vec<_> = all.iter().map(CurrencyLimits::currency).collect();
        assert_eq!(
            currencies,
            [Currency::Jpy, Currency::Usd, Currency::Eur, Currency::Gbp]
        );
        for limits in all.iter() {
            limits.validate().unwrap();
        }
        let jpy = all.get(Currency::Jpy).unwrap();
        assert_eq!(jpy.min_amount.minor(), 1);
        assert_eq!(jpy.max_amount.minor(), 9_999_999);
        assert_eq!(jpy.recurring_monthly_cap.minor(), 100_000);
        assert_eq!(jpy.amount_change_floor.minor(), 70_000);
        assert_eq!(jpy.amount_change_max_percent, 900);
        let usd = all.get(Currency::Usd).unwrap();
        assert_eq!(usd.min_amount.minor(), 1);
        assert_eq!(usd.max_amount.minor(), 15_000_000);
        assert_eq!(usd.recurring_monthly_cap, usd.max_amount);
        assert!(usd.amount_change_floor.is_zero());
        assert_eq!(
            all.get(Currency::Chf).unwrap_err().detail_code(),
            "LIFECYCLE_CURRENCY_NOT_CONFIGURED"
        );
    }

    #[test]
    fn set_validates_and_replaces() {
        let mut all = LimitsByCurrency::empty();
        assert!(all.get(Currency::Jpy).is_err());
        let mut jpy = CurrencyLimits::jpy_default();
        jpy.recurring_monthly_cap = Money::from_minor(300_000, Currency::Jpy);
        assert_eq!(all.set(jpy).unwrap(), None);
        assert_eq!(all.set(CurrencyLimits::jpy_default()).unwrap(), Some(jpy));

        let bad = |f: fn(&mut CurrencyLimits)| {
            let mut limits = CurrencyLimits::jpy_default();
            f(&mut limits);
            LimitsByCurrency::empty().set(limits).unwrap_err().detail_code()
        };
        assert_eq!(
            bad(|l| l.min_amount = Money::zero(Currency::Jpy)),
            "LIFECYCLE_CONFIGURATION_INVALID"
        );
        assert_eq!(
            bad(|l| l.min_amount = Money::from_minor(10_000_000, Currency::Jpy)),
            "LIFECYCLE_CONFIGURATION_INVALID"
        );
        assert_eq!(
            bad(|l| l.max_amount = Money::from_minor(10_000_001, Currency::Jpy)),
            "LIFECYCLE_CONFIGURATION_INVALID"
        );
        assert_eq!(
            bad(|l| l.recurring_monthly_cap = Money::zero(Currency::Jpy)),
            "LIFECYCLE_CONFIGURATION_INVALID"
        );
        assert_eq!(
            bad(|l| l.amount_change_max_percent = 99),
            "LIFECYCLE_CONFIGURATION_INVALID"
        );
        assert_eq!(
            bad(|l| l.max_amount = Money::from_minor(100, Currency::Usd)),
            "LIFECYCLE_CURRENCY_MISMATCH"
        );
        // Amazon's ¥10,000,000 is allowed as a merchant's own maximum; above it is not.
        let mut at_amazon_max = CurrencyLimits::jpy_default();
        at_amazon_max.max_amount = Money::from_minor(10_000_000, Currency::Jpy);
        assert!(at_amazon_max.validate().is_ok());
        assert_eq!(all.remove(Currency::Jpy), Some(CurrencyLimits::jpy_default()));
    }
}
