//! The review page: buyer, address and payment method, the shop's own fields, place-order.

use crate::support::*;

#[wasm_bindgen_test]
async fn review_shows_buyer_address_and_payment_and_binds_the_change_links() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let id = session("open");
    let page = widget
        .mount_review(&host, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    let log = record(&page);
    let wrapper = page.wrapper().unwrap();
    assert_eq!(wrapper.get_attribute(WRAPPER_MARKER).as_deref(), Some("review"));
    let place = find(&wrapper, "[data-amazon-pay-action=place-order]").unwrap();
    assert!(
        place.has_attribute("disabled"),
        "disabled until the review data is shown"
    );
    assert!(text(&wrapper, "[data-amazon-pay-message]").contains("読み込んでいます"));

    settle().await;
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=buyer]"), "山田 花子");
    assert_eq!(
        text(&wrapper, "[data-amazon-pay-field=email]"),
        "hanako.yamada@example.jp"
    );
    let address = text(&wrapper, "[data-amazon-pay-field=address]");
    assert!(
        address.starts_with("〒100-0001\n東京都千代田区千代田1-1 パレスビル3F"),
        "{address}"
    );
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=payment]"), "Visa ****1111");
    // What will be charged, before the buyer places the order.
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=subtotal]"), "¥3,200");
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=shipping]"), "¥500");
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=tax]"), "商品価格に含む");
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=total]"), "¥3,700");
    assert!(
        wrapper.text_content().unwrap().contains("お届け先"),
        "Japanese for ja_JP"
    );
    assert!(!place.has_attribute("disabled"));
    let binds = binds_for(&id);
    assert_eq!(binds.length(), 2);
    let actions: Vec<String> = binds
        .iter()
        .map(|b| get(&b, "options.changeAction").as_string().unwrap())
        .collect();
    assert_eq!(actions, vec!["changeAddress", "changePayment"]);
    for (b, action) in binds.iter().zip(["change-address", "change-payment"]) {
        let selector = get(&b, "selector").as_string().unwrap();
        let link = find(&wrapper, &selector).unwrap();
        assert_eq!(
            link.get_attribute("data-amazon-pay-action").as_deref(),
            Some(action)
        );
    }
    assert_eq!(kinds(&log), vec!["ready"]);
    page.destroy();
    assert_eq!(host.children().length(), 0);
}

#[wasm_bindgen_test]
async fn review_fills_the_shops_own_fields_with_the_address_read_only() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let form = new_host();
    form.set_inner_html(
        r#"<input id="f-name"><input id="f-zip"><select id="f-pref"><option value="">--</option>
        <option value="13">東京都</option><option value="27">大阪府</option></select>
        <input id="f-city"><input id="f-line1"><input id="f-line2"><input id="f-tel"><input id="f-mail">"#,
    );
    let host = new_host();
    let fields = FieldSelectors {
        name: Some("#f-name".into()),
        postal_code: Some("#f-zip".into()),
        state_or_region: Some("#f-pref".into()),
        city: Some("#f-city".into()),
        address_line1: Some("#f-line1".into()),
        address_line2: Some("#f-line2".into()),
        phone_number: Some("#f-tel".into()),
        email: Some("#f-mail".into()),
        ..FieldSelectors::default()
    };
    let changes = Rc::new(RefCell::new(0));
    let seen = changes.clone();
    let listener = gloo_events::EventListener::new(&form, "change", move |_| *seen.borrow_mut() += 1);
    let page = widget
        .mount_review(
            &host,
            PageOptions::new()
                .with_checkout_session_id(session("open"))
                .with_fields(fields),
        )
        .unwrap();
    settle().await;
    let value = |id: &str| prop(&find(&form, id).unwrap(), "value").as_string().unwrap();
    assert_eq!(value("#f-name"), "山田 花子");
    assert_eq!(value("#f-zip"), "100-0001");
    assert_eq!(value("#f-pref"), "13", "the option whose text is the prefecture");
    assert_eq!(value("#f-city"), "千代田区");
    assert_eq!(value("#f-line1"), "千代田1-1");
    assert_eq!(value("#f-line2"), "パレスビル3F");
    assert_eq!(value("#f-tel"), "0312345678");
    assert_eq!(value("#f-mail"), "hanako.yamada@example.jp");
    assert!(find(&form, "#f-zip").unwrap().has_attribute("readonly"));
    assert!(!find(&form, "#f-mail").unwrap().has_attribute("readonly"));
    assert!(*changes.borrow() >= 8, "the shop hears change events");
    let wrapper = page.wrapper().unwrap();
    assert!(find(&wrapper, "[data-amazon-pay-field=address]").is_none());
    assert!(find(&wrapper, "[data-amazon-pay-action=change-address]").is_some());
    assert_eq!(text(&wrapper, "[data-amazon-pay-field=payment]"), "Visa ****1111");
    drop(listener);
    drop(page);
    form.remove();
}

#[wasm_bindgen_test]
async fn place_order_sends_the_cart_and_sends_the_buyer_to_amazon_pay() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let id = session("open");
    let page = widget
        .mount_review(
            &host,
            PageOptions::new()
                .with_checkout_session_id(&id)
                .with_cart(cart("2400")),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let place: HtmlElement = find(&page.wrapper().unwrap(), "[data-amazon-pay-action=place-order]")
        .unwrap()
        .unchecked_into();

    // A failure: a calm message with the signer's code, and the button works again.
    place.click();
    settle().await;
    let wrapper = page.wrapper().unwrap();
    let message = find(&wrapper, "[data-amazon-pay-message]").unwrap();
    assert_eq!(
        message.get_attribute("data-code").as_deref(),
        Some("SIGNER_ERROR")
    );
    assert!(message.text_content().unwrap().contains("CONSTRAINTS_UNMET"));
    assert!(!place.has_attribute("disabled"));

    // Success: the buyer is sent to the URL (a fragment here, so the test page stays).
    let here = web_sys::window().unwrap().location().href().unwrap();
    let target = format!("{}#placed-{id}", here.split('#').next().unwrap());
    *signer.redirect_to.borrow_mut() = Some(target.clone());
    place.click();
    place.click(); // a double click places once
    settle().await;
    let placed = signer.placed.borrow();
    assert_eq!(placed.len(), 2);
    assert_eq!(placed[1].0, id);
    assert_eq!(placed[1].1.cart, Some(vec![CartLine::new("TEA-1", 2)]));
    assert_eq!(placed[1].1.amount, None, "the signer prices the cart");
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert_eq!(hash, format!("#placed-{id}"));
    assert_eq!(kinds(&log), vec!["ready", "click", "error", "click", "complete"]);
    assert_eq!(
        log.borrow().last().unwrap(),
        &WidgetEvent::Complete(Detail::Placed(target))
    );
    page.destroy();
}

#[wasm_bindgen_test]
async fn review_errors_are_typed_and_calm() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;

    // No session in the options nor in the page address.
    let host = new_host();
    let page = widget
        .mount_review(&host, PageOptions::new().with_cart_url("/cart.html"))
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(
        find(&wrapper, "[data-amazon-pay-message]")
            .unwrap()
            .get_attribute("data-code")
            .as_deref(),
        Some("PARAMETER_MISSING")
    );
    assert!(find(&wrapper, "[data-amazon-pay-action=place-order]").is_none());
    let back = find(&wrapper, "a[data-amazon-pay-action=back-to-cart]").unwrap();
    assert_eq!(back.get_attribute("href").as_deref(), Some("/cart.html"));
    // Found while mounting, fired after the caller could listen.
    assert_eq!(kinds(&log), vec!["error"]);

    // The signer fails: the message, an error event, place-order stays disabled.
    let host = new_host();
    let page = widget
        .mount_review(
            &host,
            PageOptions::new().with_checkout_session_id(session("fail")),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert!(text(&wrapper, "[data-amazon-pay-message]").contains("RESOURCE_NOT_FOUND"));
    assert!(find(&wrapper, "[data-amazon-pay-action=place-order]")
        .unwrap()
        .has_attribute("disabled"));
    assert_eq!(kinds(&log), vec!["error"]);

    // A closed session: explained, with the way back; a cancel event.
    let host = new_host();
    let page = widget
        .mount_review(
            &host,
            PageOptions::new()
                .with_checkout_session_id(session("closed"))
                .with_cart_url("/cart.html"),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert!(text(&wrapper, "[data-amazon-pay-message]").contains("カートからやり直して"));
    assert!(find(&wrapper, "[data-amazon-pay-action=place-order]").is_none());
    assert!(find(&wrapper, "a[data-amazon-pay-action=back-to-cart]").is_some());
    assert_eq!(kinds(&log), vec!["cancel"]);

    // A bad option is refused at mount time, and nothing is left in the element.
    let host = new_host();
    let js = amazon_pay_widget::js::AmazonPay::from_widget(widget.clone());
    let options = js_sys::JSON::parse(r##"{"fields":{"zip":"#z"}}"##).unwrap();
    let error = js.mount_review(host.clone().into(), options).unwrap_err();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("OPTION_INVALID"));
    assert_eq!(host.children().length(), 0);
}
