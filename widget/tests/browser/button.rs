//! One button: mount, update, destroy, click, visibility by cart total, sizes, errors.

use crate::support::*;

#[wasm_bindgen_test]
async fn mount_renders_exactly_one_child() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let events = Rc::new(RefCell::new(Vec::new()));
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    let seen = events.clone();
    button.on(
        EventKind::Ready,
        Rc::new(move |e: &WidgetEvent| seen.borrow_mut().push(e.clone())),
    );

    assert_eq!(host.children().length(), 1);
    let wrapper = host.first_element_child().unwrap();
    assert_eq!(wrapper.get_attribute(WRAPPER_MARKER).as_deref(), Some("button"));
    assert!(host.get_attribute(HOST_MARKER).is_some());
    let element = button.button_element().unwrap();
    let renders = renders_for(&selector_of(&element));
    assert_eq!(renders.length(), 1);
    let options = get(&renders.get(0), "options");
    assert_eq!(get(&options, "merchantId").as_string().unwrap(), "A2TESTMERCHANT");
    assert_eq!(get(&options, "ledgerCurrency").as_string().unwrap(), "JPY");
    assert_eq!(get(&options, "placement").as_string().unwrap(), "Cart");
    assert_eq!(get(&options, "productType").as_string().unwrap(), "PayAndShip");
    assert_eq!(get(&options, "buttonColor").as_string().unwrap(), "Gold");
    assert_eq!(get(&options, "sandbox").as_bool(), Some(true));
    // Decoupled mode: no session config at render time.
    assert!(get(&options, "createCheckoutSessionConfig").is_undefined());
    assert_eq!(
        get(&options, "estimatedOrderAmount.amount").as_string().unwrap(),
        "2400"
    );
    // Fixed size (PC medium), pinned with min/max so checkout.js cannot resize-loop.
    let style = element.style();
    assert_eq!(style.get_property_value("width").unwrap(), "200px");
    assert_eq!(style.get_property_value("max-width").unwrap(), "200px");
    assert_eq!(style.get_property_value("min-height").unwrap(), "45px");
    assert!(button.is_shown());

    settle().await;
    assert_eq!(*events.borrow(), vec![WidgetEvent::Ready]);
}

#[wasm_bindgen_test]
async fn mounting_twice_into_one_element_leaves_one_button() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let first = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    let first_element = first.button_element().unwrap();
    let second = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    assert_eq!(host.children().length(), 1);
    assert!(first.is_destroyed());
    assert!(!second.is_destroyed());
    assert!(!first_element.is_connected());
    assert_eq!(first.update(cart("3000")), Err(WidgetError::Destroyed));

    // The replaced button is inert; the new one works.
    click(&first_element);
    settle().await;
    assert_eq!(signer.calls.borrow().len(), 0);
    click(&second.button_element().unwrap());
    settle().await;
    assert_eq!(signer.calls.borrow().len(), 1);

    // Dropping the first handle (already destroyed) must not touch the second button.
    drop(first);
    assert_eq!(host.children().length(), 1);
    assert!(!second.is_destroyed());
}

#[wasm_bindgen_test]
async fn destroy_removes_the_child_and_every_listener() {
    track_listeners();
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let baseline = live_listener_count();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    assert!(
        live_listener_count() > baseline,
        "the mount listens (viewport, click)"
    );
    let element = button.button_element().unwrap();
    let selector = selector_of(&element);

    button.destroy();
    assert!(button.is_destroyed());
    assert_eq!(host.children().length(), 0);
    assert!(host.get_attribute(HOST_MARKER).is_none());
    assert!(!element.is_connected());
    let document = web_sys::window().unwrap().document().unwrap();
    assert!(document.query_selector(&selector).unwrap().is_none());
    assert_eq!(live_listener_count(), baseline, "no listener left behind");

    // A click on the old element does nothing.
    click(&element);
    settle().await;
    assert_eq!(signer.calls.borrow().len(), 0);
    assert_eq!(inits_for(&selector).length(), 0);

    // Idempotent, and the element can be mounted again.
    button.destroy();
    assert_eq!(button.update(cart("2400")), Err(WidgetError::Destroyed));
    drop(button);
    let again = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    assert_eq!(host.children().length(), 1);
    drop(again); // RAII: dropping the handle destroys
    assert_eq!(host.children().length(), 0);
    assert_eq!(live_listener_count(), baseline);
}

#[wasm_bindgen_test]
async fn several_buttons_load_checkout_js_once() {
    forget_amazon();
    let before = load_count();
    let signer = TestSigner::with_url(fresh_double_url());
    // Three widgets load at the same time: one <script>, one load.
    let loads = js_sys::Array::new();
    for _ in 0..3 {
        let signer = signer.clone();
        loads.push(&wasm_bindgen_futures::future_to_promise(async move {
            Widget::load(signer as Rc<dyn SignerClient>)
                .await
                .map(|_| JsValue::TRUE)
                .map_err(|e| JsValue::from_str(e.code()))
        }));
    }
    JsFuture::from(js_sys::Promise::all(&loads)).await.unwrap();
    assert_eq!(load_count(), before + 1);

    let widget = widget(&signer).await;
    let hosts: Vec<Element> = (0..3).map(|_| new_host()).collect();
    let buttons: Vec<_> = hosts
        .iter()
        .map(|h| {
            widget
                .mount_button(h, ButtonOptions::new().with_cart(cart("2400")))
                .unwrap()
        })
        .collect();
    assert_eq!(load_count(), before + 1);
    let mut ids: Vec<String> = buttons.iter().map(|b| b.button_element().unwrap().id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "every button has its own element");
    for (host, button) in hosts.iter().zip(&buttons) {
        assert_eq!(host.children().length(), 1);
        assert_eq!(
            renders_for(&selector_of(&button.button_element().unwrap())).length(),
            1
        );
    }
    // Each click goes to its own button.
    click(&buttons[1].button_element().unwrap());
    settle().await;
    assert_eq!(
        inits_for(&selector_of(&buttons[1].button_element().unwrap())).length(),
        1
    );
    assert_eq!(
        inits_for(&selector_of(&buttons[0].button_element().unwrap())).length(),
        0
    );
}

#[wasm_bindgen_test]
async fn hides_and_shows_by_cart_total() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("999")))
        .unwrap();
    let wrapper: HtmlElement = host.first_element_child().unwrap().unchecked_into();
    let display = || {
        web_sys::window()
            .unwrap()
            .get_computed_style(&wrapper)
            .unwrap()
            .unwrap()
            .get_property_value("display")
            .unwrap()
    };
    assert!(!button.is_shown(), "below the minimum");
    assert_eq!(display(), "none");
    button.update(cart("1000")).unwrap();
    assert!(button.is_shown(), "at the minimum");
    assert_eq!(display(), "block");
    button.update(cart("5000")).unwrap();
    assert!(!button.is_shown(), "at the maximum");
    button.update(cart("7000")).unwrap();
    assert!(!button.is_shown(), "above the maximum");
    button.update(cart("4999")).unwrap();
    assert!(button.is_shown(), "a cart change brings it back");
    assert_eq!(host.children().length(), 1);
    // Shown again at its fixed size.
    let element = button.button_element().unwrap();
    assert_eq!(element.style().get_property_value("width").unwrap(), "200px");
    // No known total: shown (the signer still decides).
    button
        .update(Cart::lines(vec![CartLine::new("TEA-1", 1)]))
        .unwrap();
    assert!(button.is_shown());
}

#[wasm_bindgen_test]
async fn update_calls_update_button_info_with_the_exact_amount() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    let selector = selector_of(&button.button_element().unwrap());
    button.update(cart("3600")).unwrap();
    let updates = updates_for(&selector);
    assert_eq!(updates.length(), 1);
    let amount = get(&updates.get(0), "amount");
    assert_eq!(get(&amount, "amount").as_string().as_deref(), Some("3600"));
    assert_eq!(get(&amount, "currencyCode").as_string().as_deref(), Some("JPY"));

    // Through the JS surface: a float amount is refused, a decimal string is passed exactly.
    let js = amazon_pay_widget::js::AmazonPay::from_widget(widget.clone());
    let host2 = new_host();
    let options =
        js_sys::JSON::parse(r#"{"cart":[{"sku":"TEA-1","quantity":1}],"placement":"Product"}"#).unwrap();
    let handle = js.mount_button(host2.clone().into(), options).unwrap();
    let selector2 = selector_of(&handle.button_ref().button_element().unwrap());
    let float =
        js_sys::JSON::parse(r#"{"estimatedOrderAmount":{"amount":12.5,"currencyCode":"JPY"}}"#).unwrap();
    let error = handle.update(float).unwrap_err();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("CART_INVALID"));
    let exact =
        js_sys::JSON::parse(r#"{"lines":[{"sku":"TEA-1","quantity":3}],"estimatedOrderAmount":{"amount":"3600","currencyCode":"JPY"}}"#)
            .unwrap();
    handle.update(exact).unwrap();
    let updates = updates_for(&selector2);
    assert_eq!(updates.length(), 1);
    assert_eq!(
        get(&updates.get(0), "amount.amount").as_string().as_deref(),
        Some("3600")
    );
    handle.destroy();
    assert!(handle.destroyed());
    assert_eq!(host2.children().length(), 0);
}

#[wasm_bindgen_test]
async fn click_signs_at_the_signer_and_inits_checkout() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let button = widget
        .mount_button(
            &host,
            ButtonOptions::new()
                .with_placement(Placement::Product)
                .with_product_type(ProductType::PayOnly)
                .with_cart(cart("2400")),
        )
        .unwrap();
    let clicks = Rc::new(RefCell::new(0));
    let seen = clicks.clone();
    button.on(
        EventKind::Click,
        Rc::new(move |_: &WidgetEvent| *seen.borrow_mut() += 1),
    );
    let element = button.button_element().unwrap();
    // Two quick clicks: one signer call (the second arrives while the first is in flight).
    click(&element);
    click(&element);
    settle().await;
    assert_eq!(*clicks.borrow(), 1);
    let calls = signer.calls.borrow().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].product_type, ProductType::PayOnly);
    assert_eq!(calls[0].placement, Placement::Product);
    assert_eq!(calls[0].cart, Some(vec![CartLine::new("TEA-1", 2)]));
    assert_eq!(calls[0].amount, None, "the browser never sends amounts");
    let inits = inits_for(&selector_of(&element));
    assert_eq!(inits.length(), 1);
    let request = get(&inits.get(0), "request");
    assert_eq!(
        get(&request, "createCheckoutSessionConfig.payloadJSON")
            .as_string()
            .as_deref(),
        Some(PAYLOAD),
        "the signed text is passed on unchanged"
    );
    assert_eq!(
        get(&request, "createCheckoutSessionConfig.algorithm")
            .as_string()
            .as_deref(),
        Some("AMZN-PAY-RSASSA-PSS-V2")
    );
    assert_eq!(
        get(&request, "estimatedOrderAmount.amount")
            .as_string()
            .as_deref(),
        Some("2400")
    );
    // After the answer, the next click signs again.
    click(&element);
    settle().await;
    assert_eq!(signer.calls.borrow().len(), 2);
}

#[wasm_bindgen_test]
async fn a_failing_signer_shows_a_calm_message_and_the_page_keeps_working() {
    let signer = TestSigner::new();
    *signer.fail_with.borrow_mut() = Some(WidgetError::Signer {
        status: 400,
        code: "SKU_UNKNOWN".into(),
        message: "unknown SKU".into(),
        request_id: None,
    });
    let widget = widget(&signer).await;
    let host = new_host();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    let errors = Rc::new(RefCell::new(Vec::new()));
    let seen = errors.clone();
    button.on(
        EventKind::Error,
        Rc::new(move |e: &WidgetEvent| {
            if let WidgetEvent::Error(e) = e {
                seen.borrow_mut().push(e.code());
            }
        }),
    );
    let element = button.button_element().unwrap();
    click(&element);
    settle().await;
    assert_eq!(*errors.borrow(), vec!["SIGNER_ERROR"]);
    let message: HtmlElement = host
        .query_selector("[data-amazon-pay-message]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        message.get_attribute("data-code").as_deref(),
        Some("SIGNER_ERROR")
    );
    assert_eq!(
        message.get_attribute("data-signer-code").as_deref(),
        Some("SKU_UNKNOWN")
    );
    assert_eq!(message.get_attribute("role").as_deref(), Some("status"));
    assert!(message.text_content().unwrap().contains("SKU_UNKNOWN"));
    assert_ne!(message.style().get_property_value("display").unwrap(), "none");
    assert_eq!(inits_for(&selector_of(&element)).length(), 0);
    assert_eq!(host.children().length(), 1, "still one child, button still there");
    assert!(element.is_connected());

    // The next click works and clears the message.
    *signer.fail_with.borrow_mut() = None;
    click(&element);
    settle().await;
    assert_eq!(inits_for(&selector_of(&element)).length(), 1);
    assert_eq!(message.style().get_property_value("display").unwrap(), "none");
    assert!(message.get_attribute("data-code").is_none());
}

#[wasm_bindgen_test]
async fn mount_errors_are_typed_and_leave_the_page_clean() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    // Not in the document.
    let document = web_sys::window().unwrap().document().unwrap();
    let detached = document.create_element("div").unwrap();
    let e = widget.mount_button(&detached, ButtonOptions::new()).unwrap_err();
    assert_eq!(e.code(), "ELEMENT_NOT_FOUND");
    assert_eq!(detached.children().length(), 0);
    // Bad data-* options.
    let host = new_host();
    host.set_attribute("data-color", "Pink").unwrap();
    let e = ButtonOptions::from_attributes(|n| host.get_attribute(n)).unwrap_err();
    assert_eq!(e.code(), "OPTION_INVALID");
    let js = amazon_pay_widget::js::to_js_error(&e);
    assert!(js.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&js, "code").as_string().as_deref(), Some("OPTION_INVALID"));
    assert_eq!(get(&js, "name").as_string().as_deref(), Some("AmazonPayError"));
    // A bad cart.
    let e = widget
        .mount_button(
            &host,
            ButtonOptions::new().with_cart(Cart::lines(vec![CartLine::new("bad sku", 1)])),
        )
        .unwrap_err();
    assert_eq!(e.code(), "CART_INVALID");
    assert_eq!(host.children().length(), 0);
    assert!(host.get_attribute(HOST_MARKER).is_none());
    // checkout.js throwing (here: render into an element that is gone) → SCRIPT_ERROR, nothing left.
    let signer_error = amazon_pay_widget::amazon::thrown(&JsValue::from_str("AmazonPay:\nMissing parameter"));
    assert_eq!(signer_error, WidgetError::ScriptError("Missing parameter".into()));
}

#[wasm_bindgen_test]
fn every_size_is_stable_for_checkout_js() {
    for viewport in [Viewport::Pc, Viewport::Smartphone] {
        for size in [SizeName::Small, SizeName::Medium, SizeName::Large] {
            assert!(
                dimensions(size, viewport).is_stable_for_checkout_js(),
                "{size:?} {viewport:?}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn display_rule_bounds() {
    let rule = DisplayRule {
        min_total: Some(jpy("1000")),
        max_total: Some(jpy("5000")),
    };
    assert!(!rule.shows(Some(&jpy("999"))));
    assert!(rule.shows(Some(&jpy("1000"))));
    assert!(rule.shows(Some(&jpy("4999"))));
    assert!(!rule.shows(Some(&jpy("5000"))));
    assert!(rule.shows(None));
    // Another currency cannot be compared: shown, the signer decides.
    assert!(rule.shows(Some(&Money::parse("1", Currency::Usd).unwrap())));
}

#[wasm_bindgen_test]
fn error_codes_are_unique() {
    let mut codes = WidgetError::CODES.to_vec();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), WidgetError::CODES.len());
}

#[cfg(feature = "pages")]
#[wasm_bindgen_test]
async fn a_buyer_back_from_amazon_without_paying_sees_the_cancel_on_the_button() {
    use amazon_pay_widget::button::STARTED_KEY;
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    storage.remove_item(STARTED_KEY).unwrap();
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    // A click that reaches initCheckout marks the tab: the buyer is at Amazon Pay.
    let host = new_host();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    click(&button.button_element().unwrap());
    settle().await;
    assert!(storage.get_item(STARTED_KEY).unwrap().is_some());
    drop(button);

    // Back at the shop (the cancel URL): the next button says so, once.
    let log = Rc::new(RefCell::new(Vec::new()));
    let host = new_host();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    let seen = log.clone();
    button.on(
        EventKind::Cancel,
        Rc::new(move |e: &WidgetEvent| seen.borrow_mut().push(e.clone())),
    );
    settle().await;
    assert_eq!(*log.borrow(), vec![WidgetEvent::Cancel(Detail::None)]);
    let wrapper = host.first_element_child().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("canceled")
    );
    assert!(wrapper.text_content().unwrap().contains("キャンセルされました"));
    assert!(storage.get_item(STARTED_KEY).unwrap().is_none());
    // A cart update keeps the note; the next click clears it.
    button.update(cart("3000")).unwrap();
    assert!(wrapper.has_attribute("data-amazon-pay-outcome"));
    click(&button.button_element().unwrap());
    settle().await;
    assert!(!wrapper.has_attribute("data-amazon-pay-outcome"));

    // A return page clears the mark: that buyer is not back without paying.
    assert!(storage.get_item(STARTED_KEY).unwrap().is_some());
    let page = widget
        .mount_result(
            &new_host(),
            PageOptions::new().with_checkout_session_id(session("ok")),
        )
        .unwrap();
    assert!(storage.get_item(STARTED_KEY).unwrap().is_none());
    settle().await;
    drop(page);
    drop(button);
}
