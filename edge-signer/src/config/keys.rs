//! The merchant's key pair: the public key id Amazon knows and the private key that signs.

use amazon_pay_shared::keys::pem::private_key_pkcs8_der;
use amazon_pay_shared::region::PublicKeyId;
use zeroize::Zeroize;

use super::error::{ConfigError, Reason};
use super::secret::Secret;
use super::setting::Setting;
use super::settings::Settings;

/// The key settings.
#[derive(Debug, Clone)]
pub struct Keys {
    /// `AMAZON_PAY_PUBLIC_KEY_ID`.
    pub public_key_id: PublicKeyId,
    /// `AMAZON_PAY_PRIVATE_KEY`, as PKCS#8 DER (the PEM text is zeroised once converted).
    pub private_key_pkcs8: Secret,
}

impl Keys {
    /// Reads the key settings; a PKCS#1 private key is converted to PKCS#8.
    pub fn from_settings(s: &Settings<'_>) -> Result<Keys, ConfigError> {
        let public_key_id = PublicKeyId::parse(&s.required(Setting::PublicKeyId)?)
            .map_err(|e| ConfigError::new(Setting::PublicKeyId, Reason::Invalid(e.to_string())))?;
        let pem = s.required(Setting::PrivateKey)?;
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
        let der = der.map_err(|e| ConfigError::new(Setting::PrivateKey, Reason::Invalid(e.to_string())))?;
        Ok(Keys {
            public_key_id,
            private_key_pkcs8: Secret::new(der),
        })
    }
}
