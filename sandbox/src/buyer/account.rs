//! The stand-in for Amazon's page where a buyer changes the payment method of a recurring (or
//! saved-wallet) charge permission, `/jr/your-account/ba/{chargePermissionId}`: Amazon sends a
//! buyer there when a recurring charge is hard declined, and the merchant links it
//! (`updatePaymentMethodUrl`). The page shows the permission's state and payment method and
//! offers the test buyer's instruments (every test buyer's when the permission names none);
//! choosing one does what `POST /_sandbox/chargePermissions/{id}/paymentMethod` does (a
//! `NonChargeable` permission is `Chargeable` again, and the notification follows).
//!
//! `data-testid`s: `charge-permission-id`, `permission-state`, `payment-method`,
//! `instrument-<id>`, `continue`, `updated`.

use amazon_pay_shared::api::ChargePermission;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::html::{escape, page, PageError};
use crate::buyers::{test_buyers, TestInstrument};
use crate::state::AppState;

/// The page's form.
#[derive(Debug, Default, Deserialize)]
pub struct AccountForm {
    /// The instrument chosen.
    #[serde(rename = "instrumentId")]
    pub instrument_id: Option<String>,
}

/// The instruments the page offers: the permission's buyer's, else every test buyer's.
fn instruments_for(permission: &ChargePermission) -> Vec<TestInstrument> {
    let buyer_id = permission.buyer.as_ref().map(|b| b.buyer_id.as_str());
    let buyers = test_buyers();
    let own: Vec<TestInstrument> = buyers
        .iter()
        .filter(|b| Some(b.buyer_id.as_str()) == buyer_id)
        .flat_map(|b| b.instruments.clone())
        .collect();
    if own.is_empty() {
        buyers.into_iter().flat_map(|b| b.instruments).collect()
    } else {
        own
    }
}

fn descriptor(permission: &ChargePermission) -> String {
    permission
        .payment_preferences
        .iter()
        .flatten()
        .find_map(|p| p.payment_descriptor.clone())
        .unwrap_or_default()
}

fn summary(permission: &ChargePermission) -> String {
    let store = permission
        .merchant_metadata
        .as_ref()
        .and_then(|m| m.merchant_store_name.clone())
        .unwrap_or_default();
    format!(
        "<dl><dt>Merchant</dt><dd class=\"merchant\">{store}</dd>\
         <dt>Agreement</dt><dd data-testid=\"charge-permission-id\">{id}</dd>\
         <dt>Status</dt><dd data-testid=\"permission-state\">{state}</dd>\
         <dt>Payment method</dt><dd data-testid=\"payment-method\">{method}</dd></dl>",
        store = escape(&store),
        id = escape(&permission.charge_permission_id),
        state = escape(permission.state().as_str()),
        method = escape(&descriptor(permission)),
    )
}

/// `GET /jr/your-account/ba/{id}`: the permission and the instruments to choose from.
pub async fn account_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let now = state.clock().now();
    let permission = state.store().charge_permission(state.config(), now, &id)?;
    let current = descriptor(&permission);
    let options: String = instruments_for(&permission)
        .iter()
        .map(|i| {
            format!(
                "<label class=\"option\"><input type=\"radio\" name=\"instrumentId\" value=\"{id}\" \
                 data-testid=\"instrument-{id}\"{checked}><span>{descriptor}</span></label>",
                id = escape(&i.id),
                descriptor = escape(&i.descriptor),
                checked = if i.descriptor == current { " checked" } else { "" },
            )
        })
        .collect();
    let body = format!(
        "<div class=\"card\"><h1>Your subscription's payment method</h1>\
         <p class=\"muted\">The merchant charges this agreement on its schedule with the payment method you choose here.</p>\
         {summary}<form method=\"post\"><h2>Choose a payment method</h2>{options}\
         <button class=\"primary\" type=\"submit\" data-testid=\"continue\">Use this payment method</button></form></div>",
        summary = summary(&permission),
    );
    Ok(page(StatusCode::OK, "Your payment method", &body))
}

/// `POST /jr/your-account/ba/{id}` `instrumentId=…`: the buyer's choice, as the control route
/// makes it; then the permission as it is now.
pub async fn account_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Result<Form<AccountForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|e| PageError::bad_request("InvalidRequest", e.body_text()))?;
    let instrument = form
        .instrument_id
        .filter(|i| !i.trim().is_empty())
        .ok_or_else(|| PageError::bad_request("MissingParameter", "Choose a payment method."))?;
    let now = state.clock().now();
    let permission = state
        .store()
        .change_payment_method(state.config(), now, &id, &instrument)?;
    if let Err(e) = state.persist() {
        eprintln!("amazon-pay-sandbox: cannot write state file: {e}");
    }
    let body = format!(
        "<div class=\"card\" data-testid=\"updated\"><h1>Payment method updated</h1>\
         <p class=\"muted\">The merchant's next charge of this agreement uses it. You can close this page.</p>{}</div>",
        summary(&permission),
    );
    Ok(page(StatusCode::OK, "Payment method updated", &body))
}
