//! Reading Amazon's objects for the services: the object with Amazon's time of the answer, the
//! exact body text of a call, and a field Amazon's rules refuse as the signer's error.

use amazon_pay_shared::api::ApiFieldError;
use amazon_pay_shared::payload::to_payload_json;
use amazon_pay_shared::wire::ErrorCode;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::unknown_sessions;
use crate::upstream::{self, Call, Failure, RetryPolicy};

/// Reads an object and Amazon's time of the answer.
pub async fn read<T: DeserializeOwned>(config: &Config, path: String) -> ApiResult<(T, i64)> {
    let answer = upstream::send(config, &Call::get(path)).await?;
    Ok((answer.json()?, answer.now()))
}

/// Reads checkout session `id` (checked) for a public route: Amazon's 429 is not retried
/// ([`RetryPolicy::PublicRead`]), and an id Amazon answered 404 for is answered
/// `RESOURCE_NOT_FOUND` from memory for a while ([`unknown_sessions`]).
pub async fn read_checkout_session<T: DeserializeOwned>(config: &Config, id: &str) -> ApiResult<(T, i64)> {
    let not_found = || Failure::Status {
        status: 404,
        reason_code: Some("ResourceNotFound".to_owned()),
        refusal: None,
    };
    if unknown_sessions::is_unknown(id) {
        return Err(not_found().into());
    }
    let call = Call::get(format!("/v2/checkoutSessions/{id}"));
    match upstream::send_with(config, &call, RetryPolicy::PublicRead).await {
        Ok(answer) => Ok((answer.json()?, answer.now())),
        Err(Failure::Status { status: 404, .. }) => {
            unknown_sessions::remember(id);
            Err(not_found().into())
        }
        Err(other) => Err(other.into()),
    }
}

/// Reads an object; `None` when Amazon does not answer it as expected.
pub async fn read_if_any<T: DeserializeOwned>(config: &Config, path: String) -> Option<T> {
    upstream::send(config, &Call::get(path)).await.ok()?.json().ok()
}

/// The JSON text of a call's body.
pub fn body_of(value: &impl Serialize) -> String {
    to_payload_json(value)
}

/// A request field Amazon's rules refuse, as `INVALID_REQUEST`.
pub fn field_error(e: ApiFieldError) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, e.to_string())
}
