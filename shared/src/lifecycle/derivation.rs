//! The transaction status derived from Amazon's objects.
//!
//! [`derive_status`] reads an [`AmazonView`]: the Checkout Session, the Charge Permission,
//! the transaction's Charges (oldest first) and Refunds, each reduced to what the mapping
//! needs, so that a caller can build it from the API objects (the `from_api` constructors) or
//! from a ledger row. The first rule that applies wins:
//!
//! | # | Amazon view | Status |
//! |---|---|---|
//! | 1 | current charge `AuthorizationInitiated` (pending authorization) | `AUTHPROCESS` |
//! | 2 | current charge `Authorized` | `AUTH` |
//! | 3 | current charge `CaptureInitiated`, `captureNow` | `REQCAPTURE` |
//! | 4 | current charge `CaptureInitiated`, captured after an authorization | `REQSALES` |
//! | 5 | current charge `Captured`, a refund `RefundInitiated` | `REQRETURN` |
//! | 6 | current charge `Captured`, `Refunded` refunds ≥ the captured amount | `RETURN` |
//! | 7 | current charge `Captured`, `captureNow` (no or partial refunds) | `CAPTURE` |
//! | 8 | current charge `Captured`, after an authorization (no or partial refunds) | `SALES` |
//! | 9 | current charge `Canceled` (any reason, `ExpiredUnused` included) | `CANCEL` |
//! | 10 | current charge `Declined` | `PAYFAIL` |
//! | 11 | no charge; permission (any type) `Closed` | `END` |
//! | 12 | no charge; permission (any type) `Chargeable` or `NonChargeable` | `REGISTER` |
//! | 13 | no charge or permission; session `Open`, buyer redirected to Amazon | `AUTHPROCESS` |
//! | 14 | no charge or permission; session `Open`, not redirected (with or without a buyer) | `REQSUCCESS` |
//! | 15 | no charge or permission; session `Canceled` with reason `Declined` | `PAYFAIL` |
//! | 16 | no charge or permission; session `Canceled`, any other or no reason | `UNPROCESSED` |
//! | 17 | nothing at Amazon yet (registered only) | `UNPROCESSED` |
//!
//! Notes:
//!
//! * The **current charge** is the last one, except that a `Declined` last charge after a
//!   still `Authorized` one is a failed amount change: the old authorization stands (`AUTH`).
//! * Declined refunds are ignored (the captured status stays). A partial refund keeps `SALES`
//!   or `CAPTURE` once `Refunded`.
//! * A permission without a charge is `REGISTER` whatever its type: Recurring and
//!   PaymentMethodOnFile as in the seed, and a OneTime permission from `paymentIntent:
//!   Confirm` (authorize later) likewise. A permission that is `NonChargeable` (e.g. the buyer
//!   cancelled at Amazon) stays `REGISTER`, as the seed says; `Closed` is `END`. With a charge,
//!   the charge decides: a OneTime permission is `Closed` by Amazon once fully captured.
//! * A session `Canceled` for `BuyerCanceled`, `Expired` or `AmazonCanceled` is `UNPROCESSED`,
//!   the seed's "not paid, mostly because the buyer left"; a new session can be executed.
//! * A `Completed` session without its permission or charge in the view is
//!   [`LifecycleError::IncompleteView`]: fetch the permission. A state this crate does not know
//!   is [`LifecycleError::UnknownAmazonState`]; neither is guessed.

use crate::api::{
    Charge, ChargePermission, ChargePermissionState, ChargePermissionType, ChargeState, CheckoutSession,
    CheckoutSessionState, ReasonCode, Refund, RefundState,
};
use crate::money::Money;

use super::errors::LifecycleError;
use super::status::TransactionStatus;

/// The Checkout Session as the mapping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    /// `statusDetails.state`.
    pub state: CheckoutSessionState,
    /// `statusDetails.reasonCode`.
    pub reason_code: Option<ReasonCode>,
    /// Whether the buyer was sent to `amazonPayRedirectUrl` (known to the caller, not to
    /// Amazon's object).
    pub redirected: bool,
}

impl SessionView {
    /// From the API object, with the caller's knowledge of the redirect.
    pub fn from_api(session: &CheckoutSession, redirected: bool) -> SessionView {
        SessionView {
            state: session.status_details.state.clone(),
            reason_code: session.status_details.reason_code.clone(),
            redirected,
        }
    }
}

/// The Charge Permission as the mapping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionView {
    /// `chargePermissionType` (Amazon's default is OneTime).
    pub permission_type: ChargePermissionType,
    /// `statusDetails.state`.
    pub state: ChargePermissionState,
}

impl PermissionView {
    /// From the API object; an absent type is Amazon's default, OneTime.
    pub fn from_api(permission: &ChargePermission) -> PermissionView {
        PermissionView {
            permission_type: permission
                .charge_permission_type
                .clone()
                .unwrap_or(ChargePermissionType::OneTime),
            state: permission.status_details.state.clone(),
        }
    }
}

/// A Charge as the mapping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeView {
    /// `statusDetails.state`.
    pub state: ChargeState,
    /// Whether it was authorized and captured together (`captureNow`, or `paymentIntent:
    /// AuthorizeWithCapture`).
    pub capture_now: bool,
    /// The captured amount, needed to tell a full refund from a partial one.
    pub captured_amount: Option<Money>,
}

impl ChargeView {
    /// From the API object: `captureNow` absent is false; the captured amount is
    /// `captureAmount`, else `chargeAmount`. A malformed amount is an error.
    pub fn from_api(charge: &Charge) -> Result<ChargeView, LifecycleError> {
        let price = charge.capture_amount.as_ref().or(charge.charge_amount.as_ref());
        Ok(ChargeView {
            state: charge.status_details.state.clone(),
            capture_now: charge.capture_now.unwrap_or(false),
            captured_amount: price.map(|p| p.to_money()).transpose()?,
        })
    }
}

/// A Refund as the mapping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundView {
    /// `statusDetails.state`.
    pub state: RefundState,
    /// `refundAmount`.
    pub amount: Money,
}

impl RefundView {
    /// From the API object; a refund without `refundAmount` is an incomplete view.
    pub fn from_api(refund: &Refund) -> Result<RefundView, LifecycleError> {
        let price = refund
            .refund_amount
            .as_ref()
            .ok_or(LifecycleError::IncompleteView("a refund has no refundAmount"))?;
        Ok(RefundView {
            state: refund.status_details.state.clone(),
            amount: price.to_money()?,
        })
    }
}

/// Amazon's view of one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AmazonView {
    /// The Checkout Session, once one was created.
    pub session: Option<SessionView>,
    /// The Charge Permission, once checkout completed.
    pub permission: Option<PermissionView>,
    /// This transaction's Charges, oldest first (an amount change adds one).
    pub charges: Vec<ChargeView>,
    /// The Refunds of the captured Charge.
    pub refunds: Vec<RefundView>,
}

/// The transaction status for Amazon's view (see the module docs for the mapping).
pub fn derive_status(view: &AmazonView) -> Result<TransactionStatus, LifecycleError> {
    if let Some(charge) = current_charge(&view.charges) {
        return from_charge(charge, &view.refunds);
    }
    if let Some(permission) = &view.permission {
        return match ChargePermissionState::from_wire(permission.state.as_str()) {
            ChargePermissionState::Closed => Ok(TransactionStatus::End),
            ChargePermissionState::Chargeable | ChargePermissionState::NonChargeable => {
                Ok(TransactionStatus::Register)
            }
            ChargePermissionState::Unknown(state) => Err(unknown("ChargePermission", &state)),
        };
    }
    match &view.session {
        None => Ok(TransactionStatus::Unprocessed),
        Some(session) => match CheckoutSessionState::from_wire(session.state.as_str()) {
            CheckoutSessionState::Open if session.redirected => Ok(TransactionStatus::AuthProcess),
            CheckoutSessionState::Open => Ok(TransactionStatus::ReqSuccess),
            CheckoutSessionState::Canceled if session.reason_code == Some(ReasonCode::Declined) => {
                Ok(TransactionStatus::PayFail)
            }
            CheckoutSessionState::Canceled => Ok(TransactionStatus::Unprocessed),
            CheckoutSessionState::Completed => Err(LifecycleError::IncompleteView(
                "the session is Completed but neither its permission nor its charge is in the view",
            )),
            CheckoutSessionState::Unknown(state) => Err(unknown("CheckoutSession", &state)),
        },
    }
}

fn current_charge(charges: &[ChargeView]) -> Option<&ChargeView> {
    let (last, earlier) = charges.split_last()?;
    if last.state == ChargeState::Declined {
        if let Some(previous) = earlier.iter().rev().find(|c| c.state != ChargeState::Declined) {
            if previous.state == ChargeState::Authorized {
                return Some(previous);
            }
        }
    }
    Some(last)
}

fn from_charge(charge: &ChargeView, refunds: &[RefundView]) -> Result<TransactionStatus, LifecycleError> {
    // Matching goes by the wire string, so a hand-built `Unknown("Captured")` is `Captured`.
    let status = match ChargeState::from_wire(charge.state.as_str()) {
        ChargeState::AuthorizationInitiated => TransactionStatus::AuthProcess,
        ChargeState::Authorized => TransactionStatus::Auth,
        ChargeState::CaptureInitiated if charge.capture_now => TransactionStatus::ReqCapture,
        ChargeState::CaptureInitiated => TransactionStatus::ReqSales,
        ChargeState::Captured => from_captured(charge, refunds)?,
        ChargeState::Canceled => TransactionStatus::Cancel,
        ChargeState::Declined => TransactionStatus::PayFail,
        ChargeState::Unknown(state) => return Err(unknown("Charge", &state)),
    };
    Ok(status)
}

fn from_captured(charge: &ChargeView, refunds: &[RefundView]) -> Result<TransactionStatus, LifecycleError> {
    let mut pending = false;
    let mut refunded: Option<Money> = None;
    for refund in refunds {
        match RefundState::from_wire(refund.state.as_str()) {
            RefundState::RefundInitiated => pending = true,
            RefundState::Refunded => {
                refunded = Some(match refunded {
                    None => refund.amount,
                    Some(total) => total.checked_add(&refund.amount)?,
                });
            }
            RefundState::Declined => {}
            RefundState::Unknown(state) => return Err(unknown("Refund", &state)),
        }
    }
    if pending {
        return Ok(TransactionStatus::ReqReturn);
    }
    if let Some(refunded) = refunded {
        let captured = charge.captured_amount.ok_or(LifecycleError::IncompleteView(
            "a refunded charge has no captured amount",
        ))?;
        if refunded.currency() != captured.currency() {
            return Err(LifecycleError::CurrencyMismatch {
                expected: captured.currency(),
                found: refunded.currency(),
            });
        }
        if refunded.minor() >= captured.minor() {
            return Ok(TransactionStatus::Return);
        }
    }
    Ok(if charge.capture_now {
        TransactionStatus::Capture
    } else {
        TransactionStatus::Sales
    })
}

fn unknown(object: &'static str, state: &str) -> LifecycleError {
    LifecycleError::UnknownAmazonState {
        object,
        state: super::errors::truncate(state),
    }
}
