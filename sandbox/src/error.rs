//! Amazon's error format: `{"reasonCode": "...", "message": "..."}` with Amazon's HTTP statuses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answer of the sandbox API, exactly as Amazon shapes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    #[serde(skip)]
    /// HTTP status.
    pub status: u16,
    /// Amazon's reason code, e.g. `InvalidRequestSignature`.
    pub reason_code: String,
    /// A human-readable message.
    pub message: String,
}

impl ApiError {
    /// An error with a status, reason code and message.
    pub fn new(status: u16, reason_code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            reason_code: reason_code.to_owned(),
            message: message.into(),
        }
    }

    /// 400 `InvalidParameterValue`.
    pub fn invalid_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "InvalidParameterValue", message)
    }

    /// 400 `InvalidRequest`.
    pub fn invalid_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "InvalidRequest", message)
    }

    /// 404 `ResourceNotFound`.
    pub fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(404, "ResourceNotFound", format!("{what} {id} does not exist"))
    }

    /// 403 `InvalidRequestSignature` with Amazon's wording, naming the string to sign expected.
    pub fn signature(detail: impl Into<String>) -> ApiError {
        ApiError::new(403, "InvalidRequestSignature", detail)
    }

    /// 400 `MissingHeader`.
    pub fn missing_header(name: &str) -> ApiError {
        ApiError::new(
            400,
            "MissingHeader",
            format!("The request is missing the required header {name}."),
        )
    }

    /// 400 `InvalidHeaderValue`.
    pub fn invalid_header(name: &str, why: &str) -> ApiError {
        ApiError::new(
            400,
            "InvalidHeaderValue",
            format!("The value provided for header {name} is invalid: {why}"),
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.reason_code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
