//! Rotating the signer's secrets without a failed request, with the signer in workerd and the
//! local sandbox over real HTTP: two Amazon key pairs during the overlap (the sandbox, like
//! Seller Central, holds both public keys; a checkout begun under one key finishes under the
//! other), the previous merchant token and cart-token secret accepted during the overlap and
//! refused after it; and the log line of a call Amazon refuses, which says why without any
//! key material.

use amazon_pay_shared::cart_token::CartToken;
use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{hex_sha256, verify_payload, Algorithm, ApiRequest, ClientProfile};
use amazon_pay_tests::edge::{
    call, client, control, default_bindings, initiate_checkout, now, set_binding, start_sandbox,
    start_sandbox_with, Workerd, CART_SECRET, MERCHANT_TOKEN, PUBLIC_KEY_ID,
};
use amazon_pay_tests::key_text;
use serde_json::{json, Value};

/// The id Seller Central gave the next key pair (`other-public.pem`).
const NEXT_KEY_ID: &str = "SANDBOX-BEDGEKEY";
/// The merchant token before the rotation.
const OLD_MERCHANT_TOKEN: &str = "merchant-token-old-0123456789abcdef0123456";
/// The cart-token secret after the rotation (the default one is the old secret here).
const NEW_CART_SECRET: &str = "cart-secret-new-0123456789abcdef0123456789abcdef";
/// A charge id Amazon does not know: a merchant call that reaches the sandbox and is answered 404.
const UNKNOWN_CHARGE: &str = "/v1/merchant/charges/S01-0000000-0000000-C999999";

/// A merchant call with this bearer token: status and error code (empty on success).
async fn merchant_get(w: &Workerd, token: &str, path: &str) -> (u16, String) {
    let resp = client()
        .get(w.url(path))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    (
        status,
        body["error"]["code"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_rotation_the_previous_merchant_token_works_during_the_overlap_only() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let mut bindings = default_bindings(&sb);
    set_binding(
        &mut bindings,
        "MERCHANT_API_TOKEN_PREVIOUS",
        Some(OLD_MERCHANT_TOKEN),
    );
    let during = Workerd::start(&bindings);
    // Both tokens reach Amazon (which does not know the charge); any other token does not.
    for token in [MERCHANT_TOKEN, OLD_MERCHANT_TOKEN] {
        assert_eq!(
            merchant_get(&during, token, UNKNOWN_CHARGE).await,
            (404, "RESOURCE_NOT_FOUND".to_owned()),
            "{token}"
        );
    }
    let stranger = "merchant-token-stranger-0123456789abcdef01";
    assert_eq!(
        merchant_get(&during, stranger, UNKNOWN_CHARGE).await,
        (401, "UNAUTHORIZED".to_owned())
    );
    drop(during);

    // The rotation ends: the previous token is removed and refused from then on.
    set_binding(&mut bindings, "MERCHANT_API_TOKEN_PREVIOUS", None);
    let after = Workerd::start(&bindings);
    assert_eq!(
        merchant_get(&after, MERCHANT_TOKEN, UNKNOWN_CHARGE).await,
        (404, "RESOURCE_NOT_FOUND".to_owned())
    );
    assert_eq!(
        merchant_get(&after, OLD_MERCHANT_TOKEN, UNKNOWN_CHARGE).await,
        (401, "UNAUTHORIZED".to_owned())
    );
    assert!(!after.logs().contains(MERCHANT_TOKEN));
    drop(after);
    sandbox.stop();
}

/// A cart token of ¥1,500 signed with `secret`.
fn cart_token(secret: &str, reference: &str) -> String {
    CartToken {
        amount: Money::parse("1500", Currency::Jpy).unwrap(),
        reference: reference.into(),
        expires_at: now() + 600,
        checkout_session_id: None,
    }
    .encode(secret.as_bytes())
}

/// The button for a cart token: status, and the amount or the error code.
async fn button_for(w: &Workerd, token: &str) -> (u16, String) {
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cartToken": token})),
        false,
    )
    .await;
    let what = if s == 200 {
        b["estimatedOrderAmount"]["amount"].as_str().unwrap_or_default()
    } else {
        b["error"]["code"].as_str().unwrap_or_default()
    };
    (s, what.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_rotation_a_cart_token_of_the_previous_secret_verifies_during_the_overlap_only() {
    // Buttons are signed at the edge without calling Amazon.
    let mut bindings = default_bindings("http://127.0.0.1:9");
    set_binding(&mut bindings, "CART_TOKEN_SECRET", Some(NEW_CART_SECRET));
    set_binding(&mut bindings, "CART_TOKEN_SECRET_PREVIOUS", Some(CART_SECRET));
    let during = Workerd::start(&bindings);
    let priced = (200, "1500".to_owned());
    // The shop's backend signs with the new secret; a token it minted before still verifies.
    assert_eq!(
        button_for(&during, &cart_token(NEW_CART_SECRET, "order-new-1")).await,
        priced
    );
    assert_eq!(
        button_for(&during, &cart_token(CART_SECRET, "order-old-1")).await,
        priced
    );
    let stranger = "cart-secret-stranger-0123456789abcdef0123456789";
    assert_eq!(
        button_for(&during, &cart_token(stranger, "order-x-1")).await,
        (400, "CART_TOKEN_FORGED".to_owned())
    );
    drop(during);

    set_binding(&mut bindings, "CART_TOKEN_SECRET_PREVIOUS", None);
    let after = Workerd::start(&bindings);
    assert_eq!(
        button_for(&after, &cart_token(NEW_CART_SECRET, "order-new-2")).await,
        priced
    );
    assert_eq!(
        button_for(&after, &cart_token(CART_SECRET, "order-old-2")).await,
        (400, "CART_TOKEN_FORGED".to_owned())
    );
}

/// The signed checkout button of `w`, checked against `public_pem` under `key_id`.
async fn verified_button(w: &Workerd, key_id: &str, public_pem: &str) -> Value {
    let (s, b) = call(
        reqwest::Method::POST,
        w.url("/v1/button"),
        Some(json!({"productType": "PayAndShip", "placement": "Cart", "cart": [{"sku": "TEA-1", "quantity": 1}]})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let signed = b["createCheckoutSessionConfig"].clone();
    assert_eq!(signed["publicKeyId"], key_id, "{signed}");
    verify_payload(
        &PublicKey::from_pem(&key_text(public_pem)).unwrap(),
        Algorithm::V2,
        signed["payloadJSON"].as_str().unwrap().as_bytes(),
        signed["signature"].as_str().unwrap(),
    )
    .unwrap_or_else(|e| panic!("the button is not signed with {public_pem}: {e}"));
    signed
}

/// The sign-in state in the return URL of `w`'s sign-in button.
async fn sign_in_state(w: &Workerd) -> String {
    let (s, button) = call(
        reqwest::Method::POST,
        w.url("/v1/signin-button"),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{button}");
    let payload: Value =
        serde_json::from_str(button["signInConfig"]["payloadJSON"].as_str().unwrap()).unwrap();
    payload["signInReturnUrl"]
        .as_str()
        .unwrap()
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("amazonPaySignIn="))
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_rotation_either_key_pair_signs_and_switching_fails_no_checkout() {
    // Seller Central holds both public keys during the overlap.
    let sandbox = start_sandbox_with(
        &[
            (PUBLIC_KEY_ID, "merchant-public.pem"),
            (NEXT_KEY_ID, "other-public.pem"),
        ],
        0,
    )
    .await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let mut bindings = default_bindings(&sb);
    set_binding(&mut bindings, "AMAZON_PAY_NEXT_PUBLIC_KEY_ID", Some(NEXT_KEY_ID));
    set_binding(
        &mut bindings,
        "AMAZON_PAY_NEXT_PRIVATE_KEY",
        Some(&key_text("other-pkcs8.pem")),
    );
    // The version before the switch signs with the current pair; the one after with the next.
    let before = Workerd::start(&bindings);
    set_binding(&mut bindings, "AMAZON_PAY_SIGNING_KEY", Some("next"));
    let after = Workerd::start(&bindings);
    for (w, id) in [(&before, PUBLIC_KEY_ID), (&after, NEXT_KEY_ID)] {
        let (s, config) = call(reqwest::Method::GET, w.url("/v1/config"), None, false).await;
        assert_eq!((s, config["publicKeyId"].as_str()), (200, Some(id)), "{config}");
    }

    // A buyer clicks a button signed before the switch…
    let signed = verified_button(&before, PUBLIC_KEY_ID, "merchant-public.pem").await;
    let id = initiate_checkout(&sb, "PayAndShip", &signed).await;
    control(
        &sb,
        &format!("/_sandbox/checkoutSessions/{id}/approve"),
        json!({}),
    )
    .await;
    let state = sign_in_state(&before).await;
    // …and the review page is served after it: the API calls are signed with the next key.
    let (s, review) = call(
        reqwest::Method::GET,
        after.url(&format!("/v1/checkout-sessions/{id}")),
        None,
        false,
    )
    .await;
    assert_eq!((s, review["state"].as_str()), (200, Some("Open")), "{review}");
    // The sign-in state issued before the switch still opens the buyer's profile after it.
    let signed_in = control(
        &sb,
        "/_sandbox/signin",
        json!({"buyerId": "amzn1.account.SANDBOXBUYERJP0001"}),
    )
    .await;
    let (s, buyer) = call(
        reqwest::Method::POST,
        after.url("/v1/buyer"),
        Some(json!({"buyerToken": signed_in["buyerToken"], "state": state})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{buyer}");
    // New buttons carry the next key id and its signature, which Amazon accepts too.
    let signed = verified_button(&after, NEXT_KEY_ID, "other-public.pem").await;
    initiate_checkout(&sb, "PayAndShip", &signed).await;

    let api: Vec<_> = sandbox
        .state
        .log()
        .since(0)
        .into_iter()
        .filter(|e| e.path.starts_with("/v2/"))
        .collect();
    assert!(!api.is_empty());
    for e in &api {
        assert_eq!(e.public_key_id.as_deref(), Some(NEXT_KEY_ID), "{e:?}");
        assert!(e.status < 300, "{e:?}");
    }
    drop((before, after));
    sandbox.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_rotation_a_refused_signature_is_logged_with_amazons_reason_and_hashes_only() {
    // Amazon holds another public key under the signer's key id: every signature is refused.
    let sandbox = start_sandbox_with(&[(PUBLIC_KEY_ID, "other-public.pem")], 0).await;
    let addr = sandbox.http.unwrap();
    let sb = format!("http://{addr}");
    let w = Workerd::start(&default_bindings(&sb));
    assert_eq!(
        merchant_get(&w, MERCHANT_TOKEN, UNKNOWN_CHARGE).await,
        (502, "UPSTREAM_REJECTED".to_owned())
    );
    let logs = w.logs();
    let line: Value = logs
        .lines()
        .filter_map(|l| {
            l.find('{')
                .and_then(|i| serde_json::from_str::<Value>(&l[i..]).ok())
        })
        .find(|v| v["event"] == "request" && v["status"] == 502)
        .unwrap_or_else(|| panic!("no request line of the refusal: {logs}"));
    assert_eq!(line["amazonStatus"], 403, "{line}");
    assert_eq!(line["amazonReasonCode"], "InvalidRequestSignature", "{line}");
    assert_eq!(line["publicKeyId"], PUBLIC_KEY_ID, "{line}");
    let hash = |k: &str| {
        let h = line[k].as_str().unwrap_or_default().to_owned();
        assert!(
            h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()),
            "{k}: {line}"
        );
        h
    };
    let (string_hash, canonical_hash) = (hash("stringToSignSha256"), hash("canonicalRequestSha256"));
    // Amazon's message quotes the string to sign it computed: the same canonical request, so
    // the bytes agree and the key is what differs.
    let message = line["amazonMessage"].as_str().unwrap();
    assert!(message.contains(&canonical_hash), "{line}");

    // The logged facts are enough to recompute the string to sign (what `amzpay sign-request
    // --date D --print string-to-sign | sha256sum` does).
    let profile = ClientProfile {
        public_key_id: PublicKeyId::parse(PUBLIC_KEY_ID).unwrap(),
        region: Region::Jp,
        sandbox: true,
        algorithm: Algorithm::V2,
    };
    let request = ApiRequest::new("GET", "/v2/charges/S01-0000000-0000000-C999999").unwrap();
    let prepared = profile
        .prepare_for_host(&request, line["signedDate"].as_str().unwrap(), &addr.to_string())
        .unwrap();
    assert_eq!(hex_sha256(prepared.string_to_sign().as_bytes()), string_hash);
    assert_eq!(
        line["signedHeaders"].as_str(),
        Some(prepared.canonical_request().signed_headers.as_str())
    );

    // Nothing secret: no key material, no signature, no token.
    let pem = key_text("merchant-pkcs8.pem");
    let key_line = pem.lines().nth(1).unwrap();
    for secret in [key_line, "PRIVATE KEY", "Signature=", MERCHANT_TOKEN, CART_SECRET] {
        assert!(!logs.contains(secret), "the log shows {secret:?}: {logs}");
    }
    drop(w);
    sandbox.stop();
}
