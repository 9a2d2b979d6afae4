//! Reading requests and writing answers: content type, size (counted while the body streams
//! in), strict JSON, JSON replies.

use std::fmt;
use std::pin::Pin;

use amazon_pay_shared::wire::{parse_body, parse_trusted_body, ErrorCode, MAX_BODY_BYTES};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::Request;

use crate::error::{ApiError, ApiResult};

/// A successful answer: status and JSON body (or, for an export, text of a content type, whole
/// or streamed).
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: serde_json::Value,
    /// A non-JSON body: content type and text.
    pub text: Option<TextBody>,
    /// A body written while it is sent (chunked, no `content-length`).
    pub stream: Option<StreamBody>,
    /// Extra headers of the answer, whatever its body (name, value).
    pub headers: Vec<(&'static str, String)>,
}

/// The chunks of a streamed body; an error ends the download unfinished (the client sees a
/// broken transfer, never a short file that looks whole).
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Vec<u8>, worker::Error>>>>;

/// A streamed answer body.
pub struct StreamBody {
    /// `content-type`.
    pub content_type: &'static str,
    /// Extra headers (name, value).
    pub headers: Vec<(&'static str, String)>,
    /// The chunks.
    pub chunks: ByteStream,
}

impl fmt::Debug for StreamBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamBody")
            .field("content_type", &self.content_type)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// A non-JSON answer body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBody {
    /// `content-type`.
    pub content_type: &'static str,
    /// The text.
    pub text: String,
}

impl Reply {
    /// 200 with a serialized body.
    pub fn ok(body: &impl Serialize) -> ApiResult<Reply> {
        let body = serde_json::to_value(body).map_err(|_| ApiError::internal())?;
        Ok(Reply {
            status: 200,
            body,
            text: None,
            stream: None,
            headers: Vec::new(),
        })
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// 204 (the answer to `OPTIONS`, a CORS preflight among them).
    pub fn no_content() -> Reply {
        Reply {
            status: 204,
            body: serde_json::Value::Null,
            text: None,
            stream: None,
            headers: Vec::new(),
        }
    }

    /// 200 with text of a content type.
    pub fn text(content_type: &'static str, text: String, headers: Vec<(&'static str, String)>) -> Reply {
        Reply {
            status: 200,
            body: serde_json::Value::Null,
            text: Some(TextBody { content_type, text }),
            stream: None,
            headers,
        }
    }

    /// 200 with a body streamed as it is written; the body's extra headers become the
    /// answer's.
    pub fn stream(mut body: StreamBody) -> Reply {
        Reply {
            status: 200,
            body: serde_json::Value::Null,
            text: None,
            headers: std::mem::take(&mut body.headers),
            stream: Some(body),
        }
    }
}

/// Refuses a request whose `content-type` (parameters aside, any case) is not `expected`, with
/// `UNSUPPORTED_MEDIA_TYPE` and `message`.
pub fn require_media_type(req: &Request, expected: &str, message: &'static str) -> ApiResult<()> {
    let ct = req
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if mime != expected {
        return Err(ApiError::new(ErrorCode::UnsupportedMediaType, message));
    }
    Ok(())
}

async fn read_limited(req: &mut Request) -> ApiResult<Vec<u8>> {
    require_media_type(req, "application/json", "send the body as application/json")?;
    read_capped(req).await
}

/// Reads the body chunk by chunk and stops at the first byte past [`MAX_BODY_BYTES`]: a
/// declared `content-length` above it is refused before anything is read, and a chunked (or
/// understated) body is refused as soon as it grows past it, so at most one chunk beyond the
/// limit is ever held.
async fn read_capped(req: &mut Request) -> ApiResult<Vec<u8>> {
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_large = || ApiError::new(ErrorCode::PayloadTooLarge, "the body is larger than 64 KiB");
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let unreadable = || ApiError::new(ErrorCode::MalformedJson, "the body could not be read");
    if req.inner().body().is_none() {
        return Ok(Vec::new());
    }
    let mut stream = req.stream().map_err(|_| unreadable())?;
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        if bytes.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Reads a browser's JSON body with every wire rule (see `amazon_pay_shared::wire::parse_body`).
pub async fn browser_json<T: DeserializeOwned>(req: &mut Request, allow_amount: bool) -> ApiResult<T> {
    let bytes = read_limited(req).await?;
    Ok(parse_body(&bytes, allow_amount)?)
}

/// Reads a body of at most 64 KiB whatever its content type (webhooks: SNS posts
/// `text/plain`).
pub async fn raw_body(req: &mut Request) -> ApiResult<Vec<u8>> {
    read_capped(req).await
}

/// The query string's pairs, each at most 200 characters.
pub fn query_pairs(req: &Request) -> ApiResult<Vec<(String, String)>> {
    let url = req.url().map_err(|_| ApiError::internal())?;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.len() > 20 || pairs.iter().any(|(k, v)| k.len() > 200 || v.len() > 200) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "the query string is too long",
        ));
    }
    Ok(pairs)
}

/// Reads an authenticated merchant's JSON body (strict shape, size and type rules).
pub async fn merchant_json<T: DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    let bytes = read_limited(req).await?;
    Ok(parse_trusted_body(&bytes)?)
}

/// The binding secret a browser sends ([`amazon_pay_shared::binding::HEADER`]), if any.
pub fn binding_secret(req: &Request) -> Option<String> {
    req.headers()
        .get(amazon_pay_shared::binding::HEADER)
        .ok()
        .flatten()
}
