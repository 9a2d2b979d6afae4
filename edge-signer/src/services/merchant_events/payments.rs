//! The events of charges and refunds: `charge.succeeded` when a charge is recorded
//! `Captured`, `charge.declined` when `Declined`; `refund.completed` when a refund is recorded
//! `Refunded`, `refund.declined` when `Declined`. The ledger calls these where it records a
//! charge's or a refund's state, whatever told it (a merchant route, an instant notification,
//! a sync), so each state change is announced once. Amounts are decimal strings.

use serde_json::{json, Value};

use super::{emit, EventKind, MerchantEvent};
use crate::error::ApiResult;
use crate::ledger::query::{decimal, iso};
use crate::ledger::rows::{ChargeRow, RefundRow};
use crate::ledger::Ledger;

/// The event a charge in this state announces, with its data.
pub fn charge_event(c: &ChargeRow) -> Option<MerchantEvent> {
    let kind = match c.state.as_str() {
        "Captured" => EventKind::ChargeSucceeded,
        "Declined" => EventKind::ChargeDeclined,
        _ => return None,
    };
    let amount = match kind {
        EventKind::ChargeSucceeded => c.captured_minor.unwrap_or(c.amount_minor),
        _ => c.amount_minor,
    };
    let data: Value = json!({
        "chargeId": c.charge_id,
        "chargePermissionId": c.charge_permission_id,
        "merchantReference": c.merchant_reference,
        "state": c.state,
        "reasonCode": c.reason_code,
        "amount": decimal(&c.currency, amount),
        "currencyCode": c.currency,
        "stateAt": iso(c.state_at),
    });
    Some(MerchantEvent {
        kind,
        subject: c.charge_id.clone(),
        data,
    })
}

/// The event a refund in this state announces, with its data.
pub fn refund_event(r: &RefundRow) -> Option<MerchantEvent> {
    let kind = match r.state.as_str() {
        "Refunded" => EventKind::RefundCompleted,
        "Declined" => EventKind::RefundDeclined,
        _ => return None,
    };
    let data: Value = json!({
        "refundId": r.refund_id,
        "chargeId": r.charge_id,
        "merchantReference": r.merchant_reference,
        "state": r.state,
        "reasonCode": r.reason_code,
        "amount": decimal(&r.currency, r.amount_minor),
        "currencyCode": r.currency,
        "stateAt": iso(r.state_at),
    });
    Some(MerchantEvent {
        kind,
        subject: r.refund_id.clone(),
        data,
    })
}

/// Announces a recorded charge's state, if it is one the merchant is told about.
pub async fn charge_recorded(ledger: &Ledger, c: &ChargeRow, now: i64) -> ApiResult<()> {
    match charge_event(c) {
        Some(event) => emit(ledger, event, now).await,
        None => Ok(()),
    }
}

/// Announces a recorded refund's state, if it is one the merchant is told about.
pub async fn refund_recorded(ledger: &Ledger, r: &RefundRow, now: i64) -> ApiResult<()> {
    match refund_event(r) {
        Some(event) => emit(ledger, event, now).await,
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(state: &str) -> ChargeRow {
        ChargeRow {
            charge_id: "S03-1111111-2222222-C333333".into(),
            merchant_reference: "order-1".into(),
            charge_permission_id: "S03-1111111-2222222".into(),
            seq: 1,
            state: state.into(),
            reason_code: (state == "Declined").then(|| "HardDeclined".into()),
            capture_now: 0,
            currency: "JPY".into(),
            amount_minor: 1700,
            captured_minor: (state == "Captured").then_some(1500),
            created_at_amazon: 1_700_000_000,
            captured_at: None,
            state_at: 1_700_000_060,
            state_rank: 0,
        }
    }

    #[test]
    fn only_final_states_are_announced() {
        for state in [
            "Authorized",
            "AuthorizationInitiated",
            "CaptureInitiated",
            "Canceled",
        ] {
            assert!(charge_event(&charge(state)).is_none(), "{state}");
        }
        let e = charge_event(&charge("Captured")).unwrap();
        assert_eq!(e.kind, EventKind::ChargeSucceeded);
        assert_eq!(e.subject, "S03-1111111-2222222-C333333");
        assert_eq!(e.data["amount"], "1500");
        assert_eq!(e.data["merchantReference"], "order-1");
        let d = charge_event(&charge("Declined")).unwrap();
        assert_eq!(
            (d.kind, d.data["reasonCode"].as_str()),
            (EventKind::ChargeDeclined, Some("HardDeclined"))
        );
        let refund = |state: &str| RefundRow {
            refund_id: "S03-1111111-2222222-R444444".into(),
            charge_id: "S03-1111111-2222222-C333333".into(),
            merchant_reference: "order-1".into(),
            state: state.into(),
            reason_code: None,
            currency: "JPY".into(),
            amount_minor: 500,
            created_at_amazon: 1_700_000_100,
            state_at: 1_700_000_200,
            state_rank: 0,
        };
        assert!(refund_event(&refund("RefundInitiated")).is_none());
        assert_eq!(
            refund_event(&refund("Refunded")).unwrap().kind,
            EventKind::RefundCompleted
        );
        assert_eq!(
            refund_event(&refund("Declined")).unwrap().kind,
            EventKind::RefundDeclined
        );
    }
}
