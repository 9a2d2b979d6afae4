//! How orders are paid: the payment intent, pending authorizations and amount changes.

use amazon_pay_shared::api::PaymentIntent;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// The payment settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSettings {
    /// `PAYMENT_INTENT`: `Authorize` (default) or `AuthorizeWithCapture`.
    pub intent: PaymentIntent,
    /// `CAN_HANDLE_PENDING_AUTHORIZATION`.
    pub pending_authorization: bool,
    /// `AMOUNT_CHANGE_ENABLED`.
    pub amount_change_enabled: bool,
}

impl PaymentSettings {
    /// Reads the payment settings; a pending authorization needs `Authorize`.
    pub fn from_settings(s: &Settings<'_>) -> Result<PaymentSettings, ConfigError> {
        let intent = match s.optional(Setting::PaymentIntent).as_deref() {
            None | Some("Authorize") => PaymentIntent::Authorize,
            Some("AuthorizeWithCapture") => PaymentIntent::AuthorizeWithCapture,
            Some(_) => {
                return Err(ConfigError::new(
                    Setting::PaymentIntent,
                    Reason::Malformed("be Authorize or AuthorizeWithCapture".into()),
                ))
            }
        };
        let pending_authorization = s.flag(Setting::PendingAuthorization, false)?;
        if pending_authorization && intent != PaymentIntent::Authorize {
            return Err(ConfigError::new(
                Setting::PendingAuthorization,
                Reason::Requires {
                    other: Setting::PaymentIntent,
                    value: "Authorize",
                    why: "Amazon refuses it with AuthorizeWithCapture",
                },
            ));
        }
        Ok(PaymentSettings {
            intent,
            pending_authorization,
            amount_change_enabled: s.flag(Setting::AmountChangeEnabled, false)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn pending_authorization_goes_with_authorize_only() {
        let p = PaymentSettings::from_settings(&settings(&map(&[]))).unwrap();
        assert_eq!(p.intent, PaymentIntent::Authorize);
        assert!(!p.pending_authorization && !p.amount_change_enabled);
        let m = map(&[("CAN_HANDLE_PENDING_AUTHORIZATION", "true")]);
        assert!(
            PaymentSettings::from_settings(&settings(&m))
                .unwrap()
                .pending_authorization
        );
        let m = map(&[
            ("CAN_HANDLE_PENDING_AUTHORIZATION", "true"),
            ("PAYMENT_INTENT", "AuthorizeWithCapture"),
        ]);
        let e = PaymentSettings::from_settings(&settings(&m)).unwrap_err();
        assert_eq!(e.setting, Setting::PendingAuthorization);
        assert!(matches!(
            e.reason,
            Reason::Requires {
                other: Setting::PaymentIntent,
                ..
            }
        ));
    }
}
