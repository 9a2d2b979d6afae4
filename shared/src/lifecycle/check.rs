//! The allowed-operation table as a check: the table row, or a typed refusal.

use super::errors::LifecycleError;
use super::operations::{transition, FlowKind, Operation, Transition};
use super::status::TransactionStatus;

/// The table row, or [`LifecycleError::OperationNotAllowed`].
pub fn check_allowed(
    status: TransactionStatus,
    operation: Operation,
    kind: FlowKind,
) -> Result<&'static Transition, LifecycleError> {
    transition(status, operation, kind).ok_or(LifecycleError::OperationNotAllowed {
        status,
        operation,
        kind,
    })
}
