//! The edge signer under test: its worker-build output served by a real `workerd` on
//! 127.0.0.1, configured with text bindings, stopped with SIGTERM on drop.

use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{key_text, repo_root};

/// The worker-build output directory; fails with a clear message when it is missing.
pub fn edge_build_dir() -> PathBuf {
    let dir = repo_root().join("edge-signer/build");
    assert!(
        dir.join("index.js").exists() && dir.join("index_bg.wasm").exists(),
        "edge-signer/build/ is missing: run `cargo xtask test` (it builds the Worker with worker-build first), \
         or `cd edge-signer && worker-build --release`"
    );
    dir
}

/// The workerd binary from the npm package.
pub fn workerd_bin() -> PathBuf {
    let bin = repo_root().join("node_modules/@cloudflare/workerd-linux-64/bin/workerd");
    assert!(
        bin.exists(),
        "workerd is not installed: run `cargo xtask setup` first"
    );
    bin
}

/// A free TCP port on 127.0.0.1 for a server a test starts a moment later.
///
/// Picked below the systems' ephemeral ranges (Linux 32768–60999, macOS 49152–65535), so that
/// no outgoing connection or `bind(0)` takes it between this check and the server's own bind;
/// every call of this process gets another port (a counter from a per-process start), and the
/// port is checked free by binding it once.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    const FIRST: u32 = 20_000;
    const SPAN: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(u32::MAX);
    let seed = std::process::id().wrapping_mul(7_919)
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
    let _ = NEXT.compare_exchange(u32::MAX, seed % SPAN, Ordering::SeqCst, Ordering::SeqCst);
    for _ in 0..SPAN {
        let port = (FIRST + NEXT.fetch_add(1, Ordering::SeqCst) % SPAN) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A capnp text literal.
fn capnp_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The merchant bearer token of [`default_bindings`].
pub const MERCHANT_TOKEN: &str = "merchant-token-0123456789abcdef0123456789";
/// The cart token secret of [`default_bindings`].
pub const CART_SECRET: &str = "cart-secret-0123456789abcdef0123456789abcdef";
/// The allowed origin of [`default_bindings`].
pub const SHOP_ORIGIN: &str = "http://127.0.0.1:5173";
/// The public key id of [`default_bindings`].
pub const PUBLIC_KEY_ID: &str = "SANDBOX-AEDGEKEY";
/// The store id of [`default_bindings`] (the sandbox's default).
pub const STORE_ID: &str = "amzn1.application-oa2-client.sandbox0000000000000000";
/// The catalog of [`default_bindings`].
pub const CATALOG: &str = r#"{"currency":"JPY","items":{"TEA-1":{"price":"1200","name":"Sencha"},"CUP-2":{"price":"800","name":"Cup"}},"shipping":{"flat":"500","freeFrom":"5000"},"tax":{"rateBasisPoints":1000,"included":true},"maxOrderTotal":"300000"}"#;

/// A complete sandbox configuration (JP, JPY, catalog and cart tokens), API at `api_base`.
pub fn default_bindings(api_base: &str) -> Vec<(String, String)> {
    [
        ("AMAZON_PAY_MERCHANT_ID", "A2SANDBOXMERCHANT"),
        ("AMAZON_PAY_REGION", "jp"),
        ("AMAZON_PAY_SANDBOX", "true"),
        ("AMAZON_PAY_PUBLIC_KEY_ID", PUBLIC_KEY_ID),
        ("AMAZON_PAY_STORE_ID", STORE_ID),
        ("AMAZON_PAY_API_BASE", api_base),
        ("CHECKOUT_REVIEW_RETURN_URL", "http://127.0.0.1:5173/review"),
        ("CHECKOUT_RESULT_RETURN_URL", "http://127.0.0.1:5173/result"),
        ("CHECKOUT_CANCEL_URL", "http://127.0.0.1:5173/cart"),
        ("SIGNIN_RETURN_URL", "http://127.0.0.1:5173/signin"),
        ("STORE_NAME", "Edge Tea"),
        ("ALLOWED_ORIGINS", SHOP_ORIGIN),
        ("CATALOG_JSON", CATALOG),
        ("CART_TOKEN_SECRET", CART_SECRET),
        ("MERCHANT_API_TOKEN", MERCHANT_TOKEN),
        ("UPSTREAM_TIMEOUT_MS", "2000"),
        ("UPSTREAM_DEADLINE_MS", "8000"),
        ("UPSTREAM_RETRY_BASE_MS", "50"),
        ("WEBHOOK_TOPIC_ARNS", amazon_pay_sandbox::notifications::TOPIC_ARN),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .chain([(
        "AMAZON_PAY_PRIVATE_KEY".to_owned(),
        key_text("merchant-pkcs8.pem"),
    )])
    .collect()
}

/// Sets (or with `None` removes) one binding.
pub fn set_binding(bindings: &mut Vec<(String, String)>, name: &str, value: Option<&str>) {
    bindings.retain(|(k, _)| k != name);
    if let Some(v) = value {
        bindings.push((name.to_owned(), v.to_owned()));
    }
}

/// A running workerd serving the edge signer.
#[derive(Debug)]
pub struct Workerd {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    dir: tempfile::TempDir,
}

impl Workerd {
    /// Writes the capnp config with `bindings` as text bindings, starts workerd on a free port
    /// and waits (up to 20 s) until `/healthz` answers (with any status). A port taken between
    /// choosing and binding it is retried with another.
    pub fn start(bindings: &[(String, String)]) -> Workerd {
        for _ in 0..3 {
            if let Some(w) = Workerd::try_start(bindings) {
                return w;
            }
        }
        panic!("workerd did not start on three different ports");
    }

    fn try_start(bindings: &[(String, String)]) -> Option<Workerd> {
        let build = edge_build_dir();
        let dir = tempfile::tempdir().expect("temp dir");
        for f in ["index.js", "index_bg.wasm"] {
            std::fs::copy(build.join(f), dir.path().join(f)).expect("copy the Worker build");
        }
        let port = free_port();
        let mut binding_list = String::new();
        for (name, value) in bindings {
            let _ = write!(
                binding_list,
                "(name = {}, text = {}),\n    ",
                capnp_str(name),
                capnp_str(value)
            );
        }
        let config = format!(
            r#"using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:{port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed "index.js"),
              (name = "index_bg.wasm", wasm = embed "index_bg.wasm") ],
  compatibilityDate = "2025-11-01",
  globalOutbound = "internet",
  bindings = [
    {binding_list}
  ],
);
"#
        );
        let capnp = dir.path().join("edge.capnp");
        std::fs::write(&capnp, config).expect("write capnp");
        let log = std::fs::File::create(dir.path().join("workerd.log")).expect("log file");
        let child = Command::new(workerd_bin())
            .arg("serve")
            .arg(&capnp)
            .arg("--verbose")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start workerd");
        let mut w = Workerd {
            child,
            base: format!("http://127.0.0.1:{port}"),
            dir,
        };
        w.wait_ready().then_some(w)
    }

    /// True once workerd answers; false when it exited because its port was taken.
    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        let addr = self.base.trim_start_matches("http://").to_owned();
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                let logs = self.logs();
                if logs.contains("Address already in use") || logs.contains("EADDRINUSE") {
                    return false;
                }
                panic!("workerd exited ({status}): {logs}");
            }
            if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
                use std::io::{Read, Write};
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut buf = [0u8; 12];
                if s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.1") {
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("workerd did not answer within 20 s: {}", self.logs());
    }

    /// Everything workerd printed so far (the Worker's structured logs included).
    pub fn logs(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("workerd.log")).unwrap_or_default()
    }

    /// The workerd process id (for CPU measurements).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A URL of the signer.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for Workerd {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The local sandbox configured for the signer's key and store, on an ephemeral port.
pub async fn start_sandbox() -> amazon_pay_sandbox::RunningSandbox {
    start_sandbox_with_delay(0).await
}

/// Like [`start_sandbox`], with Amazon's asynchronous steps (pending authorizations, captures,
/// refunds) completing after `async_delay_secs` of sandbox time.
pub async fn start_sandbox_with_delay(async_delay_secs: i64) -> amazon_pay_sandbox::RunningSandbox {
    start_sandbox_with(&[(PUBLIC_KEY_ID, "merchant-public.pem")], async_delay_secs).await
}

/// The local sandbox with these merchant public keys registered (key id, file of the shared
/// test keys), as Seller Central holds them, on an ephemeral port.
pub async fn start_sandbox_with(
    keys: &[(&str, &str)],
    async_delay_secs: i64,
) -> amazon_pay_sandbox::RunningSandbox {
    use amazon_pay_shared::keys::PublicKey;
    use amazon_pay_shared::region::PublicKeyId;
    let public_keys = keys
        .iter()
        .map(|(id, file)| {
            (
                PublicKeyId::parse(id).expect("key id"),
                PublicKey::from_pem(&key_text(file)).expect("public key"),
            )
        })
        .collect();
    amazon_pay_sandbox::start(amazon_pay_sandbox::SandboxConfig {
        listen: Some("127.0.0.1:0".parse().expect("address")),
        public_keys,
        async_delay_secs,
        ..amazon_pay_sandbox::SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                amazon_pay_shared::signing::rfc3986_encode(k.as_bytes()),
                amazon_pay_shared::signing::rfc3986_encode(v.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Does what checkout.js does on a click: posts the signed button config to the sandbox's
/// `/checkout/initiate` (which verifies the signature as Amazon does) and returns the id of the
/// checkout session it created.
pub async fn initiate_checkout(sandbox_base: &str, product_type: &str, config: &serde_json::Value) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let field = |k: &str| config[k].as_str().unwrap_or_default().to_owned();
    let (payload, signature, key_id, algorithm) = (
        field("payloadJSON"),
        field("signature"),
        field("publicKeyId"),
        field("algorithm"),
    );
    let body = form_encode(&[
        ("merchantId", "A2SANDBOXMERCHANT"),
        ("ledgerCurrency", "JPY"),
        ("productType", product_type),
        ("environment", "SANDBOX"),
        ("payloadJSON", &payload),
        ("signature", &signature),
        ("publicKeyId", &key_id),
        ("algorithm", &algorithm),
    ]);
    let resp = client
        .post(format!("{sandbox_base}/checkout/initiate"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("initiate");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = resp.text().await.unwrap_or_default();
    assert_eq!(status, 303, "initiate refused the button: {text}");
    let id = location
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("amazonCheckoutSessionId="))
        .unwrap_or_else(|| panic!("no session id in {location}"));
    id.to_owned()
}

/// An HTTP client with a 30 s timeout for the edge tests.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The binding secret of the test buyer's browser ([`amazon_pay_shared::binding`]): what the
/// widget keeps in `sessionStorage` after a click.
pub const BROWSER_SECRET: &str = "dGVzdCBidXllcidzIGJyb3dzZXIgc2VjcmV0IDAx";

/// Who calls a public route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// The buyer's browser: the shop's Origin, the binding hash in button bodies and the
    /// secret in the binding header (what the widget sends).
    Browser,
    /// A browser or script holding another secret (or none), with this Origin (or none).
    Outsider {
        /// `Origin`, if any.
        origin: Option<&'a str>,
        /// The binding secret sent, if any.
        secret: Option<&'a str>,
    },
}

/// Whether `url` is one of the button routes, whose bodies carry the binding hash.
fn is_button_route(url: &str) -> bool {
    ["/v1/button", "/v1/permission-button", "/v1/signin-button"]
        .iter()
        .any(|r| url.ends_with(r))
}

/// Calls a public route of the signer as `caller`; answers as [`call`].
pub async fn call_as(
    caller: Caller<'_>,
    method: reqwest::Method,
    url: String,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let (origin, secret) = match caller {
        Caller::Browser => (Some(SHOP_ORIGIN), Some(BROWSER_SECRET)),
        Caller::Outsider { origin, secret } => (origin, secret),
    };
    let mut body = body;
    if let (Some(secret), Some(serde_json::Value::Object(map))) = (secret, body.as_mut()) {
        if is_button_route(&url) && !map.contains_key("bindingHash") {
            map.insert(
                "bindingHash".into(),
                amazon_pay_shared::binding::hash_secret(secret).into(),
            );
        }
    }
    let mut rb = client().request(method, url);
    if let Some(origin) = origin {
        rb = rb.header("origin", origin);
    }
    if let Some(secret) = secret {
        rb = rb.header(amazon_pay_shared::binding::HEADER, secret);
    }
    if let Some(b) = body {
        rb = rb.header("content-type", "application/json").body(b.to_string());
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, value)
}

/// Calls the signer: a merchant call carries the bearer token, a public one is the buyer's
/// browser ([`Caller::Browser`]: the shop's Origin and the binding). Answers the status and the
/// JSON body (a non-JSON body as a JSON string).
pub async fn call(
    method: reqwest::Method,
    url: String,
    body: Option<serde_json::Value>,
    merchant: bool,
) -> (u16, serde_json::Value) {
    if !merchant {
        return call_as(Caller::Browser, method, url, body).await;
    }
    let mut rb = client().request(method, url);
    rb = rb.header("authorization", format!("Bearer {MERCHANT_TOKEN}"));
    if let Some(b) = body {
        rb = rb.header("content-type", "application/json").body(b.to_string());
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, value)
}

/// The buyer's browser places the order of session `id` with `cart` (`url` makes the signer's
/// URL of a path); expects 200 and answers the body.
pub async fn place_order(
    url: impl Fn(&str) -> String,
    id: &str,
    cart: &serde_json::Value,
) -> serde_json::Value {
    let (status, placed) = call(
        reqwest::Method::POST,
        url(&format!("/v1/checkout-sessions/{id}/place-order")),
        Some(serde_json::json!({"cart": cart})),
        false,
    )
    .await;
    assert_eq!(status, 200, "{placed}");
    placed
}

/// Posts to the sandbox's control API and expects 200.
pub async fn control(sandbox: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
    let resp = client()
        .post(format!("{sandbox}{path}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("control request");
    let status = resp.status().as_u16();
    let v: serde_json::Value = resp.json().await.expect("control answer");
    assert_eq!(status, 200, "{path}: {v}");
    v
}

/// Reads the sandbox's control API (`GET`, e.g. `/_sandbox/clock`) and expects JSON.
pub async fn inspect(sandbox: &str, path: &str) -> serde_json::Value {
    client()
        .get(format!("{sandbox}{path}"))
        .send()
        .await
        .expect("sandbox read")
        .json()
        .await
        .expect("sandbox answer")
}

/// The sandbox clock's time (Unix seconds): real time plus whatever `/_sandbox/clock` moved.
pub async fn sandbox_now(sandbox: &str) -> i64 {
    inspect(sandbox, "/_sandbox/clock").await["unix"]
        .as_i64()
        .expect("the sandbox clock's unix time")
}

/// The requests the sandbox received, oldest first (its `/_sandbox/requests` log).
pub async fn sandbox_requests(sandbox: &str) -> Vec<serde_json::Value> {
    inspect(sandbox, "/_sandbox/requests").await["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The changing requests (anything but GET) the sandbox received, each as
/// `"METHOD" "path" replayed`.
pub async fn changing_requests(sandbox: &str) -> Vec<String> {
    sandbox_requests(sandbox)
        .await
        .iter()
        .filter(|r| r["method"] != "GET")
        .map(|r| format!("{} {} {}", r["method"], r["path"], r["replayed"]))
        .collect()
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What [`post_chunked`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkedAnswer {
    /// The answer's status (0 when none came).
    pub status: u16,
    /// The answer's body.
    pub body: String,
    /// The body bytes written before the answer's first byte arrived.
    pub sent_before_answer: usize,
    /// The body bytes the caller meant to send.
    pub total: usize,
}

/// POSTs `chunks` chunks of `chunk_size` spaces as a chunked JSON body (no `content-length`)
/// over a raw connection, a few milliseconds apart, from a writer thread, and reads the answer
/// as soon as it comes: [`ChunkedAnswer::sent_before_answer`] says how much of the body had
/// been written by then. Blocking: call it from `spawn_blocking`.
pub fn post_chunked(base: &str, path: &str, origin: &str, chunks: usize, chunk_size: usize) -> ChunkedAnswer {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("write head");
    let sent = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicBool::new(false));
    let mut writer = stream.try_clone().expect("clone");
    let (sent_w, answered_w) = (sent.clone(), answered.clone());
    let handle = std::thread::spawn(move || {
        let chunk = vec![b' '; chunk_size];
        for _ in 0..chunks {
            if answered_w.load(Ordering::SeqCst) {
                return;
            }
            let framed = [format!("{chunk_size:x}\r\n").as_bytes(), &chunk, b"\r\n"].concat();
            if writer.write_all(&framed).is_err() {
                return;
            }
            sent_w.fetch_add(chunk_size, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    });
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    let mut sent_before_answer = None;
    loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        sent_before_answer.get_or_insert_with(|| sent.load(Ordering::SeqCst));
        received.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok());
            if length.is_some_and(|l| body.len() >= l) {
                break;
            }
        }
    }
    answered.store(true, Ordering::SeqCst);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = handle.join();
    let text = String::from_utf8_lossy(&received).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    let sent_before_answer = sent_before_answer.unwrap_or_else(|| sent.load(Ordering::SeqCst));
    ChunkedAnswer {
        status,
        body,
        sent_before_answer,
        total: chunks * chunk_size,
    }
}
