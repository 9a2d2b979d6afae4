//! The merchant API: the bearer token the merchant's backend calls the merchant routes with,
//! and during a rotation the previous token, still accepted until it is removed.

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// The shortest accepted merchant API token, characters.
pub const MIN_TOKEN_LEN: usize = 32;

/// The accepted bearer tokens.
#[derive(Debug, Clone)]
pub struct MerchantTokens {
    /// `MERCHANT_API_TOKEN`.
    pub current: Secret,
    /// `MERCHANT_API_TOKEN_PREVIOUS`, while the merchant's systems move to the current one.
    pub previous: Option<Secret>,
}

impl MerchantTokens {
    /// Every accepted token, the current one first.
    pub fn all(&self) -> impl Iterator<Item = &Secret> {
        std::iter::once(&self.current).chain(self.previous.as_ref())
    }
}

fn token(s: &Settings<'_>, setting: Setting) -> Result<Option<Secret>, ConfigError> {
    match s.optional(setting) {
        None => Ok(None),
        Some(t) if t.len() < MIN_TOKEN_LEN => Err(ConfigError::new(
            setting,
            Reason::TooShort {
                min: MIN_TOKEN_LEN,
                unit: "characters",
            },
        )),
        Some(t) => Ok(Some(Secret::new(t.into_bytes()))),
    }
}

/// Reads `MERCHANT_API_TOKEN` and `MERCHANT_API_TOKEN_PREVIOUS`.
pub fn merchant_tokens(s: &Settings<'_>) -> Result<MerchantTokens, ConfigError> {
    let current = token(s, Setting::MerchantApiToken)?.ok_or(ConfigError::new(
        Setting::MerchantApiToken,
        Reason::Missing { expected: None },
    ))?;
    let previous = token(s, Setting::MerchantApiTokenPrevious)?;
    if previous.as_ref() == Some(&current) {
        return Err(ConfigError::new(
            Setting::MerchantApiTokenPrevious,
            Reason::Contradicts {
                other: Setting::MerchantApiToken,
                detail: "the previous token equals the current one; remove it or set a new current token"
                    .into(),
            },
        ));
    }
    Ok(MerchantTokens { current, previous })
}

/// Whether `token` is an accepted merchant API token (the bearer routes and the console's
/// sign-in both ask this): every accepted token is compared, each in constant time, so the time
/// does not tell which one matched; an empty token never matches.
pub fn tokens_match(token: &str, tokens: &MerchantTokens) -> bool {
    let matched = tokens.all().fold(false, |any, t| {
        crate::crypto::constant_time_eq(token.as_bytes(), t.expose()) | any
    });
    !token.is_empty() && matched
}

#[cfg(test)]
mod tests {
    use super::super::testing::{map, settings};
    use super::*;

    const A: &str = "mtok-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "mtok-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    #[test]
    fn current_and_previous() {
        let t = merchant_tokens(&settings(&map(&[("MERCHANT_API_TOKEN", A)]))).unwrap();
        assert_eq!(t.all().count(), 1);
        let m = map(&[("MERCHANT_API_TOKEN", B), ("MERCHANT_API_TOKEN_PREVIOUS", A)]);
        let t = merchant_tokens(&settings(&m)).unwrap();
        let all: Vec<_> = t.all().map(|s| s.expose().to_vec()).collect();
        assert_eq!(all, [B.as_bytes(), A.as_bytes()]);
    }

    #[test]
    fn refusals() {
        let refused = |m| merchant_tokens(&settings(&m)).unwrap_err().setting;
        assert_eq!(refused(map(&[])), Setting::MerchantApiToken);
        assert_eq!(
            refused(map(&[("MERCHANT_API_TOKEN_PREVIOUS", A)])),
            Setting::MerchantApiToken
        );
        assert_eq!(
            refused(map(&[
                ("MERCHANT_API_TOKEN", A),
                ("MERCHANT_API_TOKEN_PREVIOUS", "short")
            ])),
            Setting::MerchantApiTokenPrevious
        );
        assert_eq!(
            refused(map(&[
                ("MERCHANT_API_TOKEN", A),
                ("MERCHANT_API_TOKEN_PREVIOUS", A)
            ])),
            Setting::MerchantApiTokenPrevious
        );
    }
}
