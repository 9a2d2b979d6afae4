//! The Charge record: `AuthorizationInitiated` → `Authorized` → (`CaptureInitiated` →)
//! `Captured`, or `Canceled` / `Declined` with a reason. Asynchronous steps carry the sandbox
//! time they settle at (`due_at`).

use amazon_pay_shared::api::{
    Charge, ChargeState, MerchantMetadata, ProviderMetadata, ReasonCode, ReleaseEnvironment, StatusDetails,
};
use amazon_pay_shared::money::{Money, Price};
use amazon_pay_shared::time::format_basic;
use serde::{Deserialize, Serialize};

use super::checkout_session::status;
use super::errors;
use super::simulation::AUTHORIZATION_LIFETIME;
use crate::buyers::InstrumentBehaviour;
use crate::error::ApiError;

/// A stored Charge.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeRecord {
    /// `chargeId`.
    pub id: String,
    /// `chargePermissionId`.
    pub permission_id: String,
    /// `chargeAmount` (the authorised amount).
    pub amount: Price,
    /// `captureNow`.
    pub capture_now: bool,
    /// `canHandlePendingAuthorization`.
    pub can_handle_pending: bool,
    /// `softDescriptor`.
    pub soft_descriptor: Option<String>,
    /// `merchantMetadata`.
    pub merchant_metadata: Option<MerchantMetadata>,
    /// `providerMetadata`.
    pub provider_metadata: Option<ProviderMetadata>,
    /// `platformId`.
    pub platform_id: Option<String>,
    /// How the instrument behaves.
    pub behaviour: InstrumentBehaviour,
    /// Whether a capture may exceed the authorisation.
    pub allow_overcharge: bool,
    /// Creation, sandbox seconds.
    pub created_at: i64,
    /// When the authorisation succeeded.
    pub authorized_at: Option<i64>,
    /// `captureAmount`, once a capture was requested.
    pub capture_amount: Option<Price>,
    /// The reason a pending capture is declined with when it settles (a simulation code on
    /// Capture Charge); `None` settles by the instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_decline: Option<ReasonCode>,
    /// When the pending step (authorisation or capture) settles.
    pub due_at: Option<i64>,
    /// State and reason.
    pub status: StatusDetails<ChargeState>,
}

impl ChargeRecord {
    /// The current state.
    pub fn state(&self) -> &ChargeState {
        &self.status.state
    }

    /// Sets the state (and clears any pending step).
    pub fn set(&mut self, state: ChargeState, reason: Option<ReasonCode>, at: i64) {
        self.status = status(state, reason, at);
        self.due_at = None;
    }

    /// When an `Authorized` charge expires unused: 30 days after the authorisation (after
    /// creation while it is still pending).
    pub fn expires_at(&self) -> i64 {
        self.authorized_at
            .unwrap_or(self.created_at)
            .saturating_add(AUTHORIZATION_LIFETIME)
    }

    /// The authorised amount as money.
    pub fn amount_money(&self) -> Result<Money, ApiError> {
        self.amount
            .to_money()
            .map_err(|e| errors::internal(e.to_string()))
    }

    /// The amount this charge holds against its permission's limit: the capture amount once
    /// capturing or captured, the authorised amount while authorising or authorised, nothing
    /// once canceled or declined.
    pub fn committed(&self) -> Option<&Price> {
        match self.state() {
            ChargeState::AuthorizationInitiated | ChargeState::Authorized => Some(&self.amount),
            ChargeState::CaptureInitiated | ChargeState::Captured => self.capture_amount.as_ref(),
            _ => None,
        }
    }

    /// The charge as the API shows it; `refunded` is the refunded total of a captured charge.
    pub fn view(&self, refunded: Option<Money>) -> Charge {
        let mut c = Charge::new(self.id.clone(), self.permission_id.clone(), self.status.clone());
        c.charge_amount = Some(self.amount.clone());
        c.capture_amount = self.capture_amount.clone();
        c.refunded_amount = refunded.map(|m| m.to_price());
        c.capture_now = Some(self.capture_now);
        c.can_handle_pending_authorization = Some(self.can_handle_pending);
        c.soft_descriptor = self.soft_descriptor.clone();
        c.merchant_metadata = self.merchant_metadata.clone();
        c.platform_id = self.platform_id.clone();
        c.provider_metadata = self.provider_metadata.clone();
        c.creation_timestamp = Some(format_basic(self.created_at));
        c.expiration_timestamp = Some(format_basic(self.expires_at()));
        c.release_environment = Some(ReleaseEnvironment::Sandbox);
        c
    }
}
