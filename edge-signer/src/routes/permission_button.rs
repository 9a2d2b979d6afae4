//! `POST /v1/permission-button`: the signed button for keeping the buyer's payment method — a
//! recurring subscription (`chargePermissionType: Recurring` with `recurringMetadata`) or a
//! payment method on file, in the three flows of Amazon's guide:
//!
//! | body | flow | payload |
//! |---|---|---|
//! | `{kind: "Recurring", frequencyUnit, frequencyValue, cart \| cartToken}` | subscription with its first payment, review page | review payload + `Recurring` + frequency; the amount at place-order |
//! | `{kind: "PaymentMethodOnFile", cart \| cartToken}` | setup during checkout, review page | review payload + `PaymentMethodOnFile`; the amount at place-order |
//! | `{kind: "PaymentMethodOnFile", setupOnly: true}` | setup only: nothing charged | one-step (`ProcessOrder`), `paymentIntent: Confirm`, `setupOnly` |
//! | `{kind, …, address, cart \| cartToken}` | Additional Payment Button: the shop already has the address | one-step (`ProcessOrder`) with `addressDetails` and the amount |
//!
//! The amount still comes from the catalog or a cart token only; store id, URLs, scopes and
//! intent from the configuration. The answer is `/v1/button`'s.

use amazon_pay_shared::api::{
    AddressDetails, ChargePermissionType, CheckoutMode, CreateCheckoutSessionRequest, FrequencyInput,
    FrequencyUnit, MerchantMetadataInput, NumberText, PaymentDetailsInput, PaymentIntent,
    PaymentMethodOnFileMetadataInput, RecurringMetadataInput, WebCheckoutDetailsInput,
};
use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::payload::{review_payload, to_payload_json};
use amazon_pay_shared::wire::{ButtonResponse, ErrorCode};
use serde::Deserialize;
use worker::Request;

use crate::amounts;
use crate::config::{Config, PLACEMENTS};
use crate::error::{ApiError, ApiResult};
use crate::http::{browser_json, Reply};
use crate::sign::{sign_payload_json, Signing};

/// The body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PermissionButtonRequest {
    kind: String,
    placement: String,
    #[serde(default)]
    setup_only: bool,
    #[serde(default)]
    frequency_unit: Option<String>,
    #[serde(default)]
    frequency_value: Option<String>,
    #[serde(default)]
    cart: Option<Vec<CartLine>>,
    #[serde(default)]
    cart_token: Option<String>,
    #[serde(default)]
    address: Option<AddressDetails>,
}

fn invalid(message: &str) -> ApiError {
    ApiError::new(ErrorCode::OptionInvalid, message)
}

fn frequency(body: &PermissionButtonRequest) -> ApiResult<Option<RecurringMetadataInput>> {
    let (Some(unit), Some(value)) = (&body.frequency_unit, &body.frequency_value) else {
        if body.frequency_unit.is_some() || body.frequency_value.is_some() {
            return Err(invalid("give both frequencyUnit and frequencyValue"));
        }
        return Ok(None);
    };
    let unit = FrequencyUnit::from(unit.as_str());
    if !unit.is_known() {
        return Err(invalid(
            "frequencyUnit must be Year, Month, Week, Day or Variable",
        ));
    }
    let ok =
        !value.is_empty() && value.len() <= 3 && value.bytes().all(|b| b.is_ascii_digit()) && value != "0";
    if !ok {
        return Err(invalid("frequencyValue must be a whole number from 1 to 999"));
    }
    Ok(Some(RecurringMetadataInput {
        frequency: Some(FrequencyInput {
            unit: Some(unit),
            value: Some(NumberText::from(value.as_str())),
        }),
        amount: None,
    }))
}

/// Signs the button payload for a recurring or payment-method-on-file checkout.
pub async fn permission_button(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let body: PermissionButtonRequest = browser_json(req, false).await?;
    if !PLACEMENTS.contains(&body.placement.as_str()) {
        return Err(invalid(
            "placement must be Home, Product, Cart, Checkout or Other",
        ));
    }
    let kind = match body.kind.as_str() {
        "Recurring" => ChargePermissionType::Recurring,
        "PaymentMethodOnFile" => ChargePermissionType::PaymentMethodOnFile,
        _ => return Err(invalid("kind must be Recurring or PaymentMethodOnFile")),
    };
    let recurring = frequency(&body)?;
    if (kind == ChargePermissionType::Recurring) != recurring.is_some() {
        return Err(invalid(
            "a Recurring button needs frequencyUnit and frequencyValue, and only it takes them",
        ));
    }
    let settings = &config.checkout;
    let mut payload: CreateCheckoutSessionRequest = review_payload(settings)?;
    let (product_type, estimated) = if body.setup_only {
        if kind != ChargePermissionType::PaymentMethodOnFile || body.address.is_some() {
            return Err(invalid(
                "setupOnly is for a PaymentMethodOnFile button without an address",
            ));
        }
        if body.cart.is_some() || body.cart_token.is_some() {
            return Err(ApiError::new(
                ErrorCode::CartSourceInvalid,
                "a setup-only button charges nothing: send no cart",
            ));
        }
        payload.web_checkout_details = Some(WebCheckoutDetailsInput {
            checkout_result_return_url: Some(settings.result_return_url.clone()),
            checkout_cancel_url: settings.cancel_url.clone(),
            checkout_mode: Some(CheckoutMode::ProcessOrder),
            ..Default::default()
        });
        payload.payment_details = Some(PaymentDetailsInput {
            payment_intent: Some(PaymentIntent::Confirm),
            ..Default::default()
        });
        payload.payment_method_on_file_metadata = Some(PaymentMethodOnFileMetadataInput {
            setup_only: Some(true),
        });
        let zero = amazon_pay_shared::money::Money::zero(config.ledger_currency);
        ("PayOnly", zero)
    } else {
        let trusted = amounts::resolve(config, body.cart.as_deref(), body.cart_token.as_deref(), None)?;
        if let Some(address) = &body.address {
            // The Additional Payment Button: the shop passes the address, the buyer pays at once.
            payload.web_checkout_details = Some(WebCheckoutDetailsInput {
                checkout_result_return_url: Some(settings.result_return_url.clone()),
                checkout_cancel_url: settings.cancel_url.clone(),
                checkout_mode: Some(CheckoutMode::ProcessOrder),
                ..Default::default()
            });
            payload.address_details = Some(address.clone());
            payload.payment_details = Some(PaymentDetailsInput {
                payment_intent: Some(config.payment_intent.clone()),
                can_handle_pending_authorization: Some(config.pending_authorization),
                charge_amount: Some(trusted.amount.to_price()),
                ..Default::default()
            });
            if let Some(reference) = &trusted.reference {
                payload.merchant_metadata = Some(MerchantMetadataInput {
                    merchant_reference_id: Some(reference.clone()),
                    merchant_store_name: settings.store_name.clone(),
                    ..Default::default()
                });
            }
        }
        ("PayAndShip", trusted.amount)
    };
    payload.charge_permission_type = Some(kind);
    payload.recurring_metadata = recurring;
    payload
        .validate()
        .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.to_string()))?;
    let signed = sign_payload_json(config, to_payload_json(&payload), Signing::Reuse).await?;
    Reply::ok(&ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: estimated.to_price(),
        product_type: product_type.to_owned(),
        placement: body.placement,
    })
}
