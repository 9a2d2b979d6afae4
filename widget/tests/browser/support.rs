//! What every module of the browser tests shares: the in-page checkout.js double (served from a
//! Blob URL, so the script loader really loads it) that records `renderButton`, `initCheckout`,
//! `updateButtonInfo` and `bindChangeAction`; [`TestSigner`], a [`SignerClient`] that records
//! its requests; and small DOM helpers. The other modules `use` it whole.

pub use std::cell::RefCell;
pub use std::rc::Rc;

pub use amazon_pay_shared::api::{Address, BuyerProfile};
pub use amazon_pay_shared::cart::CartLine;
pub use amazon_pay_shared::money::{Currency, Money, Price};
pub use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, CompleteOutcome, CompleteResponse, ConfigResponse,
    DisplayLimits, PlaceOrderRequest, PlaceOrderResponse, QuoteResponse, ReviewResponse, SignInButtonRequest,
    SignInButtonResponse, SignedPayload, SubscriptionAccess,
};
pub use amazon_pay_widget::button::{HOST_MARKER, WRAPPER_MARKER};
pub use amazon_pay_widget::events::{EventKind, WidgetEvent};
pub use amazon_pay_widget::options::{ButtonColor, ButtonOptions, Cart, Placement, ProductType};
pub use amazon_pay_widget::size::{dimensions, SizeName, Viewport};
pub use amazon_pay_widget::visibility::DisplayRule;
pub use amazon_pay_widget::{SignerClient, SignerFuture, Widget, WidgetError};
pub use js_sys::Reflect;
pub use wasm_bindgen::prelude::*;
pub use wasm_bindgen::JsCast;
pub use wasm_bindgen_futures::JsFuture;
pub use wasm_bindgen_test::wasm_bindgen_test;
pub use web_sys::{Element, HtmlElement};
#[cfg(feature = "pages")]
pub use {
    amazon_pay_widget::events::Detail,
    amazon_pay_widget::options::FieldSelectors,
    amazon_pay_widget::options::PageOptions,
    amazon_pay_widget::outcome::Outcome,
    amazon_pay_widget::{PageKind, PageRef},
};

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
export function answer_with_request_id(status, body, id) {
  return Promise.resolve(new Response(body, { status, headers: { 'x-request-id': id } }));
}
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
    pub fn double_url() -> String;
    pub fn fresh_double_url() -> String;
    pub fn forget_amazon();
    pub fn load_count() -> u32;
    pub fn renders_for(selector: &str) -> js_sys::Array;
    pub fn inits_for(selector: &str) -> js_sys::Array;
    pub fn updates_for(selector: &str) -> js_sys::Array;
    pub fn tick() -> js_sys::Promise;
    pub fn answer(status: u16, body: &str) -> js_sys::Promise;
    pub fn answer_with_request_id(status: u16, body: &str, id: &str) -> js_sys::Promise;
    pub fn unreachable() -> js_sys::Promise;
    pub fn binds_for(session: &str) -> js_sys::Array;
    pub fn track_listeners();
    pub fn live_listener_count() -> u32;
}

pub async fn settle() {
    for _ in 0..3 {
        JsFuture::from(tick()).await.unwrap();
    }
}

pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap()
    })
}

/// A signer double: `/v1/config` with JPY limits 1000 ≤ total < 5000, and `/v1/button`
/// answering a fixed signed payload (or the configured error).
#[derive(Debug)]
pub struct TestSigner {
    pub checkout_js_url: String,
    pub language: RefCell<String>,
    pub calls: RefCell<Vec<ButtonRequest>>,
    pub fail_with: RefCell<Option<WidgetError>>,
    /// Session ids `complete` was called with.
    pub completes: RefCell<Vec<String>>,
    /// Place-order calls, and the URL to answer (an error without one).
    pub placed: RefCell<Vec<(String, PlaceOrderRequest)>>,
    pub redirect_to: RefCell<Option<String>>,
}

pub const PAYLOAD: &str = r#"{"storeId":"amzn1.application-oa2-client.test","webCheckoutDetails":{}}"#;

impl TestSigner {
    pub fn new() -> Rc<TestSigner> {
        TestSigner::with_url(double_url())
    }

    pub fn with_url(url: String) -> Rc<TestSigner> {
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

    pub fn signed() -> SignedPayload {
        SignedPayload {
            payload_json: PAYLOAD.to_owned(),
            signature: "c2lnbmF0dXJl".to_owned(),
            public_key_id: "SANDBOX-AEXAMPLEKEY".to_owned(),
            algorithm: "AMZN-PAY-RSASSA-PSS-V2".to_owned(),
        }
    }
}

pub fn jpy(amount: &str) -> Money {
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
                product_type: ProductType::PayAndShip,
                placement: Placement::Cart,
                button_color: ButtonColor::Gold,
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
                product_type: request.product_type,
                placement: request.placement,
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

    /// Two teas and a cup as the demo catalog prices them: 3,200 yen, 500 yen shipping, tax
    /// included.
    fn quote(&self, _request: PlaceOrderRequest) -> SignerFuture<QuoteResponse> {
        Box::pin(std::future::ready(Ok(QuoteResponse {
            subtotal: Some(jpy("3200").to_price()),
            shipping: Some(jpy("500").to_price()),
            tax: Some(jpy("0").to_price()),
            tax_included: true,
            total: jpy("3700").to_price(),
        })))
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
        let prefix = id.split('-').next();
        let outcome = match prefix {
            Some("ok") | Some("sub") => CompleteOutcome::Completed,
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
            // A recurring checkout ("sub-…") started a subscription: its id and token.
            subscription: (prefix == Some("sub")).then(|| SubscriptionAccess {
                id: "sub-P01-1111111-1111111".into(),
                token: "s1.sub-P01-1111111-1111111.1800000000.mac".into(),
            }),
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

pub fn signer_error(status: u16, code: &str) -> WidgetError {
    WidgetError::Signer {
        status,
        code: code.into(),
        message: "test".into(),
        request_id: None,
    }
}

pub fn tokyo() -> Address {
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

pub async fn widget(signer: &Rc<TestSigner>) -> Widget {
    Widget::load(signer.clone() as Rc<dyn SignerClient>)
        .await
        .unwrap()
}

pub fn new_host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute("class", "shop-slot").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

pub fn cart(total: &str) -> Cart {
    Cart::lines(vec![CartLine::new("TEA-1", 2)]).with_estimated_order_amount(jpy(total))
}

pub fn selector_of(button: &HtmlElement) -> String {
    format!("#{}", button.id())
}

pub fn click(element: &HtmlElement) {
    element.click();
}

// ---- return pages ----

#[cfg(feature = "pages")]
pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

#[cfg(feature = "pages")]
pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[cfg(feature = "pages")]
pub fn prop(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap()
}

#[cfg(feature = "pages")]
/// Records every event of a page.
pub fn record(page: &PageRef) -> Rc<RefCell<Vec<WidgetEvent>>> {
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

#[cfg(feature = "pages")]
pub fn kinds(log: &Rc<RefCell<Vec<WidgetEvent>>>) -> Vec<&'static str> {
    log.borrow().iter().map(|e| e.kind().as_str()).collect()
}

#[cfg(feature = "pages")]
/// A session id no other test (or earlier run in this page) used.
pub fn session(prefix: &str) -> String {
    let n = js_sys::Math::random().to_bits() % 1_000_000_000;
    format!("{prefix}-{n}")
}

/// A `/v1/config` body as the signer sends it.
pub fn config_json(merchant_id: &str, checkout_js_url: &str) -> String {
    format!(
        r#"{{"version":"v1","merchantId":"{merchant_id}","region":"jp","ledgerCurrency":"JPY","sandbox":true,
"publicKeyId":"SANDBOX-AEXAMPLEKEY","checkoutLanguage":"ja_JP","checkoutJsUrl":"{checkout_js_url}",
"button":{{"productType":"PayAndShip","placement":"Cart","buttonColor":"Gold"}},
"displayLimits":{{"minTotal":{{"amount":"1000","currencyCode":"JPY"}},"maxTotal":{{"amount":"5000","currencyCode":"JPY"}}}}}}"#
    )
}

/// `{url, response}` as the script tag's bootstrap hands it over.
pub fn prefetched(url: &str, response: js_sys::Promise) -> JsValue {
    let object = js_sys::Object::new();
    Reflect::set(&object, &"url".into(), &url.into()).unwrap();
    Reflect::set(&object, &"response".into(), &response).unwrap();
    object.into()
}
