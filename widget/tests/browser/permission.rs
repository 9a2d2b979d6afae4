//! Buttons that keep the buyer's payment method: what a Recurring, a PaymentMethodOnFile (setup
//! only) and an Additional Payment Button send to the signer's `POST /v1/permission-button`
//! when the buyer clicks, from npm options and from `data-*` attributes, and the options
//! refused with the widget's codes; after a declined subscription, the result page's fresh
//! button asks for the same subscription.
//!
//! The signer is a [`SignerClient`] that records the exact JSON body.

use amazon_pay_widget::js::{request_json, AmazonPay};
use amazon_pay_widget::permission::PermissionButtonRequest;

use crate::support::*;

/// The first render into `selector` the checkout.js double recorded.
fn render_of(selector: &str) -> JsValue {
    renders_for(selector).get(0)
}

/// The `initCheckout` calls of the button rendered into `selector`.
fn inits_of(selector: &str) -> js_sys::Array {
    inits_for(selector)
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

/// Records the bodies of `/v1/permission-button` (as JSON text) and of `/v1/button`.
#[derive(Debug, Default)]
struct RecordingSigner {
    permission_bodies: RefCell<Vec<String>>,
    button_calls: RefCell<Vec<ButtonRequest>>,
}

fn signed() -> SignedPayload {
    SignedPayload {
        payload_json: r#"{"storeId":"amzn1.application-oa2-client.test"}"#.to_owned(),
        signature: "c2lnbmF0dXJl".to_owned(),
        public_key_id: "SANDBOX-AEXAMPLEKEY".to_owned(),
        algorithm: "AMZN-PAY-RSASSA-PSS-V2".to_owned(),
    }
}

fn yen(amount: &str) -> Price {
    Price {
        amount: amount.to_owned(),
        currency_code: "JPY".to_owned(),
    }
}

fn refused<T: 'static>() -> SignerFuture<T> {
    Box::pin(std::future::ready(Err(WidgetError::Signer {
        status: 404,
        code: "NOT_IN_THIS_TEST".into(),
        message: "test".into(),
        request_id: None,
    })))
}

impl SignerClient for RecordingSigner {
    fn config(&self) -> SignerFuture<ConfigResponse> {
        Box::pin(std::future::ready(Ok(ConfigResponse {
            version: "v1".into(),
            merchant_id: "A2TESTMERCHANT".into(),
            region: "jp".into(),
            ledger_currency: "JPY".into(),
            sandbox: true,
            public_key_id: "SANDBOX-AEXAMPLEKEY".into(),
            checkout_language: "ja_JP".into(),
            checkout_js_url: double_url(),
            button: ButtonDefaults {
                product_type: ProductType::PayAndShip,
                placement: Placement::Cart,
                button_color: ButtonColor::Gold,
            },
            display_limits: DisplayLimits {
                min_total: None,
                max_total: None,
            },
        })))
    }

    fn button(&self, request: ButtonRequest) -> SignerFuture<ButtonResponse> {
        self.button_calls.borrow_mut().push(request);
        refused()
    }

    fn sign_in_button(&self, _request: SignInButtonRequest) -> SignerFuture<SignInButtonResponse> {
        refused()
    }

    fn permission_button(&self, request: PermissionButtonRequest) -> SignerFuture<ButtonResponse> {
        self.permission_bodies
            .borrow_mut()
            .push(request_json(&request).unwrap());
        // As the signer answers: a setup-only button is PayOnly with nothing to charge.
        let (product_type, amount) = if request.setup_only {
            (ProductType::PayOnly, "0")
        } else {
            (ProductType::PayAndShip, "1700")
        };
        Box::pin(std::future::ready(Ok(ButtonResponse {
            create_checkout_session_config: signed(),
            estimated_order_amount: yen(amount),
            product_type,
            placement: request.placement,
        })))
    }

    fn review(&self, _id: &str) -> SignerFuture<ReviewResponse> {
        refused()
    }

    fn place_order(&self, _id: &str, _request: PlaceOrderRequest) -> SignerFuture<PlaceOrderResponse> {
        refused()
    }

    /// Every checkout is declined (Amazon then shows only the state and the reason).
    fn complete(&self, _id: &str) -> SignerFuture<CompleteResponse> {
        Box::pin(std::future::ready(Ok(CompleteResponse {
            outcome: CompleteOutcome::Declined,
            state: "Canceled".into(),
            reason_code: Some("Declined".into()),
            charge_id: None,
            charge_permission_id: None,
            charge_state: None,
            subscription: None,
        })))
    }

    fn buyer(&self, _token: &str) -> SignerFuture<BuyerProfile> {
        refused()
    }
}

async fn load() -> (Rc<RecordingSigner>, Widget) {
    let signer = Rc::new(RecordingSigner::default());
    let widget = Widget::load(signer.clone() as Rc<dyn SignerClient>)
        .await
        .unwrap();
    (signer, widget)
}

fn new_host(attributes: &[(&str, &str)]) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn code(error: &JsValue) -> String {
    get(error, "code").as_string().unwrap_or_default()
}

/// Clicks the rendered button and answers the selector checkout.js rendered into.
async fn click(button: &amazon_pay_widget::ButtonRef) -> String {
    let element = button.button_element().unwrap();
    element.click();
    settle().await;
    format!("#{}", element.id())
}

const SHOP_ADDRESS: &str = r#"{"name":"山田 花子","addressLine1":"千代田1-1","addressLine2":"パレスビル3F","city":"千代田区","stateOrRegion":"東京都","postalCode":"100-0001","countryCode":"JP","phoneNumber":"0312345678"}"#;

#[wasm_bindgen_test]
async fn a_recurring_button_asks_for_a_monthly_subscription_of_the_cart() {
    let (signer, widget) = load().await;
    let amazon_pay = AmazonPay::from_widget(widget);
    let host = new_host(&[]);
    let button = amazon_pay
        .mount_button(
            host.clone().into(),
            options(
                r#"{"placement":"Product","chargePermissionType":"Recurring",
                    "recurringMetadata":{"frequency":{"unit":"Month","value":"1"}},
                    "cart":{"lines":[{"sku":"TEA-1","quantity":1}],
                            "estimatedOrderAmount":{"amount":"1700","currencyCode":"JPY"}}}"#,
            ),
        )
        .unwrap();
    let selector = click(button.button_ref()).await;

    assert_eq!(
        *signer.permission_bodies.borrow(),
        vec![
            r#"{"kind":"Recurring","placement":"Product","frequencyUnit":"Month","frequencyValue":"1","cart":[{"sku":"TEA-1","quantity":1}]}"#
        ]
    );
    assert!(signer.button_calls.borrow().is_empty(), "not /v1/button");
    let render = render_of(&selector);
    assert_eq!(
        get(&render, "options.productType").as_string().as_deref(),
        Some("PayAndShip")
    );
    let inits = inits_of(&selector);
    assert_eq!(inits.length(), 1);
    let request = get(&inits.get(0), "request");
    assert_eq!(
        get(&request, "createCheckoutSessionConfig.signature")
            .as_string()
            .as_deref(),
        Some("c2lnbmF0dXJl")
    );
    assert_eq!(
        get(&request, "estimatedOrderAmount.amount")
            .as_string()
            .as_deref(),
        Some("1700")
    );
    button.destroy();
}

#[wasm_bindgen_test]
async fn a_setup_only_button_from_data_attributes_saves_the_payment_method_without_a_cart() {
    let (signer, widget) = load().await;
    let host = new_host(&[
        ("data-amazon-pay-button", ""),
        ("data-placement", "Other"),
        ("data-charge-permission-type", "PaymentMethodOnFile"),
        ("data-setup-only", ""),
    ]);
    let options = ButtonOptions::from_attributes(|name| host.get_attribute(name)).unwrap();
    let button = widget.mount_button(&host, options).unwrap();
    let selector = click(&button).await;

    assert_eq!(
        *signer.permission_bodies.borrow(),
        vec![r#"{"kind":"PaymentMethodOnFile","placement":"Other","setupOnly":true}"#]
    );
    // Nothing is shipped and nothing is charged.
    let render = render_of(&selector);
    assert_eq!(
        get(&render, "options.productType").as_string().as_deref(),
        Some("PayOnly")
    );
    let request = get(&inits_of(&selector).get(0), "request");
    assert!(get(&request, "estimatedOrderAmount").is_undefined());
}

#[wasm_bindgen_test]
async fn a_recurring_button_from_data_attributes_sends_its_frequency() {
    let (signer, widget) = load().await;
    let host = new_host(&[
        ("data-charge-permission-type", "Recurring"),
        ("data-frequency-unit", "Month"),
        ("data-frequency-value", "2"),
        ("data-cart", r#"[{"sku":"TEA-1","quantity":2}]"#),
    ]);
    let options = ButtonOptions::from_attributes(|name| host.get_attribute(name)).unwrap();
    let button = widget.mount_button(&host, options).unwrap();
    click(&button).await;
    assert_eq!(
        *signer.permission_bodies.borrow(),
        vec![
            r#"{"kind":"Recurring","placement":"Cart","frequencyUnit":"Month","frequencyValue":"2","cart":[{"sku":"TEA-1","quantity":2}]}"#
        ]
    );
}

#[wasm_bindgen_test]
async fn the_additional_payment_button_sends_the_shops_address() {
    let (signer, widget) = load().await;
    let host = new_host(&[
        ("data-placement", "Checkout"),
        ("data-charge-permission-type", "PaymentMethodOnFile"),
        ("data-address", SHOP_ADDRESS),
        ("data-cart-token", "v1.token.sig"),
    ]);
    let options = ButtonOptions::from_attributes(|name| host.get_attribute(name)).unwrap();
    let button = widget.mount_button(&host, options).unwrap();
    click(&button).await;
    let expected = String::from(
        r#"{"kind":"PaymentMethodOnFile","placement":"Checkout","cartToken":"v1.token.sig","address":"#,
    ) + SHOP_ADDRESS
        + "}";
    assert_eq!(*signer.permission_bodies.borrow(), vec![expected]);
}

/// One payment for the shop's address: `OneTime` with the address is the Additional Payment
/// Button without keeping the payment method; without an address it is no such button.
#[wasm_bindgen_test]
async fn a_one_time_additional_payment_button_sends_the_shops_address() {
    let (signer, widget) = load().await;
    let host = new_host(&[
        ("data-placement", "Checkout"),
        ("data-charge-permission-type", "OneTime"),
        ("data-address", SHOP_ADDRESS),
        ("data-cart", r#"[{"sku":"TEA-1","quantity":1}]"#),
    ]);
    let options = ButtonOptions::from_attributes(|name| host.get_attribute(name)).unwrap();
    let button = widget.mount_button(&host, options).unwrap();
    click(&button).await;
    let expected = String::from(
        r#"{"kind":"OneTime","placement":"Checkout","cart":[{"sku":"TEA-1","quantity":1}],"address":"#,
    ) + SHOP_ADDRESS
        + "}";
    assert_eq!(*signer.permission_bodies.borrow(), vec![expected]);
    assert!(signer.button_calls.borrow().is_empty(), "not the ordinary button");

    let bare = new_host(&[
        ("data-charge-permission-type", "OneTime"),
        ("data-cart", r#"[{"sku":"TEA-1","quantity":1}]"#),
    ]);
    let error = ButtonOptions::from_attributes(|name| bare.get_attribute(name))
        .and_then(|options| widget.mount_button(&bare, options).map(drop))
        .unwrap_err();
    assert_eq!(error.code(), "OPTION_INVALID");
    assert_eq!(bare.children().length(), 0, "nothing mounted");
}

#[wasm_bindgen_test]
async fn permission_options_that_cannot_work_are_refused_with_their_codes() {
    let (signer, widget) = load().await;
    let amazon_pay = AmazonPay::from_widget(widget);
    let cart = r#""cart":[{"sku":"TEA-1","quantity":1}]"#;
    let monthly = r#""recurringMetadata":{"frequency":{"unit":"Month","value":"1"}}"#;
    let cases = [
        // Amazon's names only.
        (
            format!(r#"{{"chargePermissionType":"Subscription",{cart}}}"#),
            "OPTION_INVALID",
        ),
        (
            format!(
                r#"{{"chargePermissionType":"Recurring","recurringMetadata":{{"frequency":{{"unit":"Monthly","value":"1"}}}},{cart}}}"#
            ),
            "OPTION_INVALID",
        ),
        (
            format!(
                r#"{{"chargePermissionType":"Recurring","recurringMetadata":{{"frequency":{{"unit":"Month","value":"0"}}}},{cart}}}"#
            ),
            "OPTION_INVALID",
        ),
        (
            format!(
                r#"{{"chargePermissionType":"Recurring","recurringMetadata":{{"frequency":{{"unit":"Month","value":1}}}},{cart}}}"#
            ),
            "OPTION_INVALID",
        ),
        // A subscription needs its frequency; only a subscription takes one.
        (
            format!(r#"{{"chargePermissionType":"Recurring",{cart}}}"#),
            "OPTION_INVALID",
        ),
        (
            format!(r#"{{"chargePermissionType":"PaymentMethodOnFile",{monthly},{cart}}}"#),
            "OPTION_INVALID",
        ),
        (format!(r#"{{{monthly},{cart}}}"#), "OPTION_INVALID"),
        (r#"{"setupOnly":true}"#.to_owned(), "OPTION_INVALID"),
        // Setup only: PaymentMethodOnFile, no address, nothing to charge.
        (
            format!(r#"{{"chargePermissionType":"Recurring",{monthly},"setupOnly":true}}"#),
            "OPTION_INVALID",
        ),
        (
            format!(r#"{{"chargePermissionType":"PaymentMethodOnFile","setupOnly":true,{cart}}}"#),
            "CART_INVALID",
        ),
        (
            format!(
                r#"{{"chargePermissionType":"PaymentMethodOnFile","setupOnly":true,"address":{SHOP_ADDRESS}}}"#
            ),
            "OPTION_INVALID",
        ),
        (
            r#"{"chargePermissionType":"PaymentMethodOnFile","setupOnly":true,"productType":"PayAndShip"}"#
                .to_owned(),
            "OPTION_INVALID",
        ),
        // A purchase needs the cart; a sign-in button keeps no payment method.
        (
            r#"{"chargePermissionType":"PaymentMethodOnFile"}"#.to_owned(),
            "CART_INVALID",
        ),
        (
            format!(r#"{{"chargePermissionType":"PaymentMethodOnFile","productType":"SignIn",{cart}}}"#),
            "OPTION_INVALID",
        ),
        // The shop's address: Amazon's fields only, the required ones present.
        (
            format!(
                r#"{{"chargePermissionType":"PaymentMethodOnFile","address":{{"name":"山田 花子","addressLine1":"千代田1-1","postalCode":"100-0001","countryCode":"JP","phoneNumber":"0312345678","prefecture":"東京都"}},{cart}}}"#
            ),
            "OPTION_INVALID",
        ),
        (
            format!(
                r#"{{"chargePermissionType":"PaymentMethodOnFile","address":{{"name":"山田 花子","postalCode":"100-0001","countryCode":"JP","phoneNumber":"0312345678"}},{cart}}}"#
            ),
            "OPTION_INVALID",
        ),
    ];
    for (json, expected) in cases {
        let host = new_host(&[]);
        let error = amazon_pay
            .mount_button(host.clone().into(), options(&json))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(code(&error), expected, "{json}");
        assert_eq!(host.children().length(), 0, "nothing mounted: {json}");
    }

    // The same rules for the data-* attributes.
    for attributes in [
        vec![
            ("data-charge-permission-type", "Recurring"),
            ("data-frequency-unit", "Month"),
        ],
        vec![
            ("data-charge-permission-type", "PaymentMethodOnFile"),
            ("data-setup-only", "yes"),
        ],
        vec![
            ("data-charge-permission-type", "PaymentMethodOnFile"),
            ("data-address", "{"),
        ],
    ] {
        let host = new_host(&attributes);
        let error = ButtonOptions::from_attributes(|name| host.get_attribute(name)).unwrap_err();
        assert_eq!(error.code(), "OPTION_INVALID", "{attributes:?}");
    }
    assert!(signer.permission_bodies.borrow().is_empty());
}

/// After a decline the result page's fresh button is the same kind of checkout the shop says
/// it was (Amazon shows nothing of a canceled session but its reason): a subscription stays the
/// same monthly subscription of the cart — from npm options and from `data-*` attributes —, a
/// payment method on file stays one, and without either it is the ordinary button. Options that
/// cannot make a button are refused at mount.
#[cfg(feature = "pages")]
#[wasm_bindgen_test]
async fn after_a_decline_the_fresh_button_is_the_same_kind_of_checkout() {
    let (signer, widget) = load().await;
    let amazon_pay = AmazonPay::from_widget(widget.clone());
    let cart = r#"[{"sku":"TEA-1","quantity":1}]"#;
    let n = js_sys::Math::random().to_bits() % 1_000_000_000;
    let fresh_body = |page: &amazon_pay_widget::js::ReturnPage| {
        let page = page.page_ref().clone();
        let signer = signer.clone();
        async move {
            settle().await;
            click(&page.button().expect("a fresh button")).await;
            page.destroy();
            signer.permission_bodies.borrow().last().cloned()
        }
    };
    let monthly = r#"{"kind":"Recurring","placement":"Cart","frequencyUnit":"Month","frequencyValue":"1","cart":[{"sku":"TEA-1","quantity":1}]}"#;

    let page = amazon_pay
        .mount_result(
            new_host(&[]).into(),
            options(&format!(
                r#"{{"checkoutSessionId":"decl-{n}-1","cart":{{"lines":{cart}}},"chargePermissionType":"Recurring",
                    "recurringMetadata":{{"frequency":{{"unit":"Month","value":"1"}}}}}}"#
            )),
        )
        .unwrap();
    assert_eq!(fresh_body(&page).await.as_deref(), Some(monthly));

    let id = format!("decl-{n}-2");
    let host = new_host(&[
        ("data-checkout-session-id", id.as_str()),
        ("data-cart", cart),
        ("data-charge-permission-type", "Recurring"),
        ("data-frequency-unit", "Month"),
        ("data-frequency-value", "1"),
    ]);
    let from_attributes = PageOptions::from_attributes(|name| host.get_attribute(name)).unwrap();
    let handle = widget.mount_result(&host, from_attributes).unwrap();
    settle().await;
    click(&handle.button().expect("a fresh button")).await;
    handle.destroy();
    assert_eq!(
        signer.permission_bodies.borrow().last().map(String::as_str),
        Some(monthly)
    );

    let page = amazon_pay
        .mount_result(
            new_host(&[]).into(),
            options(&format!(
                r#"{{"checkoutSessionId":"decl-{n}-3","cart":{{"lines":{cart}}},"chargePermissionType":"PaymentMethodOnFile"}}"#
            )),
        )
        .unwrap();
    assert_eq!(
        fresh_body(&page).await.as_deref(),
        Some(r#"{"kind":"PaymentMethodOnFile","placement":"Cart","cart":[{"sku":"TEA-1","quantity":1}]}"#)
    );

    let before = signer.permission_bodies.borrow().len();
    let page = amazon_pay
        .mount_result(
            new_host(&[]).into(),
            options(&format!(
                r#"{{"checkoutSessionId":"decl-{n}-4","cart":{{"lines":{cart}}}}}"#
            )),
        )
        .unwrap();
    fresh_body(&page).await;
    assert_eq!(
        signer.permission_bodies.borrow().len(),
        before,
        "not a permission button"
    );
    assert_eq!(signer.button_calls.borrow().len(), 1, "the ordinary button");

    for (options_json, expected) in [
        (
            r#"{"cart":{"lines":[{"sku":"TEA-1","quantity":1}]},"chargePermissionType":"Recurring"}"#,
            "OPTION_INVALID",
        ),
        (
            r#"{"chargePermissionType":"PaymentMethodOnFile"}"#,
            "CART_INVALID",
        ),
        (
            r#"{"cart":{"lines":[{"sku":"TEA-1","quantity":1}]},"chargePermissionType":"OneTime"}"#,
            "OPTION_INVALID",
        ),
    ] {
        let error = amazon_pay
            .mount_result(new_host(&[]).into(), options(options_json))
            .expect_err("refused");
        assert_eq!(code(&error), expected, "{options_json}");
    }
}
