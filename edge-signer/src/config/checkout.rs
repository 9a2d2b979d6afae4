//! The checkout: store id, return URLs, scopes, store name, checkout.js language and flow.

use amazon_pay_shared::api::Scope;
use amazon_pay_shared::money::Currency;
use amazon_pay_shared::payload::{CheckoutSettings, PayloadError};
use amazon_pay_shared::region::Region;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// The button flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Review page: the amount is set at place-order.
    Review,
    /// One-step `ProcessOrder` for `PayOnly`: the amount is in the button payload.
    OneStep,
}

/// The checkout settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// Store id, URLs, scopes, store name; `live` is false here (the configuration as a whole
    /// decides it).
    pub settings: CheckoutSettings,
    /// `CHECKOUT_LANGUAGE`, by default the region's.
    pub language: String,
    /// `CHECKOUT_FLOW`.
    pub flow: Flow,
}

impl Checkout {
    /// Reads the checkout settings; region and ledger currency give the default language.
    pub fn from_settings(
        s: &Settings<'_>,
        region: Region,
        ledger_currency: Currency,
    ) -> Result<Checkout, ConfigError> {
        let default_language = match (region, ledger_currency) {
            (Region::Jp, _) => "ja_JP",
            (Region::Na, _) => "en_US",
            (Region::Eu, Currency::Gbp) => "en_GB",
            (Region::Eu, _) => "de_DE",
        };
        let language = s
            .optional(Setting::CheckoutLanguage)
            .unwrap_or_else(|| default_language.to_owned());
        let language_ok = language.len() == 5
            && language.as_bytes()[2] == b'_'
            && language.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_');
        if !language_ok {
            return Err(ConfigError::new(
                Setting::CheckoutLanguage,
                Reason::Malformed("look like en_US or ja_JP".into()),
            ));
        }

        let settings = CheckoutSettings {
            store_id: s.required(Setting::StoreId)?,
            review_return_url: s.required(Setting::CheckoutReviewReturnUrl)?,
            result_return_url: s.required(Setting::CheckoutResultReturnUrl)?,
            cancel_url: s.optional(Setting::CheckoutCancelUrl),
            scopes: s.scopes(
                Setting::CheckoutScopes,
                &[
                    Scope::Name,
                    Scope::Email,
                    Scope::PhoneNumber,
                    Scope::BillingAddress,
                ],
            )?,
            store_name: s.optional(Setting::StoreName),
            live: false,
        };
        validate(&settings)?;

        let flow = match s.optional(Setting::CheckoutFlow).as_deref() {
            None | Some("review") => Flow::Review,
            Some("oneStep") => Flow::OneStep,
            Some(_) => {
                return Err(ConfigError::new(
                    Setting::CheckoutFlow,
                    Reason::Malformed("be review or oneStep".into()),
                ))
            }
        };
        Ok(Checkout {
            settings,
            language,
            flow,
        })
    }
}

/// Checks the payload settings as Amazon would (with `settings.live`, https URLs), naming the
/// setting at fault.
pub fn validate(settings: &CheckoutSettings) -> Result<(), ConfigError> {
    settings
        .validate()
        .map_err(|e| ConfigError::new(setting_of(&e), Reason::Checkout(e)))
}

/// The setting behind a payload field.
fn setting_of(e: &PayloadError) -> Setting {
    match e {
        PayloadError::InvalidUrl { field, .. } | PayloadError::InsecureUrl { field } => match *field {
            "checkoutReviewReturnUrl" => Setting::CheckoutReviewReturnUrl,
            "checkoutResultReturnUrl" => Setting::CheckoutResultReturnUrl,
            _ => Setting::CheckoutCancelUrl,
        },
        PayloadError::InvalidStoreId => Setting::StoreId,
        _ => Setting::StoreName,
    }
}
