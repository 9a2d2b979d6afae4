//! The Checkout Session record: what the create payload and updates set, the constraints that
//! remain, the payment-detail rules, and how the session is shown in each state.
//!
//! States: `Open` (24 hours) → `Completed` (Complete Checkout Session after the buyer paid) or
//! `Canceled` (`BuyerCanceled`, `Expired`, `Declined`). A canceled session shows only its state
//! and reason; buyer data is shown only while it is open. 30 days after its creation the session
//! is deleted ([`SessionRecord::deleted_at`]), as Amazon deletes it.

use amazon_pay_shared::api::{
    Address, AddressDetails, ChargePermissionType, CheckoutMode, CheckoutSession, CheckoutSessionState,
    Constraint, ConstraintId, CreateCheckoutSessionRequest, DeliverySpecifications, MerchantMetadata,
    PaymentDetails, PaymentIntent, PaymentMethodOnFileMetadata, ProductType, ProviderMetadata, ReasonCode,
    RecurringMetadata, ReleaseEnvironment, Scope, StatusDetails, UpdateCheckoutSessionRequest,
    WebCheckoutDetails,
};
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::region::Region;
use amazon_pay_shared::time::format_basic;
use serde::{Deserialize, Serialize};

use super::amounts;
use super::buyer_data::{self, BuyerChoice};
use super::errors;
use super::simulation::{self, SESSION_LIFETIME, SESSION_RETENTION};
use super::simulation_code::Simulation;
use crate::config::SandboxConfig;
use crate::error::ApiError;

/// How a session was started, beyond its payload: the button's product type and ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionOrigin {
    /// `productType` of the button; `None` for sessions created through the API, which show
    /// `PayAndShip` but do not require `addressDetails` in ProcessOrder mode.
    pub product_type: Option<ProductType>,
    /// The API region (or the button's ledger region), deciding the allowed currencies.
    pub region: Option<Region>,
}

/// A stored Checkout Session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    /// `checkoutSessionId`.
    pub id: String,
    /// The region whose ledger currencies apply.
    pub region: Option<Region>,
    /// `productType`.
    pub product_type: ProductType,
    /// Whether ProcessOrder mode needs `addressDetails` (button sessions with PayAndShip).
    pub require_address_details: bool,
    /// Creation, sandbox seconds.
    pub created_at: i64,
    /// `storeId`.
    pub store_id: String,
    /// `webCheckoutDetails` (without the redirect URL, which is derived).
    pub web: WebCheckoutDetails,
    /// `paymentDetails`.
    pub payment: PaymentDetails,
    /// `merchantMetadata`.
    pub merchant_metadata: Option<MerchantMetadata>,
    /// `scopes`.
    pub scopes: Option<Vec<Scope>>,
    /// `chargePermissionType`.
    pub permission_type: ChargePermissionType,
    /// `recurringMetadata`.
    pub recurring_metadata: Option<RecurringMetadata>,
    /// `paymentMethodOnFileMetadata`.
    pub payment_method_on_file: Option<PaymentMethodOnFileMetadata>,
    /// `addressDetails` (APB), as an address.
    pub address_details: Option<Address>,
    /// `deliverySpecifications`.
    pub delivery_specifications: Option<DeliverySpecifications>,
    /// `platformId`.
    pub platform_id: Option<String>,
    /// `providerMetadata`.
    pub provider_metadata: Option<ProviderMetadata>,
    /// The saved-wallet permission a hosted-update session changes.
    pub existing_permission_id: Option<String>,
    /// The buyer's choice, once approved.
    pub choice: Option<BuyerChoice>,
    /// When the buyer went through `amazonPayRedirectUrl`.
    pub paid_at: Option<i64>,
    /// State and reason.
    pub status: StatusDetails<CheckoutSessionState>,
    /// Set on completion.
    pub charge_permission_id: Option<String>,
    /// Set on completion when the intent authorised.
    pub charge_id: Option<String>,
    /// The simulation an Update Checkout Session asked for (`x-amz-pay-simulation-code`): it
    /// plays when the buyer pays and at Complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulation: Option<Simulation>,
}

/// A status at a time, with the reason's description.
pub fn status<S>(state: S, reason: Option<ReasonCode>, at: i64) -> StatusDetails<S> {
    StatusDetails {
        state,
        reason_description: reason
            .as_ref()
            .map(simulation::describe)
            .filter(|d| !d.is_empty())
            .map(str::to_owned),
        reason_code: reason,
        last_updated_timestamp: Some(format_basic(at)),
    }
}

fn address_from_details(d: AddressDetails) -> Address {
    Address {
        name: d.name,
        address_line1: d.address_line1,
        address_line2: d.address_line2,
        address_line3: d.address_line3,
        city: d.city,
        county: None,
        district: d.district_or_county,
        state_or_region: d.state_or_region,
        postal_code: d.postal_code,
        country_code: d.country_code,
        phone_number: d.phone_number,
    }
}

/// Appends `amazonCheckoutSessionId=ID` to a return URL.
pub fn with_session_id(url: &str, id: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}amazonCheckoutSessionId={id}")
}

impl SessionRecord {
    /// Builds a session from a validated create payload and checks the flow's required fields.
    pub fn create(
        config: &SandboxConfig,
        id: String,
        now: i64,
        origin: SessionOrigin,
        request: CreateCheckoutSessionRequest,
    ) -> Result<SessionRecord, ApiError> {
        if request.store_id != config.store_id {
            return Err(errors::invalid_value(
                "storeId",
                format!("{} is not the store id of this merchant", request.store_id),
            ));
        }
        let product_type = origin.product_type.clone().unwrap_or(ProductType::PayAndShip);
        if product_type == ProductType::SignIn {
            return Err(errors::invalid_value(
                "productType",
                "SignIn buttons do not create checkout sessions",
            ));
        }
        let record = SessionRecord {
            id,
            region: origin.region,
            require_address_details: origin.product_type == Some(ProductType::PayAndShip),
            product_type,
            created_at: now,
            store_id: request.store_id,
            web: request.web_checkout_details.map(Into::into).unwrap_or_default(),
            payment: request.payment_details.map(Into::into).unwrap_or_default(),
            merchant_metadata: request.merchant_metadata.map(Into::into),
            scopes: request.scopes,
            permission_type: request
                .charge_permission_type
                .unwrap_or(ChargePermissionType::OneTime),
            recurring_metadata: request.recurring_metadata.map(Into::into),
            payment_method_on_file: request.payment_method_on_file_metadata.map(Into::into),
            address_details: request.address_details.map(address_from_details),
            delivery_specifications: request.delivery_specifications.map(Into::into),
            platform_id: request.platform_id,
            provider_metadata: request.provider_metadata.map(Into::into),
            existing_permission_id: request.charge_permission_id,
            choice: None,
            paid_at: None,
            status: status(CheckoutSessionState::Open, None, now),
            charge_permission_id: None,
            charge_id: None,
            simulation: None,
        };
        record.check_rules()?;
        if record.one_step() {
            record.check_one_step()?;
        } else if record.web.checkout_review_return_url.is_none() {
            return Err(errors::missing_parameter(
                "webCheckoutDetails.checkoutReviewReturnUrl",
            ));
        }
        if record.existing_permission_id.is_some() {
            if record.permission_type != ChargePermissionType::PaymentMethodOnFile {
                return Err(errors::combination(
                    "chargePermissionId can only be given with chargePermissionType PaymentMethodOnFile.",
                ));
            }
            if record.region == Some(Region::Jp) {
                return Err(errors::invalid_value(
                    "chargePermissionId",
                    "the hosted update flow is not supported in JP",
                ));
            }
        }
        Ok(record)
    }

    /// One-step (ProcessOrder) checkout: no review page, the buyer pays on Amazon's page right
    /// after signing in. Also a session with only a result URL (saved-wallet setup).
    pub fn one_step(&self) -> bool {
        self.web.checkout_mode == Some(CheckoutMode::ProcessOrder)
            || self.web.checkout_review_return_url.is_none()
    }

    /// A saved-wallet setup (`setupOnly`): no amount, nothing charged.
    pub fn setup_only(&self) -> bool {
        self.payment_method_on_file
            .as_ref()
            .and_then(|m| m.setup_only)
            .unwrap_or(false)
    }

    fn check_one_step(&self) -> Result<(), ApiError> {
        if self.web.checkout_result_return_url.is_none() {
            return Err(errors::missing_parameter(
                "webCheckoutDetails.checkoutResultReturnUrl",
            ));
        }
        if self.payment.payment_intent.is_none() {
            return Err(errors::missing_parameter("paymentDetails.paymentIntent"));
        }
        if !self.setup_only() && self.payment.charge_amount.is_none() {
            return Err(errors::missing_parameter("paymentDetails.chargeAmount"));
        }
        if self.missing_frequency() {
            return Err(errors::missing_parameter("recurringMetadata.frequency"));
        }
        if self.require_address_details
            && self.web.checkout_mode == Some(CheckoutMode::ProcessOrder)
            && !self.setup_only()
            && self.address_details.is_none()
        {
            return Err(errors::missing_parameter("addressDetails"));
        }
        Ok(())
    }

    fn missing_frequency(&self) -> bool {
        self.permission_type == ChargePermissionType::Recurring
            && self
                .recurring_metadata
                .as_ref()
                .and_then(|r| r.frequency.as_ref())
                .and_then(|f| f.unit.as_ref())
                .is_none()
    }

    /// The currency amounts of this session must have: the presentment currency when one is
    /// set, else the currency of the first amount set.
    pub fn currency(&self) -> Option<Currency> {
        self.payment
            .presentment_currency
            .as_deref()
            .or(self
                .payment
                .charge_amount
                .as_ref()
                .map(|p| p.currency_code.as_str()))
            .and_then(|c| c.parse().ok())
    }

    /// The rules of the payment details and metadata, on the merged session.
    fn check_rules(&self) -> Result<(), ApiError> {
        let p = &self.payment;
        if let Some(presentment) = p.presentment_currency.as_deref() {
            if self.region.is_some_and(|r| r != Region::Eu) {
                return Err(errors::invalid_value(
                    "paymentDetails.presentmentCurrency",
                    "multi-currency is only available to EUR and GBP ledgers",
                ));
            }
            if presentment.parse::<Currency>().is_err() {
                return Err(errors::invalid_value(
                    "paymentDetails.presentmentCurrency",
                    presentment,
                ));
            }
        }
        let charge = match &p.charge_amount {
            Some(price) => Some(self.check_amount("paymentDetails.chargeAmount", price, true)?),
            None => None,
        };
        if let Some(total) = &p.total_order_amount {
            let total = self.check_amount("paymentDetails.totalOrderAmount", total, false)?;
            if let Some(charge) = charge {
                amounts::same_currency("paymentDetails.totalOrderAmount", &total, charge.currency())?;
                if total.minor() < charge.minor() {
                    return Err(errors::invalid_value(
                        "paymentDetails.totalOrderAmount",
                        "must not be less than chargeAmount",
                    ));
                }
            }
        }
        if let Some(amount) = self.recurring_metadata.as_ref().and_then(|r| r.amount.as_ref()) {
            self.check_amount("recurringMetadata.amount", amount, false)?;
        }
        let intent = p.payment_intent.as_ref();
        if intent == Some(&PaymentIntent::AuthorizeWithCapture)
            && p.can_handle_pending_authorization == Some(true)
        {
            return Err(errors::combination(
                "paymentIntent AuthorizeWithCapture cannot be combined with canHandlePendingAuthorization true.",
            ));
        }
        if p.soft_descriptor.is_some() && intent.is_some_and(|i| *i != PaymentIntent::AuthorizeWithCapture) {
            return Err(errors::combination(
                "paymentDetails.softDescriptor can only be given with paymentIntent AuthorizeWithCapture.",
            ));
        }
        if self.payment_method_on_file.is_some()
            && self.permission_type != ChargePermissionType::PaymentMethodOnFile
        {
            return Err(errors::combination(
                "paymentMethodOnFileMetadata needs chargePermissionType PaymentMethodOnFile.",
            ));
        }
        if self.setup_only() && intent.is_some_and(|i| *i != PaymentIntent::Confirm) {
            return Err(errors::combination("setupOnly needs paymentIntent Confirm."));
        }
        if self.recurring_metadata.is_some() && self.permission_type != ChargePermissionType::Recurring {
            return Err(errors::combination(
                "recurringMetadata needs chargePermissionType Recurring.",
            ));
        }
        Ok(())
    }

    /// An amount of the session: well formed, above zero, within the per-charge maximum when
    /// `per_charge`, and in the session's currency (or a ledger currency of the region).
    fn check_amount(
        &self,
        field: &str,
        price: &amazon_pay_shared::money::Price,
        per_charge: bool,
    ) -> Result<Money, ApiError> {
        let money = if per_charge {
            amounts::chargeable(field, price)?
        } else {
            let m = amounts::parse(field, price)?;
            if m.is_zero() {
                return Err(errors::invalid_value(field, "must be greater than zero"));
            }
            m
        };
        let expected = self
            .payment
            .presentment_currency
            .as_deref()
            .or(self
                .payment
                .charge_amount
                .as_ref()
                .map(|p| p.currency_code.as_str()))
            .and_then(|c| c.parse::<Currency>().ok());
        if let Some(currency) = expected {
            amounts::same_currency(field, &money, currency)?;
        }
        if self.payment.presentment_currency.is_none()
            && !amounts::is_ledger_currency(self.region, money.currency())
        {
            let expected = self
                .region
                .map(|r| {
                    r.ledger_currencies()
                        .iter()
                        .map(|c| c.code())
                        .collect::<Vec<_>>()
                        .join(" or ")
                })
                .unwrap_or_default();
            return Err(errors::currency_mismatch(
                field,
                money.currency().code(),
                &expected,
            ));
        }
        Ok(money)
    }

    /// Applies Update Checkout Session (field by field) and re-checks the rules.
    pub fn update(
        &mut self,
        region: Option<Region>,
        request: UpdateCheckoutSessionRequest,
    ) -> Result<(), ApiError> {
        let mut next = self.clone();
        if next.region.is_none() {
            next.region = region;
        }
        if let Some(w) = request.web_checkout_details {
            if w.checkout_mode.is_some() && w.checkout_mode != next.web.checkout_mode {
                return Err(errors::invalid_value(
                    "webCheckoutDetails.checkoutMode",
                    "checkoutMode can only be set when the session is created",
                ));
            }
            merge(
                &mut next.web.checkout_review_return_url,
                w.checkout_review_return_url,
            );
            merge(
                &mut next.web.checkout_result_return_url,
                w.checkout_result_return_url,
            );
            merge(&mut next.web.checkout_cancel_url, w.checkout_cancel_url);
        }
        if let Some(p) = request.payment_details {
            if p.presentment_currency.is_some() && p.presentment_currency != next.payment.presentment_currency
            {
                return Err(errors::invalid_value(
                    "paymentDetails.presentmentCurrency",
                    "presentmentCurrency can only be set when the session is created; change chargeAmount.currencyCode instead",
                ));
            }
            let n = &mut next.payment;
            merge(&mut n.payment_intent, p.payment_intent);
            merge(
                &mut n.can_handle_pending_authorization,
                p.can_handle_pending_authorization,
            );
            if let Some(amount) = p.charge_amount {
                // A new amount may change the currency: drop amounts in the old one.
                if n.charge_amount
                    .as_ref()
                    .is_some_and(|old| old.currency_code != amount.currency_code)
                {
                    n.total_order_amount = None;
                }
                n.charge_amount = Some(amount);
            }
            merge(&mut n.total_order_amount, p.total_order_amount);
            merge(&mut n.soft_descriptor, p.soft_descriptor);
            merge(&mut n.allow_overcharge, p.allow_overcharge);
            merge(&mut n.extend_expiration, p.extend_expiration);
        }
        if let Some(m) = request.merchant_metadata {
            let current = next
                .merchant_metadata
                .get_or_insert_with(MerchantMetadata::default);
            merge(&mut current.merchant_reference_id, m.merchant_reference_id);
            merge(&mut current.merchant_store_name, m.merchant_store_name);
            merge(&mut current.note_to_buyer, m.note_to_buyer);
            merge(&mut current.custom_information, m.custom_information);
        }
        if let Some(r) = request.recurring_metadata {
            next.recurring_metadata = Some(r.into());
        }
        merge(&mut next.platform_id, request.platform_id);
        if let Some(p) = request.provider_metadata {
            next.provider_metadata = Some(p.into());
        }
        next.check_rules()?;
        *self = next;
        Ok(())
    }

    /// The constraints left, in Amazon's order.
    pub fn constraints(&self) -> Vec<ConstraintId> {
        let mut out = Vec::new();
        if self.choice.is_none() {
            out.push(ConstraintId::BuyerNotAssociated);
        }
        if !self.setup_only() && self.payment.charge_amount.is_none() {
            out.push(ConstraintId::ChargeAmountNotSet);
        }
        if self.web.checkout_result_return_url.is_none() {
            out.push(ConstraintId::CheckoutResultReturnUrlNotSet);
        }
        if self.payment.payment_intent.is_none() {
            out.push(ConstraintId::PaymentIntentNotSet);
        }
        if self.missing_frequency() {
            out.push(ConstraintId::RecurringFrequencyNotSet);
        }
        out
    }

    /// When the open session expires.
    pub fn expires_at(&self) -> i64 {
        self.created_at.saturating_add(SESSION_LIFETIME)
    }

    /// When Amazon deletes the session, whatever its state: 30 days after its creation.
    pub fn deleted_at(&self) -> i64 {
        self.created_at.saturating_add(SESSION_RETENTION)
    }

    /// True while the session is `Open`.
    pub fn is_open(&self) -> bool {
        self.status.state == CheckoutSessionState::Open
    }

    /// Moves the session to `Canceled` with a reason.
    pub fn cancel(&mut self, reason: ReasonCode, at: i64) {
        self.status = status(CheckoutSessionState::Canceled, Some(reason), at);
    }

    /// The buyer fields as this session shows them.
    pub fn buyer_data(&self) -> buyer_data::BuyerData {
        self.choice
            .as_ref()
            .map(|c| {
                buyer_data::scoped(
                    c,
                    self.scopes.as_deref(),
                    &self.product_type,
                    self.address_details.as_ref(),
                )
            })
            .unwrap_or_default()
    }

    /// The session as the API shows it.
    pub fn view(&self, config: &SandboxConfig) -> CheckoutSession {
        let mut s = CheckoutSession::new(self.id.clone(), self.status.clone());
        if self.status.state == CheckoutSessionState::Canceled {
            return s;
        }
        let open = self.is_open();
        let constraints = if open { self.constraints() } else { Vec::new() };
        let mut web = self.web.clone();
        if open && constraints.is_empty() {
            web.amazon_pay_redirect_url = Some(format!(
                "{}/checkout/pay?amazonCheckoutSessionId={}",
                config.base_url(),
                self.id
            ));
        }
        s.web_checkout_details = Some(web);
        s.product_type = Some(self.product_type.clone());
        s.payment_details = Some(self.payment.clone());
        s.merchant_metadata = self.merchant_metadata.clone();
        s.platform_id = self.platform_id.clone();
        s.provider_metadata = self.provider_metadata.clone();
        if open {
            let data = self.buyer_data();
            s.buyer = data.buyer;
            s.shipping_address = data.shipping_address;
            s.billing_address = data.billing_address;
            s.payment_preferences = data.payment_preferences;
        }
        s.constraints = Some(
            constraints
                .into_iter()
                .map(|id| Constraint {
                    description: Some(describe_constraint(&id).to_owned()),
                    constraint_id: id,
                })
                .collect(),
        );
        s.creation_timestamp = Some(format_basic(self.created_at));
        s.expiration_timestamp = Some(format_basic(self.expires_at()));
        s.charge_permission_id = self.charge_permission_id.clone();
        s.charge_id = self.charge_id.clone();
        s.store_id = Some(self.store_id.clone());
        s.delivery_specifications = self.delivery_specifications.clone();
        s.release_environment = Some(ReleaseEnvironment::Sandbox);
        s.charge_permission_type = Some(self.permission_type.clone());
        s.recurring_metadata = self.recurring_metadata.clone();
        s.payment_method_on_file_metadata = self.payment_method_on_file.clone();
        s
    }
}

fn merge<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

fn describe_constraint(id: &ConstraintId) -> &'static str {
    match id {
        ConstraintId::BuyerNotAssociated => {
            "There is no buyer associated with the Checkout Session. Return the checkout session id to the Amazon Pay Button to allow buyer to login."
        }
        ConstraintId::ChargeAmountNotSet => "chargeAmount is not set.",
        ConstraintId::CheckoutResultReturnUrlNotSet => "checkoutResultReturnUrl is not set.",
        ConstraintId::PaymentIntentNotSet => "paymentIntent is not set.",
        ConstraintId::RecurringFrequencyNotSet => "recurringMetadata.frequency is not set.",
        _ => "",
    }
}
