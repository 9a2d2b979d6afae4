//! Reading keys, payloads and bodies from files or stdin.

use std::io::Read;
use std::path::Path;

use amazon_pay_shared::keys::{PrivateKey, PublicKey};

use crate::failure::Failure;

/// Reads a whole file, or stdin for `-`, as exact bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::usage(format!("cannot read stdin: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))
}

fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::usage(format!("cannot read {what} {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::usage(format!("{what} {} is not UTF-8 text", path.display())))
}

/// Loads a PEM private key (PKCS#8 or PKCS#1).
pub fn private_key(path: &Path) -> Result<PrivateKey, Failure> {
    PrivateKey::from_pem(&read_text(path, "private key")?)
        .map_err(|e| Failure::usage(format!("private key {}: {e}", path.display())))
}

/// Loads a PEM public key (SPKI or PKCS#1; a private key yields its public half).
pub fn public_key(path: &Path) -> Result<PublicKey, Failure> {
    PublicKey::from_pem(&read_text(path, "public key")?)
        .map_err(|e| Failure::usage(format!("public key {}: {e}", path.display())))
}
