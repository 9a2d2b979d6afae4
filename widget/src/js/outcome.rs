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
        })
    }
}
