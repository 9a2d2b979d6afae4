//! Operations after checkout: Charge Permissions (get, update, close), Charges (create,
//! get, capture, cancel) and Refunds (create, get), with the limits that tie them together.

use amazon_pay_shared::api::{
    CancelChargeRequest, CaptureChargeRequest, Charge, ChargePermission, ChargePermissionState,
    ChargePermissionType, ChargeState, CloseChargePermissionRequest, CreateChargeRequest,
    CreateRefundRequest, MerchantMetadata, ProviderMetadata, ReasonCode, Refund, RefundState,
    UpdateChargePermissionRequest,
};
use amazon_pay_shared::money::{Money, Price};
use amazon_pay_shared::region::Region;

use super::amounts;
use super::charge::ChargeRecord;
use super::charge_permission::PermissionRecord;
use super::checkout_session::status;
use super::errors;
use super::ids;
use super::refund::RefundRecord;
use super::simulation::{self, Authorization, ONE_TIME_MAX_CHARGES};
use super::simulation_code::Simulation;
use crate::buyers::InstrumentBehaviour;
use crate::config::SandboxConfig;
use crate::error::ApiError;
use crate::store::Store;

/// A charge to authorise on a permission.
#[derive(Debug, Clone)]
pub struct NewCharge {
    /// The permission.
    pub permission_id: String,
    /// The amount to authorise.
    pub amount: Money,
    /// Capture together with the authorisation.
    pub capture_now: bool,
    /// Whether the authorisation may be pending.
    pub can_handle_pending: bool,
    /// `softDescriptor`.
    pub soft_descriptor: Option<String>,
    /// `merchantMetadata`.
    pub merchant_metadata: Option<MerchantMetadata>,
    /// `providerMetadata`.
    pub provider_metadata: Option<ProviderMetadata>,
    /// `platformId`.
    pub platform_id: Option<String>,
    /// The simulation the request asked for (`x-amz-pay-simulation-code`).
    pub simulation: Option<Simulation>,
}

fn permission_not_found(id: &str) -> ApiError {
    errors::not_found("ChargePermission", id)
}

fn charge_not_found(id: &str) -> ApiError {
    errors::not_found("Charge", id)
}

impl Store {
    fn permission_record(&self, id: &str) -> Result<&PermissionRecord, ApiError> {
        self.permissions.get(id).ok_or_else(|| permission_not_found(id))
    }

    fn charge_record(&self, id: &str) -> Result<&ChargeRecord, ApiError> {
        self.charges.get(id).ok_or_else(|| charge_not_found(id))
    }

    fn charge_record_mut(&mut self, id: &str) -> Result<&mut ChargeRecord, ApiError> {
        self.charges.get_mut(id).ok_or_else(|| charge_not_found(id))
    }

    fn charges_of<'a>(
        &'a self,
        permission: &'a PermissionRecord,
    ) -> impl Iterator<Item = &'a ChargeRecord> + 'a {
        permission.charge_ids.iter().filter_map(|id| self.charges.get(id))
    }

    /// What a one-time permission has left: the limit minus what was captured.
    pub(crate) fn balance(&self, permission: &PermissionRecord) -> Result<Option<Money>, ApiError> {
        let Some(limit) = permission.limit_money()? else {
            return Ok(None);
        };
        let captured = amounts::sum(
            limit.currency(),
            self.charges_of(permission)
                .filter(|c| *c.state() == ChargeState::Captured)
                .filter_map(|c| c.capture_amount.as_ref()),
        )?;
        Ok(Some(amounts::saturating_sub(&limit, &captured)))
    }

    /// The total of the refunds of a charge that reached `Refunded`, and of those not declined.
    fn refund_totals(&self, charge: &ChargeRecord) -> Result<(Money, Money), ApiError> {
        let currency = charge.amount_money()?.currency();
        let of_charge = || self.refunds.values().filter(|r| r.charge_id == charge.id);
        let refunded = amounts::sum(
            currency,
            of_charge()
                .filter(|r| r.status.state == RefundState::Refunded)
                .map(|r| &r.amount),
        )?;
        let committed = amounts::sum(currency, of_charge().filter_map(RefundRecord::committed))?;
        Ok((refunded, committed))
    }

    pub(crate) fn permission_view(&self, id: &str, now: i64) -> Result<ChargePermission, ApiError> {
        let p = self.permission_record(id)?;
        Ok(p.view(self.balance(p)?, now))
    }

    pub(crate) fn charge_view(&self, id: &str) -> Result<Charge, ApiError> {
        let c = self.charge_record(id)?;
        let refunded = if *c.state() == ChargeState::Captured {
            Some(self.refund_totals(c)?.0)
        } else {
            None
        };
        Ok(c.view(refunded))
    }

    /// Authorises a charge on a permission at `at` with the permission's instrument, and
    /// captures it at once when asked. Returns the new charge's id.
    pub(crate) fn open_charge(
        &mut self,
        config: &SandboxConfig,
        new: NewCharge,
        at: i64,
    ) -> Result<String, ApiError> {
        let permission = self.permission_record(&new.permission_id)?;
        let behaviour = match &new.simulation {
            Some(Simulation::Pending(None)) => InstrumentBehaviour::AuthorizationPendingThenApprove,
            Some(Simulation::Pending(Some(ReasonCode::HardDeclined))) => {
                InstrumentBehaviour::AuthorizationPendingThenHardDecline
            }
            Some(Simulation::Pending(Some(_))) => InstrumentBehaviour::PendingThenDecline,
            Some(Simulation::CapturePending(_)) => InstrumentBehaviour::CapturePending,
            _ => permission.behaviour,
        };
        // A simulation code overrides the simulated card: a decline needs no pending handling.
        let pending_asked = matches!(new.simulation, Some(Simulation::Pending(_)));
        let card_pends = behaviour.needs_pending_authorization()
            && !matches!(new.simulation, Some(Simulation::Decline(_)));
        if (card_pends || pending_asked) && !new.can_handle_pending {
            return Err(errors::simulation_needs_pending());
        }
        let allow_overcharge = permission.allow_overcharge;
        let mut id = ids::charge_id(self.next_sequence(), &new.permission_id);
        while self.charges.contains_key(&id) {
            id = ids::charge_id(self.next_sequence(), &new.permission_id);
        }
        let mut record = ChargeRecord {
            id: id.clone(),
            permission_id: new.permission_id.clone(),
            amount: new.amount.to_price(),
            capture_now: new.capture_now,
            can_handle_pending: new.can_handle_pending,
            soft_descriptor: new.soft_descriptor,
            merchant_metadata: new.merchant_metadata,
            provider_metadata: new.provider_metadata,
            platform_id: new.platform_id,
            behaviour,
            allow_overcharge,
            created_at: at,
            authorized_at: None,
            capture_amount: None,
            capture_decline: None,
            due_at: None,
            status: status(ChargeState::AuthorizationInitiated, None, at),
        };
        let outcome = match &new.simulation {
            Some(Simulation::Decline(reason)) => Authorization::Declined(reason.clone()),
            _ => simulation::authorize(behaviour, new.can_handle_pending),
        };
        match &outcome {
            Authorization::Authorized => {
                record.set(ChargeState::Authorized, None, at);
                record.authorized_at = Some(at);
            }
            Authorization::Pending => {
                record.due_at = Some(simulation::pending_due(behaviour, at, config.async_delay_secs))
            }
            Authorization::Declined(reason) => record.set(ChargeState::Declined, Some(reason.clone()), at),
        }
        self.charges.insert(id.clone(), record);
        if let Some(p) = self.permissions.get_mut(&new.permission_id) {
            p.charge_ids.push(id.clone());
        }
        match outcome {
            Authorization::Authorized => {
                self.extend_recurring(&new.permission_id, at);
                if new.capture_now {
                    self.start_capture(config, &id, new.amount.to_price(), at)?
                }
            }
            Authorization::Declined(reason) => self.after_decline(&new.permission_id, &reason, at),
            _ => {}
        }
        Ok(id)
    }

    /// What a decline does to the charge's permission: a hard decline makes it
    /// `NonChargeable` (`PaymentMethodInvalid`); `AmazonRejected` cancels it (`Closed`,
    /// `AmazonCanceled`), as Amazon's Charge reason table says; other reasons leave it.
    pub(crate) fn after_decline(&mut self, permission_id: &str, reason: &ReasonCode, at: i64) {
        match reason {
            ReasonCode::HardDeclined => self.hard_declined(permission_id, at),
            ReasonCode::AmazonRejected => {
                if let Some(p) = self.permissions.get_mut(permission_id) {
                    if p.is_open() {
                        p.close(ReasonCode::AmazonCanceled, None, at);
                    }
                }
            }
            _ => {}
        }
    }

    /// A successful authorisation on a recurring permission extends its validity to 13 months
    /// from the authorisation (a permission that is valid 13 months and extended by each
    /// charge); other permission types keep their expiry.
    pub(crate) fn extend_recurring(&mut self, permission_id: &str, at: i64) {
        if let Some(p) = self.permissions.get_mut(permission_id) {
            if p.kind == ChargePermissionType::Recurring && p.is_open() {
                let extended = at.saturating_add(simulation::EXTENDED_LIFETIME);
                p.expires_at = Some(p.expires_at.map_or(extended, |e| e.max(extended)));
            }
        }
    }

    /// A hard decline makes the permission `NonChargeable` (`PaymentMethodInvalid`).
    pub(crate) fn hard_declined(&mut self, permission_id: &str, at: i64) {
        if let Some(p) = self.permissions.get_mut(permission_id) {
            p.make_non_chargeable(ReasonCode::PaymentMethodInvalid, at);
        }
    }

    /// Starts the capture of an authorised charge: at once, or asynchronously (settling after
    /// the delay) when late or with an instrument whose captures are asynchronous.
    pub(crate) fn start_capture(
        &mut self,
        config: &SandboxConfig,
        id: &str,
        amount: Price,
        at: i64,
    ) -> Result<(), ApiError> {
        let charge = self.charge_record_mut(id)?;
        charge.capture_amount = Some(amount);
        let authorized_at = charge.authorized_at.unwrap_or(charge.created_at);
        if simulation::capture_is_async(charge.behaviour, authorized_at, at) {
            charge.set(ChargeState::CaptureInitiated, None, at);
            charge.due_at = Some(at.saturating_add(config.async_delay_secs.max(0)));
            Ok(())
        } else {
            self.settle_capture(id, at)
        }
    }

    /// Settles a capture: `Captured` (closing a fully captured one-time permission) or
    /// `Declined`.
    pub(crate) fn settle_capture(&mut self, id: &str, at: i64) -> Result<(), ApiError> {
        let charge = self.charge_record_mut(id)?;
        let outcome = match charge.capture_decline.clone() {
            Some(reason) => Err((reason, true)),
            None => simulation::settle_capture(charge.behaviour).map_err(|r| (r, false)),
        };
        match outcome {
            Ok(()) => {
                charge.set(ChargeState::Captured, None, at);
                let permission_id = charge.permission_id.clone();
                self.after_capture(&permission_id, at)
            }
            Err((reason, simulated)) => {
                charge.set(ChargeState::Declined, Some(reason.clone()), at);
                if simulated {
                    let permission_id = charge.permission_id.clone();
                    self.after_decline(&permission_id, &reason, at);
                }
                Ok(())
            }
        }
    }

    fn after_capture(&mut self, permission_id: &str, at: i64) -> Result<(), ApiError> {
        let Some(permission) = self.permissions.get(permission_id) else {
            return Ok(());
        };
        if permission.kind != ChargePermissionType::OneTime || !permission.is_open() {
            return Ok(());
        }
        if self.balance(permission)?.is_some_and(|b| b.is_zero()) {
            if let Some(p) = self.permissions.get_mut(permission_id) {
                p.close(ReasonCode::AmazonClosed, None, at);
            }
        }
        Ok(())
    }

    /// Get Charge Permission.
    pub fn charge_permission(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
    ) -> Result<ChargePermission, ApiError> {
        self.advance(config, now);
        self.permission_view(id, now)
    }

    /// The buyer chose another payment method for a recurring or saved-wallet charge
    /// permission on Amazon's page for it (`/jr/your-account/ba/{chargePermissionId}`, where
    /// Amazon sends a buyer whose recurring charge was hard declined): later charges use the
    /// instrument `instrument_id` (any test buyer's, our choice), and a `NonChargeable`
    /// permission is `Chargeable` again. A closed or one-time permission is refused.
    pub fn change_payment_method(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        instrument_id: &str,
    ) -> Result<ChargePermission, ApiError> {
        self.advance(config, now);
        let instrument = crate::buyers::test_buyers()
            .into_iter()
            .flat_map(|b| b.instruments)
            .find(|i| i.id == instrument_id)
            .ok_or_else(|| {
                errors::invalid_value(
                    "instrumentId",
                    format!("{instrument_id} is not a test instrument"),
                )
            })?;
        let permission = self
            .permissions
            .get_mut(id)
            .ok_or_else(|| permission_not_found(id))?;
        if !permission.is_open() || permission.kind == ChargePermissionType::OneTime {
            return Err(errors::invalid_value(
                "chargePermissionId",
                format!("{id} is not an open recurring or saved-wallet charge permission"),
            ));
        }
        permission.behaviour = instrument.behaviour;
        permission.payment_preferences = Some(vec![amazon_pay_shared::api::PaymentPreference {
            payment_descriptor: Some(instrument.descriptor),
        }]);
        if *permission.state() == ChargePermissionState::NonChargeable {
            permission.status =
                super::charge_permission::status(ChargePermissionState::Chargeable, None, now);
        }
        self.permission_view(id, now)
    }

    /// Update Charge Permission (merchant metadata; recurring metadata of a recurring one).
    pub fn update_charge_permission(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        request: UpdateChargePermissionRequest,
    ) -> Result<ChargePermission, ApiError> {
        self.advance(config, now);
        self.permissions
            .get_mut(id)
            .ok_or_else(|| permission_not_found(id))?
            .update(request)?;
        self.permission_view(id, now)
    }

    /// Close Charge Permission (`MerchantClosed`); with `cancelPendingCharges` its open
    /// charges are canceled (`ChargePermissionCanceled`).
    pub fn close_charge_permission(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        request: CloseChargePermissionRequest,
        simulation: Option<Simulation>,
    ) -> Result<ChargePermission, ApiError> {
        self.advance(config, now);
        let permission = self
            .permissions
            .get_mut(id)
            .ok_or_else(|| permission_not_found(id))?;
        if !permission.is_open() {
            return Err(errors::permission_status(format!(
                "Charge permission {id} is already Closed."
            )));
        }
        let reason = match simulation {
            Some(Simulation::Close(reason)) => reason,
            _ => ReasonCode::MerchantClosed,
        };
        permission.close(reason, request.closure_reason, now);
        let charge_ids = permission.charge_ids.clone();
        if request.cancel_pending_charges == Some(true) {
            for cid in charge_ids {
                if let Some(c) = self.charges.get_mut(&cid) {
                    if matches!(
                        c.state(),
                        ChargeState::AuthorizationInitiated | ChargeState::Authorized
                    ) {
                        c.set(
                            ChargeState::Canceled,
                            Some(ReasonCode::ChargePermissionCanceled),
                            now,
                        );
                    }
                }
            }
        }
        self.permission_view(id, now)
    }

    /// Create Charge. A synchronous decline stores the `Declined` charge and answers 422 with
    /// the decline reason (`SoftDeclined`, `HardDeclined`, `TransactionTimedOut`).
    pub fn create_charge(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        _region: Option<Region>,
        request: CreateChargeRequest,
        simulation: Option<Simulation>,
    ) -> Result<Charge, ApiError> {
        self.advance(config, now);
        let permission = self.permission_record(&request.charge_permission_id)?;
        let amount = amounts::chargeable("chargeAmount", &request.charge_amount)?;
        amounts::same_currency("chargeAmount", &amount, permission.currency)?;
        if *permission.state() != ChargePermissionState::Chargeable {
            let reasons: Vec<&str> = permission.status.reason_codes().map(|r| r.as_str()).collect();
            return Err(errors::permission_status(format!(
                "Charge permission {} is {} ({}); no charge can be created.",
                permission.id,
                permission.state(),
                reasons.join(", ")
            )));
        }
        if permission.kind == ChargePermissionType::OneTime {
            if permission.charge_ids.len() >= ONE_TIME_MAX_CHARGES {
                return Err(errors::count_exceeded(format!(
                    "A one-time charge permission takes at most {ONE_TIME_MAX_CHARGES} charges."
                )));
            }
            if let Some(limit) = permission.limit_money()? {
                let committed = amounts::sum(
                    limit.currency(),
                    self.charges_of(permission).filter_map(ChargeRecord::committed),
                )?;
                let available = amounts::saturating_sub(&limit, &committed);
                if amount.minor() > available.minor() {
                    return Err(errors::amount_exceeded(format!(
                        "chargeAmount {amount} is more than the {available} the charge permission has left."
                    )));
                }
            }
        }
        let new = NewCharge {
            permission_id: request.charge_permission_id.clone(),
            amount,
            capture_now: request.capture_now == Some(true),
            can_handle_pending: request.can_handle_pending_authorization == Some(true),
            soft_descriptor: request.soft_descriptor,
            merchant_metadata: request.merchant_metadata.map(Into::into),
            provider_metadata: request.provider_metadata.map(Into::into),
            platform_id: None,
            simulation,
        };
        let id = self.open_charge(config, new, now)?;
        let charge = self.charge_record(&id)?;
        if *charge.state() == ChargeState::Declined {
            let reason = charge
                .status
                .reason_code
                .as_ref()
                .map(|r| r.as_str().to_owned())
                .unwrap_or_else(|| "ProcessingFailure".to_owned());
            return Err(errors::declined(&reason, &id));
        }
        self.charge_view(&id)
    }

    /// Get Charge.
    pub fn charge(&mut self, config: &SandboxConfig, now: i64, id: &str) -> Result<Charge, ApiError> {
        self.advance(config, now);
        self.charge_view(id)
    }

    /// Capture Charge: only `Authorized`, at most the authorised amount (plus the overcharge
    /// allowance when the session allowed it).
    ///
    /// A simulation code declines the capture at once (422 with the reason, the charge
    /// `Declined`), or makes it `CaptureInitiated` for 30 seconds, then `Captured` or (for
    /// `AmazonRejected`) `Declined`.
    pub fn capture_charge(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        request: CaptureChargeRequest,
        simulation: Option<Simulation>,
    ) -> Result<Charge, ApiError> {
        self.advance(config, now);
        let charge = self.charge_record(id)?;
        if *charge.state() != ChargeState::Authorized {
            return Err(errors::charge_status(format!(
                "Charge {id} is {} and cannot be captured.",
                charge.state()
            )));
        }
        let amount = amounts::chargeable("captureAmount", &request.capture_amount)?;
        let authorized = charge.amount_money()?;
        amounts::same_currency("captureAmount", &amount, authorized.currency())?;
        let maximum = if charge.allow_overcharge {
            amounts::add(&authorized, &amounts::allowance(&authorized)?)?
        } else {
            authorized
        };
        if amount.minor() > maximum.minor() {
            return Err(errors::amount_exceeded(format!(
                "captureAmount {amount} is more than the {maximum} that can be captured on charge {id}."
            )));
        }
        let charge = self.charge_record_mut(id)?;
        if let Some(descriptor) = request.soft_descriptor {
            charge.soft_descriptor = Some(descriptor);
        }
        match simulation {
            Some(Simulation::Decline(reason)) => {
                charge.capture_amount = Some(amount.to_price());
                charge.set(ChargeState::Declined, Some(reason.clone()), now);
                let permission_id = charge.permission_id.clone();
                self.after_decline(&permission_id, &reason, now);
                return Err(errors::capture_declined(reason.as_str(), id));
            }
            Some(Simulation::CapturePending(decline)) => {
                charge.behaviour = InstrumentBehaviour::CapturePending;
                charge.capture_decline = decline;
                self.start_capture(config, id, amount.to_price(), now)?;
                let charge = self.charge_record_mut(id)?;
                charge.due_at = Some(now.saturating_add(simulation::SIMULATED_PENDING));
                return self.charge_view(id);
            }
            _ => {}
        }
        self.start_capture(config, id, amount.to_price(), now)?;
        self.charge_view(id)
    }

    /// Cancel Charge: only while `AuthorizationInitiated` or `Authorized` (`MerchantCanceled`).
    pub fn cancel_charge(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        request: CancelChargeRequest,
    ) -> Result<Charge, ApiError> {
        self.advance(config, now);
        let charge = self.charge_record_mut(id)?;
        if !matches!(
            charge.state(),
            ChargeState::AuthorizationInitiated | ChargeState::Authorized
        ) {
            return Err(errors::charge_status(format!(
                "Charge {id} is {} and cannot be canceled.",
                charge.state()
            )));
        }
        charge.set(ChargeState::Canceled, Some(ReasonCode::MerchantCanceled), now);
        if let Some(reason) = request.cancellation_reason {
            charge.status.reason_description = Some(reason);
        }
        self.charge_view(id)
    }

    /// Create Refund: only of a `Captured` charge; all refunds together at most the captured
    /// amount plus the allowance (15 % or 75 USD/EUR/GBP / ¥8,400, whichever is less).
    ///
    /// A simulation code makes the refund settle `Declined` with that reason.
    pub fn create_refund(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        request: CreateRefundRequest,
        simulation: Option<Simulation>,
    ) -> Result<Refund, ApiError> {
        self.advance(config, now);
        let charge = self.charge_record(&request.charge_id)?;
        if *charge.state() != ChargeState::Captured {
            return Err(errors::charge_status(format!(
                "Charge {} is {}; only Captured charges can be refunded.",
                charge.id,
                charge.state()
            )));
        }
        let amount = amounts::chargeable("refundAmount", &request.refund_amount)?;
        let captured = amounts::parse(
            "captureAmount",
            charge
                .capture_amount
                .as_ref()
                .ok_or_else(|| errors::internal("captured without amount"))?,
        )?;
        amounts::same_currency("refundAmount", &amount, captured.currency())?;
        let (_, committed) = self.refund_totals(charge)?;
        let maximum = amounts::add(&captured, &amounts::allowance(&captured)?)?;
        let after = amounts::add(&committed, &amount)?;
        if after.minor() > maximum.minor() {
            let left = amounts::saturating_sub(&maximum, &committed);
            return Err(errors::amount_exceeded(format!(
                "refundAmount {amount} is more than the {left} that can still be refunded on charge {}.",
                charge.id
            )));
        }
        let behaviour = charge.behaviour;
        let permission_id = charge.permission_id.clone();
        let mut id = ids::refund_id(self.next_sequence(), &permission_id);
        while self.refunds.contains_key(&id) {
            id = ids::refund_id(self.next_sequence(), &permission_id);
        }
        let record = RefundRecord {
            id: id.clone(),
            charge_id: request.charge_id,
            amount: amount.to_price(),
            soft_descriptor: request.soft_descriptor,
            behaviour,
            simulated_decline: match simulation {
                Some(Simulation::Decline(reason)) => Some(reason),
                _ => None,
            },
            created_at: now,
            due_at: simulation::refund_due(behaviour, now, config.async_delay_secs),
            status: status(RefundState::RefundInitiated, None, now),
        };
        let view = record.view();
        self.refunds.insert(id, record);
        Ok(view)
    }

    /// Get Refund.
    pub fn refund(&mut self, config: &SandboxConfig, now: i64, id: &str) -> Result<Refund, ApiError> {
        self.advance(config, now);
        self.refunds
            .get(id)
            .map(RefundRecord::view)
            .ok_or_else(|| errors::not_found("Refund", id))
    }
}
