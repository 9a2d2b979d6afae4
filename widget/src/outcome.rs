//! The result of a checkout as the result page reports it: a typed [`Outcome`] and the order
//! reference, from the signer's `complete` answer.

use amazon_pay_shared::wire::{CompleteOutcome, CompleteResponse};
use wasm_bindgen::JsValue;

use crate::json::{self, Fields, FromJs, ObjectBuilder, ToJs};

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

impl ToJs for OrderResult {
    fn to_js(&self) -> JsValue {
        ObjectBuilder::default()
            .set("outcome", self.outcome.as_str())
            .set("checkoutSessionId", &self.checkout_session_id)
            .set_opt("orderReference", self.order_reference.as_ref())
            .set_opt("chargeId", self.charge_id.as_ref())
            .set_opt("chargePermissionId", self.charge_permission_id.as_ref())
            .set_opt("reasonCode", self.reason_code.as_ref())
            .build()
    }
}

/// The result page keeps the outcome in `sessionStorage` (so a reload shows it again without
/// completing twice): this reads it back.
impl FromJs for OrderResult {
    fn from_js(value: &JsValue, path: &str) -> Result<OrderResult, json::Error> {
        let f = Fields::new(value, path)?;
        let outcome: String = f.req("outcome")?;
        let outcome = [
            Outcome::Completed,
            Outcome::Pending,
            Outcome::Declined,
            Outcome::Canceled,
            Outcome::Expired,
        ]
        .into_iter()
        .find(|o| o.as_str() == outcome)
        .ok_or_else(|| "outcome is not known".to_owned())?;
        Ok(OrderResult {
            outcome,
            checkout_session_id: f.req("checkoutSessionId")?,
            order_reference: f.opt("orderReference")?,
            charge_id: f.opt("chargeId")?,
            charge_permission_id: f.opt("chargePermissionId")?,
            reason_code: f.opt("reasonCode")?,
        })
    }
}
