//! `POST /checkout/initiate`: the hidden form checkout.js submits on a click. Checks the
//! merchant, the key and the button signature as Amazon does, parses the payload strictly,
//! creates the Checkout Session (or starts Amazon Sign-in) and sends the buyer to the hosted
//! sign-in page.

use amazon_pay_shared::api::{CreateCheckoutSessionRequest, ProductType, SignInPayload};
use amazon_pay_shared::region::{Environment, PublicKeyId, Region};
use amazon_pay_shared::signing::{payload_string_to_sign, verify_payload, Algorithm, VerifyError};
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::response::Response;
use serde::Deserialize;

use super::html::{escape, see_other, url_with_query, PageError};
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

/// The product types a button can have.
pub const PRODUCT_TYPES: [&str; 3] = ["PayAndShip", "PayOnly", "SignIn"];

/// A button signature to check: what checkout.js posts (or the sign-in pages carry along).
#[derive(Debug, Clone, Copy)]
pub struct ButtonSignature<'a> {
    /// The payload bytes, exactly as posted.
    pub payload: &'a str,
    /// The base64 signature.
    pub signature: &'a str,
    /// The public key id.
    pub public_key_id: &'a str,
    /// The declared algorithm (empty or absent means `AMZN-PAY-RSASSA-PSS`, as checkout.js does).
    pub algorithm: Option<&'a str>,
}

/// Checks a button signature like Amazon's `/checkout/initiate`; on failure the error page to
/// show (`InvalidSignatureError` with the expected string to sign).
pub fn verify_button(config: &SandboxConfig, button: ButtonSignature<'_>) -> Result<PublicKeyId, PageError> {
    let key_id = PublicKeyId::parse(button.public_key_id).map_err(|_| {
        bad_request(
            "InvalidPublicKeyId",
            "The publicKeyId must be 1 to 64 characters of A-Z, a-z, 0-9, '-' or '_'.",
        )
    })?;
    let Some(key) = config.public_key(key_id.as_str()) else {
        return Err(bad_request(
            "InvalidPublicKeyId",
            &format!(
                "The publicKeyId {} is not registered for merchant {} (start the sandbox with --public-key {}=FILE).",
                key_id.as_str(),
                config.merchant_id,
                key_id.as_str()
            ),
        ));
    };
    let algorithm = match button.algorithm.map(str::trim).filter(|a| !a.is_empty()) {
        None => Algorithm::V1,
        Some(name) => Algorithm::parse(name).map_err(|_| {
            signature_error_page(
                config,
                button,
                Algorithm::V1,
                &format!(
                    "Unknown algorithm {}; use AMZN-PAY-RSASSA-PSS-V2 or AMZN-PAY-RSASSA-PSS.",
                    name.chars().take(40).collect::<String>()
                ),
            )
        })?,
    };
    match verify_payload(key, algorithm, button.payload.as_bytes(), button.signature) {
        Ok(()) => Ok(key_id),
        Err(VerifyError::WrongAlgorithm { declared, actual, .. }) => Err(signature_error_page(
            config,
            button,
            declared,
            &format!(
                "The signature was made with {actual} (PSS salt {}), but the button declares {declared} \
                 (salt {}){}. Set algorithm: '{actual}' in the button's config, or sign with {declared}.",
                actual.salt_len(),
                declared.salt_len(),
                if button.algorithm.is_none_or(|a| a.trim().is_empty()) {
                    " because algorithm was left out (checkout.js then assumes AMZN-PAY-RSASSA-PSS)"
                } else {
                    ""
                },
            ),
        )),
        Err(VerifyError::SignatureEncoding) => Err(signature_error_page(
            config,
            button,
            algorithm,
            "The signature is not valid base64.",
        )),
        Err(_) => {
            // A browser's form post turns every line break into CRLF: a pretty-printed payload
            // signed with LF line breaks can never match. Say so when that is what happened.
            let unix = button.payload.replace("\r\n", "\n");
            let hint = if unix != button.payload
                && verify_payload(key, algorithm, unix.as_bytes(), button.signature).is_ok()
            {
                "The payloadJSON holds line breaks: the browser's form post sends them as CRLF, so the bytes \
                 hashed here differ from the ones you signed. Sign and pass a payload without line breaks."
            } else {
                "The signature does not match: another key signed it, or other bytes were signed than the \
                 payloadJSON given to the button (sign exactly the string you pass)."
            };
            Err(signature_error_page(config, button, algorithm, hint))
        }
    }
}

/// Amazon's `InvalidSignatureError` page: the signature, the string to sign it expected (shown
/// on one line as Amazon does and as its two real lines), and a hint.
fn signature_error_page(
    config: &SandboxConfig,
    button: ButtonSignature<'_>,
    algorithm: Algorithm,
    hint: &str,
) -> PageError {
    let expected = payload_string_to_sign(algorithm, button.payload.as_bytes());
    let one_line = expected.replace('\n', " ");
    let shown_signature: String = button.signature.chars().take(400).collect();
    let message = format!(
        "Signature {shown_signature} does not match signedString {one_line} for merchant {}",
        config.merchant_id
    );
    let details = format!(
        "<h2>Expected string to sign</h2><pre data-testid=\"string-to-sign\">{}</pre>\
         <p data-testid=\"signature-hint\">{}</p>\
         <h2>payloadJSON received ({} bytes)</h2><pre data-testid=\"payload\">{}</pre>",
        escape(&expected),
        escape(hint),
        button.payload.len(),
        escape(button.payload),
    );
    PageError::bad_request("InvalidSignatureError", message).with_details(details)
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
