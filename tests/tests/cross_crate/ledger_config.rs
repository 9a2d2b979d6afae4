//! The signer without a `LEDGER` binding (raw workerd has no D1): with a live key it refuses to
//! serve; with a sandbox key it serves, records nothing and answers the ledger routes, the
//! webhook and sync with `LEDGER_UNAVAILABLE`. An invalid `LIFECYCLE_RULES_JSON` refuses to serve.

use amazon_pay_tests::edge::{call, default_bindings, set_binding, start_sandbox, Workerd};
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_live_key_needs_the_ledger() {
    let mut b = default_bindings("https://unused.example");
    set_binding(&mut b, "AMAZON_PAY_API_BASE", None);
    set_binding(&mut b, "AMAZON_PAY_PUBLIC_KEY_ID", Some("LIVE-AEDGEKEY"));
    set_binding(&mut b, "AMAZON_PAY_SANDBOX", Some("false"));
    set_binding(&mut b, "ALLOWED_ORIGINS", Some("https://shop.example"));
    for (k, v) in [
        ("CHECKOUT_REVIEW_RETURN_URL", "https://shop.example/review"),
        ("CHECKOUT_RESULT_RETURN_URL", "https://shop.example/result"),
        ("CHECKOUT_CANCEL_URL", "https://shop.example/cart"),
        ("SIGNIN_RETURN_URL", "https://shop.example/signin"),
    ] {
        set_binding(&mut b, k, Some(v));
    }
    let w = Workerd::start(&b);
    let (s, v) = call(Method::GET, w.url("/healthz"), None, true).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (500, Some("CONFIG_INVALID")),
        "{v}"
    );
    assert!(v["error"]["message"].as_str().unwrap().contains("LEDGER"), "{v}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sandbox_key_runs_without_the_ledger_and_says_so() {
    let sandbox = start_sandbox().await;
    let sb = format!("http://{}", sandbox.http.unwrap());
    let w = Workerd::start(&default_bindings(&sb));
    let (s, v) = call(Method::GET, w.url("/healthz"), None, false).await;
    assert_eq!(s, 200, "{v}");
    for (method, path, body) in [
        (Method::GET, "/v1/merchant/transactions", None),
        (Method::GET, "/v1/merchant/transactions.csv", None),
        (Method::GET, "/v1/merchant/transactions/order-1", None),
        (Method::POST, "/v1/merchant/sync", Some(json!({}))),
        (Method::GET, "/v1/merchant/events", None),
        (Method::GET, "/v1/merchant/notifications", None),
    ] {
        let (s, v) = call(method, w.url(path), body, true).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (503, Some("LEDGER_UNAVAILABLE")),
            "{path}: {v}"
        );
    }
    assert!(w.logs().contains("ledger_absent"));
    drop(w);
    sandbox.stop();
}

/// An invalid `LIFECYCLE_RULES_JSON` refuses to serve: `CONFIG_INVALID` naming the setting and
/// the field, never the value.
#[tokio::test(flavor = "multi_thread")]
async fn invalid_lifecycle_rules_refuse_to_serve() {
    for (rules, field) in [
        (
            r#"{"currencies":{"JPY":{"maxAmount":48213.5}}}"#,
            "currencies.JPY.maxAmount",
        ),
        (
            r#"{"currencies":{"JPY":{"minAmount":"48213","maxAmount":"40000"}}}"#,
            "currencies.JPY.minAmount",
        ),
        (r#"{"refundWindowDays":-48213}"#, "refundWindowDays"),
    ] {
        let mut b = default_bindings("http://127.0.0.1:9");
        set_binding(&mut b, "LIFECYCLE_RULES_JSON", Some(rules));
        let w = Workerd::start(&b);
        let (s, v) = call(Method::GET, w.url("/healthz"), None, false).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (500, Some("CONFIG_INVALID")),
            "{v}"
        );
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("LIFECYCLE_RULES_JSON") && message.contains(field),
            "{message}"
        );
        assert!(!message.contains("48213"), "{message}");
        assert!(!w.logs().contains("48213"));
    }
}
