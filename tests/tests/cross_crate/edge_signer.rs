//! The edge signer in workerd, over real HTTP: configuration, CORS, the signed button and
//! sign-in payloads (signatures verified with the merchant's public key), the refusal of every
//! hostile input with its stable code and without any signature, and configurations that must
//! refuse to serve.

use amazon_pay_shared::cart_token::CartToken;
use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::signing::{verify_payload, Algorithm};
use amazon_pay_tests::edge::{
    client, default_bindings, now, set_binding, Workerd, CART_SECRET, MERCHANT_TOKEN, PUBLIC_KEY_ID,
    SHOP_ORIGIN, STORE_ID,
};
use amazon_pay_tests::key_text;
use serde_json::{json, Value};

/// No API is reached by these tests; a closed port makes any accidental call fail fast.
const NO_API: &str = "http://127.0.0.1:9";

fn token(amount: &str, reference: &str, ttl: i64, secret: &str) -> String {
    CartToken {
        amount: Money::parse(amount, Currency::Jpy).unwrap(),
        reference: reference.into(),
        expires_at: now() + ttl,
        checkout_session_id: None,
    }
    .encode(secret.as_bytes())
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or("").to_owned()
    }
}

async fn send(
    method: reqwest::Method,
    url: &str,
    origin: Option<&str>,
    content_type: Option<&str>,
    body: Option<Vec<u8>>,
) -> Answer {
    let mut rb = client().request(method, url);
    if let Some(o) = origin {
        rb = rb.header("origin", o);
    }
    if let Some(ct) = content_type {
        rb = rb.header("content-type", ct);
    }
    if let Some(b) = body {
        rb = rb.body(b);
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    Answer {
        status,
        headers,
        text,
    }
}

async fn post(w: &Workerd, path: &str, body: &Value) -> Answer {
    send(
        reqwest::Method::POST,
        &w.url(path),
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(body.to_string().into_bytes()),
    )
    .await
}

fn public_key() -> PublicKey {
    PublicKey::from_pem(&key_text("merchant-public.pem")).unwrap()
}

fn verify(config: &Value) -> Value {
    assert_eq!(config["publicKeyId"], PUBLIC_KEY_ID);
    assert_eq!(config["algorithm"], "AMZN-PAY-RSASSA-PSS-V2");
    let payload = config["payloadJSON"].as_str().unwrap();
    let signature = config["signature"].as_str().unwrap();
    verify_payload(&public_key(), Algorithm::V2, payload.as_bytes(), signature)
        .unwrap_or_else(|e| panic!("signature does not verify: {e}"));
    // A signature of other bytes must not verify: the test can fail.
    assert!(verify_payload(
        &public_key(),
        Algorithm::V2,
        format!("{payload} ").as_bytes(),
        signature
    )
    .is_err());
    serde_json::from_str(payload).unwrap()
}

fn assert_refused(a: &Answer, status: u16, code: &str, what: &str) {
    assert_eq!(a.status, status, "{what}: {}", a.text);
    assert_eq!(a.code(), code, "{what}: {}", a.text);
    assert!(
        !a.text.contains("\"signature\""),
        "{what}: a signature was issued: {}",
        a.text
    );
    assert!(!a.text.contains("payloadJSON"), "{what}: {}", a.text);
}

#[tokio::test(flavor = "multi_thread")]
async fn config_route_and_cors() {
    let w = Workerd::start(&default_bindings(NO_API));
    let a = send(reqwest::Method::GET, &w.url("/healthz"), None, None, None).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["status"], "ok");

    let a = send(
        reqwest::Method::GET,
        &w.url("/v1/config"),
        Some(SHOP_ORIGIN),
        None,
        None,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let c = a.json();
    assert_eq!(c["merchantId"], "A2SANDBOXMERCHANT");
    assert_eq!(c["region"], "jp");
    assert_eq!(c["ledgerCurrency"], "JPY");
    assert_eq!(c["sandbox"], true);
    assert_eq!(c["publicKeyId"], PUBLIC_KEY_ID);
    assert_eq!(c["checkoutLanguage"], "ja_JP");
    assert_eq!(
        c["checkoutJsUrl"],
        "https://static-fe.payments-amazon.com/checkout.js"
    );
    assert_eq!(c["button"]["productType"], "PayAndShip");
    assert_eq!(a.headers["access-control-allow-origin"], SHOP_ORIGIN);
    assert_eq!(a.headers["cache-control"], "no-store");

    // Preflight from the shop: answered.
    let resp = client()
        .request(reqwest::Method::OPTIONS, w.url("/v1/button"))
        .header("origin", SHOP_ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    assert_eq!(resp.headers()["access-control-allow-origin"], SHOP_ORIGIN);
    assert!(resp.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    assert!(resp.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("content-type"));

    // Preflight from anywhere else: 403, no CORS headers (the browser sends nothing more). A
    // request from there: 403 ORIGIN_NOT_ALLOWED, readable by that origin and by nothing else
    // (SECURITY.md, "Browser-readable refusals").
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1:5173.evil.example",
        "http://127.0.0.1:5174",
    ] {
        let resp = client()
            .request(reqwest::Method::OPTIONS, w.url("/v1/button"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 403, "{origin}");
        assert!(resp.headers().get("access-control-allow-origin").is_none());
        let a = send(
            reqwest::Method::GET,
            &w.url("/v1/config"),
            Some(origin),
            None,
            None,
        )
        .await;
        assert_refused(&a, 403, "ORIGIN_NOT_ALLOWED", origin);
        match origin {
            "null" => assert!(a.headers.get("access-control-allow-origin").is_none()),
            _ => assert_eq!(a.headers["access-control-allow-origin"], origin),
        }
        assert!(a.headers.get("access-control-allow-credentials").is_none());
        assert!(a.headers.get("access-control-allow-methods").is_none());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn button_from_the_catalog_is_signed_and_verifies() {
    let w = Workerd::start(&default_bindings(NO_API));
    let a = post(
        &w,
        "/v1/button",
        &json!({"productType": "PayAndShip", "placement": "Cart",
                "cart": [{"sku": "TEA-1", "quantity": 2}, {"sku": "CUP-2", "quantity": 1}]}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let body = a.json();
    // 2 × 1200 + 800 = 3200, plus 500 shipping (free from 5000), tax included.
    assert_eq!(
        body["estimatedOrderAmount"],
        json!({"amount": "3700", "currencyCode": "JPY"})
    );
    let payload = verify(&body["createCheckoutSessionConfig"]);
    assert_eq!(payload["storeId"], STORE_ID);
    assert_eq!(
        payload["webCheckoutDetails"]["checkoutReviewReturnUrl"],
        "http://127.0.0.1:5173/review"
    );
    assert_eq!(
        payload["webCheckoutDetails"]["checkoutCancelUrl"],
        "http://127.0.0.1:5173/cart"
    );
    assert_eq!(
        payload["scopes"],
        json!(["name", "email", "phoneNumber", "billingAddress"])
    );
    assert_eq!(payload["merchantMetadata"]["merchantStoreName"], "Edge Tea");
    assert_eq!(a.headers["access-control-allow-origin"], SHOP_ORIGIN);

    // A cart token signed by the merchant's backend.
    let t = token("4321", "order-77", 600, CART_SECRET);
    let a = post(
        &w,
        "/v1/button",
        &json!({"productType": "PayOnly", "placement": "Product", "cartToken": t}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["estimatedOrderAmount"]["amount"], "4321");
    verify(&a.json()["createCheckoutSessionConfig"]);

    // Sign-in.
    let a = post(&w, "/v1/signin-button", &json!({})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let payload = verify(&a.json()["signInConfig"]);
    assert_eq!(payload["signInReturnUrl"], "http://127.0.0.1:5173/signin");
    assert_eq!(payload["storeId"], STORE_ID);
    assert_eq!(
        payload["signInScopes"],
        json!(["name", "email", "phoneNumber", "postalCode", "shippingAddress"])
    );

    // Nothing secret in the logs.
    let logs = w.logs();
    assert!(logs.contains(r#""event":"request""#), "{logs}");
    for secret in [MERCHANT_TOKEN, CART_SECRET, "PRIVATE KEY", "MII"] {
        assert!(!logs.contains(secret), "the log holds {secret}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_payload_is_signed_once_per_isolate_and_the_signature_still_verifies() {
    let w = Workerd::start(&default_bindings(NO_API));
    let button = |sku: &str, quantity: u32| json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": sku, "quantity": quantity}]});
    let first = post(&w, "/v1/button", &button("TEA-1", 1)).await;
    let second = post(&w, "/v1/button", &button("CUP-2", 3)).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(second.status, 200, "{}", second.text);
    let (a, b) = (
        &first.json()["createCheckoutSessionConfig"],
        &second.json()["createCheckoutSessionConfig"],
    );
    // The review flow's payload has no per-cart data, so both carts get the same payload;
    // RSA-PSS is randomised, so an equal signature means it was made once.
    assert_eq!(a["payloadJSON"], b["payloadJSON"]);
    assert_eq!(a["signature"], b["signature"]);
    verify(a);
    verify(b);
    assert_ne!(
        first.json()["estimatedOrderAmount"],
        second.json()["estimatedOrderAmount"],
        "each cart keeps its own amount"
    );
    // The sign-in payload differs, and gets its own signature.
    let signin = post(&w, "/v1/signin-button", &json!({})).await;
    assert_ne!(signin.json()["signInConfig"]["signature"], a["signature"]);
    verify(&signin.json()["signInConfig"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_inputs_are_refused_without_a_signature() {
    let w = Workerd::start(&default_bindings(NO_API));
    let ok = |extra: Value| {
        let mut b = json!({"productType": "PayAndShip", "placement": "Cart"});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cart = |sku: &str, q: Value| json!({"cart": [{"sku": sku, "quantity": q}]});
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "unknown field",
            ok(json!({"colour": "red", "cart": []})),
            400,
            "INVALID_REQUEST",
        ),
        (
            "storeId smuggled",
            ok(json!({"storeId": "amzn1.application-oa2-client.evil"})),
            400,
            "FIELD_NOT_ALLOWED",
        ),
        (
            "return URL smuggled",
            ok(json!({"webCheckoutDetails": {"checkoutReviewReturnUrl": "https://evil.example/"}})),
            400,
            "FIELD_NOT_ALLOWED",
        ),
        (
            "nested URL smuggled",
            ok(json!({"x": [{"checkoutResultReturnUrl": "https://evil"}]})),
            400,
            "FIELD_NOT_ALLOWED",
        ),
        (
            "scopes smuggled",
            ok(json!({"scopes": ["name"]})),
            400,
            "FIELD_NOT_ALLOWED",
        ),
        (
            "intent smuggled",
            ok(json!({"paymentIntent": "AuthorizeWithCapture"})),
            400,
            "FIELD_NOT_ALLOWED",
        ),
        (
            "amount smuggled",
            ok(json!({"amount": {"amount": "1", "currencyCode": "JPY"}})),
            400,
            "CLIENT_AMOUNTS_DISABLED",
        ),
        (
            "chargeAmount smuggled",
            ok(json!({"chargeAmount": "1"})),
            400,
            "CLIENT_AMOUNTS_DISABLED",
        ),
        (
            "price in a cart line",
            ok(json!({"cart": [{"sku": "TEA-1", "quantity": 1, "price": "1"}]})),
            400,
            "CLIENT_AMOUNTS_DISABLED",
        ),
        ("no cart at all", ok(json!({})), 400, "CART_SOURCE_INVALID"),
        (
            "cart and token",
            ok(json!({"cart": [{"sku": "TEA-1", "quantity": 1}], "cartToken": "v1.a.b"})),
            400,
            "CART_SOURCE_INVALID",
        ),
        ("empty cart", ok(json!({"cart": []})), 400, "CART_EMPTY"),
        ("unknown SKU", ok(cart("NOPE-9", json!(1))), 400, "SKU_UNKNOWN"),
        (
            "SKU with a slash",
            ok(cart("../etc", json!(1))),
            400,
            "SKU_INVALID",
        ),
        ("quantity 0", ok(cart("TEA-1", json!(0))), 400, "QUANTITY_INVALID"),
        (
            "quantity absurd",
            ok(cart("TEA-1", json!(1_000_000_000_000u64))),
            400,
            "QUANTITY_INVALID",
        ),
        (
            "quantity negative",
            ok(cart("TEA-1", json!(-1))),
            400,
            "INVALID_REQUEST",
        ),
        (
            "quantity fractional",
            ok(cart("TEA-1", json!(1.5))),
            400,
            "INVALID_REQUEST",
        ),
        (
            "over the order limit",
            ok(cart("TEA-1", json!(300))),
            400,
            "AMOUNT_ABOVE_MAXIMUM",
        ),
        (
            "bad product type",
            json!({"productType": "SignIn", "placement": "Cart", "cart": []}),
            400,
            "OPTION_INVALID",
        ),
        (
            "bad placement",
            json!({"productType": "PayOnly", "placement": "Moon", "cart": []}),
            400,
            "OPTION_INVALID",
        ),
        (
            "missing fields",
            json!({"cart": [{"sku": "TEA-1", "quantity": 1}]}),
            400,
            "INVALID_REQUEST",
        ),
        (
            "expired token",
            ok(json!({"cartToken": token("1200", "o-1", -5, CART_SECRET)})),
            400,
            "CART_TOKEN_EXPIRED",
        ),
        (
            "forged token",
            ok(json!({"cartToken": token("1200", "o-1", 60, "another-secret-another-secret-another")})),
            400,
            "CART_TOKEN_FORGED",
        ),
        (
            "malformed token",
            ok(json!({"cartToken": "v1.not-a-token"})),
            400,
            "CART_TOKEN_MALFORMED",
        ),
        (
            "token lives too long",
            ok(json!({"cartToken": token("1200", "o-1", 90_000, CART_SECRET)})),
            400,
            "CART_TOKEN_LIFETIME_TOO_LONG",
        ),
        (
            "token amount 0",
            ok(json!({"cartToken": token("0", "o-1", 60, CART_SECRET)})),
            400,
            "AMOUNT_ZERO",
        ),
    ];
    for (what, body, status, code) in cases {
        let a = post(&w, "/v1/button", &body).await;
        assert_refused(&a, status, code, what);
    }

    // Tokens with amounts the backend should never have signed.
    let raw = |payload: &str| {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine as _;
        use mac::hmac_sha256;
        let signed = format!("v1.{}", URL_SAFE_NO_PAD.encode(payload));
        let tag = hmac_sha256(CART_SECRET.as_bytes(), signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
    };
    let exp = now() + 60;
    for (amount, code) in [
        ("-100", "AMOUNT_NEGATIVE"),
        ("12.5", "AMOUNT_TOO_MANY_DECIMALS"),
        ("10000001", "AMOUNT_ABOVE_MAXIMUM"),
        ("1e3", "AMOUNT_MALFORMED"),
    ] {
        let t = raw(&format!(
            r#"{{"amount":"{amount}","currency":"JPY","ref":"o-1","exp":{exp}}}"#
        ));
        let a = post(&w, "/v1/button", &ok(json!({"cartToken": t}))).await;
        assert_refused(&a, 400, code, amount);
    }
    let usd = raw(&format!(
        r#"{{"amount":"10.00","currency":"USD","ref":"o-1","exp":{exp}}}"#
    ));
    let a = post(&w, "/v1/button", &ok(json!({"cartToken": usd}))).await;
    assert_refused(&a, 400, "CURRENCY_MISMATCH", "USD token");

    // Transport-level hostility.
    let url = w.url("/v1/button");
    let valid = ok(cart("TEA-1", json!(1))).to_string().into_bytes();
    let a = send(
        reqwest::Method::POST,
        &url,
        Some(SHOP_ORIGIN),
        Some("text/plain"),
        Some(valid.clone()),
    )
    .await;
    assert_refused(&a, 415, "UNSUPPORTED_MEDIA_TYPE", "text/plain");
    let a = send(
        reqwest::Method::POST,
        &url,
        Some(SHOP_ORIGIN),
        None,
        Some(valid.clone()),
    )
    .await;
    assert_refused(&a, 415, "UNSUPPORTED_MEDIA_TYPE", "no content type");
    let a = send(
        reqwest::Method::POST,
        &url,
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(b"{\"productType\": ".to_vec()),
    )
    .await;
    assert_refused(&a, 400, "MALFORMED_JSON", "truncated JSON");
    let a = send(
        reqwest::Method::POST,
        &url,
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(b"[1]".to_vec()),
    )
    .await;
    assert_refused(&a, 400, "INVALID_REQUEST", "array body");
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100), "]".repeat(100));
    let a = send(
        reqwest::Method::POST,
        &url,
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(deep.into_bytes()),
    )
    .await;
    assert_refused(&a, 400, "MALFORMED_JSON", "deep JSON");
    let big = format!(r#"{{"productType":"{}"}}"#, "x".repeat(70 * 1024));
    let a = send(
        reqwest::Method::POST,
        &url,
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(big.into_bytes()),
    )
    .await;
    assert_refused(&a, 413, "PAYLOAD_TOO_LARGE", "oversized");
    // One unambiguous object: a key twice, at the top or deeper, is refused and names the key
    // (serde would keep the last: this one would sign a PayOnly button).
    for (what, body, key) in [
        (
            "duplicate productType",
            r#"{"productType":"PayAndShip","productType":"PayOnly","placement":"Cart","cart":[{"sku":"TEA-1","quantity":1}]}"#,
            "productType",
        ),
        (
            "duplicate quantity in a cart line",
            r#"{"productType":"PayAndShip","placement":"Cart","cart":[{"sku":"TEA-1","quantity":1,"quantity":50}]}"#,
            "quantity",
        ),
        (
            "duplicate key spelled with an escape",
            r#"{"productType":"PayAndShip","placement":"Cart","cart":[{"sku":"TEA-1","quantity":1}],"\u0063art":[]}"#,
            "cart",
        ),
    ] {
        let a = send(
            reqwest::Method::POST,
            &url,
            Some(SHOP_ORIGIN),
            Some("application/json"),
            Some(body.as_bytes().to_vec()),
        )
        .await;
        assert_refused(&a, 400, "INVALID_REQUEST", what);
        assert!(
            a.json()["error"]["message"].as_str().unwrap().contains(key),
            "{what}: {}",
            a.text
        );
    }
    // A body without content-length (chunked) past the limit: refused while it streams in.
    let base = w.base.clone();
    let sent = tokio::task::spawn_blocking(move || {
        amazon_pay_tests::edge::post_chunked(&base, "/v1/button", SHOP_ORIGIN, 3, 40 * 1024)
    })
    .await
    .unwrap();
    assert_eq!(sent.status, 413, "{}", sent.body);
    assert!(sent.body.contains("PAYLOAD_TOO_LARGE"), "{}", sent.body);
    let a = send(reqwest::Method::GET, &url, Some(SHOP_ORIGIN), None, None).await;
    assert_refused(&a, 405, "METHOD_NOT_ALLOWED", "GET /v1/button");
    assert!(a.headers["allow"].to_str().unwrap().contains("POST"));
    let a = send(
        reqwest::Method::PUT,
        &url,
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(valid.clone()),
    )
    .await;
    assert_refused(&a, 405, "METHOD_NOT_ALLOWED", "PUT /v1/button");
    let a = send(
        reqwest::Method::GET,
        &w.url("/v1/nothing"),
        Some(SHOP_ORIGIN),
        None,
        None,
    )
    .await;
    assert_refused(&a, 404, "NOT_FOUND", "unknown route");
    for origin in ["https://evil.example", "null"] {
        let a = send(
            reqwest::Method::POST,
            &url,
            Some(origin),
            Some("application/json"),
            Some(valid.clone()),
        )
        .await;
        assert_refused(&a, 403, "ORIGIN_NOT_ALLOWED", origin);
    }
    let a = post(
        &w,
        "/v1/signin-button",
        &json!({"signInReturnUrl": "https://evil.example/"}),
    )
    .await;
    assert_refused(&a, 400, "FIELD_NOT_ALLOWED", "sign-in return URL");

    // Place-order takes the same trusted sources only; nothing reaches Amazon.
    let place = w.url("/v1/checkout-sessions/5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d/place-order");
    for (what, body, code) in [
        (
            "amount",
            json!({"cart": [{"sku": "TEA-1", "quantity": 1}], "amount": {"amount": "1", "currencyCode": "JPY"}}),
            "CLIENT_AMOUNTS_DISABLED",
        ),
        (
            "result URL",
            json!({"checkoutResultReturnUrl": "https://evil.example/"}),
            "FIELD_NOT_ALLOWED",
        ),
        (
            "merchant reference",
            json!({"merchantMetadata": {"merchantReferenceId": "x"}}),
            "FIELD_NOT_ALLOWED",
        ),
        ("no source", json!({}), "CART_SOURCE_INVALID"),
        (
            "forged token",
            json!({"cartToken": token("1", "o-1", 60, "another-secret-another-secret-another")}),
            "CART_TOKEN_FORGED",
        ),
    ] {
        let a = send(
            reqwest::Method::POST,
            &place,
            Some(SHOP_ORIGIN),
            Some("application/json"),
            Some(body.to_string().into_bytes()),
        )
        .await;
        assert_refused(&a, 400, code, what);
    }

    // Ids that are not ids never reach Amazon.
    for id in ["..%2f..%2fcharges", "a%20b", "x'", &"a".repeat(65)] {
        let a = send(
            reqwest::Method::GET,
            &w.url(&format!("/v1/checkout-sessions/{id}")),
            Some(SHOP_ORIGIN),
            None,
            None,
        )
        .await;
        assert_refused(&a, 400, "INVALID_ID", id);
    }
    let a = send(
        reqwest::Method::POST,
        &w.url("/v1/buyer"),
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(
            json!({"buyerToken": "a b", "state": "x"})
                .to_string()
                .into_bytes(),
        ),
    )
    .await;
    assert_refused(&a, 400, "INVALID_ID", "buyer token");
    let a = send(
        reqwest::Method::POST,
        &w.url("/v1/buyer"),
        Some(SHOP_ORIGIN),
        Some("application/json"),
        Some(b"{}".to_vec()),
    )
    .await;
    assert_refused(&a, 400, "INVALID_REQUEST", "no buyer token");

    // Merchant routes: the bearer token is required and compared exactly.
    let charge = w.url("/v1/merchant/charges/S01-0000000-0000000-C000000");
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Basic x"),
        Some(&format!("Bearer {MERCHANT_TOKEN}x")[..]),
    ] {
        let mut rb = client().get(&charge);
        if let Some(a) = auth {
            rb = rb.header("authorization", a);
        }
        let resp = rb.send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 401, "{auth:?}");
        let v: Value = resp.json().await.unwrap();
        assert_eq!(v["error"]["code"], "UNAUTHORIZED");
    }
    let resp = client()
        .get(w.url("/v1/merchant/charges/not_an_id!"))
        .header("authorization", format!("Bearer {MERCHANT_TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);

    // After all that, nothing secret was logged.
    let logs = w.logs();
    for secret in [MERCHANT_TOKEN, CART_SECRET, "PRIVATE KEY"] {
        assert!(!logs.contains(secret), "the log holds {secret}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn client_amounts_are_a_development_switch() {
    let mut b = default_bindings(NO_API);
    set_binding(&mut b, "ALLOW_CLIENT_AMOUNTS", Some("true"));
    let w = Workerd::start(&b);
    let body = |amount: &str| json!({"productType": "PayOnly", "placement": "Cart", "amount": {"amount": amount, "currencyCode": "JPY"}});
    let a = post(&w, "/v1/button", &body("1500")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    verify(&a.json()["createCheckoutSessionConfig"]);
    for (amount, code) in [
        ("0", "AMOUNT_ZERO"),
        ("-1", "AMOUNT_NEGATIVE"),
        ("10.5", "AMOUNT_TOO_MANY_DECIMALS"),
        ("10000001", "AMOUNT_ABOVE_MAXIMUM"),
        ("", "AMOUNT_MALFORMED"),
    ] {
        let a = post(&w, "/v1/button", &body(amount)).await;
        assert_refused(&a, 400, code, amount);
    }
    let a = post(
        &w,
        "/v1/button",
        &json!({"productType": "PayOnly", "placement": "Cart", "amount": {"amount": 15, "currencyCode": "JPY"}}),
    )
    .await;
    assert_refused(&a, 400, "INVALID_REQUEST", "amount as a JSON number");
}

async fn refuses_to_serve(changes: &[(&str, Option<&str>)], needle: &str) {
    let mut b = default_bindings(NO_API);
    for (k, v) in changes {
        set_binding(&mut b, k, *v);
    }
    let w = Workerd::start(&b);
    for path in ["/healthz", "/v1/config"] {
        let a = send(reqwest::Method::GET, &w.url(path), None, None, None).await;
        assert_eq!(a.status, 500, "{changes:?}: {}", a.text);
        assert_eq!(a.code(), "CONFIG_INVALID");
        assert!(a.text.contains(needle), "{changes:?}: {}", a.text);
        assert!(!a.text.contains("PRIVATE KEY") && !a.text.contains(MERCHANT_TOKEN));
    }
    let a = post(
        &w,
        "/v1/button",
        &json!({"productType": "PayOnly", "placement": "Cart", "cart": []}),
    )
    .await;
    assert_refused(&a, 500, "CONFIG_INVALID", "button while misconfigured");
    assert!(w.logs().contains("config_invalid"));
}

#[tokio::test(flavor = "multi_thread")]
async fn contradictory_configuration_refuses_to_serve() {
    refuses_to_serve(
        &[("AMAZON_PAY_PUBLIC_KEY_ID", Some("LIVE-AEDGEKEY"))],
        "public key id is for live",
    )
    .await;
    refuses_to_serve(
        &[
            ("AMAZON_PAY_PUBLIC_KEY_ID", Some("LIVE-AEDGEKEY")),
            ("AMAZON_PAY_SANDBOX", Some("false")),
        ],
        "https",
    )
    .await;
    refuses_to_serve(
        &[("AMAZON_PAY_PRIVATE_KEY", None)],
        "AMAZON_PAY_PRIVATE_KEY is not set",
    )
    .await;
    refuses_to_serve(&[("MERCHANT_API_TOKEN", None)], "MERCHANT_API_TOKEN is not set").await;
    refuses_to_serve(
        &[(
            "AMAZON_PAY_PRIVATE_KEY",
            Some("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        )],
        "AMAZON_PAY_PRIVATE_KEY",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_backend_example_makes_tokens_the_signer_accepts() {
    let input = json!({"secret": CART_SECRET, "amount": "2500", "currency": "JPY", "ref": "order-readme-1"});
    let out = tokio::task::spawn_blocking(move || amazon_pay_tests::node_json("edge_cart_token.js", &input))
        .await
        .unwrap();
    let t = out["token"].as_str().unwrap().to_owned();
    let w = Workerd::start(&default_bindings(NO_API));
    let a = post(
        &w,
        "/v1/button",
        &json!({"productType": "PayOnly", "placement": "Cart", "cartToken": t}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["estimatedOrderAmount"]["amount"], "2500");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pkcs1_key_signs_the_same() {
    let mut b = default_bindings(NO_API);
    set_binding(
        &mut b,
        "AMAZON_PAY_PRIVATE_KEY",
        Some(&key_text("merchant-pkcs1.pem")),
    );
    let w = Workerd::start(&b);
    let a = post(
        &w,
        "/v1/button",
        &json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "CUP-2", "quantity": 1}]}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    verify(&a.json()["createCheckoutSessionConfig"]);
}

/// HMAC-SHA256 for hand-made tokens (amounts a real backend would never sign).
mod mac {
    pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }
}

/// CPU ticks (utime + stime) of a process, from /proc.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let n = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    n(11) + n(12)
}

/// Not a pass/fail test: latency and workerd CPU per signed button
/// (`cargo test -p amazon-pay-tests --test cross_crate -- edge_signer::measure --ignored --nocapture`).
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn measure_button_signing() {
    let w = Workerd::start(&default_bindings(NO_API));
    let body =
        json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "TEA-1", "quantity": 1}]});
    for _ in 0..20 {
        post(&w, "/v1/button", &body).await;
    }
    // `button` is the unbound body (an older widget: the isolate reuses its signature);
    // `button-bound` carries a new binding hash per click, so every payload is signed fresh.
    for (label, path, body, bound) in [
        ("healthz", "/healthz", None, false),
        ("button", "/v1/button", Some(body.clone()), false),
        ("button-bound", "/v1/button", Some(body.clone()), true),
    ] {
        let n = 300;
        let ticks = cpu_ticks(w.pid());
        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let mut body = body.clone();
            if let (true, Some(b)) = (bound, body.as_mut()) {
                let secret = format!("measure-secret-{i:024}");
                b["bindingHash"] = json!(amazon_pay_shared::binding::hash_secret(&secret));
            }
            let started = std::time::Instant::now();
            let a = match &body {
                Some(b) => post(&w, path, b).await,
                None => send(reqwest::Method::GET, &w.url(path), None, None, None).await,
            };
            assert_eq!(a.status, 200);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let cpu_ms = (cpu_ticks(w.pid()) - ticks) as f64 * 10.0 / n as f64;
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{label}: n={n} p50={:.2} ms p90={:.2} ms p99={:.2} ms; workerd CPU {:.2} ms/request",
            times[n / 2],
            times[n * 9 / 10],
            times[n * 99 / 100],
            cpu_ms
        );
    }
}
