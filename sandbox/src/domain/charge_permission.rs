//! The Charge Permission record: created by completing checkout; `Chargeable`,
//! `NonChargeable` (reasons in an array) or `Closed`; a one-time permission has an amount limit,
//! takes at most 25 charges, closes (`AmazonClosed`) when its balance reaches zero and expires
//! after 180 days (13 months with `extendExpiration`); a recurring one expires after 13 months;
//! a saved wallet only closes when closed. The buyer's details are shown only as long as Amazon
//! shows them ([`PermissionRecord::shows_buyer_details`]).

use amazon_pay_shared::api::{
    Address, Buyer, ChargePermission, ChargePermissionState, ChargePermissionStatusDetails,
    ChargePermissionType, Limits, MerchantMetadata, PaymentPreference, ProviderMetadata, ReasonCode,
    RecurringMetadata, ReleaseEnvironment, StatusReason, UpdateChargePermissionRequest,
};
use amazon_pay_shared::money::{Currency, Money, Price};
use amazon_pay_shared::time::format_basic;
use serde::{Deserialize, Serialize};

use super::errors;
use super::simulation::{self, BUYER_DETAILS_RETENTION};
use crate::buyers::InstrumentBehaviour;
use crate::error::ApiError;

/// A stored Charge Permission.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionRecord {
    /// `chargePermissionId`.
    pub id: String,
    /// The checkout session that created it.
    pub session_id: String,
    /// `chargePermissionType`.
    pub kind: ChargePermissionType,
    /// The currency of every charge.
    pub currency: Currency,
    /// `limits.amountLimit` (one-time only).
    pub limit: Option<Price>,
    /// Creation, sandbox seconds.
    pub created_at: i64,
    /// Expiry, sandbox seconds (none for saved wallets).
    pub expires_at: Option<i64>,
    /// `buyer`.
    pub buyer: Option<Buyer>,
    /// `shippingAddress`.
    pub shipping_address: Option<Address>,
    /// `billingAddress`.
    pub billing_address: Option<Address>,
    /// `paymentPreferences`.
    pub payment_preferences: Option<Vec<PaymentPreference>>,
    /// How the buyer's instrument behaves.
    pub behaviour: InstrumentBehaviour,
    /// `merchantMetadata`.
    pub merchant_metadata: Option<MerchantMetadata>,
    /// `recurringMetadata`.
    pub recurring_metadata: Option<RecurringMetadata>,
    /// `platformId`.
    pub platform_id: Option<String>,
    /// `providerMetadata`.
    pub provider_metadata: Option<ProviderMetadata>,
    /// Whether captures may exceed the authorisation (the session's `allowOvercharge`).
    pub allow_overcharge: bool,
    /// State and reasons.
    pub status: ChargePermissionStatusDetails<ChargePermissionState>,
    /// Its charges, oldest first.
    pub charge_ids: Vec<String>,
    /// When it was closed, sandbox seconds (a closed permission from an older state file has
    /// none and counts as closed at its creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
}

/// A permission status with at most one reason.
pub fn status(
    state: ChargePermissionState,
    reason: Option<(ReasonCode, Option<String>)>,
    at: i64,
) -> ChargePermissionStatusDetails<ChargePermissionState> {
    ChargePermissionStatusDetails {
        state,
        reasons: reason.map(|(code, description)| {
            let description = description.or_else(|| {
                Some(simulation::describe(&code))
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
            });
            vec![StatusReason {
                reason_code: code,
                reason_description: description,
            }]
        }),
        last_updated_timestamp: Some(format_basic(at)),
    }
}

impl PermissionRecord {
    /// The current state.
    pub fn state(&self) -> &ChargePermissionState {
        &self.status.state
    }

    /// True unless `Closed`.
    pub fn is_open(&self) -> bool {
        *self.state() != ChargePermissionState::Closed
    }

    /// Moves to `Closed` with a reason.
    pub fn close(&mut self, reason: ReasonCode, description: Option<String>, at: i64) {
        self.status = status(ChargePermissionState::Closed, Some((reason, description)), at);
        self.closed_at = Some(at);
    }

    /// Whether Amazon still shows the buyer's details (`buyer`, `shippingAddress`,
    /// `billingAddress`) at `now`: a one-time permission for 30 days after its creation; a
    /// recurring one while it is open and for 30 days after it closed ([ChargePermission]); a
    /// saved-wallet one like a recurring one (our choice: Amazon's page names only the other
    /// two).
    pub fn shows_buyer_details(&self, now: i64) -> bool {
        match self.kind {
            ChargePermissionType::OneTime => now < self.created_at.saturating_add(BUYER_DETAILS_RETENTION),
            _ if self.is_open() => true,
            _ => {
                let closed = self.closed_at.unwrap_or(self.created_at);
                now < closed.saturating_add(BUYER_DETAILS_RETENTION)
            }
        }
    }

    /// Moves to `NonChargeable` with a reason (unless closed).
    pub fn make_non_chargeable(&mut self, reason: ReasonCode, at: i64) {
        if self.is_open() {
            self.status = status(ChargePermissionState::NonChargeable, Some((reason, None)), at);
        }
    }

    /// The limit as money (one-time permissions).
    pub fn limit_money(&self) -> Result<Option<Money>, ApiError> {
        self.limit
            .as_ref()
            .map(|p| p.to_money().map_err(|e| errors::internal(e.to_string())))
            .transpose()
    }

    /// Applies Update Charge Permission.
    pub fn update(&mut self, request: UpdateChargePermissionRequest) -> Result<(), ApiError> {
        if !self.is_open() {
            return Err(errors::permission_status(format!(
                "Charge permission {} is Closed and cannot be updated.",
                self.id
            )));
        }
        if request.recurring_metadata.is_some() && self.kind != ChargePermissionType::Recurring {
            return Err(errors::invalid_value(
                "recurringMetadata",
                "only a Recurring charge permission has recurring metadata",
            ));
        }
        if let Some(amount) = request
            .recurring_metadata
            .as_ref()
            .and_then(|r| r.amount.as_ref())
        {
            let money = super::amounts::parse("recurringMetadata.amount", amount)?;
            super::amounts::same_currency("recurringMetadata.amount", &money, self.currency)?;
        }
        if let Some(m) = request.merchant_metadata {
            let current = self
                .merchant_metadata
                .get_or_insert_with(MerchantMetadata::default);
            let set = |slot: &mut Option<String>, v: Option<String>| {
                if v.is_some() {
                    *slot = v;
                }
            };
            set(&mut current.merchant_reference_id, m.merchant_reference_id);
            set(&mut current.merchant_store_name, m.merchant_store_name);
            set(&mut current.note_to_buyer, m.note_to_buyer);
            set(&mut current.custom_information, m.custom_information);
        }
        if let Some(r) = request.recurring_metadata {
            self.recurring_metadata = Some(r.into());
        }
        Ok(())
    }

    /// The permission as the API shows it at `now`; `balance` is the one-time balance left.
    /// Buyer details are left out once Amazon no longer shows them
    /// ([`PermissionRecord::shows_buyer_details`]).
    pub fn view(&self, balance: Option<Money>, now: i64) -> ChargePermission {
        let mut p = ChargePermission::new(self.id.clone(), self.status.clone());
        p.charge_permission_type = Some(self.kind.clone());
        p.recurring_metadata = self.recurring_metadata.clone();
        p.limits = self.limit.as_ref().map(|limit| Limits {
            amount_limit: Some(limit.clone()),
            amount_balance: balance.map(|b| b.to_price()),
        });
        p.release_environment = Some(ReleaseEnvironment::Sandbox);
        if self.shows_buyer_details(now) {
            p.buyer = self.buyer.clone();
            p.billing_address = self.billing_address.clone();
            p.shipping_address = self.shipping_address.clone();
        }
        p.payment_preferences = self.payment_preferences.clone();
        p.merchant_metadata = self.merchant_metadata.clone();
        p.platform_id = self.platform_id.clone();
        p.provider_metadata = self.provider_metadata.clone();
        p.creation_timestamp = Some(format_basic(self.created_at));
        p.expiration_timestamp = self.expires_at.map(format_basic);
        p
    }
}
