//! The demo shop's buttons that keep the buyer's payment method, used as a buyer uses them in
//! headless Chromium against the real parts (the edge signer in workerd, the sandbox's
//! checkout.js and hosted pages): the monthly sencha (定期便, a Recurring button) and
//! Amazon Payを登録 on the member page (PaymentMethodOnFile, setup only). Every step is
//! screenshot (`target/test-artifacts/shop-subscription-*.png`, `shop-save-payment-*.png`);
//! through the signer's merchant routes the tests check what Amazon recorded and that the
//! merchant can charge the kept payment method later.

use amazon_pay_tests::edge::call;
use amazon_pay_tests::shop::{declined_then_retried, require_widget_build, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json};
use reqwest::Method;
use serde_json::{json, Value};

const HANAKO: &str = "amzn1.account.SANDBOXBUYERJP0001";
const JANE: &str = "amzn1.account.SANDBOXBUYERUS0002";

/// Runs one flow of `tests/js/shop_flows.js`; fails on a driver error or an uncaught exception
/// in a page.
async fn journey(stack: &ShopStack, mut input: Value) -> Value {
    require_widget_build();
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    input["shop"] = json!(stack.shop.base);
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
