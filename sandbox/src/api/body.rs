//! Strict request bodies: JSON into the shared request types, then their `validate()`, with
//! Amazon's error codes (`InvalidRequestFormat`, `UnrecognizedField`, `MissingParameterValue`,
//! `InvalidParameterValue`).

use amazon_pay_shared::api::ValidateRequest;
use amazon_pay_shared::region::Region;
use serde::de::DeserializeOwned;

use crate::auth::Caller;
use crate::domain::errors;
use crate::error::ApiError;

/// Whether an operation needs a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// An empty body is refused.
    Required,
    /// An empty body reads as `{}`.
    Optional,
}

/// The text between the first pair of backticks in a serde message (the field name).
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message.get(start..)?.find('`')?;
    message.get(start..start + len)
}

/// serde_json's message without its " at line L column C" suffix.
fn without_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

/// Parses a JSON request body strictly.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8], body: Body) -> Result<T, ApiError> {
    let text = if bytes.iter().all(u8::is_ascii_whitespace) {
        if body == Body::Required {
            return Err(ApiError::new(
                400,
                "InvalidRequestFormat",
                "The request body is missing.",
            ));
        }
        &b"{}"[..]
    } else {
        bytes
    };
    let value: serde_json::Value = serde_json::from_slice(text).map_err(|e| {
        ApiError::new(
            400,
            "InvalidRequestFormat",
            format!("The request body is not valid JSON: {e}"),
        )
    })?;
    if !value.is_object() {
        return Err(ApiError::new(
            400,
            "InvalidRequestFormat",
            "The request body must be a JSON object.",
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        let message = e.to_string();
        let message = without_position(&message);
        if message.starts_with("unknown field") {
            let field = quoted(message).unwrap_or("?");
            ApiError::new(
                400,
                "UnrecognizedField",
                format!("The field {field} is not recognized."),
            )
        } else if message.starts_with("missing field") {
            errors::missing_parameter(quoted(message).unwrap_or("?"))
        } else {
            ApiError::invalid_parameter(format!("The request body has an invalid value: {message}"))
        }
    })
}

/// Parses and validates a request body.
pub fn parse<T: DeserializeOwned + ValidateRequest>(bytes: &[u8], body: Body) -> Result<T, ApiError> {
    let request: T = parse_json(bytes, body)?;
    request
        .validate()
        .map_err(|e| errors::invalid_value(e.field(), &e))?;
    Ok(request)
}

/// Refuses a request without an idempotency key (the operations that create objects).
pub fn require_idempotency_key(caller: &Caller) -> Result<(), ApiError> {
    match caller.idempotency_key {
        Some(_) => Ok(()),
        None => Err(ApiError::missing_header("x-amz-pay-idempotency-key")),
    }
}

/// The caller's region.
pub fn region(caller: &Caller) -> Option<Region> {
    Region::parse(&caller.region).ok()
}

#[cfg(test)]
mod tests {
    use amazon_pay_shared::api::{CancelChargeRequest, CreateChargeRequest};

    use super::*;

    #[test]
    fn errors_map_to_amazon_codes() {
        let code = |bytes: &[u8], body| parse::<CreateChargeRequest>(bytes, body).unwrap_err().reason_code;
        assert_eq!(code(b"", Body::Required), "InvalidRequestFormat");
        assert_eq!(code(b"{", Body::Required), "InvalidRequestFormat");
        assert_eq!(code(b"[]", Body::Required), "InvalidRequestFormat");
        assert_eq!(
            code(br#"{"chargePermissionId":"p"}"#, Body::Required),
            "MissingParameterValue"
        );
        let e = parse::<CreateChargeRequest>(
            br#"{"chargePermissionId":"p","chargeAmount":{"amount":"1","currencyCode":"JPY"},"foo":1}"#,
            Body::Required,
        )
        .unwrap_err();
        assert_eq!(
            (e.reason_code.as_str(), e.message.as_str()),
            ("UnrecognizedField", "The field foo is not recognized.")
        );
        assert_eq!(
            code(
                br#"{"chargePermissionId":"p","chargeAmount":{"amount":1,"currencyCode":"JPY"}}"#,
                Body::Required
            ),
            "InvalidParameterValue"
        );
        let e = parse::<CreateChargeRequest>(
            br#"{"chargePermissionId":"p","chargeAmount":{"amount":"1.5","currencyCode":"JPY"}}"#,
            Body::Required,
        )
        .unwrap_err();
        assert_eq!(e.reason_code, "InvalidParameterValue");
        assert!(e.message.contains("chargeAmount"), "{}", e.message);
        assert!(parse::<CancelChargeRequest>(b"", Body::Optional).is_ok());
        assert_eq!(quoted("x `a"), None);
    }
}
