//! Cross-site request forgery: every console form carries its session's CSRF token (a random
//! 32-byte value kept with the session in the ledger, compared in constant time), and a form
//! sent from another origin (`Origin`, or `Sec-Fetch-Site: cross-site`) is refused whatever it
//! carries. The session cookie is `SameSite=Strict` besides.

use amazon_pay_shared::wire::ErrorCode;
use worker::Request;

use super::form::Form;
use super::session::ConsoleSession;
use crate::crypto::constant_time_eq;
use crate::error::{ApiError, ApiResult};

/// The form field carrying the token.
pub const FIELD: &str = "csrf";

fn refused(message: &str) -> ApiError {
    ApiError::new(ErrorCode::ConsoleFormRefused, message.to_owned())
}

/// The request's own origin (`scheme://host[:port]`).
pub fn own_origin(req: &Request) -> Option<String> {
    req.url().ok().map(|u| u.origin().ascii_serialization())
}

/// Refuses a form sent from another origin.
pub fn check_origin(req: &Request) -> ApiResult<()> {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    if header("sec-fetch-site").as_deref() == Some("cross-site") {
        return Err(refused("this form was sent from another site"));
    }
    match header("origin") {
        Some(origin) if Some(origin.as_str()) != own_origin(req).as_deref() => {
            Err(refused("this form was sent from another origin"))
        }
        _ => Ok(()),
    }
}

/// Checks the form's origin and its CSRF token against the session's.
pub fn check(req: &Request, session: &ConsoleSession, form: &Form) -> ApiResult<()> {
    check_origin(req)?;
    let sent = form.get(FIELD).unwrap_or("");
    if sent.is_empty() || !constant_time_eq(sent.as_bytes(), session.csrf.as_bytes()) {
        return Err(refused(
            "this form is out of date (its security token does not belong to your session); open the page again",
        ));
    }
    Ok(())
}
