//! The demo shop as the browser tests run it: a static server for `www/` (or any other built
//! site) on 127.0.0.1 that also serves `/widget/` (the widget's script-tag bundle from
//! `target/widget/script/`) and writes the signer it was given into every page in place of
//! [`DEFAULT_SIGNER`], and [`ShopStack`], the shop together with the sandbox and the edge signer
//! in workerd, configured for each other.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::edge::{
    call, client, default_bindings, set_binding, start_sandbox, start_sandbox_with_delay, Workerd,
};
use crate::repo_root;

/// The signer's origin as the demo's pages (and the tests' own pages) spell it, in their widget
/// tag's `data-signer`: `wrangler dev`'s default port. The shop server writes the signer of its
/// stack in its place.
pub const DEFAULT_SIGNER: &str = "http://127.0.0.1:8787";

/// Where `widget/build.sh` puts the script-tag bundle (`amazon-pay-widget.js` and `.wasm`).
pub fn widget_script_dir() -> PathBuf {
    repo_root().join("target/widget/script")
}

/// Where `widget/build.sh` puts the npm package.
pub fn widget_npm_dir() -> PathBuf {
    repo_root().join("target/widget/npm")
}

/// The two result pages of a decline-then-retry journey (`tests/js/shop_flows.js`): checks
/// that the first explains the decline, keeps no order and offers a fresh Amazon Pay button, and
/// that the retry was a new checkout session; answers the declined and the retried result.
pub fn declined_then_retried(out: &Value) -> (&Value, &Value) {
    let results = out["results"].as_array().expect("the journey's results");
    assert_eq!(results.len(), 2, "{out}");
    let declined = &results[0];
    assert_eq!(declined["outcome"], "declined", "{out}");
    let text = declined["text"].as_str().unwrap_or_default();
    assert!(text.contains("承認されませんでした"), "{declined}");
    assert_eq!(
        declined["freshButton"], 1,
        "a fresh Amazon Pay button: {declined}"
    );
    assert!(declined.get("orderReference").is_none(), "{declined}");
    assert_ne!(
        out["sessionIds"][0], out["sessionIds"][1],
        "a new checkout: {out}"
    );
    (declined, &results[1])
}

/// Fails with a clear message when the widget has not been built.
pub fn require_widget_build() {
    for file in [
        widget_script_dir().join("amazon-pay-widget.js"),
        widget_script_dir().join("amazon-pay-widget.wasm"),
        widget_npm_dir().join("package.json"),
    ] {
        assert!(
            file.exists(),
            "{} is missing: build the widget with `bash widget/build.sh` (`cargo xtask test` does it before \
             the browser tier)",
            file.display()
        );
    }
}

/// The content type a browser needs for a file (`application/wasm` for `.wasm`, which
/// `WebAssembly.instantiateStreaming` insists on).
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path to a file under `root`; `None` for anything that would leave it.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

struct Site {
    root: PathBuf,
    widget: PathBuf,
    /// The signer's origin, written into every page in place of [`DEFAULT_SIGNER`].
    signer: String,
}

async fn serve_file(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    let file = match path.strip_prefix("/widget/") {
        Some(rest) => resolve(&site.widget, rest),
        None => resolve(&site.root, path),
    };
    match file.and_then(|f| std::fs::read(&f).ok().map(|bytes| (f, bytes))) {
        Some((file, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type(&file)),
                // Asked again on every visit, but a page's preload of the file is used (a
                // `no-store` script's finished preload is not).
                (header::CACHE_CONTROL, "no-cache"),
            ],
            naming_signer(&file, bytes, &site.signer),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A page (`.html`) with `signer` where it names [`DEFAULT_SIGNER`]; other files as they are.
fn naming_signer(file: &Path, bytes: Vec<u8>, signer: &str) -> Vec<u8> {
    if file.extension().and_then(|e| e.to_str()) != Some("html") {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(page) => page.replace(DEFAULT_SIGNER, signer).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// A shop listener that is bound (its URL is known, so the signer can be configured with it)
/// but does not serve yet.
#[derive(Debug)]
pub struct BoundShop {
    listener: tokio::net::TcpListener,
    root: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl BoundShop {
    /// Starts serving; the pages name `signer` as their signer.
    pub fn serve(self, signer: &str) -> ShopServer {
        let site = Arc::new(Site {
            root: self.root,
            widget: widget_script_dir(),
            signer: signer.to_owned(),
        });
        let app = axum::Router::new().fallback(serve_file).with_state(site);
        let listener = self.listener;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ShopServer {
            base: self.base,
            task,
        }
    }
}

/// The running shop server; stops serving when dropped.
#[derive(Debug)]
pub struct ShopServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl ShopServer {
    /// Binds a server for the demo shop (`www/`) on an ephemeral port of 127.0.0.1.
    pub async fn bind() -> BoundShop {
        ShopServer::bind_dir(repo_root().join("www")).await
    }

    /// Binds a server for the site in `root` (with the same `/widget/` and signer).
    pub async fn bind_dir(root: PathBuf) -> BoundShop {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the shop");
        let base = format!("http://{}", listener.local_addr().expect("shop address"));
        BoundShop { listener, root, base }
    }

    /// A URL of the shop.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for ShopServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The shop, the sandbox and the edge signer in workerd, configured for each other: the
/// signer's return URLs are the shop's pages (`review.html`, `result.html`, `cart.html` on
/// cancel, `signin.html`), its checkout.js the sandbox's, its allowed origin the shop.
pub struct ShopStack {
    /// The in-process sandbox.
    pub sandbox: amazon_pay_sandbox::RunningSandbox,
    /// `http://127.0.0.1:PORT` of the sandbox.
    pub sandbox_base: String,
    /// The signer.
    pub signer: Workerd,
    /// The shop.
    pub shop: ShopServer,
}

impl ShopStack {
    /// The demo shop with the test signer configuration, changed by `settings` (a `None` value
    /// removes a setting).
    pub async fn start(settings: &[(&str, Option<&str>)]) -> ShopStack {
        ShopStack::start_site(repo_root().join("www"), settings).await
    }

    /// Like [`ShopStack::start`], for the site in `root`.
    pub async fn start_site(root: PathBuf, settings: &[(&str, Option<&str>)]) -> ShopStack {
        ShopStack::launch(root, settings, start_sandbox().await).await
    }

    /// Like [`ShopStack::start`], with Amazon's asynchronous steps completing after
    /// `async_delay_secs` of sandbox time (advance it with `/_sandbox/clock`).
    pub async fn start_with_async_delay(
        settings: &[(&str, Option<&str>)],
        async_delay_secs: i64,
    ) -> ShopStack {
        let sandbox = start_sandbox_with_delay(async_delay_secs).await;
        ShopStack::launch(repo_root().join("www"), settings, sandbox).await
    }

    async fn launch(
        root: PathBuf,
        settings: &[(&str, Option<&str>)],
        sandbox: amazon_pay_sandbox::RunningSandbox,
    ) -> ShopStack {
        let sandbox_base = format!("http://{}", sandbox.http.expect("the sandbox listens on HTTP"));
        let shop = ShopServer::bind_dir(root).await;
        let mut bindings = default_bindings(&sandbox_base);
        let checkout_js = format!("{sandbox_base}/checkout.js");
        set_binding(&mut bindings, "CHECKOUT_JS_URL", Some(&checkout_js));
        set_binding(&mut bindings, "ALLOWED_ORIGINS", Some(&shop.base));
        for (name, page) in [
            ("CHECKOUT_REVIEW_RETURN_URL", "review.html"),
            ("CHECKOUT_RESULT_RETURN_URL", "result.html"),
            ("CHECKOUT_CANCEL_URL", "cart.html"),
            ("SIGNIN_RETURN_URL", "signin.html"),
        ] {
            set_binding(&mut bindings, name, Some(&format!("{}/{page}", shop.base)));
        }
        for (name, value) in settings {
            set_binding(&mut bindings, name, *value);
        }
        let signer = tokio::task::spawn_blocking(move || Workerd::start(&bindings))
            .await
            .expect("workerd starts");
        let shop = shop.serve(&signer.base);
        ShopStack {
            sandbox,
            sandbox_base,
            signer,
            shop,
        }
    }

    /// What the signer answers for completing a checkout session again. Completing is
    /// idempotent (the first result is answered again), so this is how a test reads the charge
    /// a purchase produced: `{outcome, state, chargeId?, chargePermissionId?, chargeState?}`.
    ///
    /// `binding` is the secret the buyer's tab kept (the flow's `binding`): only that browser's
    /// calls are answered.
    pub async fn completion(&self, checkout_session_id: &str, binding: &str) -> Value {
        // Server to server, with the buyer's binding secret: no Origin header.
        let resp = client()
            .post(
                self.signer
                    .url(&format!("/v1/checkout-sessions/{checkout_session_id}/complete")),
            )
            .header(amazon_pay_shared::binding::HEADER, binding)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("complete request");
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.expect("complete answers JSON");
        assert!(
            status == 200 || status == 202,
            "complete answered {status}: {body}"
        );
        body
    }

    /// What the signer's review route answers for a checkout session (the state at Amazon,
    /// buyer, address, payment descriptor), asked server to server with the buyer's binding
    /// secret.
    pub async fn checkout_session(&self, checkout_session_id: &str, binding: &str) -> Value {
        let url = self
            .signer
            .url(&format!("/v1/checkout-sessions/{checkout_session_id}"));
        let resp = client()
            .get(url)
            .header(amazon_pay_shared::binding::HEADER, binding)
            .send()
            .await
            .expect("review request");
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.expect("review answers JSON");
        assert_eq!(status, 200, "GET checkout session {checkout_session_id}: {body}");
        body
    }

    /// A merchant route of the signer (`/v1/merchant/…`, with the bearer token); expects 200.
    pub async fn merchant_get(&self, path: &str) -> Value {
        let (status, body) = call(reqwest::Method::GET, self.signer.url(path), None, true).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// A charge as the merchant sees it.
    pub async fn charge(&self, charge_id: &str) -> Value {
        self.merchant_get(&format!("/v1/merchant/charges/{charge_id}"))
            .await
    }

    /// The API requests the sandbox received (`/_sandbox/requests`): method, path, status, …
    pub async fn sandbox_requests(&self) -> Vec<Value> {
        let resp = client()
            .get(format!("{}/_sandbox/requests", self.sandbox_base))
            .send()
            .await
            .expect("sandbox request log");
        let body: Value = resp.json().await.expect("the request log is JSON");
        body["requests"].as_array().cloned().unwrap_or_default()
    }

    /// Stops the shop, the signer (SIGTERM) and the sandbox.
    pub fn stop(self) {
        drop(self.shop);
        drop(self.signer);
        self.sandbox.stop();
    }
}

/// The demo shop with the signer and its D1 ledger ([`crate::ledger_edge::stack`]) and the
/// sandbox: the signer's return URLs are the shop's pages, its checkout.js and its page to change
/// a subscription's payment method the sandbox's, its allowed origin the shop. For journeys that need the ledger: subscriptions charged by the
/// scheduled handler ([`crate::ledger_edge::LedgerSigner::run_scheduled`]).
pub struct LedgerShopStack {
    /// The sandbox (`stack.sb`) and the signer with its ledger (`stack.signer`).
    pub stack: crate::ledger_edge::Stack,
    /// The shop.
    pub shop: ShopServer,
}

impl LedgerShopStack {
    /// Starts the shop, the sandbox and the signer with `options` (its bindings win over the
    /// shop's).
    pub async fn start(options: crate::ledger_edge::StackOptions) -> LedgerShopStack {
        let bound = ShopServer::bind().await;
        let mut shop_bindings = vec![("ALLOWED_ORIGINS".to_owned(), Some(bound.base.clone()))];
        for (name, page) in [
            ("CHECKOUT_REVIEW_RETURN_URL", "review.html"),
            ("CHECKOUT_RESULT_RETURN_URL", "result.html"),
            ("CHECKOUT_CANCEL_URL", "cart.html"),
            ("SIGNIN_RETURN_URL", "signin.html"),
        ] {
            shop_bindings.push((name.to_owned(), Some(format!("{}/{page}", bound.base))));
        }
        shop_bindings.extend(options.bindings);
        let stack = crate::ledger_edge::stack(crate::ledger_edge::StackOptions {
            bindings: shop_bindings,
            sandbox_buyer_pages: true,
            ..options
        })
        .await;
        let shop = bound.serve(&stack.signer.base);
        LedgerShopStack { stack, shop }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/a/b.js"), Some(root.join("a/b.js")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/a/../../x"), None);
        assert_eq!(content_type(Path::new("w.wasm")), "application/wasm");
    }
}
