//! Time-based transitions, applied lazily: before every operation the store replays, in time
//! order, every transition whose time has come on the sandbox clock, stamping each with the
//! time it was due (not the time it was noticed). Nothing runs in the background, so a
//! restarted sandbox reaches the same states from its state file.

use amazon_pay_shared::api::{ChargeState, ReasonCode, RefundState};

use super::simulation::{self, Authorization};
use crate::config::SandboxConfig;
use crate::store::Store;

/// A transition that is due.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// An open checkout session reached 24 hours: `Canceled`/`Expired`.
    ExpireSession(String),
    /// A pending authorisation settles.
    SettleAuthorization(String),
    /// An asynchronous capture settles.
    SettleCapture(String),
    /// An authorisation reached 30 days uncaptured: `Canceled`/`ExpiredUnused`.
    ExpireAuthorization(String),
    /// A refund settles.
    SettleRefund(String),
    /// A charge permission reached its expiry: `Closed`/`Expired`.
    ExpirePermission(String),
    /// A checkout session reached 30 days: Amazon deletes it (every call on it is then
    /// `ResourceNotFound`).
    DeleteSession(String),
}

/// Upper bound of transitions applied in one pass (each one removes itself from the due set;
/// the bound only guards against a bug looping forever).
const MAX_EVENTS: usize = 100_000;

impl Store {
    /// Applies every transition due at `now`, oldest first.
    pub fn advance(&mut self, config: &SandboxConfig, now: i64) {
        for _ in 0..MAX_EVENTS {
            let Some((at, event)) = self.next_event(now) else {
                return;
            };
            self.apply(config, at, event);
        }
    }

    fn next_event(&self, now: i64) -> Option<(i64, Event)> {
        let sessions = self
            .sessions
            .values()
            .filter(|s| s.is_open())
            .map(|s| (s.expires_at(), Event::ExpireSession(s.id.clone())));
        let deletions = self
            .sessions
            .values()
            .map(|s| (s.deleted_at(), Event::DeleteSession(s.id.clone())));
        let charges = self.charges.values().filter_map(|c| match c.state() {
            ChargeState::AuthorizationInitiated => {
                c.due_at.map(|d| (d, Event::SettleAuthorization(c.id.clone())))
            }
            ChargeState::CaptureInitiated => c.due_at.map(|d| (d, Event::SettleCapture(c.id.clone()))),
            ChargeState::Authorized => Some((c.expires_at(), Event::ExpireAuthorization(c.id.clone()))),
            _ => None,
        });
        let refunds = self
            .refunds
            .values()
            .filter(|r| r.status.state == RefundState::RefundInitiated)
            .map(|r| (r.due_at, Event::SettleRefund(r.id.clone())));
        let permissions = self
            .permissions
            .values()
            .filter(|p| p.is_open())
            .filter_map(|p| p.expires_at.map(|e| (e, Event::ExpirePermission(p.id.clone()))));
        sessions
            .chain(deletions)
            .chain(charges)
            .chain(refunds)
            .chain(permissions)
            .filter(|(at, _)| *at <= now)
            .min()
    }

    fn apply(&mut self, config: &SandboxConfig, at: i64, event: Event) {
        match event {
            Event::ExpireSession(id) => {
                if let Some(s) = self.sessions.get_mut(&id) {
                    s.cancel(ReasonCode::Expired, at);
                }
            }
            Event::SettleAuthorization(id) => self.settle_authorization(config, &id, at),
            Event::SettleCapture(id) => {
                if self.settle_capture(&id, at).is_err() {
                    self.fail(&id, at);
                }
            }
            Event::ExpireAuthorization(id) => {
                if let Some(c) = self.charges.get_mut(&id) {
                    c.set(ChargeState::Canceled, Some(ReasonCode::ExpiredUnused), at);
                }
            }
            Event::SettleRefund(id) => {
                if let Some(r) = self.refunds.get_mut(&id) {
                    r.status = match r.settlement() {
                        Ok(()) => super::checkout_session::status(RefundState::Refunded, None, at),
                        Err(reason) => {
                            super::checkout_session::status(RefundState::Declined, Some(reason), at)
                        }
                    };
                }
            }
            Event::ExpirePermission(id) => {
                if let Some(p) = self.permissions.get_mut(&id) {
                    p.close(ReasonCode::Expired, None, at);
                }
            }
            Event::DeleteSession(id) => {
                self.sessions.remove(&id);
            }
        }
    }

    fn settle_authorization(&mut self, config: &SandboxConfig, id: &str, at: i64) {
        let Some(charge) = self.charges.get_mut(id) else {
            return;
        };
        match simulation::settle_pending(charge.behaviour) {
            Authorization::Declined(reason) => {
                charge.set(ChargeState::Declined, Some(reason.clone()), at);
                let permission_id = charge.permission_id.clone();
                self.after_decline(&permission_id, &reason, at);
            }
            _ => {
                charge.set(ChargeState::Authorized, None, at);
                charge.authorized_at = Some(at);
                let permission_id = charge.permission_id.clone();
                self.extend_recurring(&permission_id, at);
                let Some(charge) = self.charges.get_mut(id) else {
                    return;
                };
                if charge.capture_now {
                    let amount = charge.amount.clone();
                    if self.start_capture(config, id, amount, at).is_err() {
                        self.fail(id, at);
                    }
                }
            }
        }
    }

    /// An internal inconsistency while settling: decline the charge rather than loop.
    fn fail(&mut self, id: &str, at: i64) {
        if let Some(c) = self.charges.get_mut(id) {
            c.set(ChargeState::Declined, Some(ReasonCode::ProcessingFailure), at);
        }
    }
}
