//! The sign-in button: return URL, cancel URL and scopes.

use amazon_pay_shared::api::Scope;
use amazon_pay_shared::payload::validate_url;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// The scopes a sign-in button asks for when `SIGNIN_SCOPES` is not set: everything the
/// widget's sign-in page fills into the registration form (name, email, phone, address). Get
/// Buyer returns only the scopes the button was signed with.
pub const DEFAULT_SCOPES: [Scope; 5] = [
    Scope::Name,
    Scope::Email,
    Scope::PhoneNumber,
    Scope::PostalCode,
    Scope::ShippingAddress,
];

/// The sign-in button's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInSettings {
    /// `signInReturnUrl`.
    pub return_url: String,
    /// `signInCancelUrl`.
    pub cancel_url: Option<String>,
    /// `signInScopes`.
    pub scopes: Vec<Scope>,
}

impl SignInSettings {
    /// Reads the sign-in settings.
    pub fn from_settings(s: &Settings<'_>) -> Result<SignInSettings, ConfigError> {
        let sign_in = SignInSettings {
            return_url: s.required(Setting::SignInReturnUrl)?,
            cancel_url: s.optional(Setting::SignInCancelUrl),
            scopes: s.scopes(Setting::SignInScopes, &DEFAULT_SCOPES)?,
        };
        sign_in.validate(false)?;
        Ok(sign_in)
    }

    /// Checks the URLs as Amazon would; `live` demands https.
    pub fn validate(&self, live: bool) -> Result<(), ConfigError> {
        let urls = [
            (Setting::SignInReturnUrl, Some(&self.return_url)),
            (Setting::SignInCancelUrl, self.cancel_url.as_ref()),
        ];
        for (setting, url) in urls {
            if let Some(url) = url {
                validate_url(setting.name(), url, live)
                    .map_err(|e| ConfigError::new(setting, Reason::Url(e)))?;
            }
        }
        Ok(())
    }
}
