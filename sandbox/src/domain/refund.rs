//! The Refund record: always `RefundInitiated` first, then `Refunded` or `Declined` when it
//! settles (`due_at`).

use amazon_pay_shared::api::{ReasonCode, Refund, RefundState, ReleaseEnvironment, StatusDetails};
use amazon_pay_shared::money::Price;
use amazon_pay_shared::time::format_basic;
use serde::{Deserialize, Serialize};

use super::simulation;
use crate::buyers::InstrumentBehaviour;

/// A stored Refund.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRecord {
    /// `refundId`.
    pub id: String,
    /// `chargeId`.
    pub charge_id: String,
    /// `refundAmount`.
    pub amount: Price,
    /// `softDescriptor`.
    pub soft_descriptor: Option<String>,
    /// How the instrument behaves.
    pub behaviour: InstrumentBehaviour,
    /// The decline asked for with `x-amz-pay-simulation-code` (it wins over the instrument).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulated_decline: Option<ReasonCode>,
    /// Creation, sandbox seconds.
    pub created_at: i64,
    /// When it settles.
    pub due_at: i64,
    /// State and reason.
    pub status: StatusDetails<RefundState>,
}

impl RefundRecord {
    /// The amount this refund takes from the refundable total (none once declined).
    pub fn committed(&self) -> Option<&Price> {
        (self.status.state != RefundState::Declined).then_some(&self.amount)
    }

    /// How the refund settles: `Ok` for refunded, or the decline reason.
    pub fn settlement(&self) -> Result<(), ReasonCode> {
        match &self.simulated_decline {
            Some(reason) => Err(reason.clone()),
            None => simulation::settle_refund(self.behaviour),
        }
    }

    /// The refund as the API shows it.
    pub fn view(&self) -> Refund {
        let mut r = Refund::new(self.id.clone(), self.charge_id.clone(), self.status.clone());
        r.refund_amount = Some(self.amount.clone());
        r.soft_descriptor = self.soft_descriptor.clone();
        r.creation_timestamp = Some(format_basic(self.created_at));
        r.release_environment = Some(ReleaseEnvironment::Sandbox);
        r
    }
}
