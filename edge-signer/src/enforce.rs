//! The lifecycle at the merchant routes: the transaction's status derived from Amazon's
//! objects as just read, the allowed-operation table for its flow, and the rules (amount
//! range, monthly recurring cap, capture and refund windows, partial refunds, permission
//! expiry) at Amazon's time. Every refusal happens before the changing call to Amazon and
//! answers the rule's own code (`LIFECYCLE_…`).

use amazon_pay_shared::lifecycle::{
    check_allowed, derive_status, AmazonView, ChargeOutcome, FlowKind, LifecycleError, Operation,
    PermissionCharge, Rules, TransactionStatus, MAX_TIME,
};
use amazon_pay_shared::money::Money;
use amazon_pay_shared::wire::ErrorCode;

use crate::config::Config;
use crate::error::ApiError;
use crate::ledger::rows::{ChargeRow, PermissionRow};

/// The merchant's rules, parsed once with the configuration: `LIFECYCLE_RULES_JSON` over the
/// seed's defaults (JPY 1 to 9,999,999, 30-day capture and 180-day refund windows, 10 partial
/// refunds, 13-month recurring permissions), with the monthly recurring cap counted in calendar
/// months at `RECURRING_MONTH_UTC_OFFSET` (UTC unless set).
pub fn rules(config: &Config) -> &Rules {
    &config.rules
}

/// Checks an amount the signer is about to have authorized (a checkout, a button that carries
/// the amount) against the per-transaction range of its currency.
pub fn checkout_amount(config: &Config, amount: Money) -> Result<(), ApiError> {
    config.rules.check_amount(amount).map_err(refused)
}

/// A lifecycle refusal as the signer's error: its own code where the wire has one.
pub fn refused(e: LifecycleError) -> ApiError {
    let code = e.code();
    if code == ErrorCode::Internal {
        return ApiError::internal().with_detail(format!("lifecycle failed: {}", e.detail_code()));
    }
    ApiError::new(code, e.to_string())
}

/// Checks the table for `(status, operation, flow)`.
pub fn allowed(status: TransactionStatus, operation: Operation, flow: FlowKind) -> Result<(), ApiError> {
    check_allowed(status, operation, flow).map(drop).map_err(refused)
}

/// The status of a permission on its own (`REGISTER` or `END`), for the permission-level
/// operations of the permission-only flow.
pub fn permission_status(p: &PermissionRow) -> Result<TransactionStatus, ApiError> {
    derive_status(&AmazonView {
        permission: Some(p.view()),
        ..AmazonView::default()
    })
    .map_err(refused)
}

/// The permission's expiry: Amazon's, else (a permission that does not expire) the end of time.
pub fn permission_expiry(p: &PermissionRow) -> i64 {
    p.expires_at_amazon.unwrap_or(MAX_TIME)
}

/// The earlier charges on a permission as the monthly cap counts them.
pub fn earlier_charges(charges: &[ChargeRow]) -> Vec<PermissionCharge> {
    charges
        .iter()
        .filter_map(|c| {
            let amount = Money::from_minor(c.amount_minor.max(0) as u64, c.currency.parse().ok()?);
            let outcome = match c.state.as_str() {
                "Declined" => ChargeOutcome::Declined,
                "Canceled" => ChargeOutcome::Cancelled,
                "Captured" | "CaptureInitiated" => ChargeOutcome::Captured,
                _ => ChargeOutcome::Authorized,
            };
            Some(PermissionCharge {
                at: c.created_at_amazon,
                amount,
                outcome,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use amazon_pay_shared::money::Currency;

    #[test]
    fn refusals_keep_their_codes() {
        let e = allowed(TransactionStatus::Cancel, Operation::Capture, FlowKind::OneTime).unwrap_err();
        assert_eq!(e.code, ErrorCode::LifecycleOperationNotAllowed);
        assert_eq!(e.code.status(), 409);
        let jpy = |n| Money::from_minor(n, Currency::Jpy);
        assert_eq!(
            refused(Rules::default().check_amount(jpy(10_000_000)).unwrap_err()).code,
            ErrorCode::LifecycleAmountAboveMaximum
        );
        assert_eq!(
            refused(LifecycleError::CurrencyMismatch {
                expected: Currency::Jpy,
                found: Currency::Usd
            })
            .code,
            ErrorCode::CurrencyMismatch
        );
        assert_eq!(
            refused(LifecycleError::TimeOutOfRange(-1)).code,
            ErrorCode::Internal
        );
    }

    #[test]
    fn declined_charges_do_not_count() {
        let row = |state: &str| ChargeRow {
            charge_id: "C".into(),
            merchant_reference: "r".into(),
            charge_permission_id: "P".into(),
            seq: 1,
            state: state.into(),
            reason_code: None,
            capture_now: 0,
            currency: "JPY".into(),
            amount_minor: 100,
            captured_minor: None,
            created_at_amazon: 5,
            captured_at: None,
            state_at: 5,
            state_rank: 1,
        };
        let list = earlier_charges(&[row("Declined"), row("Canceled"), row("Authorized")]);
        let counted: Vec<bool> = list
            .iter()
            .map(|c| c.outcome.counts_toward_monthly_cap())
            .collect();
        assert_eq!(counted, [false, true, true]);
    }
}
