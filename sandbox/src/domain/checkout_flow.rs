//! The checkout journey across objects: create and update a session, the buyer's approval,
//! payment and cancellation on the hosted pages, and Complete Checkout Session, which creates
//! the Charge Permission and (for Authorize and AuthorizeWithCapture) the Charge.

use amazon_pay_shared::api::{
    ChargePermissionState, ChargePermissionType, ChargeState, CheckoutSession, CheckoutSessionState,
    CompleteCheckoutSessionRequest, CreateCheckoutSessionRequest, PaymentIntent, ReasonCode,
    UpdateCheckoutSessionRequest,
};
use amazon_pay_shared::money::Currency;
use amazon_pay_shared::region::Region;

use super::amounts;
use super::buyer_data::{self, BuyerChoice};
use super::charge_permission::{self, PermissionRecord};
use super::charging::NewCharge;
use super::checkout_session::{status, with_session_id, SessionOrigin, SessionRecord};
use super::errors;
use super::ids;
use super::simulation::{self, Authorization, EXTENDED_LIFETIME, ONE_TIME_LIFETIME};
use super::simulation_code::Simulation;
use crate::buyers::InstrumentBehaviour;
use crate::buyers::{find_buyer, test_buyers};
use crate::config::SandboxConfig;
use crate::error::ApiError;
use crate::store::{BuyerRedirect, BuyerSelection, Store};

/// The answer of Complete Checkout Session.
#[derive(Debug, Clone)]
pub struct Completion {
    /// The completed session.
    pub session: CheckoutSession,
    /// True while its charge's authorisation is pending (Amazon answers 202 then).
    pub pending: bool,
}

impl Store {
    fn session_mut(&mut self, id: &str) -> Result<&mut SessionRecord, ApiError> {
        self.sessions
            .get_mut(id)
            .ok_or_else(|| errors::not_found("CheckoutSession", id))
    }

    fn redirect(&self, config: &SandboxConfig, id: &str, url: String) -> Result<BuyerRedirect, ApiError> {
        let session = self
            .sessions
            .get(id)
            .ok_or_else(|| errors::not_found("CheckoutSession", id))?
            .view(config);
        Ok(BuyerRedirect { url, session })
    }

    /// Create Checkout Session with a known origin (API region, button product type).
    pub fn create_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        origin: SessionOrigin,
        request: CreateCheckoutSessionRequest,
    ) -> Result<CheckoutSession, ApiError> {
        self.advance(config, now);
        request
            .validate()
            .map_err(|e| errors::invalid_value(e.field(), &e))?;
        if let Some(pid) = &request.charge_permission_id {
            let usable = self
                .permissions
                .get(pid)
                .is_some_and(|p| p.kind == ChargePermissionType::PaymentMethodOnFile && p.is_open());
            if !usable {
                return Err(errors::invalid_value(
                    "chargePermissionId",
                    format!("{pid} is not an open PaymentMethodOnFile charge permission"),
                ));
            }
        }
        let mut id = ids::uuid(self.next_sequence());
        while self.sessions.contains_key(&id) {
            id = ids::uuid(self.next_sequence());
        }
        let record = SessionRecord::create(config, id.clone(), now, origin, request)?;
        let view = record.view(config);
        self.sessions.insert(id, record);
        Ok(view)
    }

    /// Update Checkout Session: only while open and before the buyer paid. A simulation code
    /// is kept (the latest one wins) and plays when the buyer pays and at Complete.
    pub fn update_checkout_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        region: Option<Region>,
        id: &str,
        request: UpdateCheckoutSessionRequest,
        simulation: Option<Simulation>,
    ) -> Result<CheckoutSession, ApiError> {
        self.advance(config, now);
        let session = self.session_mut(id)?;
        if !session.is_open() {
            return Err(errors::session_status(format!(
                "Checkout session {id} is {} and cannot be updated.",
                session.status.state
            )));
        }
        if session.paid_at.is_some() {
            return Err(errors::session_status(format!(
                "The buyer already went through amazonPayRedirectUrl; checkout session {id} cannot be updated any more."
            )));
        }
        session.update(region, request)?;
        if simulation.is_some() {
            session.simulation = simulation;
        }
        Ok(session.view(config))
    }

    pub(crate) fn approve(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        selection: BuyerSelection,
    ) -> Result<BuyerRedirect, ApiError> {
        let session = self.session_mut(id)?;
        let unpaid = session.is_open() && session.paid_at.is_none();
        if session.one_step() && !unpaid {
            // One-step: approval and payment are one step; a repeat (page refresh) answers the
            // same redirect.
            return self.pay(config, now, id);
        }
        match session.status.state {
            CheckoutSessionState::Open if session.paid_at.is_none() => {}
            CheckoutSessionState::Canceled => return Err(errors::session_canceled(id)),
            _ => {
                return Err(errors::session_status(format!(
                    "Checkout session {id} was already paid and cannot be approved again."
                )))
            }
        }
        let choice = resolve(selection)?;
        if session.address_details.is_none()
            && session.product_type != amazon_pay_shared::api::ProductType::PayOnly
        {
            buyer_data::check_delivery(session.delivery_specifications.as_ref(), &choice.address)
                .map_err(|why| errors::invalid_value("addressId", why))?;
        }
        session.choice = Some(choice);
        if session.one_step() {
            return self.pay(config, now, id);
        }
        let review = session.web.checkout_review_return_url.clone().unwrap_or_default();
        self.redirect(config, id, with_session_id(&review, id))
    }

    pub(crate) fn pay(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
    ) -> Result<BuyerRedirect, ApiError> {
        let session = self.session_mut(id)?;
        let result_url = |s: &SessionRecord| {
            with_session_id(
                s.web.checkout_result_return_url.as_deref().unwrap_or_default(),
                id,
            )
        };
        match (&session.status.state, &session.status.reason_code) {
            (CheckoutSessionState::Open, _) if session.paid_at.is_none() => {}
            (CheckoutSessionState::Canceled, Some(r)) if *r != ReasonCode::Declined => {
                return Err(errors::session_canceled(id))
            }
            // Paid, completed or declined: the step was done; send the browser on again.
            _ => {
                let url = result_url(session);
                return self.redirect(config, id, url);
            }
        }
        let constraints = session.constraints();
        if !constraints.is_empty() {
            let names: Vec<&str> = constraints.iter().map(|c| c.as_str()).collect();
            return Err(errors::session_status(format!(
                "Checkout session {id} still has constraints: {}.",
                names.join(", ")
            )));
        }
        // A cancel code of Update Checkout Session plays here, as the cards 3064 and 3434 do
        // (and overrides the card, [Sim]).
        if let Some(Simulation::CancelSession(reason)) = session.simulation.clone() {
            session.cancel(reason, now);
            let url = result_url(session);
            return self.redirect(config, id, url);
        }
        let pending_asked = session.simulation == Some(Simulation::Pending(None));
        let behaviour = session.choice.as_ref().map(|c| c.behaviour).unwrap_or_default();
        let authorizes = matches!(
            session.payment.payment_intent,
            Some(PaymentIntent::Authorize | PaymentIntent::AuthorizeWithCapture)
        );
        let can_pend = session.payment.can_handle_pending_authorization == Some(true);
        match behaviour {
            InstrumentBehaviour::CheckoutBuyerCanceled | InstrumentBehaviour::CheckoutDeclined
                if session.simulation.is_none() =>
            {
                let reason = if behaviour == InstrumentBehaviour::CheckoutDeclined {
                    ReasonCode::Declined
                } else {
                    ReasonCode::BuyerCanceled
                };
                session.cancel(reason, now);
                let url = result_url(session);
                return self.redirect(config, id, url);
            }
            _ => {}
        }
        // A pending-authorisation card is refused at Complete unless the session can pend.
        if authorizes && !behaviour.needs_pending_authorization() && !pending_asked {
            if let Authorization::Declined(_) = simulation::authorize(behaviour, can_pend) {
                session.cancel(ReasonCode::Declined, now);
                let url = result_url(session);
                return self.redirect(config, id, url);
            }
        }
        session.paid_at = Some(now);
        let url = result_url(session);
        self.redirect(config, id, url)
    }

    pub(crate) fn cancel_by_buyer(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
    ) -> Result<BuyerRedirect, ApiError> {
        let session = self.session_mut(id)?;
        let already = session.status.reason_code == Some(ReasonCode::BuyerCanceled);
        if !already {
            if !session.is_open() || session.paid_at.is_some() {
                return Err(match session.status.state {
                    CheckoutSessionState::Canceled => errors::session_canceled(id),
                    _ => errors::session_status(format!(
                        "Checkout session {id} was already paid and can no longer be canceled by the buyer."
                    )),
                });
            }
            session.cancel(ReasonCode::BuyerCanceled, now);
        }
        let url = match (
            &session.web.checkout_cancel_url,
            &session.web.checkout_review_return_url,
            &session.web.checkout_result_return_url,
        ) {
            (Some(cancel), _, _) => cancel.clone(),
            (None, Some(review), _) => with_session_id(review, id),
            (None, None, Some(result)) => with_session_id(result, id),
            (None, None, None) => config.base_url(),
        };
        self.redirect(config, id, url)
    }

    /// Complete Checkout Session: after the buyer paid, with the same `chargeAmount`; creates
    /// the permission and the charge. Completing again answers the same result.
    pub fn complete_checkout_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        region: Option<Region>,
        id: &str,
        request: CompleteCheckoutSessionRequest,
    ) -> Result<Completion, ApiError> {
        self.advance(config, now);
        let session = self
            .sessions
            .get(id)
            .ok_or_else(|| errors::not_found("CheckoutSession", id))?
            .clone();
        match session.status.state {
            CheckoutSessionState::Canceled => return Err(errors::session_canceled(id)),
            CheckoutSessionState::Completed => {
                check_amount(&session, &request)?;
                return Ok(self.completion(config, &session));
            }
            _ if session.paid_at.is_none() => {
                return Err(errors::session_status(format!(
                    "The buyer has not gone through amazonPayRedirectUrl of checkout session {id} yet."
                )))
            }
            _ => {}
        }
        check_amount(&session, &request)?;
        let paid_at = session.paid_at.unwrap_or(now);
        let pending_card = session
            .choice
            .as_ref()
            .is_some_and(|c| c.behaviour.needs_pending_authorization());
        let authorize_pending = session.payment.payment_intent == Some(PaymentIntent::Authorize)
            && session.payment.can_handle_pending_authorization == Some(true);
        // A simulation code (of Update Checkout Session) overrides the simulated card ([Sim]):
        // a cancel needs nothing of the card, and a pending code replaces the card's behaviour.
        let simulation = session.simulation.clone();
        if let Some(Simulation::CancelSession(reason)) = simulation {
            self.session_mut(id)?.cancel(reason, now);
            return Err(errors::session_canceled(id));
        }
        let pending_asked = simulation == Some(Simulation::Pending(None));
        if (pending_card || pending_asked) && !authorize_pending {
            return Err(errors::simulation_needs_pending());
        }
        let region = session.region.or(region);
        let choice = session
            .choice
            .clone()
            .ok_or_else(|| errors::internal("a paid session without a buyer"))?;
        let permission_id = self.complete_permission(&session, &choice, region, now)?;
        let charge_id = match session.payment.payment_intent {
            Some(PaymentIntent::Authorize | PaymentIntent::AuthorizeWithCapture) => {
                let amount = session
                    .payment
                    .charge_amount
                    .as_ref()
                    .ok_or_else(|| errors::internal("a paid session without chargeAmount"))?;
                let new = NewCharge {
                    permission_id: permission_id.clone(),
                    amount: amounts::parse("paymentDetails.chargeAmount", amount)?,
                    capture_now: session.payment.payment_intent == Some(PaymentIntent::AuthorizeWithCapture),
                    can_handle_pending: session.payment.can_handle_pending_authorization == Some(true),
                    soft_descriptor: session.payment.soft_descriptor.clone(),
                    merchant_metadata: session.merchant_metadata.clone(),
                    provider_metadata: session.provider_metadata.clone(),
                    platform_id: session.platform_id.clone(),
                    simulation: simulation.clone().filter(|s| *s == Simulation::Pending(None)),
                };
                Some(self.open_charge(config, new, paid_at)?)
            }
            _ => None,
        };
        let stored = self.session_mut(id)?;
        stored.status = status(CheckoutSessionState::Completed, None, now);
        stored.charge_permission_id = Some(permission_id);
        stored.charge_id = charge_id;
        // The authorisation ran at payment time; settle whatever has come due since.
        self.advance(config, now);
        let session = self
            .sessions
            .get(id)
            .cloned()
            .ok_or_else(|| errors::internal("session vanished"))?;
        Ok(self.completion(config, &session))
    }

    fn completion(&self, config: &SandboxConfig, session: &SessionRecord) -> Completion {
        let pending = session
            .charge_id
            .as_ref()
            .and_then(|c| self.charges.get(c))
            .is_some_and(|c| *c.state() == ChargeState::AuthorizationInitiated);
        Completion {
            session: session.view(config),
            pending,
        }
    }

    /// Creates the charge permission of a completed session (or, in the saved-wallet hosted
    /// update flow, updates the existing one) and returns its id.
    fn complete_permission(
        &mut self,
        session: &SessionRecord,
        choice: &BuyerChoice,
        region: Option<Region>,
        now: i64,
    ) -> Result<String, ApiError> {
        let data = session.buyer_data();
        if let Some(existing) = &session.existing_permission_id {
            let p = self
                .permissions
                .get_mut(existing)
                .ok_or_else(|| errors::not_found("ChargePermission", existing))?;
            p.buyer = data.buyer;
            p.shipping_address = data.shipping_address;
            p.billing_address = data.billing_address;
            p.payment_preferences = data.payment_preferences;
            p.behaviour = choice.behaviour;
            if *p.state() == ChargePermissionState::NonChargeable {
                p.status = charge_permission::status(ChargePermissionState::Chargeable, None, now);
            }
            return Ok(existing.clone());
        }
        let currency = session
            .currency()
            .or_else(|| region.map(Region::default_ledger_currency))
            .unwrap_or(Currency::Usd);
        let extend = session.payment.extend_expiration == Some(true);
        let (limit, expires_at) = match session.permission_type {
            ChargePermissionType::OneTime => (
                session
                    .payment
                    .total_order_amount
                    .clone()
                    .or_else(|| session.payment.charge_amount.clone()),
                Some(now.saturating_add(if extend {
                    EXTENDED_LIFETIME
                } else {
                    ONE_TIME_LIFETIME
                })),
            ),
            ChargePermissionType::Recurring => (None, Some(now.saturating_add(EXTENDED_LIFETIME))),
            _ => (None, None),
        };
        let mut id = ids::charge_permission_id(self.next_sequence(), region);
        while self.permissions.contains_key(&id) {
            id = ids::charge_permission_id(self.next_sequence(), region);
        }
        let record = PermissionRecord {
            id: id.clone(),
            session_id: session.id.clone(),
            kind: session.permission_type.clone(),
            currency,
            limit,
            created_at: now,
            expires_at,
            buyer: data.buyer,
            shipping_address: data.shipping_address,
            billing_address: data.billing_address,
            payment_preferences: data.payment_preferences,
            behaviour: choice.behaviour,
            merchant_metadata: session.merchant_metadata.clone(),
            recurring_metadata: session.recurring_metadata.clone(),
            platform_id: session.platform_id.clone(),
            provider_metadata: session.provider_metadata.clone(),
            allow_overcharge: session.payment.allow_overcharge == Some(true),
            status: charge_permission::status(ChargePermissionState::Chargeable, None, now),
            charge_ids: Vec::new(),
            closed_at: None,
        };
        self.permissions.insert(id.clone(), record);
        Ok(id)
    }
}

/// The `chargeAmount` of Complete must equal the session's (a saved-wallet setup has none).
fn check_amount(session: &SessionRecord, request: &CompleteCheckoutSessionRequest) -> Result<(), ApiError> {
    if let Some(total) = &request.total_order_amount {
        amounts::parse("totalOrderAmount", total)?;
    }
    if session.setup_only() {
        return Ok(());
    }
    let given = request
        .charge_amount
        .as_ref()
        .ok_or_else(|| errors::missing_parameter("chargeAmount"))?;
    let expected = session
        .payment
        .charge_amount
        .as_ref()
        .ok_or_else(|| errors::internal("a paid session without chargeAmount"))?;
    let given = amounts::parse("chargeAmount", given)?;
    let expected = amounts::parse("paymentDetails.chargeAmount", expected)?;
    amounts::same_currency("chargeAmount", &given, expected.currency())?;
    if given != expected {
        return Err(errors::invalid_value(
            "chargeAmount",
            format!("{given} does not match the checkout session's chargeAmount {expected}"),
        ));
    }
    Ok(())
}

/// The buyer, address and instrument a selection names (defaults: the first of each).
fn resolve(selection: BuyerSelection) -> Result<BuyerChoice, ApiError> {
    let buyer = match &selection.buyer_id {
        Some(id) => find_buyer(id)
            .ok_or_else(|| errors::invalid_value("buyerId", format!("{id} is not a test buyer")))?,
        None => test_buyers()
            .into_iter()
            .next()
            .ok_or_else(|| errors::internal("no test buyers"))?,
    };
    let address = match &selection.address_id {
        Some(id) => buyer.address(id).ok_or_else(|| {
            errors::invalid_value(
                "addressId",
                format!("{id} is not an address of {}", buyer.buyer_id),
            )
        })?,
        None => buyer
            .addresses
            .first()
            .ok_or_else(|| errors::internal("a test buyer without an address"))?,
    };
    let instrument = match &selection.instrument_id {
        Some(id) => buyer.instrument(id).ok_or_else(|| {
            errors::invalid_value(
                "instrumentId",
                format!("{id} is not an instrument of {}", buyer.buyer_id),
            )
        })?,
        None => buyer
            .instruments
            .first()
            .ok_or_else(|| errors::internal("a test buyer without an instrument"))?,
    };
    Ok(BuyerChoice {
        buyer: buyer.to_buyer(),
        address_id: address.id.clone(),
        address: address.address.clone(),
        billing_address: buyer.addresses.first().map(|a| a.address.clone()),
        instrument_id: instrument.id.clone(),
        descriptor: instrument.descriptor.clone(),
        behaviour: instrument.behaviour,
    })
}
