//! Subscriptions in the merchant console over HTTP (the signer with its ledger in workerd, the
//! sandbox as Amazon): a recurring checkout's subscription is listed and filtered by status;
//! its page shows this month's charges against the monthly recurring cap as billing counts
//! them; pausing it through the console's form (session, CSRF token, confirmation step, one
//! idempotency key) changes the status the merchant API then reports, once; a form without
//! the CSRF token changes nothing; and an action its status forbids is shown disabled and
//! refused with the service's code.

use amazon_pay_tests::console::ConsoleClient;
use amazon_pay_tests::edge::MERCHANT_TOKEN;
use amazon_pay_tests::ledger_edge::{merchant, stack, StackOptions};
use reqwest::Method;

use crate::subscriptions::subscribe;

#[tokio::test(flavor = "multi_thread")]
async fn console_lists_a_subscription_and_pauses_it_through_its_confirmed_form() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let (id, permission) = subscribe(&st).await;
    let api = format!("/v1/merchant/subscriptions/{id}");
    let mut c = ConsoleClient::new(&w.base);
    c.sign_in(MERCHANT_TOKEN).await;

    // The list: linked, with its plan, amount, status and next charge date; the nav leads there.
    let orders = c.get("/console/orders").await;
    assert!(
        orders.body.contains("href=\"/console/subscriptions\""),
        "{}",
        orders.body
    );
    let (s, v) = merchant(w, Method::GET, &api, None).await;
    assert_eq!(s, 200, "{v}");
    let next_date = v["nextChargeDate"]
        .as_str()
        .expect("a next charge date")
        .to_owned();
    let list = c.get("/console/subscriptions").await;
    assert_eq!(list.status, 200, "{}", list.body);
    for needle in [
        format!("href=\"/console/subscriptions/{id}\""),
        "¥1,700".to_owned(),
        "<span class=\"badge status\">Active (active)</span>".to_owned(),
        next_date.clone(),
    ] {
        assert!(list.body.contains(&needle), "{needle}: {}", list.body);
    }
    let paused_only = c.get("/console/subscriptions?status=paused").await;
    assert_eq!(paused_only.status, 200, "{}", paused_only.body);
    assert!(!paused_only.body.contains(&id), "{}", paused_only.body);
    let bad = c.get("/console/subscriptions?status=sleeping").await;
    assert_eq!(bad.status, 400, "{}", bad.body);

    // The page: the first period's 1,700 counted against the 100,000 a month of the permission.
    let page = c.get(&format!("/console/subscriptions/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for needle in [
        "class=\"cap-charged\">¥1,700<",
        "class=\"cap-limit\">¥100,000<",
        "class=\"cap-remaining\">¥98,300<",
        permission.as_str(),
        "CHARGED",
        next_date.as_str(),
    ] {
        assert!(page.body.contains(needle), "{needle}: {}", page.body);
    }
    // An active subscription cannot be resumed: shown disabled with the service's code.
    assert!(page.body.contains("SUBSCRIPTION_INVALID_STATE"), "{}", page.body);
    assert!(
        page.body
            .contains("the subscription is active and cannot be resumed"),
        "{}",
        page.body
    );
    let csrf = page.csrf().expect("a CSRF token");
    let action = format!("/console/subscriptions/{id}/pause");

    // Without the CSRF token: refused, nothing changes.
    let key = "a".repeat(32);
    let p = c.post(&action, &[("key", &key), ("step", "submit")]).await;
    assert!(
        p.status == 403 && p.body.contains("CONSOLE_FORM_REFUSED"),
        "{} {}",
        p.status,
        p.body
    );
    let (_, v) = merchant(w, Method::GET, &api, None).await;
    assert_eq!(v["status"].as_str(), Some("active"), "{v}");

    // The confirmation step changes nothing; its form carries the same key to submit.
    let confirm = c
        .post(&action, &[("csrf", &csrf), ("key", &key), ("step", "confirm")])
        .await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert_eq!(confirm.field("key").as_deref(), Some(key.as_str()));
    assert!(
        confirm.body.contains("name=\"step\" value=\"submit\""),
        "{}",
        confirm.body
    );
    let (_, v) = merchant(w, Method::GET, &api, None).await;
    assert_eq!(v["status"].as_str(), Some("active"), "{v}");

    let form = [("csrf", csrf.as_str()), ("key", key.as_str()), ("step", "submit")];
    let done = c.post(&action, &form).await;
    assert_eq!(
        (done.status, done.location()),
        (
            303,
            Some(format!("/console/subscriptions/{id}?done=pause").as_str())
        ),
        "{}",
        done.body
    );
    let (_, v) = merchant(w, Method::GET, &api, None).await;
    assert_eq!(v["status"].as_str(), Some("paused"), "{v}");
    // Sent again (a double click): not done twice.
    let again = c.post(&action, &form).await;
    assert_eq!(
        again.location(),
        Some(format!("/console/subscriptions/{id}?done=duplicate").as_str())
    );

    // Now pausing is refused with the service's code, whatever the form says; the page says why.
    let page = c.get(&format!("/console/subscriptions/{id}?done=pause")).await;
    assert!(
        page.body
            .contains("<span class=\"badge status\">Paused (paused)</span>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("the subscription is paused and cannot be paused"),
        "{}",
        page.body
    );
    let paused_only = c.get("/console/subscriptions?status=paused").await;
    assert!(paused_only.body.contains(&id), "{}", paused_only.body);
}
