//! Checkout sessions for the return pages: the session to review, placing the order with the
//! trusted amount, completing it (and recording a completed session, which the reconciliation
//! does too, and starts the subscription of a recurring permission, whose token the complete
//! answer gives the checkout's browser), and the signed-in buyer's profile.

use amazon_pay_shared::api::{
    BuyerProfile, Charge, ChargePermission, CheckoutSession, CheckoutSessionState,
    CompleteCheckoutSessionRequest, PaymentIntent, ReasonCode,
};
use amazon_pay_shared::lifecycle::FlowKind;
use amazon_pay_shared::money::Money;
use amazon_pay_shared::payload::{place_order_update, to_payload_json};
use amazon_pay_shared::signing::{rfc3986_encode, IdempotencyKey};
use amazon_pay_shared::wire::{
    valid_object_id, CompleteOutcome, CompleteResponse, ErrorCode, PlaceOrderRequest, PlaceOrderResponse,
    QuoteResponse,
};

use super::amazon::{read_checkout_session, read_if_any};
use super::bound_session::{bound_settings, read_bound, session_hash};
use super::one_step_seal;
use super::reconcile;
use super::session_update::{self, Expected};
use super::subscriptions::{self, billing};
use crate::amounts::{self, Source};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ledger::store::NewTransaction;
use crate::ledger::Ledger;
use crate::upstream::{self, Call, Failure};

/// The checkout session `id` (checked), as a review page shows it, for the browser holding
/// `secret` (else not found).
pub async fn session(config: &Config, id: &str, secret: Option<&str>) -> ApiResult<CheckoutSession> {
    Ok(read_bound(config, id, secret).await?.0)
}

/// Refuses a merchant reference the ledger already holds for another session, and a session
/// recorded under another reference, before Amazon is called (nothing is written).
async fn check_reference_free(ledger: &Ledger, reference: &str, id: &str) -> ApiResult<()> {
    let conflict = |m: &str| ApiError::new(ErrorCode::ReferenceConflict, m.to_owned());
    if let Some(tx) = ledger.transaction(reference).await? {
        if tx.checkout_session_id.as_deref() != Some(id) {
            return Err(conflict("this merchant reference names another transaction"));
        }
    }
    if let Some(tx) = ledger.transaction_by_session(id).await? {
        if tx.merchant_reference != reference {
            return Err(conflict(
                "this checkout session is already recorded under another merchant reference",
            ));
        }
    }
    Ok(())
}

fn derived_reference(config: &Config, id: &str) -> String {
    let compact: String = id.chars().filter(|c| *c != '-').take(24).collect();
    format!("{}{compact}", config.order_reference_prefix)
}

/// What place-order would charge for the cart of `body` (priced and checked exactly as
/// place-order does: the same source rules, currency and amount limits), with its subtotal,
/// shipping and tax when the source prices lines. Nothing is read from Amazon or written.
pub fn quote(config: &Config, body: &PlaceOrderRequest) -> ApiResult<QuoteResponse> {
    let trusted = amounts::resolve(
        config,
        body.cart.as_deref(),
        body.cart_token.as_deref(),
        body.amount.as_ref(),
    )?;
    let lines = trusted.lines.as_ref();
    Ok(QuoteResponse {
        subtotal: lines.map(|l| l.subtotal.to_price()),
        shipping: lines.map(|l| l.shipping.to_price()),
        tax: lines.map(|l| l.tax.to_price()),
        tax_included: matches!(trusted.source, Source::Catalog)
            && config.catalog.as_ref().is_some_and(|c| c.tax.included),
        total: trusted.amount.to_price(),
    })
}

/// Places the order of session `id` (checked) for the browser holding `secret`: checks the
/// cart, then reads the session (it must exist, be bound to that browser and be `Open`), then
/// fixes the amount, result URL (bound like the review URL), payment intent and reference on
/// the session and returns where to send the buyer.
///
/// Nothing is written before Amazon accepts the update: with a ledger, a reference already
/// used for another order is refused by reading, and the transaction is opened under the
/// merchant reference, with the session's state, only after Amazon's answer. When that answer
/// is lost, a read of the session settles whether the update happened
/// ([`session_update`]).
pub async fn place_order(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    secret: Option<&str>,
    body: &PlaceOrderRequest,
) -> ApiResult<PlaceOrderResponse> {
    let trusted = amounts::resolve(
        config,
        body.cart.as_deref(),
        body.cart_token.as_deref(),
        body.amount.as_ref(),
    )?;
    if let Source::CartToken(fp, bound) = &trusted.source {
        if bound.as_deref().is_some_and(|sid| sid != id) {
            return Err(ApiError::new(
                ErrorCode::CartTokenWrongSession,
                "this cart token is bound to another checkout session",
            ));
        }
        if amounts::token_used_for(fp).is_some_and(|used| used != id) {
            return Err(ApiError::new(
                ErrorCode::CartTokenReplayed,
                "this cart token already placed another order",
            ));
        }
    }
    // The request is checked before Amazon is asked; then the session is read before anything
    // is written.
    let (current, _) = read_bound(config, id, secret).await?;
    if *current.state() != CheckoutSessionState::Open {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("the checkout session is {}", current.state().as_str()),
        ));
    }
    let reference = trusted
        .reference
        .clone()
        .unwrap_or_else(|| derived_reference(config, id));
    if ledger.is_enabled() {
        check_reference_free(ledger, &reference, id).await?;
    }
    let settings = bound_settings(&config.checkout, session_hash(&current).as_deref())?;
    let update = place_order_update(
        &settings,
        &config.payment(trusted.amount, Some(reference.clone())),
    )?;
    let call = Call::with_body(
        "PATCH",
        format!("/v2/checkoutSessions/{id}"),
        to_payload_json(&update),
    );
    let expected = Expected {
        amount: trusted.amount,
        reference: &reference,
        result_url: &settings.result_return_url,
    };
    let (session, now) = session_update::update(config, id, &call, &expected).await?;
    if ledger.is_enabled() {
        ledger
            .open_transaction(
                &NewTransaction {
                    reference: &reference,
                    flow: flow_of(&config.payment_intent),
                    currency: trusted.amount.currency(),
                    amount_minor: trusted.amount.minor() as i64,
                    amount_change_enabled: config.amount_change_enabled,
                    checkout_session_id: Some(id),
                    charge_permission_id: None,
                },
                now,
            )
            .await?;
        crate::ledger::lines::record_priced_lines(
            ledger,
            &reference,
            trusted.lines.as_ref(),
            crate::clock::isolate_now(),
        )
        .await?;
    }
    let ready = *session.state() == CheckoutSessionState::Open && session.constraint_ids().next().is_none();
    reconcile::session(ledger, &reference, &session, ready, "place-order", now).await?;
    if *session.state() != CheckoutSessionState::Open {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("the checkout session is {}", session.state().as_str()),
        ));
    }
    let open: Vec<String> = session.constraint_ids().map(|c| c.as_str().to_owned()).collect();
    if !open.is_empty() {
        return Err(ApiError::new(
            ErrorCode::ConstraintsUnmet,
            format!("the checkout session is not ready: {}", open.join(", ")),
        ));
    }
    let redirect = session
        .web_checkout_details
        .as_ref()
        .and_then(|w| w.amazon_pay_redirect_url.clone())
        .ok_or_else(|| ApiError::new(ErrorCode::ConstraintsUnmet, "Amazon Pay gave no redirect URL"))?;
    if let Source::CartToken(fp, _) = &trusted.source {
        amounts::mark_token_used(fp, id);
    }
    Ok(PlaceOrderResponse {
        amazon_pay_redirect_url: redirect,
        amount: trusted.amount.to_price(),
    })
}

/// Opens the transaction of a session that reached complete without place-order (the
/// one-step flows: setup only, the Additional Payment Button): under the session's merchant
/// reference, else one derived from its id; the flow from its payment intent.
async fn open_from_session(
    config: &Config,
    ledger: &Ledger,
    session: &CheckoutSession,
    amount: Option<Money>,
    now: i64,
) -> ApiResult<()> {
    if ledger
        .transaction_by_session(&session.checkout_session_id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let reference = session
        .merchant_metadata
        .as_ref()
        .and_then(|m| m.merchant_reference_id.clone())
        .filter(|r| amazon_pay_shared::cart_token::valid_reference(r))
        .unwrap_or_else(|| derived_reference(config, &session.checkout_session_id));
    let intent = session
        .payment_details
        .as_ref()
        .and_then(|p| p.payment_intent.clone())
        .unwrap_or(PaymentIntent::Authorize);
    ledger
        .open_transaction(
            &NewTransaction {
                reference: &reference,
                flow: flow_of(&intent),
                currency: amount.map(|a| a.currency()).unwrap_or(config.ledger_currency),
                amount_minor: amount.map(|a| a.minor() as i64).unwrap_or(0),
                amount_change_enabled: config.amount_change_enabled,
                checkout_session_id: Some(&session.checkout_session_id),
                charge_permission_id: None,
            },
            now,
        )
        .await?;
    ledger.put_session(&reference, session, true, now).await?;
    ledger.refresh_status(&reference, "complete", now).await?;
    Ok(())
}

/// The lifecycle flow of a checkout with this payment intent: `Confirm` registers a
/// permission without a payment.
pub fn flow_of(intent: &PaymentIntent) -> FlowKind {
    if *intent == PaymentIntent::Confirm {
        FlowKind::PermissionOnly
    } else {
        FlowKind::OneTime
    }
}

fn canceled_outcome(reason: Option<&ReasonCode>) -> CompleteOutcome {
    match reason {
        Some(ReasonCode::Expired) => CompleteOutcome::Expired,
        Some(ReasonCode::Declined) => CompleteOutcome::Declined,
        _ => CompleteOutcome::Canceled,
    }
}

async fn fetch_charge(config: &Config, charge_id: Option<&str>) -> Option<Charge> {
    let id = charge_id.filter(|id| valid_object_id(id))?;
    read_if_any(config, format!("/v2/charges/{id}")).await
}

async fn fetch_permission(config: &Config, id: Option<&str>) -> Option<ChargePermission> {
    let id = id.filter(|id| valid_object_id(id))?;
    read_if_any(config, format!("/v2/chargePermissions/{id}")).await
}

/// Records a completed (or canceled) session with its permission and charge, read fresh;
/// `source` goes into the status history.
pub async fn record_completed(
    config: &Config,
    ledger: &Ledger,
    s: &CheckoutSession,
    source: &str,
    now: i64,
) -> ApiResult<()> {
    let charge = fetch_charge(config, s.charge_id.as_deref()).await;
    record_session(config, ledger, s, charge.as_ref(), source, now).await?;
    Ok(())
}

/// Records a session that left `Open` with its permission and charge, under the transaction
/// placed for it (a session placed without a ledger is not recorded); answers the id of the
/// subscription a completed recurring checkout started.
async fn record_session(
    config: &Config,
    ledger: &Ledger,
    s: &CheckoutSession,
    charge: Option<&Charge>,
    source: &str,
    now: i64,
) -> ApiResult<Option<String>> {
    if !ledger.is_enabled() {
        return Ok(None);
    }
    let reference = match ledger.transaction_by_session(&s.checkout_session_id).await? {
        Some(tx) => tx.merchant_reference,
        None => return Ok(None),
    };
    ledger.put_session(&reference, s, true, now).await?;
    let permission = fetch_permission(config, s.charge_permission_id.as_deref()).await;
    if let Some(p) = &permission {
        ledger.put_permission(p, &reference, now).await?;
    }
    if let Some(c) = charge {
        ledger.put_charge(c, &reference, now).await?;
    }
    ledger.refresh_status(&reference, source, now).await?;
    // A recurring permission's checkout starts its subscription (period 0 is this charge).
    if let (Some(p), Some(c), CheckoutSessionState::Completed) = (&permission, charge, s.state()) {
        return billing::start_from_checkout(config, ledger, &reference, p, c, now).await;
    }
    Ok(None)
}

async fn outcome_of(
    config: &Config,
    ledger: &Ledger,
    s: &CheckoutSession,
    pending: bool,
    now: i64,
) -> ApiResult<CompleteResponse> {
    let reason = s.status_details.reason_code.as_ref();
    let charge = fetch_charge(config, s.charge_id.as_deref()).await;
    let started = record_session(config, ledger, s, charge.as_ref(), "complete", now).await?;
    let charge_state = charge.map(|c| c.state().as_str().to_owned());
    let outcome = match s.state() {
        CheckoutSessionState::Completed
            if pending || charge_state.as_deref() == Some("AuthorizationInitiated") =>
        {
            CompleteOutcome::Pending
        }
        CheckoutSessionState::Completed if charge_state.as_deref() == Some("Declined") => {
            CompleteOutcome::Declined
        }
        CheckoutSessionState::Completed => CompleteOutcome::Completed,
        CheckoutSessionState::Canceled => canceled_outcome(reason),
        _ => CompleteOutcome::Canceled,
    };
    // The buyer's key to the subscription this checkout started: this answer goes only to
    // the browser holding the checkout's binding secret.
    let subscription = started
        .filter(|_| matches!(outcome, CompleteOutcome::Completed | CompleteOutcome::Pending))
        .and_then(|id| subscriptions::buyer::access(config, &id));
    Ok(CompleteResponse {
        outcome,
        state: s.state().as_str().to_owned(),
        reason_code: reason.map(|r| r.as_str().to_owned()),
        charge_id: s.charge_id.clone(),
        charge_permission_id: s.charge_permission_id.clone(),
        charge_state,
        subscription,
    })
}

/// Completes session `id` (checked) for the browser holding `secret` (else not found) with
/// the amount fixed at place-order. Declined, canceled and expired sessions are typed
/// outcomes; completing twice answers the first result again. With a ledger, the completion is
/// recorded as an intent before Amazon is called, and the session, permission and charge after.
pub async fn complete(
    config: &Config,
    ledger: &Ledger,
    id: &str,
    secret: Option<&str>,
) -> ApiResult<CompleteResponse> {
    let (session, now) = read_bound(config, id, secret).await?;
    if *session.state() != CheckoutSessionState::Open {
        return outcome_of(config, ledger, &session, false, now).await;
    }
    one_step_seal::check_session(config, &session, now)?;
    let details = session.payment_details.as_ref();
    let confirm_only = details.and_then(|p| p.payment_intent.as_ref()) == Some(&PaymentIntent::Confirm)
        && details.and_then(|p| p.charge_amount.as_ref()).is_none();
    let amount: Option<Money> = match details.and_then(|p| p.charge_amount.clone()) {
        Some(price) => Some(price.to_money()?),
        // A setup-only session (Confirm, nothing charged) completes without an amount.
        None if confirm_only => None,
        None => {
            return Err(ApiError::new(
                ErrorCode::OrderNotPlaced,
                "place the order before completing it",
            ))
        }
    };
    if ledger.is_enabled() {
        open_from_session(config, ledger, &session, amount, now).await?;
    }
    let body = CompleteCheckoutSessionRequest {
        charge_amount: amount.map(|a| a.to_price()),
        total_order_amount: None,
    };
    let key = match amount {
        Some(amount) => IdempotencyKey::derive(&[
            "complete",
            id,
            &amount.to_decimal_string(),
            amount.currency().code(),
        ]),
        None => IdempotencyKey::derive(&["complete", id, "confirm"]),
    };
    let call = Call::with_body(
        "POST",
        format!("/v2/checkoutSessions/{id}/complete"),
        to_payload_json(&body),
    )
    .idempotent(key);
    let intent = if ledger.is_enabled() {
        ledger
            .transaction_by_session(id)
            .await?
            .map(|tx| reconcile::intent(&tx.merchant_reference, "COMPLETE", &call, Some(id), amount, now))
    } else {
        None
    };
    match reconcile::perform(config, ledger, intent.as_ref(), &call).await? {
        Ok(answer) => {
            let completed: CheckoutSession = answer.json()?;
            let reply = outcome_of(config, ledger, &completed, answer.status == 202, answer.now()).await?;
            reconcile::done(ledger, intent.as_ref(), id, answer.now()).await?;
            Ok(reply)
        }
        Err(failure @ Failure::Status { .. }) => {
            // A canceled or declined session answers with an error: report it as a typed outcome.
            let (after, now): (CheckoutSession, i64) = read_checkout_session(config, id).await?;
            if *after.state() != CheckoutSessionState::Open {
                return outcome_of(config, ledger, &after, false, now).await;
            }
            Err(failure.into())
        }
        Err(other) => Err(other.into()),
    }
}

/// The profile of the signed-in buyer of `token` (checked: a credential, never logged), for
/// the browser whose secret opens the sign-in `state` (else not found, as an unknown token).
pub async fn buyer(
    config: &Config,
    token: &str,
    state: &str,
    secret: Option<&str>,
) -> ApiResult<BuyerProfile> {
    let now = crate::clock::isolate_now();
    let opens = |key: &[u8]| amazon_pay_shared::sign_in_state::opens(key, state, secret, now);
    if !one_step_seal::keys(config).any(opens) {
        return Err(super::bound_session::not_found());
    }
    let path = format!("/v2/buyers/{}", rfc3986_encode(token.as_bytes()));
    Ok(upstream::send(config, &Call::get(path)).await?.json()?)
}
