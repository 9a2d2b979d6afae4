//! Console sessions. Signing in with the merchant API token opens one: a random 32-byte id in
//! a cookie, signed with HMAC-SHA-256 under a key derived from the current merchant API token (a
//! new token ends every session), and a row in the ledger keyed by the SHA-256 of the id, holding
//! the session's CSRF token and its last request. A session ends when it is signed out (the row
//! is marked ended, so a copied cookie stops working at once) or after [`IDLE_SECS`] without a
//! request; every request inside that time renews it (sliding expiry).

use amazon_pay_shared::wire::ErrorCode;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use worker::Request;

use super::cookies;
use crate::clock::isolate_now;
use crate::config::Config;
use crate::crypto::secret_hex;
use crate::error::{ApiError, ApiResult};
use crate::ledger::Ledger;

/// The session cookie's name.
pub const COOKIE: &str = "console_session";
/// A session ends after this long without a request: 8 hours.
pub const IDLE_SECS: i64 = 8 * 3600;

/// A live session of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleSession {
    /// SHA-256 (hex) of the session id: the ledger's key.
    pub id_hash: String,
    /// The session's CSRF token (every form carries it).
    pub csrf: String,
    /// The cookie to send back (renewed expiry).
    pub set_cookie: String,
}

fn mac(config: &Config, id: &str) -> Hmac<Sha256> {
    let key = Sha256::new()
        .chain_update(b"amazon-pay-edge console session v1\0")
        .chain_update(config.merchant_tokens.current.expose())
        .finalize();
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(id.as_bytes());
    mac
}

/// The cookie value of session id `id`: `id.hex(HMAC)`.
pub fn cookie_value(config: &Config, id: &str) -> String {
    format!("{id}.{}", hex::encode(mac(config, id).finalize().into_bytes()))
}

/// The session id of a cookie value whose signature verifies (in constant time).
pub fn verified_id(config: &Config, value: &str) -> Option<String> {
    let (id, tag) = value.split_once('.')?;
    if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let tag = hex::decode(tag).ok()?;
    mac(config, id).verify_slice(&tag).ok()?;
    Some(id.to_owned())
}

fn hash(id: &str) -> String {
    hex::encode(Sha256::digest(id.as_bytes()))
}

fn session_required() -> ApiError {
    ApiError::new(
        ErrorCode::ConsoleSessionRequired,
        "sign in to the console first (the session ended or never started)",
    )
}

/// Opens a session (the merchant API token was just checked); answers its `Set-Cookie`.
pub async fn start(req: &Request, config: &Config, ledger: &Ledger) -> ApiResult<String> {
    let (Some(id), Some(csrf)) = (secret_hex(), secret_hex()) else {
        return Err(ApiError::internal().with_detail("no secure random source"));
    };
    ledger
        .open_console_session(&hash(&id), &csrf, isolate_now())
        .await?;
    Ok(cookies::set(
        COOKIE,
        &cookie_value(config, &id),
        IDLE_SECS,
        cookies::is_https(req),
    ))
}

/// The request's live session, renewed; `CONSOLE_SESSION_REQUIRED` without one.
pub async fn require(req: &Request, config: &Config, ledger: &Ledger) -> ApiResult<ConsoleSession> {
    ledger.require()?;
    let value = cookies::read(req, COOKIE).ok_or_else(session_required)?;
    let id = verified_id(config, &value).ok_or_else(session_required)?;
    let id_hash = hash(&id);
    let row = ledger
        .console_session(&id_hash)
        .await?
        .ok_or_else(session_required)?;
    let now = isolate_now();
    if row.ended_at.is_some() || now - row.last_seen_at > IDLE_SECS {
        return Err(session_required());
    }
    ledger.touch_console_session(&id_hash, now).await?;
    Ok(ConsoleSession {
        id_hash,
        csrf: row.csrf,
        set_cookie: cookies::set(COOKIE, &value, IDLE_SECS, cookies::is_https(req)),
    })
}

/// Ends the session for good; answers the `Set-Cookie` that removes the cookie.
pub async fn end(req: &Request, ledger: &Ledger, session: &ConsoleSession) -> ApiResult<String> {
    ledger
        .end_console_session(&session.id_hash, isolate_now(), IDLE_SECS)
        .await?;
    Ok(cookies::set(COOKIE, "", 0, cookies::is_https(req)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{base, settings};

    #[test]
    fn only_cookies_signed_under_the_current_token_verify() {
        let m = base();
        let config = Config::from_settings(&settings(&m)).unwrap();
        let id = "ab".repeat(32);
        let value = cookie_value(&config, &id);
        assert_eq!(verified_id(&config, &value), Some(id.clone()));
        // Another id under the same signature, a changed signature, a malformed value: none.
        let (_, tag) = value.split_once('.').unwrap();
        assert_eq!(verified_id(&config, &format!("{}.{tag}", "cd".repeat(32))), None);
        let mut flipped = tag.to_owned().into_bytes();
        flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(verified_id(&config, &format!("{id}.{flipped}")), None);
        for bad in ["", ".", "abc.def", &id] {
            assert_eq!(verified_id(&config, bad), None, "{bad}");
        }
        // A new merchant token ends every session.
        let mut rotated = base();
        rotated.insert(
            "MERCHANT_API_TOKEN",
            "another-merchant-token-0123456789abcdef".into(),
        );
        let rotated = Config::from_settings(&settings(&rotated)).unwrap();
        assert_eq!(verified_id(&rotated, &value), None);
    }
}
