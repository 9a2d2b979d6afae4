//! Calls to the Amazon Pay API: each attempt is signed afresh by the shared canonicaliser
//! (`ClientProfile::prepare_for_host` with the host actually fetched) and WebCrypto, sent with
//! `worker::Fetch` under a per-attempt timeout, and retried on 408/425/429/5xx, network errors
//! and timeouts (at most 3 retries, exponential back-off with jitter, all within a deadline);
//! a public route's read ([`RetryPolicy::PublicRead`]) never retries Amazon's 429.
//! A create carries an idempotency key derived from the logical operation, so every retry
//! reuses it and Amazon performs the operation at most once.

use std::time::Duration;

use amazon_pay_shared::signing::{hex_sha256, ApiRequest, IdempotencyKey};
use amazon_pay_shared::wire::ErrorCode;
use futures_util::future::{select, Either};
use serde::de::DeserializeOwned;
use worker::{AbortController, Delay, Fetch, Headers, Method, Request, RequestInit};

use crate::config::Config;
use crate::error::{AmazonRefusal, ApiError};
use crate::{crypto, log};

/// A failed upstream call: what Amazon said (status, reason code), or that it did not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Amazon answered with an error status.
    Status {
        /// HTTP status.
        status: u16,
        /// Amazon's `reasonCode`, when it is a plain identifier.
        reason_code: Option<String>,
        /// What the request's log line says about a 4xx refusal: Amazon's reason and message
        /// and the hashes of what was signed (none for a failure known without asking).
        refusal: Option<Box<AmazonRefusal>>,
    },
    /// No answer in time (after retries).
    Timeout,
    /// Network errors (after retries).
    Network,
    /// The request could not be built or signed.
    Local(&'static str),
    /// A 2xx answer that is not the expected JSON.
    BadAnswer,
}

impl From<Failure> for ApiError {
    fn from(f: Failure) -> ApiError {
        match f {
            Failure::Status {
                status,
                reason_code,
                refusal,
            } => {
                let mut e = map_amazon_error(status, reason_code.as_deref());
                e.refusal = refusal;
                e
            }
            Failure::Timeout => {
                ApiError::new(ErrorCode::UpstreamTimeout, "Amazon Pay did not answer in time")
            }
            Failure::Network => {
                ApiError::new(ErrorCode::UpstreamUnavailable, "Amazon Pay could not be reached")
            }
            Failure::Local(step) => {
                ApiError::internal().with_detail(format!("upstream call not built ({step})"))
            }
            Failure::BadAnswer => {
                ApiError::internal().with_detail("upstream answer is not the expected JSON")
            }
        }
    }
}

/// Maps an Amazon error to the signer's codes. Amazon's message is never passed on; the reason
/// code is (it is one of Amazon's identifiers).
pub fn map_amazon_error(status: u16, reason: Option<&str>) -> ApiError {
    let reason_text = reason.unwrap_or("none");
    let code = match reason {
        Some("ResourceNotFound") => ErrorCode::ResourceNotFound,
        Some(
            "InvalidCheckoutSessionStatus"
            | "InvalidChargeStatus"
            | "InvalidChargePermissionStatus"
            | "CheckoutSessionCanceled"
            | "ChargePermissionNotModifiable",
        ) => ErrorCode::InvalidState,
        Some(
            "SoftDeclined"
            | "HardDeclined"
            | "AmazonRejected"
            | "TransactionTimedOut"
            | "PaymentMethodNotAllowed"
            | "MFANotCompleted",
        ) => ErrorCode::PaymentDeclined,
        Some("ProcessingFailure") if status < 500 => ErrorCode::PaymentDeclined,
        Some("TransactionAmountExceeded" | "TransactionCountExceeded") => ErrorCode::AmountExceedsAllowed,
        Some("CurrencyMismatch") => ErrorCode::CurrencyMismatch,
        _ if status == 404 => ErrorCode::ResourceNotFound,
        _ if status == 408 || status == 504 => ErrorCode::UpstreamTimeout,
        _ if status == 429 || status >= 500 => ErrorCode::UpstreamUnavailable,
        _ => ErrorCode::UpstreamRejected,
    };
    let message = match code {
        ErrorCode::UpstreamRejected => {
            format!("Amazon Pay refused the request (HTTP {status}, reason {reason_text})")
        }
        ErrorCode::UpstreamUnavailable => {
            format!("Amazon Pay is unavailable (HTTP {status}) after retries")
        }
        _ => format!("Amazon Pay: {reason_text}"),
    };
    ApiError::new(code, message)
}

/// Whether a status is worth retrying.
pub fn retryable(status: u16) -> bool {
    matches!(status, 408 | 425 | 429) || status >= 500
}

/// Which failures a call retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryPolicy {
    /// 408, 425, 429, 5xx, timeouts and network errors ([`retryable`]).
    #[default]
    Standard,
    /// A read for a public route: as [`RetryPolicy::Standard`] except Amazon's 429, which is
    /// answered at once. Retrying throttled reads for anyone on the internet would multiply
    /// the load that got the merchant throttled.
    PublicRead,
}

impl RetryPolicy {
    /// Whether an answer of `status` is retried under this policy.
    pub fn retries(self, status: u16) -> bool {
        match self {
            RetryPolicy::Standard => retryable(status),
            RetryPolicy::PublicRead => status != 429 && retryable(status),
        }
    }
}

/// The back-off before retry `n` (1-based): `base × 2^(n-1)` plus up to `base` of jitter.
pub fn backoff_ms(base: u64, n: u32, jitter: f64) -> u64 {
    let exp = base.saturating_mul(1u64 << (n.saturating_sub(1)).min(10));
    exp.saturating_add((base as f64 * jitter.clamp(0.0, 1.0)) as u64)
}

/// The path as logged: a buyer token is a credential and is replaced.
pub fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/v2/buyers/") {
        Some(_) => "/v2/buyers/{buyerToken}".to_owned(),
        None => path.to_owned(),
    }
}

/// The longest part of Amazon's error message kept in a log line, characters.
pub const MAX_LOGGED_MESSAGE: usize = 300;

/// What was signed for one attempt, as far as a log line may tell: never the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SignedFacts {
    public_key_id: String,
    date: String,
    signed_headers: String,
    string_to_sign_sha256: String,
    canonical_request_sha256: String,
}

/// The refusal of a signed call as the log line tells it: Amazon's reason code and message
/// (shortened, control characters dropped) and the hashes of what this signer signed.
fn refusal(status: u16, body: &str, facts: &SignedFacts) -> AmazonRefusal {
    let parsed = serde_json::from_str::<serde_json::Value>(body).ok();
    let text = |k: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(k))
            .and_then(|v| v.as_str())
            .map(|t| {
                t.chars()
                    .filter(|c| !c.is_control())
                    .take(MAX_LOGGED_MESSAGE)
                    .collect::<String>()
            })
    };
    AmazonRefusal {
        status,
        reason_code: text("reasonCode"),
        message: text("message"),
        public_key_id: facts.public_key_id.clone(),
        date: facts.date.clone(),
        signed_headers: facts.signed_headers.clone(),
        string_to_sign_sha256: facts.string_to_sign_sha256.clone(),
        canonical_request_sha256: facts.canonical_request_sha256.clone(),
    }
}

fn plain_identifier(s: &str) -> Option<String> {
    (!s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| s.to_owned())
}

/// An Amazon Pay API call.
#[derive(Debug, Clone)]
pub struct Call {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The API path (`/v2/…`), ids already validated.
    pub path: String,
    /// The JSON body.
    pub body: Option<String>,
    /// The idempotency key of a create.
    pub idempotency_key: Option<IdempotencyKey>,
}

impl Call {
    /// A GET.
    pub fn get(path: String) -> Call {
        Call {
            method: "GET",
            path,
            body: None,
            idempotency_key: None,
        }
    }

    /// A call with a JSON body.
    pub fn with_body(method: &'static str, path: String, body: String) -> Call {
        Call {
            method,
            path,
            body: Some(body),
            idempotency_key: None,
        }
    }

    /// Adds an idempotency key.
    pub fn idempotent(mut self, key: IdempotencyKey) -> Call {
        self.idempotency_key = Some(key);
        self
    }
}

/// A 2xx answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Status.
    pub status: u16,
    /// Body text.
    pub body: String,
    /// Amazon's time from the `date` header (Unix seconds), when it sent one.
    pub date: Option<i64>,
}

impl Answer {
    /// Amazon's time of this answer, else the isolate's clock.
    pub fn now(&self) -> i64 {
        self.date.unwrap_or_else(crate::clock::isolate_now)
    }
}

impl Answer {
    /// The body as `T` (Amazon's objects are lenient types).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        serde_json::from_str(&self.body).map_err(|_| Failure::BadAnswer)
    }
}

enum Attempt {
    Answered(u16, String, Option<i64>),
    TimedOut,
    NetworkError,
}

fn to_method(m: &str) -> Method {
    match m {
        "POST" => Method::Post,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        "PUT" => Method::Put,
        _ => Method::Get,
    }
}

async fn attempt(config: &Config, call: &Call, timeout_ms: u64) -> Result<(Attempt, SignedFacts), Failure> {
    let mut request = ApiRequest::new(call.method, &call.path).map_err(|_| Failure::Local("request"))?;
    if let Some(body) = &call.body {
        request = request.with_body(body.clone().into_bytes());
    }
    if let Some(key) = &call.idempotency_key {
        request = request.with_idempotency_key(key.clone());
    }
    let date = amazon_pay_shared::time::format_basic((js_sys::Date::now() / 1000.0) as i64);
    let prepared = config
        .profile
        .prepare_for_host(&request, &date, &config.api.host)
        .map_err(|_| Failure::Local("prepare"))?;
    let facts = SignedFacts {
        public_key_id: config.profile.public_key_id.as_str().to_owned(),
        date: date.clone(),
        signed_headers: prepared.canonical_request().signed_headers.clone(),
        string_to_sign_sha256: hex_sha256(prepared.string_to_sign().as_bytes()),
        canonical_request_sha256: hex_sha256(prepared.canonical_request().text.as_bytes()),
    };
    let signature = crypto::sign_pss(
        prepared.algorithm().salt_len(),
        prepared.string_to_sign().as_bytes(),
    )
    .await
    .map_err(|_| Failure::Local("sign"))?;
    let signed = prepared.finish(&signature);
    let url = format!("{}{}", config.api.base_url, signed.path_and_query());
    let headers = Headers::new();
    for (name, value) in &signed.headers {
        headers.set(name, value).map_err(|_| Failure::Local("header"))?;
    }
    let controller = AbortController::default();
    let signal = controller.signal();
    let mut init = RequestInit::new();
    init.with_method(to_method(call.method)).with_headers(headers);
    if let Some(body) = &call.body {
        init.with_body(Some(wasm_bindgen::JsValue::from_str(body)));
    }
    let request = Request::new_with_init(&url, &init).map_err(|_| Failure::Local("request"))?;
    let exchange = async move {
        let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
        let status = response.status_code();
        let date = response
            .headers()
            .get("date")
            .ok()
            .flatten()
            .and_then(|d| crate::clock::parse_http_date(&d));
        let text = response.text().await?;
        Ok::<_, worker::Error>((status, text, date))
    };
    let timer = Delay::from(Duration::from_millis(timeout_ms));
    let outcome = match select(Box::pin(exchange), Box::pin(timer)).await {
        Either::Left((Ok((status, text, date)), _)) => Attempt::Answered(status, text, date),
        Either::Left((Err(_), _)) => Attempt::NetworkError,
        Either::Right(((), _)) => {
            controller.abort();
            Attempt::TimedOut
        }
    };
    Ok((outcome, facts))
}

/// Sends a call with retries ([`RetryPolicy::Standard`]); `Ok` only for a 2xx answer.
pub async fn send(config: &Config, call: &Call) -> Result<Answer, Failure> {
    send_with(config, call, RetryPolicy::Standard).await
}

/// Sends a call with the retries of `policy`; `Ok` only for a 2xx answer.
pub async fn send_with(config: &Config, call: &Call, policy: RetryPolicy) -> Result<Answer, Failure> {
    let settings = config.upstream;
    let started = js_sys::Date::now();
    let elapsed = || (js_sys::Date::now() - started).max(0.0) as u64;
    let mut last = Failure::Timeout;
    for n in 0..=settings.max_retries {
        let remaining = settings.deadline_ms.saturating_sub(elapsed());
        if remaining == 0 {
            break;
        }
        let attempt_started = js_sys::Date::now();
        let (outcome, facts) = attempt(config, call, settings.timeout_ms.min(remaining)).await?;
        let (status, retry) = match &outcome {
            Attempt::Answered(status, _, _) => (*status, policy.retries(*status)),
            Attempt::TimedOut => (0, true),
            Attempt::NetworkError => (0, true),
        };
        log::event(
            if retry { "warn" } else { "info" },
            "upstream",
            &[
                ("method", call.method.into()),
                ("path", loggable_path(&call.path).into()),
                ("attempt", (n + 1).into()),
                ("status", status.into()),
                (
                    "idempotencyKey",
                    call.idempotency_key
                        .as_ref()
                        .map(|k| k.as_str().to_owned())
                        .unwrap_or_default()
                        .into(),
                ),
                ("ms", ((js_sys::Date::now() - attempt_started) as u64).into()),
            ],
        );
        match outcome {
            Attempt::Answered(status, body, date) if (200..300).contains(&status) => {
                return Ok(Answer { status, body, date });
            }
            Attempt::Answered(status, body, _) => {
                let reason_code = serde_json::from_str::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| {
                        v.get("reasonCode")
                            .and_then(|r| r.as_str())
                            .and_then(plain_identifier)
                    });
                // A refusal (4xx) says why in the request's log line; a throttle or an outage
                // has nothing to compare.
                let refused = (400..500).contains(&status) && !retryable(status);
                last = Failure::Status {
                    status,
                    reason_code,
                    refusal: refused.then(|| Box::new(refusal(status, &body, &facts))),
                };
                if !policy.retries(status) {
                    return Err(last);
                }
            }
            Attempt::TimedOut => last = Failure::Timeout,
            Attempt::NetworkError => last = Failure::Network,
        }
        if n == settings.max_retries {
            break;
        }
        let wait = backoff_ms(settings.retry_base_ms, n + 1, js_sys::Math::random());
        let remaining = settings.deadline_ms.saturating_sub(elapsed());
        if wait >= remaining {
            break;
        }
        Delay::from(Duration::from_millis(wait)).await;
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_reads_never_retry_a_throttle() {
        assert!(RetryPolicy::Standard.retries(429));
        assert!(!RetryPolicy::PublicRead.retries(429));
        for s in [408, 425, 500, 503] {
            assert!(RetryPolicy::PublicRead.retries(s), "{s}");
        }
        for s in [200, 400, 404] {
            assert!(!RetryPolicy::PublicRead.retries(s), "{s}");
        }
    }

    #[test]
    fn retry_rules() {
        for s in [408, 425, 429, 500, 502, 503, 504] {
            assert!(retryable(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 409, 422] {
            assert!(!retryable(s), "{s}");
        }
        assert_eq!(backoff_ms(100, 1, 0.0), 100);
        assert_eq!(backoff_ms(100, 2, 0.0), 200);
        assert_eq!(backoff_ms(100, 3, 0.5), 450);
        assert_eq!(backoff_ms(100, 3, 7.0), 500);
        assert_eq!(
            loggable_path("/v2/buyers/secret-token"),
            "/v2/buyers/{buyerToken}"
        );
        assert_eq!(loggable_path("/v2/charges/S01-1"), "/v2/charges/S01-1");
    }

    #[test]
    fn a_refusal_keeps_amazons_reason_and_the_hashes_only() {
        let facts = SignedFacts {
            public_key_id: "SANDBOX-AKEY".into(),
            date: "20261204T101650Z".into(),
            signed_headers: "accept;content-type".into(),
            string_to_sign_sha256: "a".repeat(64),
            canonical_request_sha256: "b".repeat(64),
        };
        let long = "x".repeat(1000);
        let body = format!(r#"{{"reasonCode":"InvalidRequestSignature","message":"line\n{long}"}}"#);
        let r = refusal(403, &body, &facts);
        assert_eq!(r.reason_code.as_deref(), Some("InvalidRequestSignature"));
        let message = r.message.unwrap();
        assert!(
            message.starts_with("linex") && message.chars().count() == MAX_LOGGED_MESSAGE,
            "{message}"
        );
        assert_eq!(r.string_to_sign_sha256, "a".repeat(64));
        let r = refusal(400, "not json", &facts);
        assert_eq!((r.reason_code, r.message), (None, None));
    }

    #[test]
    fn amazon_errors_map_to_codes() {
        let code = |s, r| map_amazon_error(s, r).code;
        assert_eq!(code(404, Some("ResourceNotFound")), ErrorCode::ResourceNotFound);
        assert_eq!(
            code(422, Some("InvalidCheckoutSessionStatus")),
            ErrorCode::InvalidState
        );
        assert_eq!(code(400, Some("SoftDeclined")), ErrorCode::PaymentDeclined);
        assert_eq!(
            code(400, Some("TransactionAmountExceeded")),
            ErrorCode::AmountExceedsAllowed
        );
        assert_eq!(code(503, None), ErrorCode::UpstreamUnavailable);
        assert_eq!(code(504, None), ErrorCode::UpstreamTimeout);
        assert_eq!(
            code(403, Some("InvalidRequestSignature")),
            ErrorCode::UpstreamRejected
        );
        assert!(!map_amazon_error(400, Some("X")).message.contains("secret"));
    }
}
