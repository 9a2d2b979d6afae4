//! The sandbox's buyer side in headless Chromium: checkout.js renders and validates like
//! Amazon's, a bad button signature shows Amazon's error page with the expected string to sign,
//! and a test buyer clicks through the hosted pages (review flow with bindChangeAction and the
//! `amazonPayRedirectUrl` step, cancel, one-step, Amazon Sign-in).
//!
//! Each test starts the sandbox in-process, plus a tiny shop (axum) that loads
//! `<sandbox>/checkout.js`, renders buttons with payloads signed here, and calls the signed API
//! (Get, Update, Complete Checkout Session, Get Buyer) on its return pages. A Node driver
//! (`tests/js/browser_sandbox.js`) clicks through and reports JSON. Screenshots go to
//! `target/test-artifacts/`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use amazon_pay_sandbox::buyer::html::{encode, escape};
use amazon_pay_sandbox::buyers::test_buyers;
use amazon_pay_sandbox::{start, RunningSandbox, SandboxConfig};
use amazon_pay_shared::keys::{PrivateKey, PublicKey};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{sign_payload, Algorithm, ApiRequest, ClientProfile, IdempotencyKey};
use amazon_pay_shared::time::format_basic;
use amazon_pay_tests::{artifacts_dir, browser_json, key_text};
use axum::extract::{Form, Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

const KEY_ID: &str = "SANDBOX-BROWSERTEST0001";
const AMOUNT: &str = "12.99";
const CURRENCY: &str = "USD";

/// What the shop needs: where the sandbox and the shop itself are, and the merchant key.
struct Shop {
    sandbox: SocketAddr,
    sandbox_url: String,
    shop_url: String,
    store_id: String,
    key: PrivateKey,
}

/// A running sandbox and shop.
struct World {
    sandbox: RunningSandbox,
    shop_url: String,
    sandbox_url: String,
    shop_task: tokio::task::JoinHandle<()>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// One signed call of the sandbox API (V2, the `SANDBOX-` key, NA region).
async fn api(shop: &Shop, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut request = ApiRequest::new(method, path).expect("request");
    let body_bytes = body.map(|b| b.to_string()).unwrap_or_default();
    if body.is_some() {
        request = request.with_body(body_bytes.clone().into_bytes());
    }
    if method == "POST" {
        request = request.with_idempotency_key(IdempotencyKey::derive(&[path, &body_bytes]));
    }
    let profile = ClientProfile {
        public_key_id: PublicKeyId::parse(KEY_ID).expect("key id"),
        region: Region::Na,
        sandbox: true,
        algorithm: Algorithm::V2,
    };
    let host = shop.sandbox.to_string();
    let signed = profile
        .prepare_for_host(&request, &format_basic(now()), &host)
        .expect("prepare")
        .sign_with(&shop.key)
        .expect("sign");
    let url = format!("http://{host}{}", signed.path_and_query());
    let client = reqwest::Client::new();
    let mut builder = client.request(
        reqwest::Method::from_bytes(signed.method.as_bytes()).expect("method"),
        url,
    );
    for (name, value) in &signed.headers {
        builder = builder.header(name, value);
    }
    let response = match builder.body(signed.body.clone()).send().await {
        Ok(r) => r,
        Err(e) => return (0, json!({"transportError": e.to_string()})),
    };
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn page(title: &str, sandbox: &str, body: &str) -> Response {
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:Arial,sans-serif;margin:24px;color:#222}}\
         .row{{display:flex;gap:28px;align-items:flex-start;margin:18px 0}}\
         .label{{font-size:12px;color:#666;margin-bottom:6px}}</style></head>\
         <body>{body}<script src=\"{sandbox}/checkout.js\"></script></body></html>",
        title = escape(title),
        sandbox = escape(sandbox),
    ))
    .into_response()
}

/// A value as a JavaScript literal that is safe inside `<script>`.
fn js(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[derive(Deserialize, Default)]
struct SessionParam {
    #[serde(rename = "amazonCheckoutSessionId")]
    id: Option<String>,
    #[serde(rename = "buyerToken")]
    buyer_token: Option<String>,
}

type Ctx = State<Arc<Shop>>;

async fn shop_page(State(shop): Ctx) -> Response {
    page(
        "Test shop",
        &shop.sandbox_url,
        "<h1>Sandbox test shop</h1><p>Cart total: $12.99</p>\
         <div id=\"AmazonPayButton\"></div>\
         <div class=\"row\">\
         <div><div class=\"label\">Gold 300×60</div><div id=\"sized\" style=\"width:300px;height:60px\"></div></div>\
         <div><div class=\"label\">DarkGray</div><div id=\"dark\" style=\"width:250px;height:50px\"></div></div>\
         <div><div class=\"label\">buttonColor: 'Purple' → Gold</div><div id=\"light\" style=\"width:250px;height:50px\"></div></div>\
         </div><div class=\"row\"><div><div class=\"label\">Sign in</div>\
         <div id=\"signin\" style=\"width:260px;height:48px\"></div></div></div>\
         <div id=\"scratch\" style=\"width:200px;height:45px\"></div>",
    )
}

fn address_text(address: &Value) -> String {
    [
        "name",
        "addressLine1",
        "addressLine2",
        "city",
        "stateOrRegion",
        "postalCode",
        "countryCode",
    ]
    .iter()
    .filter_map(|k| address[*k].as_str())
    .collect::<Vec<_>>()
    .join(", ")
}

async fn review(State(shop): Ctx, Query(q): Query<SessionParam>) -> Response {
    let id = q.id.unwrap_or_default();
    let (status, session) = api(
        &shop,
        "GET",
        &format!("/v2/checkoutSessions/{}", encode(&id)),
        None,
    )
    .await;
    if status != 200 {
        return page(
            "Review failed",
            &shop.sandbox_url,
            &format!("<pre>{status} {}</pre>", escape(&session.to_string())),
        );
    }
    let descriptor = session["paymentPreferences"][0]["paymentDescriptor"]
        .as_str()
        .unwrap_or_default();
    let body = format!(
        "<h1>Review your order</h1><p>Buyer: {buyer}</p>\
         <p>Ship to: <span data-testid=\"review-address\">{address}</span> <a href=\"#\" id=\"change-address\">Change</a></p>\
         <p>Pay with: <span data-testid=\"review-payment\">{descriptor}</span> <a href=\"#\" id=\"change-payment\">Change</a></p>\
         <form method=\"post\" action=\"/place-order\"><input type=\"hidden\" name=\"amazonCheckoutSessionId\" value=\"{id_attr}\">\
         <button id=\"place-order\" type=\"submit\">Place order ($12.99)</button></form>\
         <script>window.addEventListener('load', function () {{\
         amazon.Pay.bindChangeAction('#change-address', {{amazonCheckoutSessionId: {id_js}, changeAction: 'changeAddress'}});\
         amazon.Pay.bindChangeAction('#change-payment', {{amazonCheckoutSessionId: {id_js}, changeAction: 'changePayment'}});\
         }});</script>",
        buyer = escape(session["buyer"]["name"].as_str().unwrap_or_default()),
        address = escape(&address_text(&session["shippingAddress"])),
        descriptor = escape(descriptor),
        id_attr = escape(&id),
        id_js = js(&json!(id)),
    );
    page("Review", &shop.sandbox_url, &body)
}

async fn place_order(State(shop): Ctx, Form(q): Form<SessionParam>) -> Response {
    let id = q.id.unwrap_or_default();
    let shop_url = &shop.shop_url;
    let update = json!({
        "webCheckoutDetails": {"checkoutResultReturnUrl": format!("{shop_url}/result")},
        "paymentDetails": {
            "paymentIntent": "Authorize",
            "canHandlePendingAuthorization": false,
            "chargeAmount": {"amount": AMOUNT, "currencyCode": CURRENCY}
        },
        "merchantMetadata": {"merchantReferenceId": "order-1001", "merchantStoreName": "Sandbox Test Shop"}
    });
    let (status, session) = api(
        &shop,
        "PATCH",
        &format!("/v2/checkoutSessions/{}", encode(&id)),
        Some(&update),
    )
    .await;
    match session["webCheckoutDetails"]["amazonPayRedirectUrl"].as_str() {
        Some(url) if status == 200 => (StatusCode::SEE_OTHER, [(LOCATION, url.to_owned())]).into_response(),
        _ => page(
            "Update failed",
            &shop.sandbox_url,
            &format!("<pre>{status} {}</pre>", escape(&session.to_string())),
        ),
    }
}

async fn result(State(shop): Ctx, Query(q): Query<SessionParam>) -> Response {
    let id = q.id.unwrap_or_default();
    let (status, session) = api(
        &shop,
        "POST",
        &format!("/v2/checkoutSessions/{}/complete", encode(&id)),
        Some(&json!({"chargeAmount": {"amount": AMOUNT, "currencyCode": CURRENCY}})),
    )
    .await;
    let state = session["statusDetails"]["state"]
        .as_str()
        .unwrap_or("?")
        .to_owned();
    page(
        "Order result",
        &shop.sandbox_url,
        &format!(
            "<h1>Thank you</h1><p>Checkout Session: <span data-testid=\"result-state\">{}</span></p>\
             <pre data-testid=\"result-detail\">{status} {}</pre>",
            escape(&state),
            escape(&session.to_string())
        ),
    )
}

/// The legacy v1 endpoint checkout.js calls: creates the session through the signed API.
async fn create_session(State(shop): Ctx) -> Response {
    let store_id = shop.store_id.clone();
    let body = json!({
        "storeId": store_id,
        "webCheckoutDetails": {
            "checkoutReviewReturnUrl": format!("{}/review", shop.shop_url),
            "checkoutCancelUrl": format!("{}/cancel", shop.shop_url)
        }
    });
    let (status, session) = api(&shop, "POST", "/v2/checkoutSessions", Some(&body)).await;
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    (
        code,
        axum::Json(json!({"amazonCheckoutSessionId": session["checkoutSessionId"]})),
    )
        .into_response()
}

async fn cancel(State(shop): Ctx, Query(q): Query<SessionParam>) -> Response {
    let state = match q.id {
        Some(id) => {
            let (_, session) = api(
                &shop,
                "GET",
                &format!("/v2/checkoutSessions/{}", encode(&id)),
                None,
            )
            .await;
            format!(
                "{} {}",
                session["statusDetails"]["state"].as_str().unwrap_or("?"),
                session["statusDetails"]["reasonCode"].as_str().unwrap_or("")
            )
        }
        None => "no session id".to_owned(),
    };
    page(
        "Canceled",
        &shop.sandbox_url,
        &format!(
            "<h1>Checkout canceled</h1><p data-testid=\"cancel-state\">{}</p>",
            escape(state.trim())
        ),
    )
}

async fn signin_return(State(shop): Ctx, Query(q): Query<SessionParam>) -> Response {
    let token = q.buyer_token.unwrap_or_default();
    let (status, buyer) = api(&shop, "GET", &format!("/v2/buyers/{}", encode(&token)), None).await;
    page(
        "Signed in",
        &shop.sandbox_url,
        &format!(
            "<h1>Welcome</h1><p data-testid=\"buyer-name\">{}</p><pre>{status} {}</pre>",
            escape(buyer["name"].as_str().unwrap_or("?")),
            escape(&buyer.to_string())
        ),
    )
}

async fn world() -> World {
    let public = PublicKey::from_pem(&key_text("merchant-public.pem")).expect("public key");
    let sandbox = start(SandboxConfig {
        listen: Some("127.0.0.1:0".parse().expect("addr")),
        public_keys: vec![(PublicKeyId::parse(KEY_ID).expect("key id"), public)],
        async_delay_secs: 0,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let sandbox_addr = sandbox.http.expect("http listener");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("shop listener");
    let shop_addr = listener.local_addr().expect("shop addr");
    let sandbox_url = format!("http://{sandbox_addr}");
    let shop = Arc::new(Shop {
        sandbox: sandbox_addr,
        sandbox_url: sandbox_url.clone(),
        shop_url: format!("http://{shop_addr}"),
        store_id: sandbox.state.config().store_id.clone(),
        key: PrivateKey::from_pem(&key_text("merchant-pkcs8.pem")).expect("private key"),
    });
    let app = Router::new()
        .route("/shop", get(shop_page))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/review", get(review))
        .route("/place-order", post(place_order))
        .route("/result", get(result))
        .route("/cancel", get(cancel))
        .route("/create-session", post(create_session))
        .route("/signin-return", get(signin_return))
        .route(
            "/signin-cancel",
            get(|| async { ([(CONTENT_TYPE, "text/html")], "<h1>Sign-in canceled</h1>") }),
        )
        .with_state(shop);
    let shop_task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    World {
        sandbox,
        shop_url: format!("http://{shop_addr}"),
        sandbox_url,
        shop_task,
    }
}

fn signed(payload: &str, key: &str, algorithm: Algorithm, declared: Option<Algorithm>) -> Value {
    let private = PrivateKey::from_pem(&key_text(key)).expect("key");
    let signature = sign_payload(&private, algorithm, payload.as_bytes()).expect("sign");
    let mut config = json!({"payloadJSON": payload, "signature": signature, "publicKeyId": KEY_ID});
    if let Some(declared) = declared {
        config["algorithm"] = json!(declared.name());
    }
    config
}

fn driver_input(world: &World, scenario: &str) -> Value {
    let store_id = world.sandbox.state.config().store_id.clone();
    let shop = &world.shop_url;
    let review = json!({
        "storeId": store_id,
        "webCheckoutDetails": {
            "checkoutReviewReturnUrl": format!("{shop}/review"),
            "checkoutCancelUrl": format!("{shop}/cancel")
        },
        "scopes": ["name", "email", "phoneNumber", "billingAddress"]
    })
    .to_string();
    let one_step = json!({
        "storeId": store_id,
        "webCheckoutDetails": {
            "checkoutMode": "ProcessOrder",
            "checkoutResultReturnUrl": format!("{shop}/result"),
            "checkoutCancelUrl": format!("{shop}/cancel")
        },
        "paymentDetails": {
            "paymentIntent": "Authorize",
            "chargeAmount": {"amount": AMOUNT, "currencyCode": CURRENCY}
        },
        "merchantMetadata": {"merchantReferenceId": "order-2002", "merchantStoreName": "Sandbox Test Shop"},
        "scopes": ["name", "email"]
    })
    .to_string();
    let signin = json!({
        "signInReturnUrl": format!("{shop}/signin-return"),
        "signInCancelUrl": format!("{shop}/signin-cancel"),
        "storeId": store_id,
        "signInScopes": ["name", "email"]
    })
    .to_string();
    let v2 = Some(Algorithm::V2);
    let buyer = test_buyers()
        .into_iter()
        .find(|b| {
            b.addresses
                .iter()
                .any(|a| a.address.country_code.as_deref() == Some("US"))
        })
        .expect("a US test buyer");
    json!({
        "scenario": scenario,
        "shop": world.shop_url,
        "sandbox": world.sandbox_url,
        "merchantId": world.sandbox.state.config().merchant_id,
        "artifacts": artifacts_dir(),
        "configs": {
            "good": signed(&review, "merchant-pkcs8.pem", Algorithm::V2, v2),
            "goodV1Default": signed(&review, "merchant-pkcs8.pem", Algorithm::V1, None),
            "badSignature": signed(&review, "other-pkcs8.pem", Algorithm::V2, v2),
            "salt20AsV2": signed(&review, "merchant-pkcs8.pem", Algorithm::V1, v2),
            "oneStep": signed(&one_step, "merchant-pkcs8.pem", Algorithm::V2, v2),
            "signin": signed(&signin, "merchant-pkcs8.pem", Algorithm::V2, v2),
        },
        "buyer": {
            "id": buyer.buyer_id,
            "addressId": buyer.addresses[0].id,
            "otherAddressId": buyer.addresses[1].id,
            "instrumentId": buyer.instruments[0].id,
            "address": buyer.addresses[0].address.address_line1,
            "otherAddress": buyer.addresses[1].address.address_line1,
        },
    })
}

/// Starts everything, runs one driver scenario (bounded), stops everything.
async fn run(scenario: &str) -> (Value, Value) {
    let world = world().await;
    let input = driver_input(&world, scenario);
    let driver_input = input.clone();
    let out = tokio::time::timeout(
        Duration::from_secs(45),
        tokio::task::spawn_blocking(move || browser_json("browser_sandbox.js", &driver_input)),
    )
    .await
    .expect("driver finished in time")
    .expect("driver thread");
    if std::env::var_os("BROWSER_TEST_DEBUG").is_some() {
        eprintln!(
            "{scenario}: {}",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        );
    }
    world.shop_task.abort();
    world.sandbox.stop();
    assert!(
        out.get("error").is_none(),
        "scenario {scenario} failed: {}",
        serde_json::to_string_pretty(&out).unwrap_or_default()
    );
    (out, input)
}

fn thrown(out: &Value, name: &str) -> String {
    let r = &out["errors"][name];
    assert_eq!(r["ok"], false, "{name} should throw: {r}");
    assert_eq!(
        r["type"], "string",
        "{name} throws a string, as Amazon's script: {r}"
    );
    r["thrown"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn button_renders_and_options_validate_like_amazon() {
    let (out, input) = run("render").await;
    let merchant = input["merchantId"].as_str().unwrap();

    assert_eq!(out["coupled"]["ok"], true, "{out}");
    assert_eq!(out["coupled"]["returned"], json!(["updateButtonInfo"]));
    assert_eq!(
        out["decoupled"]["returned"],
        json!(["initCheckout", "onClick", "updateButtonInfo"])
    );
    assert_eq!(out["signIn"]["returned"], "undefined");

    let plain = &out["unsized"];
    assert_eq!(plain["shadowRoot"], true);
    assert_eq!(plain["shadowMode"], "open");
    assert_eq!(plain["role"], "button");
    assert_eq!(plain["visible"], true);
    assert_eq!(plain["sandbox"], "true");
    assert_eq!(plain["badge"], "Sandbox");
    assert_eq!(plain["color"], "Gold");
    assert!(plain["ariaLabel"].as_str().unwrap().contains("Amazon Pay"));
    assert!(plain["className"]
        .as_str()
        .unwrap()
        .contains(&format!("amazonpay-button-parent-container-checkout-{merchant}")));
    let (w, h) = (
        plain["width"].as_f64().unwrap(),
        plain["height"].as_f64().unwrap(),
    );
    assert!(
        (113.0..=600.0).contains(&w) && (42.0..=231.0).contains(&h),
        "{w}×{h}"
    );
    assert!(w / h >= 2.6 - 0.01 && w / h <= 10.0 + 0.01, "{w}×{h}");

    assert_eq!(out["renderTwice"]["ok"], true);
    assert_eq!(
        out["afterTwice"]["containers"], 1,
        "rendering twice must not duplicate"
    );
    assert_eq!(out["sized"]["width"], 300.0);
    assert_eq!(out["sized"]["height"], 60.0);
    assert_eq!(out["darkInfo"]["color"], "DarkGray");
    assert_eq!(
        out["unknownColor"]["ok"], true,
        "an unknown colour is not an error"
    );
    assert_eq!(out["unknownColorInfo"]["color"], "Gold");
    assert!(out["signInInfo"]["text"].as_str().unwrap().contains("Sign in"));

    assert_eq!(
        thrown(&out, "missingMerchantId"),
        "AmazonPay:\nMissing parameter 'merchantId' in the options object."
    );
    assert_eq!(
        thrown(&out, "invalidPlacement"),
        "AmazonPay:\nInvalid value 'Footer' for 'placement', please use one of the available values: \
         Home, Product, Cart, Checkout, Other."
    );
    assert!(thrown(&out, "invalidLedger").starts_with("AmazonPay:\nInvalid value 'CHF' for 'ledgerCurrency'"));
    assert_eq!(
        thrown(&out, "sandboxMismatch"),
        format!("AmazonPay:\nPublicKeyId '{KEY_ID}' does not match 'sandbox: false'")
    );
    assert_eq!(
        thrown(&out, "missingSignature"),
        "AmazonPay:\nMissing field signature for createCheckoutSessionConfig parameter."
    );
    assert_eq!(
        thrown(&out, "missingSelector"),
        "AmazonPay:\nMissing 'selector' parameter in amazon.Pay.renderButton(selector, options) API."
    );
    assert_eq!(
        thrown(&out, "elementNotFound"),
        "AmazonPay:\nCan not find element #nope for amazon.Pay.renderButton."
    );
    assert!(thrown(&out, "signInWithoutSignInConfig").contains("productType SignIn and configName"));
    assert_eq!(
        thrown(&out, "initCheckoutNoOptions"),
        "AmazonPay:\nMissing options parameter for amazon.Pay.initCheckout"
    );
    assert!(
        thrown(&out, "changeActionInvalid").contains("Invalid value 'changeEverything' for 'changeAction'")
    );
    assert_eq!(
        thrown(&out, "changeActionMissing"),
        "AmazonPay:\nMissing field amazonCheckoutSessionId in the options object in \
         amazon.Pay.bindChangeAction(selector, options) API."
    );

    assert_eq!(
        out["badEstimate"]["ok"], true,
        "an invalid estimate is dropped, not thrown"
    );
    let logged = out["badEstimateConsole"].to_string();
    assert!(
        logged.contains("estimatedOrderAmount") && logged.contains("\"error\""),
        "{logged}"
    );
    assert_eq!(out["pageErrors"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_signature_shows_the_expected_string_to_sign() {
    let (out, input) = run("badSignature").await;
    let payload = input["configs"]["good"]["payloadJSON"].as_str().unwrap();
    let hash = amazon_pay_shared::signing::hex_sha256(payload.as_bytes());

    let bad = &out["badSignature"];
    assert_eq!(bad["status"], 400, "{bad}");
    assert_eq!(bad["method"], "POST");
    assert_eq!(bad["errorCode"], "InvalidSignatureError");
    let message = bad["errorMessage"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "does not match signedString AMZN-PAY-RSASSA-PSS-V2 {hash}"
        )),
        "{message}"
    );
    assert_eq!(bad["stringToSign"], format!("AMZN-PAY-RSASSA-PSS-V2\n{hash}"));

    let salt = &out["salt20AsV2"];
    assert_eq!(salt["status"], 400);
    assert_eq!(salt["errorCode"], "InvalidSignatureError");
    let hint = salt["hint"].as_str().unwrap();
    assert!(
        hint.contains("AMZN-PAY-RSASSA-PSS (PSS salt 20)")
            && hint.contains("declares AMZN-PAY-RSASSA-PSS-V2"),
        "{hint}"
    );

    // No algorithm: checkout.js and the sandbox assume the salt-20 algorithm, which verifies.
    assert_eq!(out["v1Default"]["status"], 303, "{}", out["v1Default"]);
    assert!(out["v1Default"]["location"]
        .as_str()
        .unwrap_or_default()
        .starts_with("/checkout/signin?amazonCheckoutSessionId="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_flow_change_address_then_pay() {
    let (out, input) = run("reviewFlow").await;
    let shop = input["shop"].as_str().unwrap();
    let review = out["reviewUrl"].as_str().unwrap();
    assert!(
        review.starts_with(&format!("{shop}/review?amazonCheckoutSessionId=")),
        "{review}"
    );
    let other = input["buyer"]["otherAddress"].as_str().unwrap();
    let first = input["buyer"]["address"].as_str().unwrap();
    assert!(out["reviewAddress"].as_str().unwrap().contains(other), "{out}");
    assert!(out["reviewPayment"].as_str().unwrap().contains("1111"), "{out}");
    assert!(out["changeUrl"]
        .as_str()
        .unwrap()
        .contains("changeAction=changeAddress"));
    assert!(
        out["reviewAddressAfterChange"].as_str().unwrap().contains(first),
        "{out}"
    );
    assert!(out["payUrl"]
        .as_str()
        .unwrap()
        .contains("/checkout/pay?amazonCheckoutSessionId="));
    assert!(out["payAmount"].as_str().unwrap().contains(AMOUNT));
    let result = out["resultUrl"].as_str().unwrap();
    assert!(
        result.starts_with(&format!("{shop}/result?amazonCheckoutSessionId=")),
        "{result}"
    );
    assert_eq!(out["resultState"], "Completed", "{}", out["resultDetail"]);
    assert_eq!(out["pageErrors"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_returns_to_the_cancel_url() {
    let (out, input) = run("cancel").await;
    let shop = input["shop"].as_str().unwrap();
    assert!(
        out["cancelUrl"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{shop}/cancel")),
        "{out}"
    );
    let state = out["cancelState"].as_str().unwrap_or_default();
    assert!(
        state == "no session id" || state.starts_with("Canceled"),
        "{state}"
    );
    assert_eq!(out["reuse"]["status"], 410, "{}", out["reuse"]);
    assert_eq!(out["reuse"]["errorCode"], "CheckoutSessionNotOpen");
    assert_eq!(out["unknown"]["status"], 404, "{}", out["unknown"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_step_decoupled_pay_only_goes_straight_to_the_result() {
    let (out, input) = run("oneStep").await;
    let shop = input["shop"].as_str().unwrap();
    assert_eq!(
        out["decoupled"],
        json!(["initCheckout", "onClick", "updateButtonInfo"])
    );
    assert_eq!(out["addressInputs"], 0, "PayOnly shows no address book");
    assert!(
        out["resultUrl"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{shop}/result?")),
        "{out}"
    );
    assert_eq!(out["resultState"], "Completed", "{}", out["resultDetail"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_button_returns_a_buyer_token() {
    let (out, input) = run("signIn").await;
    let shop = input["shop"].as_str().unwrap();
    assert_eq!(out["render"]["ok"], true, "{out}");
    assert_eq!(out["scopes"], "name, email");
    let url = out["returnUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{shop}/signin-return?buyerToken=")),
        "{url}"
    );
    assert_eq!(out["buyerName"], "Jane Doe", "{out}");
    assert_eq!(out["signout"], "callback");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_create_checkout_session_endpoint_starts_checkout() {
    let (out, input) = run("legacy").await;
    let shop = input["shop"].as_str().unwrap();
    assert_eq!(out["render"]["returned"], json!(["updateButtonInfo"]), "{out}");
    let review = out["reviewUrl"].as_str().unwrap();
    assert!(
        review.starts_with(&format!("{shop}/review?amazonCheckoutSessionId=")),
        "{review}"
    );
    let first = input["buyer"]["address"].as_str().unwrap();
    assert!(out["reviewAddress"].as_str().unwrap().contains(first), "{out}");
}
