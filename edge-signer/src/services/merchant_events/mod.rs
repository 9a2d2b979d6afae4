//! Outgoing notifications to the merchant's backend ("merchant events"): what happened to a
//! payment or a subscription, queued in the ledger's outbox once per (kind, subject) and
//! POSTed, signed, to `MERCHANT_EVENTS_URL`.
//!
//! * this file: the event types and [`emit`], which queues an event (nothing without a ledger
//!   or without a configured URL; a repeated emit of the same kind and subject is a no-op);
//! * [`payments`]: the events of charges and refunds, emitted where the ledger records their
//!   state;
//! * [`signature`]: the `x-amazon-pay-edge-signature` header (HMAC-SHA256 over the timestamp
//!   and the body);
//! * [`delivery`]: [`delivery::deliver_due`], run by the scheduled handler and by
//!   `POST /v1/merchant/sync`: due events sent, retried with exponential back-off, `failed`
//!   after the last attempt.
//!
//! Delivery is at least once: a receiver deduplicates by the event `id`, which is the same for
//! every attempt (and derived from the kind and the subject).

pub mod delivery;
pub mod payments;
pub mod signature;

use amazon_pay_shared::signing::IdempotencyKey;
use serde_json::Value;

use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::ledger::outbox::NewEvent;
use crate::ledger::Ledger;
use crate::log;

/// What happened, as the event's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// `charge.succeeded`: a charge was captured.
    ChargeSucceeded,
    /// `charge.declined`: Amazon declined a charge.
    ChargeDeclined,
    /// `refund.completed`: a refund was paid back.
    RefundCompleted,
    /// `refund.declined`: Amazon declined a refund.
    RefundDeclined,
    /// `subscription.created`.
    SubscriptionCreated,
    /// `subscription.past_due`: a period's charge failed for good.
    SubscriptionPastDue,
    /// `subscription.resumed`.
    SubscriptionResumed,
    /// `subscription.paused`.
    SubscriptionPaused,
    /// `subscription.canceled`.
    SubscriptionCanceled,
    /// `subscription.ended`.
    SubscriptionEnded,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 10] = [
        EventKind::ChargeSucceeded,
        EventKind::ChargeDeclined,
        EventKind::RefundCompleted,
        EventKind::RefundDeclined,
        EventKind::SubscriptionCreated,
        EventKind::SubscriptionPastDue,
        EventKind::SubscriptionResumed,
        EventKind::SubscriptionPaused,
        EventKind::SubscriptionCanceled,
        EventKind::SubscriptionEnded,
    ];

    /// The event's `type` (`charge.succeeded`, `subscription.past_due`, …).
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

/// One event: its kind, the id of the object it is about (with the kind, what makes it
/// unique: an event that may happen again to the same object names the occurrence in its
/// subject, e.g. `<subscription>:<period>`), and its `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct MerchantEvent {
    /// What happened.
    pub kind: EventKind,
    /// The id of the object (at most 200 characters).
    pub subject: String,
    /// The event's `data` object.
    pub data: Value,
}

/// The event id of a kind and subject: `evt_` and 32 hex digits, the same on every attempt.
pub fn event_id(kind: EventKind, subject: &str) -> String {
    // 32 hex digits of SHA-256 over the length-prefixed parts.
    let key = IdempotencyKey::derive(&["merchant-event", kind.as_str(), subject]);
    format!("evt_{}", key.as_str())
}

/// Queues `event` for delivery (its time `now_unix`). Nothing without a ledger or without
/// `MERCHANT_EVENTS_URL` (the ledger was opened announcing: [`Ledger::announces_events`]); an event of the same kind and subject queued before stays as it was,
/// so a repeated emit never sends twice.
pub async fn emit(ledger: &Ledger, event: MerchantEvent, now_unix: i64) -> Result<(), ApiError> {
    if !ledger.announces_events() {
        return Ok(());
    }
    queue(ledger, &event, now_unix).await
}

async fn queue(ledger: &Ledger, event: &MerchantEvent, now_unix: i64) -> ApiResult<()> {
    if event.subject.is_empty() || event.subject.chars().count() > 200 {
        return Err(ApiError::internal().with_detail("merchant event without a valid subject"));
    }
    let id = event_id(event.kind, &event.subject);
    let data = serde_json::to_string(&event.data).map_err(|_| ApiError::internal())?;
    let queued = ledger
        .queue_event(
            &NewEvent {
                event_id: &id,
                kind: event.kind.as_str(),
                subject: &event.subject,
                data: &data,
                created_at: now_unix,
            },
            clock::isolate_now(),
        )
        .await?;
    if queued {
        log::event(
            "info",
            "merchant_event_queued",
            &[("eventId", id.into()), ("type", event.kind.as_str().into())],
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_the_documented_ones_and_ids_are_stable() {
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, crate::ledger::logs::EVENT_TYPES);
        let a = event_id(EventKind::ChargeSucceeded, "S03-1234567-1234567-C012345");
        assert_eq!(
            a,
            event_id(EventKind::ChargeSucceeded, "S03-1234567-1234567-C012345")
        );
        assert_ne!(
            a,
            event_id(EventKind::ChargeDeclined, "S03-1234567-1234567-C012345")
        );
        assert_ne!(
            a,
            event_id(EventKind::ChargeSucceeded, "S03-1234567-1234567-C012346")
        );
        assert!(a.starts_with("evt_") && a.len() == 36, "{a}");
        assert!(a[4..].bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
