//! The edge signer's `/v1` routes the button needs, behind the [`SignerClient`] trait so that
//! tests (and shops with their own transport) can supply another implementation.
//! [`FetchSignerClient`] is the real one: `fetch` with the shared wire types.

use std::future::Future;
use std::pin::Pin;

use amazon_pay_shared::wire::{
    ButtonRequest, ButtonResponse, ConfigResponse, ErrorBody, SignInButtonRequest, SignInButtonResponse,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, RequestMode, Response};

use crate::dom;
use crate::error::{Result, WidgetError};
use crate::json::{FromJs, ToJs};

/// A boxed, single-threaded future of a signer answer.
pub type SignerFuture<T> = Pin<Box<dyn Future<Output = Result<T>>>>;

/// The signer routes the widget calls.
pub trait SignerClient: std::fmt::Debug {
    /// `GET /v1/config`.
    fn config(&self) -> SignerFuture<ConfigResponse>;
    /// `POST /v1/button`.
    fn button(&self, request: ButtonRequest) -> SignerFuture<ButtonResponse>;
    /// `POST /v1/signin-button`.
    fn sign_in_button(&self, request: SignInButtonRequest) -> SignerFuture<SignInButtonResponse>;
}

/// The real client: `fetch` against the signer's base URL (e.g. `https://signer.example`).
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
}

impl SignerClient for FetchSignerClient {
    fn config(&self) -> SignerFuture<ConfigResponse> {
        Box::pin(get_json(self.url("config")))
    }

    fn button(&self, request: ButtonRequest) -> SignerFuture<ButtonResponse> {
        let url = self.url("button");
        Box::pin(async move { post_json(url, &request).await })
    }

    fn sign_in_button(&self, request: SignInButtonRequest) -> SignerFuture<SignInButtonResponse> {
        let url = self.url("signin-button");
        Box::pin(async move { post_json(url, &request).await })
    }
}

async fn get_json<T: FromJs>(url: String) -> Result<T> {
    let init = RequestInit::new();
    init.set_method("GET");
    send(&url, &init).await
}

async fn post_json<B: ToJs, T: FromJs>(url: String, body: &B) -> Result<T> {
    let text = crate::json::to_string(body).map_err(WidgetError::CartInvalid)?;
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|_| WidgetError::BrowserUnsupported)?;
    let _ = headers.set("content-type", "application/json");
    init.set_headers_headers(&headers);
    init.set_body(&JsValue::from_str(&text));
    send(&url, &init).await
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

async fn send<T: FromJs>(url: &str, init: &RequestInit) -> Result<T> {
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let window = dom::window()?;
    let _deadline = Deadline::start(&window, init);
    let network = |e: JsValue| {
        let message = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "fetch failed".to_owned());
        WidgetError::Network(message)
    };
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
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
        return Err(match crate::json::from_str::<ErrorBody>(&text) {
            Ok(body) => WidgetError::Signer {
                status,
                code: body.error.code,
                message: body.error.message,
            },
            Err(_) => WidgetError::Signer {
                status,
                code: format!("HTTP_{status}"),
                message: "the signer answered without an error body".into(),
            },
        });
    }
    crate::json::from_str(&text).map_err(WidgetError::ResponseInvalid)
}
