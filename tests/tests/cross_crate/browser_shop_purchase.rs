//! The demo shop (`www/`, with the widget's script tag) used as a buyer uses it, in headless
//! Chromium against the real parts: the edge signer in workerd, the sandbox's checkout.js and
//! hosted pages. Each journey screenshots every step (`target/test-artifacts/shop-*.png`) and
//! checks what the buyer sees and, through the signer's merchant routes, what Amazon recorded.

use amazon_pay_tests::edge::control;
use amazon_pay_tests::shop::{declined_then_retried, require_widget_build, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json};
use serde_json::{json, Value};

const HANAKO: &str = "amzn1.account.SANDBOXBUYERJP0001";
const JANE: &str = "amzn1.account.SANDBOXBUYERUS0002";

/// Runs one flow of `tests/js/shop_flows.js` against the stack; fails on a driver error or an
/// uncaught exception in a page.
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

/// The charge of a completed checkout, checked against what the buyer saw: the order
/// reference on the result page is Amazon's charge permission, and the amount charged is the
/// amount shown on Amazon's payment page.
async fn charge_of(stack: &ShopStack, out: &Value, result: &Value) -> Value {
    assert_eq!(result["outcome"], "completed", "{out}");
    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    assert_eq!(
        result["orderReference"], done["chargePermissionId"],
        "{out} {done}"
    );
    let charge = stack.charge(text(&done["chargeId"])).await;
    let amount = &charge["chargeAmount"];
    assert_eq!(
        format!("{} {}", text(&amount["amount"]), text(&amount["currencyCode"])),
        text(&out["payAmount"]),
        "{charge}"
    );
    charge
}

#[tokio::test(flavor = "multi_thread")]
async fn a_buyer_pays_through_the_review_page_and_the_charge_is_authorized() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({
            "flow": "purchase", "name": "authorize", "buyer": HANAKO, "instrument": "jp-visa", "reload": true,
        }),
    )
    .await;
    assert_eq!(
        out["steps"],
        json!([
            "cart",
            "amazon-choose",
            "review",
            "amazon-pay",
            "result",
            "result-reloaded"
        ]),
        "{out}"
    );
    // One checkout.js on the cart page: the one the widget's script tag started from the
    // /v1/config answer's Link header.
    assert_eq!(out["checkoutJsScripts"], 1, "{out}");
    assert_eq!(out["checkoutJsByScriptTag"], true, "{out}");
    // The cart page preloads the widget's .wasm ahead of its tag, and downloads the script and
    // the .wasm once each: the widget's own request of the .wasm uses the preload.
    assert_eq!(out["widgetDownloads"], json!({"script": 1, "wasm": 1}), "{out}");
    // A purchase that goes through writes no error or warning to the console on any page (no
    // missing file, no refused script or request, no widget warning).
    assert_eq!(out["console"], json!([]), "{out}");
    let review = &out["review"];
    assert!(text(&review["buyer"]).contains("山田 花子"), "{review}");
    assert!(
        text(&review["email"]).contains("hanako.yamada@example.jp"),
        "{review}"
    );
    let address = text(&review["address"]);
    assert!(
        address.contains("東京都") && address.contains("千代田1-1"),
        "{review}"
    );
    assert!(text(&review["payment"]).contains("Visa ****1111"), "{review}");
    // Two teas and a cup (3,200 yen) with 500 yen shipping, tax included: shown on the review
    // page before the order is placed, and what Amazon's payment page asks for.
    assert_eq!(
        [
            &review["subtotal"],
            &review["shipping"],
            &review["tax"],
            &review["total"]
        ],
        [
            &json!("¥3,200"),
            &json!("¥500"),
            &json!("商品価格に含む"),
            &json!("¥3,700")
        ],
        "{review}"
    );
    assert_eq!(out["payAmount"], "3700 JPY", "{out}");
    let result = &out["result"];
    assert!(
        text(&result["text"]).contains("ご注文ありがとうございます"),
        "{result}"
    );
    assert_eq!(
        result["cartCount"], 0,
        "the shop empties the cart of a placed order: {result}"
    );
    // A reload shows the same order and does not complete the checkout again.
    let reloaded = &out["reloaded"];
    assert_eq!(reloaded["outcome"], "completed", "{out}");
    assert_eq!(reloaded["orderReference"], result["orderReference"], "{out}");
    let complete_path = format!("/checkoutSessions/{}/complete", text(&result["sessionId"]));
    let completes = stack
        .sandbox_requests()
        .await
        .iter()
        .filter(|r| r["method"] == "POST" && text(&r["path"]).ends_with(&complete_path))
        .count();
    assert_eq!(completes, 1, "one Complete Checkout Session call");
    let charge = charge_of(&stack, &out, result).await;
    assert_eq!(charge["statusDetails"]["state"], "Authorized", "{charge}");
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn with_immediate_capture_the_buyer_is_charged_at_once() {
    let stack = ShopStack::start(&[("PAYMENT_INTENT", Some("AuthorizeWithCapture"))]).await;
    let out = journey(
        &stack,
        json!({"flow": "purchase", "name": "capture", "buyer": HANAKO, "instrument": "jp-visa"}),
    )
    .await;
    let charge = charge_of(&stack, &out, &out["result"]).await;
    assert_eq!(charge["statusDetails"]["state"], "Captured", "{charge}");
    assert_eq!(charge["captureAmount"], charge["chargeAmount"], "{charge}");
    stack.stop();
}

/// With `CAN_HANDLE_PENDING_AUTHORIZATION` Amazon may decide a payment later: the buyer is told
/// the order is in and the payment is being confirmed, sees the order reference, and the cart is
/// emptied; the charge the shop sees is Amazon's (authorized once Amazon decides). The buyer
/// pays with Amazon's simulated card ending 0701 (pending, authorized 30 seconds later); the
/// sandbox clock is frozen so the journey's own seconds do not settle it early.
#[tokio::test(flavor = "multi_thread")]
async fn a_pending_authorization_tells_the_buyer_the_order_is_in() {
    let stack =
        ShopStack::start_with_async_delay(&[("CAN_HANDLE_PENDING_AUTHORIZATION", Some("true"))], 600).await;
    control(&stack.sandbox_base, "/_sandbox/clock", json!({"freeze": true})).await;
    let out = journey(
        &stack,
        json!({"flow": "purchase", "name": "pending", "buyer": HANAKO, "instrument": "jp-amazon-0701"}),
    )
    .await;
    let result = &out["result"];
    assert_eq!(result["outcome"], "pending", "{out}");
    assert!(
        text(&result["text"]).contains("お支払いの承認を確認しています"),
        "{result}"
    );
    assert_eq!(result["cartCount"], 0, "the order stands: {result}");
    let complete_path = format!("/checkoutSessions/{}/complete", text(&result["sessionId"]));
    let completes: Vec<Value> = stack
        .sandbox_requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST" && text(&r["path"]).ends_with(&complete_path))
        .collect();
    assert_eq!(completes.len(), 1, "{completes:?}");
    assert_eq!(
        completes[0]["status"], 202,
        "Amazon accepted it pending: {completes:?}"
    );
    // The shop's record: the permission the buyer was shown, its charge pending at Amazon
    // until Amazon decides (the sandbox after its delay).
    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Pending", "{done}");
    assert_eq!(result["orderReference"], done["chargePermissionId"], "{done}");
    let charge_id = text(&done["chargeId"]);
    let charge = stack.charge(charge_id).await;
    assert_eq!(
        charge["statusDetails"]["state"], "AuthorizationInitiated",
        "{charge}"
    );
    control(
        &stack.sandbox_base,
        "/_sandbox/clock",
        json!({"advanceSeconds": 29}),
    )
    .await;
    let charge = stack.charge(charge_id).await;
    assert_eq!(
        charge["statusDetails"]["state"], "AuthorizationInitiated",
        "{charge}"
    );
    control(
        &stack.sandbox_base,
        "/_sandbox/clock",
        json!({"advanceSeconds": 1}),
    )
    .await;
    let charge = stack.charge(charge_id).await;
    assert_eq!(charge["statusDetails"]["state"], "Authorized", "{charge}");
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_buyer_changes_the_address_from_the_review_page() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({
            "flow": "change-address", "name": "change-address", "buyer": HANAKO, "instrument": "jp-visa",
            "address": "jp-home", "newAddress": "jp-office",
        }),
    )
    .await;
    assert!(text(&out["reviewBefore"]["address"]).contains("東京都"), "{out}");
    assert_eq!(out["changeTitle"], "Change your shipping address", "{out}");
    let after = text(&out["review"]["address"]);
    assert!(after.contains("大阪府") && after.contains("梅田3-1-3"), "{out}");
    assert!(!after.contains("東京都"), "{out}");
    // Amazon ships to the new address: the charge permission the merchant fulfils from.
    let charge = charge_of(&stack, &out, &out["result"]).await;
    let permission = stack
        .merchant_get(&format!(
            "/v1/merchant/charge-permissions/{}",
            text(&charge["chargePermissionId"])
        ))
        .await;
    let shipping = &permission["shippingAddress"];
    assert_eq!(shipping["stateOrRegion"], "大阪府", "{permission}");
    assert_eq!(shipping["addressLine1"], "梅田3-1-3", "{permission}");
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_decline_the_buyer_pays_with_another_instrument() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({
            "flow": "decline-then-pay", "name": "decline-then-pay", "buyer": JANE,
            "instrument": "us-amazon-3434", "retryInstrument": "us-visa",
        }),
    )
    .await;
    let (declined, retried) = declined_then_retried(&out);
    assert_eq!(
        declined["cartCount"], 3,
        "the cart stays after a decline: {declined}"
    );
    let first = stack
        .completion(text(&declined["sessionId"]), text(&declined["binding"]))
        .await;
    assert_eq!(first["outcome"], "Declined", "{first}");
    assert!(first.get("chargeId").is_none(), "{first}");

    assert!(text(&out["review"]["payment"]).contains("Visa ****1111"), "{out}");
    assert_eq!(retried["cartCount"], 0, "{out}");
    let charge = charge_of(&stack, &out, retried).await;
    assert_eq!(charge["statusDetails"]["state"], "Authorized", "{charge}");
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_buyer_who_cancels_at_amazon_is_back_at_the_cart_with_an_explanation() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({"flow": "cancel", "name": "cancel", "buyer": HANAKO, "instrument": "jp-visa"}),
    )
    .await;
    let cancel = &out["cancel"];
    assert!(text(&cancel["url"]).contains("/cart.html"), "{out}");
    assert!(text(&cancel["text"]).contains("キャンセル"), "{out}");
    assert_eq!(cancel["button"], 1, "the buyer can start again: {out}");
    assert_eq!(cancel["cartCount"], 3, "the cart is as it was: {out}");
    let session = stack
        .checkout_session(text(&out["sessionIds"][0]), text(&out["binding"]))
        .await;
    assert_eq!(session["state"], "Canceled", "{session}");
    assert_eq!(session["reasonCode"], "BuyerCanceled", "{session}");
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_amazon_fills_the_registration_form() {
    let stack = ShopStack::start(&[]).await;
    let out = journey(
        &stack,
        json!({"flow": "signin", "name": "signin", "buyer": HANAKO}),
    )
    .await;
    let signin = &out["signin"];
    assert_eq!(signin["outcome"], "filled", "{out}");
    assert!(text(&signin["url"]).contains("buyerToken="), "{out}");
    let fields = &signin["fields"];
    for (field, value) in [
        ("name", "山田 花子"),
        ("email", "hanako.yamada@example.jp"),
        ("postalCode", "100-0001"),
        ("prefecture", "東京都"),
        ("city", "千代田区"),
        ("addressLine1", "千代田1-1"),
        ("addressLine2", "パレスビル3F"),
        ("phone", "0312345678"),
    ] {
        assert_eq!(fields[field], value, "{field}: {out}");
    }
    stack.stop();
}

/// A registered member pays the cart with the Additional Payment Button for one order
/// (`OneTime`): the shop sends the address it has, the buyer only chooses how to pay at Amazon,
/// in one step, and Amazon ships to the shop's address; nothing is kept for later charges.
#[tokio::test(flavor = "multi_thread")]
async fn a_member_pays_the_cart_to_the_registered_address_in_one_step() {
    let stack = ShopStack::start(&[]).await;
    let member = json!({
        "name": "鈴木 花子", "email": "hanako.suzuki@example.jp", "postalCode": "530-0001",
        "stateOrRegion": "大阪府", "city": "大阪市北区", "addressLine1": "梅田1-1-1",
        "addressLine2": "エッジタワー12F", "phoneNumber": "0661234567",
    });
    let out = journey(
        &stack,
        json!({
            "flow": "cart-address", "name": "cart-address", "buyer": HANAKO, "instrument": "jp-visa",
            "member": member,
        }),
    )
    .await;
    assert_eq!(
        out["steps"],
        json!([
            "member-registered",
            "cart",
            "cart-member",
            "amazon-choose",
            "result"
        ]),
        "{out}"
    );
    assert!(
        text(&out["memberAddress"]).contains("大阪府大阪市北区梅田1-1-1"),
        "{out}"
    );
    // One step at Amazon, and no address book to choose from: Amazon shows the shop's address.
    assert_eq!(
        (&out["payPage"], &out["addressChoices"]),
        (&json!(0), &json!(0)),
        "{out}"
    );
    assert!(text(&out["shopAddress"]).contains("梅田1-1-1"), "{out}");
    let result = &out["result"];
    assert_eq!(result["outcome"], "completed", "{out}");

    let done = stack
        .completion(text(&result["sessionId"]), text(&result["binding"]))
        .await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    assert_eq!(
        result["orderReference"], done["chargePermissionId"],
        "{out} {done}"
    );
    let permission = stack
        .merchant_get(&format!(
            "/v1/merchant/charge-permissions/{}",
            text(&done["chargePermissionId"])
        ))
        .await;
    assert_eq!(permission["chargePermissionType"], "OneTime", "{permission}");
    let shipping = &permission["shippingAddress"];
    assert_eq!(
        (
            &shipping["name"],
            &shipping["stateOrRegion"],
            &shipping["postalCode"]
        ),
        (&json!("鈴木 花子"), &json!("大阪府"), &json!("530-0001")),
        "{permission}"
    );
    // Two teas and a cup (3,200) with shipping (500), priced by the signer's catalog.
    let charge = stack.charge(text(&done["chargeId"])).await;
    assert_eq!(
        (
            &charge["chargeAmount"]["amount"],
            &charge["statusDetails"]["state"]
        ),
        (&json!("3700"), &json!("Authorized")),
        "{charge}"
    );
    stack.stop();
}
