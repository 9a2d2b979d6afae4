//! The result page: outcomes, completing once, the fresh button after a decline.

use crate::support::*;

#[wasm_bindgen_test]
async fn result_completed_shows_the_order_reference_and_fires_complete() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let dom_events = js_sys::Array::new();
    let seen = dom_events.clone();
    let listener = gloo_events::EventListener::new(&host, "amazonpay:complete", move |e| {
        let detail = prop(e.as_ref(), "detail");
        seen.push(&detail);
    });
    let id = session("ok");
    let page = widget
        .mount_result(&host, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    let log = record(&page);
    let wrapper = page.wrapper().unwrap();
    assert_eq!(wrapper.get_attribute(WRAPPER_MARKER).as_deref(), Some("result"));
    assert!(wrapper.get_attribute("data-amazon-pay-outcome").is_none());
    settle().await;
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("completed")
    );
    assert_eq!(
        text(&wrapper, "[data-amazon-pay-field=order-reference]").trim(),
        "P01-1111111-1111111"
    );
    assert!(wrapper
        .text_content()
        .unwrap()
        .contains("ご注文ありがとうございます"));
    assert!(find(&wrapper, "[data-amazon-pay-action=back-to-cart]").is_none());
    assert_eq!(kinds(&log), vec!["ready", "complete"]);
    match log.borrow().last().unwrap() {
        WidgetEvent::Complete(Detail::Order(order)) => {
            assert_eq!(order.outcome, Outcome::Completed);
            assert_eq!(order.order_reference.as_deref(), Some("P01-1111111-1111111"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(dom_events.length(), 1, "script-tag pages get amazonpay:complete");
    let detail = dom_events.get(0);
    assert_eq!(prop(&detail, "outcome").as_string().as_deref(), Some("completed"));
    assert_eq!(
        prop(&detail, "orderReference").as_string().as_deref(),
        Some("P01-1111111-1111111")
    );
    drop(listener);
    page.destroy();
}

/// A recurring checkout: the complete event's detail carries the subscription it started and
/// the token the shop keeps to show it later; a one-time order's carries none.
#[wasm_bindgen_test]
async fn a_subscription_checkout_hands_its_subscription_to_the_shop() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let mut details = Vec::new();
    for prefix in ["sub", "ok"] {
        let host = new_host();
        let seen = js_sys::Array::new();
        let sink = seen.clone();
        let listener = gloo_events::EventListener::new(&host, "amazonpay:complete", move |e| {
            sink.push(&prop(e.as_ref(), "detail"));
        });
        let page = widget
            .mount_result(
                &host,
                PageOptions::new().with_checkout_session_id(session(prefix)),
            )
            .unwrap();
        settle().await;
        assert_eq!(seen.length(), 1, "{prefix}");
        details.push(seen.get(0));
        drop(listener);
        page.destroy();
    }
    let subscription = prop(&details[0], "subscription");
    assert_eq!(
        prop(&subscription, "id").as_string().as_deref(),
        Some("sub-P01-1111111-1111111")
    );
    assert_eq!(
        prop(&subscription, "token").as_string().as_deref(),
        Some("s1.sub-P01-1111111-1111111.1800000000.mac")
    );
    assert!(prop(&details[1], "subscription").is_undefined());
}

#[wasm_bindgen_test]
async fn a_reload_or_a_second_mount_never_completes_twice() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let id = session("ok");
    // Two mounts at once share one call.
    let (a, b) = (new_host(), new_host());
    let first = widget
        .mount_result(&a, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    let second = widget
        .mount_result(&b, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    settle().await;
    assert_eq!(signer.completes.borrow().len(), 1);
    for page in [&first, &second] {
        assert_eq!(
            page.wrapper()
                .unwrap()
                .get_attribute("data-amazon-pay-outcome")
                .as_deref(),
            Some("completed")
        );
    }
    // A reload (a fresh page state) finds the kept outcome in sessionStorage.
    let kept = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item(&format!(
            "{}{id}",
            amazon_pay_widget::pages::result::STORAGE_PREFIX
        ))
        .unwrap();
    assert!(kept.unwrap().contains("P01-1111111-1111111"));
    let other = TestSigner::new();
    let reloaded = Widget::load(other.clone() as Rc<dyn SignerClient>).await.unwrap();
    let c = new_host();
    let again = reloaded
        .mount_result(&c, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    settle().await;
    assert_eq!(other.completes.borrow().len(), 0, "no second complete");
    assert_eq!(
        text(
            &again.wrapper().unwrap(),
            "[data-amazon-pay-field=order-reference]"
        )
        .trim(),
        "P01-1111111-1111111"
    );
    // A failed completion is not kept: it may be tried again.
    let failing = session("err");
    let d = new_host();
    let page = widget
        .mount_result(&d, PageOptions::new().with_checkout_session_id(&failing))
        .unwrap();
    settle().await;
    assert_eq!(
        page.wrapper()
            .unwrap()
            .get_attribute("data-amazon-pay-outcome")
            .as_deref(),
        Some("error")
    );
    assert!(text(&page.wrapper().unwrap(), "[data-amazon-pay-message]").contains("ORDER_NOT_PLACED"));
    let page = widget
        .mount_result(&d, PageOptions::new().with_checkout_session_id(&failing))
        .unwrap();
    settle().await;
    assert_eq!(
        signer
            .completes
            .borrow()
            .iter()
            .filter(|i| **i == failing)
            .count(),
        2
    );
    drop(page);
}

#[wasm_bindgen_test]
async fn a_decline_explains_and_offers_a_fresh_button() {
    track_listeners();
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let baseline = live_listener_count();
    let page = widget
        .mount_result(
            &host,
            PageOptions::new()
                .with_checkout_session_id(session("decl"))
                .with_cart(cart("2400"))
                .with_cart_url("/cart.html"),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("declined")
    );
    assert!(wrapper.text_content().unwrap().contains("承認されませんでした"));
    assert!(find(&wrapper, "[data-amazon-pay-field=order-reference]").is_none());
    let button = page.button().expect("a fresh button");
    let element = button.button_element().unwrap();
    assert!(wrapper.contains(Some(&element)), "inside the result wrapper");
    assert_eq!(renders_for(&selector_of(&element)).length(), 1);
    assert!(find(&wrapper, "a[data-amazon-pay-action=back-to-cart]").is_some());
    // The fresh button starts a new checkout with the cart.
    click(&element);
    settle().await;
    assert_eq!(
        signer.calls.borrow().last().unwrap().cart,
        Some(vec![CartLine::new("TEA-1", 2)])
    );
    assert_eq!(kinds(&log), vec!["ready", "complete"]);

    // Destroy takes the fresh button with it.
    page.destroy();
    assert!(button.is_destroyed());
    assert_eq!(host.children().length(), 0);
    assert!(!element.is_connected());
    assert_eq!(live_listener_count(), baseline, "no listener left behind");
}

#[wasm_bindgen_test]
async fn cancel_and_expiry_lead_back_to_the_cart() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    for (prefix, outcome, words) in [
        ("canc", "canceled", "キャンセルされました"),
        ("exp", "expired", "有効期限が切れました"),
    ] {
        let host = new_host();
        let page = widget
            .mount_result(
                &host,
                PageOptions::new()
                    .with_checkout_session_id(session(prefix))
                    .with_cart_url("/cart.html"),
            )
            .unwrap();
        let log = record(&page);
        settle().await;
        let wrapper = page.wrapper().unwrap();
        assert_eq!(
            wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
            Some(outcome)
        );
        assert!(wrapper.text_content().unwrap().contains(words));
        let back = find(&wrapper, "a[data-amazon-pay-action=back-to-cart]").unwrap();
        assert_eq!(back.get_attribute("href").as_deref(), Some("/cart.html"));
        assert!(back.text_content().unwrap().contains("カートに戻って"));
        assert!(page.button().is_none());
        assert_eq!(kinds(&log), vec!["ready", "cancel"]);
        page.destroy();
    }
}
