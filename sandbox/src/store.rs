//! The sandbox's objects: checkout sessions, charge permissions, charges, refunds and buyer
//! tokens. Every operation first applies the time-based transitions that are due on the sandbox
//! clock ([`Store::advance`]), so expiries and asynchronous steps behave the same whether the
//! sandbox ran the whole time or was restarted from its state file.
//!
//! The rules live in [`crate::domain`]; this module holds the data and the entry points the
//! API handlers, the control routes and the hosted buyer pages call.

use std::collections::BTreeMap;

use amazon_pay_shared::api::{Address, BuyerProfile, CheckoutSession, CreateCheckoutSessionRequest, Scope};
use amazon_pay_shared::region::PublicKeyId;
use serde::{Deserialize, Serialize};

use crate::config::SandboxConfig;
use crate::domain::charge::ChargeRecord;
use crate::domain::charge_permission::PermissionRecord;
use crate::domain::checkout_session::{SessionOrigin, SessionRecord};
use crate::domain::refund::RefundRecord;
use crate::domain::{errors, ids};
use crate::error::ApiError;

/// All objects, serialisable so a state file can keep them.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Store {
    /// Checkout sessions by id.
    #[serde(default)]
    pub(crate) sessions: BTreeMap<String, SessionRecord>,
    /// Charge permissions by id.
    #[serde(default)]
    pub(crate) permissions: BTreeMap<String, PermissionRecord>,
    /// Charges by id.
    #[serde(default)]
    pub(crate) charges: BTreeMap<String, ChargeRecord>,
    /// Refunds by id.
    #[serde(default)]
    pub(crate) refunds: BTreeMap<String, RefundRecord>,
    /// Buyer tokens of Amazon Sign-in, to buyer ids.
    #[serde(default)]
    pub(crate) buyer_tokens: BTreeMap<String, String>,
    /// The scopes each buyer token was signed for (a token missing here, from an older state
    /// file, has the default sign-in scopes).
    #[serde(default)]
    pub(crate) buyer_token_scopes: BTreeMap<String, Vec<Scope>>,
    /// Counter mixed into generated ids.
    #[serde(default)]
    pub(crate) sequence: u64,
}

/// What the buyer chose on the hosted sign-in page. Absent fields take the defaults: the first
/// test buyer, their first address, their first instrument.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuyerSelection {
    /// A [`crate::buyers::TestBuyer::buyer_id`].
    pub buyer_id: Option<String>,
    /// A [`crate::buyers::TestAddress::id`] of that buyer.
    pub address_id: Option<String>,
    /// A [`crate::buyers::TestInstrument::id`] of that buyer.
    pub instrument_id: Option<String>,
}

/// Where the buyer's browser goes next, and the session as it now is.
#[derive(Debug, Clone)]
pub struct BuyerRedirect {
    /// The URL to send the browser to.
    pub url: String,
    /// The checkout session after the step.
    pub session: CheckoutSession,
}

impl Store {
    /// The next value of the id counter.
    pub(crate) fn next_sequence(&mut self) -> u64 {
        self.sequence = self.sequence.wrapping_add(1);
        self.sequence
    }

    /// Create Checkout Session from the button's form post (no API region known; the session
    /// shows `productType` PayAndShip and does not require `addressDetails`). The API handler
    /// uses [`Store::create_session`] with the caller's region.
    pub fn create_checkout_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        _public_key_id: &PublicKeyId,
        request: CreateCheckoutSessionRequest,
    ) -> Result<CheckoutSession, ApiError> {
        self.create_session(config, now, SessionOrigin::default(), request)
    }

    /// Create Checkout Session from a button whose product type and ledger region are known:
    /// PayOnly sessions get no shipping address, PayAndShip ProcessOrder sessions need
    /// `addressDetails`, and amounts must be in the region's ledger currency.
    pub fn create_checkout_session_from_button(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        _public_key_id: &PublicKeyId,
        request: CreateCheckoutSessionRequest,
        origin: SessionOrigin,
    ) -> Result<CheckoutSession, ApiError> {
        self.create_session(config, now, origin, request)
    }

    /// Get Checkout Session.
    pub fn checkout_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
    ) -> Result<CheckoutSession, ApiError> {
        self.advance(config, now);
        self.sessions
            .get(id)
            .map(|s| s.view(config))
            .ok_or_else(|| errors::not_found("CheckoutSession", id))
    }

    /// The address the merchant sent with the session (`addressDetails`, the Additional Payment
    /// Button), which the buyer does not choose.
    pub fn merchant_address(&self, id: &str) -> Option<Address> {
        self.sessions.get(id).and_then(|s| s.address_details.clone())
    }

    /// The buyer signed in and chose an address and an instrument on the hosted page (defaults:
    /// first buyer, address, instrument). Review mode: to `checkoutReviewReturnUrl`. One-step
    /// mode (ProcessOrder): authorised at once, then to `checkoutResultReturnUrl`.
    pub fn approve_checkout_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
        selection: BuyerSelection,
    ) -> Result<BuyerRedirect, ApiError> {
        self.advance(config, now);
        self.approve(config, now, id, selection)
    }

    /// The buyer reached `amazonPayRedirectUrl`: authorise per the payment intent with the
    /// chosen instrument, then to `checkoutResultReturnUrl` (also after a decline, which cancels
    /// the session with `Declined`). Repeating the step returns the same URL.
    pub fn pay_checkout_session(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
    ) -> Result<BuyerRedirect, ApiError> {
        self.advance(config, now);
        self.pay(config, now, id)
    }

    /// The buyer canceled on a hosted page: `Canceled`/`BuyerCanceled`, then to
    /// `checkoutCancelUrl` (or the review URL, or the result URL, when none is set).
    pub fn cancel_checkout_session_by_buyer(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        id: &str,
    ) -> Result<BuyerRedirect, ApiError> {
        self.advance(config, now);
        self.cancel_by_buyer(config, now, id)
    }

    /// Amazon Sign-in: a buyer token that Get Buyer (`GET /v2/buyers/{buyerToken}`) answers
    /// with that buyer.
    pub fn sign_in(
        &mut self,
        config: &SandboxConfig,
        now: i64,
        buyer_id: &str,
        scopes: &[Scope],
    ) -> Result<String, ApiError> {
        self.advance(config, now);
        if crate::buyers::find_buyer(buyer_id).is_none() {
            return Err(errors::invalid_value(
                "buyerId",
                format!("{buyer_id} is not a test buyer"),
            ));
        }
        let mut token = ids::buyer_token(self.next_sequence());
        while self.buyer_tokens.contains_key(&token) {
            token = ids::buyer_token(self.next_sequence());
        }
        self.buyer_tokens.insert(token.clone(), buyer_id.to_owned());
        self.buyer_token_scopes.insert(token.clone(), scopes.to_vec());
        Ok(token)
    }

    /// Get Buyer: only what the token's scopes allow.
    pub fn buyer_profile(&self, token: &str) -> Result<BuyerProfile, ApiError> {
        let scopes = self
            .buyer_token_scopes
            .get(token)
            .map(Vec::as_slice)
            .unwrap_or(&crate::buyers::DEFAULT_SIGN_IN_SCOPES);
        self.buyer_tokens
            .get(token)
            .and_then(|id| crate::buyers::find_buyer(id))
            .map(|b| b.to_profile(scopes))
            .ok_or_else(|| errors::not_found("Buyer", token))
    }
}
