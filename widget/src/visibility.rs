//! Show or hide a button by the cart total against the merchant's display limits.
//!
//! The rule is the shop platforms' one: hide when the total is **below** the minimum, and hide
//! when it is **at or above** the maximum. A cart without a known total, or with a total in
//! another currency than a limit, is shown: the signer still decides what it signs.

use amazon_pay_shared::money::Money;
use amazon_pay_shared::wire::DisplayLimits;

use crate::cart::money_code;
use crate::error::{Result, WidgetError};

/// The display limits, validated into exact money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DisplayRule {
    /// Shown from this total on (inclusive).
    pub min_total: Option<Money>,
    /// Hidden from this total on (the button shows only below it).
    pub max_total: Option<Money>,
}

impl DisplayRule {
    /// Validates the wire form from `/v1/config`.
    pub fn from_wire(limits: &DisplayLimits) -> Result<DisplayRule> {
        let parse = |price: &Option<amazon_pay_shared::money::Price>| {
            price
                .as_ref()
                .map(|p| p.to_money())
                .transpose()
                .map_err(|e| WidgetError::ResponseInvalid(format!("displayLimits: {}", money_code(&e))))
        };
        Ok(DisplayRule {
            min_total: parse(&limits.min_total)?,
            max_total: parse(&limits.max_total)?,
        })
    }

    /// True when a button for a cart with this total is shown.
    pub fn shows(&self, total: Option<&Money>) -> bool {
        let Some(total) = total else {
            return true;
        };
        if let Some(min) = &self.min_total {
            if min.currency() == total.currency() && total.minor() < min.minor() {
                return false;
            }
        }
        if let Some(max) = &self.max_total {
            if max.currency() == total.currency() && total.minor() >= max.minor() {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use amazon_pay_shared::money::{Currency, Money, Price};

    use super::*;

    fn yen(amount: &str) -> Money {
        Money::parse(amount, Currency::Jpy).unwrap()
    }

    fn price(amount: &str, currency: &str) -> Option<Price> {
        Some(Price {
            amount: amount.to_owned(),
            currency_code: currency.to_owned(),
        })
    }

    #[test]
    fn shown_from_the_minimum_and_below_the_maximum() {
        let rule = DisplayRule::from_wire(&DisplayLimits {
            min_total: price("1000", "JPY"),
            max_total: price("5000", "JPY"),
        })
        .unwrap();
        assert!(!rule.shows(Some(&yen("999"))));
        assert!(rule.shows(Some(&yen("1000"))));
        assert!(rule.shows(Some(&yen("4999"))));
        assert!(!rule.shows(Some(&yen("5000"))));
        assert!(rule.shows(None), "an unknown total is shown");
    }

    #[test]
    fn a_total_in_another_currency_is_shown() {
        let rule = DisplayRule::from_wire(&DisplayLimits {
            min_total: price("10.00", "USD"),
            max_total: None,
        })
        .unwrap();
        assert!(rule.shows(Some(&yen("1"))));
        assert!(!rule.shows(Some(&Money::parse("9.99", Currency::Usd).unwrap())));
    }

    #[test]
    fn no_limits_show_everything_and_bad_limits_are_refused() {
        let rule = DisplayRule::from_wire(&DisplayLimits {
            min_total: None,
            max_total: None,
        })
        .unwrap();
        assert_eq!(rule, DisplayRule::default());
        assert!(rule.shows(Some(&yen("1"))));
        let e = DisplayRule::from_wire(&DisplayLimits {
            min_total: price("12.5", "JPY"),
            max_total: None,
        })
        .unwrap_err();
        assert_eq!(e.code(), "RESPONSE_INVALID");
    }
}
