//! The edge signer with its D1 ledger under test: the same worker-build output as
//! [`crate::edge`], run by Miniflare's Node API (`tests/js/edge_ledger_server.js`), which starts
//! workerd with a real local D1 database bound as `LEDGER` and applies
//! `edge-signer/migrations/` first. Raw workerd has no D1; a real `wrangler dev` on the same
//! build ([`crate::wrangler_dev`]) takes seconds longer to start and serves the rate-limit
//! test. The sandbox is started with its notifications pointed at the signer's webhook.
//! Processes are stopped with SIGTERM on drop.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::edge::{default_bindings, edge_build_dir, free_port, set_binding, PUBLIC_KEY_ID};
use crate::{key_text, node, repo_root};

/// The signer in workerd with a local D1 ledger.
#[derive(Debug)]
pub struct LedgerSigner {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    dir: tempfile::TempDir,
}

impl LedgerSigner {
    /// Starts the signer on `port` with `bindings` as text bindings and waits (up to 60 s)
    /// until Miniflare reports it ready.
    pub fn start(port: u16, bindings: &[(String, String)]) -> LedgerSigner {
        LedgerSigner::start_with(port, bindings, Value::Null)
    }

    /// Like [`LedgerSigner::start`], with Rate Limiting bindings (`ratelimits`, shaped as in
    /// `wrangler.toml`: `{NAME: {"namespace_id", "simple": {"limit", "period"}}}`; `null` for
    /// none), emulated by Miniflare as under `wrangler dev`.
    pub fn start_with(port: u16, bindings: &[(String, String)], ratelimits: Value) -> LedgerSigner {
        let dir = tempfile::tempdir().expect("temp dir");
        let ready = dir.path().join("ready");
        let input = json!({
            "buildDir": edge_build_dir(),
            "migrationsDir": repo_root().join("edge-signer/migrations"),
            "port": port,
            "bindings": bindings
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect::<serde_json::Map<String, Value>>(),
            "readyFile": ready,
            "ratelimits": ratelimits,
        });
        let log = std::fs::File::create(dir.path().join("signer.log")).expect("log file");
        let mut child = Command::new(node())
            .arg(repo_root().join("tests/js/edge_ledger_server.js"))
            .current_dir(repo_root())
            .stdin(Stdio::piped())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start node");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.to_string().as_bytes())
            .expect("write stdin");
        let mut signer = LedgerSigner {
            child,
            base: format!("http://127.0.0.1:{port}"),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !ready.exists() {
            if let Ok(Some(status)) = signer.child.try_wait() {
                panic!("the ledger signer exited ({status}): {}", signer.logs());
            }
            assert!(
                Instant::now() < deadline,
                "the ledger signer did not start within 60 s: {}",
                signer.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        signer
    }

    /// Everything the signer printed so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("signer.log")).unwrap_or_default()
    }

    /// Whether the signer prints `needle` within five seconds (its request log line is written
    /// after the answer is sent, so a test reads it only once it has arrived).
    pub async fn logged(&self, needle: &str) -> bool {
        for _ in 0..100 {
            if self.logs().contains(needle) {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        false
    }

    /// A URL of the signer.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Runs the Worker's scheduled handler once, as a Cron Trigger would (Miniflare's trigger
    /// endpoint), and waits until it finished; answers the log it printed meanwhile.
    pub async fn run_scheduled(&self) -> String {
        let before = self.logs().len();
        let resp = crate::edge::client()
            .get(self.url("/cdn-cgi/local/scheduled?cron=*%2F30+*+*+*+*"))
            .send()
            .await
            .expect("scheduled trigger");
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        assert_eq!(status, 200, "the scheduled run failed: {text}\n{}", self.logs());
        // The run's last log line is written when it ends.
        for _ in 0..100 {
            let logs = self.logs();
            let new = logs.get(before..).unwrap_or("").to_owned();
            if new.contains("\"event\":\"scheduled\"") {
                return new;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.logs().get(before..).unwrap_or("").to_owned()
    }

    /// The webhook URL.
    pub fn webhook_url(&self) -> String {
        self.url("/v1/webhooks/amazon-pay")
    }
}

impl Drop for LedgerSigner {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
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

/// The sandbox, its base URL and the signer with a ledger, wired together: the signer calls the
/// sandbox, the sandbox sends its notifications to the signer's webhook (signature version
/// `sns_version`), and the signer trusts the sandbox's certificate origin.
pub struct Stack {
    /// The sandbox (stopped on drop).
    pub sandbox: amazon_pay_sandbox::RunningSandbox,
    /// `http://127.0.0.1:PORT` of the sandbox.
    pub sb: String,
    /// The signer.
    pub signer: LedgerSigner,
}

impl Stack {
    /// A checkout the buyer approved at Amazon: the button signed by the signer's `route`
    /// (`/v1/button`, `/v1/permission-button`) for `button`, posted as checkout.js would for
    /// `product_type`, and approved with the sandbox's approve body `approve` (`{}`: the default
    /// buyer and instrument). Answers the checkout session id.
    pub async fn approved_checkout(
        &self,
        route: &str,
        button: Value,
        product_type: &str,
        approve: Value,
    ) -> String {
        approved(&self.signer, &self.sb, route, button, product_type, approve).await
    }

    /// Place-order of the buyer's browser for `cart` on session `id` (it must succeed);
    /// answers the signer's answer.
    pub async fn place_order(&self, id: &str, cart: &Value) -> Value {
        crate::edge::place_order(|path| self.signer.url(path), id, cart).await
    }
}

/// [`Stack::approved_checkout`] for any signer and sandbox.
async fn approved(
    signer: &LedgerSigner,
    sb: &str,
    route: &str,
    button: Value,
    product_type: &str,
    approve: Value,
) -> String {
    use crate::edge::{call, control, initiate_checkout};
    let (s, b) = call(reqwest::Method::POST, signer.url(route), Some(button), false).await;
    assert_eq!(s, 200, "{b}");
    let id = initiate_checkout(sb, product_type, &b["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), approve).await;
    id
}

/// Options for [`stack`].
#[derive(Debug, Clone, Default)]
pub struct StackOptions {
    /// Send notifications (to the signer's webhook) with this SNS signature version.
    pub notifications: Option<amazon_pay_sandbox::notifications::SignatureVersion>,
    /// How long asynchronous transitions take in sandbox time.
    pub async_delay_secs: i64,
    /// Extra or changed bindings.
    pub bindings: Vec<(String, Option<String>)>,
    /// Send the notifications here instead of the signer's webhook (e.g. a closed port, so a
    /// test delivers them itself from `GET /_sandbox/notifications`).
    pub notification_url: Option<String>,
    /// Rate Limiting bindings (see [`LedgerSigner::start_with`]); `None` for none.
    pub ratelimits: Option<Value>,
    /// The buyer's pages are the sandbox's, for a browser test: checkout.js (`CHECKOUT_JS_URL`)
    /// and the page to change a subscription's payment method
    /// (`SUBSCRIPTION_PAYMENT_METHOD_ORIGIN`).
    pub sandbox_buyer_pages: bool,
}

impl StackOptions {
    /// The default options with these bindings set (name, value): the usual way a test changes
    /// the signer's configuration.
    pub fn with_bindings(pairs: &[(&str, &str)]) -> Self {
        Self {
            bindings: pairs
                .iter()
                .map(|(name, value)| ((*name).to_owned(), Some((*value).to_owned())))
                .collect(),
            ..Self::default()
        }
    }
}

/// Starts the sandbox and the signer with a ledger.
pub async fn stack(options: StackOptions) -> Stack {
    use amazon_pay_shared::keys::PublicKey;
    use amazon_pay_shared::region::PublicKeyId;
    let port = free_port();
    let public = PublicKey::from_pem(&key_text("merchant-public.pem")).expect("public key");
    let sandbox = amazon_pay_sandbox::start(amazon_pay_sandbox::SandboxConfig {
        listen: Some("127.0.0.1:0".parse().expect("address")),
        public_keys: vec![(PublicKeyId::parse(PUBLIC_KEY_ID).expect("key id"), public)],
        async_delay_secs: options.async_delay_secs,
        notification_url: options.notifications.map(|_| {
            options
                .notification_url
                .clone()
                .unwrap_or_else(|| format!("http://127.0.0.1:{port}/v1/webhooks/amazon-pay"))
        }),
        notification_signature_version: options
            .notifications
            .unwrap_or(amazon_pay_sandbox::notifications::SignatureVersion::V2),
        ..amazon_pay_sandbox::SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let sb = format!("http://{}", sandbox.http.expect("http address"));
    let mut bindings = default_bindings(&sb);
    set_binding(&mut bindings, "WEBHOOK_CERT_ORIGINS", Some(&sb));
    if options.sandbox_buyer_pages {
        set_binding(
            &mut bindings,
            "CHECKOUT_JS_URL",
            Some(&format!("{sb}/checkout.js")),
        );
        set_binding(&mut bindings, "SUBSCRIPTION_PAYMENT_METHOD_ORIGIN", Some(&sb));
    }
    for (k, v) in &options.bindings {
        set_binding(&mut bindings, k, v.as_deref());
    }
    let ratelimits = options.ratelimits.clone().unwrap_or(Value::Null);
    let signer = tokio::task::spawn_blocking(move || LedgerSigner::start_with(port, &bindings, ratelimits))
        .await
        .expect("signer starts");
    Stack { sandbox, sb, signer }
}

/// A merchant call (bearer token) to the signer.
pub async fn merchant(
    signer: &LedgerSigner,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    crate::edge::call(method, signer.url(path), body, true).await
}

/// The merchant reference the signer derives for a catalog order of a checkout session.
pub fn reference_of(session_id: &str) -> String {
    let compact: String = session_id.chars().filter(|c| *c != '-').take(24).collect();
    format!("order-{compact}")
}

/// One transaction of the ledger (`GET /v1/merchant/transactions/{reference}`), expected to exist.
pub async fn detail(signer: &LedgerSigner, reference: &str) -> Value {
    let (s, d) = merchant(
        signer,
        reqwest::Method::GET,
        &format!("/v1/merchant/transactions/{reference}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{d}");
    d
}

/// The statuses of a transaction's history, oldest first.
pub fn history(detail: &Value) -> Vec<String> {
    detail["history"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h["status"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Polls a transaction until its status is `status` (at most `secs` seconds; something else
/// happens asynchronously, e.g. a notification); answers the last detail.
pub async fn wait_for_status(signer: &LedgerSigner, reference: &str, status: &str, secs: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let d = detail(signer, reference).await;
        if d["status"] == status || Instant::now() > deadline {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A catalog purchase through the signer: button, the buyer's approval (`approve`: the
/// sandbox's approve body, e.g. an instrument), place-order, payment, complete. Answers the
/// checkout session id and complete's answer.
pub async fn buy(signer: &LedgerSigner, sb: &str, cart: Value, approve: Value) -> (String, Value) {
    use crate::edge::{call, control};
    use reqwest::Method;
    let button = json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart});
    let id = approved(signer, sb, "/v1/button", button, "PayAndShip", approve).await;
    crate::edge::place_order(|path| signer.url(path), &id, &cart).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    let (s, done) = call(
        Method::POST,
        signer.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    (id, done)
}

/// The sandbox's notification deliveries (`GET /_sandbox/notifications`).
pub async fn deliveries(sb: &str) -> Vec<Value> {
    crate::edge::inspect(sb, "/_sandbox/notifications").await["notifications"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits (up to 10 s) until the sandbox has delivered a notification of `object_type` in
/// `state`; false if it never did.
pub async fn wait_for_delivery(sb: &str, object_type: &str, state: &str) -> bool {
    for _ in 0..100 {
        let delivered = deliveries(sb)
            .await
            .iter()
            .any(|n| n["objectType"] == object_type && n["state"] == state);
        if delivered {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

/// POSTs a notification body to the signer's webhook as SNS does; answers status and JSON.
pub async fn post_notification(signer: &LedgerSigner, body: &str) -> (u16, Value) {
    let resp = crate::edge::client()
        .post(signer.webhook_url())
        .header("content-type", "text/plain; charset=UTF-8")
        .header("x-amz-sns-message-type", "Notification")
        .body(body.to_owned())
        .send()
        .await
        .expect("webhook");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}
