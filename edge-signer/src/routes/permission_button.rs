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
//! `amazon_pay_shared::payload::permission_payload` ([`crate::services::buttons`]). The amount still comes from the catalog
//! or a cart token only; store id, URLs, scopes and intent from the configuration. The answer
//! is `/v1/button`'s.

use amazon_pay_shared::permission_button::PermissionButtonRequest;
use worker::Request;

use crate::config::Config;
use crate::error::ApiResult;
use crate::http::{binding_secret, browser_json, Reply};
use crate::services::bound_session::click_hash;
use crate::services::buttons;

/// Signs the button payload for a recurring, payment-method-on-file or one-time Additional
/// Payment Button checkout.
pub async fn permission_button(req: &mut Request, config: &Config) -> ApiResult<Reply> {
    let secret = binding_secret(req);
    let mut body: PermissionButtonRequest = browser_json(req, false).await?;
    body.binding_hash = click_hash(secret.as_deref(), body.binding_hash.take())?;
    Reply::ok(&buttons::permission(config, body).await?)
}
