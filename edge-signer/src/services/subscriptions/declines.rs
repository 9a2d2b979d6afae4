//! What a declined period does, as Amazon documents for recurring charges ("Manage recurring
//! payments", https://developer.amazon.com/docs/amazon-pay-recurring-checkout/manage-recurring-payments.html):
//!
//! * `SoftDeclined` or `ProcessingFailure`: the charge may succeed later; the period is tried
//!   again on the retry schedule (`SUBSCRIPTION_RETRY_DAYS`), each try after reading the
//!   permission to confirm it is `Chargeable`;
//! * `HardDeclined`: the buyer has to update the payment method on Amazon's page for the charge
//!   permission ([`update_payment_method_url`]); the subscription is `past_due` until the
//!   permission is `Chargeable` again (Amazon notifies the change), then the period is charged
//!   and the subscription resumes;
//! * any other reason: the buyer has to be asked again (the merchant re-engages them);
//!   `past_due` likewise.
//!
//! A past-due subscription's permission is read again once a day (and at once when a
//! notification reports the permission chargeable).

use amazon_pay_shared::region::Region;

/// One day in seconds.
pub const DAY: i64 = 86_400;

/// How a decline is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineKind {
    /// Retry on the schedule.
    Soft,
    /// `past_due` until the buyer updates the payment method (or is re-engaged).
    Hard,
}

/// The kind of Amazon's decline reason code.
pub fn kind_of(reason: &str) -> DeclineKind {
    match reason {
        "SoftDeclined" | "ProcessingFailure" => DeclineKind::Soft,
        _ => DeclineKind::Hard,
    }
}

/// Whether Amazon's reason code of a refused Create Charge is a decline of the payment (and
/// not a refusal of the request).
pub fn is_decline(reason: &str) -> bool {
    matches!(
        reason,
        "SoftDeclined"
            | "HardDeclined"
            | "ProcessingFailure"
            | "AmazonRejected"
            | "TransactionTimedOut"
            | "PaymentMethodNotAllowed"
            | "MFANotCompleted"
    )
}

/// When retry `n` (from 1) of a period first declined at `first_declined_at` is due; `None`
/// once the schedule is used up.
pub fn retry_at(retry_days: &[u32], first_declined_at: i64, n: i64) -> Option<i64> {
    let index = usize::try_from(n.checked_sub(1)?).ok()?;
    let days = i64::from(*retry_days.get(index)?);
    first_declined_at.checked_add(days * DAY)
}

/// Amazon's page where the buyer updates the payment method of a recurring charge permission
/// (the English guide's link; the Japanese guide's for `jp`); at `origin` instead when one is
/// configured (the local sandbox's stand-in, `SUBSCRIPTION_PAYMENT_METHOD_ORIGIN`).
pub fn update_payment_method_url(region: Region, origin: Option<&str>, charge_permission_id: &str) -> String {
    match (origin, region) {
        (Some(origin), _) => format!("{origin}/jr/your-account/ba/{charge_permission_id}"),
        (None, Region::Jp) => format!("https://pay.amazon.com/jp/jr/your-account/ba/{charge_permission_id}"),
        (None, _) => format!("https://payments.amazon.com/jr/your-account/ba/{charge_permission_id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_schedule() {
        assert_eq!(kind_of("SoftDeclined"), DeclineKind::Soft);
        assert_eq!(kind_of("ProcessingFailure"), DeclineKind::Soft);
        assert_eq!(kind_of("HardDeclined"), DeclineKind::Hard);
        assert_eq!(kind_of("TransactionTimedOut"), DeclineKind::Hard);
        assert!(is_decline("HardDeclined") && !is_decline("InvalidChargePermissionStatus"));
        let days = [1, 3, 7];
        assert_eq!(retry_at(&days, 100, 1), Some(100 + DAY));
        assert_eq!(retry_at(&days, 100, 3), Some(100 + 7 * DAY));
        assert_eq!(retry_at(&days, 100, 4), None);
        assert_eq!(retry_at(&days, 100, 0), None);
        assert_eq!(retry_at(&[], 100, 1), None);
        assert_eq!(
            update_payment_method_url(Region::Jp, None, "S03-1"),
            "https://pay.amazon.com/jp/jr/your-account/ba/S03-1"
        );
        assert_eq!(
            update_payment_method_url(Region::Na, None, "S01-1"),
            "https://payments.amazon.com/jr/your-account/ba/S01-1"
        );
        assert_eq!(
            update_payment_method_url(Region::Jp, Some("http://127.0.0.1:8790"), "S03-1"),
            "http://127.0.0.1:8790/jr/your-account/ba/S03-1"
        );
    }
}
