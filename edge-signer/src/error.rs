//! The signer's error type: a stable [`ErrorCode`] and a message written by the signer itself
//! (never a key, a token or an upstream body), turned into `{"error": {"code", "message"}}`,
//! and an internal detail for the request's log line that the client never sees.

use amazon_pay_shared::cart::CartError;
use amazon_pay_shared::cart_token::CartTokenError;
use amazon_pay_shared::money::MoneyError;
use amazon_pay_shared::payload::PayloadError;
use amazon_pay_shared::wire::{ErrorBody, ErrorCode, WireError};

/// An error answered to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The stable code (it decides the HTTP status).
    pub code: ErrorCode,
    /// The message.
    pub message: String,
    /// Extra headers (e.g. `allow` on 405).
    pub allow: Option<&'static str>,
    /// What went wrong inside, for the request's log line only: never answered, never a key, a
    /// token or a body.
    pub detail: Option<String>,
    /// Amazon's refusal of a signed call, for the request's log line only (never answered).
    pub refusal: Option<Box<AmazonRefusal>>,
}

/// Why Amazon refused a signed call (a 4xx answer), for the request's log line: Amazon's reason
/// code and message, and what this signer signed as hashes and public facts (key id, date,
/// signed header names), so the string to sign can be recomputed with `amzpay sign-request`
/// and compared. Never a key, a token or a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmazonRefusal {
    /// Amazon's HTTP status.
    pub status: u16,
    /// Amazon's `reasonCode`.
    pub reason_code: Option<String>,
    /// Amazon's `message`, shortened.
    pub message: Option<String>,
    /// The public key id the request was signed for.
    pub public_key_id: String,
    /// The `x-amz-pay-date` that was signed.
    pub date: String,
    /// The signed header names (`a;b;…`).
    pub signed_headers: String,
    /// Hex SHA-256 of the string to sign.
    pub string_to_sign_sha256: String,
    /// Hex SHA-256 of the canonical request: the hash inside the string to sign, which
    /// Amazon's `InvalidRequestSignature` message quotes as it computed it.
    pub canonical_request_sha256: String,
}

impl AmazonRefusal {
    /// The log line's fields.
    pub fn log_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![
            ("amazonStatus", self.status.into()),
            (
                "amazonReasonCode",
                self.reason_code.clone().unwrap_or_default().into(),
            ),
            ("amazonMessage", self.message.clone().unwrap_or_default().into()),
            ("publicKeyId", self.public_key_id.clone().into()),
            ("signedDate", self.date.clone().into()),
            ("signedHeaders", self.signed_headers.clone().into()),
            ("stringToSignSha256", self.string_to_sign_sha256.clone().into()),
            (
                "canonicalRequestSha256",
                self.canonical_request_sha256.clone().into(),
            ),
        ]
    }
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            allow: None,
            detail: None,
            refusal: None,
        }
    }

    /// The same error with an internal detail for the log line (never answered).
    pub fn with_detail(mut self, detail: impl Into<String>) -> ApiError {
        self.detail = Some(detail.into());
        self
    }

    /// An internal failure; a detail, if any, goes to the log, not to the client.
    pub fn internal() -> ApiError {
        ApiError::new(ErrorCode::Internal, "internal error")
    }

    /// 405 with the allowed methods.
    pub fn method_not_allowed(allow: &'static str) -> ApiError {
        ApiError {
            code: ErrorCode::MethodNotAllowed,
            message: format!("this route accepts {allow}"),
            allow: Some(allow),
            detail: None,
            refusal: None,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody::new(self.code, self.message.clone())
    }
}

impl From<WireError> for ApiError {
    fn from(e: WireError) -> ApiError {
        ApiError::new(e.code, e.message)
    }
}

impl From<MoneyError> for ApiError {
    fn from(e: MoneyError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<CartError> for ApiError {
    fn from(e: CartError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<CartTokenError> for ApiError {
    fn from(e: CartTokenError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<PayloadError> for ApiError {
    fn from(e: PayloadError) -> ApiError {
        // A payload the configuration produced and the builder refused is a signer problem.
        ApiError::new(e.code(), "the payload could not be built")
            .with_detail(format!("payload refused ({}): {e}", e.detail_code()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detail_stays_out_of_the_body() {
        let e = ApiError::internal().with_detail("D1: no such table");
        let body = serde_json::to_string(&e.body()).unwrap();
        assert!(!body.contains("D1"), "{body}");
        assert_eq!(e.detail.as_deref(), Some("D1: no such table"));
    }

    #[test]
    fn readme_lists_every_code() {
        let readme = include_str!("../README.md");
        for code in ErrorCode::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.status());
            assert!(readme.contains(&row), "README.md lacks {row}");
        }
    }
}
