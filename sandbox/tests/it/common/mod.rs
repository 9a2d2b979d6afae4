//! A sandbox started in-process on a free port, and a client that signs API requests with the
//! shared crate exactly as a merchant's server would.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

use amazon_pay_sandbox::{RunningSandbox, SandboxConfig};
use amazon_pay_shared::keys::{PrivateKey, PublicKey};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{Algorithm, ApiRequest, ClientProfile, IdempotencyKey};
use serde_json::{json, Value};

/// The merchant's key id in these tests.
pub const KEY_ID: &str = "SANDBOX-AEXAMPLEKEY0001";
/// The store id the sandbox is configured with.
pub const STORE_ID: &str = "amzn1.application-oa2-client.sandbox0000000000000000";

fn key_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/tests/data/keys")
        .join(name)
}

/// A running sandbox and a signing client for it.
pub struct Sandbox {
    pub running: RunningSandbox,
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    key: PrivateKey,
}

/// The configuration the tests use: memory only, asynchronous steps settle at once.
pub fn config() -> SandboxConfig {
    let public =
        PublicKey::from_pem(&std::fs::read_to_string(key_file("merchant-public.pem")).unwrap()).unwrap();
    SandboxConfig {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        public_keys: vec![(PublicKeyId::parse(KEY_ID).unwrap(), public)],
        async_delay_secs: 0,
        ..SandboxConfig::default()
    }
}

/// A JSON answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// The `reasonCode` of an error answer.
    pub fn reason(&self) -> &str {
        self.body["reasonCode"].as_str().unwrap_or("")
    }

    /// Asserts the status and returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "unexpected answer {}", self.body);
        self.body
    }

    /// Asserts an error status and reason code and returns the message.
    #[track_caller]
    pub fn expect_error(self, status: u16, reason: &str) -> String {
        assert_eq!(
            (self.status, self.reason()),
            (status, reason),
            "unexpected answer {}",
            self.body
        );
        self.body["message"].as_str().unwrap_or("").to_owned()
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A fresh idempotency key.
pub fn key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("k{}x{}", now(), N.fetch_add(1, Ordering::SeqCst))
}

/// `{"amount": a, "currencyCode": c}`.
pub fn price(amount: &str, currency: &str) -> Value {
    json!({"amount": amount, "currencyCode": currency})
}

impl Sandbox {
    /// Starts a sandbox with [`config`].
    pub async fn start() -> Sandbox {
        Sandbox::start_with(config()).await
    }

    /// Starts a sandbox with a configuration.
    pub async fn start_with(config: SandboxConfig) -> Sandbox {
        let running = amazon_pay_sandbox::start(config).await.unwrap();
        let addr = running.http.unwrap();
        let key =
            PrivateKey::from_pem(&std::fs::read_to_string(key_file("merchant-pkcs8.pem")).unwrap()).unwrap();
        Sandbox {
            running,
            addr,
            http: reqwest::Client::new(),
            key,
        }
    }

    /// A signed API call from a merchant in `region`. `body` is sent as given (None: empty).
    pub async fn call_raw(
        &self,
        region: Region,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        idempotency_key: Option<&str>,
    ) -> Answer {
        self.call_with_headers(region, method, path, body, idempotency_key, &[])
            .await
    }

    /// [`Sandbox::call_raw`] plus unsigned headers (as SDKs send `x-amz-pay-simulation-code`).
    pub async fn call_with_headers(
        &self,
        region: Region,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        idempotency_key: Option<&str>,
        unsigned: &[(&str, &str)],
    ) -> Answer {
        let profile = ClientProfile {
            public_key_id: PublicKeyId::parse(KEY_ID).unwrap(),
            region,
            sandbox: true,
            algorithm: Algorithm::V2,
        };
        let mut request = ApiRequest::new(method, path).unwrap();
        if let Some(b) = body {
            request = request.with_body(b.to_vec());
        }
        if let Some(k) = idempotency_key {
            request = request.with_idempotency_key(IdempotencyKey::parse(k).unwrap());
        }
        let host = self.addr.to_string();
        let signed = profile
            .prepare_for_host(&request, &amazon_pay_shared::time::format_basic(now()), &host)
            .unwrap()
            .sign_with(&self.key)
            .unwrap();
        let url = format!("http://{host}{}", signed.path_and_query());
        let mut builder = self
            .http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
        for (name, value) in &signed.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        for (name, value) in unsigned {
            builder = builder.header(*name, *value);
        }
        let response = builder.body(signed.body.clone()).send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body }
    }

    /// A signed API call from a JP merchant with a JSON body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        idempotency_key: Option<&str>,
    ) -> Answer {
        self.call_in(Region::Jp, method, path, body, idempotency_key)
            .await
    }

    /// A signed API call from a merchant in `region` with a JSON body.
    pub async fn call_in(
        &self,
        region: Region,
        method: &str,
        path: &str,
        body: Option<&Value>,
        idempotency_key: Option<&str>,
    ) -> Answer {
        let bytes = body.map(|b| serde_json::to_vec(b).unwrap());
        self.call_raw(region, method, path, bytes.as_deref(), idempotency_key)
            .await
    }

    /// `GET` (JP).
    pub async fn get(&self, path: &str) -> Answer {
        self.call("GET", path, None, None).await
    }

    /// `POST` with a fresh idempotency key (JP).
    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.call("POST", path, Some(body), Some(&key())).await
    }

    /// `PATCH` (JP).
    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.call("PATCH", path, Some(body), None).await
    }

    /// `DELETE` with a body (JP).
    pub async fn delete(&self, path: &str, body: &Value) -> Answer {
        self.call("DELETE", path, Some(body), None).await
    }

    /// An unsigned control call under `/_sandbox/`.
    pub async fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        let url = format!("http://{}{path}", self.addr);
        let mut builder = self
            .http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
        if let Some(b) = body {
            builder = builder.json(b);
        }
        let response = builder.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body }
    }

    /// Moves the sandbox clock forward.
    pub async fn advance(&self, seconds: i64) {
        self.control(
            "POST",
            "/_sandbox/clock",
            Some(&json!({"advanceSeconds": seconds})),
        )
        .await
        .expect(200);
    }

    /// Freezes the sandbox clock, so a test can stand exactly on the edge of a time rule.
    pub async fn freeze(&self) {
        self.control("POST", "/_sandbox/clock", Some(&json!({"freeze": true})))
            .await
            .expect(200);
    }

    /// Creates a review-mode session (JP) and returns its id.
    pub async fn create_review_session(&self, extra: Value) -> String {
        let mut payload = json!({
            "storeId": STORE_ID,
            "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"},
        });
        merge(&mut payload, extra);
        let s = self.post("/v2/checkoutSessions", &payload).await.expect(201);
        s["checkoutSessionId"].as_str().unwrap().to_owned()
    }

    /// The buyer approves with an instrument (or the defaults when None).
    pub async fn approve(&self, id: &str, instrument: Option<(&str, &str)>) -> Value {
        let body = match instrument {
            Some((buyer, instrument)) => json!({"buyerId": buyer, "instrumentId": instrument}),
            None => json!({}),
        };
        self.control(
            "POST",
            &format!("/_sandbox/checkoutSessions/{id}/approve"),
            Some(&body),
        )
        .await
        .expect(200)
    }

    /// The buyer goes through `amazonPayRedirectUrl`.
    pub async fn pay(&self, id: &str) -> Value {
        self.control("POST", &format!("/_sandbox/checkoutSessions/{id}/pay"), None)
            .await
            .expect(200)
    }

    /// Review flow up to payment: create, approve, update with `payment` (merged into
    /// paymentDetails, which has the intent and JPY amount), pay. Returns the session id.
    pub async fn paid_session(
        &self,
        intent: &str,
        amount: &str,
        instrument: Option<(&str, &str)>,
        payment: Value,
    ) -> String {
        let id = self.create_review_session(json!({})).await;
        self.approve(&id, instrument).await;
        let mut details = json!({"paymentIntent": intent, "chargeAmount": price(amount, "JPY")});
        merge(&mut details, payment);
        let updated = self
            .patch(
                &format!("/v2/checkoutSessions/{id}"),
                &json!({
                    "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
                    "paymentDetails": details,
                }),
            )
            .await
            .expect(200);
        assert!(
            updated["webCheckoutDetails"]["amazonPayRedirectUrl"].is_string(),
            "{updated}"
        );
        self.pay(&id).await;
        id
    }

    /// A completed checkout: returns the completed session.
    pub async fn checkout(
        &self,
        intent: &str,
        amount: &str,
        instrument: Option<(&str, &str)>,
        payment: Value,
    ) -> Value {
        let id = self.paid_session(intent, amount, instrument, payment).await;
        self.complete(&id, amount).await.expect(200)
    }

    /// Complete Checkout Session with a JPY amount.
    pub async fn complete(&self, id: &str, amount: &str) -> Answer {
        self.call(
            "POST",
            &format!("/v2/checkoutSessions/{id}/complete"),
            Some(&json!({"chargeAmount": price(amount, "JPY")})),
            None,
        )
        .await
    }

    /// A one-time permission of `amount` yen (Confirm), with the instrument; returns its id.
    pub async fn permission(&self, amount: &str, instrument: Option<(&str, &str)>, payment: Value) -> String {
        let s = self.checkout("Confirm", amount, instrument, payment).await;
        s["chargePermissionId"].as_str().unwrap().to_owned()
    }

    /// A recurring permission (monthly, 980 yen, its first charge confirmed) paid with the
    /// instrument; returns its id.
    pub async fn recurring_permission(&self, instrument: Option<(&str, &str)>) -> String {
        let id = self
            .create_review_session(json!({"chargePermissionType": "Recurring"}))
            .await;
        self.approve(&id, instrument).await;
        self.patch(
            &format!("/v2/checkoutSessions/{id}"),
            &json!({"webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
                    "paymentDetails": {"paymentIntent": "Confirm", "chargeAmount": price("980", "JPY")},
                    "recurringMetadata": {"frequency": {"unit": "Month", "value": "1"}, "amount": price("980", "JPY")}}),
        )
        .await
        .expect(200);
        self.pay(&id).await;
        let done = self.complete(&id, "980").await.expect(200);
        done["chargePermissionId"].as_str().unwrap().to_owned()
    }

    /// A setup-only saved-wallet session (NA, nothing charged), as created; returns the session.
    pub async fn setup_only_session(&self) -> Value {
        let setup = json!({
            "storeId": STORE_ID,
            "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/saved"},
            "chargePermissionType": "PaymentMethodOnFile",
            "paymentMethodOnFileMetadata": {"setupOnly": true},
            "paymentDetails": {"paymentIntent": "Confirm"},
        });
        self.call_in(
            Region::Na,
            "POST",
            "/v2/checkoutSessions",
            Some(&setup),
            Some(&key()),
        )
        .await
        .expect(201)
    }

    /// An authorised charge of `amount` yen; returns (permission id, charge id).
    pub async fn authorized(
        &self,
        amount: &str,
        instrument: Option<(&str, &str)>,
        payment: Value,
    ) -> (String, String) {
        let s = self.checkout("Authorize", amount, instrument, payment).await;
        (
            s["chargePermissionId"].as_str().unwrap().to_owned(),
            s["chargeId"].as_str().unwrap().to_owned(),
        )
    }

    /// Create Charge (JPY) on a permission.
    pub async fn create_charge(&self, permission: &str, amount: &str, extra: Value) -> Answer {
        let mut body = json!({"chargePermissionId": permission, "chargeAmount": price(amount, "JPY")});
        merge(&mut body, extra);
        self.post("/v2/charges", &body).await
    }

    /// Capture Charge (JPY).
    pub async fn capture(&self, charge: &str, amount: &str) -> Answer {
        self.post(
            &format!("/v2/charges/{charge}/capture"),
            &json!({"captureAmount": price(amount, "JPY")}),
        )
        .await
    }

    /// Create Refund (JPY).
    pub async fn refund(&self, charge: &str, amount: &str) -> Answer {
        self.post(
            "/v2/refunds",
            &json!({"chargeId": charge, "refundAmount": price(amount, "JPY")}),
        )
        .await
    }

    /// Signs in on the hosted sign-in page with a Sign-in button payload (signed with the
    /// merchant key, V2) as `buyer`; returns the `buyerToken` of the redirect.
    pub async fn hosted_sign_in(&self, payload: &str, buyer: &str) -> String {
        use amazon_pay_shared::signing::{sign_payload, Algorithm};
        let signature = sign_payload(&self.key, Algorithm::V2, payload.as_bytes()).unwrap();
        let encode = |v: &str| -> String {
            v.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        let form = [
            ("payloadJSON", payload),
            ("signature", signature.as_str()),
            ("publicKeyId", KEY_ID),
            ("algorithm", "AMZN-PAY-RSASSA-PSS-V2"),
            ("buyerId", buyer),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let answer = client
            .post(format!("http://{}/checkout/amazon-signin", self.addr))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 303);
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        location
            .split_once("buyerToken=")
            .map(|(_, t)| t.split('&').next().unwrap_or("").to_owned())
            .unwrap_or_else(|| panic!("no buyerToken in {location}"))
    }

    /// The state of an object.
    pub async fn state(&self, path: &str) -> String {
        let body = self.get(path).await.expect(200);
        body["statusDetails"]["state"].as_str().unwrap_or("").to_owned()
    }
}

/// Merges `extra` into `base` (objects recursively).
pub fn merge(base: &mut Value, extra: Value) {
    match (base, extra) {
        (Value::Object(b), Value::Object(e)) => {
            for (k, v) in e {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, e) => *b = e,
    }
}

/// Test instruments by behaviour: (buyer id, instrument id).
pub mod instruments {
    pub const JP: &str = "amzn1.account.SANDBOXBUYERJP0001";
    pub const US: &str = "amzn1.account.SANDBOXBUYERUS0002";
    pub const EU: &str = "amzn1.account.SANDBOXBUYEREU0003";
    pub const APPROVE: (&str, &str) = (JP, "jp-visa");
    pub const PENDING_APPROVE: (&str, &str) = (JP, "jp-jcb-pending");
    pub const CAPTURE_PENDING: (&str, &str) = (JP, "jp-mc-capture-pending");
    pub const SOFT_DECLINE: (&str, &str) = (US, "us-amex-soft");
    pub const HARD_DECLINE: (&str, &str) = (US, "us-discover-hard");
    pub const PENDING_DECLINE: (&str, &str) = (EU, "eu-visa-pending-decline");
    pub const CAPTURE_DECLINE: (&str, &str) = (EU, "eu-visa-capture-decline");
    pub const REFUND_PENDING: (&str, &str) = (EU, "eu-amex-refund-pending");
    pub const REFUND_DECLINE: (&str, &str) = (EU, "eu-mc-refund-decline");
    /// Amazon's simulated card of the JP buyer with this ending.
    pub fn amazon(ending: &str) -> (&'static str, String) {
        (JP, format!("jp-amazon-{ending}"))
    }
}
