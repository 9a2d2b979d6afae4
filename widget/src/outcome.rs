//! The result of a checkout as the result page reports it: a typed [`Outcome`] and the order
//! reference, from the signer's `complete` answer.

use amazon_pay_shared::wire::{CompleteOutcome, CompleteResponse, SubscriptionAccess};

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
    /// The subscription a recurring checkout started, with the token that lets the shop's
    /// pages read it (`POST /v1/subscription`); only for completed and pending orders.
    pub subscription: Option<SubscriptionAccess>,
}

impl OrderResult {
    /// From the signer's answer to `complete`.
    pub fn from_complete(checkout_session_id: &str, answer: CompleteResponse) -> OrderResult {
        let outcome = Outcome::from(answer.outcome);
        let subscription = answer.subscription.filter(|_| outcome.is_order());
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
            subscription,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(outcome: CompleteOutcome, charge: bool, permission: bool) -> CompleteResponse {
        CompleteResponse {
            outcome,
            state: "Completed".into(),
            reason_code: Some("Declined".into()),
            charge_id: charge.then(|| "S01-2222222-2222222-C000001".to_owned()),
            charge_permission_id: permission.then(|| "P01-1111111-1111111".to_owned()),
            charge_state: None,
            subscription: Some(SubscriptionAccess {
                id: "sub-P01-1111111-1111111".into(),
                token: "s1.sub-P01-1111111-1111111.1.x".into(),
            }),
        }
    }

    #[test]
    fn every_outcome_has_its_attribute_value() {
        let all = [
            (CompleteOutcome::Completed, Outcome::Completed, "completed"),
            (CompleteOutcome::Pending, Outcome::Pending, "pending"),
            (CompleteOutcome::Declined, Outcome::Declined, "declined"),
            (CompleteOutcome::Canceled, Outcome::Canceled, "canceled"),
            (CompleteOutcome::Expired, Outcome::Expired, "expired"),
        ];
        for (wire, outcome, text) in all {
            assert_eq!(Outcome::from(wire), outcome);
            assert_eq!(outcome.as_str(), text);
            assert_eq!(Outcome::parse(text), Some(outcome));
        }
        assert_eq!(Outcome::Error.as_str(), "error");
        assert_eq!(Outcome::parse("error"), None);
    }

    #[test]
    fn the_order_reference_is_the_permission_else_the_charge_of_a_standing_order() {
        let paid = OrderResult::from_complete("ok-1", answer(CompleteOutcome::Completed, true, true));
        assert_eq!(paid.order_reference.as_deref(), Some("P01-1111111-1111111"));
        assert_eq!(paid.checkout_session_id, "ok-1");
        let charge_only = OrderResult::from_complete("ok-2", answer(CompleteOutcome::Pending, true, false));
        assert_eq!(
            charge_only.order_reference.as_deref(),
            Some("S01-2222222-2222222-C000001")
        );
        let declined = OrderResult::from_complete("decl-1", answer(CompleteOutcome::Declined, true, true));
        assert_eq!(declined.order_reference, None);
        assert_eq!(declined.subscription, None, "a declined checkout started nothing");
        assert_eq!(
            paid.subscription.as_ref().map(|s| s.id.as_str()),
            Some("sub-P01-1111111-1111111")
        );
        assert_eq!(declined.reason_code.as_deref(), Some("Declined"));
        assert!(!declined.outcome.is_order());
        assert!(paid.outcome.is_order() && charge_only.outcome.is_order());
    }
}
