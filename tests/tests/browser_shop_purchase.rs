//! The demo shop (`www/`) bought through in headless Chromium against the real parts: the edge
//! signer in workerd, the sandbox's checkout.js and hosted pages, and the shop's own pages.

use amazon_pay_tests::shop::ShopStack;
use amazon_pay_tests::{artifacts_dir, browser_json};
use serde_json::{json, Value};

async fn purchase(buyer: &str, instrument: &str, name: &str) -> Value {
    let stack = ShopStack::start(&[]).await;
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "shop": stack.shop.base,
        "outDir": artifacts_dir(),
        "name": name,
        "buyer": buyer,
        "instrument": instrument,
    });
    let out = tokio::task::spawn_blocking(move || browser_json("shop_purchase.js", &input))
        .await
        .unwrap();
    stack.stop();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_buyer_pays_through_the_review_page() {
    let out = purchase("amzn1.account.SANDBOXBUYERJP0001", "jp-visa", "approved").await;
    assert!(out.get("error").is_none(), "{out}");
    assert_eq!(
        out["steps"],
        json!(["cart", "amazon-choose", "review", "amazon-pay", "result"])
    );
    let review = out["review"].as_str().unwrap();
    assert!(
        review.contains("山田 花子") && review.contains("東京都") && review.contains("Visa ****1111"),
        "{review}"
    );
    assert!(review.contains("¥3,200"), "{review}");
    let result = out["result"].as_str().unwrap();
    assert!(result.contains("ご注文ありがとうございます"), "{result}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declined_instrument_is_explained_with_a_way_back() {
    let out = purchase("amzn1.account.SANDBOXBUYERUS0002", "us-amex-soft", "declined").await;
    assert!(out.get("error").is_none(), "{out}");
    let result = out["result"].as_str().unwrap();
    assert!(result.contains("承認されませんでした"), "{result}");
    assert!(result.contains("カートに戻って"), "{result}");
}
