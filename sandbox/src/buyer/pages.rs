//! The hosted checkout pages a test buyer clicks through: sign in, choose address and payment
//! instrument, change them from the review page (`initiate_auth`), pay at
//! `amazonPayRedirectUrl`, or cancel.
//!
//! Every page is plain HTML with forms posting back to the sandbox; every value is escaped.
//! Elements tests click carry `data-testid`s: `buyer-<buyerId>`, `address-<id>`,
//! `shop-address` (the merchant's address of an Additional Payment Button session, shown, not
//! chosen), `instrument-<id>`, `continue`, `pay`, `cancel`.

use amazon_pay_shared::api::{Address, CheckoutSession, CheckoutSessionState};
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::button::PRODUCT_TYPES;
use super::html::{escape, host_of, page, see_other, see_other_with, url_with_query, PageError};
use super::test_buyers::{buyer_buttons, remember_cookie, remembered_buyer};
use crate::buyers::{test_buyers, TestBuyer};
use crate::state::AppState;
use crate::store::{BuyerRedirect, BuyerSelection};

/// The parameters the checkout pages pass along (query of the GETs, fields of the POSTs).
#[derive(Debug, Default, Deserialize)]
pub struct FlowParams {
    /// The Checkout Session.
    #[serde(rename = "amazonCheckoutSessionId")]
    pub session_id: Option<String>,
    /// The button's product type (PayOnly skips the address).
    #[serde(rename = "productType")]
    pub product_type: Option<String>,
    /// The test buyer who signed in.
    #[serde(rename = "buyerId")]
    pub buyer_id: Option<String>,
    /// The chosen address.
    #[serde(rename = "addressId")]
    pub address_id: Option<String>,
    /// The chosen instrument.
    #[serde(rename = "instrumentId")]
    pub instrument_id: Option<String>,
    /// `changeAddress` or `changePayment` (from `amazon.Pay.bindChangeAction`).
    #[serde(rename = "changeAction")]
    pub change_action: Option<String>,
}

type Params = Result<Query<FlowParams>, QueryRejection>;
type Posted = Result<Form<FlowParams>, FormRejection>;

fn bad_request(code: &str, message: &str) -> PageError {
    PageError::bad_request(code, message)
}

fn from_query(params: Params) -> Result<FlowParams, PageError> {
    params
        .map(|Query(p)| p)
        .map_err(|e| bad_request("InvalidRequest", &e.body_text()))
}

fn from_form(params: Posted) -> Result<FlowParams, PageError> {
    params
        .map(|Form(p)| p)
        .map_err(|e| bad_request("InvalidRequest", &e.body_text()))
}

fn session_id(params: &FlowParams) -> Result<&str, PageError> {
    params
        .session_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| bad_request("MissingParameter", "The amazonCheckoutSessionId is missing."))
}

/// The button's product type: the session's (the sandbox records the button's), else the
/// page parameter, else PayAndShip.
fn product_type(params: &FlowParams, session: &CheckoutSession) -> String {
    session
        .product_type
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .filter(|p| PRODUCT_TYPES.contains(&p.as_str()))
        .or_else(|| {
            params
                .product_type
                .as_deref()
                .filter(|p| PRODUCT_TYPES.contains(p))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "PayAndShip".to_owned())
}

/// Loads a session the buyer may still act on (state `Open`); anything else is an error page.
fn open_session(state: &AppState, id: &str) -> Result<CheckoutSession, PageError> {
    let result = {
        let mut store = state.store();
        store.checkout_session(state.config(), state.clock().now(), id)
    };
    let session = result?;
    if *session.state() == CheckoutSessionState::Open {
        return Ok(session);
    }
    let reason = session
        .status_details
        .reason_code
        .as_ref()
        .map(|r| format!(" (reason {})", r.as_str()))
        .unwrap_or_default();
    Err(PageError::new(
        StatusCode::GONE,
        "CheckoutSessionNotOpen",
        format!(
            "This checkout can no longer be used: the Checkout Session is {}{reason}. Return to the shop and \
             start again.",
            session.state().as_str()
        ),
    ))
}

fn find_buyer(id: Option<&str>) -> Result<TestBuyer, PageError> {
    let id = id.unwrap_or_default();
    test_buyers()
        .into_iter()
        .find(|b| b.buyer_id == id)
        .ok_or_else(|| {
            bad_request(
                "InvalidParameterValue",
                "Unknown test buyer; choose one on the sign-in page.",
            )
        })
}

fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
        escape(name),
        escape(value)
    )
}

fn part(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn address_lines(address: &Address) -> String {
    let joined =
        |parts: &[Option<&str>], sep: &str| parts.iter().flatten().copied().collect::<Vec<_>>().join(sep);
    // The locality line as the country writes it: "Seattle, WA 98109", "〒100-0001 東京都千代田区",
    // "10557 Berlin".
    let locality = match part(&address.country_code) {
        Some("US" | "CA" | "AU") => {
            let region_zip = joined(&[part(&address.state_or_region), part(&address.postal_code)], " ");
            joined(
                &[
                    part(&address.city),
                    Some(region_zip.as_str()).filter(|s| !s.is_empty()),
                ],
                ", ",
            )
        }
        Some("JP") => {
            let postal = part(&address.postal_code).map(|p| format!("〒{p}"));
            let place = [part(&address.state_or_region), part(&address.city)]
                .iter()
                .flatten()
                .copied()
                .collect::<String>();
            joined(
                &[postal.as_deref(), Some(place.as_str()).filter(|s| !s.is_empty())],
                " ",
            )
        }
        _ => joined(
            &[
                part(&address.postal_code),
                part(&address.city),
                part(&address.state_or_region),
            ],
            " ",
        ),
    };
    [
        part(&address.name),
        part(&address.address_line1),
        part(&address.address_line2),
        part(&address.address_line3),
        Some(locality.as_str()).filter(|l| !l.is_empty()),
        part(&address.country_code),
    ]
    .into_iter()
    .flatten()
    .map(escape)
    .collect::<Vec<_>>()
    .join("<br>")
}

fn price_text(price: Option<&amazon_pay_shared::money::Price>) -> Option<String> {
    price.map(|p| format!("{} {}", p.amount, p.currency_code))
}

/// Shop name and amount, as the hosted pages show them.
fn summary(session: &CheckoutSession) -> String {
    let return_host = session.web_checkout_details.as_ref().and_then(|w| {
        [&w.checkout_review_return_url, &w.checkout_result_return_url]
            .into_iter()
            .flatten()
            .next()
            .map(|url| host_of(url).to_owned())
    });
    let store_name = session
        .merchant_metadata
        .as_ref()
        .and_then(|m| m.merchant_store_name.clone())
        .or(return_host)
        .unwrap_or_else(|| "the shop".to_owned());
    let amount = price_text(
        session
            .payment_details
            .as_ref()
            .and_then(|p| p.charge_amount.as_ref()),
    );
    let mut out = format!(
        "<p class=\"muted\">Paying <span class=\"merchant\" data-testid=\"merchant\">{}</span> with Amazon Pay",
        escape(&store_name)
    );
    if let Some(amount) = amount {
        out.push_str(&format!(
            " · <strong data-testid=\"amount\">{}</strong>",
            escape(&amount)
        ));
    }
    out.push_str("</p>");
    out
}

fn cancel_button() -> &'static str {
    "<div class=\"actions\"><button class=\"link\" type=\"submit\" formaction=\"/checkout/cancel\" \
     formnovalidate data-testid=\"cancel\">Cancel and return to the shop</button></div>"
}

fn result_page(
    result: Result<BuyerRedirect, crate::error::ApiError>,
    state: &AppState,
) -> Result<Response, PageError> {
    let redirect = result?;
    let _ = state.persist();
    Ok(see_other(&redirect.url))
}

/// `GET /checkout/signin?amazonCheckoutSessionId=…`: choose the test buyer.
pub async fn signin_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, PageError> {
    let params = from_query(params)?;
    let id = session_id(&params)?;
    let session = open_session(&state, id)?;
    let body = format!(
        "<div class=\"card\"><h1>Sign in</h1>{summary}\
         <form method=\"post\" action=\"/checkout/signin\">{h1}{h2}\
         <h2>Choose a test buyer</h2>{buyers}{cancel}</form></div>",
        summary = summary(&session),
        h1 = hidden("amazonCheckoutSessionId", &session.checkout_session_id),
        h2 = hidden("productType", &product_type(&params, &session)),
        buyers = buyer_buttons(remembered_buyer(&headers).as_deref()),
        cancel = cancel_button(),
    );
    Ok(page(StatusCode::OK, "Sign in", &body))
}

/// `POST /checkout/signin`: remember the buyer and show the chooser.
pub async fn signin_submit(State(state): State<AppState>, params: Posted) -> Result<Response, PageError> {
    let params = from_form(params)?;
    let id = session_id(&params)?;
    let session = open_session(&state, id)?;
    let buyer = find_buyer(params.buyer_id.as_deref())?;
    let url = url_with_query(
        "/checkout/choose",
        &[
            (
                "amazonCheckoutSessionId",
                Some(session.checkout_session_id.as_str()),
            ),
            ("buyerId", Some(buyer.buyer_id.as_str())),
            ("productType", Some(product_type(&params, &session).as_str())),
        ],
    );
    Ok(see_other_with(&url, remember_cookie(&buyer.buyer_id).as_deref()))
}

/// The chooser: addresses (not for PayOnly) and instruments, preselecting the session's
/// current choice, else the buyer's defaults. With the merchant's address (`shop_address`, the
/// Additional Payment Button) the buyer sees it and chooses the payment method only.
fn chooser(
    session: &CheckoutSession,
    buyer: &TestBuyer,
    product_type: &str,
    change_action: Option<&str>,
    shop_address: Option<&Address>,
) -> Response {
    let pay_only = product_type == "PayOnly";
    let current_address = buyer
        .addresses
        .iter()
        .find(|a| session.shipping_address.as_ref() == Some(&a.address))
        .or(buyer.addresses.first())
        .map(|a| a.id.as_str());
    let current_descriptor = session
        .payment_preferences
        .iter()
        .flatten()
        .find_map(|p| p.payment_descriptor.as_deref());
    let current_instrument = buyer
        .instruments
        .iter()
        .find(|i| Some(i.descriptor.as_str()) == current_descriptor)
        .or(buyer.instruments.first())
        .map(|i| i.id.as_str());

    let mut addresses = String::new();
    if let (false, Some(address)) = (pay_only, shop_address) {
        addresses.push_str(&format!(
            "<h2 id=\"address\">Shipping address</h2><p class=\"muted\">Sent by the shop</p>\
             <div class=\"option\" data-testid=\"shop-address\"><span>{lines}</span></div>",
            lines = address_lines(address),
        ));
    } else if !pay_only {
        addresses.push_str("<h2 id=\"address\">Shipping address</h2>");
        for a in &buyer.addresses {
            addresses.push_str(&format!(
                "<label class=\"option\"><input type=\"radio\" name=\"addressId\" value=\"{id}\" \
                 data-testid=\"address-{id}\"{checked} required><span>{lines}</span></label>",
                id = escape(&a.id),
                checked = if Some(a.id.as_str()) == current_address {
                    " checked"
                } else {
                    ""
                },
                lines = address_lines(&a.address),
            ));
        }
    }
    let mut instruments = String::from("<h2 id=\"payment\">Payment method</h2>");
    for i in &buyer.instruments {
        instruments.push_str(&format!(
            "<label class=\"option\"><input type=\"radio\" name=\"instrumentId\" value=\"{id}\" \
             data-testid=\"instrument-{id}\"{checked} required><span>{descriptor}<br>\
             <span class=\"muted\">sandbox behaviour: {behaviour:?}</span></span></label>",
            id = escape(&i.id),
            checked = if Some(i.id.as_str()) == current_instrument {
                " checked"
            } else {
                ""
            },
            descriptor = escape(&i.descriptor),
            behaviour = i.behaviour,
        ));
    }
    let (title, sections) = match change_action {
        Some("changePayment") => ("Change your payment method", format!("{instruments}{addresses}")),
        Some("changeAddress") => (
            "Change your shipping address",
            format!("{addresses}{instruments}"),
        ),
        _ if pay_only => ("Choose your payment method", instruments),
        _ if shop_address.is_some() => ("Choose your payment method", format!("{addresses}{instruments}")),
        _ => (
            "Choose your address and payment method",
            format!("{addresses}{instruments}"),
        ),
    };
    let body = format!(
        "<div class=\"card\"><h1>{title}</h1>{summary}\
         <p>Signed in as <strong data-testid=\"buyer-name\">{name}</strong> <span class=\"muted\">({email})</span></p>\
         <form method=\"post\" action=\"/checkout/choose\">{h1}{h2}{h3}{h4}{sections}\
         <button class=\"primary\" type=\"submit\" data-testid=\"continue\">Continue</button>{cancel}</form></div>",
        title = escape(title),
        summary = summary(session),
        name = escape(&buyer.name),
        email = escape(&buyer.email),
        h1 = hidden("amazonCheckoutSessionId", &session.checkout_session_id),
        h2 = hidden("buyerId", &buyer.buyer_id),
        h3 = hidden("productType", product_type),
        h4 = change_action.map(|c| hidden("changeAction", c)).unwrap_or_default(),
        cancel = cancel_button(),
    );
    page(StatusCode::OK, title, &body)
}

/// `GET /checkout/choose?amazonCheckoutSessionId=…&buyerId=…`.
pub async fn choose_page(State(state): State<AppState>, params: Params) -> Result<Response, PageError> {
    let params = from_query(params)?;
    let id = session_id(&params)?;
    let session = open_session(&state, id)?;
    let buyer = find_buyer(params.buyer_id.as_deref())?;
    let shop_address = state.store().merchant_address(id);
    Ok(chooser(
        &session,
        &buyer,
        &product_type(&params, &session),
        None,
        shop_address.as_ref(),
    ))
}

/// `POST /checkout/choose`: approve the session → review URL (or, one-step, the result URL).
pub async fn choose_submit(State(state): State<AppState>, params: Posted) -> Result<Response, PageError> {
    let params = from_form(params)?;
    let id = session_id(&params)?.to_owned();
    let session = open_session(&state, &id)?;
    let buyer = find_buyer(params.buyer_id.as_deref())?;
    let pay_only = product_type(&params, &session) == "PayOnly";
    // The merchant's address, when it sent one, is the shipping address: nothing to choose.
    let shop_address = state.store().merchant_address(&id).is_some();
    let address_id = if pay_only || shop_address {
        None
    } else {
        match params.address_id.as_deref() {
            Some(a) if buyer.address(a).is_some() => Some(a.to_owned()),
            _ => {
                return Err(bad_request(
                    "InvalidParameterValue",
                    "Choose one of the buyer's addresses.",
                ))
            }
        }
    };
    let instrument_id = match params.instrument_id.as_deref() {
        Some(i) if buyer.instrument(i).is_some() => i.to_owned(),
        _ => {
            return Err(bad_request(
                "InvalidParameterValue",
                "Choose one of the buyer's payment methods.",
            ))
        }
    };
    let selection = BuyerSelection {
        buyer_id: Some(buyer.buyer_id.clone()),
        address_id,
        instrument_id: Some(instrument_id),
    };
    let result = {
        let mut store = state.store();
        store.approve_checkout_session(state.config(), state.clock().now(), &id, selection)
    };
    result_page(result, &state)
}

/// `GET /checkout/initiate_auth?amazonCheckoutSessionId=…&changeAction=…` (bindChangeAction).
pub async fn change_page(State(state): State<AppState>, params: Params) -> Result<Response, PageError> {
    let params = from_query(params)?;
    let id = session_id(&params)?;
    let change_action = params.change_action.as_deref().unwrap_or_default();
    if !["changeAddress", "changePayment"].contains(&change_action) {
        return Err(bad_request(
            "InvalidParameterValue",
            &format!("Invalid changeAction '{change_action}'; use changeAddress or changePayment."),
        ));
    }
    let session = open_session(&state, id)?;
    let product_type = product_type(&params, &session);
    let buyer_id = session.buyer.as_ref().map(|b| b.buyer_id.clone());
    let Some(buyer_id) = buyer_id else {
        // Nobody signed in yet: sign in first.
        return Ok(see_other(&url_with_query(
            "/checkout/signin",
            &[
                (
                    "amazonCheckoutSessionId",
                    Some(session.checkout_session_id.as_str()),
                ),
                ("productType", Some(product_type.as_str())),
            ],
        )));
    };
    let buyer = find_buyer(Some(&buyer_id))?;
    let shop_address = state.store().merchant_address(id);
    Ok(chooser(
        &session,
        &buyer,
        &product_type,
        Some(change_action),
        shop_address.as_ref(),
    ))
}

/// `GET /checkout/pay?amazonCheckoutSessionId=…` (the `amazonPayRedirectUrl`).
pub async fn pay_page(State(state): State<AppState>, params: Params) -> Result<Response, PageError> {
    let params = from_query(params)?;
    let id = session_id(&params)?;
    let session = open_session(&state, id)?;
    if session.has_constraints() {
        let ids = session
            .constraint_ids()
            .map(|c| escape(c.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(PageError::new(
            StatusCode::CONFLICT,
            "CheckoutSessionNotReady",
            "The shop sent you here before the checkout was complete: call Update Checkout Session first.",
        )
        .with_details(format!(
            "<p>Open constraints: <span data-testid=\"constraints\">{ids}</span></p>"
        )));
    }
    let amount = price_text(
        session
            .payment_details
            .as_ref()
            .and_then(|p| p.charge_amount.as_ref()),
    )
    .unwrap_or_else(|| "—".to_owned());
    let buyer = session
        .buyer
        .as_ref()
        .and_then(|b| b.name.clone())
        .unwrap_or_default();
    let descriptor = session
        .payment_preferences
        .iter()
        .flatten()
        .find_map(|p| p.payment_descriptor.clone())
        .unwrap_or_default();
    let address = session
        .shipping_address
        .as_ref()
        .map(|a| {
            format!(
                "<dt>Ship to</dt><dd data-testid=\"ship-to\">{}</dd>",
                address_lines(a)
            )
        })
        .unwrap_or_default();
    let order = session
        .merchant_metadata
        .as_ref()
        .and_then(|m| m.merchant_reference_id.as_deref())
        .map(|r| format!("<dt>Order</dt><dd>{}</dd>", escape(r)))
        .unwrap_or_default();
    let body = format!(
        "<div class=\"card\"><h1>Confirm your payment</h1>{summary}\
         <p class=\"amount\" data-testid=\"pay-amount\">{amount}</p>\
         <dl><dt>Buyer</dt><dd>{buyer}</dd><dt>Pay with</dt><dd data-testid=\"pay-with\">{descriptor}</dd>{address}{order}</dl>\
         <form method=\"post\" action=\"/checkout/pay\">{h1}\
         <button class=\"primary\" type=\"submit\" data-testid=\"pay\">Pay {amount}</button>{cancel}</form></div>",
        summary = summary(&session),
        amount = escape(&amount),
        buyer = escape(&buyer),
        descriptor = escape(&descriptor),
        h1 = hidden("amazonCheckoutSessionId", &session.checkout_session_id),
        cancel = cancel_button(),
    );
    Ok(page(StatusCode::OK, "Confirm your payment", &body))
}

/// `POST /checkout/pay`: run the payment → result URL.
pub async fn pay_submit(State(state): State<AppState>, params: Posted) -> Result<Response, PageError> {
    let params = from_form(params)?;
    let id = session_id(&params)?.to_owned();
    let result = {
        let mut store = state.store();
        store.pay_checkout_session(state.config(), state.clock().now(), &id)
    };
    result_page(result, &state)
}

/// `POST /checkout/cancel`: the buyer cancels → the shop's cancel URL.
pub async fn cancel_submit(State(state): State<AppState>, params: Posted) -> Result<Response, PageError> {
    let params = from_form(params)?;
    let id = session_id(&params)?.to_owned();
    let result = {
        let mut store = state.store();
        store.cancel_checkout_session_by_buyer(state.config(), state.clock().now(), &id)
    };
    result_page(result, &state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(country: &str, city: &str, region: Option<&str>, postal: &str) -> Address {
        Address {
            name: Some("<b>Name</b>".into()),
            address_line1: Some("Line 1".into()),
            city: Some(city.into()),
            state_or_region: region.map(Into::into),
            postal_code: Some(postal.into()),
            country_code: Some(country.into()),
            ..Address::default()
        }
    }

    #[test]
    fn addresses_are_escaped_and_formatted_per_country() {
        let us = address_lines(&address("US", "Seattle", Some("WA"), "98109"));
        assert_eq!(us, "&lt;b&gt;Name&lt;/b&gt;<br>Line 1<br>Seattle, WA 98109<br>US");
        let jp = address_lines(&address("JP", "千代田区", Some("東京都"), "100-0001"));
        assert!(jp.contains("〒100-0001 東京都千代田区"), "{jp}");
        let de = address_lines(&address("DE", "Berlin", None, "10557"));
        assert!(de.contains("<br>10557 Berlin<br>DE"), "{de}");
    }
}
