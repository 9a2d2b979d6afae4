//! DOM behaviour of the widget in headless Chromium (wasm-bindgen-test).
//!
//! checkout.js and the signer are replaced by test doubles: a small in-page `amazon.Pay`
//! (served from a Blob URL, so the script loader really loads it) that records `renderButton`,
//! `initCheckout` and `updateButtonInfo`, and a [`SignerClient`] that records its requests.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::money::{Currency, Money, Price};
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, ConfigResponse, DisplayLimits, SignInButtonRequest,
    SignInButtonResponse, SignedPayload,
};
use amazon_pay_widget::button::{HOST_MARKER, WRAPPER_MARKER};
use amazon_pay_widget::events::{EventKind, WidgetEvent};
use amazon_pay_widget::options::{ButtonOptions, Cart, Placement, ProductType};
use amazon_pay_widget::size::{dimensions, SizeName, Viewport};
use amazon_pay_widget::visibility::DisplayRule;
use amazon_pay_widget::{SignerClient, SignerFuture, Widget, WidgetError};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const SOURCE = `(function () {
  var D = window.__apwDouble || (window.__apwDouble = { loads: 0, renders: [], inits: [], updates: [] });
  D.loads++;
  window.amazon = window.amazon || {};
  window.amazon.Pay = {
    renderButton: function (selector, options) {
      var host = document.querySelector(selector);
      if (!host) { throw "AmazonPay:\\nCan not find element " + selector + " for amazon.Pay.renderButton."; }
      if (!options || !options.merchantId) { throw "AmazonPay:\\nMissing parameter 'merchantId' in the options object."; }
      var shadow = host.attachShadow({ mode: 'open' }); /* throws when rendered twice into one element */
      var inner = document.createElement('div');
      inner.textContent = 'amazon pay';
      shadow.appendChild(inner);
      host.setAttribute('role', 'button');
      var rec = { selector: selector, options: options, onClick: null };
      D.renders.push(rec);
      host.addEventListener('click', function () { if (rec.onClick) { rec.onClick(); } });
      return {
        onClick: function (cb) { rec.onClick = cb; },
        initCheckout: function (req) { D.inits.push({ selector: selector, request: req }); },
        updateButtonInfo: function (a) { D.updates.push({ selector: selector, amount: a }); }
      };
    }
  };
})();`;
let url = null;
export function double_url() {
  if (!url) { url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' })); }
  return url;
}
export function fresh_double_url() {
  return URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
}
export function forget_amazon() { delete window.amazon; }
function D() { return window.__apwDouble || { loads: 0, renders: [], inits: [], updates: [] }; }
export function load_count() { return D().loads; }
export function renders_for(selector) { return D().renders.filter(r => r.selector === selector); }
export function inits_for(selector) { return D().inits.filter(r => r.selector === selector); }
export function updates_for(selector) { return D().updates.filter(r => r.selector === selector); }
export function tick() { return new Promise(resolve => setTimeout(resolve, 0)); }

export function track_listeners() {
  if (window.__apwListeners) { return; }
  const live = window.__apwListeners = [];
  const proto = EventTarget.prototype;
  const add = proto.addEventListener, remove = proto.removeEventListener;
  const capture = o => typeof o === 'boolean' ? o : !!(o && o.capture);
  proto.addEventListener = function (type, fn, options) {
    live.push({ target: this, type, fn, capture: capture(options) });
    return add.call(this, type, fn, options);
  };
  proto.removeEventListener = function (type, fn, options) {
    const c = capture(options);
    const i = live.findIndex(l => l.target === this && l.type === type && l.fn === fn && l.capture === c);
    if (i >= 0) { live.splice(i, 1); }
    return remove.call(this, type, fn, options);
  };
}
// Listeners that can still fire: on window, document, media queries or connected nodes.
export function live_listener_count() {
  return (window.__apwListeners || []).filter(l => !(l.target instanceof Node) || l.target.isConnected).length;
}
"#)]
extern "C" {
    fn double_url() -> String;
    fn fresh_double_url() -> String;
    fn forget_amazon();
    fn load_count() -> u32;
    fn renders_for(selector: &str) -> js_sys::Array;
    fn inits_for(selector: &str) -> js_sys::Array;
    fn updates_for(selector: &str) -> js_sys::Array;
    fn tick() -> js_sys::Promise;
    fn track_listeners();
    fn live_listener_count() -> u32;
}

async fn settle() {
    for _ in 0..3 {
        JsFuture::from(tick()).await.unwrap();
    }
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap()
    })
}

/// A signer double: `/v1/config` with JPY limits 1000 ≤ total < 5000, and `/v1/button`
/// answering a fixed signed payload (or the configured error).
#[derive(Debug)]
struct TestSigner {
    checkout_js_url: String,
    calls: RefCell<Vec<ButtonRequest>>,
    fail_with: RefCell<Option<WidgetError>>,
}

const PAYLOAD: &str = r#"{"storeId":"amzn1.application-oa2-client.test","webCheckoutDetails":{}}"#;

impl TestSigner {
    fn new() -> Rc<TestSigner> {
        TestSigner::with_url(double_url())
    }

    fn with_url(url: String) -> Rc<TestSigner> {
        Rc::new(TestSigner {
            checkout_js_url: url,
            calls: RefCell::new(Vec::new()),
            fail_with: RefCell::new(None),
        })
    }

    fn signed() -> SignedPayload {
        SignedPayload {
            payload_json: PAYLOAD.to_owned(),
            signature: "c2lnbmF0dXJl".to_owned(),
            public_key_id: "SANDBOX-AEXAMPLEKEY".to_owned(),
            algorithm: "AMZN-PAY-RSASSA-PSS-V2".to_owned(),
        }
    }
}

fn jpy(amount: &str) -> Money {
    Money::parse(amount, Currency::Jpy).unwrap()
}

impl SignerClient for TestSigner {
    fn config(&self) -> SignerFuture<ConfigResponse> {
        let config = ConfigResponse {
            version: "v1".into(),
            merchant_id: "A2TESTMERCHANT".into(),
            region: "jp".into(),
            ledger_currency: "JPY".into(),
            sandbox: true,
            public_key_id: "SANDBOX-AEXAMPLEKEY".into(),
            checkout_language: "ja_JP".into(),
            checkout_js_url: self.checkout_js_url.clone(),
            button: ButtonDefaults {
                product_type: "PayAndShip".into(),
                placement: "Cart".into(),
                button_color: "Gold".into(),
            },
            display_limits: DisplayLimits {
                min_total: Some(jpy("1000").to_price()),
                max_total: Some(jpy("5000").to_price()),
            },
        };
        Box::pin(std::future::ready(Ok(config)))
    }

    fn button(&self, request: ButtonRequest) -> SignerFuture<ButtonResponse> {
        let answer = match self.fail_with.borrow().clone() {
            Some(e) => Err(e),
            None => Ok(ButtonResponse {
                create_checkout_session_config: TestSigner::signed(),
                estimated_order_amount: jpy("2400").to_price(),
                product_type: request.product_type.clone(),
                placement: request.placement.clone(),
            }),
        };
        self.calls.borrow_mut().push(request);
        Box::pin(std::future::ready(answer))
    }

    fn sign_in_button(&self, _request: SignInButtonRequest) -> SignerFuture<SignInButtonResponse> {
        Box::pin(std::future::ready(Ok(SignInButtonResponse {
            sign_in_config: TestSigner::signed(),
        })))
    }
}

async fn widget(signer: &Rc<TestSigner>) -> Widget {
    Widget::load(signer.clone() as Rc<dyn SignerClient>)
        .await
        .unwrap()
}

fn new_host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute("class", "shop-slot").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn cart(total: &str) -> Cart {
    Cart::lines(vec![CartLine::new("TEA-1", 2)]).with_estimated_order_amount(jpy(total))
}

fn selector_of(button: &HtmlElement) -> String {
    format!("#{}", button.id())
}

fn click(element: &HtmlElement) {
    element.click();
}

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
    let js = amazon_pay_widget::js_api::AmazonPay::from_widget(widget.clone());
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
    assert_eq!(calls[0].product_type, "PayOnly");
    assert_eq!(calls[0].placement, "Product");
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
    let js = amazon_pay_widget::js_api::to_js_error(&e);
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

#[wasm_bindgen_test]
async fn js_surface_events_on_and_off() {
    let signer = TestSigner::new();
    *signer.fail_with.borrow_mut() = Some(WidgetError::Network("offline".into()));
    let widget = widget(&signer).await;
    let js = amazon_pay_widget::js_api::AmazonPay::from_widget(widget);
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
