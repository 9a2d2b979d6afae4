//! The Refund object (`/v2/refunds/{id}`).

use serde::{Deserialize, Serialize};

use super::codes::{RefundState, ReleaseEnvironment};
use super::common::StatusDetails;
use crate::money::Price;

/// A Refund of (part of) a captured Charge. Refunds are always asynchronous.
///
/// Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    /// The id, e.g. `S01-1234567-1234567-R012345`.
    pub refund_id: String,
    /// The refunded Charge.
    pub charge_id: String,
    /// The amount refunded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Price>,
    /// Statement text after `AMZ* ` (at most 16 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    /// State, reason and time of the last change.
    pub status_details: StatusDetails<RefundState>,
    /// Creation time (`YYYYMMDDTHHMMSSZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// Live or Sandbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_environment: Option<ReleaseEnvironment>,
}

impl Refund {
    /// A refund with ids and a status and nothing else (for building responses).
    pub fn new(
        refund_id: impl Into<String>,
        charge_id: impl Into<String>,
        status_details: StatusDetails<RefundState>,
    ) -> Self {
        Refund {
            refund_id: refund_id.into(),
            charge_id: charge_id.into(),
            refund_amount: None,
            soft_descriptor: None,
            status_details,
            creation_timestamp: None,
            release_environment: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> &RefundState {
        &self.status_details.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::codes::ReasonCode;

    #[test]
    fn initiated_refund() {
        let r: Refund = serde_json::from_str(
            r#"{"refundId":"S01-5105180-3221187-R022311","chargeId":"S01-5105180-3221187-C056351",
                "creationTimestamp":"20260116T090000Z",
                "refundAmount":{"amount":"5.00","currencyCode":"USD"},"softDescriptor":"REFUND",
                "statusDetails":{"state":"RefundInitiated","reasonCode":null,"reasonDescription":null,
                    "lastUpdatedTimestamp":"20260116T090000Z"},
                "releaseEnvironment":"Sandbox","disputes":[]}"#,
        )
        .unwrap();
        assert_eq!(r.refund_id, "S01-5105180-3221187-R022311");
        assert_eq!(*r.state(), RefundState::RefundInitiated);
        assert_eq!(r.refund_amount.as_ref().unwrap().to_money().unwrap().minor(), 500);
        let again: Refund = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn declined_refund_and_unknown_reason() {
        let r: Refund = serde_json::from_str(
            r#"{"refundId":"r","chargeId":"c","statusDetails":{"state":"Declined","reasonCode":"AmazonRejected"}}"#,
        )
        .unwrap();
        assert_eq!(*r.state(), RefundState::Declined);
        assert_eq!(r.status_details.reason_code, Some(ReasonCode::AmazonRejected));

        let json = r#"{"refundId":"r","chargeId":"c","statusDetails":{"state":"Reversed","reasonCode":"ChargebackWon"}}"#;
        let r: Refund = serde_json::from_str(json).unwrap();
        assert_eq!(r.status_details.state, RefundState::Unknown("Reversed".into()));
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }

    #[test]
    fn new_omits_absent_fields() {
        let r = Refund::new("r", "c", StatusDetails::new(RefundState::Refunded));
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"refundId":"r","chargeId":"c","statusDetails":{"state":"Refunded"}}"#
        );
    }
}
