//! The sandbox's buyer side over plain HTTP (no browser): the checkout.js response, every
//! refusal of `POST /checkout/initiate` as an HTML error page with a 4xx status, escaping of
//! hostile values, and the hosted pages' handling of bad or unknown parameters.

use amazon_pay_sandbox::{start, RunningSandbox, SandboxConfig};
use amazon_pay_shared::keys::{PrivateKey, PublicKey};
use amazon_pay_shared::region::PublicKeyId;
use amazon_pay_shared::signing::{hex_sha256, sign_payload, Algorithm};
use amazon_pay_tests::key_text;
use serde_json::json;

const KEY_ID: &str = "SANDBOX-PAGESTEST0001";

/// Form fields, owned.
type Fields = Vec<(String, String)>;

async fn sandbox() -> RunningSandbox {
    let public = PublicKey::from_pem(&key_text("merchant-public.pem")).unwrap();
    start(SandboxConfig {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        public_keys: vec![(PublicKeyId::parse(KEY_ID).unwrap(), public)],
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn sign(payload: &str, algorithm: Algorithm) -> String {
    let key = PrivateKey::from_pem(&key_text("merchant-pkcs8.pem")).unwrap();
    sign_payload(&key, algorithm, payload.as_bytes()).unwrap()
}

struct Answer {
    status: u16,
    location: Option<String>,
    content_type: String,
    body: String,
}

async fn post_form(sb: &RunningSandbox, path: &str, fields: &[(&str, &str)]) -> Answer {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let response = client()
        .post(format!("http://{}{path}", sb.http.unwrap()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    answer(response).await
}

async fn get(sb: &RunningSandbox, path: &str) -> Answer {
    let response = client()
        .get(format!("http://{}{path}", sb.http.unwrap()))
        .header("origin", "http://shop.example")
        .send()
        .await
        .unwrap();
    answer(response).await
}

async fn answer(response: reqwest::Response) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let location = header("location");
    let content_type = header("content-type").unwrap_or_default();
    Answer {
        status: response.status().as_u16(),
        location,
        content_type,
        body: response.text().await.unwrap(),
    }
}

fn urlencode(s: &str) -> String {
    amazon_pay_sandbox::buyer::html::encode(s)
}

fn error_code(body: &str) -> &str {
    let start = body
        .find("data-testid=\"error-code\">")
        .map(|i| i + 25)
        .unwrap_or(0);
    let end = body[start..].find('<').map(|i| start + i).unwrap_or(start);
    &body[start..end]
}

fn review_payload(sb: &RunningSandbox) -> String {
    json!({
        "storeId": sb.state.config().store_id,
        "webCheckoutDetails": {"checkoutReviewReturnUrl": "http://shop.example/review"}
    })
    .to_string()
}

fn button<'a>(sb: &'a RunningSandbox, payload: &'a str, signature: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("payloadJSON", payload),
        ("signature", signature),
        ("publicKeyId", KEY_ID),
        ("algorithm", "AMZN-PAY-RSASSA-PSS-V2"),
        ("merchantId", sb.state.config().merchant_id.as_str()),
        ("ledgerCurrency", "USD"),
        ("productType", "PayAndShip"),
        ("environment", "SANDBOX"),
        ("unknownFieldIsIgnored", "1"),
    ]
}

#[tokio::test]
async fn checkout_js_is_served_with_the_base_url() {
    let sb = sandbox().await;
    let js = get(&sb, "/checkout.js").await;
    assert_eq!(js.status, 200);
    assert!(
        js.content_type.starts_with("text/javascript"),
        "{}",
        js.content_type
    );
    assert!(js
        .body
        .contains(&format!("var BAKED_BASE = \"http://{}\";", sb.http.unwrap())));
    assert!(js.body.contains("amazonpay-checkout-signature-data-form"));
    sb.stop();
}

#[tokio::test]
async fn initiate_accepts_a_good_button_and_redirects_to_sign_in() {
    let sb = sandbox().await;
    let payload = review_payload(&sb);
    let signature = sign(&payload, Algorithm::V2);
    let ok = post_form(&sb, "/checkout/initiate", &button(&sb, &payload, &signature)).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let location = ok.location.unwrap();
    assert!(
        location.starts_with("/checkout/signin?amazonCheckoutSessionId="),
        "{location}"
    );
    let page = get(&sb, &location).await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("data-testid=\"buyer-amzn1.account."));
    assert!(page.body.contains("data-testid=\"cancel\""));
    assert!(
        page.body.contains("shop.example"),
        "the shop is named by its return URL's host"
    );
    sb.stop();
}

#[tokio::test]
async fn initiate_refusals_are_html_error_pages() {
    let sb = sandbox().await;
    let payload = review_payload(&sb);
    let signature = sign(&payload, Algorithm::V2);
    let merchant = sb.state.config().merchant_id.clone();

    let with = |changes: &[(&'static str, &'static str)]| {
        let mut fields: Fields = button(&sb, &payload, &signature)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        for (k, v) in changes {
            fields.retain(|(name, _)| name != k);
            if !v.is_empty() {
                fields.push(((*k).to_owned(), (*v).to_owned()));
            }
        }
        fields
    };
    let cases: Vec<(&str, Fields, &str)> = vec![
        ("no merchant", with(&[("merchantId", "")]), "MissingParameter"),
        (
            "wrong merchant",
            with(&[("merchantId", "A0THERMERCHANT")]),
            "InvalidMerchantId",
        ),
        ("no signature", with(&[("signature", "")]), "MissingParameter"),
        (
            "unknown key",
            with(&[("publicKeyId", "SANDBOX-UNKNOWN")]),
            "InvalidPublicKeyId",
        ),
        (
            "malformed key",
            with(&[("publicKeyId", "not a key id")]),
            "InvalidPublicKeyId",
        ),
        (
            "bad product type",
            with(&[("productType", "Donation")]),
            "InvalidParameterValue",
        ),
        (
            "live with a sandbox key",
            with(&[("environment", "LIVE")]),
            "InvalidParameterValue",
        ),
        (
            "unknown algorithm",
            with(&[("algorithm", "RSA")]),
            "InvalidSignatureError",
        ),
        (
            "not base64",
            with(&[("signature", "%%%")]),
            "InvalidSignatureError",
        ),
        (
            "salt 20 by default",
            with(&[("algorithm", "")]),
            "InvalidSignatureError",
        ),
    ];
    for (name, fields, code) in cases {
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let a = post_form(&sb, "/checkout/initiate", &refs).await;
        assert_eq!(a.status, 400, "{name}: {}", a.body);
        assert!(a.content_type.starts_with("text/html"), "{name}");
        assert_eq!(error_code(&a.body), code, "{name}: {}", a.body);
    }
    // The V2 signature posted without `algorithm` is checked as AMZN-PAY-RSASSA-PSS and the
    // page says that the default is the problem.
    let refs = with(&[("algorithm", "")]);
    let refs: Vec<(&str, &str)> = refs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let a = post_form(&sb, "/checkout/initiate", &refs).await;
    assert!(a.body.contains("because algorithm was left out"), "{}", a.body);
    assert!(a.body.contains(&format!(
        "AMZN-PAY-RSASSA-PSS\n{}",
        hex_sha256(payload.as_bytes())
    )));
    assert!(a.body.contains(&format!("for merchant {merchant}")));

    // Not a form at all.
    let response = client()
        .post(format!("http://{}/checkout/initiate", sb.http.unwrap()))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let a = answer(response).await;
    assert_eq!(a.status, 400);
    assert_eq!(error_code(&a.body), "InvalidRequest");
    sb.stop();
}

#[tokio::test]
async fn signed_but_invalid_payloads_are_refused_strictly() {
    let sb = sandbox().await;
    let store = sb.state.config().store_id.clone();
    let cases = [
        ("not json", "{\"storeId\":".to_owned(), "InvalidParameterValue"),
        (
            "unknown field",
            json!({"storeId": store, "webCheckoutDetails": {"checkoutReviewReturnUrl": "http://s/r"}, "extra": 1})
                .to_string(),
            "InvalidParameterValue",
        ),
        (
            "field rule",
            json!({"storeId": store, "merchantMetadata": {"merchantStoreName": "x".repeat(51)}}).to_string(),
            "InvalidParameterValue",
        ),
    ];
    for (name, payload, code) in cases {
        let signature = sign(&payload, Algorithm::V2);
        let a = post_form(&sb, "/checkout/initiate", &button(&sb, &payload, &signature)).await;
        assert_eq!(a.status, 400, "{name}: {}", a.body);
        assert_eq!(error_code(&a.body), code, "{name}: {}", a.body);
    }
    // A store id that is not the sandbox's: refused by the store, still a 4xx page.
    let payload = json!({"storeId": "amzn1.application-oa2-client.other", "webCheckoutDetails": {"checkoutReviewReturnUrl": "http://s/r"}}).to_string();
    let signature = sign(&payload, Algorithm::V2);
    let a = post_form(&sb, "/checkout/initiate", &button(&sb, &payload, &signature)).await;
    assert!((400..500).contains(&a.status), "{}: {}", a.status, a.body);
    assert!(a.content_type.starts_with("text/html"));
    sb.stop();
}

#[tokio::test]
async fn hostile_values_are_escaped_and_line_breaks_explained() {
    let sb = sandbox().await;
    let payload = "{\"storeId\":\"<script>alert('x')</script>\",\r\n\"a\":\"\"}";
    let signature = sign(&payload.replace("\r\n", "\n"), Algorithm::V2);
    let a = post_form(&sb, "/checkout/initiate", &button(&sb, payload, &signature)).await;
    assert_eq!(a.status, 400);
    assert!(!a.body.contains("<script>alert"), "payload must be escaped");
    assert!(a.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(a.body.contains("sends them as CRLF"), "{}", a.body);

    let a = get(
        &sb,
        "/checkout/signin?amazonCheckoutSessionId=%3Cimg%20src%3Dx%3E",
    )
    .await;
    assert_eq!(a.status, 404);
    assert!(!a.body.contains("<img src=x>"));
    sb.stop();
}

#[tokio::test]
async fn hosted_pages_reject_bad_parameters_with_4xx_pages() {
    let sb = sandbox().await;
    let payload = review_payload(&sb);
    let signature = sign(&payload, Algorithm::V2);
    let ok = post_form(&sb, "/checkout/initiate", &button(&sb, &payload, &signature)).await;
    let location = ok.location.unwrap();
    let id = location
        .split("amazonCheckoutSessionId=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();

    let cases = [
        get(&sb, "/checkout/signin").await,
        get(&sb, "/checkout/choose?amazonCheckoutSessionId=nope&buyerId=x").await,
        get(
            &sb,
            &format!("/checkout/choose?amazonCheckoutSessionId={id}&buyerId=nobody"),
        )
        .await,
        get(
            &sb,
            &format!("/checkout/initiate_auth?amazonCheckoutSessionId={id}&changeAction=changeAll"),
        )
        .await,
        post_form(
            &sb,
            "/checkout/choose",
            &[("amazonCheckoutSessionId", id), ("buyerId", "nobody")],
        )
        .await,
        post_form(
            &sb,
            "/checkout/choose",
            &[
                ("amazonCheckoutSessionId", id),
                ("buyerId", "amzn1.account.SANDBOXBUYERUS0002"),
                ("addressId", "jp-home"),
                ("instrumentId", "us-visa"),
            ],
        )
        .await,
        post_form(&sb, "/checkout/pay", &[("amazonCheckoutSessionId", "nope")]).await,
        post_form(&sb, "/checkout/cancel", &[]).await,
        get(&sb, "/checkout/amazon-signin").await,
        get(
            &sb,
            "/checkout/amazon-signin?payloadJSON=%7B%7D&signature=AAAA&publicKeyId=SANDBOX-PAGESTEST0001",
        )
        .await,
    ];
    for (i, a) in cases.iter().enumerate() {
        assert!(
            (400..500).contains(&a.status),
            "case {i}: {} {}",
            a.status,
            a.body
        );
        assert!(a.content_type.starts_with("text/html"), "case {i}");
        assert!(a.body.contains("data-testid=\"error-code\""), "case {i}");
    }
    // The session is still usable after all that: the pay page says it is not ready yet.
    let a = get(&sb, &format!("/checkout/pay?amazonCheckoutSessionId={id}")).await;
    assert_eq!(a.status, 409, "{}", a.body);
    assert_eq!(error_code(&a.body), "CheckoutSessionNotReady");
    // initiate_auth before anyone signed in goes to the sign-in page.
    let a = get(
        &sb,
        &format!("/checkout/initiate_auth?amazonCheckoutSessionId={id}&changeAction=changePayment"),
    )
    .await;
    assert_eq!(a.status, 303);
    assert!(a.location.unwrap().starts_with("/checkout/signin?"));
    sb.stop();
}

#[tokio::test]
async fn signout_answers_the_shop_origin_and_forgets_the_buyer() {
    let sb = sandbox().await;
    let response = client()
        .get(format!(
            "http://{}/checkout/signout?language=en_US",
            sb.http.unwrap()
        ))
        .header("origin", "http://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let h = response.headers();
    assert_eq!(h["access-control-allow-origin"], "http://shop.example");
    assert_eq!(h["access-control-allow-credentials"], "true");
    assert!(h["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    sb.stop();
}
