//! The demo shop's buttons that keep the buyer's payment method, used as a buyer uses them in
//! headless Chromium against the real parts (the edge signer in workerd, the sandbox's
//! checkout.js and hosted pages): the monthly sencha (定期便, a Recurring button) and
//! Amazon Payを登録 on the member page (PaymentMethodOnFile, setup only). Every step is
//! screenshot (`target/test-artifacts/shop-subscription-*.png`, `shop-save-payment-*.png`);
//! through the signer's merchant routes the tests check what Amazon recorded and that the
//! merchant can charge the kept payment method later. With the signer's ledger, the buyer
//! follows the 定期便 on the member page (マイページ) month by month, through a decline and a
//! new payment method (`member-*.png` at 390 and 1280 px).

use amazon_pay_tests::edge::{call, control};
use amazon_pay_tests::ledger_edge::{wait_for_delivery, StackOptions};
use amazon_pay_tests::shop::{declined_then_retried, require_widget_build, LedgerShopStack, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json};
use reqwest::Method;
use serde_json::{json, Value};

const HANAKO: &str = "amzn1.account.SANDBOXBUYERJP0001";
const JANE: &str = "amzn1.account.SANDBOXBUYERUS0002";

/// Runs one flow of `tests/js/shop_flows.js`; fails on a driver error or an uncaught exception
/// in a page.
async fn journey(stack: &ShopStack, input: Value) -> Value {
    journey_at(&stack.shop.base, input).await
}

/// [`journey`] in the shop at `shop`.
async fn journey_at(shop: &str, mut input: Value) -> Value {
    require_widget_build();
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    input["shop"] = json!(shop);
    input["outDir"] = json!(artifacts_dir());
    let out = tokio::task::spawn_blocking(move || browser_json("shop_flows.js", &input))
        .await
        .unwrap();
    assert!(out.get("error").is_none(), "{out}");
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    out
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn yen(amount: &str) -> Value {
    json!({"amount": amount, "currencyCode": "JPY"})
}

/// A merchant-initiated charge on a kept permission (`POST /v1/merchant/charges`), as the
/// merchant's backend makes it for the next delivery.
async fn charge_later(stack: &ShopStack, permission: &str, amount: &str, reference: &str) -> Value {
    let (status, charge) = call(
        Method::POST,
        stack.signer.url("/v1/merchant/charges"),
        Some(json!({"chargePermissionId": permission, "amount": yen(amount), "reference": reference})),
        true,
    )
    .await;
    assert!(status == 200 || status == 201, "{status} {charge}");
    charge
}

/// How many Create Charge calls Amazon received.
async fn charges_created(stack: &ShopStack) -> usize {
    stack
        .sandbox_requests()
        .await
        .iter()
        .filter(|r| r["method"] == "POST" && text(&r["path"]).ends_with("/charges"))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_buyer_starts_the_monthly_sencha_and_the_merchant_charges_the_next_month() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({"flow": "subscription", "name": "subscription", "buyer": HANAKO, "instrument": "jp-visa"}),
    )
    .await;
    assert_eq!(
        out["steps"],
        json!([
            "home",
            "subscription",
            "amazon-choose",
            "review",
            "amazon-pay",
            "result"
        ]),
        "{out}"
    );
    // The review page says what is being started, with Amazon's buyer and payment method.
    assert!(text(&out["titles"]["review"]).contains("定期便"), "{out}");
    assert!(text(&out["plan"]).contains("毎月"), "{out}");
    assert!(text(&out["review"]["payment"]).contains("Visa ****1111"), "{out}");
    // One sencha (1,200 yen) and 500 yen shipping: the first month's payment.
    assert_eq!(out["payAmount"], "1700 JPY", "{out}");
    let result = &out["result"];
    assert_eq!(result["outcome"], "completed", "{out}");
    assert!(text(&out["titles"]["result"]).contains("定期便"), "{out}");
    assert!(
        text(&out["planResult"]).contains("毎月"),
        "the buyer is told what happens next: {out}"
    );
    assert_eq!(
        result["cartCount"], out["cartBefore"],
        "the shop's cart is not the subscription: {out}"
    );

    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    let permission_id = text(&done["chargePermissionId"]).to_owned();
    assert_eq!(result["orderReference"], permission_id.as_str(), "{out}");
    let permission = stack
        .merchant_get(&format!("/v1/merchant/charge-permissions/{permission_id}"))
        .await;
    assert_eq!(permission["chargePermissionType"], "Recurring", "{permission}");
    assert_eq!(permission["statusDetails"]["state"], "Chargeable", "{permission}");
    let frequency = &permission["recurringMetadata"]["frequency"];
    assert_eq!(frequency["unit"], "Month", "{permission}");
    assert_eq!(frequency["value"], "1", "{permission}");
    // The first month: authorized for the amount the buyer saw at Amazon.
    let first = stack.charge(text(&done["chargeId"])).await;
    assert_eq!(first["chargeAmount"], yen("1700"), "{first}");
    assert_eq!(first["statusDetails"]["state"], "Authorized", "{first}");

    // The next delivery: the merchant charges the same permission, the buyer does nothing.
    let next = charge_later(&stack, &permission_id, "1700", "edge-tea-sencha-month-2").await;
    assert_eq!(next["chargePermissionId"], permission_id.as_str(), "{next}");
    assert_eq!(next["chargeAmount"], yen("1700"), "{next}");
    assert_eq!(next["statusDetails"]["state"], "Authorized", "{next}");
    assert_ne!(next["chargeId"], done["chargeId"], "a new charge: {next}");
    stack.stop();
}

/// A declined card on the 定期便: the result page explains and its fresh button is the same
/// monthly subscription (not a one-time purchase); another card starts it.
#[tokio::test(flavor = "multi_thread")]
async fn after_a_declined_card_the_buyer_starts_the_same_subscription_with_another() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({
            "flow": "subscription-decline-then-pay", "name": "subscription-decline", "buyer": JANE,
            "instrument": "us-amazon-3434", "retryInstrument": "us-visa",
        }),
    )
    .await;
    let (declined, result) = declined_then_retried(&out);
    let first = stack
        .completion(text(&declined["sessionId"]), text(&declined["binding"]))
        .await;
    assert_eq!(first["outcome"], "Declined", "{first}");
    assert!(text(&out["titles"]["review"]).contains("定期便"), "{out}");
    assert_eq!(result["outcome"], "completed", "{out}");
    assert!(text(&out["planResult"]).contains("毎月"), "{out}");
    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    let permission = stack
        .merchant_get(&format!(
            "/v1/merchant/charge-permissions/{}",
            text(&done["chargePermissionId"])
        ))
        .await;
    assert_eq!(permission["chargePermissionType"], "Recurring", "{permission}");
    let frequency = &permission["recurringMetadata"]["frequency"];
    assert_eq!(
        (frequency["unit"].as_str(), frequency["value"].as_str()),
        (Some("Month"), Some("1")),
        "{permission}"
    );
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_saves_amazon_pay_without_a_charge_and_is_charged_later() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({"flow": "save-payment-method", "name": "save-payment", "buyer": HANAKO, "instrument": "jp-visa"}),
    )
    .await;
    assert_eq!(
        out["steps"],
        json!(["member", "amazon-choose", "result"]),
        "{out}"
    );
    // Nothing is shipped and nothing is paid at Amazon: no address to choose, no payment page.
    assert_eq!(out["addressChoices"], 0, "{out}");
    assert_eq!(out["payPage"], 0, "{out}");
    let result = &out["result"];
    assert_eq!(result["outcome"], "completed", "{out}");
    let shown = text(&result["text"]);
    assert!(
        shown.contains("お支払い方法を登録しました") && shown.contains("請求はありません"),
        "{out}"
    );
    assert!(!shown.contains("ご注文ありがとうございます"), "{out}");
    assert!(
        text(&out["titles"]["result"]).contains("Amazon Payの登録"),
        "{out}"
    );
    assert!(text(&out["planResult"]).contains("次回のご注文"), "{out}");

    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    assert!(done.get("chargeId").is_none(), "nothing charged: {done}");
    assert_eq!(charges_created(&stack).await, 0, "no charge at Amazon");
    let permission_id = text(&done["chargePermissionId"]).to_owned();
    let permission = stack
        .merchant_get(&format!("/v1/merchant/charge-permissions/{permission_id}"))
        .await;
    assert_eq!(
        permission["chargePermissionType"], "PaymentMethodOnFile",
        "{permission}"
    );
    assert_eq!(permission["statusDetails"]["state"], "Chargeable", "{permission}");

    // A later order, charged by the merchant on the saved payment method.
    let charge = charge_later(&stack, &permission_id, "1200", "edge-tea-member-order-1").await;
    assert_eq!(charge["chargePermissionId"], permission_id.as_str(), "{charge}");
    assert_eq!(charge["chargeAmount"], yen("1200"), "{charge}");
    assert_eq!(charge["statusDetails"]["state"], "Authorized", "{charge}");
    assert_eq!(charges_created(&stack).await, 1);
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_takes_the_subscription_to_the_registered_address_with_the_additional_payment_button() {
    let stack = ShopStack::start(&[]).await;
    let member = json!({
        "name": "佐藤 一郎", "email": "ichiro.sato@example.jp", "postalCode": "150-0001",
        "stateOrRegion": "東京都", "city": "渋谷区", "addressLine1": "神宮前1-2-3",
        "addressLine2": "エッジビル5F", "phoneNumber": "0398765432",
    });
    let out = journey(
        &stack,
        json!({
            "flow": "subscription-address", "name": "subscription-address", "buyer": HANAKO,
            "instrument": "jp-visa", "member": member,
        }),
    )
    .await;
    assert_eq!(
        out["steps"],
        json!(["member-registered", "subscription", "amazon-choose", "result"]),
        "{out}"
    );
    assert!(text(&out["memberAddress"]).contains("神宮前1-2-3"), "{out}");
    // One step at Amazon: no review page and no payment page; Amazon shows the shop's address
    // and no address book to choose from.
    assert_eq!(out["payPage"], 0, "{out}");
    assert_eq!(out["addressChoices"], 0, "{out}");
    assert!(text(&out["shopAddress"]).contains("神宮前1-2-3"), "{out}");
    let result = &out["result"];
    assert_eq!(result["outcome"], "completed", "{out}");
    assert!(text(&out["planResult"]).contains("毎月"), "{out}");

    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    let permission_id = text(&done["chargePermissionId"]).to_owned();
    let permission = stack
        .merchant_get(&format!("/v1/merchant/charge-permissions/{permission_id}"))
        .await;
    assert_eq!(permission["chargePermissionType"], "Recurring", "{permission}");
    assert_eq!(permission["statusDetails"]["state"], "Chargeable", "{permission}");
    // Amazon ships to the address the shop sent, not one from the buyer's address book.
    let shipping = &permission["shippingAddress"];
    assert_eq!(shipping["name"], "佐藤 一郎", "{permission}");
    assert_eq!(shipping["addressLine1"], "神宮前1-2-3", "{permission}");
    assert_eq!(shipping["postalCode"], "150-0001", "{permission}");
    let first = stack.charge(text(&done["chargeId"])).await;
    assert_eq!(first["chargeAmount"], yen("1700"), "{first}");
    assert_eq!(first["statusDetails"]["state"], "Authorized", "{first}");

    let next = charge_later(&stack, &permission_id, "1700", "edge-tea-sencha-apb-month-2").await;
    assert_eq!(next["statusDetails"]["state"], "Authorized", "{next}");
    stack.stop();
}

/// The member page of the browser profile in `state`, at 390 and 1280 px (screenshots
/// `member-<name>-<width>.png`); answers what it showed at 390 px (the same at 1280 px, and no
/// page wider than the screen at either).
async fn member_page(shop: &str, name: &str, state: &std::path::Path) -> Value {
    let out = journey_at(
        shop,
        json!({"flow": "member", "name": name, "storageState": state, "saveState": state}),
    )
    .await;
    let (narrow, wide) = (&out["member"]["390"], &out["member"]["1280"]);
    for view in [narrow, wide] {
        assert_eq!(view["overflow"], false, "{name}: wider than the screen: {view}");
        assert_eq!(view["error"], false, "{name}: {view}");
    }
    let statuses = |v: &Value| -> Vec<Value> {
        v["subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| json!([s["status"], s["charges"]]))
            .collect()
    };
    assert_eq!(statuses(narrow), statuses(wide), "{name}");
    narrow.clone()
}

/// The one subscription a member page shows.
fn only(view: &Value) -> &Value {
    let list = view["subscriptions"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{view}");
    &list[0]
}

/// Each charge row's state column.
fn charge_states(card: &Value) -> Vec<&str> {
    card["charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[2].as_str().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subscriber_follows_the_monthly_sencha_on_the_member_page_through_a_decline() {
    let shop = LedgerShopStack::start(StackOptions {
        notifications: Some(amazon_pay_sandbox::notifications::SignatureVersion::V2),
        ..StackOptions::default()
    })
    .await;
    let (st, base) = (&shop.stack, shop.shop.base.clone());
    let w = &st.signer;
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;
    let profile = tempfile::tempdir().unwrap();
    let state = profile.path().join("state.json");

    // Before any 定期便: a friendly empty page.
    std::fs::write(&state, r#"{"cookies": [], "origins": []}"#).unwrap();
    let empty = member_page(&base, "empty", &state).await;
    assert_eq!(empty["empty"], true, "{empty}");
    assert!(empty["subscriptions"].as_array().unwrap().is_empty());

    // The 定期便 through the Amazon Pay button, Amazon's pages and the review page.
    let out = journey_at(
        &base,
        json!({"flow": "subscription", "name": "member-subscribe", "buyer": HANAKO,
               "instrument": "jp-visa", "storageState": state, "saveState": state}),
    )
    .await;
    assert_eq!(out["result"]["outcome"], "completed", "{out}");
    assert_eq!(out["memberLink"], 1, "the result links the member page: {out}");
    let first = member_page(&base, "subscribed", &state).await;
    let card = only(&first);
    assert_eq!(first["stored"].as_array().unwrap().len(), 1, "{first}");
    let id = text(&first["stored"][0]["id"]).to_owned();
    let pid = id.strip_prefix("sub-").unwrap().to_owned();
    assert_eq!(
        (card["status"].as_str(), card["label"].as_str()),
        (Some("active"), Some("お届け中")),
        "{card}"
    );
    assert_eq!(charge_states(card), ["お支払い済み"], "{card}");
    assert_eq!(card["charges"][0][1], "¥1,700", "{card}");
    assert!(text(&card["text"]).contains("毎月 ¥1,700"), "{card}");
    let d = crate::subscriptions::subscription(w, &id).await;
    let next = text(&d["nextChargeDate"]).to_owned();
    let (y, m, day) = (
        &next[0..4],
        next[5..7].trim_start_matches('0'),
        next[8..10].trim_start_matches('0'),
    );
    assert_eq!(card["nextCharge"], format!("{y}年{m}月{day}日"), "{card}");
    assert!(card["pastDue"].is_null() && card["updateUrl"].is_null());

    // A month later the scheduled handler charges the second month: the member page shows it.
    crate::subscriptions::clock_to(&st.sb, crate::subscriptions::unix(&d["nextChargeAt"])).await;
    w.run_scheduled().await;
    let second = member_page(&base, "second-charge", &state).await;
    let card = only(&second);
    assert_eq!(card["status"], "active", "{card}");
    assert_eq!(charge_states(card), ["お支払い済み", "お支払い済み"], "{card}");
    assert_ne!(
        card["nextCharge"], first["subscriptions"][0]["nextCharge"],
        "{card}"
    );

    // The next month Amazon declines the payment method (hard decline): past due, Amazon's page.
    let method = format!("/_sandbox/chargePermissions/{pid}/paymentMethod");
    control(&st.sb, &method, json!({"instrumentId": "us-discover-hard"})).await;
    let d = crate::subscriptions::subscription(w, &id).await;
    crate::subscriptions::clock_to(&st.sb, crate::subscriptions::unix(&d["nextChargeAt"])).await;
    w.run_scheduled().await;
    let declined = member_page(&base, "past-due", &state).await;
    let card = only(&declined);
    assert_eq!(
        (card["status"].as_str(), card["label"].as_str()),
        (Some("past_due"), Some("お支払い方法の確認が必要")),
        "{card}"
    );
    assert!(text(&card["pastDue"]).contains("お支払い方法を変更"), "{card}");
    // Amazon's page for this permission (`https://pay.amazon.com/jp/jr/your-account/ba/<id>`;
    // offline the sandbox's stand-in at the same path).
    assert_eq!(
        card["updateUrl"],
        format!("{}/jr/your-account/ba/{pid}", st.sb),
        "{card}"
    );
    assert_eq!(
        charge_states(card),
        ["お支払い済み", "お支払い済み", "お支払いできませんでした"],
        "{card}"
    );
    assert!(card["nextCharge"].is_null(), "{card}");

    // The buyer follows the link and chooses another payment method on Amazon's page (offline:
    // the sandbox's stand-in); Amazon's notification of the permission wakes the subscription,
    // the next run charges the month and the member page shows it active again.
    assert!(
        wait_for_delivery(&st.sb, "CHARGE_PERMISSION", "NonChargeable").await,
        "the sandbox notified the non-chargeable permission"
    );
    let changed = journey_at(
        &base,
        json!({"flow": "change-payment-method", "name": "change", "instrument": "jp-visa",
               "storageState": state}),
    )
    .await;
    let page = &changed["changePage"];
    assert_eq!(page["permission"], pid.as_str(), "{changed}");
    assert_eq!(
        (page["state"].as_str(), page["updatedState"].as_str()),
        (Some("NonChargeable"), Some("Chargeable")),
        "{changed}"
    );
    let now = amazon_pay_tests::edge::sandbox_now(&st.sb).await;
    let mut woken = false;
    for _ in 0..100 {
        let d = crate::subscriptions::subscription(w, &id).await;
        if d["retryAt"].as_str().is_some() && crate::subscriptions::unix(&d["retryAt"]) <= now {
            woken = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(woken, "the notification woke the subscription");
    w.run_scheduled().await;
    let again = member_page(&base, "active-again", &state).await;
    let card = only(&again);
    assert_eq!(
        (card["status"].as_str(), card["label"].as_str()),
        (Some("active"), Some("お届け中")),
        "{card}"
    );
    assert_eq!(
        charge_states(card),
        ["お支払い済み", "お支払い済み", "お支払い済み"],
        "{card}"
    );
    assert!(card["pastDue"].is_null() && card["updateUrl"].is_null(), "{card}");
    assert!(card["nextCharge"].is_string(), "{card}");
    let d = crate::subscriptions::subscription(w, &id).await;
    assert_eq!(
        (d["status"].as_str(), d["nextPeriod"].as_i64()),
        (Some("active"), Some(3)),
        "{d}"
    );
}
