//! `POST /v1/permission-button`: the signed button for keeping the buyer's payment method — a
//! recurring subscription (`chargePermissionType: Recurring` with `recurringMetadata`) or a
//! payment method on file, in the three flows of Amazon's guide — and the Additional Payment
//! Button for one payment:
//!
//! | body | flow | payload |
//! |---|---|---|
//! | `{kind: "Recurring", frequencyUnit, frequencyValue, cart \| cartToken}` | subscription with its first payment, review page | review payload + `Recurring` + frequency; the amount at place-order |
//! | `{kind: "PaymentMethodOnFile", cart \| cartToken}` | setup during checkout, review page | review payload + `PaymentMethodOnFile`; the amount at place-order |
//! | `{kind: "PaymentMethodOnFile", setupOnly: true}` | setup only: nothing charged | one-step (`ProcessOrder`), `paymentIntent: Confirm`, `setupOnly` |
//! | `{kind, …, address, cart \| cartToken}` | Additional Payment Button: the shop already has the address | one-step (`ProcessOrder`) with `addressDetails` and the amount |
//! | `{kind: "OneTime", address, cart \| cartToken}` | the same for one payment only (nothing kept) | as above, `chargePermissionType: OneTime` |
//!
//! The body is checked in `amazon_pay_shared::permission_button` and the payload built by
//! `amazon_pay_shared::payload::permission_payload`. The amount still comes from the catalog
//! or a cart token only; store id, URLs, scopes and intent from the configuration. The answer
//! is `/v1/button`'s.

use amazon_pay_shared::money::Money;
use amazon_pay_shared::payload::{permission_payload, to_payload_json};
use amazon_pay_shared::permission_button::{PermissionButtonRequest, PermissionFlow};
use amazon_pay_shared::wire::ButtonResponse;
use worker::Request;

use crate::amounts;
use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{browser_json, Reply};
use crate::sign::{sign_payload_json, Signing};

/// Signs the button payload for a recurring, payment-method-on-file or one-time Additional
/// Payment Button checkout.
pub async fn permission_button(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let body: PermissionButtonRequest = browser_json(req, false).await?;
    let plan = body.plan()?;
    let trusted = if plan.charges() {
        Some(amounts::resolve(
            config,
            body.cart.as_deref(),
            body.cart_token.as_deref(),
            None,
        )?)
    } else {
        None
    };
    // Only the Additional Payment Button takes its payment with the button.
    let payment = match (&plan.flow, &trusted) {
        (PermissionFlow::AdditionalPaymentButton(_), Some(t)) => {
            Some(config.payment(t.amount, t.reference.clone()))
        }
        _ => None,
    };
    let payload = permission_payload(&config.checkout, &plan, payment.as_ref())?;
    let estimated = trusted.map_or(Money::zero(config.ledger_currency), |t| t.amount);
    let signed = sign_payload_json(config, to_payload_json(&payload), Signing::Reuse).await?;
    Reply::ok(&ButtonResponse {
        create_checkout_session_config: signed,
        estimated_order_amount: estimated.to_price(),
        product_type: plan.product_type().into(),
        placement: body.placement.into(),
    })
}
