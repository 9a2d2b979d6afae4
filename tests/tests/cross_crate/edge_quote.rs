//! `POST /v1/quote` in workerd: what the review page shows before the buyer places the order is
//! what place-order charges, priced by the same rules (the catalog's prices, shipping and tax;
//! a cart token's own amount), refused with the same codes, and only for allowed origins.

use amazon_pay_shared::cart_token::CartToken;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_tests::edge::{
    call, call_as, default_bindings, now, start_sandbox, Caller, Workerd, CART_SECRET,
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn the_quote_is_what_the_order_will_charge_with_its_parts() {
    let sandbox = start_sandbox().await;
    let w = Workerd::start(&default_bindings(&format!("http://{}", sandbox.http.unwrap())));
    let post = |path: &str, body| call(reqwest::Method::POST, w.url(path), Some(body), false);

    // Two teas: 2,400 yen, 500 yen shipping (free from 5,000), tax included in the prices.
    let cart = json!([{"sku": "TEA-1", "quantity": 2}]);
    let (status, quote) = post("/v1/quote", json!({"cart": cart})).await;
    assert_eq!(status, 200, "{quote}");
    let yen = |amount: &str| json!({"amount": amount, "currencyCode": "JPY"});
    assert_eq!(
        quote,
        json!({"subtotal": yen("2400"), "shipping": yen("500"), "tax": yen("0"), "taxIncluded": true, "total": yen("2900")})
    );
    // The button prices the same cart the same way.
    let (status, button) = post(
        "/v1/button",
        json!({"productType": "PayAndShip", "placement": "Cart", "cart": cart}),
    )
    .await;
    assert_eq!(status, 200, "{button}");
    assert_eq!(button["estimatedOrderAmount"], quote["total"]);

    // Free shipping from 5,000 yen.
    let (_, big) = post("/v1/quote", json!({"cart": [{"sku": "TEA-1", "quantity": 5}]})).await;
    assert_eq!(big["shipping"], yen("0"), "{big}");
    assert_eq!(big["total"], yen("6000"), "{big}");

    // A cart token without items: its amount is the total, with no parts to show.
    let token = CartToken {
        amount: Money::parse("4321", Currency::Jpy).unwrap(),
        reference: "order-quote-1".into(),
        expires_at: now() + 600,
        checkout_session_id: None,
    }
    .encode(CART_SECRET.as_bytes());
    let (status, from_token) = post("/v1/quote", json!({"cartToken": token})).await;
    assert_eq!(status, 200, "{from_token}");
    assert_eq!(from_token, json!({"total": yen("4321")}));

    // Refused as place-order refuses it.
    let (status, unknown) = post("/v1/quote", json!({"cart": [{"sku": "NOPE-1", "quantity": 1}]})).await;
    assert_eq!(
        (status, &unknown["error"]["code"]),
        (400, &json!("SKU_UNKNOWN")),
        "{unknown}"
    );
    let (status, both) = post("/v1/quote", json!({"cart": cart, "cartToken": token})).await;
    assert_eq!(
        (status, &both["error"]["code"]),
        (400, &json!("CART_SOURCE_INVALID")),
        "{both}"
    );

    // Another site's page learns nothing.
    let (status, foreign) = call_as(
        Caller::Outsider {
            origin: Some("https://evil.example"),
            secret: None,
        },
        reqwest::Method::POST,
        w.url("/v1/quote"),
        Some(json!({"cart": cart})),
    )
    .await;
    assert_eq!(
        (status, &foreign["error"]["code"]),
        (403, &json!("ORIGIN_NOT_ALLOWED")),
        "{foreign}"
    );
    drop(w);
    sandbox.stop();
}
