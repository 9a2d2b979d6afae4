//! Amazon Sign-in (`productType: 'SignIn'`): the buyer picks a test buyer and returns to
//! `signInReturnUrl?buyerToken=…`; plus `GET /checkout/signout`, which forgets the buyer the
//! cookie of [`super::test_buyers`] remembers.
//!
//! No server state is kept for a sign-in: the signed button config travels with the pages and
//! is verified again on every step, so a page URL cannot be edited into another return URL.

use amazon_pay_shared::api::SignInPayload;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, ORIGIN, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::button::{verify_button, ButtonSignature};
use super::html::{append_query, escape, host_of, page, see_other_with, url_with_query, PageError};
use super::test_buyers::{buyer_buttons, remember_cookie, remembered_buyer};
use crate::config::SandboxConfig;
use crate::state::AppState;

/// Checks a parsed Sign-in payload: field rules and the sandbox's store id.
pub fn check_payload(config: &SandboxConfig, payload: &SignInPayload) -> Result<(), PageError> {
    if let Err(e) = payload.validate() {
        return Err(PageError::bad_request(
            "InvalidParameterValue",
            format!("The Sign-in payloadJSON is invalid: {e}"),
        ));
    }
    if payload.store_id != config.store_id {
        return Err(PageError::bad_request(
            "InvalidParameterValue",
            format!(
                "The storeId {} is not this sandbox's store ({}); start it with --store-id.",
                payload.store_id, config.store_id
            ),
        ));
    }
    Ok(())
}

/// The hosted Sign-in page URL for a verified button config.
pub fn page_url(button: ButtonSignature<'_>) -> String {
    url_with_query(
        "/checkout/amazon-signin",
        &[
            ("payloadJSON", Some(button.payload)),
            ("signature", Some(button.signature)),
            ("publicKeyId", Some(button.public_key_id)),
            ("algorithm", button.algorithm.filter(|a| !a.is_empty())),
        ],
    )
}

/// The signed config carried by the Sign-in pages (query of the GET, fields of the POST).
#[derive(Debug, Default, Deserialize)]
pub struct SignInCarry {
    /// The payload, exactly as signed.
    #[serde(rename = "payloadJSON")]
    pub payload_json: Option<String>,
    /// The button signature.
    pub signature: Option<String>,
    /// The public key id.
    #[serde(rename = "publicKeyId")]
    pub public_key_id: Option<String>,
    /// The declared algorithm.
    pub algorithm: Option<String>,
    /// The chosen buyer (POST only).
    #[serde(rename = "buyerId")]
    pub buyer_id: Option<String>,
    /// `cancel` when the buyer cancels (POST only).
    pub action: Option<String>,
}

/// Verifies the carried config again and parses the payload.
fn reverify<'a>(
    config: &SandboxConfig,
    carry: &'a SignInCarry,
) -> Result<(ButtonSignature<'a>, SignInPayload), PageError> {
    let (Some(payload), Some(signature), Some(public_key_id)) = (
        carry.payload_json.as_deref(),
        carry.signature.as_deref(),
        carry.public_key_id.as_deref(),
    ) else {
        return Err(PageError::bad_request(
            "MissingParameter",
            "This sign-in page was opened without its signed button config; start again from the shop's \
             Sign in button.",
        ));
    };
    let button = ButtonSignature {
        payload,
        signature,
        public_key_id,
        algorithm: carry.algorithm.as_deref(),
    };
    verify_button(config, button)?;
    let parsed: SignInPayload = serde_json::from_str(payload).map_err(|e| {
        PageError::bad_request(
            "InvalidParameterValue",
            format!("The payloadJSON is not a valid Sign-in payload: {e}"),
        )
    })?;
    check_payload(config, &parsed)?;
    Ok((button, parsed))
}

fn hidden(name: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        ),
        None => String::new(),
    }
}

/// `GET /checkout/amazon-signin`: choose the test buyer to sign in as.
pub async fn signin_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<SignInCarry>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(carry) = query.map_err(|e| PageError::bad_request("InvalidRequest", e.body_text()))?;
    let (button, payload) = reverify(state.config(), &carry)?;
    let scopes = payload
        .sign_in_scopes
        .as_ref()
        .map(|s| {
            s.iter()
                .map(|s| s.as_str().to_owned())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "name, email".to_owned());
    let cancel = if payload.sign_in_cancel_url.is_some() {
        "<div class=\"actions\"><button class=\"link\" type=\"submit\" name=\"action\" value=\"cancel\" \
         data-testid=\"cancel\" formnovalidate>Cancel and return to the shop</button></div>"
    } else {
        ""
    };
    let body = format!(
        "<div class=\"card\"><h1>Sign in</h1>\
         <p><span class=\"merchant\" data-testid=\"merchant\">{shop}</span> asks to use your Amazon account \
         to sign you in. It will receive: <span data-testid=\"scopes\">{scopes}</span>.</p>\
         <form method=\"post\" action=\"/checkout/amazon-signin\">{h1}{h2}{h3}{h4}\
         <h2>Choose a test buyer</h2>{buyers}{cancel}</form></div>",
        shop = escape(host_of(&payload.sign_in_return_url)),
        scopes = escape(&scopes),
        h1 = hidden("payloadJSON", Some(button.payload)),
        h2 = hidden("signature", Some(button.signature)),
        h3 = hidden("publicKeyId", Some(button.public_key_id)),
        h4 = hidden("algorithm", button.algorithm),
        buyers = buyer_buttons(remembered_buyer(&headers).as_deref()),
    );
    Ok(page(StatusCode::OK, "Sign in with Amazon", &body))
}

/// `POST /checkout/amazon-signin`: sign in (→ `signInReturnUrl?buyerToken=…`) or cancel.
pub async fn signin_submit(
    State(state): State<AppState>,
    form: Result<Form<SignInCarry>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(carry) = form.map_err(|e| PageError::bad_request("InvalidRequest", e.body_text()))?;
    let config = state.config();
    let (_, payload) = reverify(config, &carry)?;
    if carry.action.as_deref() == Some("cancel") {
        let url = payload.sign_in_cancel_url.as_deref().ok_or_else(|| {
            PageError::bad_request(
                "MissingParameter",
                "The Sign-in payload has no signInCancelUrl to return to.",
            )
        })?;
        return Ok(see_other_with(url, None));
    }
    let buyer_id = carry
        .buyer_id
        .as_deref()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| PageError::bad_request("MissingParameter", "Choose a buyer to sign in as."))?;
    let token = {
        let mut store = state.store();
        let scopes = payload
            .sign_in_scopes
            .as_deref()
            .unwrap_or(&crate::buyers::DEFAULT_SIGN_IN_SCOPES);
        store.sign_in(config, state.clock().now(), buyer_id, scopes)
    }?;
    let _ = state.persist();
    Ok(see_other_with(
        &append_query(&payload.sign_in_return_url, "buyerToken", &token),
        remember_cookie(buyer_id).as_deref(),
    ))
}

/// `GET /checkout/signout`: forgets the remembered buyer. Answers cross-origin `fetch`es
/// with credentials from the shop's page (checkout.js `amazon.Pay.signout`).
pub async fn signout(headers: HeaderMap) -> Response {
    let mut response = axum::Json(serde_json::json!({"signedOut": true})).into_response();
    let out = response.headers_mut();
    out.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out.insert(
        SET_COOKIE,
        HeaderValue::from_static("amazon-pay-sandbox-buyer=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
    );
    out.insert(VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = headers.get(ORIGIN) {
        out.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        out.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    }
    response
}
