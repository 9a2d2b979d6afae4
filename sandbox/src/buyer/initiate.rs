//! `POST /checkout/initiate`: the hidden form checkout.js submits on a click. Checks the
//! merchant, the key and the button signature as Amazon does, parses the payload strictly,
//! creates the Checkout Session (or starts Amazon Sign-in) and sends the buyer to the hosted
//! sign-in page.

use amazon_pay_shared::api::{CreateCheckoutSessionRequest, ProductType, SignInPayload};
use amazon_pay_shared::region::{Environment, Region};
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::response::Response;
use serde::Deserialize;

use super::button::{verify_button, ButtonSignature, PRODUCT_TYPES};
use super::html::{see_other, url_with_query, PageError};
use super::signin;
use crate::config::SandboxConfig;
use crate::domain::checkout_session::SessionOrigin;
use crate::state::AppState;

/// The fields of checkout.js's `amazonpay-checkout-signature-data-form` (unknown ones ignored).
#[derive(Debug, Default, Deserialize)]
pub struct InitiateForm {
    /// The signed payload, exactly as signed.
    #[serde(rename = "payloadJSON")]
    pub payload_json: Option<String>,
    /// Base64 RSASSA-PSS signature of the payload.
    pub signature: Option<String>,
    /// The merchant's public key id.
    #[serde(rename = "publicKeyId")]
    pub public_key_id: Option<String>,
    /// `AMZN-PAY-RSASSA-PSS` (default) or `AMZN-PAY-RSASSA-PSS-V2`.
    pub algorithm: Option<String>,
    /// The merchant id of the button.
    #[serde(rename = "merchantId")]
    pub merchant_id: Option<String>,
    /// The ledger currency of the button.
    #[serde(rename = "ledgerCurrency")]
    pub ledger_currency: Option<String>,
    /// PayAndShip (default), PayOnly or SignIn.
    #[serde(rename = "productType")]
    pub product_type: Option<String>,
    /// Language of the hosted pages.
    #[serde(rename = "checkoutLanguage")]
    pub checkout_language: Option<String>,
    /// `SANDBOX` or `LIVE`.
    pub environment: Option<String>,
    /// `{"amount": "…", "currencyCode": "…"}` or empty.
    #[serde(rename = "estimatedOrderAmount")]
    pub estimated_order_amount: Option<String>,
    /// The page the button was on.
    pub origin_url: Option<String>,
    /// Legacy v1 mode: a session the merchant created through the API.
    #[serde(rename = "amazonCheckoutSessionId")]
    pub amazon_checkout_session_id: Option<String>,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn bad_request(code: &str, message: &str) -> PageError {
    PageError::bad_request(code, message)
}

/// The region whose script build accepts a ledger currency (USD: NA, EUR and GBP: EU, JPY: JP).
fn ledger_region(currency: Option<&str>) -> Option<Region> {
    match currency.map(str::trim) {
        Some("USD") => Some(Region::Na),
        Some("EUR" | "GBP") => Some(Region::Eu),
        Some("JPY") => Some(Region::Jp),
        _ => None,
    }
}

/// `POST /checkout/initiate`.
pub async fn initiate(
    State(state): State<AppState>,
    form: Result<Form<InitiateForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => {
            return Err(bad_request(
                "InvalidRequest",
                &format!("The checkout form could not be read: {}", rejection.body_text()),
            ))
        }
    };
    let config = state.config();

    let Some(merchant_id) = present(&form.merchant_id) else {
        return Err(bad_request("MissingParameter", "The merchantId is missing."));
    };
    if merchant_id != config.merchant_id {
        return Err(bad_request(
            "InvalidMerchantId",
            &format!(
                "The merchantId {merchant_id} is not this sandbox's merchant ({}); start it with --merchant-id.",
                config.merchant_id
            ),
        ));
    }
    let product_type = present(&form.product_type).unwrap_or("PayAndShip");
    if !PRODUCT_TYPES.contains(&product_type) {
        return Err(bad_request(
            "InvalidParameterValue",
            &format!("Invalid productType {product_type}; use PayAndShip, PayOnly or SignIn."),
        ));
    }
    let environment = match present(&form.environment) {
        None | Some("SANDBOX") => Environment::Sandbox,
        Some("LIVE") => Environment::Live,
        Some(other) => {
            return Err(bad_request(
                "InvalidParameterValue",
                &format!("Invalid environment {other}; use SANDBOX or LIVE."),
            ))
        }
    };

    // Legacy v1 mode: the merchant created the session through the API.
    if present(&form.payload_json).is_none() {
        if let Some(id) = present(&form.amazon_checkout_session_id) {
            let result = state.store().checkout_session(config, state.clock().now(), id);
            let session = result?;
            return Ok(see_other(&url_with_query(
                "/checkout/signin",
                &[
                    (
                        "amazonCheckoutSessionId",
                        Some(session.checkout_session_id.as_str()),
                    ),
                    ("productType", Some(product_type)),
                ],
            )));
        }
    }

    let (Some(payload), Some(signature), Some(public_key_id)) = (
        form.payload_json.as_deref().filter(|p| !p.is_empty()),
        present(&form.signature),
        present(&form.public_key_id),
    ) else {
        let missing = [
            (
                "payloadJSON",
                form.payload_json.as_deref().is_none_or(str::is_empty),
            ),
            ("signature", present(&form.signature).is_none()),
            ("publicKeyId", present(&form.public_key_id).is_none()),
        ]
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
        return Err(bad_request(
            "MissingParameter",
            &format!("The button config is missing: {missing}."),
        ));
    };
    let button = ButtonSignature {
        payload,
        signature,
        public_key_id,
        algorithm: form.algorithm.as_deref(),
    };
    let key_id = verify_button(config, button)?;
    if let Some(bound) = key_id.bound_environment() {
        if bound != environment {
            return Err(bad_request(
                "InvalidParameterValue",
                &format!(
                    "The publicKeyId {} is a {bound} key, but the button was rendered for {environment} \
                     (check the sandbox option).",
                    key_id.as_str()
                ),
            ));
        }
    }

    if product_type == "SignIn" {
        return sign_in(config, button, payload);
    }

    let request: CreateCheckoutSessionRequest = match serde_json::from_str(payload) {
        Ok(request) => request,
        Err(e) => {
            return Err(bad_request(
                "InvalidParameterValue",
                &format!("The payloadJSON is not a valid Create Checkout Session payload: {e}"),
            ))
        }
    };
    if let Err(e) = request.validate() {
        return Err(bad_request(
            "InvalidParameterValue",
            &format!("The payloadJSON is invalid: {e}"),
        ));
    }
    let created = {
        let mut store = state.store();
        let origin = SessionOrigin {
            product_type: Some(ProductType::from(product_type)),
            region: ledger_region(form.ledger_currency.as_deref()),
        };
        store.create_checkout_session_from_button(config, state.clock().now(), &key_id, request, origin)
    };
    let session = created?;
    let _ = state.persist();
    Ok(see_other(&url_with_query(
        "/checkout/signin",
        &[
            (
                "amazonCheckoutSessionId",
                Some(session.checkout_session_id.as_str()),
            ),
            ("productType", Some(product_type)),
        ],
    )))
}

/// The Sign-in button: parse the payload strictly, then show the buyer list.
fn sign_in(
    config: &SandboxConfig,
    button: ButtonSignature<'_>,
    payload: &str,
) -> Result<Response, PageError> {
    let parsed: SignInPayload = match serde_json::from_str(payload) {
        Ok(parsed) => parsed,
        Err(e) => {
            return Err(bad_request(
                "InvalidParameterValue",
                &format!("The payloadJSON is not a valid Sign-in payload: {e}"),
            ))
        }
    };
    signin::check_payload(config, &parsed)?;
    Ok(see_other(&signin::page_url(button)))
}
