//! The edge signer under abuse, in workerd: a 10 MB chunked body refused while it streams in,
//! and refusals made before any route (a refused origin, an invalid configuration, an unknown
//! path) readable by the page's widget with their code and the request id; the `/v1/config`
//! answer's `Link` header (checkout.js) readable by the shop's page and by no other.

use amazon_pay_tests::edge::{client, default_bindings, post_chunked, set_binding, Workerd, SHOP_ORIGIN};
use serde_json::Value;

/// No API is reached by these tests; a closed port makes any accidental call fail fast.
const NO_API: &str = "http://127.0.0.1:9";

struct Seen {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    /// What a page of `origin` can read: the allow-origin grant and the exposed request id.
    fn assert_readable_by(&self, origin: &str) {
        assert_eq!(
            self.header("access-control-allow-origin"),
            Some(origin),
            "{:?}",
            self.headers
        );
        let expose = self.header("access-control-expose-headers").unwrap_or_default();
        assert!(expose.contains("x-request-id"), "{expose}");
        let id = self.header("x-request-id").unwrap_or_default();
        assert!(
            id.len() >= 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        assert!(self.header("access-control-allow-credentials").is_none());
    }
}

async fn get(w: &Workerd, path: &str, origin: &str) -> Seen {
    let resp = client()
        .get(w.url(path))
        .header("origin", origin)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap_or_default();
    Seen {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

/// 10 MB sent chunked (no `content-length`): the signer answers 413 `PAYLOAD_TOO_LARGE` after
/// the first 64 KiB, long before the client has written the body, and keeps serving.
#[tokio::test(flavor = "multi_thread")]
async fn a_ten_megabyte_chunked_body_is_refused_before_it_is_sent() {
    let w = Workerd::start(&default_bindings(NO_API));
    let base = w.base.clone();
    let seen =
        tokio::task::spawn_blocking(move || post_chunked(&base, "/v1/button", SHOP_ORIGIN, 160, 64 * 1024))
            .await
            .unwrap();
    assert_eq!(seen.total, 10 * 1024 * 1024);
    assert_eq!(seen.status, 413, "{seen:?}");
    assert!(seen.body.contains("PAYLOAD_TOO_LARGE"), "{}", seen.body);
    assert!(
        seen.sent_before_answer < seen.total / 2,
        "the answer came after {} of {} bytes: the body was buffered",
        seen.sent_before_answer,
        seen.total
    );
    let after = get(&w, "/v1/config", SHOP_ORIGIN).await;
    assert_eq!(after.status, 200, "{}", after.body);
}

/// A refused origin reads `ORIGIN_NOT_ALLOWED` (and only that) with the request id; its
/// preflight grants nothing. An unknown path from the shop is a readable `NOT_FOUND`, and an
/// allowed answer exposes the request id too.
#[tokio::test(flavor = "multi_thread")]
async fn refusals_before_routing_are_readable_by_the_page() {
    let w = Workerd::start(&default_bindings(NO_API));
    let refused = get(&w, "/v1/config", "https://other-shop.example").await;
    assert_eq!((refused.status, refused.code()), (403, "ORIGIN_NOT_ALLOWED"));
    refused.assert_readable_by("https://other-shop.example");
    assert!(refused.body.get("merchantId").is_none());
    // The same refusal for a path that does not exist: a refused origin learns nothing of the
    // routes.
    let unknown = get(&w, "/v1/nothing", "https://other-shop.example").await;
    assert_eq!((unknown.status, unknown.code()), (403, "ORIGIN_NOT_ALLOWED"));

    let preflight = client()
        .request(reqwest::Method::OPTIONS, w.url("/v1/button"))
        .header("origin", "https://other-shop.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 403);
    assert!(preflight.headers().get("access-control-allow-origin").is_none());

    let missing = get(&w, "/v1/nothing", SHOP_ORIGIN).await;
    assert_eq!((missing.status, missing.code()), (404, "NOT_FOUND"));
    missing.assert_readable_by(SHOP_ORIGIN);
    let ok = get(&w, "/v1/config", SHOP_ORIGIN).await;
    assert_eq!(ok.status, 200);
    ok.assert_readable_by(SHOP_ORIGIN);
}

/// `/v1/config` names checkout.js in a `Link` preload header the shop's page can read (the
/// script tag starts checkout.js from it before the body is read): the same URL as the body's
/// `checkoutJsUrl`. A refused origin gets no such header.
#[tokio::test(flavor = "multi_thread")]
async fn the_config_answer_names_checkout_js_in_a_header_the_page_can_read() {
    let w = Workerd::start(&default_bindings(NO_API));
    let ok = get(&w, "/v1/config", SHOP_ORIGIN).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let url = ok.body["checkoutJsUrl"].as_str().unwrap_or_default();
    assert!(url.starts_with("https://static-fe.payments-amazon.com/"), "{url}");
    assert_eq!(
        ok.header("link"),
        Some(format!("<{url}>; rel=preload; as=script").as_str()),
        "{:?}",
        ok.headers
    );
    let expose = ok.header("access-control-expose-headers").unwrap_or_default();
    assert!(expose.split(',').any(|h| h.trim() == "link"), "{expose}");

    let refused = get(&w, "/v1/config", "https://other-shop.example").await;
    assert_eq!(refused.status, 403);
    assert!(refused.header("link").is_none(), "{:?}", refused.headers);
}

/// A signer whose configuration is invalid serves nothing, and the page reads why:
/// `CONFIG_INVALID` with the request id (it names no setting value).
#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_configuration_is_readable_by_the_page() {
    let mut bindings = default_bindings(NO_API);
    set_binding(&mut bindings, "MERCHANT_API_TOKEN", None);
    let w = Workerd::start(&bindings);
    let seen = get(&w, "/v1/config", SHOP_ORIGIN).await;
    assert_eq!(
        (seen.status, seen.code()),
        (500, "CONFIG_INVALID"),
        "{}",
        seen.body
    );
    seen.assert_readable_by(SHOP_ORIGIN);
}
