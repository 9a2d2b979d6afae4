//! A secret setting's value: never shown by `Debug`, overwritten with zeros when dropped or
//! when it is no longer needed.

use std::fmt;

use zeroize::Zeroize;

/// A secret value: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps the bytes.
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    /// The bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Overwrites the bytes with zeros and empties the value (the private key's DER once
    /// WebCrypto holds the key).
    pub fn zeroize(&mut self) {
        self.0.zeroize();
    }

    /// True once [`Secret::zeroize`] emptied it (or when it was empty).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn zeroize_empties_and_debug_redacts() {
        let mut s = Secret::new(vec![1, 2, 3]);
        assert_eq!(format!("{s:?}"), "Secret(redacted)");
        s.zeroize();
        assert!(s.is_empty());
        assert_eq!(s.expose(), b"");
    }
}
