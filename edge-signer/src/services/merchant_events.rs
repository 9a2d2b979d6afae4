//! Events for the merchant's backend: what happened to a charge, a refund or a subscription,
//! queued for delivery to the merchant's backend. The services call [`emit`] where the event
//! happens; queuing and delivery are not part of this signer yet, so [`emit`] accepts the event
//! and does nothing with it.

use crate::error::ApiError;
use crate::ledger::Ledger;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A charge was authorized (or captured).
    ChargeSucceeded,
    /// Amazon declined a charge.
    ChargeDeclined,
    /// A refund completed.
    RefundCompleted,
    /// Amazon declined a refund.
    RefundDeclined,
    /// A subscription started (its checkout completed).
    SubscriptionCreated,
    /// A subscription's period could not be charged (hard decline, retries exhausted, a rule).
    SubscriptionPastDue,
    /// A past-due or paused subscription runs again.
    SubscriptionResumed,
    /// The merchant paused a subscription.
    SubscriptionPaused,
    /// A subscription was canceled (its permission closed).
    SubscriptionCanceled,
    /// A subscription ended without being canceled (its permission closed or expired).
    SubscriptionEnded,
}

impl EventKind {
    /// The event's name as the merchant's backend receives it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ChargeSucceeded => "charge.succeeded",
            EventKind::ChargeDeclined => "charge.declined",
            EventKind::RefundCompleted => "refund.completed",
            EventKind::RefundDeclined => "refund.declined",
            EventKind::SubscriptionCreated => "subscription.created",
            EventKind::SubscriptionPastDue => "subscription.past_due",
            EventKind::SubscriptionResumed => "subscription.resumed",
            EventKind::SubscriptionPaused => "subscription.paused",
            EventKind::SubscriptionCanceled => "subscription.canceled",
            EventKind::SubscriptionEnded => "subscription.ended",
        }
    }
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct MerchantEvent {
    /// What happened.
    pub kind: EventKind,
    /// The id of the object it happened to: a charge id, a refund id, a subscription id.
    pub subject: String,
    /// What the merchant's backend needs to act on it (ids, amounts as decimal strings, codes).
    pub data: serde_json::Value,
}

/// Queues `event` for delivery to the merchant's backend (recorded at `now_unix`). Nothing is
/// queued or delivered yet: the call succeeds and does nothing.
pub async fn emit(ledger: &Ledger, event: MerchantEvent, now_unix: i64) -> Result<(), ApiError> {
    let _ = (ledger, event, now_unix);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(EventKind::ChargeSucceeded.as_str(), "charge.succeeded");
        assert_eq!(EventKind::SubscriptionPastDue.as_str(), "subscription.past_due");
        assert_eq!(EventKind::SubscriptionEnded.as_str(), "subscription.ended");
    }
}
