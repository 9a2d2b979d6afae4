//! The isolate's configuration: read from the Worker's environment on the first request, with
//! the private keys imported into WebCrypto (their DER then zeroised) and the ledger binding
//! checked, then kept.

use std::cell::RefCell;
use std::rc::Rc;

use worker::Env;

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;
use super::{Config, Slot};
use crate::{crypto, ledger, log, rate_limit};

thread_local! {
    static CONFIG: RefCell<Option<Rc<Result<Config, ConfigError>>>> = const { RefCell::new(None) };
}

/// The configuration of this isolate, read and checked on the first call; every later call
/// answers the same result (a refused configuration stays refused until the isolate restarts).
pub async fn load(env: &Env) -> Rc<Result<Config, ConfigError>> {
    if let Some(c) = CONFIG.with(|c| c.borrow().clone()) {
        return c;
    }
    let parsed = Config::from_settings(&Settings::from_env(env));
    // The key is imported now, so a key WebCrypto refuses stops the signer from serving; once
    // WebCrypto holds it (non-extractable), its DER is overwritten (the `bench` feature keeps it
    // for the `rsa`-crate comparison).
    let parsed = match parsed {
        Ok(c) => import_keys(c).await,
        Err(e) => Err(e),
    };
    // A live key never runs without the ledger; a sandbox key may (see README.md).
    let has_ledger = env.d1(ledger::BINDING).is_ok();
    let parsed = match parsed {
        Ok(c) if c.is_live() && !has_ledger => Err(ConfigError::new(Setting::Ledger, Reason::NeedsLedger)),
        other => other,
    };
    if let Ok(c) = &parsed {
        if c.is_live() && !rate_limit::is_configured(env) {
            log::event(
                "warn",
                "rate_limit_absent",
                &[(
                    "reason",
                    "no RATE_LIMIT_CLIENT binding: the public routes are not rate limited".into(),
                )],
            );
        }
    }
    if let Err(e) = &parsed {
        log::event("error", "config_invalid", &[("reason", e.to_string().into())]);
    } else if !has_ledger {
        log::event(
            "warn",
            "ledger_absent",
            &[(
                "reason",
                "no LEDGER binding: nothing is recorded (sandbox keys only)".into(),
            )],
        );
    }
    let parsed = Rc::new(parsed);
    CONFIG.with(|c| *c.borrow_mut() = Some(parsed.clone()));
    parsed
}

/// Imports every configured private key into WebCrypto, so a pair WebCrypto refuses stops the
/// signer before it would be used (the next pair of a rotation included); the signing pair's
/// key signs. Once WebCrypto holds them (non-extractable), their DER is overwritten (the
/// `bench` feature keeps the signing one for the `rsa`-crate comparison).
async fn import_keys(mut c: Config) -> Result<Config, ConfigError> {
    for pair in c.keys.pairs() {
        let signs = pair.slot == c.keys.signing.slot;
        if let Err(e) = crypto::import_key(pair.private_key_pkcs8.expose(), signs).await {
            let setting = match pair.slot {
                Slot::Current => Setting::PrivateKey,
                Slot::Next => Setting::NextPrivateKey,
            };
            return Err(ConfigError::new(
                setting,
                Reason::Invalid(format!(
                    "WebCrypto refused the key as an RSA private key ({})",
                    e.0
                )),
            ));
        }
    }
    if let Some(standby) = c.keys.standby.as_mut() {
        standby.private_key_pkcs8.zeroize();
    }
    if !cfg!(feature = "bench") {
        c.keys.signing.private_key_pkcs8.zeroize();
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_setting_is_the_binding() {
        assert_eq!(Setting::Ledger.name(), ledger::BINDING);
    }
}
