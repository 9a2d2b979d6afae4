//! The merchant console in headless Chromium against the real parts (the signer with its ledger
//! in workerd, the sandbox): two purchases made through the signer's API appear in the list;
//! the merchant signs in, captures part of one, refunds part of it twice and sees how many
//! partial refunds remain, changes the other's authorized amount within the cap and is refused
//! above it with the rule's reason; a forbidden action whose button is re-enabled by hand is
//! refused; a form of an ended session is stale; signing out makes the old cookie useless. The
//! pages are screenshotted at 1280 and 390 px (`target/test-artifacts/console-*.png`).

use amazon_pay_tests::edge::MERCHANT_TOKEN;
use amazon_pay_tests::ledger_edge::{buy, detail, reference_of, stack, StackOptions};
use amazon_pay_tests::{artifacts_dir, browser_json};
use serde_json::{json, Value};

fn text<'a>(o: &'a Value, key: &str) -> &'a str {
    o[key].as_str().unwrap_or_else(|| panic!("{key} missing in {o}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn browser_merchant_runs_orders_from_the_console() {
    let st = stack(StackOptions::with_bindings(&[("AMOUNT_CHANGE_ENABLED", "true")])).await;
    let w = &st.signer;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let (capture_id, _) = buy(w, &st.sb, cart.clone(), json!({})).await;
    let (change_id, _) = buy(w, &st.sb, cart, json!({})).await;
    let (capture_order, change_order) = (reference_of(&capture_id), reference_of(&change_id));

    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "base": w.base, "token": MERCHANT_TOKEN, "captureOrder": capture_order,
        "changeOrder": change_order, "outDir": artifacts_dir(),
    });
    let out = tokio::task::spawn_blocking(move || browser_json("console_flow.js", &input))
        .await
        .unwrap();
    assert!(out.get("error").is_none(), "{out}\n{}", w.logs());
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    let o = &out["observed"];

    // Signing in: the form first, keyboard-reachable with a visible focus; a wrong token refused.
    assert_eq!(text(o, "anonymousPath"), "/console/");
    assert_eq!(text(o, "firstFocus"), "skip");
    assert_ne!(text(o, "focusOutline"), "none");
    assert_eq!(o["tokenLabelled"], 1);
    assert!(
        text(o, "wrongToken").contains("not the merchant API token"),
        "{o}"
    );
    // Both purchases are listed, with their amount and status.
    assert_eq!(
        (
            o["listHasCaptureOrder"].as_u64(),
            o["listHasChangeOrder"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert!(text(o, "listText").contains("¥1,700"), "{o}");
    assert!(text(o, "listText").contains("Authorized (AUTH)"), "{o}");

    // Capture part, then refund part twice.
    assert_eq!(text(o, "beforeCapture"), "Authorized (AUTH)");
    assert!(
        text(o, "refundBeforeCapture").contains("LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{o}"
    );
    assert!(text(o, "captureConfirm").contains("¥1,000"), "{o}");
    assert_eq!(text(o, "afterCapture"), "Captured (SALES)");
    assert_eq!(text(o, "captured"), "¥1,000");
    assert_eq!(o["refundRows"], 2, "{o}");
    assert_eq!(text(o, "refunded"), "¥300", "{o}");
    assert!(text(o, "refundsLeft").contains("partial refunds left: 8"), "{o}");
    let d = detail(w, &capture_order).await;
    assert_eq!(
        (d["captured"].as_str(), d["refunded"].as_str()),
        (Some("1000"), Some("300")),
        "{d}"
    );

    // A cancel of a captured order: disabled with the rule's text, refused when forced.
    assert!(
        text(o, "cancelReason").contains("LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{o}"
    );
    assert!(
        text(o, "craftedCancel").contains("LIFECYCLE_OPERATION_NOT_ALLOWED"),
        "{o}"
    );
    assert_eq!(text(o, "afterCrafted"), "Captured (SALES)");

    // The amount change: within the cap, then refused above it with the reason.
    assert_eq!(text(o, "cap"), "¥70,000");
    assert_eq!(text(o, "changedAuthorized"), "¥1,500");
    assert!(
        text(o, "aboveCap").contains("LIFECYCLE_AMOUNT_CHANGE_ABOVE_CAP"),
        "{o}"
    );
    assert_eq!(text(o, "authorizedAfterRefusal"), "¥1,500");
    assert_eq!(detail(w, &change_order).await["amount"], "1500");

    // Signed out: the pages are closed, the old cookie and an old form's token useless.
    assert_eq!(text(o, "afterSignOutPath"), "/console/");
    assert_eq!(text(o, "oldCookiePath"), "/console/");
    assert_eq!(o["staleCsrf"]["status"], 403, "{o}");
    assert!(text(&o["staleCsrf"], "text").contains("CONSOLE_FORM_REFUSED"));

    // Japanese, and nothing wider than a 390 px phone.
    assert_eq!(text(o, "japaneseHeading"), "注文一覧");
    assert!(text(o, "japaneseList").contains("実売上 (SALES)"), "{o}");
    assert!(
        text(o, "japaneseRefundsLeft").contains("残り部分返金回数: 8"),
        "{o}"
    );
    assert!(o["narrowOverflow"].as_i64().unwrap() <= 0, "{o}");
    for name in [
        "orders-1280",
        "order-1280",
        "orders-390",
        "order-390",
        "settings-390",
    ] {
        assert!(
            artifacts_dir().join(format!("console-{name}.png")).exists(),
            "{name}"
        );
    }
}
