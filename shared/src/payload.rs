//! Builders for what the merchant signs or sends: the button's create-checkout-session
//! payload (review flow and one-step `ProcessOrder` flow, and the recurring and
//! payment-method-on-file buttons), the sign-in payload, and the place-order update of a
//! checkout session.
//!
//! Every builder validates before it returns: URLs (absolute `https`, or `http` in the sandbox
//! only; no credentials, fragment, whitespace or control characters; at most 512 characters),
//! store id, scopes, lengths, and the fields each flow requires. What comes out serializes
//! (with [`to_payload_json`]) to the exact string the button signs.

use serde::Serialize;

use crate::api::{
    AddressDetails, ApiFieldError, CheckoutMode, CreateCheckoutSessionRequest, MerchantMetadataInput,
    PaymentDetailsInput, PaymentIntent, PaymentMethodOnFileMetadataInput, ProductType, Scope, SignInPayload,
    UpdateCheckoutSessionRequest, WebCheckoutDetailsInput,
};
use crate::error_code::ErrorCode;
use crate::money::Money;
use crate::permission_button::{PermissionFlow, PermissionPlan};

/// The longest URL Amazon accepts in a payload.
pub const MAX_URL_LEN: usize = 512;
/// The longest store name (`merchantMetadata.merchantStoreName`).
pub const MAX_STORE_NAME_LEN: usize = 50;

/// Why a payload could not be built. [`PayloadError::code`] and [`PayloadError::detail_code`]
/// are stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// A URL is not an absolute http(s) URL without credentials or fragment.
    #[error("{field} is not an acceptable URL: {reason}")]
    InvalidUrl {
        /// Which setting.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// An `http:` URL with a live key.
    #[error("{field} must use https with a live key")]
    InsecureUrl {
        /// Which setting.
        field: &'static str,
    },
    /// The store id is not `amzn1.application-oa2-client.…`.
    #[error("storeId must be a Login with Amazon client id (amzn1.application-oa2-client.…)")]
    InvalidStoreId,
    /// A flow that needs a field did not get it, or got one it cannot take.
    #[error("{0}")]
    Flow(&'static str),
    /// A field the API model refuses.
    #[error(transparent)]
    Field(#[from] ApiFieldError),
}

impl PayloadError {
    /// The code the edge signer answers this error with: `INTERNAL` for every variant, as a
    /// payload is built from the merchant's configuration and from input the signer checked
    /// before, so a refusal here is never the buyer's to fix.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::Internal
    }

    /// The finer stable code, for logs: `PAYLOAD_URL_INVALID`, `PAYLOAD_URL_NOT_HTTPS`,
    /// `PAYLOAD_STORE_ID_INVALID`, `PAYLOAD_FLOW_INVALID`, or the field error's own
    /// ([`ApiFieldError::code`]).
    pub fn detail_code(&self) -> &'static str {
        match self {
            PayloadError::InvalidUrl { .. } => "PAYLOAD_URL_INVALID",
            PayloadError::InsecureUrl { .. } => "PAYLOAD_URL_NOT_HTTPS",
            PayloadError::InvalidStoreId => "PAYLOAD_STORE_ID_INVALID",
            PayloadError::Flow(_) => "PAYLOAD_FLOW_INVALID",
            PayloadError::Field(e) => e.code(),
        }
    }
}

/// Checks a return or cancel URL. `live` demands `https`.
pub fn validate_url(field: &'static str, url: &str, live: bool) -> Result<(), PayloadError> {
    let invalid = |reason| Err(PayloadError::InvalidUrl { field, reason });
    if url.len() > MAX_URL_LEN {
        return invalid("longer than 512 characters");
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return invalid("contains whitespace or control characters");
    }
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => return invalid("not absolute"),
    };
    let secure = match scheme {
        "https" => true,
        "http" => false,
        _ => return invalid("scheme is not http or https"),
    };
    if url.contains('#') {
        return invalid("has a fragment");
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return invalid("contains credentials");
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !h.ends_with(']') || authority.starts_with('[') => {
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.len() > 5 {
                return invalid("has an invalid port");
            }
            h
        }
        _ => authority,
    };
    if host.is_empty() || host.starts_with('.') || host.ends_with('.') {
        return invalid("has no host");
    }
    let host_ok = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'));
    if !host_ok {
        return invalid("host has invalid characters");
    }
    if live && !secure {
        return Err(PayloadError::InsecureUrl { field });
    }
    Ok(())
}

/// Checks a store id: `amzn1.application-oa2-client.` followed by 1 to 64 letters or digits.
pub fn validate_store_id(store_id: &str) -> Result<(), PayloadError> {
    let rest = store_id
        .strip_prefix("amzn1.application-oa2-client.")
        .ok_or(PayloadError::InvalidStoreId)?;
    let ok = !rest.is_empty() && rest.len() <= 64 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(()).ok_or(PayloadError::InvalidStoreId)
}

/// The merchant's fixed settings that go into every checkout payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSettings {
    /// The Login with Amazon client id.
    pub store_id: String,
    /// `checkoutReviewReturnUrl` (review flow).
    pub review_return_url: String,
    /// `checkoutResultReturnUrl` (one-step flow, and place-order).
    pub result_return_url: String,
    /// `checkoutCancelUrl`, if any.
    pub cancel_url: Option<String>,
    /// Buyer data to request.
    pub scopes: Vec<Scope>,
    /// `merchantStoreName`, if any (≤ 50).
    pub store_name: Option<String>,
    /// True with a live key: URLs must be https.
    pub live: bool,
}

impl CheckoutSettings {
    /// Checks every setting once (at configuration time).
    pub fn validate(&self) -> Result<(), PayloadError> {
        validate_store_id(&self.store_id)?;
        validate_url("checkoutReviewReturnUrl", &self.review_return_url, self.live)?;
        validate_url("checkoutResultReturnUrl", &self.result_return_url, self.live)?;
        if let Some(c) = &self.cancel_url {
            validate_url("checkoutCancelUrl", c, self.live)?;
        }
        if let Some(name) = &self.store_name {
            let n = name.chars().count();
            if n == 0 || n > MAX_STORE_NAME_LEN {
                return Err(PayloadError::Flow("merchantStoreName must be 1 to 50 characters"));
            }
        }
        if self.scopes.iter().any(|s| !crate::api::OpenEnum::is_known(s)) {
            return Err(PayloadError::Flow("unknown scope"));
        }
        Ok(())
    }

    fn merchant_metadata(&self, reference: Option<&str>) -> Option<MerchantMetadataInput> {
        if reference.is_none() && self.store_name.is_none() {
            return None;
        }
        Some(MerchantMetadataInput {
            merchant_reference_id: reference.map(str::to_owned),
            merchant_store_name: self.store_name.clone(),
            ..Default::default()
        })
    }
}

/// How the buyer's order is paid once Amazon has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The amount.
    pub amount: Money,
    /// `Authorize` or `AuthorizeWithCapture`.
    pub intent: PaymentIntent,
    /// `merchantReferenceId`.
    pub reference: Option<String>,
    /// `canHandlePendingAuthorization`: the merchant accepts an authorization that Amazon
    /// decides later (the charge stays `AuthorizationInitiated` until then). `Authorize` only:
    /// Amazon refuses it with `AuthorizeWithCapture`.
    pub can_handle_pending_authorization: bool,
}

impl Payment {
    fn details(&self) -> Result<PaymentDetailsInput, PayloadError> {
        if !matches!(
            self.intent,
            PaymentIntent::Authorize | PaymentIntent::AuthorizeWithCapture
        ) {
            return Err(PayloadError::Flow(
                "paymentIntent must be Authorize or AuthorizeWithCapture",
            ));
        }
        if self.can_handle_pending_authorization && self.intent != PaymentIntent::Authorize {
            return Err(PayloadError::Flow(
                "canHandlePendingAuthorization needs paymentIntent Authorize",
            ));
        }
        self.amount
            .ensure_chargeable()
            .map_err(|source| ApiFieldError::InvalidPrice {
                field: "paymentDetails.chargeAmount".into(),
                source,
            })?;
        Ok(PaymentDetailsInput {
            payment_intent: Some(self.intent.clone()),
            can_handle_pending_authorization: Some(self.can_handle_pending_authorization),
            charge_amount: Some(self.amount.to_price()),
            ..Default::default()
        })
    }
}

/// The review-flow button payload: store id, review return URL, cancel URL, scopes and store
/// name; the amount is set later by [`place_order_update`].
pub fn review_payload(settings: &CheckoutSettings) -> Result<CreateCheckoutSessionRequest, PayloadError> {
    settings.validate()?;
    let request = CreateCheckoutSessionRequest {
        store_id: settings.store_id.clone(),
        web_checkout_details: Some(WebCheckoutDetailsInput {
            checkout_review_return_url: Some(settings.review_return_url.clone()),
            checkout_cancel_url: settings.cancel_url.clone(),
            ..Default::default()
        }),
        scopes: (!settings.scopes.is_empty()).then(|| settings.scopes.clone()),
        merchant_metadata: settings.merchant_metadata(None),
        ..Default::default()
    };
    request.validate()?;
    Ok(request)
}

/// `webCheckoutDetails` of a one-step checkout: Amazon's page pays straight after the click
/// (`ProcessOrder`) and returns to the result URL.
fn process_order(settings: &CheckoutSettings) -> WebCheckoutDetailsInput {
    WebCheckoutDetailsInput {
        checkout_result_return_url: Some(settings.result_return_url.clone()),
        checkout_cancel_url: settings.cancel_url.clone(),
        checkout_mode: Some(CheckoutMode::ProcessOrder),
        ..Default::default()
    }
}

/// A one-step payload paying `payment`, shipped to `address` when there is one.
fn one_step(
    settings: &CheckoutSettings,
    address: Option<&AddressDetails>,
    payment: &Payment,
) -> Result<CreateCheckoutSessionRequest, PayloadError> {
    settings.validate()?;
    let request = CreateCheckoutSessionRequest {
        store_id: settings.store_id.clone(),
        web_checkout_details: Some(process_order(settings)),
        scopes: (!settings.scopes.is_empty()).then(|| settings.scopes.clone()),
        address_details: address.cloned(),
        payment_details: Some(payment.details()?),
        merchant_metadata: settings.merchant_metadata(payment.reference.as_deref()),
        ..Default::default()
    };
    request.validate()?;
    Ok(request)
}

/// The one-step (`ProcessOrder`) button payload for `PayOnly`: the buyer pays on Amazon's page
/// straight after the click. With the buyer's address typed on the merchant's site,
/// `PayAndShip` is [`additional_payment_button_payload`].
pub fn one_step_payload(
    settings: &CheckoutSettings,
    product_type: &ProductType,
    payment: &Payment,
) -> Result<CreateCheckoutSessionRequest, PayloadError> {
    if *product_type != ProductType::PayOnly {
        return Err(PayloadError::Flow(
            "the one-step flow without an address is available for PayOnly only",
        ));
    }
    one_step(settings, None, payment)
}

/// The Additional Payment Button payload: the shop already has the buyer's address (checked
/// by [`AddressDetails::validate_at`]) and the amount, so the buyer pays on Amazon's page
/// straight after the click (`ProcessOrder`, `PayAndShip`) and returns to the result page.
pub fn additional_payment_button_payload(
    settings: &CheckoutSettings,
    address: &AddressDetails,
    payment: &Payment,
) -> Result<CreateCheckoutSessionRequest, PayloadError> {
    one_step(settings, Some(address), payment)
}

/// The payload of a button that keeps the buyer's payment method ([`PermissionPlan`]): the
/// review payload with `chargePermissionType` and, for a subscription, `recurringMetadata`;
/// set-up only pays nothing (`ProcessOrder`, `Confirm`, `setupOnly`); the Additional Payment
/// Button pays `payment` at once (`ProcessOrder`) for the shop's address. `payment` is required
/// by that flow and refused by the others (the review flow's amount comes at place-order).
pub fn permission_payload(
    settings: &CheckoutSettings,
    plan: &PermissionPlan,
    payment: Option<&Payment>,
) -> Result<CreateCheckoutSessionRequest, PayloadError> {
    let mut request = match (&plan.flow, payment) {
        (PermissionFlow::Review, None) => review_payload(settings)?,
        (PermissionFlow::SetupOnly, None) => {
            let mut setup = review_payload(settings)?;
            setup.web_checkout_details = Some(process_order(settings));
            setup.payment_details = Some(PaymentDetailsInput {
                payment_intent: Some(PaymentIntent::Confirm),
                ..Default::default()
            });
            setup.payment_method_on_file_metadata = Some(PaymentMethodOnFileMetadataInput {
                setup_only: Some(true),
            });
            setup
        }
        (PermissionFlow::AdditionalPaymentButton(address), Some(payment)) => {
            additional_payment_button_payload(settings, address, payment)?
        }
        (PermissionFlow::AdditionalPaymentButton(_), None) => {
            return Err(PayloadError::Flow(
                "the Additional Payment Button needs the payment",
            ));
        }
        (_, Some(_)) => {
            return Err(PayloadError::Flow(
                "only the Additional Payment Button takes the payment with the button",
            ));
        }
    };
    request.charge_permission_type = Some(plan.kind.into());
    request.recurring_metadata = plan.recurring.clone();
    request.validate()?;
    Ok(request)
}

/// The Update Checkout Session body of "place order" in the review flow: result URL, payment
/// intent, amount and merchant reference.
pub fn place_order_update(
    settings: &CheckoutSettings,
    payment: &Payment,
) -> Result<UpdateCheckoutSessionRequest, PayloadError> {
    settings.validate()?;
    let request = UpdateCheckoutSessionRequest {
        web_checkout_details: Some(WebCheckoutDetailsInput {
            checkout_result_return_url: Some(settings.result_return_url.clone()),
            ..Default::default()
        }),
        payment_details: Some(payment.details()?),
        merchant_metadata: settings.merchant_metadata(payment.reference.as_deref()),
        ..Default::default()
    };
    request.validate()?;
    Ok(request)
}

/// The sign-in button payload.
pub fn sign_in_payload(
    store_id: &str,
    return_url: &str,
    cancel_url: Option<&str>,
    scopes: &[Scope],
    live: bool,
) -> Result<SignInPayload, PayloadError> {
    validate_store_id(store_id)?;
    validate_url("signInReturnUrl", return_url, live)?;
    if let Some(c) = cancel_url {
        validate_url("signInCancelUrl", c, live)?;
    }
    if scopes.is_empty() {
        return Err(PayloadError::Flow("sign-in needs at least one scope"));
    }
    let payload = SignInPayload {
        sign_in_return_url: return_url.to_owned(),
        sign_in_cancel_url: cancel_url.map(str::to_owned),
        store_id: store_id.to_owned(),
        sign_in_scopes: Some(scopes.to_vec()),
    };
    payload.validate()?;
    Ok(payload)
}

/// The exact JSON text to sign and hand to checkout.js (compact, `/` not escaped).
pub fn to_payload_json(payload: &impl Serialize) -> String {
    // The payload types hold only strings, booleans, lists and maps: serializing cannot fail.
    serde_json::to_string(payload).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn settings(live: bool) -> CheckoutSettings {
        CheckoutSettings {
            store_id: "amzn1.application-oa2-client.abc123".into(),
            review_return_url: "https://shop.example/review".into(),
            result_return_url: "https://shop.example/result".into(),
            cancel_url: Some("https://shop.example/cart".into()),
            scopes: vec![Scope::Name, Scope::Email],
            store_name: Some("Tea Shop".into()),
            live,
        }
    }

    fn payment() -> Payment {
        Payment {
            amount: Money::parse("1200", Currency::Jpy).unwrap(),
            intent: PaymentIntent::Authorize,
            reference: Some("order-1".into()),
            can_handle_pending_authorization: false,
        }
    }

    #[test]
    fn pending_authorization_is_sent_with_authorize_and_refused_with_capture() {
        let pending = Payment {
            can_handle_pending_authorization: true,
            ..payment()
        };
        let json = to_payload_json(&place_order_update(&settings(false), &pending).unwrap());
        assert!(
            json.contains(r#""paymentIntent":"Authorize","canHandlePendingAuthorization":true"#),
            "{json}"
        );
        let json = to_payload_json(&place_order_update(&settings(false), &payment()).unwrap());
        assert!(
            json.contains(r#""canHandlePendingAuthorization":false"#),
            "{json}"
        );
        let with_capture = Payment {
            intent: PaymentIntent::AuthorizeWithCapture,
            ..pending
        };
        let err = place_order_update(&settings(false), &with_capture).unwrap_err();
        assert_eq!(err.detail_code(), "PAYLOAD_FLOW_INVALID");
        assert!(err.to_string().contains("canHandlePendingAuthorization"), "{err}");
    }

    #[test]
    fn review_payload_is_exact() {
        let json = to_payload_json(&review_payload(&settings(true)).unwrap());
        assert_eq!(
            json,
            r#"{"storeId":"amzn1.application-oa2-client.abc123","webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review","checkoutCancelUrl":"https://shop.example/cart"},"scopes":["name","email"],"merchantMetadata":{"merchantStoreName":"Tea Shop"}}"#
        );
    }

    fn plan(json: &str) -> PermissionPlan {
        crate::wire::parse_body::<crate::permission_button::PermissionButtonRequest>(json.as_bytes(), false)
            .unwrap()
            .plan()
            .unwrap()
    }

    #[test]
    fn permission_payloads_are_exact() {
        let monthly =
            plan(r#"{"kind":"Recurring","placement":"Cart","frequencyUnit":"Month","frequencyValue":"1"}"#);
        let json = to_payload_json(&permission_payload(&settings(true), &monthly, None).unwrap());
        assert_eq!(
            json,
            r#"{"storeId":"amzn1.application-oa2-client.abc123","webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review","checkoutCancelUrl":"https://shop.example/cart"},"scopes":["name","email"],"chargePermissionType":"Recurring","recurringMetadata":{"frequency":{"unit":"Month","value":"1"}},"merchantMetadata":{"merchantStoreName":"Tea Shop"}}"#
        );

        let setup = plan(r#"{"kind":"PaymentMethodOnFile","placement":"Cart","setupOnly":true}"#);
        let json = to_payload_json(&permission_payload(&settings(true), &setup, None).unwrap());
        assert_eq!(
            json,
            r#"{"storeId":"amzn1.application-oa2-client.abc123","webCheckoutDetails":{"checkoutResultReturnUrl":"https://shop.example/result","checkoutCancelUrl":"https://shop.example/cart","checkoutMode":"ProcessOrder"},"scopes":["name","email"],"chargePermissionType":"PaymentMethodOnFile","paymentMethodOnFileMetadata":{"setupOnly":true},"paymentDetails":{"paymentIntent":"Confirm"},"merchantMetadata":{"merchantStoreName":"Tea Shop"}}"#
        );

        let apb = plan(
            r#"{"kind":"PaymentMethodOnFile","placement":"Checkout","address":{"name":"山田 太郎","addressLine1":"六本木1-1-1","stateOrRegion":"東京都","postalCode":"106-0032","countryCode":"JP","phoneNumber":"0312345678"}}"#,
        );
        let request = permission_payload(&settings(true), &apb, Some(&payment())).unwrap();
        let json = to_payload_json(&request);
        for part in [
            r#""checkoutMode":"ProcessOrder""#,
            r#""chargePermissionType":"PaymentMethodOnFile""#,
            r#""paymentDetails":{"paymentIntent":"Authorize","canHandlePendingAuthorization":false,"chargeAmount":{"amount":"1200","currencyCode":"JPY"}}"#,
            r#""merchantMetadata":{"merchantReferenceId":"order-1","merchantStoreName":"Tea Shop"}"#,
            r#""addressDetails":{"name":"山田 太郎","addressLine1":"六本木1-1-1","stateOrRegion":"東京都","postalCode":"106-0032","countryCode":"JP","phoneNumber":"0312345678"}"#,
        ] {
            assert!(json.contains(part), "{part} in {json}");
        }
        assert!(!json.contains("checkoutReviewReturnUrl"), "{json}");

        // The payment goes with the Additional Payment Button only, and it needs one.
        for (plan, payment) in [
            (&apb, None),
            (&monthly, Some(&payment())),
            (&setup, Some(&payment())),
        ] {
            let e = permission_payload(&settings(true), plan, payment).unwrap_err();
            assert_eq!(e.detail_code(), "PAYLOAD_FLOW_INVALID", "{plan:?}");
        }
    }

    #[test]
    fn one_step_and_update() {
        let p = one_step_payload(&settings(false), &ProductType::PayOnly, &payment()).unwrap();
        let json = to_payload_json(&p);
        assert!(json.contains(r#""checkoutMode":"ProcessOrder""#), "{json}");
        assert!(json.contains(r#""chargeAmount":{"amount":"1200","currencyCode":"JPY"}"#));
        assert_eq!(
            one_step_payload(&settings(false), &ProductType::PayAndShip, &payment())
                .unwrap_err()
                .detail_code(),
            "PAYLOAD_FLOW_INVALID"
        );
        let u = place_order_update(&settings(false), &payment()).unwrap();
        let json = to_payload_json(&u);
        assert!(json.contains(r#""checkoutResultReturnUrl":"https://shop.example/result""#));
        assert!(json.contains(r#""merchantReferenceId":"order-1""#));
        let mut confirm = payment();
        confirm.intent = PaymentIntent::Confirm;
        assert_eq!(
            place_order_update(&settings(false), &confirm)
                .unwrap_err()
                .detail_code(),
            "PAYLOAD_FLOW_INVALID"
        );
        let mut zero = payment();
        zero.amount = Money::zero(Currency::Jpy);
        assert_eq!(
            place_order_update(&settings(false), &zero)
                .unwrap_err()
                .detail_code(),
            "FIELD_INVALID_PRICE"
        );
    }

    #[test]
    fn urls() {
        for ok in [
            "https://shop.example/r",
            "https://shop.example:8443/r?x=1",
            "http://127.0.0.1:8080/r",
            "http://localhost/r",
        ] {
            assert!(validate_url("u", ok, false).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/relative",
            "//shop.example/r",
            "javascript:alert(1)",
            "ftp://shop.example/r",
            "https://user:pw@shop.example/r",
            "https://shop.example/r#frag",
            "https://shop.example/a b",
            "https:///r",
            "https://shop.example:abc/r",
            "https://sh<op.example/r",
        ] {
            assert_eq!(
                validate_url("u", bad, false).unwrap_err().detail_code(),
                "PAYLOAD_URL_INVALID",
                "{bad}"
            );
        }
        assert_eq!(
            validate_url("u", &format!("https://s.example/{}", "a".repeat(500)), false)
                .unwrap_err()
                .detail_code(),
            "PAYLOAD_URL_INVALID"
        );
        assert_eq!(
            validate_url("u", "http://shop.example/r", true)
                .unwrap_err()
                .detail_code(),
            "PAYLOAD_URL_NOT_HTTPS"
        );
        let mut s = settings(true);
        s.result_return_url = "http://shop.example/r".into();
        assert_eq!(
            review_payload(&s).unwrap_err().detail_code(),
            "PAYLOAD_URL_NOT_HTTPS"
        );
    }

    #[test]
    fn store_ids_and_sign_in() {
        assert!(validate_store_id("amzn1.application-oa2-client.abc").is_ok());
        for bad in [
            "",
            "amzn1.application-oa2-client.",
            "x.abc",
            "amzn1.application-oa2-client.a-b",
        ] {
            assert_eq!(
                validate_store_id(bad).unwrap_err().detail_code(),
                "PAYLOAD_STORE_ID_INVALID"
            );
        }
        let p = sign_in_payload(
            "amzn1.application-oa2-client.abc",
            "https://shop.example/signin",
            None,
            &[Scope::Name, Scope::Email],
            true,
        )
        .unwrap();
        assert_eq!(
            to_payload_json(&p),
            r#"{"signInReturnUrl":"https://shop.example/signin","storeId":"amzn1.application-oa2-client.abc","signInScopes":["name","email"]}"#
        );
        assert!(sign_in_payload(
            "amzn1.application-oa2-client.abc",
            "https://s.example/",
            None,
            &[],
            true
        )
        .is_err());
    }
}
