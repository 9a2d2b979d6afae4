//! The merchant's account: merchant id, region, environment and ledger currency.

use amazon_pay_shared::money::Currency;
use amazon_pay_shared::region::Region;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// The account settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Amazon merchant id (`AMAZON_PAY_MERCHANT_ID`).
    pub merchant_id: String,
    /// `AMAZON_PAY_REGION`.
    pub region: Region,
    /// `AMAZON_PAY_SANDBOX`.
    pub sandbox: bool,
    /// `AMAZON_PAY_LEDGER_CURRENCY`, by default the region's (`uk` → GBP).
    pub ledger_currency: Currency,
}

impl Account {
    /// Reads the account settings.
    pub fn from_settings(s: &Settings<'_>) -> Result<Account, ConfigError> {
        let merchant_id = s.required(Setting::MerchantId)?;
        if merchant_id.len() > 32 || !merchant_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ConfigError::new(
                Setting::MerchantId,
                Reason::Malformed("be letters and digits".into()),
            ));
        }
        let region_text = s.required(Setting::Region)?;
        let region = Region::parse(&region_text).map_err(|e| invalid(Setting::Region, e))?;
        let sandbox = match s.optional(Setting::Sandbox) {
            None => {
                return Err(ConfigError::new(
                    Setting::Sandbox,
                    Reason::Missing {
                        expected: Some("true or false"),
                    },
                ))
            }
            Some(_) => s.flag(Setting::Sandbox, false)?,
        };
        let ledger_currency = match s.optional(Setting::LedgerCurrency) {
            Some(c) => c
                .parse::<Currency>()
                .map_err(|e| invalid(Setting::LedgerCurrency, e))?,
            None => {
                Region::ledger_currency_for_alias(&region_text).map_err(|e| invalid(Setting::Region, e))?
            }
        };
        region
            .ensure_ledger_currency(ledger_currency)
            .map_err(|e| invalid(Setting::LedgerCurrency, e))?;
        Ok(Account {
            merchant_id,
            region,
            sandbox,
            ledger_currency,
        })
    }
}

fn invalid(setting: Setting, e: impl std::fmt::Display) -> ConfigError {
    ConfigError::new(setting, Reason::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Account, ConfigError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        Account::from_settings(&Settings::from_lookup(move |name| {
            pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        }))
    }

    #[test]
    fn ledger_currency_follows_the_region_alias() {
        let base = [
            ("AMAZON_PAY_MERCHANT_ID", "A2SANDBOXMERCHANT"),
            ("AMAZON_PAY_SANDBOX", "true"),
        ];
        let uk = read(&[base[0], base[1], ("AMAZON_PAY_REGION", "uk")]).unwrap();
        assert_eq!((uk.region, uk.ledger_currency), (Region::Eu, Currency::Gbp));
        let e = read(&[base[0], base[1], ("AMAZON_PAY_REGION", "mars")]).unwrap_err();
        assert_eq!(e.setting, Setting::Region);
        assert!(matches!(e.reason, Reason::Invalid(_)));
        let e = read(&[base[0], ("AMAZON_PAY_REGION", "jp")]).unwrap_err();
        assert_eq!(
            (e.setting, e.to_string().as_str()),
            (Setting::Sandbox, "AMAZON_PAY_SANDBOX is not set (true or false)")
        );
        let e = read(&[
            ("AMAZON_PAY_MERCHANT_ID", "A2-X"),
            base[1],
            ("AMAZON_PAY_REGION", "jp"),
        ])
        .unwrap_err();
        assert_eq!(e.setting, Setting::MerchantId);
    }
}
