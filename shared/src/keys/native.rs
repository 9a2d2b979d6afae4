//! The native RSA-PSS implementation, on the pure-Rust `rsa` crate.

use std::fmt;

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::pss::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;

use super::pem::{self, PemKind};
use super::{KeyError, RsaPkcs1Verify, RsaPssSign, RsaPssVerify};

/// An RSA private key. `Debug` and `Display` show its size only.
#[derive(Clone)]
pub struct PrivateKey {
    key: RsaPrivateKey,
}

impl PrivateKey {
    /// Reads a PEM private key in PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(text: &str) -> Result<PrivateKey, KeyError> {
        let block = pem::decode(text)?;
        let key = match block.kind {
            PemKind::Pkcs8Private => {
                RsaPrivateKey::from_pkcs8_der(&block.der).map_err(|_| KeyError::InvalidKey)?
            }
            PemKind::Pkcs1Private => {
                RsaPrivateKey::from_pkcs1_der(&block.der).map_err(|_| KeyError::InvalidKey)?
            }
            PemKind::SpkiPublic | PemKind::Pkcs1Public => {
                return Err(KeyError::WrongKind { expected: "private" })
            }
        };
        key.validate().map_err(|_| KeyError::InvalidKey)?;
        Ok(PrivateKey { key })
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            key: self.key.to_public_key(),
        }
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.size() * 8
    }

    /// PKCS#8 PEM (`BEGIN PRIVATE KEY`), the form Seller Central hands out.
    pub fn to_pkcs8_pem(&self) -> Result<String, KeyError> {
        let der = self.key.to_pkcs8_der().map_err(|_| KeyError::InvalidKey)?;
        Ok(pem::encode("PRIVATE KEY", der.as_bytes()))
    }
}

impl RsaPssSign for PrivateKey {
    fn sign_pss_sha256(&self, salt_len: usize, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let signer = SigningKey::<Sha256>::new_with_salt_len(self.key.clone(), salt_len);
        let signature = signer
            .try_sign_with_rng(&mut rsa::rand_core::OsRng, message)
            .map_err(|_| KeyError::Operation)?;
        Ok(signature.to_vec())
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey {{ bits: {}, material: <redacted> }}", self.bits())
    }
}

impl fmt::Display for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RSA-{} private key (redacted)", self.bits())
    }
}

/// An RSA public key.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: RsaPublicKey,
}

impl PublicKey {
    /// Reads a PEM public key in SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`) form.
    /// A private key PEM is accepted too and yields its public half.
    pub fn from_pem(text: &str) -> Result<PublicKey, KeyError> {
        let block = pem::decode(text)?;
        let key = match block.kind {
            PemKind::SpkiPublic => {
                RsaPublicKey::from_public_key_der(&block.der).map_err(|_| KeyError::InvalidKey)?
            }
            PemKind::Pkcs1Public => {
                RsaPublicKey::from_pkcs1_der(&block.der).map_err(|_| KeyError::InvalidKey)?
            }
            PemKind::Pkcs8Private | PemKind::Pkcs1Private => {
                return Ok(PrivateKey::from_pem(text)?.public_key());
            }
        };
        Ok(PublicKey { key })
    }

    /// A public key from SPKI DER (e.g. taken out of an X.509 certificate).
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, KeyError> {
        let key = RsaPublicKey::from_public_key_der(der).map_err(|_| KeyError::InvalidKey)?;
        Ok(PublicKey { key })
    }

    /// SPKI PEM (`BEGIN PUBLIC KEY`).
    pub fn to_spki_pem(&self) -> Result<String, KeyError> {
        let der = self.key.to_public_key_der().map_err(|_| KeyError::InvalidKey)?;
        Ok(pem::encode("PUBLIC KEY", der.as_bytes()))
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.size() * 8
    }
}

impl RsaPssVerify for PublicKey {
    fn verify_pss_sha256(&self, salt_len: usize, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = Signature::try_from(signature) else {
            return false;
        };
        VerifyingKey::<Sha256>::new_with_salt_len(self.key.clone(), salt_len)
            .verify(message, &signature)
            .is_ok()
    }
}

impl RsaPkcs1Verify for PublicKey {
    fn verify_pkcs1v15_sha1(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return false;
        };
        rsa::pkcs1v15::VerifyingKey::<sha1::Sha1>::new(self.key.clone())
            .verify(message, &signature)
            .is_ok()
    }

    fn verify_pkcs1v15_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return false;
        };
        rsa::pkcs1v15::VerifyingKey::<Sha256>::new(self.key.clone())
            .verify(message, &signature)
            .is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey {{ bits: {} }}", self.bits())
    }
}

/// Generates a new RSA key pair of `bits` bits (2048 is what Seller Central issues).
pub fn generate(bits: usize) -> Result<PrivateKey, KeyError> {
    let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits).map_err(|_| KeyError::Operation)?;
    Ok(PrivateKey { key })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../../tests/data/keys/merchant-pkcs8.pem");
    const PKCS1: &str = include_str!("../../tests/data/keys/merchant-pkcs1.pem");
    const SPKI: &str = include_str!("../../tests/data/keys/merchant-public.pem");
    const PKCS1_PUB: &str = include_str!("../../tests/data/keys/merchant-public-pkcs1.pem");
    const OTHER_SPKI: &str = include_str!("../../tests/data/keys/other-public.pem");

    #[test]
    fn both_private_forms_load_to_the_same_key() {
        let a = PrivateKey::from_pem(PKCS8).unwrap();
        let b = PrivateKey::from_pem(PKCS1).unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert_eq!(a.public_key(), PublicKey::from_pem(SPKI).unwrap());
        assert_eq!(a.public_key(), PublicKey::from_pem(PKCS1_PUB).unwrap());
        assert_eq!(a.bits(), 2048);
    }

    #[test]
    fn sign_verify_and_salt_is_strict() {
        let key = PrivateKey::from_pem(PKCS8).unwrap();
        let public = key.public_key();
        let sig32 = key.sign_pss_sha256(32, b"hello").unwrap();
        assert!(public.verify_pss_sha256(32, b"hello", &sig32));
        assert!(!public.verify_pss_sha256(20, b"hello", &sig32));
        assert!(!public.verify_pss_sha256(32, b"hellO", &sig32));
        let sig20 = key.sign_pss_sha256(20, b"hello").unwrap();
        assert!(public.verify_pss_sha256(20, b"hello", &sig20));
        assert!(!public.verify_pss_sha256(32, b"hello", &sig20));
        assert!(!PublicKey::from_pem(OTHER_SPKI)
            .unwrap()
            .verify_pss_sha256(32, b"hello", &sig32));
        assert!(!public.verify_pss_sha256(32, b"hello", b"short"));
    }

    #[test]
    fn nothing_secret_in_debug_or_display() {
        let key = PrivateKey::from_pem(PKCS8).unwrap();
        for shown in [
            format!("{key:?}"),
            format!("{key}"),
            format!("{:?}", key.public_key()),
        ] {
            assert!(!shown.contains("MII") && shown.len() < 80, "{shown}");
        }
    }

    #[test]
    fn garbage_in_a_valid_armour_is_invalid_key() {
        let pem = pem::encode("PRIVATE KEY", b"not a key at all");
        assert_eq!(PrivateKey::from_pem(&pem).unwrap_err().code(), "KEY_INVALID");
        assert_eq!(PrivateKey::from_pem(SPKI).unwrap_err().code(), "KEY_WRONG_KIND");
    }
}
