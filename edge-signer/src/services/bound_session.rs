//! A checkout session belongs to the browser that clicked its button
//! ([`amazon_pay_shared::binding`]): the button's payload carries the hash of the browser's
//! secret in its signed return URLs, and every later call of the return pages sends the secret.
//! A session the secret does not open answers exactly as a session Amazon does not know.

use amazon_pay_shared::api::{CheckoutSession, CheckoutSessionState};
use amazon_pay_shared::binding;
use amazon_pay_shared::payload::CheckoutSettings;
use amazon_pay_shared::wire::ErrorCode;

use super::amazon::read_checkout_session;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::upstream::map_amazon_error;

/// The answer for a session Amazon does not know, and for one the caller's secret does not
/// open: the same code, status and body, so a session's existence is not revealed.
pub fn not_found() -> ApiError {
    map_amazon_error(404, Some("ResourceNotFound"))
}

/// The checkout settings with the return URLs bound to `hash` (checked: 43 base64url
/// characters); without a hash, the settings as configured (an unbound session, which no later
/// call can use).
pub fn bound_settings(settings: &CheckoutSettings, hash: Option<&str>) -> ApiResult<CheckoutSettings> {
    let Some(hash) = hash else {
        return Ok(settings.clone());
    };
    if !binding::valid_hash(hash) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "bindingHash is not a base64url SHA-256 (43 characters)",
        ));
    }
    let mut bound = settings.clone();
    bound.review_return_url = binding::bind_url(&settings.review_return_url, hash);
    bound.result_return_url = binding::bind_url(&settings.result_return_url, hash);
    Ok(bound)
}

/// The binding hash of a button request: the hash of the secret the click sends in
/// [`binding::HEADER`] (the widget's way), else the `bindingHash` of the body; both given must
/// agree. A malformed secret is refused.
pub fn click_hash(secret: Option<&str>, body_hash: Option<String>) -> ApiResult<Option<String>> {
    let Some(secret) = secret else {
        return Ok(body_hash);
    };
    if !binding::valid_secret(secret) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "x-amazon-pay-binding is not a well-formed binding secret (base64url)",
        ));
    }
    let hash = binding::hash_secret(secret);
    if body_hash.as_deref().is_some_and(|h| h != hash) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "bindingHash is not the hash of x-amazon-pay-binding",
        ));
    }
    Ok(Some(hash))
}

/// The hash a session's stored return URLs carry (the review URL's, else the result URL's).
pub fn session_hash(session: &CheckoutSession) -> Option<String> {
    let web = session.web_checkout_details.as_ref()?;
    [&web.checkout_review_return_url, &web.checkout_result_return_url]
        .into_iter()
        .flatten()
        .find_map(|url| binding::hash_in_url(url).map(str::to_owned))
}

/// Whether `secret` opens `session`.
pub fn opens(session: &CheckoutSession, secret: Option<&str>) -> bool {
    let web = session.web_checkout_details.as_ref();
    binding::session_is_bound(
        secret,
        [
            web.and_then(|w| w.checkout_review_return_url.as_deref()),
            web.and_then(|w| w.checkout_result_return_url.as_deref()),
        ],
    )
}

/// Reads session `id` (checked) with Amazon's time, for the browser holding `secret`: an
/// unknown session and a session the secret does not open both answer [`not_found`].
pub async fn read_bound(
    config: &Config,
    id: &str,
    secret: Option<&str>,
) -> ApiResult<(CheckoutSession, i64)> {
    let (session, now): (CheckoutSession, i64) = match read_checkout_session(config, id).await {
        Ok(found) => found,
        Err(e) if e.code == ErrorCode::ResourceNotFound => return Err(not_found()),
        Err(e) => return Err(e),
    };
    if !opens(&session, secret) && !bare_canceled(&session, secret) {
        return Err(not_found());
    }
    Ok((session, now))
}

/// A canceled session answered without its return URLs (and so without anything of the
/// buyer: only its id, state and reason) cannot be checked against a secret; a browser that
/// holds a well-formed secret is told its state, so that a result page can explain a decline
/// or a cancel. A caller without a secret is still answered [`not_found`].
fn bare_canceled(session: &CheckoutSession, secret: Option<&str>) -> bool {
    let web = session.web_checkout_details.as_ref();
    *session.state() == CheckoutSessionState::Canceled
        && web.and_then(|w| w.checkout_review_return_url.as_ref()).is_none()
        && web.and_then(|w| w.checkout_result_return_url.as_ref()).is_none()
        && session.buyer.is_none()
        && session.shipping_address.is_none()
        && session.billing_address.is_none()
        && secret.is_some_and(binding::valid_secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    #[test]
    fn the_click_hash_is_the_headers_secret_hashed_else_the_bodys() {
        let hash = binding::hash_secret(SECRET);
        assert_eq!(click_hash(Some(SECRET), None).unwrap(), Some(hash.clone()));
        assert_eq!(
            click_hash(Some(SECRET), Some(hash.clone())).unwrap(),
            Some(hash.clone())
        );
        assert_eq!(click_hash(None, Some(hash.clone())).unwrap(), Some(hash));
        assert_eq!(click_hash(None, None).unwrap(), None);
    }

    #[test]
    fn a_malformed_secret_or_a_hash_of_another_secret_is_refused() {
        for bad in ["", "not base64url!", "a"] {
            assert_eq!(
                click_hash(Some(bad), None).unwrap_err().code,
                ErrorCode::InvalidRequest,
                "{bad:?}"
            );
        }
        let other = binding::hash_secret("BBECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        assert_eq!(
            click_hash(Some(SECRET), Some(other)).unwrap_err().code,
            ErrorCode::InvalidRequest
        );
    }
}
