//! Where order amounts come from: the price catalog, signed cart tokens, and (development only)
//! the browser; and the merchant references derived for catalog orders.
//!
//! During a rotation of `CART_TOKEN_SECRET`, `CART_TOKEN_SECRET_PREVIOUS` holds the old secret:
//! the shop's backend signs with the new one, and tokens it signed before still verify until
//! the previous secret is removed.

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
    /// `CART_TOKEN_SECRET` and `CART_TOKEN_SECRET_PREVIOUS`.
    pub cart_token_secrets: Option<CartTokenSecrets>,
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
        let cart_token_secrets = match (
            secret(s, Setting::CartTokenSecret)?,
            secret(s, Setting::CartTokenSecretPrevious)?,
        ) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    Setting::CartTokenSecret,
                    Reason::Missing {
                        expected: Some("the new secret, while CART_TOKEN_SECRET_PREVIOUS holds the old one"),
                    },
                ))
            }
            (Some(current), Some(previous)) if current == previous => return Err(ConfigError::new(
                Setting::CartTokenSecretPrevious,
                Reason::Contradicts {
                    other: Setting::CartTokenSecret,
                    detail:
                        "the previous secret equals the current one; remove it or set a new current secret"
                            .into(),
                },
            )),
            (Some(current), previous) => Some(CartTokenSecrets { current, previous }),
        };
        let cart_token_max_lifetime = s.integer(Setting::CartTokenMaxLifetime, 3600, 86_400)? as i64;
        let allow_client_amounts = s.flag(Setting::AllowClientAmounts, false)?;
        if catalog.is_none() && cart_token_secrets.is_none() && !allow_client_amounts {
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
            cart_token_secrets,
            cart_token_max_lifetime,
            allow_client_amounts,
            order_reference_prefix,
        })
    }
}

/// The secrets cart tokens are verified with.
#[derive(Debug, Clone)]
pub struct CartTokenSecrets {
    /// `CART_TOKEN_SECRET`: what the shop's backend signs with.
    pub current: Secret,
    /// `CART_TOKEN_SECRET_PREVIOUS`: tokens signed before the rotation.
    pub previous: Option<Secret>,
}

impl CartTokenSecrets {
    /// Every secret a token may be signed with, the current one first.
    pub fn all(&self) -> impl Iterator<Item = &Secret> {
        std::iter::once(&self.current).chain(self.previous.as_ref())
    }
}

/// One cart-token secret, taken as given (not trimmed: every byte is part of the key).
fn secret(s: &Settings<'_>, setting: Setting) -> Result<Option<Secret>, ConfigError> {
    match s.raw(setting).filter(|v| !v.is_empty()) {
        Some(v) if v.len() < MIN_SECRET_LEN => Err(ConfigError::new(
            setting,
            Reason::TooShort {
                min: MIN_SECRET_LEN,
                unit: "bytes",
            },
        )),
        Some(v) => Ok(Some(Secret::new(v.into_bytes()))),
        None => Ok(None),
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
        assert_eq!(a.cart_token_secrets.unwrap().current.expose(), secret.as_bytes());
        assert_eq!(
            (a.cart_token_max_lifetime, a.order_reference_prefix.as_str()),
            (3600, "order-")
        );
        let e = AmountSources::from_settings(&settings(&map(&[("CART_TOKEN_SECRET", " ")]))).unwrap_err();
        assert_eq!(e.setting, Setting::CartTokenSecret);
        let previous = "previous-0123456789abcdef0123456789abcdef";
        let m = map(&[
            ("CART_TOKEN_SECRET", secret),
            ("CART_TOKEN_SECRET_PREVIOUS", previous),
        ]);
        let a = AmountSources::from_settings(&settings(&m)).unwrap();
        let all: Vec<_> = a
            .cart_token_secrets
            .as_ref()
            .unwrap()
            .all()
            .map(|s| s.expose().to_vec())
            .collect();
        assert_eq!(all, [secret.as_bytes(), previous.as_bytes()]);
        let refused = |pairs: &[(&'static str, &str)]| {
            AmountSources::from_settings(&settings(&map(pairs)))
                .unwrap_err()
                .setting
        };
        assert_eq!(
            refused(&[("CART_TOKEN_SECRET_PREVIOUS", previous)]),
            Setting::CartTokenSecret
        );
        assert_eq!(
            refused(&[
                ("CART_TOKEN_SECRET", secret),
                ("CART_TOKEN_SECRET_PREVIOUS", "short")
            ]),
            Setting::CartTokenSecretPrevious
        );
        assert_eq!(
            refused(&[
                ("CART_TOKEN_SECRET", secret),
                ("CART_TOKEN_SECRET_PREVIOUS", secret)
            ]),
            Setting::CartTokenSecretPrevious
        );
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
