use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::{Algorithm, VerifyError};

/// The parts of an Amazon Pay `Authorization` header:
/// `ALG PublicKeyId=<id>, SignedHeaders=<a;b>, Signature=<base64>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The declared algorithm.
    pub algorithm: Algorithm,
    /// The public key id, as sent.
    pub public_key_id: String,
    /// The signed header names, lower-cased, in the order sent.
    pub signed_headers: Vec<String>,
    /// The raw signature bytes.
    pub signature: Vec<u8>,
}

impl Authorization {
    /// Parses a header value. Whitespace after the commas is optional; the three fields may
    /// come in any order but each exactly once.
    pub fn parse(value: &str) -> Result<Authorization, VerifyError> {
        let value = value.trim();
        let (alg, rest) = value.split_once(' ').ok_or(VerifyError::MalformedAuthorization(
            "no space after the algorithm",
        ))?;
        let algorithm = Algorithm::parse(alg)
            .map_err(|_| VerifyError::UnknownAlgorithm(alg.chars().take(40).collect()))?;
        let (mut key_id, mut signed, mut signature) = (None, None, None);
        for field in rest.split(',') {
            let (name, val) = field
                .trim()
                .split_once('=')
                .ok_or(VerifyError::MalformedAuthorization("a field has no '='"))?;
            let slot = match name {
                "PublicKeyId" => &mut key_id,
                "SignedHeaders" => &mut signed,
                "Signature" => &mut signature,
                _ => return Err(VerifyError::MalformedAuthorization("unknown field")),
            };
            if slot.replace(val).is_some() {
                return Err(VerifyError::MalformedAuthorization("a field is repeated"));
            }
        }
        let key_id = key_id.ok_or(VerifyError::MalformedAuthorization("PublicKeyId is missing"))?;
        let signed = signed.ok_or(VerifyError::MalformedAuthorization("SignedHeaders is missing"))?;
        let signature = signature.ok_or(VerifyError::MalformedAuthorization("Signature is missing"))?;
        if key_id.is_empty() {
            return Err(VerifyError::MalformedAuthorization("PublicKeyId is empty"));
        }
        let signed_headers: Vec<String> = signed.split(';').map(str::to_ascii_lowercase).collect();
        if signed_headers.iter().any(String::is_empty) {
            return Err(VerifyError::MalformedAuthorization(
                "SignedHeaders has an empty name",
            ));
        }
        let signature = STANDARD
            .decode(signature.as_bytes())
            .map_err(|_| VerifyError::SignatureEncoding)?;
        Ok(Authorization {
            algorithm,
            public_key_id: key_id.to_owned(),
            signed_headers,
            signature,
        })
    }

    /// The `SignedHeaders` value (names joined with `;`).
    pub fn signed_headers_value(&self) -> String {
        self.signed_headers.join(";")
    }
}

impl fmt::Display for Authorization {
    /// The header value as Amazon expects it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} PublicKeyId={}, SignedHeaders={}, Signature={}",
            self.algorithm.name(),
            self.public_key_id,
            self.signed_headers_value(),
            STANDARD.encode(&self.signature)
        )
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("algorithm", &self.algorithm)
            .field("public_key_id", &self.public_key_id)
            .field("signed_headers", &self.signed_headers)
            .field("signature_len", &self.signature.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=SANDBOX-AB12, SignedHeaders=accept;x-amz-pay-date, Signature=AAEC";
        let a = Authorization::parse(text).unwrap();
        assert_eq!(a.algorithm, Algorithm::V2);
        assert_eq!(a.public_key_id, "SANDBOX-AB12");
        assert_eq!(a.signed_headers, ["accept", "x-amz-pay-date"]);
        assert_eq!(a.signature, [0, 1, 2]);
        assert_eq!(a.to_string(), text);
        let compact =
            Authorization::parse("AMZN-PAY-RSASSA-PSS PublicKeyId=K,SignedHeaders=A,Signature=AAEC").unwrap();
        assert_eq!(compact.signed_headers, ["a"]);
    }

    #[test]
    fn refusals() {
        let cases = [
            ("", "VERIFY_MALFORMED_AUTHORIZATION"),
            (
                "AMZN-PAY-RSASSA-PSS-V3 PublicKeyId=K, SignedHeaders=a, Signature=AA==",
                "VERIFY_UNKNOWN_ALGORITHM",
            ),
            (
                "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=K, SignedHeaders=a",
                "VERIFY_MALFORMED_AUTHORIZATION",
            ),
            (
                "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=K, SignedHeaders=a, Signature=AA==, Signature=AA==",
                "VERIFY_MALFORMED_AUTHORIZATION",
            ),
            (
                "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=K, SignedHeaders=a;;b, Signature=AA==",
                "VERIFY_MALFORMED_AUTHORIZATION",
            ),
            (
                "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=K, SignedHeaders=a, Signature=*",
                "VERIFY_SIGNATURE_ENCODING",
            ),
            (
                "AMZN-PAY-RSASSA-PSS-V2 Foo=1, SignedHeaders=a, Signature=AA==",
                "VERIFY_MALFORMED_AUTHORIZATION",
            ),
        ];
        for (text, code) in cases {
            assert_eq!(Authorization::parse(text).unwrap_err().code(), code, "{text:?}");
        }
    }
}
