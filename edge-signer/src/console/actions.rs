//! Which of the merchant's operations an order allows now, and why not, for the order page:
//! the lifecycle table and the same rules the services check ([`crate::enforce`], the
//! merchant's `Rules`), over what the ledger last recorded, at the isolate's time. Submitting
//! an action always goes through the service, which reads Amazon again and checks everything
//! once more: what this module says is what the page shows, never what decides.

use amazon_pay_shared::lifecycle::{AmountChangeRequest, Operation, RefundRequest, TransactionStatus};
use amazon_pay_shared::money::Money;
use amazon_pay_shared::wire::ErrorCode;

use crate::config::Config;
use crate::enforce;
use crate::error::{ApiError, ApiResult};
use crate::ledger::rows::{ChargeRow, RefundRow, TransactionRow};
use crate::services::{charges, refunds};

/// A console action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Capture all or part of the authorization (`CAPTURE`).
    Capture,
    /// Cancel the authorization (`CANCEL_FULL` of an authorization).
    Cancel,
    /// Refund all or part of the capture (`CANCEL_PARTIAL` / `CANCEL_FULL`).
    Refund,
    /// Re-authorize with another amount (`CHANGE_AMOUNT`).
    ChangeAmount,
}

impl Action {
    /// Every action, in the page's order.
    pub const ALL: [Action; 4] = [
        Action::Capture,
        Action::Cancel,
        Action::Refund,
        Action::ChangeAmount,
    ];

    /// The path segment (`capture`, `cancel`, `refund`, `change-amount`).
    pub fn slug(self) -> &'static str {
        match self {
            Action::Capture => "capture",
            Action::Cancel => "cancel",
            Action::Refund => "refund",
            Action::ChangeAmount => "change-amount",
        }
    }

    /// The action of a path segment.
    pub fn from_slug(slug: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.slug() == slug)
    }

    /// Whether the action takes an amount.
    pub fn takes_amount(self) -> bool {
        self != Action::Cancel
    }
}

/// What an allowed action offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The charge it acts on (the transaction's current one).
    pub charge_id: String,
    /// The amount the form suggests.
    pub suggested: Money,
    /// The most it may be (capture: the authorization; refund: what is left; amount change:
    /// the cap).
    pub max: Money,
    /// Until when (Unix seconds): the capture or refund window.
    pub until: Option<i64>,
    /// Partial refunds still allowed (refunds only).
    pub partial_refunds_left: Option<u32>,
}

/// What the ledger holds about one order.
#[derive(Debug, Clone, Copy)]
pub struct OrderFacts<'a> {
    /// The transaction.
    pub tx: &'a TransactionRow,
    /// Its charges.
    pub charges: &'a [ChargeRow],
    /// Its refunds.
    pub refunds: &'a [RefundRow],
}

fn money_error(_: amazon_pay_shared::money::MoneyError) -> ApiError {
    ApiError::internal()
}

impl OrderFacts<'_> {
    fn current(&self) -> ApiResult<&ChargeRow> {
        let id = self.tx.charge_id.as_deref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::LifecycleOperationNotAllowed,
                "this order has no authorization yet",
            )
        })?;
        self.charges.iter().find(|c| c.charge_id == id).ok_or_else(|| {
            ApiError::new(
                ErrorCode::TransactionNotFound,
                "the current charge is not recorded",
            )
        })
    }

    fn status(&self) -> ApiResult<TransactionStatus> {
        self.tx.status().map_err(enforce::refused)
    }

    /// Whether `action` is allowed now: its offer, or the refusal the API would answer.
    pub fn offer(&self, config: &Config, action: Action, now: i64) -> ApiResult<Offer> {
        let status = self.status()?;
        let flow = self.tx.flow_kind();
        let rules = enforce::rules(config);
        match action {
            Action::Capture => {
                enforce::allowed(status, Operation::Capture, flow)?;
                let current = self.current()?;
                let until = rules
                    .check_capture(current.created_at_amazon, now)
                    .map_err(enforce::refused)?;
                let authorized = self.tx.money(current.amount_minor).map_err(money_error)?;
                Ok(Offer {
                    charge_id: current.charge_id.clone(),
                    suggested: authorized,
                    max: authorized,
                    until: Some(until),
                    partial_refunds_left: None,
                })
            }
            Action::Cancel => {
                enforce::allowed(status, Operation::CancelFull, flow)?;
                if status != TransactionStatus::Auth {
                    return Err(ApiError::new(
                        ErrorCode::LifecycleOperationNotAllowed,
                        charges::CANCEL_CAPTURED,
                    ));
                }
                let current = self.current()?;
                let authorized = self.tx.money(current.amount_minor).map_err(money_error)?;
                Ok(Offer {
                    charge_id: current.charge_id.clone(),
                    suggested: authorized,
                    max: authorized,
                    until: None,
                    partial_refunds_left: None,
                })
            }
            Action::Refund => {
                if status == TransactionStatus::Auth {
                    return Err(ApiError::new(
                        ErrorCode::LifecycleOperationNotAllowed,
                        refunds::REFUND_AUTHORIZED,
                    ));
                }
                let partial = enforce::allowed(status, Operation::CancelPartial, flow);
                enforce::allowed(status, Operation::CancelFull, flow).or(partial)?;
                let current = self.current()?;
                let captured = self
                    .tx
                    .money(current.captured_minor.unwrap_or(current.amount_minor))
                    .map_err(money_error)?;
                let counted: Vec<&RefundRow> = self
                    .refunds
                    .iter()
                    .filter(|r| r.charge_id == current.charge_id && r.counts())
                    .collect();
                let refunded = self
                    .tx
                    .money(counted.iter().map(|r| r.amount_minor).sum())
                    .map_err(money_error)?;
                let refundable = captured
                    .checked_sub(&refunded)
                    .unwrap_or(Money::zero(captured.currency()));
                if refundable.is_zero() {
                    return Err(ApiError::new(
                        ErrorCode::LifecycleRefundExceedsCaptured,
                        "everything captured has been refunded",
                    ));
                }
                let check = rules
                    .check_refund(&RefundRequest {
                        captured_at: current.captured_at.unwrap_or(current.state_at),
                        captured,
                        refunded_so_far: refunded,
                        refunds_so_far: counted.len() as u32,
                        amount: refundable,
                        now,
                    })
                    .map_err(enforce::refused)?;
                let max_partial = rules.max_partial_refunds_for(captured.currency());
                Ok(Offer {
                    charge_id: current.charge_id.clone(),
                    suggested: refundable,
                    max: refundable,
                    until: Some(check.deadline),
                    partial_refunds_left: Some(max_partial.saturating_sub(counted.len() as u32)),
                })
            }
            Action::ChangeAmount => {
                enforce::allowed(status, Operation::ChangeAmount, flow)?;
                let current = self.current()?;
                let amount = self.tx.money(current.amount_minor).map_err(money_error)?;
                let change = rules
                    .check_amount_change(&AmountChangeRequest {
                        kind: flow,
                        change_enabled_at_checkout: self.tx.amount_change_enabled != 0,
                        first_amount: self.tx.money(self.tx.first_amount_minor).map_err(money_error)?,
                        current_amount: amount,
                        new_amount: amount,
                        authorized_at: current.created_at_amazon,
                        now,
                    })
                    .map_err(enforce::refused)?;
                Ok(Offer {
                    charge_id: current.charge_id.clone(),
                    suggested: amount,
                    max: change.cap,
                    until: rules.capture_deadline(current.created_at_amazon).ok(),
                    partial_refunds_left: None,
                })
            }
        }
    }
}
