//! The canonical request and the string to sign.

use sha2::{Digest, Sha256};

use super::{Algorithm, SigningError};

/// Lower-case hex SHA-256 of bytes.
pub fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// RFC 3986 percent-encoding: every byte except `A-Z a-z 0-9 - _ . ~`, upper-case hex.
pub fn rfc3986_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Result<Vec<u8>, SigningError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .ok_or(SigningError::InvalidQuery("truncated percent escape"))?;
                let hex =
                    std::str::from_utf8(hex).map_err(|_| SigningError::InvalidQuery("bad percent escape"))?;
                let value = u8::from_str_radix(hex, 16)
                    .map_err(|_| SigningError::InvalidQuery("bad percent escape"))?;
                out.push(value);
                i += 3;
            }
            b if b.is_ascii_graphic() && b != b'#' => {
                out.push(b);
                i += 1;
            }
            _ => {
                return Err(SigningError::InvalidQuery(
                    "space, control or non-ASCII character",
                ))
            }
        }
    }
    Ok(out)
}

/// Canonicalises a query string as it appears in a URL (percent-encoded, without the `?`):
/// every name and value is decoded and re-encoded with [`rfc3986_encode`], pairs are sorted by
/// encoded name and then encoded value (byte order) and joined with `&`. `+` is a literal plus
/// (RFC 3986), not a space. An empty query gives an empty string.
pub fn canonical_query(raw: &str) -> Result<String, SigningError> {
    let raw = raw.strip_prefix('?').unwrap_or(raw);
    if raw.is_empty() {
        return Ok(String::new());
    }
    let mut pairs = Vec::new();
    for part in raw.split('&') {
        if part.is_empty() {
            continue;
        }
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        if name.is_empty() {
            return Err(SigningError::InvalidQuery("empty parameter name"));
        }
        pairs.push((
            rfc3986_encode(&percent_decode(name)?),
            rfc3986_encode(&percent_decode(value)?),
        ));
    }
    pairs.sort();
    Ok(pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&"))
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Checks an HTTP method: 1 to 16 upper-case ASCII letters.
pub(crate) fn validate_method(method: &str) -> Result<(), SigningError> {
    if !method.is_empty() && method.len() <= 16 && method.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(SigningError::InvalidMethod)
    }
}

/// Checks a request path: starts with `/`, at most 2048 bytes, RFC 3986 path characters only.
pub(crate) fn validate_path(path: &str) -> Result<(), SigningError> {
    if !path.starts_with('/') {
        return Err(SigningError::InvalidPath("must start with '/'"));
    }
    if path.len() > 2048 {
        return Err(SigningError::InvalidPath("longer than 2048 bytes"));
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b);
    if !path.bytes().all(allowed) {
        return Err(SigningError::InvalidPath(
            "characters outside RFC 3986 path characters",
        ));
    }
    Ok(())
}

/// Checks a header name (an HTTP token) and returns it lower-cased.
pub(crate) fn normalise_header_name(name: &str) -> Result<String, SigningError> {
    if name.is_empty() || name.len() > 256 || !name.bytes().all(is_token_char) {
        return Err(SigningError::InvalidHeaderName(name.chars().take(40).collect()));
    }
    Ok(name.to_ascii_lowercase())
}

/// Checks a header value (no control characters except tab) and returns it trimmed.
pub(crate) fn normalise_header_value<'v>(name: &str, value: &'v str) -> Result<&'v str, SigningError> {
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(SigningError::InvalidHeaderValue(name.chars().take(40).collect()));
    }
    Ok(value.trim_matches(|c: char| c == ' ' || c == '\t'))
}

/// A canonical request and the `SignedHeaders` list that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The canonical request text that is hashed.
    pub text: String,
    /// The signed header names, lower-case, sorted, joined with `;`.
    pub signed_headers: String,
}

/// Builds the canonical request.
///
/// * `method`: upper-case HTTP method.
/// * `path`: the URI path exactly as sent (with any `/sandbox` or `/live` prefix), unencoded
///   further.
/// * `query`: the URL's query string as sent (see [`canonical_query`]).
/// * `headers`: the request headers. Names are lower-cased, values trimmed, headers sorted by
///   name; a name given twice has its values joined with `,` in the order given.
/// * `signed`: which headers to sign. `None` signs every header given (what a signer does);
///   `Some(list)` signs exactly those (what a verifier does with the list from `Authorization`),
///   and a listed header that is absent is an error carrying its name.
/// * `body`: the exact body bytes (hashed as they are, never re-serialised).
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    signed: Option<&[String]>,
    body: &[u8],
) -> Result<CanonicalRequest, SigningError> {
    validate_method(method)?;
    validate_path(path)?;
    let query = canonical_query(query)?;

    let mut normalised: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let name = normalise_header_name(name)?;
        let value = normalise_header_value(&name, value)?;
        match normalised.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            None => normalised.push((name, value.to_owned())),
        }
    }
    let mut selected: Vec<(String, String)> = match signed {
        None => normalised,
        Some(list) => {
            let mut out = Vec::with_capacity(list.len());
            for wanted in list {
                let wanted = wanted.to_ascii_lowercase();
                let value = normalised
                    .iter()
                    .find(|(n, _)| *n == wanted)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| SigningError::SignedHeaderMissing(wanted.chars().take(64).collect()))?;
                if !out.iter().any(|(n, _): &(String, String)| *n == wanted) {
                    out.push((wanted, value));
                }
            }
            out
        }
    };
    selected.sort();

    let mut text = String::with_capacity(256);
    text.push_str(method);
    text.push('\n');
    text.push_str(path);
    text.push('\n');
    text.push_str(&query);
    text.push('\n');
    for (name, value) in &selected {
        text.push_str(name);
        text.push(':');
        text.push_str(value);
        text.push('\n');
    }
    text.push('\n');
    let signed_headers = selected
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    text.push_str(&signed_headers);
    text.push('\n');
    text.push_str(&hex_sha256(body));
    Ok(CanonicalRequest { text, signed_headers })
}

/// `Algorithm \n hex(sha256(canonical_request))`.
pub fn string_to_sign(algorithm: Algorithm, canonical_request: &str) -> String {
    format!(
        "{}\n{}",
        algorithm.name(),
        hex_sha256(canonical_request.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn empty_body_hash() {
        assert_eq!(
            hex_sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn query_is_decoded_reencoded_and_sorted() {
        assert_eq!(canonical_query("").unwrap(), "");
        assert_eq!(canonical_query("?").unwrap(), "");
        assert_eq!(canonical_query("b=2&a=1").unwrap(), "a=1&b=2");
        assert_eq!(canonical_query("a=2&a=1").unwrap(), "a=1&a=2");
        assert_eq!(
            canonical_query("Zeta=1&merchantId=2").unwrap(),
            "Zeta=1&merchantId=2"
        );
        assert_eq!(canonical_query("k=a%20b%2Bc%2Fd").unwrap(), "k=a%20b%2Bc%2Fd");
        assert_eq!(canonical_query("k=a+b").unwrap(), "k=a%2Bb");
        assert_eq!(canonical_query("k=*!'()").unwrap(), "k=%2A%21%27%28%29");
        assert_eq!(canonical_query("k=%7e%41").unwrap(), "k=~A");
        assert_eq!(canonical_query("k=%E2%82%AC").unwrap(), "k=%E2%82%AC");
        assert_eq!(canonical_query("flag").unwrap(), "flag=");
        assert_eq!(canonical_query("a=1&&b=2").unwrap(), "a=1&b=2");
    }

    #[test]
    fn query_refuses_broken_escapes() {
        for bad in ["k=%", "k=%4", "k=%zz", "k=a b", "=v", "k=\u{e9}", "k=a#b"] {
            assert!(canonical_query(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn canonical_request_layout() {
        let c = canonical_request(
            "POST",
            "/v2/charges",
            "",
            &h(&[
                ("X-Amz-Pay-Region", "jp"),
                ("accept", " application/json "),
                ("x-amz-pay-date", "20261123T101010Z"),
            ]),
            None,
            b"{}",
        )
        .unwrap();
        assert_eq!(c.signed_headers, "accept;x-amz-pay-date;x-amz-pay-region");
        assert_eq!(
            c.text,
            format!(
                "POST\n/v2/charges\n\naccept:application/json\nx-amz-pay-date:20261123T101010Z\nx-amz-pay-region:jp\n\naccept;x-amz-pay-date;x-amz-pay-region\n{}",
                hex_sha256(b"{}")
            )
        );
    }

    #[test]
    fn verifier_selects_listed_headers_only() {
        let headers = h(&[("accept", "a"), ("user-agent", "ua"), ("x-amz-pay-host", "h")]);
        let listed = vec!["x-amz-pay-host".to_string(), "Accept".to_string()];
        let c = canonical_request("GET", "/v2/x", "", &headers, Some(&listed), b"").unwrap();
        assert_eq!(c.signed_headers, "accept;x-amz-pay-host");
        let missing = vec!["x-amz-pay-date".to_string()];
        assert_eq!(
            canonical_request("GET", "/v2/x", "", &headers, Some(&missing), b"").unwrap_err(),
            SigningError::SignedHeaderMissing("x-amz-pay-date".into())
        );
    }

    #[test]
    fn duplicate_headers_join_in_order() {
        let c = canonical_request("GET", "/", "", &h(&[("x-a", "1"), ("X-A", "2")]), None, b"").unwrap();
        assert!(c.text.contains("x-a:1,2\n"));
    }

    #[test]
    fn refuses_bad_parts() {
        let ok = h(&[("accept", "x")]);
        assert!(canonical_request("get", "/", "", &ok, None, b"").is_err());
        assert!(canonical_request("GET", "v2", "", &ok, None, b"").is_err());
        assert!(canonical_request("GET", "/a b", "", &ok, None, b"").is_err());
        assert!(canonical_request("GET", "/a?b", "", &ok, None, b"").is_err());
        assert!(canonical_request("GET", "/", "", &h(&[("bad name", "x")]), None, b"").is_err());
        assert!(canonical_request("GET", "/", "", &h(&[("", "x")]), None, b"").is_err());
        assert!(canonical_request("GET", "/", "", &h(&[("x", "a\r\nb")]), None, b"").is_err());
    }

    #[test]
    fn string_to_sign_form() {
        assert_eq!(
            string_to_sign(Algorithm::V1, ""),
            "AMZN-PAY-RSASSA-PSS\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
