//! The button defaults and display limits `/v1/config` hands to the widget.

use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::vocabulary::{ButtonColor, Placement, ProductType};

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Button defaults and display limits for `/v1/config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonSettings {
    /// `PayAndShip` or `PayOnly`.
    pub product_type: ProductType,
    /// Default placement.
    pub placement: Placement,
    /// Colour.
    pub color: ButtonColor,
    /// Hide below this total.
    pub min_total: Option<Money>,
    /// Hide above this total.
    pub max_total: Option<Money>,
}

impl ButtonSettings {
    /// Reads the button settings; the display limits are amounts in the ledger currency.
    pub fn from_settings(s: &Settings<'_>, ledger_currency: Currency) -> Result<ButtonSettings, ConfigError> {
        let limit = |setting: Setting| -> Result<Option<Money>, ConfigError> {
            s.optional(setting)
                .map(|v| {
                    Money::parse(&v, ledger_currency)
                        .map_err(|e| ConfigError::new(setting, Reason::Invalid(e.to_string())))
                })
                .transpose()
        };
        let malformed =
            |setting, must: &'static str| ConfigError::new(setting, Reason::Malformed(must.into()));
        let product_type = match s.optional(Setting::ButtonProductType) {
            None => ProductType::PayAndShip,
            Some(v) => ProductType::parse(&v)
                .filter(|p| ProductType::CHECKOUT.contains(p))
                .ok_or_else(|| malformed(Setting::ButtonProductType, "be PayAndShip or PayOnly"))?,
        };
        let placement = match s.optional(Setting::ButtonPlacement) {
            None => Placement::Cart,
            Some(v) => Placement::parse(&v).ok_or_else(|| {
                malformed(
                    Setting::ButtonPlacement,
                    "be Home, Product, Cart, Checkout or Other",
                )
            })?,
        };
        let color = match s.optional(Setting::ButtonColor) {
            None => ButtonColor::Gold,
            Some(v) => ButtonColor::parse(&v)
                .ok_or_else(|| malformed(Setting::ButtonColor, "be Gold, LightGray or DarkGray"))?,
        };
        let button = ButtonSettings {
            product_type,
            placement,
            color,
            min_total: limit(Setting::ButtonMinTotal)?,
            max_total: limit(Setting::ButtonMaxTotal)?,
        };
        Ok(button)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn defaults_and_refusals() {
        let b = ButtonSettings::from_settings(&settings(&map(&[])), Currency::Jpy).unwrap();
        assert_eq!(
            (b.product_type.as_str(), b.placement.as_str(), b.color.as_str()),
            ("PayAndShip", "Cart", "Gold")
        );
        let m = map(&[("BUTTON_MIN_TOTAL", "100"), ("BUTTON_MAX_TOTAL", "5000")]);
        let b = ButtonSettings::from_settings(&settings(&m), Currency::Jpy).unwrap();
        assert_eq!(b.min_total, Some(Money::from_minor(100, Currency::Jpy)));
        for (k, v, reason_is_malformed) in [
            ("BUTTON_COLOR", "Pink", true),
            ("BUTTON_PLACEMENT", "Footer", true),
            ("BUTTON_PRODUCT_TYPE", "SignIn", true),
            ("BUTTON_MIN_TOTAL", "10.5", false),
        ] {
            let e = ButtonSettings::from_settings(&settings(&map(&[(k, v)])), Currency::Jpy).unwrap_err();
            assert_eq!(e.setting.name(), k);
            assert_eq!(
                matches!(e.reason, Reason::Malformed(_)),
                reason_is_malformed,
                "{e}"
            );
        }
    }
}
