//! The merchant's key pair: the public key id Amazon knows and the private key that signs.

use amazon_pay_shared::keys::pem::private_key_pkcs8_der;
use amazon_pay_shared::region::PublicKeyId;

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// The key settings.
#[derive(Debug, Clone)]
pub struct Keys {
    /// `AMAZON_PAY_PUBLIC_KEY_ID`.
    pub public_key_id: PublicKeyId,
    /// `AMAZON_PAY_PRIVATE_KEY`, as PKCS#8 DER.
    pub private_key_pkcs8: Secret,
}

impl Keys {
    /// Reads the key settings; a PKCS#1 private key is converted to PKCS#8.
    pub fn from_settings(s: &Settings<'_>) -> Result<Keys, ConfigError> {
        let public_key_id = PublicKeyId::parse(&s.required(Setting::PublicKeyId)?)
            .map_err(|e| ConfigError::new(Setting::PublicKeyId, Reason::Invalid(e.to_string())))?;
        let pem = s.required(Setting::PrivateKey)?;
        // Wrangler secrets may hold the PEM with literal "\n" sequences.
        let pem = if pem.contains("\\n") {
            pem.replace("\\n", "\n")
        } else {
            pem
        };
        let der = private_key_pkcs8_der(&pem)
            .map_err(|e| ConfigError::new(Setting::PrivateKey, Reason::Invalid(e.to_string())))?;
        Ok(Keys {
            public_key_id,
            private_key_pkcs8: Secret::new(der),
        })
    }
}
