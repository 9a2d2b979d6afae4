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
