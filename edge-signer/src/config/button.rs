//! The button defaults and display limits `/v1/config` hands to the widget.

use amazon_pay_shared::money::{Currency, Money};
pub use amazon_pay_shared::wire::PLACEMENTS;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Button colours checkout.js knows.
pub const COLORS: [&str; 3] = ["Gold", "LightGray", "DarkGray"];

/// Button defaults and display limits for `/v1/config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonSettings {
    /// `PayAndShip` or `PayOnly`.
    pub product_type: String,
    /// Default placement.
    pub placement: String,
    /// Colour.
    pub color: String,
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
        let button = ButtonSettings {
            product_type: s
                .optional(Setting::ButtonProductType)
                .unwrap_or_else(|| "PayAndShip".into()),
            placement: s
                .optional(Setting::ButtonPlacement)
                .unwrap_or_else(|| "Cart".into()),
            color: s.optional(Setting::ButtonColor).unwrap_or_else(|| "Gold".into()),
            min_total: limit(Setting::ButtonMinTotal)?,
            max_total: limit(Setting::ButtonMaxTotal)?,
        };
        let malformed =
            |setting, must: &'static str| Err(ConfigError::new(setting, Reason::Malformed(must.into())));
        if !["PayAndShip", "PayOnly"].contains(&button.product_type.as_str()) {
            return malformed(Setting::ButtonProductType, "be PayAndShip or PayOnly");
        }
        if !PLACEMENTS.contains(&button.placement.as_str()) {
            return malformed(
                Setting::ButtonPlacement,
                "be Home, Product, Cart, Checkout or Other",
            );
        }
        if !COLORS.contains(&button.color.as_str()) {
            return malformed(Setting::ButtonColor, "be Gold, LightGray or DarkGray");
        }
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
