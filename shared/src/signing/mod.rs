//! Amazon Pay request and button-payload signing, and their verification.
//!
//! The wire rules (see the project README's signing section):
//!
//! ```text
//! CanonicalRequest = METHOD \n URI \n CanonicalQuery \n (name:value \n)* \n SignedHeaders \n hex(sha256(body))
//! StringToSign     = Algorithm \n hex(sha256(CanonicalRequest))
//! Authorization    = Algorithm PublicKeyId=<id>, SignedHeaders=<a;b;c>, Signature=<base64>
//! Button           = base64(RSASSA-PSS(Algorithm \n hex(sha256(payloadJSON bytes))))
//! ```
//!
//! Signing is split into a pure part ([`ClientProfile::prepare`] → [`PreparedRequest`], which
//! holds the string to sign) and the RSA operation ([`crate::keys::RsaPssSign`]), so the edge can
//! sign with WebCrypto and await it in between.

mod algorithm;
mod authorization;
mod canonical;
mod payload;
mod request;
mod verify;

pub use algorithm::Algorithm;
pub use authorization::Authorization;
pub use canonical::{
    canonical_query, canonical_request, hex_sha256, rfc3986_encode, string_to_sign, CanonicalRequest,
};
pub use payload::{payload_string_to_sign, sign_payload, verify_payload};
pub use request::{
    ApiRequest, ClientProfile, IdempotencyKey, PreparedRequest, SignedRequest, DEFAULT_SIGNED_HEADERS,
};
pub use verify::{verify_request, ReceivedRequest, VerifiedRequest};

use crate::keys::KeyError;

/// Why a request could not be signed. [`SigningError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The HTTP method is not 1–16 upper-case ASCII letters.
    #[error("invalid HTTP method")]
    InvalidMethod,
    /// The path does not start with `/` or has characters outside RFC 3986 path characters.
    #[error("invalid path: {0}")]
    InvalidPath(&'static str),
    /// The query string is not a valid percent-encoded query.
    #[error("invalid query string: {0}")]
    InvalidQuery(&'static str),
    /// A header name is empty or not an HTTP token.
    #[error("invalid header name {0:?}")]
    InvalidHeaderName(String),
    /// A header value holds a line break or another control character.
    #[error("invalid value for header {0:?}: control characters are not allowed")]
    InvalidHeaderValue(String),
    /// The algorithm name is neither `AMZN-PAY-RSASSA-PSS-V2` nor `AMZN-PAY-RSASSA-PSS`.
    #[error("unknown signature algorithm {0:?} (expected AMZN-PAY-RSASSA-PSS-V2 or AMZN-PAY-RSASSA-PSS)")]
    UnknownAlgorithm(String),
    /// A header named in `SignedHeaders` is not in the request.
    #[error("signed header {0:?} is not present in the request")]
    SignedHeaderMissing(String),
    /// The idempotency key is empty, longer than 32 or has characters outside `[A-Za-z0-9_-]`.
    #[error("idempotency key must be 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'")]
    InvalidIdempotencyKey,
    /// The RSA operation failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl SigningError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            SigningError::InvalidMethod => "SIGNING_INVALID_METHOD",
            SigningError::InvalidPath(_) => "SIGNING_INVALID_PATH",
            SigningError::InvalidQuery(_) => "SIGNING_INVALID_QUERY",
            SigningError::InvalidHeaderName(_) => "SIGNING_INVALID_HEADER_NAME",
            SigningError::InvalidHeaderValue(_) => "SIGNING_INVALID_HEADER_VALUE",
            SigningError::UnknownAlgorithm(_) => "SIGNING_UNKNOWN_ALGORITHM",
            SigningError::SignedHeaderMissing(_) => "SIGNING_SIGNED_HEADER_MISSING",
            SigningError::InvalidIdempotencyKey => "SIGNING_INVALID_IDEMPOTENCY_KEY",
            SigningError::Key(e) => e.code(),
        }
    }
}

/// Why a signature did not verify. [`VerifyError::code`] is stable; the variants say as much
/// as can be said about the cause without any key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `Authorization` header.
    #[error("missing authorization header")]
    MissingAuthorization,
    /// The `Authorization` header is not `ALG PublicKeyId=…, SignedHeaders=…, Signature=…`.
    #[error("malformed authorization header: {0}")]
    MalformedAuthorization(&'static str),
    /// The algorithm is unknown.
    #[error("unknown signature algorithm {0:?}")]
    UnknownAlgorithm(String),
    /// A header listed in SignedHeaders is not in the request.
    #[error("signed header {0:?} is not present in the request")]
    SignedHeaderMissing(String),
    /// The signature is not valid base64.
    #[error("signature is not valid base64")]
    SignatureEncoding,
    /// The signature verifies, but with the other algorithm's salt length.
    #[error("signature was made with {actual} (salt {actual_salt}) but is declared as {declared} (salt {declared_salt})", actual_salt = actual.salt_len(), declared_salt = declared.salt_len())]
    WrongAlgorithm {
        /// The algorithm the request or button declares.
        declared: Algorithm,
        /// The algorithm whose salt length the signature really has.
        actual: Algorithm,
        /// The string to sign under the declared algorithm (what Amazon names in its answer).
        string_to_sign: String,
    },
    /// The signature does not match what the verifier computed.
    #[error("signature does not match (another key, or other bytes signed); expected string to sign {string_to_sign:?}")]
    SignatureMismatch {
        /// The string to sign the verifier computed (safe to show: it is a hash).
        string_to_sign: String,
    },
    /// The request itself could not be canonicalised.
    #[error(transparent)]
    Request(#[from] SigningError),
}

impl VerifyError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MissingAuthorization => "VERIFY_MISSING_AUTHORIZATION",
            VerifyError::MalformedAuthorization(_) => "VERIFY_MALFORMED_AUTHORIZATION",
            VerifyError::UnknownAlgorithm(_) => "VERIFY_UNKNOWN_ALGORITHM",
            VerifyError::SignedHeaderMissing(_) => "VERIFY_SIGNED_HEADER_MISSING",
            VerifyError::SignatureEncoding => "VERIFY_SIGNATURE_ENCODING",
            VerifyError::WrongAlgorithm { .. } => "VERIFY_WRONG_ALGORITHM",
            VerifyError::SignatureMismatch { .. } => "VERIFY_SIGNATURE_MISMATCH",
            VerifyError::Request(e) => e.code(),
        }
    }
}
