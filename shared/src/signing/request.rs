use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::canonical::{self, normalise_header_name, normalise_header_value, validate_method, validate_path};
use super::{Algorithm, CanonicalRequest, SigningError};
use crate::keys::RsaPssSign;
use crate::region::{PublicKeyId, Region};

/// The headers every request signs by default, besides `x-amz-pay-idempotency-key` when set.
pub const DEFAULT_SIGNED_HEADERS: [&str; 5] = [
    "accept",
    "content-type",
    "x-amz-pay-date",
    "x-amz-pay-host",
    "x-amz-pay-region",
];

/// An `x-amz-pay-idempotency-key`: 1 to 32 characters of `[A-Za-z0-9_-]`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Validates a key.
    pub fn parse(s: &str) -> Result<IdempotencyKey, SigningError> {
        let ok = !s.is_empty()
            && s.len() <= 32
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| IdempotencyKey(s.to_owned()))
            .ok_or(SigningError::InvalidIdempotencyKey)
    }

    /// Derives a key from a logical operation name, so that a retry of the same operation
    /// reuses it: 32 hex characters of SHA-256 over the parts.
    pub fn derive(parts: &[&str]) -> IdempotencyKey {
        let mut joined = String::new();
        for p in parts {
            joined.push_str(&p.len().to_string());
            joined.push(':');
            joined.push_str(p);
        }
        IdempotencyKey(canonical::hex_sha256(joined.as_bytes())[..32].to_owned())
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who signs and where requests go: key id, region, environment, algorithm and API host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientProfile {
    /// The merchant's public key id.
    pub public_key_id: PublicKeyId,
    /// The API region.
    pub region: Region,
    /// The sandbox flag (decides the path prefix of legacy key ids only).
    pub sandbox: bool,
    /// The signature algorithm.
    pub algorithm: Algorithm,
}

impl ClientProfile {
    /// The real API host of the region.
    pub fn api_host(&self) -> &'static str {
        self.region.api_host()
    }

    /// Builds everything of a request except the signature, with the region's API host as
    /// `x-amz-pay-host`. `date` goes verbatim into `x-amz-pay-date`.
    pub fn prepare(&self, request: &ApiRequest, date: &str) -> Result<PreparedRequest, SigningError> {
        self.prepare_for_host(request, date, self.api_host())
    }

    /// Like [`ClientProfile::prepare`], for a different host (the local sandbox). The host is
    /// what the server will see, without scheme; include a port when it is not the default.
    pub fn prepare_for_host(
        &self,
        request: &ApiRequest,
        date: &str,
        host: &str,
    ) -> Result<PreparedRequest, SigningError> {
        let mut headers: Vec<(String, String)> = vec![
            ("accept".into(), "application/json".into()),
            ("content-type".into(), "application/json".into()),
            ("x-amz-pay-date".into(), date.into()),
            ("x-amz-pay-host".into(), host.into()),
            ("x-amz-pay-region".into(), self.region.as_str().into()),
        ];
        if let Some(key) = &request.idempotency_key {
            headers.push(("x-amz-pay-idempotency-key".into(), key.as_str().into()));
        }
        for (name, value) in &request.headers {
            match headers.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value.clone(),
                None => headers.push((name.clone(), value.clone())),
            }
        }
        for (name, value) in &headers {
            normalise_header_name(name)?;
            normalise_header_value(name, value)?;
        }
        headers.sort();
        let path = format!("{}{}", self.public_key_id.path_prefix(self.sandbox), request.path);
        let canonical = canonical::canonical_request(
            &request.method,
            &path,
            &request.query,
            &headers,
            None,
            &request.body,
        )?;
        let string_to_sign = canonical::string_to_sign(self.algorithm, &canonical.text);
        Ok(PreparedRequest {
            method: request.method.clone(),
            path,
            query: request.query.clone(),
            headers,
            body: request.body.clone(),
            canonical,
            string_to_sign,
            algorithm: self.algorithm,
            public_key_id: self.public_key_id.clone(),
        })
    }
}

/// An Amazon Pay API call before signing: method, API path (`/v2/…`, without any
/// `/sandbox` or `/live` prefix), query, extra headers, body and idempotency key.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    idempotency_key: Option<IdempotencyKey>,
}

impl ApiRequest {
    /// A request with no query, no extra headers and an empty body.
    pub fn new(method: &str, path: &str) -> Result<ApiRequest, SigningError> {
        validate_method(method)?;
        validate_path(path)?;
        Ok(ApiRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            query: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
            idempotency_key: None,
        })
    }

    /// Sets the query string as it appears in the URL (percent-encoded, no `?`).
    pub fn with_query(mut self, query: &str) -> Result<ApiRequest, SigningError> {
        canonical::canonical_query(query)?;
        self.query = query.strip_prefix('?').unwrap_or(query).to_owned();
        Ok(self)
    }

    /// Adds a header to send and sign. It replaces a default of the same name
    /// (case-insensitive); a name given twice is sent with both values.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<ApiRequest, SigningError> {
        let name = normalise_header_name(name)?;
        let value = normalise_header_value(&name, value)?.to_owned();
        if name == "authorization" {
            return Err(SigningError::InvalidHeaderName(name));
        }
        if name == "x-amz-pay-idempotency-key" {
            self.idempotency_key = Some(IdempotencyKey::parse(&value)?);
            return Ok(self);
        }
        match self.headers.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => {
                slot.1.push(',');
                slot.1.push_str(&value);
            }
            None => self.headers.push((name, value)),
        }
        Ok(self)
    }

    /// Sets the exact body bytes (hashed and sent as they are).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> ApiRequest {
        self.body = body.into();
        self
    }

    /// Sets the idempotency key (sent and signed as `x-amz-pay-idempotency-key`).
    pub fn with_idempotency_key(mut self, key: IdempotencyKey) -> ApiRequest {
        self.idempotency_key = Some(key);
        self
    }

    /// The method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The API path, without an environment prefix.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The idempotency key, if any.
    pub fn idempotency_key(&self) -> Option<&IdempotencyKey> {
        self.idempotency_key.as_ref()
    }
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

/// A request with its canonical form and string to sign, waiting for the RSA signature.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    canonical: CanonicalRequest,
    string_to_sign: String,
    algorithm: Algorithm,
    public_key_id: PublicKeyId,
}

impl PreparedRequest {
    /// The canonical request.
    pub fn canonical_request(&self) -> &CanonicalRequest {
        &self.canonical
    }

    /// The string the RSA operation signs.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The algorithm (its salt length is what the RSA operation must use).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The headers to send (lower-case names, sorted), without `authorization`.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The full path with any environment prefix.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Completes the request with raw signature bytes made over [`Self::string_to_sign`].
    pub fn finish(self, signature: &[u8]) -> SignedRequest {
        let authorization = format!(
            "{} PublicKeyId={}, SignedHeaders={}, Signature={}",
            self.algorithm.name(),
            self.public_key_id,
            self.canonical.signed_headers,
            STANDARD.encode(signature)
        );
        let mut headers = self.headers;
        headers.push(("authorization".into(), authorization));
        headers.sort();
        SignedRequest {
            method: self.method,
            path: self.path,
            query: self.query,
            headers,
            body: self.body,
        }
    }

    /// Signs with a synchronous RSA implementation and completes the request.
    pub fn sign_with(self, key: &impl RsaPssSign) -> Result<SignedRequest, SigningError> {
        let signature = key.sign_pss_sha256(self.algorithm.salt_len(), self.string_to_sign.as_bytes())?;
        Ok(self.finish(&signature))
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("signed_headers", &self.canonical.signed_headers)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// A signed request, ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// HTTP method.
    pub method: String,
    /// Path with any environment prefix.
    pub path: String,
    /// Query string as sent (no `?`).
    pub query: String,
    /// All headers including `authorization`, lower-case names, sorted.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl SignedRequest {
    /// A header's value by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Path plus `?query` when there is one.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "header_names",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(key: &str, sandbox: bool) -> ClientProfile {
        ClientProfile {
            public_key_id: PublicKeyId::parse(key).unwrap(),
            region: Region::Jp,
            sandbox,
            algorithm: Algorithm::V2,
        }
    }

    #[test]
    fn default_headers_and_prefix() {
        let req = ApiRequest::new("POST", "/v2/charges")
            .unwrap()
            .with_body(&b"{}"[..])
            .with_idempotency_key(IdempotencyKey::parse("abc_DEF-123").unwrap());
        let p = profile("SANDBOX-K1", true)
            .prepare(&req, "20261123T101010Z")
            .unwrap();
        assert_eq!(p.path(), "/v2/charges");
        assert_eq!(
            p.canonical_request().signed_headers,
            "accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region"
        );
        assert!(p
            .canonical_request()
            .text
            .contains("x-amz-pay-host:pay-api.amazon.jp\n"));
        let legacy = profile("LEGACYKEY", true).prepare(&req, "d").unwrap();
        assert_eq!(legacy.path(), "/sandbox/v2/charges");
        assert!(legacy
            .canonical_request()
            .text
            .starts_with("POST\n/sandbox/v2/charges\n"));
        assert_eq!(
            profile("LEGACYKEY", false).prepare(&req, "d").unwrap().path(),
            "/live/v2/charges"
        );
    }

    #[test]
    fn given_headers_replace_defaults() {
        let req = ApiRequest::new("GET", "/v2/x")
            .unwrap()
            .with_header("Accept", "text/plain")
            .unwrap()
            .with_header("x-amz-pay-authtoken", "t")
            .unwrap();
        let p = profile("SANDBOX-K1", true).prepare(&req, "d").unwrap();
        assert!(p.canonical_request().text.contains("accept:text/plain\n"));
        assert!(!p.canonical_request().text.contains("application/json\naccept"));
        assert!(p
            .canonical_request()
            .signed_headers
            .contains("x-amz-pay-authtoken"));
        assert_eq!(p.headers().iter().filter(|(n, _)| n == "accept").count(), 1);
    }

    #[test]
    fn idempotency_key_rules() {
        assert!(IdempotencyKey::parse(&"a".repeat(32)).is_ok());
        for bad in ["", &"a".repeat(33), "a b", "a.b", "ü"] {
            assert_eq!(
                IdempotencyKey::parse(bad).unwrap_err().code(),
                "SIGNING_INVALID_IDEMPOTENCY_KEY"
            );
        }
        let a = IdempotencyKey::derive(&["capture", "P01-1-C1"]);
        assert_eq!(a, IdempotencyKey::derive(&["capture", "P01-1-C1"]));
        assert_ne!(a, IdempotencyKey::derive(&["capture", "P01-1-C2"]));
        assert_ne!(
            IdempotencyKey::derive(&["ab", "c"]),
            IdempotencyKey::derive(&["a", "bc"])
        );
        assert!(IdempotencyKey::parse(a.as_str()).is_ok());
        assert!(ApiRequest::new("GET", "/")
            .unwrap()
            .with_header("authorization", "x")
            .is_err());
    }
}
