//! The merchant API: the bearer token the merchant's backend calls the merchant routes with.

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// The shortest accepted merchant API token, characters.
pub const MIN_TOKEN_LEN: usize = 32;

/// Reads `MERCHANT_API_TOKEN`.
pub fn merchant_token(s: &Settings<'_>) -> Result<Secret, ConfigError> {
    let token = s.required(Setting::MerchantApiToken)?;
    if token.len() < MIN_TOKEN_LEN {
        return Err(ConfigError::new(
            Setting::MerchantApiToken,
            Reason::TooShort {
                min: MIN_TOKEN_LEN,
                unit: "characters",
            },
        ));
    }
    Ok(Secret::new(token.into_bytes()))
}

/// Whether `token` is the merchant API token: compared in constant time, an empty token never
/// matches (the bearer routes and the console's sign-in both ask this).
pub fn token_matches(token: &str, merchant_token: &Secret) -> bool {
    !token.is_empty() && crate::crypto::constant_time_eq(token.as_bytes(), merchant_token.expose())
}
