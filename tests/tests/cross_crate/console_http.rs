//! The merchant console over HTTP (the signer with its ledger in workerd): no page or form
//! works without a live session; the session cookie is `HttpOnly`, `SameSite=Strict` and
//! scoped to `/console`; signing out ends the session for any copy of the cookie; every form
//! needs its own session's CSRF token and the signer's own origin; sign-in attempts are
//! rate-limited and a refused one is logged without the token; an action the lifecycle forbids
//! is refused with the API's code however the form is crafted, and a form sent twice runs once.

use amazon_pay_tests::console::ConsoleClient;
use amazon_pay_tests::edge::{MERCHANT_TOKEN, SHOP_ORIGIN};
use amazon_pay_tests::ledger_edge::{buy, detail, reference_of, stack, StackOptions};
use serde_json::json;

const PAGES: [&str; 6] = [
    "/console/orders",
    "/console/orders?status=AUTH",
    "/console/orders/order-1",
    "/console/orders.csv",
    "/console/settings",
    "/console/notifications",
];

const FORMS: [&str; 3] = [
    "/console/sync",
    "/console/sign-out",
    "/console/orders/order-1/capture",
];

#[tokio::test(flavor = "multi_thread")]
async fn console_pages_and_forms_need_a_live_session() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let mut anonymous = ConsoleClient::new(&w.base);
    for path in PAGES {
        let p = anonymous.get(path).await;
        assert_eq!(
            (p.status, p.location()),
            (303, Some("/console/")),
            "{path}: {}",
            p.body
        );
        assert!(!p.body.contains("order-1"), "{path}");
    }
    for path in FORMS {
        let p = anonymous.post(path, &[("csrf", "x"), ("step", "submit")]).await;
        assert_eq!(p.status, 401, "{path}: {}", p.body);
        assert!(p.body.contains("CONSOLE_SESSION_REQUIRED"), "{path}: {}", p.body);
    }
    // A forged cookie (an id with a signature not made with the token's key) opens nothing.
    anonymous.cookie = Some(format!("console_session={}.{}", "a".repeat(64), "b".repeat(64)));
    assert_eq!(anonymous.get("/console/orders").await.status, 303);
    anonymous.cookie = None;

    // The sign-in page itself is open, with one password field.
    let p = anonymous.get("/console/").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("type=\"password\" name=\"token\""), "{}", p.body);
    assert!(p.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));

    // A wrong token: refused, no cookie, logged without the token.
    let wrong = "not-the-merchant-token-but-long-enough-0000";
    let p = anonymous.sign_in(wrong).await;
    assert_eq!(p.status, 401, "{}", p.body);
    assert_eq!(p.session_cookie(), None);
    assert!(w.logged("console-sign-in-refused").await, "{}", w.logs());
    assert!(!w.logs().contains(wrong));

    // The right token: a strict, scoped, HttpOnly session cookie (no Secure over http).
    let mut merchant = ConsoleClient::new(&w.base);
    let p = merchant.sign_in(MERCHANT_TOKEN).await;
    assert_eq!(
        (p.status, p.location()),
        (303, Some("/console/orders")),
        "{}",
        p.body
    );
    let cookie = p
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("console_session="))
        .expect("session cookie");
    for attribute in [
        "; HttpOnly",
        "; SameSite=Strict",
        "; Path=/console",
        "; Max-Age=28800",
    ] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(!w.logs().contains(MERCHANT_TOKEN));
    let p = merchant.get("/console/orders").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    // Every page renews the session (sliding expiry).
    assert!(p.set_cookies().iter().any(|c| c.contains("Max-Age=28800")));
    for path in ["/console/settings", "/console/notifications", "/console/"] {
        let p = merchant.get(path).await;
        assert!(matches!(p.status, 200 | 303), "{path}: {}", p.body);
    }
    // The notification logs: what Amazon sent, and what the shop's backend was sent.
    let logs = merchant.get("/console/notifications").await.body;
    assert!(
        logs.contains("Received from Amazon Pay") && logs.contains("Sent to the shop"),
        "{logs}"
    );
    // Settings never show a secret.
    let settings = merchant.get("/console/settings").await.body;
    assert!(settings.contains("SANDBOX-AEDGEKEY"), "{settings}");
    assert!(!settings.contains(MERCHANT_TOKEN) && !settings.contains("PRIVATE KEY"));

    // Signing out ends the session: a copy of the cookie no longer works.
    let copy = merchant.clone();
    let csrf = merchant.csrf().await;
    let p = merchant.post("/console/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!((p.status, p.location()), (303, Some("/console/")), "{}", p.body);
    assert!(p
        .set_cookies()
        .iter()
        .any(|c| c.contains("console_session=;") && c.contains("Max-Age=0")));
    let p = copy.get("/console/orders").await;
    assert_eq!((p.status, p.location()), (303, Some("/console/")));
    let p = copy.post("/console/sync", &[("csrf", &csrf)]).await;
    assert_eq!(p.status, 401, "{}", p.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_console_form_needs_its_sessions_csrf_token_and_origin() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let mut a = ConsoleClient::new(&w.base);
    a.sign_in(MERCHANT_TOKEN).await;
    let csrf_a = a.csrf().await;
    let mut b = ConsoleClient::new(&w.base);
    b.sign_in(MERCHANT_TOKEN).await;
    let csrf_b = b.csrf().await;
    assert_ne!(csrf_a, csrf_b);

    let refused =
        |p: &amazon_pay_tests::console::Page| p.status == 403 && p.body.contains("CONSOLE_FORM_REFUSED");
    let p = b.post("/console/sync", &[]).await;
    assert!(refused(&p), "no token: {} {}", p.status, p.body);
    let p = b.post("/console/sync", &[("csrf", &csrf_a)]).await;
    assert!(refused(&p), "another session's token: {} {}", p.status, p.body);
    // The shop's origin may call the public routes, never the console's forms.
    let p = b
        .post_with("/console/sync", &[("csrf", &csrf_b)], &[("origin", SHOP_ORIGIN)])
        .await;
    assert!(refused(&p), "shop origin: {} {}", p.status, p.body);
    let p = b
        .post_with(
            "/console/sync",
            &[("csrf", &csrf_b)],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert!(refused(&p), "cross-site: {} {}", p.status, p.body);
    // The right token from the signer's own origin.
    let own = w.base.clone();
    let p = b
        .post_with("/console/sync", &[("csrf", &csrf_b)], &[("origin", &own)])
        .await;
    assert_eq!(p.status, 200, "{}", p.body);

    // A token of an ended session is stale in the next one.
    let p = a.post("/console/sign-out", &[("csrf", &csrf_a)]).await;
    assert_eq!(p.status, 303);
    a.sign_in(MERCHANT_TOKEN).await;
    let p = a.post("/console/sync", &[("csrf", &csrf_a)]).await;
    assert!(refused(&p), "stale token: {} {}", p.status, p.body);
    assert_ne!(a.csrf().await, csrf_a);
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_attempts_are_rate_limited_per_client() {
    let st = stack(StackOptions {
        ratelimits: Some(json!({
            "RATE_LIMIT_CONSOLE_SIGN_IN": {"namespace_id": "1003", "simple": {"limit": 3, "period": 60}},
        })),
        ..StackOptions::default()
    })
    .await;
    let w = &st.signer;
    let c = ConsoleClient::new(&w.base);
    let mut statuses = Vec::new();
    for n in 0..6 {
        let p = c
            .post_with(
                "/console/sign-in",
                &[("token", &format!("guess-{n}-0123456789abcdef0123456789abcdef"))],
                &[("cf-connecting-ip", "203.0.113.9")],
            )
            .await;
        statuses.push(p.status);
    }
    assert_eq!(&statuses[..3], [401; 3], "{statuses:?}\n{}", w.logs());
    assert_eq!(*statuses.last().unwrap(), 429, "{statuses:?}");
    // Over the limit even the right token opens no session.
    let p = c
        .post_with(
            "/console/sign-in",
            &[("token", MERCHANT_TOKEN)],
            &[("cf-connecting-ip", "203.0.113.9")],
        )
        .await;
    assert_eq!((p.status, p.session_cookie()), (429, None), "{}", p.body);
    assert_eq!(p.headers["retry-after"], "60");
    // Another client is not held back.
    let p = c
        .post_with(
            "/console/sign-in",
            &[("token", MERCHANT_TOKEN)],
            &[("cf-connecting-ip", "198.51.100.4")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(p.session_cookie().is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn console_actions_go_through_the_lifecycle_and_run_once() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let (id, done) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    let reference = reference_of(&id);
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    let mut c = ConsoleClient::new(&w.base);
    c.sign_in(MERCHANT_TOKEN).await;

    // The list finds the order by any of Amazon's ids, and not under another status.
    for id in [id.as_str(), charge.as_str()] {
        let p = c.get(&format!("/console/orders?amazonId={id}")).await;
        assert_eq!(p.status, 200);
        assert!(
            p.body.contains(&format!("/console/orders/{reference}")),
            "{id}: {}",
            p.body
        );
    }
    let p = c.get("/console/orders?status=SALES").await;
    assert!(!p.body.contains(&reference));

    // An authorization cannot be refunded: the page shows why, and a crafted form is refused
    // by the service with the same code.
    let order = c.get(&format!("/console/orders/{reference}")).await;
    assert_eq!(order.status, 200, "{}", order.body);
    assert!(
        order.body.contains("LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{}",
        order.body
    );
    let csrf = order.csrf().unwrap();
    let crafted = c
        .post(
            &format!("/console/orders/{reference}/refund"),
            &[
                ("csrf", &csrf),
                ("key", &"1".repeat(32)),
                ("step", "submit"),
                ("amount", "100"),
            ],
        )
        .await;
    assert_eq!(crafted.status, 409, "{}", crafted.body);
    assert!(
        crafted.body.contains("LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{}",
        crafted.body
    );
    assert_eq!(detail(w, &reference).await["refunds"], json!([]));

    // A capture form sent twice (a double click) captures once.
    let key = "2".repeat(32);
    let form = [
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("step", "submit"),
        ("amount", "1000"),
    ];
    let first = c
        .post(&format!("/console/orders/{reference}/capture"), &form)
        .await;
    assert_eq!(
        (first.status, first.location()),
        (
            303,
            Some(format!("/console/orders/{reference}?done=capture").as_str())
        ),
        "{}",
        first.body
    );
    let again = c
        .post(&format!("/console/orders/{reference}/capture"), &form)
        .await;
    assert_eq!(
        again.location(),
        Some(format!("/console/orders/{reference}?done=duplicate").as_str())
    );
    let d = detail(w, &reference).await;
    assert_eq!(
        (d["status"].as_str(), d["captured"].as_str()),
        (Some("SALES"), Some("1000")),
        "{d}"
    );
    let captures = d["intents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["operation"] == "CAPTURE")
        .count();
    assert_eq!(captures, 1, "{d}");
    // A captured order cannot be cancelled, whatever the form says.
    let p = c
        .post(
            &format!("/console/orders/{reference}/cancel"),
            &[("csrf", &csrf), ("key", &"3".repeat(32)), ("step", "submit")],
        )
        .await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert!(p
        .body
        .contains("a captured charge is cancelled by refunding it in full"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_csv_holds_every_page_of_a_filter() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let mut references = Vec::new();
    for _ in 0..21 {
        let (id, _) = buy(w, &st.sb, json!([{"sku": "CUP-2", "quantity": 1}]), json!({})).await;
        references.push(reference_of(&id));
    }
    let mut c = ConsoleClient::new(&w.base);
    c.sign_in(MERCHANT_TOKEN).await;

    // The list shows 20 a page, newest first, and links the next page.
    let first = c.get("/console/orders?status=AUTH").await;
    assert_eq!(first.status, 200);
    assert!(first
        .body
        .contains(&format!("/console/orders/{}", references[20])));
    assert!(!first
        .body
        .contains(&format!("/console/orders/{}\"", references[0])));
    let at = first.body.find("cursor=").expect("a next page") + "cursor=".len();
    let cursor: String = first.body[at..].chars().take_while(|c| *c != '"').collect();
    let second = c
        .get(&format!("/console/orders?status=AUTH&cursor={cursor}"))
        .await;
    assert!(
        second
            .body
            .contains(&format!("/console/orders/{}\"", references[0])),
        "{}",
        second.body
    );

    // The CSV of the same filter has every row, once, in one download; with the BOM on request.
    let csv = c.get("/console/orders.csv?status=AUTH").await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(csv.body.starts_with("merchant_reference,"), "{}", &csv.body[..40]);
    for r in &references {
        assert_eq!(csv.body.matches(&format!("\r\n{r},")).count(), 1, "{r}");
    }
    assert_eq!(csv.body.lines().count(), 22);
    let bom = c.get("/console/orders.csv?status=AUTH&bom=1").await;
    assert!(bom.body.starts_with("\u{feff}merchant_reference,"));
    let none = c.get("/console/orders.csv?status=CANCEL").await;
    assert_eq!(none.body.lines().count(), 1, "{}", none.body);
}
