//! The merchant's key pairs: the public key id Amazon knows and the private key that signs,
//! and during a rotation a second pair registered in Seller Central at the same time.
//!
//! `AMAZON_PAY_PUBLIC_KEY_ID` + `AMAZON_PAY_PRIVATE_KEY` are the current pair,
//! `AMAZON_PAY_NEXT_PUBLIC_KEY_ID` + `AMAZON_PAY_NEXT_PRIVATE_KEY` the next one (both or
//! neither), and `AMAZON_PAY_SIGNING_KEY` (`current`, the default, or `next`) chooses which of
//! them signs. Amazon accepts a signature of any key registered for the merchant, so a Worker
//! version switches from one to the other without a failed request; the pair that does not
//! sign is still parsed and imported (a broken next key is refused before it is used), and the
//! signer's own seals made with either pair stay valid.

use amazon_pay_shared::keys::pem::private_key_pkcs8_der;
use amazon_pay_shared::payload_seal::key_from_secret;
use amazon_pay_shared::region::PublicKeyId;
use zeroize::Zeroize;

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// Which configured pair signs (`AMAZON_PAY_SIGNING_KEY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Slot {
    /// `AMAZON_PAY_PUBLIC_KEY_ID` + `AMAZON_PAY_PRIVATE_KEY`.
    #[default]
    Current,
    /// `AMAZON_PAY_NEXT_PUBLIC_KEY_ID` + `AMAZON_PAY_NEXT_PRIVATE_KEY`.
    Next,
}

impl Slot {
    /// The setting's value for this slot.
    pub const fn as_str(self) -> &'static str {
        match self {
            Slot::Current => "current",
            Slot::Next => "next",
        }
    }

    /// The settings of this slot's pair: key id, then private key.
    const fn settings(self) -> (Setting, Setting) {
        match self {
            Slot::Current => (Setting::PublicKeyId, Setting::PrivateKey),
            Slot::Next => (Setting::NextPublicKeyId, Setting::NextPrivateKey),
        }
    }
}

/// One key pair as the signer holds it.
#[derive(Debug, Clone)]
pub struct KeyPair {
    /// Which settings it was read from.
    pub slot: Slot,
    /// The public key id Amazon knows.
    pub public_key_id: PublicKeyId,
    /// The private key, PKCS#8 DER (the PEM text is zeroised once converted; the DER once
    /// WebCrypto holds the key).
    pub private_key_pkcs8: Secret,
    /// The signer's own HMAC key derived from this private key (one-step seals, sign-in state):
    /// derived here, before the DER is zeroised.
    pub seal_key: Secret,
}

/// The key settings: the pair that signs, and the other one during a rotation.
#[derive(Debug, Clone)]
pub struct Keys {
    /// The pair chosen by `AMAZON_PAY_SIGNING_KEY`.
    pub signing: KeyPair,
    /// The other configured pair, if any.
    pub standby: Option<KeyPair>,
}

impl Keys {
    /// Reads the key settings; a PKCS#1 private key is converted to PKCS#8.
    pub fn from_settings(s: &Settings<'_>) -> Result<Keys, ConfigError> {
        let slot = match s.optional(Setting::SigningKey).as_deref() {
            None | Some("current") => Slot::Current,
            Some("next") => Slot::Next,
            Some(_) => {
                return Err(ConfigError::new(
                    Setting::SigningKey,
                    Reason::Malformed("be current or next".into()),
                ))
            }
        };
        let current = read_pair(s, Slot::Current)?;
        let next = if s.optional(Setting::NextPublicKeyId).is_some()
            || s.optional(Setting::NextPrivateKey).is_some()
        {
            Some(read_pair(s, Slot::Next)?)
        } else if slot == Slot::Next {
            return Err(ConfigError::new(
                Setting::SigningKey,
                Reason::Requires {
                    other: Setting::NextPublicKeyId,
                    value: "and AMAZON_PAY_NEXT_PRIVATE_KEY set",
                    why: "next signs with the next key pair",
                },
            ));
        } else {
            None
        };
        if let Some(n) = &next {
            if n.public_key_id == current.public_key_id {
                return Err(ConfigError::new(
                    Setting::NextPublicKeyId,
                    Reason::Contradicts {
                        other: Setting::PublicKeyId,
                        detail: "the next key pair needs its own public key id".into(),
                    },
                ));
            }
        }
        Ok(match (slot, next) {
            (Slot::Next, Some(next)) => Keys {
                signing: next,
                standby: Some(current),
            },
            (_, next) => Keys {
                signing: current,
                standby: next,
            },
        })
    }

    /// Every configured pair, the signing one first.
    pub fn pairs(&self) -> impl Iterator<Item = &KeyPair> {
        std::iter::once(&self.signing).chain(self.standby.as_ref())
    }
}

/// Reads one slot's pair: both settings are required once the slot is used.
fn read_pair(s: &Settings<'_>, slot: Slot) -> Result<KeyPair, ConfigError> {
    let (id_setting, key_setting) = slot.settings();
    let public_key_id = PublicKeyId::parse(&s.required(id_setting)?)
        .map_err(|e| ConfigError::new(id_setting, Reason::Invalid(e.to_string())))?;
    let pem = s.required(key_setting)?;
    // Wrangler secrets may hold the PEM with literal "\n" sequences.
    let mut pem = if pem.contains("\\n") {
        let mut raw = pem;
        let replaced = raw.replace("\\n", "\n");
        raw.zeroize();
        replaced
    } else {
        pem
    };
    let der = private_key_pkcs8_der(&pem);
    // The PEM text is not kept: only the DER, itself zeroised once WebCrypto holds the key.
    pem.zeroize();
    let der = der.map_err(|e| ConfigError::new(key_setting, Reason::Invalid(e.to_string())))?;
    let seal_key = Secret::new(key_from_secret(&der).to_vec());
    Ok(KeyPair {
        slot,
        public_key_id,
        private_key_pkcs8: Secret::new(der),
        seal_key,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, settings, PEM, PEM_OTHER};
    use super::*;

    fn keys(pairs: &[(&'static str, Option<&str>)]) -> Result<Keys, ConfigError> {
        let mut m = base();
        for (k, v) in pairs {
            match v {
                Some(v) => m.insert(k, (*v).to_owned()),
                None => m.remove(k),
            };
        }
        let parsed = Keys::from_settings(&settings(&m));
        parsed
    }

    #[test]
    fn one_pair_signs_by_default() {
        let k = keys(&[]).unwrap();
        assert_eq!(k.signing.slot, Slot::Current);
        assert_eq!(k.signing.public_key_id.as_str(), "SANDBOX-AKEY");
        assert!(k.standby.is_none());
        assert_eq!(k.signing.seal_key.expose().len(), 32);
    }

    #[test]
    fn the_setting_chooses_which_pair_signs() {
        let next = [
            ("AMAZON_PAY_NEXT_PUBLIC_KEY_ID", Some("SANDBOX-BKEY")),
            ("AMAZON_PAY_NEXT_PRIVATE_KEY", Some(PEM_OTHER)),
        ];
        let k = keys(&next).unwrap();
        assert_eq!(k.signing.public_key_id.as_str(), "SANDBOX-AKEY");
        assert_eq!(k.standby.as_ref().unwrap().public_key_id.as_str(), "SANDBOX-BKEY");
        let mut switched = next.to_vec();
        switched.push(("AMAZON_PAY_SIGNING_KEY", Some("next")));
        let k = keys(&switched).unwrap();
        assert_eq!(
            (k.signing.slot, k.signing.public_key_id.as_str()),
            (Slot::Next, "SANDBOX-BKEY")
        );
        let standby = k.standby.as_ref().unwrap();
        assert_eq!(standby.public_key_id.as_str(), "SANDBOX-AKEY");
        // Each pair seals with a key of its own.
        assert_ne!(k.signing.seal_key.expose(), standby.seal_key.expose());
        assert_eq!(k.pairs().count(), 2);
        let pem_a = keys(&[]).unwrap();
        assert_eq!(pem_a.signing.seal_key.expose(), standby.seal_key.expose());
        assert!(!format!("{k:?}").contains("MII"));
        let _ = PEM;
    }

    #[test]
    fn refusals_name_the_setting() {
        let refused = |pairs: &[(&'static str, Option<&str>)]| keys(pairs).unwrap_err().setting;
        assert_eq!(
            refused(&[("AMAZON_PAY_SIGNING_KEY", Some("next"))]),
            Setting::SigningKey
        );
        assert_eq!(
            refused(&[("AMAZON_PAY_SIGNING_KEY", Some("newest"))]),
            Setting::SigningKey
        );
        assert_eq!(
            refused(&[("AMAZON_PAY_NEXT_PUBLIC_KEY_ID", Some("SANDBOX-BKEY"))]),
            Setting::NextPrivateKey
        );
        assert_eq!(
            refused(&[("AMAZON_PAY_NEXT_PRIVATE_KEY", Some(PEM_OTHER))]),
            Setting::NextPublicKeyId
        );
        assert_eq!(
            refused(&[
                ("AMAZON_PAY_NEXT_PUBLIC_KEY_ID", Some("SANDBOX-BKEY")),
                ("AMAZON_PAY_NEXT_PRIVATE_KEY", Some("not a key")),
            ]),
            Setting::NextPrivateKey
        );
        assert_eq!(
            refused(&[
                ("AMAZON_PAY_NEXT_PUBLIC_KEY_ID", Some("SANDBOX-AKEY")),
                ("AMAZON_PAY_NEXT_PRIVATE_KEY", Some(PEM_OTHER)),
            ]),
            Setting::NextPublicKeyId
        );
    }
}
