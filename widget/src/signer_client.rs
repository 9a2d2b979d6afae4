//! The edge signer's public `/v1` routes the widget needs, behind the [`SignerClient`] trait so that
//! tests (and shops with their own transport) can supply another implementation.
//! [`FetchSignerClient`] is the real one: `fetch` with the shared wire types.

use std::future::Future;
use std::pin::Pin;

use amazon_pay_shared::api::BuyerProfile;
use amazon_pay_shared::wire::{
    ButtonRequest, ButtonResponse, CompleteResponse, ConfigResponse, ErrorBody, PlaceOrderRequest,
    PlaceOrderResponse, QuoteResponse, ReviewResponse, SignInButtonRequest, SignInButtonResponse,
};
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, RequestMode, Response};

use crate::dom;
use crate::error::{Result, WidgetError};
use crate::js::codec::FromJs;
use crate::js::value;
use crate::permission::PermissionButtonRequest;

/// A boxed, single-threaded future of a signer answer.
pub type SignerFuture<T> = Pin<Box<dyn Future<Output = Result<T>>>>;

/// The signer routes the widget calls: the same trait with and without the `pages` feature.
/// The return pages' routes have a default answer (`OPTION_INVALID`), so a client for buttons
/// alone implements only the button routes.
pub trait SignerClient: std::fmt::Debug {
    /// `GET /v1/config`.
    fn config(&self) -> SignerFuture<ConfigResponse>;
    /// `POST /v1/button`.
    fn button(&self, request: ButtonRequest) -> SignerFuture<ButtonResponse>;
    /// `POST /v1/signin-button`.
    fn sign_in_button(&self, request: SignInButtonRequest) -> SignerFuture<SignInButtonResponse>;
    /// `POST /v1/permission-button`: a button that keeps the payment method (answered like
    /// `/v1/button`). A client without it refuses such buttons with `OPTION_INVALID`.
    fn permission_button(&self, request: PermissionButtonRequest) -> SignerFuture<ButtonResponse> {
        let _ = request;
        Box::pin(std::future::ready(Err(WidgetError::option(
            "chargePermissionType",
            "this signer client does not sign permission buttons",
        ))))
    }
    /// `GET /v1/checkout-sessions/{id}`: what the review page shows. A client without it
    /// (a button-only one) refuses with `OPTION_INVALID`.
    fn review(&self, checkout_session_id: &str) -> SignerFuture<ReviewResponse> {
        let _ = checkout_session_id;
        no_pages()
    }
    /// `POST /v1/checkout-sessions/{id}/place-order`: fixes the amount, answers Amazon's URL.
    fn place_order(
        &self,
        checkout_session_id: &str,
        request: PlaceOrderRequest,
    ) -> SignerFuture<PlaceOrderResponse> {
        let _ = (checkout_session_id, request);
        no_pages()
    }
    /// `POST /v1/quote`: what place-order would charge for the cart (subtotal, shipping, tax,
    /// total), for the review page to show first.
    fn quote(&self, request: PlaceOrderRequest) -> SignerFuture<QuoteResponse> {
        let _ = request;
        no_pages()
    }
    /// `POST /v1/checkout-sessions/{id}/complete`: completes (the signer answers a second call
    /// with the first result).
    fn complete(&self, checkout_session_id: &str) -> SignerFuture<CompleteResponse> {
        let _ = checkout_session_id;
        no_pages()
    }
    /// `POST /v1/buyer` `{buyerToken, state}`: the buyer after Amazon sign-in (the real client
    /// takes the state from the page address and sends this tab's binding secret).
    fn buyer(&self, buyer_token: &str) -> SignerFuture<BuyerProfile> {
        let _ = buyer_token;
        no_pages()
    }
}

/// The answer of a client that does not serve the return pages' routes: `OPTION_INVALID` (a
/// future that holds nothing, so a button-only build carries none of the pages' types).
fn no_pages<T: 'static>() -> SignerFuture<T> {
    Box::pin(NoPages(std::marker::PhantomData))
}

struct NoPages<T>(std::marker::PhantomData<fn() -> T>);

impl<T> Future for NoPages<T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<T>> {
        std::task::Poll::Ready(Err(no_pages_error()))
    }
}

#[inline(never)]
fn no_pages_error() -> WidgetError {
    WidgetError::option("signer", "this signer client does not serve the return pages")
}

/// The body of `complete`: an empty object.
#[cfg(feature = "pages")]
struct EmptyBody;

#[cfg(feature = "pages")]
impl crate::js::codec::ToJs for EmptyBody {
    fn to_js<S: crate::js::codec::Sink>(&self) -> S {
        S::object()
    }
}

/// The real client: `fetch` against the signer's base URL (e.g. `https://signer.example`). It
/// serves the return pages' routes when the crate is built with the `pages` feature (without
/// it they answer like any button-only client).
#[derive(Clone, PartialEq, Eq)]
pub struct FetchSignerClient {
    base: String,
}

impl std::fmt::Debug for FetchSignerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Plain text: a derived Debug would escape the string (and link Unicode tables).
        f.write_str("FetchSignerClient(")?;
        f.write_str(&self.base)?;
        f.write_str(")")
    }
}

impl FetchSignerClient {
    /// A client for a base URL; `http(s)://` only, trailing slashes dropped.
    pub fn new(base: &str) -> Result<FetchSignerClient> {
        let base = base.trim().trim_end_matches('/');
        let ok = (base.starts_with("https://") || base.starts_with("http://"))
            && !base.contains(char::is_whitespace)
            && base.len() > "http://".len();
        if !ok {
            return Err(WidgetError::option("signer", "must be an http(s) URL"));
        }
        Ok(FetchSignerClient {
            base: base.to_owned(),
        })
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}/{path}", self.base, amazon_pay_shared::wire::VERSION)
    }

    /// `GET /v1/config` answered by a request that was started before the widget was (the
    /// script tag starts it while the wasm loads): `response` is a promise of its `Response` (or
    /// of a copy with the same status, headers and body), and its answer is read and checked
    /// exactly like [`SignerClient::config`]'s own
    /// (the same errors, with the same codes). `None` when `url` is not the URL this client
    /// requests: the caller then asks the signer itself.
    pub fn prefetched_config(&self, url: &str, response: Promise) -> Option<SignerFuture<ConfigResponse>> {
        (url == self.url("config")).then(|| typed(Box::pin(answer(response))))
    }

    /// `checkout-sessions/{id}{rest}`; the id is checked by the caller (`[A-Za-z0-9-]` only).
    #[cfg(feature = "pages")]
    fn session_url(&self, checkout_session_id: &str, rest: &str) -> String {
        let mut path = String::from("checkout-sessions/");
        path.push_str(checkout_session_id);
        path.push_str(rest);
        self.url(&path)
    }
}

impl SignerClient for FetchSignerClient {
    fn config(&self) -> SignerFuture<ConfigResponse> {
        typed(fetch_json(self.url("config"), None))
    }

    fn button(&self, request: ButtonRequest) -> SignerFuture<ButtonResponse> {
        typed(with_binding(
            self.url("button"),
            value::to_string(&request).map_err(WidgetError::CartInvalid),
        ))
    }

    fn sign_in_button(&self, request: SignInButtonRequest) -> SignerFuture<SignInButtonResponse> {
        typed(with_binding(
            self.url("signin-button"),
            value::to_string(&request).map_err(WidgetError::CartInvalid),
        ))
    }

    fn permission_button(&self, request: PermissionButtonRequest) -> SignerFuture<ButtonResponse> {
        typed(with_binding(
            self.url("permission-button"),
            value::to_string(&request).map_err(WidgetError::CartInvalid),
        ))
    }

    #[cfg(feature = "pages")]
    fn review(&self, checkout_session_id: &str) -> SignerFuture<ReviewResponse> {
        match crate::binding::secret() {
            Ok(secret) => typed(fetch_json_bound(
                self.session_url(checkout_session_id, ""),
                None,
                Some(secret),
            )),
            Err(e) => failed(e),
        }
    }

    #[cfg(feature = "pages")]
    fn place_order(
        &self,
        checkout_session_id: &str,
        request: PlaceOrderRequest,
    ) -> SignerFuture<PlaceOrderResponse> {
        match crate::binding::secret() {
            Ok(secret) => typed(post_bound(
                self.session_url(checkout_session_id, "/place-order"),
                &request,
                Some(secret),
            )),
            Err(e) => failed(e),
        }
    }

    #[cfg(feature = "pages")]
    fn quote(&self, request: PlaceOrderRequest) -> SignerFuture<QuoteResponse> {
        typed(post_bound(self.url("quote"), &request, None))
    }

    #[cfg(feature = "pages")]
    fn complete(&self, checkout_session_id: &str) -> SignerFuture<CompleteResponse> {
        match crate::binding::secret() {
            Ok(secret) => typed(post_bound(
                self.session_url(checkout_session_id, "/complete"),
                &EmptyBody,
                Some(secret),
            )),
            Err(e) => failed(e),
        }
    }

    #[cfg(feature = "pages")]
    fn buyer(&self, buyer_token: &str) -> SignerFuture<BuyerProfile> {
        let state = crate::dom::url_param(amazon_pay_shared::sign_in_state::QUERY_PARAM)
            .filter(|s| amazon_pay_shared::sign_in_state::valid_state(s));
        match (state, crate::binding::secret()) {
            (Some(state), Ok(secret)) => {
                let request = amazon_pay_shared::wire::BuyerRequest {
                    buyer_token: buyer_token.to_owned(),
                    state,
                };
                typed(post_bound(self.url("buyer"), &request, Some(secret)))
            }
            _ => failed(WidgetError::NotThisBrowser),
        }
    }
}

/// The parsed JSON answer of one call, before it is read into a Rust type.
type JsonFuture = Pin<Box<dyn Future<Output = Result<JsValue>>>>;

/// A call that fails before it is sent.
#[cfg(feature = "pages")]
fn failed<T: 'static>(error: WidgetError) -> SignerFuture<T> {
    Box::pin(std::future::ready(Err(error)))
}

/// `POST` of a button request (its JSON `body`) with the click's new binding secret
/// ([`crate::binding::start`]); one function for every button route.
fn with_binding(url: String, body: Result<String>) -> JsonFuture {
    match body.and_then(|text| Ok((text, crate::binding::start()?))) {
        Ok((text, secret)) => fetch_json_bound(url, Some(text), Some(secret)),
        Err(e) => Box::pin(std::future::ready(Err(e))),
    }
}

/// `POST` with a JSON body and the binding secret, if any.
#[cfg(feature = "pages")]
fn post_bound<B: crate::js::codec::ToJs>(url: String, body: &B, secret: Option<String>) -> JsonFuture {
    match value::to_string(body) {
        Ok(text) => fetch_json_bound(url, Some(text), secret),
        Err(e) => Box::pin(std::future::ready(Err(WidgetError::CartInvalid(e)))),
    }
}

/// Reads the answer into `T` (one small future per type; the request itself is not generic).
struct Typed<T> {
    inner: JsonFuture,
    _type: std::marker::PhantomData<fn() -> T>,
}

impl<T: FromJs> Future for Typed<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<T>> {
        self.inner.as_mut().poll(cx).map(|answer| {
            answer.and_then(|value| T::from_js(&value, "").map_err(WidgetError::ResponseInvalid))
        })
    }
}

fn typed<T: FromJs + 'static>(inner: JsonFuture) -> SignerFuture<T> {
    Box::pin(Typed {
        inner,
        _type: std::marker::PhantomData,
    })
}

fn fetch_json(url: String, body: Option<String>) -> JsonFuture {
    fetch_json_bound(url, body, None)
}

/// `GET` (no body) or `POST` (a JSON body), with the binding secret in its header when given.
fn fetch_json_bound(url: String, body: Option<String>, secret: Option<String>) -> JsonFuture {
    Box::pin(async move {
        let init = RequestInit::new();
        if body.is_some() || secret.is_some() {
            let headers = web_sys::Headers::new().map_err(|_| WidgetError::BrowserUnsupported)?;
            if let Some(secret) = &secret {
                let _ = headers.set(amazon_pay_shared::binding::HEADER, secret);
            }
            if body.is_some() {
                let _ = headers.set("content-type", "application/json");
            }
            init.set_headers_headers(&headers);
        }
        match body {
            Some(text) => {
                init.set_method("POST");
                init.set_body(&JsValue::from_str(&text));
            }
            None => init.set_method("GET"),
        }
        send(&url, &init).await
    })
}

/// How long one signer call may take before it fails with `NETWORK_ERROR` (so a button never
/// stays stuck on a signer that does not answer).
pub const TIMEOUT_MS: i32 = 15_000;

/// Aborts a fetch after [`TIMEOUT_MS`]; dropping it clears the timer.
struct Deadline {
    window: web_sys::Window,
    handle: Option<i32>,
}

impl Deadline {
    fn start(window: &web_sys::Window, init: &RequestInit) -> Deadline {
        let handle = web_sys::AbortController::new().ok().and_then(|controller| {
            init.set_signal(Some(&controller.signal()));
            let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS)
                .ok()
        });
        Deadline {
            window: window.clone(),
            handle,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(handle) = self.handle {
            self.window.clear_timeout_with_handle(handle);
        }
    }
}

async fn send(url: &str, init: &RequestInit) -> Result<JsValue> {
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let window = dom::window()?;
    let _deadline = Deadline::start(&window, init);
    answer(window.fetch_with_str_and_init(url, init)).await
}

/// Reads the answer of a `fetch`: its JSON, or the signer's error.
async fn answer(request: Promise) -> Result<JsValue> {
    let network = |e: JsValue| {
        let message = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "fetch failed".to_owned());
        WidgetError::Network(message)
    };
    let response: Response = JsFuture::from(request)
        .await
        .map_err(network)?
        .dyn_into()
        .map_err(|_| WidgetError::ResponseInvalid("not a Response".into()))?;
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .unwrap_or_default();
    let status = response.status();
    if !response.ok() {
        let request_id = response.headers().get("x-request-id").ok().flatten();
        return Err(match value::from_str::<ErrorBody>(&text) {
            Ok(body) => WidgetError::Signer {
                status,
                code: body.error.code,
                message: body.error.message,
                request_id,
            },
            Err(_) => WidgetError::Signer {
                status,
                code: format!("HTTP_{status}"),
                message: "the signer answered without an error body".into(),
                request_id,
            },
        });
    }
    js_sys::JSON::parse(&text).map_err(|_| WidgetError::ResponseInvalid("not valid JSON".into()))
}
