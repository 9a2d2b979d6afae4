//! PEM armour and the PKCS#1 → PKCS#8 / SPKI wrapping, with no RSA arithmetic.
//!
//! WebCrypto imports only PKCS#8 private keys and SPKI public keys; Seller Central hands out
//! PKCS#8, but `openssl genrsa` in older versions and many tutorials produce PKCS#1. Wrapping a
//! PKCS#1 key into PKCS#8 is pure DER framing, done here.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::KeyError;

/// The kind of key a PEM block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PemKind {
    /// `BEGIN PRIVATE KEY`: PKCS#8 `PrivateKeyInfo`.
    Pkcs8Private,
    /// `BEGIN RSA PRIVATE KEY`: PKCS#1 `RSAPrivateKey`.
    Pkcs1Private,
    /// `BEGIN PUBLIC KEY`: X.509 `SubjectPublicKeyInfo`.
    SpkiPublic,
    /// `BEGIN RSA PUBLIC KEY`: PKCS#1 `RSAPublicKey`.
    Pkcs1Public,
}

/// A decoded PEM block. `Debug` shows the kind and length only.
#[derive(Clone, PartialEq, Eq)]
pub struct PemBlock {
    /// What the block holds.
    pub kind: PemKind,
    /// The DER bytes.
    pub der: Vec<u8>,
}

impl std::fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PemBlock {{ kind: {:?}, der: <{} bytes> }}",
            self.kind,
            self.der.len()
        )
    }
}

/// The label and DER of the first PEM block of a text (leading text is skipped).
fn decode_any(text: &str) -> Result<(&str, Vec<u8>), KeyError> {
    let begin = text
        .find("-----BEGIN ")
        .ok_or(KeyError::NotPem("no BEGIN line"))?;
    let rest = &text[begin + "-----BEGIN ".len()..];
    let label_end = rest
        .find("-----")
        .ok_or(KeyError::NotPem("unterminated BEGIN line"))?;
    let label = &rest[..label_end];
    let body_and_end = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let body_end = body_and_end
        .find(&end_marker)
        .ok_or(KeyError::NotPem("no matching END line"))?;
    let body = &body_and_end[..body_end];
    if body.contains("Proc-Type:") || body.contains("DEK-Info:") {
        return Err(KeyError::Encrypted);
    }
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| KeyError::NotPem("invalid base64 body"))?;
    if der.is_empty() {
        return Err(KeyError::NotPem("empty body"));
    }
    Ok((label, der))
}

/// The DER of the first PEM block, which must carry `label` (e.g. `CERTIFICATE`).
pub fn decode_labelled(text: &str, label: &str) -> Result<Vec<u8>, KeyError> {
    let (found, der) = decode_any(text)?;
    if found == label {
        Ok(der)
    } else {
        Err(KeyError::UnsupportedLabel(found.chars().take(40).collect()))
    }
}

/// Decodes the first PEM block of a text (leading text such as `openssl` comments is skipped).
pub fn decode(text: &str) -> Result<PemBlock, KeyError> {
    let (label, der) = decode_any(text)?;
    let kind = match label {
        "PRIVATE KEY" => PemKind::Pkcs8Private,
        "RSA PRIVATE KEY" => PemKind::Pkcs1Private,
        "PUBLIC KEY" => PemKind::SpkiPublic,
        "RSA PUBLIC KEY" => PemKind::Pkcs1Public,
        "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
        other => return Err(KeyError::UnsupportedLabel(other.chars().take(40).collect())),
    };
    Ok(PemBlock { kind, der })
}

/// Encodes DER as PEM with 64-character lines.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// DER of AlgorithmIdentifier { rsaEncryption, NULL }.
const RSA_ALGORITHM_ID: [u8; 15] = [
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

fn der_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    der_length(content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// Wraps a PKCS#1 `RSAPrivateKey` into a PKCS#8 `PrivateKeyInfo` (version 0, rsaEncryption).
pub fn pkcs1_private_to_pkcs8(pkcs1_der: &[u8]) -> Vec<u8> {
    let mut content = vec![0x02, 0x01, 0x00];
    content.extend_from_slice(&RSA_ALGORITHM_ID);
    content.extend_from_slice(&der_tlv(0x04, pkcs1_der));
    der_tlv(0x30, &content)
}

/// Wraps a PKCS#1 `RSAPublicKey` into a `SubjectPublicKeyInfo`.
pub fn pkcs1_public_to_spki(pkcs1_der: &[u8]) -> Vec<u8> {
    let mut bits = vec![0x00];
    bits.extend_from_slice(pkcs1_der);
    let mut content = RSA_ALGORITHM_ID.to_vec();
    content.extend_from_slice(&der_tlv(0x03, &bits));
    der_tlv(0x30, &content)
}

/// The PKCS#8 DER of a private key PEM in either PKCS#8 or PKCS#1 form (what WebCrypto's
/// `importKey("pkcs8", …)` takes). The DER is framed, not validated as RSA: the importer does that.
pub fn private_key_pkcs8_der(text: &str) -> Result<Vec<u8>, KeyError> {
    let block = decode(text)?;
    match block.kind {
        PemKind::Pkcs8Private => Ok(block.der),
        PemKind::Pkcs1Private => Ok(pkcs1_private_to_pkcs8(&block.der)),
        PemKind::SpkiPublic | PemKind::Pkcs1Public => Err(KeyError::WrongKind { expected: "private" }),
    }
}

/// The SPKI DER of a public key PEM in either SPKI or PKCS#1 form.
pub fn public_key_spki_der(text: &str) -> Result<Vec<u8>, KeyError> {
    let block = decode(text)?;
    match block.kind {
        PemKind::SpkiPublic => Ok(block.der),
        PemKind::Pkcs1Public => Ok(pkcs1_public_to_spki(&block.der)),
        PemKind::Pkcs8Private | PemKind::Pkcs1Private => Err(KeyError::WrongKind { expected: "public" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../../tests/data/keys/merchant-pkcs8.pem");
    const PKCS1: &str = include_str!("../../tests/data/keys/merchant-pkcs1.pem");
    const SPKI: &str = include_str!("../../tests/data/keys/merchant-public.pem");
    const PKCS1_PUB: &str = include_str!("../../tests/data/keys/merchant-public-pkcs1.pem");

    #[test]
    fn pkcs1_wraps_to_the_same_pkcs8_openssl_writes() {
        assert_eq!(
            private_key_pkcs8_der(PKCS1).unwrap(),
            private_key_pkcs8_der(PKCS8).unwrap()
        );
        assert_eq!(
            public_key_spki_der(PKCS1_PUB).unwrap(),
            public_key_spki_der(SPKI).unwrap()
        );
    }

    #[test]
    fn pem_round_trip() {
        let block = decode(PKCS8).unwrap();
        assert_eq!(encode("PRIVATE KEY", &block.der), PKCS8);
    }

    #[test]
    fn refusals_are_typed_and_quote_no_material() {
        assert_eq!(decode("hello").unwrap_err().code(), "KEY_NOT_PEM");
        assert_eq!(
            decode("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
                .unwrap_err()
                .code(),
            "KEY_ENCRYPTED"
        );
        assert_eq!(
            decode("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
                .unwrap_err()
                .code(),
            "KEY_UNSUPPORTED_FORMAT"
        );
        assert_eq!(
            decode("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n")
                .unwrap_err()
                .code(),
            "KEY_NOT_PEM"
        );
        assert_eq!(private_key_pkcs8_der(SPKI).unwrap_err().code(), "KEY_WRONG_KIND");
        let dbg = format!("{:?}", decode(PKCS8).unwrap());
        assert!(!dbg.contains("MII"), "{dbg}");
    }

    #[test]
    fn long_der_lengths() {
        let mut out = Vec::new();
        der_length(0x1234, &mut out);
        assert_eq!(out, [0x82, 0x12, 0x34]);
        out.clear();
        der_length(0x7f, &mut out);
        assert_eq!(out, [0x7f]);
    }
}
