//! How the test instruments behave: the outcome of an authorisation, a capture and a refund,
//! and when asynchronous steps complete (sandbox time).

use amazon_pay_shared::api::ReasonCode;

use crate::buyers::InstrumentBehaviour;

/// One day in seconds.
pub const DAY: i64 = 86_400;
/// A checkout session stays open this long.
pub const SESSION_LIFETIME: i64 = DAY;
/// Amazon deletes a checkout session and everything in it this long after its creation
/// ([CheckoutSession]: "permanently deletes Checkout Session objects and any associated
/// information after 30 days").
pub const SESSION_RETENTION: i64 = 30 * DAY;
/// Buyer details of a charge permission are shown this long: after the creation of a one-time
/// permission, after the closing of a recurring (or saved-wallet) one ([ChargePermission]).
pub const BUYER_DETAILS_RETENTION: i64 = 30 * DAY;
/// An authorisation can be captured this long (then `ExpiredUnused`).
pub const AUTHORIZATION_LIFETIME: i64 = 30 * DAY;
/// A capture later than this after the authorisation is asynchronous.
pub const SYNC_CAPTURE_WINDOW: i64 = 7 * DAY;
/// A one-time charge permission lives this long.
pub const ONE_TIME_LIFETIME: i64 = 180 * DAY;
/// 13 months (`extendExpiration`, recurring permissions), counted as 395 days.
pub const EXTENDED_LIFETIME: i64 = 395 * DAY;
/// How long a `RefundPending` instrument keeps a refund `RefundInitiated` (before the delay).
pub const REFUND_PENDING_HOLD: i64 = DAY;
/// The most charges a one-time permission takes.
pub const ONE_TIME_MAX_CHARGES: usize = 25;

/// The immediate result of an authorisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorization {
    /// Authorised now.
    Authorized,
    /// `AuthorizationInitiated`; settles after the delay.
    Pending,
    /// Declined with this reason.
    Declined(ReasonCode),
}

/// What an authorisation with this instrument gives.
pub fn authorize(behaviour: InstrumentBehaviour, can_handle_pending: bool) -> Authorization {
    use InstrumentBehaviour::*;
    match behaviour {
        SoftDecline => Authorization::Declined(ReasonCode::SoftDeclined),
        HardDecline => Authorization::Declined(ReasonCode::HardDeclined),
        PendingThenApprove
        | PendingThenDecline
        | AuthorizationPendingThenApprove
        | AuthorizationPendingThenHardDecline
            if can_handle_pending =>
        {
            Authorization::Pending
        }
        AuthorizationPendingThenHardDecline => Authorization::Declined(ReasonCode::HardDeclined),
        CheckoutDeclined => Authorization::Declined(ReasonCode::Declined),
        PendingThenDecline => Authorization::Declined(ReasonCode::TransactionTimedOut),
        _ => Authorization::Authorized,
    }
}

/// How long Amazon's simulated pending cards (0701, 4354) stay `AuthorizationInitiated`.
pub const SIMULATED_PENDING: i64 = 30;

/// When a pending authorisation started at `at` settles: 30 seconds for Amazon's simulated
/// pending cards, the configured delay for the sandbox's own instruments.
pub fn pending_due(behaviour: InstrumentBehaviour, at: i64, delay: i64) -> i64 {
    let wait = if behaviour.needs_pending_authorization() {
        SIMULATED_PENDING
    } else {
        delay.max(0)
    };
    at.saturating_add(wait)
}

/// How a pending authorisation settles.
pub fn settle_pending(behaviour: InstrumentBehaviour) -> Authorization {
    match behaviour {
        InstrumentBehaviour::PendingThenDecline => Authorization::Declined(ReasonCode::SoftDeclined),
        InstrumentBehaviour::AuthorizationPendingThenHardDecline => {
            Authorization::Declined(ReasonCode::HardDeclined)
        }
        _ => Authorization::Authorized,
    }
}

/// Whether a capture at `at` of a charge authorised at `authorized_at` is asynchronous:
/// more than 7 days after the authorisation, or an instrument whose captures are always
/// asynchronous (`CapturePending`, and `CaptureDecline`, which declines when it settles).
pub fn capture_is_async(behaviour: InstrumentBehaviour, authorized_at: i64, at: i64) -> bool {
    matches!(
        behaviour,
        InstrumentBehaviour::CapturePending | InstrumentBehaviour::CaptureDecline
    ) || at.saturating_sub(authorized_at) > SYNC_CAPTURE_WINDOW
}

/// How a capture settles: `Ok` for captured, or the decline reason.
pub fn settle_capture(behaviour: InstrumentBehaviour) -> Result<(), ReasonCode> {
    match behaviour {
        InstrumentBehaviour::CaptureDecline => Err(ReasonCode::ProcessingFailure),
        _ => Ok(()),
    }
}

/// When a refund created at `at` settles.
pub fn refund_due(behaviour: InstrumentBehaviour, at: i64, delay: i64) -> i64 {
    let hold = match behaviour {
        InstrumentBehaviour::RefundPending => REFUND_PENDING_HOLD,
        _ => 0,
    };
    at.saturating_add(hold).saturating_add(delay.max(0))
}

/// How a refund settles: `Ok` for refunded, or the decline reason.
pub fn settle_refund(behaviour: InstrumentBehaviour) -> Result<(), ReasonCode> {
    match behaviour {
        InstrumentBehaviour::RefundDecline => Err(ReasonCode::AmazonRejected),
        _ => Ok(()),
    }
}

/// A reason's description, as `reasonDescription`.
pub fn describe(reason: &ReasonCode) -> &'static str {
    match reason {
        ReasonCode::SoftDeclined => "The authorization was soft declined; a retry may succeed.",
        ReasonCode::HardDeclined => {
            "The authorization was declined; a retry with this payment method will fail."
        }
        ReasonCode::TransactionTimedOut => "Amazon Pay could not process the authorization in time.",
        ReasonCode::ProcessingFailure => "The transaction could not be processed.",
        ReasonCode::AmazonRejected => "Amazon Pay rejected the transaction.",
        ReasonCode::ExpiredUnused => "The authorization was not captured within 30 days.",
        ReasonCode::ChargePermissionCanceled => "The charge permission was closed with cancelPendingCharges.",
        ReasonCode::MerchantCanceled => "The merchant canceled.",
        ReasonCode::MerchantClosed => "The merchant closed the charge permission.",
        ReasonCode::AmazonClosed => "The full amount was captured.",
        ReasonCode::Expired => "The object expired.",
        ReasonCode::BuyerCanceled => "The buyer canceled the checkout.",
        ReasonCode::Declined => "The payment was declined.",
        ReasonCode::PaymentMethodInvalid => {
            "The last charge was declined; the buyer must update the payment method."
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes() {
        use InstrumentBehaviour::*;
        assert_eq!(authorize(Approve, true), Authorization::Authorized);
        assert_eq!(authorize(PendingThenApprove, false), Authorization::Authorized);
        assert_eq!(authorize(PendingThenApprove, true), Authorization::Pending);
        assert_eq!(
            authorize(PendingThenDecline, false),
            Authorization::Declined(ReasonCode::TransactionTimedOut)
        );
        assert_eq!(
            authorize(AuthorizationPendingThenApprove, true),
            Authorization::Pending
        );
        assert_eq!(
            settle_pending(AuthorizationPendingThenHardDecline),
            Authorization::Declined(ReasonCode::HardDeclined)
        );
        assert_eq!(pending_due(AuthorizationPendingThenApprove, 5, 0), 35);
        assert_eq!(pending_due(PendingThenApprove, 5, 2), 7);
        assert!(!capture_is_async(Approve, 0, SYNC_CAPTURE_WINDOW));
        assert!(capture_is_async(Approve, 0, SYNC_CAPTURE_WINDOW + 1));
        assert!(capture_is_async(CapturePending, 0, 0));
        assert_eq!(refund_due(RefundPending, 10, 2), 10 + DAY + 2);
    }
}
