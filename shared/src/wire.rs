//! The `/v1` wire protocol between the widget (or a shop's page) and the edge signer: request
//! and response bodies, the error body and its stable codes, and the strict body parser.
//!
//! Requests are strict: unknown fields are refused, and fields that would let a browser choose
//! what the merchant signs (store id, URLs, amounts, payment intent) are refused with their own
//! code ([`ErrorCode::FieldNotAllowed`], [`ErrorCode::ClientAmountsDisabled`]) before any
//! other parsing. A field that takes one of Amazon's values (product type, placement, button
//! colour, charge permission type, frequency unit) is read through [`crate::vocabulary`] and
//! another value is refused while parsing with [`ErrorCode::OptionInvalid`] naming the field.
//! Responses use Amazon's camelCase names.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::cart::CartLine;
pub use crate::error_code::ErrorCode;
use crate::money::Price;
use crate::vocabulary::{ButtonColor, Placement, ProductType};
use crate::wire_keys::duplicate_key;
use crate::wire_option::{self, option_refusal};

/// The version path segment of every route.
pub const VERSION: &str = "v1";
/// The largest request body accepted, in bytes (larger → 413).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The deepest JSON nesting accepted in a request body.
pub const MAX_JSON_DEPTH: usize = 16;

/// `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable code ([`ErrorCode::as_str`]).
    pub code: String,
    /// A human-readable explanation; never secrets or upstream bodies.
    pub message: String,
}

impl ErrorBody {
    /// An error body.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message: message.into(),
            },
        }
    }
}

/// An error of the wire layer: a code and a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct WireError {
    /// The code.
    pub code: ErrorCode,
    /// The message.
    pub message: String,
}

impl WireError {
    /// An error.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> WireError {
        WireError {
            code,
            message: message.into(),
        }
    }
}

/// Fields a browser must never set: the configuration decides them.
const CONFIG_FIELDS: &[&str] = &[
    "storeId",
    "merchantId",
    "publicKeyId",
    "webCheckoutDetails",
    "checkoutReviewReturnUrl",
    "checkoutResultReturnUrl",
    "checkoutCancelUrl",
    "signInReturnUrl",
    "signInCancelUrl",
    "returnUrl",
    "cancelUrl",
    "scopes",
    "signInScopes",
    "paymentIntent",
    "merchantMetadata",
    "merchantStoreName",
    "payloadJSON",
    "signature",
];

/// Fields that carry amounts: only with `ALLOW_CLIENT_AMOUNTS` (and then only `amount`).
const AMOUNT_FIELDS: &[&str] = &[
    "amount",
    "chargeAmount",
    "totalOrderAmount",
    "price",
    "total",
    "estimatedOrderAmount",
    "paymentDetails",
];

fn depth(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        serde_json::Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Parses a request body strictly into `T`: at most [`MAX_BODY_BYTES`], JSON, an object, at
/// most [`MAX_JSON_DEPTH`] deep, no key twice in one object (`INVALID_REQUEST` naming it); configuration fields anywhere → `FIELD_NOT_ALLOWED`; amount
/// fields at the top level → `CLIENT_AMOUNTS_DISABLED` unless `allow_amount` (then `amount`
/// only); then `T`'s own shape (unknown fields refused) → `INVALID_REQUEST`, except a value
/// outside Amazon's set in a field that takes one → `OPTION_INVALID` naming the field.
pub fn parse_body<T: DeserializeOwned>(body: &[u8], allow_amount: bool) -> Result<T, WireError> {
    let value = parse_object(body)?;
    let serde_json::Value::Object(map) = &value else {
        return Err(WireError::new(
            ErrorCode::InvalidRequest,
            "the body must be a JSON object",
        ));
    };
    if let Some(field) = find_key(&value, CONFIG_FIELDS) {
        return Err(WireError::new(
            ErrorCode::FieldNotAllowed,
            format!("{field} comes from the merchant's configuration, not from the request"),
        ));
    }
    for (key, v) in map {
        let allowed = allow_amount && key == "amount";
        let found = if allowed {
            None
        } else if AMOUNT_FIELDS.contains(&key.as_str()) {
            Some(key.clone())
        } else {
            find_key(v, AMOUNT_FIELDS)
        };
        if let Some(field) = found {
            return Err(WireError::new(
                ErrorCode::ClientAmountsDisabled,
                format!("{field}: amounts come from the catalog or a cart token, not from the browser"),
            ));
        }
    }
    into_typed(value)
}

/// Parses a merchant route's body (the caller is authenticated): the same size, JSON, object
/// and depth rules and `T`'s strict shape, without the browser field rules of [`parse_body`].
pub fn parse_trusted_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, WireError> {
    into_typed(parse_object(body)?)
}

fn into_typed<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, WireError> {
    serde_json::from_value(value).map_err(|e| {
        // serde's message names the field and the expectation, never a value from the body
        // beyond the unknown field's name.
        let text = e.to_string();
        if let Some(message) = option_refusal(&text) {
            return WireError::new(ErrorCode::OptionInvalid, message);
        }
        let short: String = text.chars().take(160).collect();
        WireError::new(ErrorCode::InvalidRequest, short)
    })
}

fn parse_object(body: &[u8]) -> Result<serde_json::Value, WireError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(WireError::new(
            ErrorCode::PayloadTooLarge,
            "the body is larger than 64 KiB",
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| WireError::new(ErrorCode::MalformedJson, "the body is not valid JSON"))?;
    if !value.is_object() {
        return Err(WireError::new(
            ErrorCode::InvalidRequest,
            "the body must be a JSON object",
        ));
    }
    if depth(&value) > MAX_JSON_DEPTH {
        return Err(WireError::new(
            ErrorCode::MalformedJson,
            "the body is nested too deeply",
        ));
    }
    if let Some(key) = duplicate_key(body) {
        return Err(WireError::new(
            ErrorCode::InvalidRequest,
            format!("the key {key} appears twice in one object"),
        ));
    }
    Ok(value)
}

fn find_key(value: &serde_json::Value, keys: &[&str]) -> Option<String> {
    match value {
        serde_json::Value::Object(o) => {
            for (k, v) in o {
                if keys.contains(&k.as_str()) {
                    return Some(k.chars().take(64).collect());
                }
                if let Some(found) = find_key(v, keys) {
                    return Some(found);
                }
            }
            None
        }
        serde_json::Value::Array(a) => a.iter().find_map(|v| find_key(v, keys)),
        _ => None,
    }
}

/// `POST /v1/button`.
///
/// `productType`, `placement` and `buttonColor` are read through [`crate::vocabulary`]: another
/// value is refused while parsing, with `OPTION_INVALID` naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ButtonRequest {
    /// `PayAndShip` or `PayOnly` ([`ProductType::CHECKOUT`]); `SignIn` is refused.
    #[serde(deserialize_with = "wire_option::checkout_product_type")]
    pub product_type: ProductType,
    /// Where the button is shown.
    #[serde(deserialize_with = "wire_option::placement")]
    pub placement: Placement,
    /// Catalog lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart: Option<Vec<CartLine>>,
    /// A cart token from the merchant's backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart_token: Option<String>,
    /// A browser-supplied amount (only with `ALLOW_CLIENT_AMOUNTS`, never with a live key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Price>,
    /// The button's colour; echoed into the button settings.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire_option::optional_button_color"
    )]
    pub button_color: Option<ButtonColor>,
    /// The hash of the browser's binding secret ([`crate::binding`]); without it the session
    /// is signed unbound, and no later call can use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding_hash: Option<String>,
}

/// `POST /v1/checkout-sessions/{id}/place-order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlaceOrderRequest {
    /// Catalog lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart: Option<Vec<CartLine>>,
    /// A cart token from the merchant's backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart_token: Option<String>,
    /// A browser-supplied amount (only with `ALLOW_CLIENT_AMOUNTS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Price>,
}

/// `POST /v1/signin-button` (an empty object; the configuration decides everything).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInButtonRequest {
    /// Where the button is shown (optional, informational); another value than a
    /// [`Placement`] is refused while parsing with `OPTION_INVALID`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire_option::optional_placement"
    )]
    pub placement: Option<Placement>,
    /// The hash of the browser's binding secret ([`crate::sign_in_state`]); without it the
    /// sign-in's profile can be read by nobody.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding_hash: Option<String>,
}

/// `POST /v1/buyer` (the binding secret in the `x-amazon-pay-binding` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuyerRequest {
    /// The `buyerToken` Amazon appended to the sign-in return URL.
    pub buyer_token: String,
    /// The `amazonPaySignIn` state the signer put into the sign-in return URL.
    pub state: String,
}

/// A signed payload for checkout.js.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedPayload {
    /// The exact JSON text that was signed.
    #[serde(rename = "payloadJSON")]
    pub payload_json: String,
    /// Base64 RSASSA-PSS signature.
    pub signature: String,
    /// The merchant's public key id.
    pub public_key_id: String,
    /// `AMZN-PAY-RSASSA-PSS-V2`.
    pub algorithm: String,
}

/// Answer of `POST /v1/button`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ButtonResponse {
    /// For `renderButton`/`initCheckout`.
    pub create_checkout_session_config: SignedPayload,
    /// The amount shown on the button.
    pub estimated_order_amount: Price,
    /// The product type signed for.
    pub product_type: ProductType,
    /// The placement.
    pub placement: Placement,
}

/// Answer of `POST /v1/signin-button`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInButtonResponse {
    /// For `renderButton` with `productType: 'SignIn'`.
    pub sign_in_config: SignedPayload,
}

/// One button-visibility rule, as shop platforms offer it: hide below `minTotal`, hide at or
/// above `maxTotal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayLimits {
    /// Hide the button below this total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_total: Option<Price>,
    /// Hide the button at or above this total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<Price>,
}

/// Button defaults from configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ButtonDefaults {
    /// The default product type.
    pub product_type: ProductType,
    /// The default placement.
    pub placement: Placement,
    /// The default colour.
    pub button_color: ButtonColor,
}

/// Answer of `GET /v1/config`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigResponse {
    /// The wire version.
    pub version: String,
    /// Amazon merchant id.
    pub merchant_id: String,
    /// `na`, `eu` or `jp`.
    pub region: String,
    /// Ledger currency.
    pub ledger_currency: String,
    /// Sandbox mode.
    pub sandbox: bool,
    /// The public key id.
    pub public_key_id: String,
    /// e.g. `ja_JP`.
    pub checkout_language: String,
    /// The checkout.js URL.
    pub checkout_js_url: String,
    /// Button defaults.
    pub button: ButtonDefaults,
    /// Visibility by cart total.
    pub display_limits: DisplayLimits,
}

/// A postal address for the review page.
pub type ReviewAddress = crate::api::Address;

/// Answer of `GET /v1/checkout-sessions/{id}`: what a review page shows, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewResponse {
    /// The session id.
    pub checkout_session_id: String,
    /// `Open`, `Completed` or `Canceled`.
    pub state: String,
    /// Reason for Canceled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// Buyer name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_name: Option<String>,
    /// Buyer email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_email: Option<String>,
    /// Buyer phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_phone: Option<String>,
    /// Shipping address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<ReviewAddress>,
    /// Billing address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<ReviewAddress>,
    /// e.g. `Visa ****1111`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_descriptor: Option<String>,
    /// Open constraint ids.
    pub constraints: Vec<String>,
}

/// Answer of `POST /v1/quote` (body: a [`PlaceOrderRequest`]): what place-order would charge
/// for the cart, priced exactly as place-order prices it, for a review page to show before the
/// buyer places the order. The parts are there when the source prices lines (the catalog, a
/// cart token with `items`); a cart token without items (or a browser amount) has the total
/// alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteResponse {
    /// The lines' sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtotal: Option<Price>,
    /// Shipping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Price>,
    /// Tax added to the subtotal (zero when the prices include it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Price>,
    /// True when the catalog's prices include the tax (its `tax.included`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tax_included: bool,
    /// What will be charged.
    pub total: Price,
}

/// Answer of place-order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceOrderResponse {
    /// Where to send the buyer.
    pub amazon_pay_redirect_url: String,
    /// The amount fixed for completion.
    pub amount: Price,
}

/// The typed outcome of complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompleteOutcome {
    /// Paid (or authorized).
    Completed,
    /// Authorization pending.
    Pending,
    /// The payment was declined.
    Declined,
    /// The buyer or Amazon canceled.
    Canceled,
    /// The session expired.
    Expired,
}

/// Answer of complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteResponse {
    /// The typed outcome for the widget.
    pub outcome: CompleteOutcome,
    /// The checkout session state.
    pub state: String,
    /// The reason code for Canceled/Declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// The charge id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<String>,
    /// The charge permission id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_permission_id: Option<String>,
    /// The charge state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_state: Option<String>,
    /// The subscription this checkout started (a recurring charge permission, with the
    /// ledger): its id and the token that opens it at `POST /v1/subscription`. Only the browser
    /// that completed the checkout reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionAccess>,
}

/// A subscription and the buyer's key to it ([`crate::subscription_token`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionAccess {
    /// `sub-<charge permission id>`.
    pub id: String,
    /// The bearer token of `POST /v1/subscription`: `s1.<id>.<expiry>.<HMAC>`.
    pub token: String,
}

/// `POST /v1/subscription`: the token in the body, so it is never in a URL or a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubscriptionRequest {
    /// The token of [`SubscriptionAccess`] (or a renewed one).
    pub token: String,
}

/// How often a subscription is charged: Amazon's frequency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionFrequency {
    /// `Day`, `Week`, `Month`, `Year` or `Variable`.
    pub unit: String,
    /// How many units apart, as Amazon writes it (`"1"`).
    pub value: String,
}

/// What the buyer pays, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPlan {
    /// `fixed` (the same amount each period) or `metered` (what was used in the period before).
    pub kind: String,
    /// Each period's amount (fixed plans only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Price>,
    /// The frequency.
    pub frequency: SubscriptionFrequency,
}

/// One period's charge as the buyer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionCharge {
    /// The period's date, `YYYY-MM-DD` at the merchant's UTC offset.
    pub date: String,
    /// The amount.
    pub amount: Price,
    /// `paid`, `processing`, `declined`, `not_charged` (refused by the shop's rules before
    /// Amazon was asked) or `skipped` (nothing to charge).
    pub state: String,
}

/// Why a subscription is past due, for the buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionReason {
    /// `PAYMENT_METHOD_DECLINED` (Amazon Pay could not charge the payment method: the buyer
    /// updates it on Amazon's page) or `SHOP_ACTION_NEEDED` (the shop's rules stopped the
    /// charge: the shop gets in touch).
    pub code: String,
    /// The same in a sentence.
    pub message: String,
}

/// `POST /v1/subscription`'s answer: the buyer's view of their subscription, with nothing of
/// the buyer (no name, mail or address) and no id but the subscription's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuyerSubscription {
    /// `sub-<charge permission id>`.
    pub id: String,
    /// `active`, `past_due`, `paused`, `canceled` or `ended`.
    pub status: String,
    /// The plan.
    pub plan: SubscriptionPlan,
    /// When the next period is charged, `YYYY-MM-DD` at the merchant's UTC offset (active and
    /// past-due subscriptions that go on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_charge_date: Option<String>,
    /// The day it ends, when canceled at the end of the current period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
    /// The periods charged or tried, first first.
    pub charges: Vec<SubscriptionCharge>,
    /// Why it is past due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<SubscriptionReason>,
    /// Amazon's page where the buyer changes the subscription's payment method (past due after
    /// a decline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_payment_method_url: Option<String>,
    /// A fresh token for the same subscription (a new expiry, the current signing key's):
    /// keep it in place of the one sent.
    pub token: String,
}

/// `POST /v1/merchant/charges/{id}/capture`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantCaptureRequest {
    /// What to capture (at most the authorized amount).
    pub amount: Price,
    /// Statement text (≤ 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
}

/// `POST /v1/merchant/charges/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantCancelRequest {
    /// Why (≤ 255).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /v1/merchant/charges`: a charge on a charge permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantCreateChargeRequest {
    /// The charge permission.
    pub charge_permission_id: String,
    /// The amount.
    pub amount: Price,
    /// The merchant's id of this logical operation: a retry with the same reference reuses the
    /// idempotency key, so it never charges twice.
    pub reference: String,
    /// Capture at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_now: Option<bool>,
}

/// `POST /v1/merchant/refunds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantRefundRequest {
    /// The captured charge.
    pub charge_id: String,
    /// The amount.
    pub amount: Price,
    /// The merchant's id of this logical operation (see [`MerchantCreateChargeRequest`]).
    pub reference: String,
}

/// `POST /v1/merchant/charge-permissions/{id}/close`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantCloseRequest {
    /// Why (≤ 255).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Cancel pending charges too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_pending_charges: Option<bool>,
}

/// `POST /v1/merchant/charges/{id}/change-amount`: a new authorization for another (or the
/// same) amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantChangeAmountRequest {
    /// The new amount.
    pub amount: Price,
    /// The merchant's id of this change (see [`MerchantCreateChargeRequest`]).
    pub reference: String,
}

/// `POST /v1/merchant/charges/{id}/reauthorize`: the same amount authorized again on the
/// charge's permission, after the authorization expired or before it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantReauthorizeRequest {
    /// The merchant reference of the charge's transaction (the order).
    pub reference: String,
}

/// `POST /v1/merchant/sync`: `{}` or `{"limit": 1..100}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantSyncRequest {
    /// How many intents and pending transactions to look at, each (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Checks an Amazon object id as the signer accepts it in a path: 1 to 64 characters of
/// `[A-Za-z0-9-]` (checkout session UUIDs, `S01-…`/`P01-…` charge, permission and refund ids).
pub fn valid_object_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Checks a buyer token: 1 to 512 characters of base64url/base64 characters and `.`.
pub fn valid_buyer_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 512
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+' | b'/' | b'='))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> ErrorCode {
        parse_body::<T>(body.as_bytes(), false).unwrap_err().code
    }

    #[test]
    fn body_rules() {
        let ok: ButtonRequest = parse_body(
            br#"{"productType":"PayAndShip","placement":"Cart","cart":[{"sku":"A","quantity":1}]}"#,
            false,
        )
        .unwrap();
        assert_eq!(ok.cart.unwrap().len(), 1);
        assert_eq!(code::<ButtonRequest>("{"), ErrorCode::MalformedJson);
        assert_eq!(code::<ButtonRequest>("[]"), ErrorCode::InvalidRequest);
        assert_eq!(
            code::<ButtonRequest>(r#"{"productType":"PayOnly"}"#),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            code::<ButtonRequest>(r#"{"productType":"PayOnly","placement":"Cart","colour":"x"}"#),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            code::<ButtonRequest>(r#"{"productType":"PayOnly","placement":"Cart","storeId":"x"}"#),
            ErrorCode::FieldNotAllowed
        );
        assert_eq!(
            code::<ButtonRequest>(r#"{"x":{"y":[{"checkoutReviewReturnUrl":"https://evil"}]}}"#),
            ErrorCode::FieldNotAllowed
        );
        assert_eq!(
            code::<ButtonRequest>(
                r#"{"productType":"PayOnly","placement":"Cart","amount":{"amount":"1","currencyCode":"JPY"}}"#
            ),
            ErrorCode::ClientAmountsDisabled
        );
        assert_eq!(
            code::<ButtonRequest>(r#"{"productType":"PayOnly","placement":"Cart","chargeAmount":"1"}"#),
            ErrorCode::ClientAmountsDisabled
        );
        assert_eq!(
            code::<ButtonRequest>(
                r#"{"productType":"PayOnly","placement":"Cart","cart":[{"sku":"A","quantity":1,"price":"1"}]}"#
            ),
            ErrorCode::ClientAmountsDisabled
        );
        let with_amount: ButtonRequest = parse_body(
            br#"{"productType":"PayOnly","placement":"Cart","amount":{"amount":"1","currencyCode":"JPY"}}"#,
            true,
        )
        .unwrap();
        assert!(with_amount.amount.is_some());
        let big = format!(r#"{{"productType":"{}"}}"#, "x".repeat(MAX_BODY_BYTES));
        assert_eq!(code::<ButtonRequest>(&big), ErrorCode::PayloadTooLarge);
        let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            code::<ButtonRequest>(&format!(r#"{{"a":{deep}}}"#)),
            ErrorCode::MalformedJson
        );
        assert_eq!(
            code::<SignInButtonRequest>(r#"{"x":1}"#),
            ErrorCode::InvalidRequest
        );
        assert!(parse_body::<SignInButtonRequest>(b"{}", false).is_ok());
    }

    #[test]
    fn values_outside_amazons_sets_are_option_refusals_naming_the_field() {
        let refused = |body: &str| parse_body::<ButtonRequest>(body.as_bytes(), false).unwrap_err();
        for (body, message) in [
            (
                r#"{"productType":"SignIn","placement":"Cart","cart":[]}"#,
                "productType must be one of PayAndShip, PayOnly",
            ),
            (
                r#"{"productType":"payonly","placement":"Cart"}"#,
                "productType must be one of PayAndShip, PayOnly",
            ),
            (
                r#"{"productType":"PayOnly","placement":"Moon","cart":[]}"#,
                "placement must be one of Home, Product, Cart, Checkout, Other",
            ),
            (
                r#"{"productType":"PayOnly","placement":"Cart","buttonColor":"Red"}"#,
                "buttonColor must be one of Gold, LightGray, DarkGray",
            ),
        ] {
            let e = refused(body);
            assert_eq!(
                (e.code, e.message.as_str()),
                (ErrorCode::OptionInvalid, message),
                "{body}"
            );
            assert_eq!(e.code.status(), 400);
        }
        // The wrong JSON type stays a shape error.
        for body in [
            r#"{"productType":1,"placement":"Cart"}"#,
            r#"{"productType":"PayOnly","placement":null}"#,
        ] {
            assert_eq!(refused(body).code, ErrorCode::InvalidRequest, "{body}");
        }
        let ok: ButtonRequest = parse_body(
            br#"{"productType":"PayOnly","placement":"Other","buttonColor":null}"#,
            false,
        )
        .unwrap();
        assert_eq!(
            (ok.product_type, ok.placement, ok.button_color),
            (ProductType::PayOnly, Placement::Other, None)
        );
        let e = parse_body::<SignInButtonRequest>(br#"{"placement":"Moon"}"#, false).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                ErrorCode::OptionInvalid,
                "placement must be one of Home, Product, Cart, Checkout, Other"
            )
        );
        let s: SignInButtonRequest = parse_body(br#"{"placement":"Home"}"#, false).unwrap();
        assert_eq!(s.placement, Some(Placement::Home));
        assert!(parse_body::<SignInButtonRequest>(br#"{"placement":null}"#, false).is_ok());
    }

    #[test]
    fn ids() {
        assert!(valid_object_id("5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d"));
        assert!(valid_object_id("S01-1234567-1234567-C123456"));
        for bad in ["", "../x", "a/b", "a b", "%2e%2e", &"a".repeat(65)] {
            assert!(!valid_object_id(bad), "{bad}");
        }
        assert!(valid_buyer_token("abc.DEF-_=+/"));
        assert!(!valid_buyer_token("a b"));
    }
}
