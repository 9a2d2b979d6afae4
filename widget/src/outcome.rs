//! The result of a checkout as the result page reports it: a typed [`Outcome`] and the order
//! reference, from the signer's `complete` answer.

use amazon_pay_shared::wire::{CompleteOutcome, CompleteResponse};

/// How the checkout ended, as the result page's `data-amazon-pay-outcome` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Paid (or authorized).
    Completed,
    /// The authorization is pending; Amazon Pay decides later.
    Pending,
    /// The payment was declined: the buyer may choose another payment method.
    Declined,
    /// The buyer (or Amazon) canceled.
    Canceled,
    /// The checkout session expired.
    Expired,
    /// The outcome could not be learned (the `error` event says why).
    Error,
}

impl Outcome {
    /// The attribute value: `completed`, `pending`, `declined`, `canceled`, `expired`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Pending => "pending",
            Outcome::Declined => "declined",
            Outcome::Canceled => "canceled",
            Outcome::Expired => "expired",
            Outcome::Error => "error",
        }
    }

    /// The outcome of an attribute value (see [`Outcome::as_str`]); `error` is not one a
    /// checkout ends with, so it is not read back.
    pub fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Completed,
            Outcome::Pending,
            Outcome::Declined,
            Outcome::Canceled,
            Outcome::Expired,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }

    /// True for the outcomes where the order stands (completed or pending).
    pub fn is_order(self) -> bool {
        matches!(self, Outcome::Completed | Outcome::Pending)
    }
}

impl From<CompleteOutcome> for Outcome {
    fn from(outcome: CompleteOutcome) -> Outcome {
        match outcome {
            CompleteOutcome::Completed => Outcome::Completed,
            CompleteOutcome::Pending => Outcome::Pending,
            CompleteOutcome::Declined => Outcome::Declined,
            CompleteOutcome::Canceled => Outcome::Canceled,
            CompleteOutcome::Expired => Outcome::Expired,
        }
    }
}

/// What the result page learned about one checkout session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderResult {
    /// The outcome.
    pub outcome: Outcome,
    /// The checkout session.
    pub checkout_session_id: String,
    /// The reference the buyer sees: the charge permission id (Amazon Pay's reference, `P01-…`),
    /// else the charge id; only for completed and pending orders.
    pub order_reference: Option<String>,
    /// The charge, when there is one.
    pub charge_id: Option<String>,
    /// The charge permission, when there is one.
    pub charge_permission_id: Option<String>,
    /// Amazon's reason code for declined and canceled sessions.
    pub reason_code: Option<String>,
}

impl OrderResult {
    /// From the signer's answer to `complete`.
    pub fn from_complete(checkout_session_id: &str, answer: CompleteResponse) -> OrderResult {
        let outcome = Outcome::from(answer.outcome);
        let order_reference = if outcome.is_order() {
            answer
                .charge_permission_id
                .clone()
                .or_else(|| answer.charge_id.clone())
        } else {
            None
        };
        OrderResult {
            outcome,
            checkout_session_id: checkout_session_id.to_owned(),
            order_reference,
            charge_id: answer.charge_id,
            charge_permission_id: answer.charge_permission_id,
            reason_code: answer.reason_code,
        }
    }
}
