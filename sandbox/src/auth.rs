//! Checks every API request the way Amazon does before anything else happens: the signature
//! (both algorithms, the key named by `PublicKeyId`), the required headers present and signed,
//! `x-amz-pay-host` against the host reached, `x-amz-pay-date` within the skew window, the
//! idempotency key's format, and the path prefix the key id calls for.

use amazon_pay_shared::region::PublicKeyId;
use amazon_pay_shared::signing::{verify_request, IdempotencyKey, ReceivedRequest, VerifyError};

use crate::config::SandboxConfig;
use crate::error::ApiError;

/// Headers every request must carry and sign.
pub const REQUIRED_SIGNED: [&str; 5] = [
    "accept",
    "content-type",
    "x-amz-pay-date",
    "x-amz-pay-host",
    "x-amz-pay-region",
];

/// Who sent a verified request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The verified public key id.
    pub public_key_id: PublicKeyId,
    /// The `x-amz-pay-region` it signed (lower case).
    pub region: String,
    /// The idempotency key, when one was sent.
    pub idempotency_key: Option<String>,
}

/// The parts of a request the check needs.
#[derive(Debug)]
pub struct Incoming<'a> {
    /// Method.
    pub method: &'a str,
    /// Path as received (with `/sandbox` or `/live`).
    pub path: &'a str,
    /// Raw query.
    pub query: &'a str,
    /// Headers as received.
    pub headers: &'a [(String, String)],
    /// Body bytes.
    pub body: &'a [u8],
}

/// Runs every check; `now` is real time (the date header is compared with the wall clock, not
/// the adjustable sandbox clock).
pub fn authenticate(config: &SandboxConfig, req: &Incoming<'_>, now: i64) -> Result<Caller, ApiError> {
    let received = ReceivedRequest {
        method: req.method,
        path: req.path,
        query: req.query,
        headers: req.headers,
        body: req.body,
    };
    let authorization = received.authorization().map_err(|e| match e {
        VerifyError::MissingAuthorization => ApiError::missing_header("authorization"),
        other => ApiError::invalid_header("authorization", &other.to_string()),
    })?;
    let key = config.public_key(&authorization.public_key_id).ok_or_else(|| {
        ApiError::signature(format!("Unknown public key id {}.", authorization.public_key_id))
    })?;
    let key_id = PublicKeyId::parse(&authorization.public_key_id)
        .map_err(|_| ApiError::invalid_header("authorization", "malformed PublicKeyId"))?;

    for name in REQUIRED_SIGNED {
        if received.header(name).is_none() {
            return Err(ApiError::missing_header(name));
        }
        if !authorization.signed_headers.iter().any(|h| h == name) {
            return Err(ApiError::signature(format!("Header {name} must be signed.")));
        }
    }
    let idempotency_key = received.header("x-amz-pay-idempotency-key").map(str::to_owned);
    if let Some(k) = &idempotency_key {
        IdempotencyKey::parse(k)
            .map_err(|e| ApiError::invalid_header("x-amz-pay-idempotency-key", &e.to_string()))?;
        if !authorization
            .signed_headers
            .iter()
            .any(|h| h == "x-amz-pay-idempotency-key")
        {
            return Err(ApiError::signature(
                "Header x-amz-pay-idempotency-key must be signed.",
            ));
        }
    }

    let pay_host = received.header("x-amz-pay-host").unwrap_or_default();
    let host = received.header("host").unwrap_or_default();
    if !pay_host.eq_ignore_ascii_case(host) {
        return Err(ApiError::invalid_header(
            "x-amz-pay-host",
            &format!("{pay_host:?} does not match the host the request reached ({host:?})"),
        ));
    }
    let date = received.header("x-amz-pay-date").unwrap_or_default();
    let signed_at = amazon_pay_shared::time::parse(date).map_err(|_| {
        ApiError::invalid_header(
            "x-amz-pay-date",
            "expected YYYYMMDDTHHMMSSZ or YYYY-MM-DDTHH:MM:SSZ",
        )
    })?;
    if (now - signed_at).abs() > config.clock_skew_secs {
        return Err(ApiError::invalid_header(
            "x-amz-pay-date",
            &format!(
                "{date} is more than {} seconds from the server time",
                config.clock_skew_secs
            ),
        ));
    }
    let region = received
        .header("x-amz-pay-region")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !matches!(region.as_str(), "na" | "eu" | "jp") {
        return Err(ApiError::invalid_header(
            "x-amz-pay-region",
            "expected na, eu or jp",
        ));
    }

    match verify_request(&received, key) {
        Ok(_) => {}
        Err(VerifyError::SignedHeaderMissing(name)) => return Err(ApiError::missing_header(&name)),
        Err(
            VerifyError::SignatureMismatch { string_to_sign }
            | VerifyError::WrongAlgorithm { string_to_sign, .. },
        ) => {
            return Err(ApiError::signature(format!(
                "Unable to verify signature, signing String [{string_to_sign}]"
            )))
        }
        Err(other) => {
            return Err(ApiError::signature(format!(
                "Unable to verify signature: {other}"
            )))
        }
    }

    check_prefix(&key_id, req.path)?;
    Ok(Caller {
        public_key_id: key_id,
        region,
        idempotency_key,
    })
}

/// Environment-specific key ids call `/v2/…`; legacy ids must call `/sandbox/v2/…` or `/live/v2/…`.
fn check_prefix(key_id: &PublicKeyId, path: &str) -> Result<(), ApiError> {
    let prefixed = path.starts_with("/sandbox/") || path.starts_with("/live/");
    match (key_id.is_legacy(), prefixed) {
        (true, false) => Err(ApiError::invalid_request(
            "Public key ids without an environment prefix must call /sandbox/v2/ or /live/v2/.",
        )),
        (false, true) => Err(ApiError::invalid_request(format!(
            "Public key id {key_id} is environment-specific and must call /v2/ without /sandbox or /live."
        ))),
        _ => Ok(()),
    }
}
