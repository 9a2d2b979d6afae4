//! Where order amounts come from: the price catalog, signed cart tokens, and (development only)
//! the browser; and the merchant references derived for catalog orders.

use amazon_pay_shared::cart::Catalog;
use amazon_pay_shared::cart_token::MIN_SECRET_LEN;

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// The amount sources.
#[derive(Debug, Clone)]
pub struct AmountSources {
    /// `CATALOG_JSON`.
    pub catalog: Option<Catalog>,
    /// `CART_TOKEN_SECRET`.
    pub cart_token_secret: Option<Secret>,
    /// `CART_TOKEN_MAX_LIFETIME_SECONDS`.
    pub cart_token_max_lifetime: i64,
    /// `ALLOW_CLIENT_AMOUNTS`.
    pub allow_client_amounts: bool,
    /// `ORDER_REFERENCE_PREFIX`.
    pub order_reference_prefix: String,
}

impl AmountSources {
    /// Reads the amount sources; at least one must be trusted or allowed.
    pub fn from_settings(s: &Settings<'_>) -> Result<AmountSources, ConfigError> {
        let catalog = s
            .optional(Setting::CatalogJson)
            .map(|text| {
                Catalog::from_json(&text)
                    .map_err(|e| ConfigError::new(Setting::CatalogJson, Reason::Invalid(e.to_string())))
            })
            .transpose()?;
        // Taken as given (not trimmed): every byte is part of the key.
        let cart_token_secret = match s.raw(Setting::CartTokenSecret).filter(|v| !v.is_empty()) {
            Some(v) if v.len() < MIN_SECRET_LEN => {
                return Err(ConfigError::new(
                    Setting::CartTokenSecret,
                    Reason::TooShort {
                        min: MIN_SECRET_LEN,
                        unit: "bytes",
                    },
                ))
            }
            Some(v) => Some(Secret::new(v.into_bytes())),
            None => None,
        };
        let cart_token_max_lifetime = s.integer(Setting::CartTokenMaxLifetime, 3600, 86_400)? as i64;
        let allow_client_amounts = s.flag(Setting::AllowClientAmounts, false)?;
        if catalog.is_none() && cart_token_secret.is_none() && !allow_client_amounts {
            return Err(ConfigError::new(Setting::CatalogJson, Reason::NoAmountSource));
        }
        let order_reference_prefix = s
            .optional(Setting::OrderReferencePrefix)
            .unwrap_or_else(|| "order-".into());
        if order_reference_prefix.len() > 20
            || !order_reference_prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        {
            return Err(ConfigError::new(
                Setting::OrderReferencePrefix,
                Reason::Malformed("be at most 20 characters of A-Z, a-z, 0-9, '-', '_', '.', ':'".into()),
            ));
        }
        Ok(AmountSources {
            catalog,
            cart_token_secret,
            cart_token_max_lifetime,
            allow_client_amounts,
            order_reference_prefix,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn sources_and_refusals() {
        let secret = " 0123456789abcdef0123456789abcdef ";
        let a = AmountSources::from_settings(&settings(&map(&[("CART_TOKEN_SECRET", secret)]))).unwrap();
        // The secret is taken as given, spaces included.
        assert_eq!(a.cart_token_secret.unwrap().expose(), secret.as_bytes());
        assert_eq!(
            (a.cart_token_max_lifetime, a.order_reference_prefix.as_str()),
            (3600, "order-")
        );
        let e = AmountSources::from_settings(&settings(&map(&[("CART_TOKEN_SECRET", " ")]))).unwrap_err();
        assert_eq!(e.setting, Setting::CartTokenSecret);
        let e = AmountSources::from_settings(&settings(&map(&[]))).unwrap_err();
        assert_eq!(
            (e.setting, e.reason),
            (Setting::CatalogJson, Reason::NoAmountSource)
        );
        let m = map(&[
            ("ALLOW_CLIENT_AMOUNTS", "true"),
            ("ORDER_REFERENCE_PREFIX", "order/"),
        ]);
        let e = AmountSources::from_settings(&settings(&m)).unwrap_err();
        assert_eq!(e.setting, Setting::OrderReferencePrefix);
    }
}
