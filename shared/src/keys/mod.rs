//! RSA keys and the RSA-PSS operation, behind small traits.
//!
//! Signing needs one operation: RSASSA-PSS with SHA-256 and MGF1-SHA-256 over a message, with a
//! salt of 20 or 32 bytes. [`RsaPssSign`] and [`RsaPssVerify`] describe it, so that the edge can
//! implement it with WebCrypto and native code with the `rsa` crate ([`PrivateKey`] and
//! [`PublicKey`], feature `native-rsa`). [`RsaPkcs1Verify`] checks the PKCS#1 v1.5 signatures of
//! Amazon SNS notifications.
//!
//! [`pem`] reads PEM armour and converts PKCS#1 keys to PKCS#8 (what WebCrypto imports) without
//! any RSA code. No type here shows key material in `Debug` or `Display`, and no error quotes it.

pub mod pem;

#[cfg(feature = "native-rsa")]
mod native;
#[cfg(feature = "native-rsa")]
pub use native::{generate, PrivateKey, PublicKey};

/// Why a key could not be read or used. Messages never contain key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// No PEM block, or broken armour or base64.
    #[error("not a PEM key: {0}")]
    NotPem(&'static str),
    /// A PEM block of a kind this project does not read.
    #[error(
        "unsupported PEM block {0:?} (expected PRIVATE KEY, RSA PRIVATE KEY, PUBLIC KEY or RSA PUBLIC KEY)"
    )]
    UnsupportedLabel(String),
    /// An encrypted private key; export it without a passphrase.
    #[error("encrypted private keys are not supported; export the key without a passphrase")]
    Encrypted,
    /// The DER inside the PEM is not a valid RSA key.
    #[error("the PEM does not hold a valid RSA key")]
    InvalidKey,
    /// A public key was given where a private key is needed, or the reverse.
    #[error("expected a {expected} key")]
    WrongKind {
        /// `"private"` or `"public"`.
        expected: &'static str,
    },
    /// The RSA operation itself failed.
    #[error("RSA operation failed")]
    Operation,
}

impl KeyError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::NotPem(_) => "KEY_NOT_PEM",
            KeyError::UnsupportedLabel(_) => "KEY_UNSUPPORTED_FORMAT",
            KeyError::Encrypted => "KEY_ENCRYPTED",
            KeyError::InvalidKey => "KEY_INVALID",
            KeyError::WrongKind { .. } => "KEY_WRONG_KIND",
            KeyError::Operation => "KEY_OPERATION_FAILED",
        }
    }
}

/// Produces RSASSA-PSS (SHA-256, MGF1-SHA-256) signatures.
pub trait RsaPssSign {
    /// Signs `message` (the whole message; the implementation hashes it) with the given salt
    /// length in bytes, returning the raw signature bytes.
    fn sign_pss_sha256(&self, salt_len: usize, message: &[u8]) -> Result<Vec<u8>, KeyError>;
}

/// Checks RSASSA-PKCS1-v1_5 signatures (what Amazon SNS signs notifications with).
pub trait RsaPkcs1Verify {
    /// True when `signature` is a valid SHA1withRSA signature of `message` (SNS version 1).
    fn verify_pkcs1v15_sha1(&self, message: &[u8], signature: &[u8]) -> bool;
    /// True when `signature` is a valid SHA256withRSA signature of `message` (SNS version 2).
    fn verify_pkcs1v15_sha256(&self, message: &[u8], signature: &[u8]) -> bool;
}

/// Checks RSASSA-PSS (SHA-256, MGF1-SHA-256) signatures.
pub trait RsaPssVerify {
    /// True when `signature` is a valid signature of `message` with exactly this salt length.
    fn verify_pss_sha256(&self, salt_len: usize, message: &[u8], signature: &[u8]) -> bool;
}
