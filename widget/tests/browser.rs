//! DOM behaviour of the widget in headless Chromium (wasm-bindgen-test).
//!
//! checkout.js and the signer are replaced by test doubles: a small in-page `amazon.Pay`
//! (served from a Blob URL, so the script loader really loads it) that records `renderButton`,
//! `initCheckout` and `updateButtonInfo`, and a [`SignerClient`] that records its requests.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_shared::api::{Address, BuyerProfile};
use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::money::{Currency, Money, Price};
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, CompleteOutcome, CompleteResponse, ConfigResponse,
    DisplayLimits, PlaceOrderRequest, PlaceOrderResponse, ReviewResponse, SignInButtonRequest,
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
    },
    bindChangeAction: function (selector, options) {
      var el = document.querySelector(selector);
      if (!el) { throw "AmazonPay:\\nCan not find element " + selector + " for amazon.Pay.bindChangeAction."; }
      D.binds = D.binds || [];
      D.binds.push({ selector: selector, options: options });
      el.addEventListener('click', function (e) { e.preventDefault(); D.changes = (D.changes || 0) + 1; });
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
export function binds_for(session) { return (D().binds || []).filter(b => b.options.amazonCheckoutSessionId === session); }
export function answer(status, body) { return Promise.resolve(new Response(body, { status })); }
export function unreachable() { return Promise.reject(new TypeError('Failed to fetch')); }
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
    fn answer(status: u16, body: &str) -> js_sys::Promise;
    fn unreachable() -> js_sys::Promise;
    fn binds_for(session: &str) -> js_sys::Array;
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
    language: RefCell<String>,
    calls: RefCell<Vec<ButtonRequest>>,
    fail_with: RefCell<Option<WidgetError>>,
    /// Session ids `complete` was called with.
    completes: RefCell<Vec<String>>,
    /// Place-order calls, and the URL to answer (an error without one).
    placed: RefCell<Vec<(String, PlaceOrderRequest)>>,
    redirect_to: RefCell<Option<String>>,
}

const PAYLOAD: &str = r#"{"storeId":"amzn1.application-oa2-client.test","webCheckoutDetails":{}}"#;

impl TestSigner {
    fn new() -> Rc<TestSigner> {
        TestSigner::with_url(double_url())
    }

    fn with_url(url: String) -> Rc<TestSigner> {
        Rc::new(TestSigner {
            checkout_js_url: url,
            language: RefCell::new("ja_JP".into()),
            calls: RefCell::new(Vec::new()),
            fail_with: RefCell::new(None),
            completes: RefCell::new(Vec::new()),
            placed: RefCell::new(Vec::new()),
            redirect_to: RefCell::new(None),
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
            checkout_language: self.language.borrow().clone(),
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

    /// `closed-…` is a canceled session, `fail-…` a signer error, anything else an open
    /// session of the JP test buyer.
    fn review(&self, id: &str) -> SignerFuture<ReviewResponse> {
        let answer = if id.starts_with("fail-") {
            Err(signer_error(404, "RESOURCE_NOT_FOUND"))
        } else {
            Ok(ReviewResponse {
                checkout_session_id: id.to_owned(),
                state: if id.starts_with("closed-") {
                    "Canceled"
                } else {
                    "Open"
                }
                .into(),
                reason_code: None,
                buyer_name: Some("山田 花子".into()),
                buyer_email: Some("hanako.yamada@example.jp".into()),
                buyer_phone: Some("0312345678".into()),
                shipping_address: Some(tokyo()),
                billing_address: None,
                payment_descriptor: Some("Visa ****1111".into()),
                constraints: Vec::new(),
            })
        };
        Box::pin(std::future::ready(answer))
    }

    fn place_order(&self, id: &str, request: PlaceOrderRequest) -> SignerFuture<PlaceOrderResponse> {
        self.placed.borrow_mut().push((id.to_owned(), request));
        let answer = match self.redirect_to.borrow().clone() {
            Some(url) => Ok(PlaceOrderResponse {
                amazon_pay_redirect_url: url,
                amount: jpy("3200").to_price(),
            }),
            None => Err(signer_error(409, "CONSTRAINTS_UNMET")),
        };
        Box::pin(std::future::ready(answer))
    }

    /// The outcome follows the id's prefix: `ok-`, `pend-`, `decl-`, `canc-`, `exp-`; `err-` is
    /// a signer error.
    fn complete(&self, id: &str) -> SignerFuture<CompleteResponse> {
        self.completes.borrow_mut().push(id.to_owned());
        let outcome = match id.split('-').next() {
            Some("ok") => CompleteOutcome::Completed,
            Some("pend") => CompleteOutcome::Pending,
            Some("decl") => CompleteOutcome::Declined,
            Some("canc") => CompleteOutcome::Canceled,
            Some("exp") => CompleteOutcome::Expired,
            _ => return Box::pin(std::future::ready(Err(signer_error(409, "ORDER_NOT_PLACED")))),
        };
        let paid = matches!(outcome, CompleteOutcome::Completed | CompleteOutcome::Pending);
        Box::pin(std::future::ready(Ok(CompleteResponse {
            outcome,
            state: "Completed".into(),
            reason_code: (!paid).then(|| "Declined".to_owned()),
            charge_id: paid.then(|| "S01-2222222-2222222-C000001".to_owned()),
            charge_permission_id: paid.then(|| "P01-1111111-1111111".to_owned()),
            charge_state: None,
        })))
    }

    fn buyer(&self, token: &str) -> SignerFuture<BuyerProfile> {
        let answer = if token == "token.ok" {
            Ok(BuyerProfile {
                buyer_id: "amzn1.account.SANDBOXBUYERJP0001".into(),
                name: Some("山田 花子".into()),
                email: Some("hanako.yamada@example.jp".into()),
                postal_code: Some("100-0001".into()),
                country_code: Some("JP".into()),
                phone_number: Some("0312345678".into()),
                shipping_address: Some(tokyo()),
                billing_address: None,
                prime_membership_types: None,
            })
        } else {
            Err(signer_error(400, "INVALID_ID"))
        };
        Box::pin(std::future::ready(answer))
    }
}

fn signer_error(status: u16, code: &str) -> WidgetError {
    WidgetError::Signer {
        status,
        code: code.into(),
        message: "test".into(),
    }
}

fn tokyo() -> Address {
    Address {
        name: Some("山田 花子".into()),
        address_line1: Some("千代田1-1".into()),
        address_line2: Some("パレスビル3F".into()),
        city: Some("千代田区".into()),
        state_or_region: Some("東京都".into()),
        postal_code: Some("100-0001".into()),
        country_code: Some("JP".into()),
        phone_number: Some("0312345678".into()),
        ..Address::default()
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

// ---- return pages: review, result, sign-in ----

use amazon_pay_widget::events::Detail;
use amazon_pay_widget::options::{FieldSelectors, PageOptions};
use amazon_pay_widget::outcome::Outcome;
use amazon_pay_widget::{PageKind, PageRef};

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn prop(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap()
}

/// Records every event of a page.
fn record(page: &PageRef) -> Rc<RefCell<Vec<WidgetEvent>>> {
    let log = Rc::new(RefCell::new(Vec::new()));
    for kind in [
        EventKind::Ready,
        EventKind::Click,
        EventKind::Cancel,
        EventKind::Error,
        EventKind::Complete,
    ] {
        let log = log.clone();
        page.on(
            kind,
            Rc::new(move |e: &WidgetEvent| log.borrow_mut().push(e.clone())),
        );
    }
    log
}

fn kinds(log: &Rc<RefCell<Vec<WidgetEvent>>>) -> Vec<&'static str> {
    log.borrow().iter().map(|e| e.kind().as_str()).collect()
}

/// A session id no other test (or earlier run in this page) used.
fn session(prefix: &str) -> String {
    let n = js_sys::Math::random().to_bits() % 1_000_000_000;
    format!("{prefix}-{n}")
}

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
    let js = amazon_pay_widget::js_api::AmazonPay::from_widget(widget.clone());
    let options = js_sys::JSON::parse(r##"{"fields":{"zip":"#z"}}"##).unwrap();
    let error = js.mount_review(host.clone().into(), options).unwrap_err();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("OPTION_INVALID"));
    assert_eq!(host.children().length(), 0);
}

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
        .get_item(&format!("{}{id}", amazon_pay_widget::result::STORAGE_PREFIX))
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

#[wasm_bindgen_test]
async fn english_copy_outside_japan() {
    let signer = TestSigner::new();
    *signer.language.borrow_mut() = "en_US".into();
    let widget = widget(&signer).await;
    let host = new_host();
    let page = widget
        .mount_result(
            &host,
            PageOptions::new().with_checkout_session_id(session("pend")),
        )
        .unwrap();
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("pending")
    );
    assert!(wrapper
        .text_content()
        .unwrap()
        .contains("Thank you for your order"));
    assert!(wrapper.text_content().unwrap().contains("Amazon Pay reference"));
    // The option wins over the signer's language.
    let host = new_host();
    let review = widget
        .mount_review(
            &host,
            PageOptions::new()
                .with_checkout_session_id(session("open"))
                .with_checkout_language("ja_JP"),
        )
        .unwrap();
    settle().await;
    assert!(review
        .wrapper()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("お支払い方法"));
}

#[wasm_bindgen_test]
async fn sign_in_fills_the_registration_form() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let form = new_host();
    form.set_inner_html(
        r#"<input id="m-name"><input id="m-mail"><input id="m-zip"><input id="m-pref">
        <input id="m-city"><input id="m-line1"><input id="m-line2"><input id="m-tel">"#,
    );
    let fields: FieldSelectors = FieldSelectors {
        name: Some("#m-name".into()),
        email: Some("#m-mail".into()),
        postal_code: Some("#m-zip".into()),
        state_or_region: Some("#m-pref".into()),
        city: Some("#m-city".into()),
        address_line1: Some("#m-line1".into()),
        address_line2: Some("#m-line2".into()),
        phone_number: Some("#m-tel".into()),
        ..FieldSelectors::default()
    };
    let host = new_host();
    let page = widget
        .mount_sign_in(
            &host,
            PageOptions::new()
                .with_buyer_token("token.ok")
                .with_fields(fields.clone()),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(wrapper.get_attribute(WRAPPER_MARKER).as_deref(), Some("signin"));
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("filled")
    );
    let value = |id: &str| prop(&find(&form, id).unwrap(), "value").as_string().unwrap();
    assert_eq!(value("#m-name"), "山田 花子");
    assert_eq!(value("#m-mail"), "hanako.yamada@example.jp");
    assert_eq!(value("#m-zip"), "100-0001");
    assert_eq!(value("#m-pref"), "東京都");
    assert_eq!(value("#m-line1"), "千代田1-1");
    assert_eq!(value("#m-tel"), "0312345678");
    assert!(
        !find(&form, "#m-zip").unwrap().has_attribute("readonly"),
        "editable"
    );
    assert_eq!(kinds(&log), vec!["ready", "complete"]);
    match log.borrow().last().unwrap() {
        WidgetEvent::Complete(Detail::Buyer(buyer)) => {
            assert_eq!(buyer.buyer_id, "amzn1.account.SANDBOXBUYERJP0001")
        }
        other => panic!("{other:?}"),
    }

    // A refused token: an error outcome and event.
    let host = new_host();
    let page = widget
        .mount_sign_in(
            &host,
            PageOptions::new()
                .with_buyer_token("token.bad")
                .with_fields(fields),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("error")
    );
    assert!(text(&wrapper, "[data-amazon-pay-message]").contains("INVALID_ID"));
    assert_eq!(kinds(&log), vec!["error"]);

    // Without a token (the page opened directly) the mount stays quiet.
    let host = new_host();
    let page = widget.mount_sign_in(&host, PageOptions::new()).unwrap();
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert!(wrapper.get_attribute("data-amazon-pay-outcome").is_none());
    assert_eq!(text(&wrapper, "[data-amazon-pay-message]"), "");
    form.remove();
}

#[wasm_bindgen_test]
async fn pages_mount_again_destroy_and_leave_nothing_behind() {
    track_listeners();
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let baseline = live_listener_count();
    let id = session("open");
    let first = widget
        .mount_review(&host, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    settle().await;
    assert!(live_listener_count() > baseline, "place-order listens");
    // Mount again into the same element (a review after a result, say): one mount remains.
    let second = widget
        .mount_result(&host, PageOptions::new().with_checkout_session_id(session("ok")))
        .unwrap();
    assert!(first.is_destroyed());
    assert_eq!(host.children().length(), 1);
    assert_eq!(second.kind(), PageKind::Result);
    settle().await;
    // A button mounted into the same element replaces the page too.
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    assert!(second.is_destroyed());
    assert_eq!(host.children().length(), 1);
    drop(button);
    assert_eq!(host.children().length(), 0);
    assert!(host.get_attribute(HOST_MARKER).is_none());
    assert_eq!(live_listener_count(), baseline, "no listener left behind");
    // Destroy is idempotent; a destroyed page ignores late answers.
    let third = widget
        .mount_review(&host, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    third.destroy();
    third.destroy();
    settle().await;
    assert_eq!(host.children().length(), 0);
}

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

#[wasm_bindgen_test]
async fn js_surface_of_the_return_pages() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let js = amazon_pay_widget::js_api::AmazonPay::from_widget(widget);
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

/// A `/v1/config` body as the signer sends it.
fn config_json(merchant_id: &str, checkout_js_url: &str) -> String {
    format!(
        r#"{{"version":"v1","merchantId":"{merchant_id}","region":"jp","ledgerCurrency":"JPY","sandbox":true,
"publicKeyId":"SANDBOX-AEXAMPLEKEY","checkoutLanguage":"ja_JP","checkoutJsUrl":"{checkout_js_url}",
"button":{{"productType":"PayAndShip","placement":"Cart","buttonColor":"Gold"}},
"displayLimits":{{"minTotal":{{"amount":"1000","currencyCode":"JPY"}},"maxTotal":{{"amount":"5000","currencyCode":"JPY"}}}}}}"#
    )
}

/// `{url, response}` as the script tag's bootstrap hands it over.
fn prefetched(url: &str, response: js_sys::Promise) -> JsValue {
    let object = js_sys::Object::new();
    Reflect::set(&object, &"url".into(), &url.into()).unwrap();
    Reflect::set(&object, &"response".into(), &response).unwrap();
    object.into()
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
    let amazon_pay = amazon_pay_widget::js_api::load_amazon_pay(
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

#[wasm_bindgen_test]
async fn a_prefetched_config_fails_with_the_codes_of_the_widgets_own_request() {
    let url = "https://signer.example/v1/config";
    let code_of = |e: JsValue, key: &str| get(&e, key).as_string();
    let load = |response: js_sys::Promise| {
        amazon_pay_widget::js_api::load_amazon_pay("https://signer.example".into(), prefetched(url, response))
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
