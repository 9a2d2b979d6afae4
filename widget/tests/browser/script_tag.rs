//! Script-tag use: options from `data-*` attributes and the slots `mountAll` fills.

use crate::support::*;

#[wasm_bindgen_test]
async fn options_from_data_attributes() {
    let host = new_host();
    for (name, value) in [
        ("data-placement", "Cart"),
        ("data-product-type", "PayOnly"),
        ("data-color", "DarkGray"),
        ("data-size-pc", "large"),
        ("data-size-smartphone", "small"),
        ("data-cart", r#"[{"sku":"TEA-1","quantity":2}]"#),
        ("data-amount", "12.50"),
        ("data-currency-code", "USD"),
    ] {
        host.set_attribute(name, value).unwrap();
    }
    let options = ButtonOptions::from_attributes(|n| host.get_attribute(n)).unwrap();
    assert_eq!(options.placement, Some(Placement::Cart));
    assert_eq!(options.product_type, Some(ProductType::PayOnly));
    assert_eq!(options.size.pc, SizeName::Large);
    assert_eq!(options.size.smartphone, SizeName::Small);
    assert_eq!(options.cart.lines, Some(vec![CartLine::new("TEA-1", 2)]));
    let amount = options.cart.estimated_order_amount.unwrap();
    assert_eq!(amount.minor(), 1250);
    assert_eq!(
        amount.to_price(),
        Price {
            amount: "12.50".into(),
            currency_code: "USD".into()
        }
    );
    host.set_attribute("data-amount", "12.505").unwrap();
    assert_eq!(
        ButtonOptions::from_attributes(|n| host.get_attribute(n))
            .unwrap_err()
            .code(),
        "CART_INVALID"
    );
    host.set_attribute("data-amount", "12.50").unwrap();
    host.set_attribute("data-cart", "[{").unwrap();
    assert_eq!(
        ButtonOptions::from_attributes(|n| host.get_attribute(n))
            .unwrap_err()
            .code(),
        "CART_INVALID"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn script_tag_slots_mount_from_data_attributes() {
    use amazon_pay_widget::auto_mount::{mount_all, ERROR_ATTRIBUTE};
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let good = new_host();
    for (name, value) in [
        ("data-amazon-pay-button", ""),
        ("data-placement", "Cart"),
        ("data-product-type", "PayAndShip"),
        ("data-color", "LightGray"),
        ("data-size", "large"),
        ("data-cart", r#"[{"sku":"TEA-1","quantity":1}]"#),
    ] {
        good.set_attribute(name, value).unwrap();
    }
    let bad = new_host();
    bad.set_attribute("data-amazon-pay-button", "").unwrap();
    bad.set_attribute("data-color", "Pink").unwrap();

    let outcomes = mount_all(&widget).unwrap();
    let for_good = outcomes.iter().find(|o| o.element == good).unwrap();
    let button = for_good.result.as_ref().unwrap();
    let element = button.button_element().unwrap();
    let options = get(&renders_for(&selector_of(&element)).get(0), "options");
    assert_eq!(
        get(&options, "buttonColor").as_string().as_deref(),
        Some("LightGray")
    );
    assert_eq!(element.style().get_property_value("width").unwrap(), "300px");
    let for_bad = outcomes.iter().find(|o| o.element == bad).unwrap();
    assert_eq!(for_bad.result.as_ref().unwrap_err().code(), "OPTION_INVALID");
    assert_eq!(
        bad.get_attribute(ERROR_ATTRIBUTE).as_deref(),
        Some("OPTION_INVALID")
    );
    assert_eq!(bad.children().length(), 0);

    // Again: the mounted slot is left alone, nothing is rendered twice.
    let again = mount_all(&widget).unwrap();
    assert!(again.iter().all(|o| o.element != good));
    assert_eq!(renders_for(&selector_of(&element)).length(), 1);
    button.destroy();
    bad.remove();
    good.remove();
}

#[wasm_bindgen_test]
async fn a_stale_wrapper_from_cloned_html_is_replaced() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    // A copy of the mounted markup (as server-side rendering or cloneNode would leave it).
    let copy: Element = host.clone_node_with_deep(true).unwrap().unchecked_into();
    host.parent_node().unwrap().append_child(&copy).unwrap();
    assert_eq!(copy.children().length(), 1);
    let again = widget
        .mount_button(&copy, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    assert_eq!(copy.children().length(), 1, "the stale wrapper went, ours came");
    assert!(!button.is_destroyed(), "the original mount is untouched");
    assert_eq!(host.children().length(), 1);
    drop(again);
    assert_eq!(copy.children().length(), 0);
}

#[cfg(feature = "pages")]
#[wasm_bindgen_test]
async fn script_tag_slots_mount_pages_from_data_attributes() {
    use amazon_pay_widget::auto_mount::{mount_all_pages, ERROR_ATTRIBUTE};
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let input = new_host();
    input.set_inner_html(r#"<input id="s-mail">"#);
    let review = new_host();
    let id = session("open");
    review.set_attribute("data-amazon-pay-review", "").unwrap();
    review.set_attribute("data-checkout-session-id", &id).unwrap();
    review
        .set_attribute("data-cart", r#"[{"sku":"TEA-1","quantity":1}]"#)
        .unwrap();
    review
        .set_attribute("data-fields", r##"{"email":"#s-mail"}"##)
        .unwrap();
    let result = new_host();
    result.set_attribute("data-amazon-pay-result", "").unwrap();
    result
        .set_attribute("data-checkout-session-id", &session("canc"))
        .unwrap();
    result.set_attribute("data-cart-url", "/cart.html").unwrap();
    let bad = new_host();
    bad.set_attribute("data-amazon-pay-signin", "").unwrap();
    bad.set_attribute("data-fields", "{not json").unwrap();
    let dom_events = js_sys::Array::new();
    let seen = dom_events.clone();
    let listener = gloo_events::EventListener::new(&result, "amazonpay:cancel", move |e| {
        seen.push(&prop(e.as_ref(), "detail"));
    });

    let outcomes = mount_all_pages(&widget).unwrap();
    settle().await;
    let of = |el: &Element| outcomes.iter().find(|o| o.element == *el).unwrap();
    let page = of(&review).result.as_ref().unwrap();
    assert_eq!(page.kind(), PageKind::Review);
    assert_eq!(
        prop(&find(&input, "#s-mail").unwrap(), "value")
            .as_string()
            .as_deref(),
        Some("hanako.yamada@example.jp")
    );
    let wrapper = of(&result).result.as_ref().unwrap().wrapper().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("canceled")
    );
    assert_eq!(dom_events.length(), 1);
    assert_eq!(
        prop(&dom_events.get(0), "outcome").as_string().as_deref(),
        Some("canceled")
    );
    assert_eq!(of(&bad).result.as_ref().unwrap_err().code(), "OPTION_INVALID");
    assert_eq!(
        bad.get_attribute(ERROR_ATTRIBUTE).as_deref(),
        Some("OPTION_INVALID")
    );
    // Again: mounted slots are left alone.
    assert!(mount_all_pages(&widget)
        .unwrap()
        .iter()
        .all(|o| o.element != review && o.element != result));
    drop(listener);
    for o in &outcomes {
        if let Ok(page) = &o.result {
            page.destroy();
        }
    }
}
