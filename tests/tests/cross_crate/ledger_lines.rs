//! What was sold, through the ledger: the signer in workerd with a local D1 database, the
//! sandbox over HTTP. A catalog cart and a cart token with `items` record their priced lines
//! (read back exactly from the transaction route, counted by the list, summarised in the CSV);
//! a repeated place-order replaces the lines of an unpaid order, a paid order keeps them; a
//! client amount records none.

use amazon_pay_shared::cart::{PricedCart, PricedLine};
use amazon_pay_shared::cart_token::CartToken;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_tests::edge::{call, control, initiate_checkout, now, CART_SECRET, MERCHANT_TOKEN};
use amazon_pay_tests::ledger_edge::{detail, merchant, reference_of, stack, LedgerSigner, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

/// The button for `source` (`{"cart": …}`, `{"cartToken": …}` or `{"amount": …}`), the buyer's
/// approval, and a checkout session ready to place.
async fn approved(signer: &LedgerSigner, sb: &str, source: &Value) -> String {
    let mut body = json!({"productType": "PayAndShip", "placement": "Cart"});
    for (k, v) in source.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (s, button) = call(Method::POST, signer.url("/v1/button"), Some(body), false).await;
    assert_eq!(s, 200, "{button}");
    let id = initiate_checkout(sb, "PayAndShip", &button["createCheckoutSessionConfig"]).await;
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/approve"), json!({})).await;
    id
}

async fn place(signer: &LedgerSigner, id: &str, source: &Value) -> (u16, Value) {
    call(
        Method::POST,
        signer.url(&format!("/v1/checkout-sessions/{id}/place-order")),
        Some(source.clone()),
        false,
    )
    .await
}

async fn pay_and_complete(signer: &LedgerSigner, sb: &str, id: &str) {
    control(sb, &format!("/_sandbox/checkoutSessions/{id}/pay"), json!({})).await;
    let (s, done) = call(
        Method::POST,
        signer.url(&format!("/v1/checkout-sessions/{id}/complete")),
        Some(json!({})),
        false,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["outcome"], "Completed", "{done}");
}

async fn csv(signer: &LedgerSigner) -> String {
    let resp = amazon_pay_tests::edge::client()
        .get(signer.url("/v1/merchant/transactions.csv"))
        .header("authorization", format!("Bearer {MERCHANT_TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    resp.text().await.unwrap()
}

fn csv_row<'a>(csv: &'a str, reference: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(&format!("{reference},")))
        .unwrap_or_else(|| panic!("no row for {reference} in {csv}"))
}

async fn list_row(signer: &LedgerSigner, reference: &str) -> Value {
    let (s, page) = merchant(
        signer,
        Method::GET,
        &format!("/v1/merchant/transactions?reference={reference}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{page}");
    page["transactions"][0].clone()
}

fn jpy(amount: &str) -> Money {
    Money::parse(amount, Currency::Jpy).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn ledger_lines_record_what_was_sold() {
    let st = stack(StackOptions::with_bindings(&[("ALLOW_CLIENT_AMOUNTS", "true")])).await;
    let w = &st.signer;

    // A catalog cart of two SKUs, first placed with another cart: the second place-order
    // replaces the lines, it never adds to them.
    let cart = json!({"cart": [{"sku": "TEA-1", "quantity": 2}, {"sku": "CUP-2", "quantity": 3}]});
    let id = approved(w, &st.sb, &cart).await;
    let (s, v) = place(w, &id, &json!({"cart": [{"sku": "TEA-1", "quantity": 1}]})).await;
    assert_eq!(s, 200, "{v}");
    let reference = reference_of(&id);
    assert_eq!(detail(w, &reference).await["items"].as_array().unwrap().len(), 1);
    let (s, v) = place(w, &id, &cart).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["amount"]["amount"], "5300");
    pay_and_complete(w, &st.sb, &id).await;

    let d = detail(w, &reference).await;
    assert_eq!(
        d["items"],
        json!([
            {"sku": "CUP-2", "name": "Cup", "quantity": 3, "unitPrice": "800", "lineTotal": "2400"},
            {"sku": "TEA-1", "name": "Sencha", "quantity": 2, "unitPrice": "1200", "lineTotal": "2400"},
        ]),
        "{d}"
    );
    assert_eq!(
        (
            &d["subtotal"],
            &d["shipping"],
            &d["tax"],
            &d["total"],
            &d["amount"]
        ),
        (
            &json!("4800"),
            &json!("500"),
            &json!("0"),
            &json!("5300"),
            &json!("5300")
        )
    );
    assert_eq!(d["itemCount"], 2);
    assert_eq!(list_row(w, &reference).await["itemCount"], 2);

    // A paid order keeps its lines: placing it again with another cart is refused (its session
    // is no longer open) before anything is written.
    let (s, v) = place(w, &id, &json!({"cart": [{"sku": "TEA-1", "quantity": 9}]})).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (409, Some("INVALID_STATE")),
        "{v}"
    );
    assert_eq!(detail(w, &reference).await["items"], d["items"]);

    // A cart token with items: the merchant's lines, shipping and tax, exactly.
    let lines = PricedCart {
        lines: vec![PricedLine {
            sku: "GIFT-9".into(),
            name: "Gift box, \"large\"".into(),
            quantity: 2,
            unit_price: jpy("1400"),
            line_total: jpy("2800"),
        }],
        subtotal: jpy("2800"),
        shipping: jpy("500"),
        tax: jpy("280"),
        total: jpy("3580"),
    };
    let token = CartToken {
        amount: jpy("3580"),
        reference: "order-lines-token-1".into(),
        expires_at: now() + 600,
        checkout_session_id: None,
    }
    .encode_priced(Some(&lines), CART_SECRET.as_bytes());
    let source = json!({"cartToken": token});
    let token_id = approved(w, &st.sb, &source).await;
    let (s, v) = place(w, &token_id, &source).await;
    assert_eq!(s, 200, "{v}");
    pay_and_complete(w, &st.sb, &token_id).await;
    let t = detail(w, "order-lines-token-1").await;
    assert_eq!(
        t["items"],
        json!([{"sku": "GIFT-9", "name": "Gift box, \"large\"", "quantity": 2, "unitPrice": "1400", "lineTotal": "2800"}]),
        "{t}"
    );
    assert_eq!(
        (&t["subtotal"], &t["shipping"], &t["tax"], &t["total"]),
        (&json!("2800"), &json!("500"), &json!("280"), &json!("3580"))
    );

    // A client amount (sandbox development only) records no lines.
    let client = json!({"amount": {"amount": "1500", "currencyCode": "JPY"}});
    let client_id = approved(w, &st.sb, &client).await;
    let (s, v) = place(w, &client_id, &client).await;
    assert_eq!(s, 200, "{v}");
    let client_ref = reference_of(&client_id);
    let c = detail(w, &client_ref).await;
    assert_eq!(c["amount"], "1500");
    assert_eq!(c["items"], json!([]), "{c}");
    assert!(c["subtotal"].is_null() && c["shipping"].is_null() && c["tax"].is_null() && c["total"].is_null());
    assert_eq!(list_row(w, &client_ref).await["itemCount"], 0);

    // The CSV: one row per order, its lines summarised as SKU×quantity, shipping and tax.
    let text = csv(w).await;
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",created_at,updated_at,items,shipping,tax"),
        "{text}"
    );
    assert!(
        csv_row(&text, &reference).ends_with(",CUP-2×3;TEA-1×2,500,0"),
        "{text}"
    );
    assert!(
        csv_row(&text, "order-lines-token-1").ends_with(",GIFT-9×2,500,280"),
        "{text}"
    );
    assert!(csv_row(&text, &client_ref).ends_with("Z,,,"), "{text}");
}
