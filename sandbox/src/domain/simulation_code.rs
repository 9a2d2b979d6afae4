//! The `x-amz-pay-simulation-code` request header: Amazon's sandbox simulations asked for per
//! request. The official SDKs pass it as an ordinary header (the Node SDK signs every header it
//! is given, other SDKs leave it out), so it is read whether it was signed or not. A code is
//! accepted only on the operation that can run it; an unknown or misplaced code is refused
//! with `InvalidSandboxSimulationSpecified`.
//!
//! The operations that take a code are the five the public integrations send it with
//! (WooCommerce's Amazon Pay gateway: Update Checkout Session, Create Charge, Capture Charge,
//! Create Refund, Close Charge Permission, never Complete Checkout Session or Cancel Charge;
//! the Salesforce Commerce Cloud cartridge likewise puts checkout-session codes on Update).
//! Which names are Amazon's and which are this sandbox's choice is listed per name in
//! `sandbox/README.md`.

use amazon_pay_shared::api::ReasonCode;
use serde::{Deserialize, Serialize};

use super::errors;
use crate::error::ApiError;

/// The header's name.
pub const HEADER: &str = "x-amz-pay-simulation-code";

/// The operations that take a simulation code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `PATCH /v2/checkoutSessions/{id}`: the code plays when the buyer pays and at Complete.
    UpdateCheckoutSession,
    /// `POST /v2/charges`.
    CreateCharge,
    /// `DELETE /v2/chargePermissions/{id}/close`.
    CloseChargePermission,
    /// `POST /v2/charges/{id}/capture`.
    CaptureCharge,
    /// `POST /v2/refunds`.
    CreateRefund,
}

impl Operation {
    /// The operation of a request, from its method and path (with or without the
    /// `/sandbox` or `/live` prefix).
    pub fn of(method: &str, path: &str) -> Option<Operation> {
        let rest = path.split_once("/v2/").map(|(_, r)| r)?.trim_end_matches('/');
        let parts: Vec<&str> = rest.split('/').collect();
        match (method, parts.as_slice()) {
            ("PATCH", ["checkoutSessions", _]) => Some(Operation::UpdateCheckoutSession),
            ("POST", ["charges"]) => Some(Operation::CreateCharge),
            ("DELETE", ["chargePermissions", _, "close"]) => Some(Operation::CloseChargePermission),
            ("POST", ["charges", _, "capture"]) => Some(Operation::CaptureCharge),
            ("POST", ["refunds"]) => Some(Operation::CreateRefund),
            _ => None,
        }
    }

    /// The codes this operation accepts.
    pub fn codes(self) -> &'static [&'static str] {
        match self {
            Operation::UpdateCheckoutSession => &[
                "BuyerCanceled",
                "AmazonCanceled",
                "Declined",
                "AuthorizationInitiated",
            ],
            Operation::CreateCharge => &[
                "SoftDeclined",
                "HardDeclined",
                "AmazonRejected",
                "ProcessingFailure",
                "TransactionTimedOut",
                "CaptureInitiated",
                "AuthorizationInitiated",
                "AuthorizationInitiatedSoftDeclined",
                "AuthorizationInitiatedHardDeclined",
            ],
            Operation::CloseChargePermission => &["AmazonClosed"],
            Operation::CaptureCharge => &[
                "CaptureInitiated",
                "SoftDeclined",
                "HardDeclined",
                "AmazonRejected",
                "ProcessingFailure",
            ],
            Operation::CreateRefund => &["AmazonRejected", "ProcessingFailure"],
        }
    }
}

/// The simulation a request asked for, as the API gate hands it to the route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requested(pub Option<Simulation>);

/// What a simulation code does to the operation it was sent with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Simulation {
    /// Update Checkout Session: when the buyer pays, the session ends `Canceled` with this
    /// reason (as with the simulated cards 3064 and 3434); Complete answers
    /// `CheckoutSessionCanceled`.
    CancelSession(ReasonCode),
    /// Create Charge: the authorisation is declined at once with this reason. Capture Charge:
    /// the capture is declined at once with this reason. Create Refund: the refund is
    /// `RefundInitiated`, then `Declined` with this reason when it settles.
    Decline(ReasonCode),
    /// The authorisation is `AuthorizationInitiated` (needs `canHandlePendingAuthorization`),
    /// then `Authorized`, or `Declined` with the reason, after the delay (Update Checkout
    /// Session: the charge Complete creates).
    Pending(Option<ReasonCode>),
    /// The capture is `CaptureInitiated`, then `Captured` (`None`) or `Declined` with the
    /// reason: after the delay on Create Charge with `captureNow`, 30 seconds after Capture
    /// Charge.
    CapturePending(Option<ReasonCode>),
    /// Close Charge Permission: closed with this reason instead of `MerchantClosed`.
    Close(ReasonCode),
}

/// The simulation a request asks for: `None` without the header, an error for an unknown code
/// or one the operation does not take.
pub fn parse(operation: Option<Operation>, code: Option<&str>) -> Result<Option<Simulation>, ApiError> {
    let Some(code) = code.map(str::trim) else {
        return Ok(None);
    };
    let accepted = operation.is_some_and(|op| op.codes().contains(&code));
    if !accepted {
        return Err(errors::invalid_simulation(format!(
            "The simulation code {code} is not valid for this operation."
        )));
    }
    let reason = || ReasonCode::from_wire(code);
    Ok(Some(match (operation, code) {
        (Some(Operation::UpdateCheckoutSession), "AuthorizationInitiated") => Simulation::Pending(None),
        (Some(Operation::UpdateCheckoutSession), _) => Simulation::CancelSession(reason()),
        (_, "CaptureInitiated") => Simulation::CapturePending(None),
        // Capture Charge `AmazonRejected`: `CaptureInitiated`, then `Declined` (Amazon's
        // Magento module, `AmazonInvoicePendingDeclinedTest`).
        (Some(Operation::CaptureCharge), "AmazonRejected") => {
            Simulation::CapturePending(Some(ReasonCode::AmazonRejected))
        }
        (_, "AuthorizationInitiated") => Simulation::Pending(None),
        (_, "AuthorizationInitiatedSoftDeclined") => Simulation::Pending(Some(ReasonCode::SoftDeclined)),
        (_, "AuthorizationInitiatedHardDeclined") => Simulation::Pending(Some(ReasonCode::HardDeclined)),
        (Some(Operation::CloseChargePermission), _) => Simulation::Close(reason()),
        _ => Simulation::Decline(reason()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_and_codes() {
        let update = Operation::of("PATCH", "/sandbox/v2/checkoutSessions/x");
        assert_eq!(update, Some(Operation::UpdateCheckoutSession));
        let complete = Operation::of("POST", "/v2/checkoutSessions/x/complete");
        assert_eq!(complete, None);
        assert!(parse(complete, Some("BuyerCanceled")).is_err());
        assert_eq!(
            Operation::of("POST", "/v2/charges"),
            Some(Operation::CreateCharge)
        );
        assert_eq!(Operation::of("GET", "/v2/charges/x"), None);
        assert_eq!(parse(update, None).unwrap(), None);
        assert_eq!(
            parse(update, Some("BuyerCanceled")).unwrap(),
            Some(Simulation::CancelSession(ReasonCode::BuyerCanceled))
        );
        let refused = parse(update, Some("HardDeclined")).unwrap_err();
        assert_eq!(refused.reason_code, "InvalidSandboxSimulationSpecified");
        assert!(parse(None, Some("HardDeclined")).is_err());
        assert!(parse(Some(Operation::CreateCharge), Some("Nonsense")).is_err());
        assert_eq!(
            parse(Some(Operation::CreateCharge), Some("HardDeclined")).unwrap(),
            Some(Simulation::Decline(ReasonCode::HardDeclined))
        );
        let capture = Operation::of("POST", "/v2/charges/S01-1-C01/capture");
        assert_eq!(capture, Some(Operation::CaptureCharge));
        assert_eq!(
            parse(capture, Some("CaptureInitiated")).unwrap(),
            Some(Simulation::CapturePending(None))
        );
        assert_eq!(
            parse(capture, Some("AmazonRejected")).unwrap(),
            Some(Simulation::CapturePending(Some(ReasonCode::AmazonRejected)))
        );
        assert_eq!(
            parse(capture, Some("HardDeclined")).unwrap(),
            Some(Simulation::Decline(ReasonCode::HardDeclined))
        );
        assert!(parse(capture, Some("TransactionTimedOut")).is_err());
        let refund = Operation::of("POST", "/sandbox/v2/refunds");
        assert_eq!(refund, Some(Operation::CreateRefund));
        assert_eq!(
            parse(refund, Some("ProcessingFailure")).unwrap(),
            Some(Simulation::Decline(ReasonCode::ProcessingFailure))
        );
        assert!(parse(refund, Some("CaptureInitiated")).is_err());
        assert!(parse(
            Operation::of("DELETE", "/v2/charges/x/cancel"),
            Some("AmazonRejected")
        )
        .is_err());
    }
}
