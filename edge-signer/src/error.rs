//! The signer's error type: a stable [`ErrorCode`] and a message written by the signer itself
//! (never a key, a token or an upstream body), turned into `{"error": {"code", "message"}}`.

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
        }
    }

    /// An internal failure; the detail goes to the log, not to the client.
    pub fn internal() -> ApiError {
        ApiError::new(ErrorCode::Internal, "internal error")
    }

    /// 405 with the allowed methods.
    pub fn method_not_allowed(allow: &'static str) -> ApiError {
        ApiError {
            code: ErrorCode::MethodNotAllowed,
            message: format!("this route accepts {allow}"),
            allow: Some(allow),
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
        crate::log::event(
            "error",
            "payload_refused",
            &[("code", e.detail_code().into()), ("reason", e.to_string().into())],
        );
        ApiError::new(e.code(), "the payload could not be built")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_lists_every_code() {
        let readme = include_str!("../README.md");
        for code in ErrorCode::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.status());
            assert!(readme.contains(&row), "README.md lacks {row}");
        }
    }
}
