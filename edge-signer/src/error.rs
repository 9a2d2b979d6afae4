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
