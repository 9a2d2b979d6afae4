//! The real signer client binds a checkout to its tab: a click keeps a fresh secret in
//! `sessionStorage` and sends it in the binding header (the signer hashes it into the signed
//! return URLs); the return pages' calls send the same secret in that header; without a secret they fail with `CHECKOUT_NOT_IN_THIS_BROWSER` before any
//! request, and the page says so in the shop's language.

use amazon_pay_shared::binding::{valid_secret, HEADER, STORAGE_KEY};
use amazon_pay_shared::vocabulary::{Placement, ProductType};
use amazon_pay_shared::wire::ButtonRequest;
#[cfg(feature = "pages")]
use amazon_pay_widget::copy::{error_line, Lang};
#[cfg(feature = "pages")]
use amazon_pay_widget::WidgetError;
use amazon_pay_widget::{FetchSignerClient, SignerClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
const original = window.fetch;
export function stubFetch(answer) {
  const calls = [];
  window.fetch = (url, init) => {
    calls.push({
      url: String(url),
      method: init.method,
      headers: Object.fromEntries(new Headers(init.headers || {}).entries()),
      body: init.body === undefined ? null : String(init.body),
    });
    return Promise.resolve(new Response(JSON.stringify(answer), {
      status: 200, headers: { 'content-type': 'application/json' },
    }));
  };
  return calls;
}
export function restoreFetch() { window.fetch = original; }
export function callField(calls, i, name) { const v = calls[i] && calls[i][name]; return v == null ? null : v; }
export function callHeader(calls, i, name) { const h = calls[i] && calls[i].headers[name]; return h == null ? null : h; }
export function bodyField(calls, i, name) { const v = JSON.parse(calls[i].body)[name]; return v == null ? null : String(v); }
"#)]
extern "C" {
    fn stubFetch(answer: JsValue) -> js_sys::Array;
    fn restoreFetch();
    fn callField(calls: &js_sys::Array, i: u32, name: &str) -> Option<String>;
    fn callHeader(calls: &js_sys::Array, i: u32, name: &str) -> Option<String>;
    fn bodyField(calls: &js_sys::Array, i: u32, name: &str) -> Option<String>;
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
async fn a_click_keeps_a_new_secret_and_sends_it_in_the_binding_header() {
    storage().remove_item(STORAGE_KEY).unwrap();
    let calls = stubFetch(json(
        r#"{"createCheckoutSessionConfig":{"payloadJSON":"{}","signature":"s","publicKeyId":"SANDBOX-X","algorithm":"AMZN-PAY-RSASSA-PSS-V2"},"estimatedOrderAmount":{"amount":"1","currencyCode":"JPY"},"productType":"PayAndShip","placement":"Cart"}"#,
    ));
    let client = FetchSignerClient::new("https://signer.example/").unwrap();
    let request = ButtonRequest {
        product_type: ProductType::PayAndShip,
        placement: Placement::Cart,
        cart: None,
        cart_token: Some("v1.t.m".into()),
        amount: None,
        button_color: None,
        binding_hash: None,
    };
    let answer = client.button(request.clone()).await;
    let first = storage()
        .get_item(STORAGE_KEY)
        .unwrap()
        .expect("a secret is kept");
    client.button(request).await.unwrap();
    let second = storage().get_item(STORAGE_KEY).unwrap().unwrap();
    restoreFetch();
    answer.unwrap();
    assert!(valid_secret(&first) && first.len() >= 22, "{first}");
    assert_ne!(first, second, "every click draws a new secret");
    assert_eq!(callHeader(&calls, 0, HEADER), Some(first));
    assert_eq!(callHeader(&calls, 1, HEADER), Some(second));
    assert_eq!(
        bodyField(&calls, 0, "bindingHash"),
        None,
        "the signer derives the hash itself"
    );
}

#[cfg(feature = "pages")]
#[wasm_bindgen_test]
async fn the_return_pages_send_the_secret_and_refuse_without_one() {
    let client = FetchSignerClient::new("https://signer.example/").unwrap();
    let secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    storage().set_item(STORAGE_KEY, secret).unwrap();
    let calls = stubFetch(json(r#"{"outcome":"Completed","state":"Completed"}"#));
    let done = client.complete("abc-1").await;
    restoreFetch();
    done.unwrap();
    assert_eq!(callHeader(&calls, 0, HEADER).as_deref(), Some(secret));
    assert_eq!(
        callField(&calls, 0, "url").as_deref(),
        Some("https://signer.example/v1/checkout-sessions/abc-1/complete")
    );

    storage().remove_item(STORAGE_KEY).unwrap();
    let calls = stubFetch(json("{}"));
    let review = client.review("abc-1").await;
    let complete = client.complete("abc-1").await;
    restoreFetch();
    assert_eq!(review.unwrap_err(), WidgetError::NotThisBrowser);
    assert_eq!(complete.unwrap_err(), WidgetError::NotThisBrowser);
    assert_eq!(calls.length(), 0, "nothing is asked without a secret");
    let line = error_line(Lang::Ja, &WidgetError::NotThisBrowser);
    assert!(line.contains("このブラウザでは続けられません"), "{line}");
    assert!(line.ends_with("(CHECKOUT_NOT_IN_THIS_BROWSER)"), "{line}");
    assert!(
        error_line(Lang::En, &WidgetError::NotThisBrowser).contains("cannot be continued in this browser")
    );
}
