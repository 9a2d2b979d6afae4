//! The result page's [`OrderResult`] as a plain object: the `complete` event's detail, and what
//! the page keeps in `sessionStorage` (so a reload shows it again without completing twice).

use crate::js::codec::{Error, Fields, FromJs, ObjectBuilder, Sink, Source, ToJs};
use crate::outcome::{OrderResult, Outcome};

impl ToJs for OrderResult {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("outcome", self.outcome.as_str())
            .set("checkoutSessionId", &self.checkout_session_id)
            .set_opt("orderReference", self.order_reference.as_ref())
            .set_opt("chargeId", self.charge_id.as_ref())
            .set_opt("chargePermissionId", self.charge_permission_id.as_ref())
            .set_opt("reasonCode", self.reason_code.as_ref())
            .set_opt("subscription", self.subscription.as_ref())
            .build()
    }
}

/// The result page keeps the outcome in `sessionStorage` (so a reload shows it again without
/// completing twice): this reads it back.
impl FromJs for OrderResult {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<OrderResult, Error> {
        let f = Fields::new(value, path)?;
        let outcome: String = f.req("outcome")?;
        let outcome = Outcome::parse(&outcome).ok_or_else(|| "outcome is not known".to_owned())?;
        Ok(OrderResult {
            outcome,
            checkout_session_id: f.req("checkoutSessionId")?,
            order_reference: f.opt("orderReference")?,
            charge_id: f.opt("chargeId")?,
            charge_permission_id: f.opt("chargePermissionId")?,
            reason_code: f.opt("reasonCode")?,
            subscription: f.opt("subscription")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    #[test]
    fn a_kept_outcome_reads_back_as_itself() {
        let order = OrderResult {
            outcome: Outcome::Pending,
            checkout_session_id: "pend-1".into(),
            order_reference: Some("P01-1111111-1111111".into()),
            charge_id: Some("S01-2222222-2222222-C000001".into()),
            charge_permission_id: Some("P01-1111111-1111111".into()),
            reason_code: None,
            subscription: None,
        };
        let value: Value = order.to_js();
        assert_eq!(
            value,
            json!({"outcome": "pending", "checkoutSessionId": "pend-1",
                   "orderReference": "P01-1111111-1111111", "chargeId": "S01-2222222-2222222-C000001",
                   "chargePermissionId": "P01-1111111-1111111"})
        );
        assert_eq!(OrderResult::from_js(&value, "").unwrap(), order);
        // A subscription's token is kept with it, so a reload still shows it.
        let subscribed = OrderResult {
            outcome: Outcome::Completed,
            subscription: Some(amazon_pay_shared::wire::SubscriptionAccess {
                id: "sub-P01-1111111-1111111".into(),
                token: "s1.sub-P01-1111111-1111111.1.x".into(),
            }),
            ..order.clone()
        };
        let value: Value = subscribed.to_js();
        assert_eq!(
            value["subscription"],
            json!({"id": "sub-P01-1111111-1111111", "token": "s1.sub-P01-1111111-1111111.1.x"})
        );
        assert_eq!(OrderResult::from_js(&value, "").unwrap(), subscribed);
        let error = json!({"outcome": "error", "checkoutSessionId": "x"});
        assert_eq!(
            OrderResult::from_js(&error, "").unwrap_err(),
            "outcome is not known"
        );
    }
}
