//! Update Checkout Session at place-order, when Amazon's answer may be lost.
//!
//! An update whose every attempt went unanswered (5xx, 408/425/429, timeouts, network errors
//! after the retries), or whose 2xx answer could not be read, may still have been applied:
//! Amazon lets a session be updated any number of times until the buyer goes to
//! `amazonPayRedirectUrl` (Amazon Pay's "Set payment info" step,
//! <https://developer.amazon.com/docs/amazon-pay-checkout/set-payment-info.html>), so the outcome
//! is settled by reading the session once more. If it is
//! `Open` with exactly the amount, merchant reference and result URL sent, the update happened
//! and the read session is its answer (the ledger then records the order Amazon has); else the
//! original failure is answered and nothing is written (the ledger claims no order Amazon does
//! not have). A plain refusal (4xx) is answered as it is, without a read.

use amazon_pay_shared::api::{CheckoutSession, CheckoutSessionState};
use amazon_pay_shared::money::Money;

use super::amazon::read_checkout_session;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::log;
use crate::upstream::{self, retryable, Call, Failure};

/// What a successful update leaves on the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    /// `paymentDetails.chargeAmount`.
    pub amount: Money,
    /// `merchantMetadata.merchantReferenceId`.
    pub reference: &'a str,
    /// `webCheckoutDetails.checkoutResultReturnUrl` (bound to the browser).
    pub result_url: &'a str,
}

/// Whether `session` is open and carries everything of the update.
pub fn shows(session: &CheckoutSession, expected: &Expected<'_>) -> bool {
    let amount = session
        .payment_details
        .as_ref()
        .and_then(|p| p.charge_amount.as_ref())
        .and_then(|price| price.to_money().ok());
    let reference = session
        .merchant_metadata
        .as_ref()
        .and_then(|m| m.merchant_reference_id.as_deref());
    let result_url = session
        .web_checkout_details
        .as_ref()
        .and_then(|w| w.checkout_result_return_url.as_deref());
    *session.state() == CheckoutSessionState::Open
        && amount == Some(expected.amount)
        && reference == Some(expected.reference)
        && result_url == Some(expected.result_url)
}

/// Whether a failure leaves open whether Amazon applied the call.
pub fn answer_lost(failure: &Failure) -> bool {
    match failure {
        Failure::Status { status, .. } => retryable(*status),
        Failure::Timeout | Failure::Network | Failure::BadAnswer => true,
        Failure::Local(_) => false,
    }
}

/// Sends the update `call` of session `id` (checked) and answers the updated session with
/// Amazon's time; a lost answer is settled by reading the session (see the module docs).
pub async fn update(
    config: &Config,
    id: &str,
    call: &Call,
    expected: &Expected<'_>,
) -> ApiResult<(CheckoutSession, i64)> {
    let failure = match upstream::send(config, call).await {
        Ok(answer) => match answer.json::<CheckoutSession>() {
            Ok(session) => return Ok((session, answer.now())),
            Err(failure) => failure,
        },
        Err(failure) => failure,
    };
    if !answer_lost(&failure) {
        return Err(failure.into());
    }
    let read: Result<(CheckoutSession, i64), ApiError> = read_checkout_session(config, id).await;
    match read {
        Ok((session, now)) if shows(&session, expected) => {
            log::event(
                "warn",
                "update_answer_lost",
                &[("checkoutSessionId", id.into()), ("applied", true.into())],
            );
            Ok((session, now))
        }
        _ => {
            log::event(
                "warn",
                "update_answer_lost",
                &[("checkoutSessionId", id.into()), ("applied", false.into())],
            );
            Err(failure.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amazon_pay_shared::money::Currency;

    fn session(state: &str, amount: &str, reference: &str, result_url: &str) -> CheckoutSession {
        serde_json::from_value(serde_json::json!({
            "checkoutSessionId": "5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d",
            "statusDetails": {"state": state},
            "paymentDetails": {"chargeAmount": {"amount": amount, "currencyCode": "JPY"}},
            "merchantMetadata": {"merchantReferenceId": reference},
            "webCheckoutDetails": {"checkoutResultReturnUrl": result_url},
        }))
        .unwrap()
    }

    #[test]
    fn only_the_whole_update_on_an_open_session_counts() {
        let expected = Expected {
            amount: Money::from_minor(1_200, Currency::Jpy),
            reference: "order-1",
            result_url: "https://shop.example/result#b=x",
        };
        let applied = session("Open", "1200", "order-1", "https://shop.example/result#b=x");
        assert!(shows(&applied, &expected));
        for other in [
            session("Open", "1300", "order-1", "https://shop.example/result#b=x"),
            session("Open", "1200", "order-2", "https://shop.example/result#b=x"),
            session("Open", "1200", "order-1", "https://shop.example/result"),
            session("Canceled", "1200", "order-1", "https://shop.example/result#b=x"),
        ] {
            assert!(!shows(&other, &expected), "{other:?}");
        }
        let bare: CheckoutSession = serde_json::from_value(serde_json::json!({
            "checkoutSessionId": "5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d",
            "statusDetails": {"state": "Open"},
        }))
        .unwrap();
        assert!(!shows(&bare, &expected));
    }

    #[test]
    fn lost_answers_are_the_ambiguous_failures() {
        for status in [408, 425, 429, 500, 503, 504] {
            assert!(answer_lost(&Failure::Status {
                status,
                reason_code: None,
                refusal: None,
            }));
        }
        assert!(answer_lost(&Failure::Timeout));
        assert!(answer_lost(&Failure::Network));
        assert!(answer_lost(&Failure::BadAnswer));
        for status in [400, 404, 422] {
            assert!(!answer_lost(&Failure::Status {
                status,
                reason_code: Some("InvalidCheckoutSessionStatus".into()),
                refusal: None,
            }));
        }
        assert!(!answer_lost(&Failure::Local("sign")));
    }
}
