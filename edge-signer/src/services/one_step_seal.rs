//! One-step payloads expire ([`amazon_pay_shared::payload_seal`]): a payload Amazon completes
//! without a place-order (checkout mode `ProcessOrder`: the one-step flow, setup only, the
//! Additional Payment Button) carries a seal over its order and an expiry in
//! `merchantMetadata.customInformation`, keyed with a key derived from the signing private key
//! (no setting). During a key rotation a seal of either configured pair is accepted; removing a
//! pair retires the payloads it sealed. Completing a session whose seal is missing, changed or
//! expired is refused.

use amazon_pay_shared::api::{CheckoutMode, CheckoutSession, CreateCheckoutSessionRequest};
use amazon_pay_shared::payload_seal::{check, seal, SealError, Sealed};

use crate::config::Config;
use crate::error::{ApiError, ApiResult};

/// The signer's own HMAC key, derived from the signing private key (also the key of the
/// sign-in state, [`amazon_pay_shared::sign_in_state`]).
pub fn key(config: &Config) -> &[u8] {
    config.keys.signing.seal_key.expose()
}

/// Every key a seal or sign-in state of this signer may carry: the signing pair's first, then
/// the other configured pair's during a rotation.
pub fn keys(config: &Config) -> impl Iterator<Item = &[u8]> {
    config.keys.pairs().map(|p| p.seal_key.expose())
}

/// Seals a payload Amazon completes without a place-order (`ProcessOrder`) and answers `true`;
/// any other payload is left as it is (`false`).
pub fn seal_payload(config: &Config, payload: &mut CreateCheckoutSessionRequest, now: i64) -> bool {
    let one_step = payload
        .web_checkout_details
        .as_ref()
        .and_then(|w| w.checkout_mode.as_ref())
        == Some(&CheckoutMode::ProcessOrder);
    if !one_step {
        return false;
    }
    let price = payload
        .payment_details
        .as_ref()
        .and_then(|p| p.charge_amount.clone());
    let metadata = payload.merchant_metadata.get_or_insert_with(Default::default);
    let reference = metadata.merchant_reference_id.clone().unwrap_or_default();
    let order = Sealed {
        reference: &reference,
        amount: price.as_ref().map_or("", |p| p.amount.as_str()),
        currency: price.as_ref().map_or("", |p| p.currency_code.as_str()),
    };
    metadata.custom_information = Some(seal(key(config), &order, now));
    true
}

/// Checks the seal of a session Amazon completes without a place-order at Amazon's time `now`;
/// a review-flow session (no `ProcessOrder`) passes. The refusal names the expiry in the log
/// line only.
pub fn check_session(config: &Config, session: &CheckoutSession, now: i64) -> ApiResult<()> {
    let one_step = session
        .web_checkout_details
        .as_ref()
        .and_then(|w| w.checkout_mode.as_ref())
        == Some(&CheckoutMode::ProcessOrder);
    if !one_step {
        return Ok(());
    }
    let metadata = session.merchant_metadata.as_ref();
    let price = session
        .payment_details
        .as_ref()
        .and_then(|p| p.charge_amount.as_ref());
    let order = Sealed {
        reference: metadata
            .and_then(|m| m.merchant_reference_id.as_deref())
            .unwrap_or(""),
        amount: price.map_or("", |p| p.amount.as_str()),
        currency: price.map_or("", |p| p.currency_code.as_str()),
    };
    let stored = metadata.and_then(|m| m.custom_information.as_deref());
    // A seal made under either key pair counts; an expired one is refused as expired.
    let checked = keys(config)
        .map(|k| check(k, stored, &order, now))
        .find(|r| r != &Err(SealError::Foreign))
        .unwrap_or(Err(SealError::Foreign));
    checked.map_err(|e| {
        ApiError::new(
            e.code(),
            "this checkout can no longer be completed; start again from the cart",
        )
        .with_detail(format!("one-step seal refused: {e} (now {now})"))
    })
}
