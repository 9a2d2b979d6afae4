use super::canonical::{canonical_request, string_to_sign};
use super::{Authorization, SigningError, VerifyError};
use crate::keys::RsaPssVerify;

/// A request as a server received it.
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path as received, with any `/sandbox` or `/live` prefix.
    pub path: &'a str,
    /// Raw query string as received (no `?`).
    pub query: &'a str,
    /// Headers as received, names in any case; repeated names are joined with `,`.
    pub headers: &'a [(String, String)],
    /// Exact body bytes.
    pub body: &'a [u8],
}

impl ReceivedRequest<'_> {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The parsed `Authorization` header (to look up the key by its `PublicKeyId`).
    pub fn authorization(&self) -> Result<Authorization, VerifyError> {
        Authorization::parse(
            self.header("authorization")
                .ok_or(VerifyError::MissingAuthorization)?,
        )
    }
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRequest {
    /// The parsed header.
    pub authorization: Authorization,
    /// The canonical request the verifier rebuilt.
    pub canonical_request: String,
    /// The string to sign the verifier rebuilt.
    pub string_to_sign: String,
}

/// Verifies a request's `Authorization` header as Amazon's servers do: rebuild the canonical
/// request from the headers named in `SignedHeaders`, hash it under the declared algorithm and
/// check the RSA-PSS signature with that algorithm's salt length. Policy (which headers must be
/// signed, date skew, host) is the caller's.
pub fn verify_request(
    request: &ReceivedRequest<'_>,
    key: &impl RsaPssVerify,
) -> Result<VerifiedRequest, VerifyError> {
    let authorization = request.authorization()?;
    let canonical = canonical_request(
        request.method,
        request.path,
        request.query,
        request.headers,
        Some(&authorization.signed_headers),
        request.body,
    )
    .map_err(|e| match e {
        SigningError::SignedHeaderMissing(name) => VerifyError::SignedHeaderMissing(name),
        other => VerifyError::Request(other),
    })?;
    let algorithm = authorization.algorithm;
    let expected = string_to_sign(algorithm, &canonical.text);
    if key.verify_pss_sha256(
        algorithm.salt_len(),
        expected.as_bytes(),
        &authorization.signature,
    ) {
        return Ok(VerifiedRequest {
            authorization,
            canonical_request: canonical.text,
            string_to_sign: expected,
        });
    }
    let other = algorithm.other();
    let as_other = string_to_sign(other, &canonical.text);
    if key.verify_pss_sha256(other.salt_len(), as_other.as_bytes(), &authorization.signature)
        || key.verify_pss_sha256(other.salt_len(), expected.as_bytes(), &authorization.signature)
    {
        return Err(VerifyError::WrongAlgorithm {
            declared: algorithm,
            actual: other,
            string_to_sign: expected,
        });
    }
    Err(VerifyError::SignatureMismatch {
        string_to_sign: expected,
    })
}
