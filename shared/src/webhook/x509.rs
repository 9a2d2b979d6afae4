//! The `SubjectPublicKeyInfo` inside an X.509 certificate, found by walking its DER (no ASN.1
//! library; only the few tags a certificate uses). WebCrypto imports SPKI, not certificates.

use super::WebhookError;
use crate::keys::pem;

/// One DER element: tag, and the byte ranges of the whole element and of its content.
struct Element {
    tag: u8,
    start: usize,
    content: usize,
    end: usize,
}

fn element(der: &[u8], at: usize) -> Option<Element> {
    let tag = *der.get(at)?;
    let first = *der.get(at + 1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | usize::from(*der.get(at + 2 + i)?);
        }
        (len, 2 + n)
    };
    let content = at.checked_add(header)?;
    let end = content.checked_add(len)?;
    (end <= der.len()).then_some(Element {
        tag,
        start: at,
        content,
        end,
    })
}

/// The DER of the subject public key info of a certificate (PEM `BEGIN CERTIFICATE`).
pub fn spki_from_certificate_pem(text: &str) -> Result<Vec<u8>, WebhookError> {
    let der = pem::decode_labelled(text, "CERTIFICATE").map_err(|_| WebhookError::Certificate)?;
    let bad = || WebhookError::Certificate;
    let cert = element(&der, 0).filter(|e| e.tag == 0x30).ok_or_else(bad)?;
    let tbs = element(&der, cert.content)
        .filter(|e| e.tag == 0x30)
        .ok_or_else(bad)?;
    let mut at = tbs.content;
    // Optional [0] version, then serial, signature algorithm, issuer, validity, subject.
    let first = element(&der, at).ok_or_else(bad)?;
    if first.tag == 0xa0 {
        at = first.end;
    }
    for _ in 0..5 {
        at = element(&der, at).ok_or_else(bad)?.end;
        if at > tbs.end {
            return Err(bad());
        }
    }
    let spki = element(&der, at)
        .filter(|e| e.tag == 0x30 && e.end <= tbs.end)
        .ok_or_else(bad)?;
    Ok(der[spki.start..spki.end].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_refused_without_panicking() {
        assert!(spki_from_certificate_pem("nope").is_err());
        let pem = pem::encode("CERTIFICATE", &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]);
        assert!(spki_from_certificate_pem(&pem).is_err());
        let pem = pem::encode("CERTIFICATE", &[0x30, 0x03, 0x30, 0x01, 0x00]);
        assert!(spki_from_certificate_pem(&pem).is_err());
    }
}
