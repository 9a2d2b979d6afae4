//! The JavaScript surface: handlers on and off, the return pages' classes, and the `/v1/config` request the script tag starts before the widget.

use crate::support::*;

#[wasm_bindgen_test]
async fn js_surface_events_on_and_off() {
    let signer = TestSigner::new();
    *signer.fail_with.borrow_mut() = Some(WidgetError::Network("offline".into()));
    let widget = widget(&signer).await;
    let js = amazon_pay_widget::js::AmazonPay::from_widget(widget);
    let host = new_host();
    let button = js.mount_button(host.clone().into(), JsValue::UNDEFINED).unwrap();
    let log = js_sys::Array::new();
    let record =
        js_sys::Function::new_with_args("e", "this.push(e.type + ':' + (e.error ? e.error.code : ''))")
            .bind0(&log);
    button.on("ready", record.clone()).unwrap();
    button.on("error", record.clone()).unwrap();
    assert!(button.on("nonsense", record.clone()).is_err());
    settle().await;
    click(&button.button_ref().button_element().unwrap());
    settle().await;
    let seen: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(seen, vec!["ready:".to_owned(), "error:NETWORK_ERROR".to_owned()]);
    button.off("error", record);
    click(&button.button_ref().button_element().unwrap());
    settle().await;
    assert_eq!(log.length(), 2, "off removed the handler");
    button.destroy();
    assert_eq!(host.children().length(), 0);
}

#[cfg(feature = "pages")]
#[wasm_bindgen_test]
async fn js_surface_of_the_return_pages() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let js = amazon_pay_widget::js::AmazonPay::from_widget(widget);
    let host = new_host();
    let id = session("ok");
    let options = js_sys::JSON::parse(&format!(
        r#"{{"checkoutSessionId":"{id}","cartUrl":"/cart.html","cart":[{{"sku":"TEA-1","quantity":1}}]}}"#
    ))
    .unwrap();
    let page = js.mount_result(host.clone().into(), options).unwrap();
    let log = js_sys::Array::new();
    let record = js_sys::Function::new_with_args(
        "e",
        "this.push(e.type + ':' + (e.outcome || '') + ':' + (e.orderReference || '') + ':' + (e.detail.outcome || ''))",
    )
    .bind0(&log);
    page.on("ready", record.clone()).unwrap();
    page.on("complete", record.clone()).unwrap();
    assert!(page.on("nonsense", record.clone()).is_err());
    settle().await;
    let seen: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        seen,
        vec![
            "ready:::".to_owned(),
            "complete:completed:P01-1111111-1111111:completed".to_owned()
        ]
    );
    page.off("complete", record);
    page.destroy();
    assert!(page.destroyed());
    assert_eq!(host.children().length(), 0);
    // A missing element is a typed error.
    let error = js
        .mount_sign_in(JsValue::from_str("#no-such-element"), JsValue::UNDEFINED)
        .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("ELEMENT_NOT_FOUND")
    );
}

#[wasm_bindgen_test]
async fn a_config_request_started_before_the_widget_is_used_for_its_url_only() {
    use amazon_pay_widget::FetchSignerClient;
    let client = FetchSignerClient::new("https://signer.example/").unwrap();
    let body = config_json("A2PREFETCHED", &double_url());
    assert!(client
        .prefetched_config("https://other.example/v1/config", answer(200, &body))
        .is_none());
    let config = client
        .prefetched_config("https://signer.example/v1/config", answer(200, &body))
        .unwrap();
    let widget = Widget::load_with_config(Rc::new(client) as Rc<dyn SignerClient>, config)
        .await
        .unwrap();
    assert_eq!(widget.config().merchant_id, "A2PREFETCHED");

    // Through the script tag's entry point, a button mounts from that answer alone.
    let amazon_pay = amazon_pay_widget::js::load_amazon_pay(
        "https://signer.example".into(),
        prefetched("https://signer.example/v1/config", answer(200, &body)),
    )
    .await
    .unwrap();
    let host = new_host();
    let button = amazon_pay
        .mount_button(host.clone().into(), JsValue::UNDEFINED)
        .unwrap();
    let selector = selector_of(&button.button_ref().button_element().unwrap());
    assert_eq!(
        get(&renders_for(&selector).get(0), "options.merchantId"),
        "A2PREFETCHED"
    );
    button.destroy();
}

/// A signer refusal carries the signer's `x-request-id` to the shop's script (`.requestId`),
/// with or without an error body; an answer without the header has none.
#[wasm_bindgen_test]
async fn a_signer_error_carries_the_signers_request_id() {
    let url = "https://signer.example/v1/config";
    let load = |response: js_sys::Promise| {
        amazon_pay_widget::js::load_amazon_pay("https://signer.example".into(), prefetched(url, response))
    };
    let limited = r#"{"error":{"code":"RATE_LIMITED","message":"too many requests"}}"#;
    let e = load(answer_with_request_id(429, limited, "9f86d081884c7d65"))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "signerCode").as_string().as_deref(), Some("RATE_LIMITED"));
    assert_eq!(
        get(&e, "requestId").as_string().as_deref(),
        Some("9f86d081884c7d65")
    );
    let e = load(answer_with_request_id(502, "Bad Gateway", "0123abcd"))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "requestId").as_string().as_deref(), Some("0123abcd"));
    let e = load(answer(403, limited)).await.unwrap_err();
    assert!(get(&e, "requestId").is_undefined());
}

#[wasm_bindgen_test]
async fn a_prefetched_config_fails_with_the_codes_of_the_widgets_own_request() {
    let url = "https://signer.example/v1/config";
    let code_of = |e: JsValue, key: &str| get(&e, key).as_string();
    let load = |response: js_sys::Promise| {
        amazon_pay_widget::js::load_amazon_pay("https://signer.example".into(), prefetched(url, response))
    };

    let busy = r#"{"error":{"code":"CONFIG_MISSING","message":"no merchant"}}"#;
    let e = load(answer(503, busy)).await.unwrap_err();
    assert_eq!(code_of(e.clone(), "code").as_deref(), Some("SIGNER_ERROR"));
    assert_eq!(
        code_of(e.clone(), "signerCode").as_deref(),
        Some("CONFIG_MISSING")
    );
    assert_eq!(get(&e, "status").as_f64(), Some(503.0));

    let e = load(answer(502, "Bad Gateway")).await.unwrap_err();
    assert_eq!(code_of(e.clone(), "signerCode").as_deref(), Some("HTTP_502"));

    let e = load(answer(200, "<html>")).await.unwrap_err();
    assert_eq!(code_of(e, "code").as_deref(), Some("RESPONSE_INVALID"));

    let e = load(answer(200, &config_json("A2TESTMERCHANT", "javascript:alert(1)")))
        .await
        .unwrap_err();
    assert_eq!(code_of(e, "code").as_deref(), Some("RESPONSE_INVALID"));

    let e = load(unreachable()).await.unwrap_err();
    assert_eq!(code_of(e, "code").as_deref(), Some("NETWORK_ERROR"));
}
