//! Shop pages as a security-minded merchant writes them: a strict Content Security Policy
//! (`script-src 'self' <signer> <checkout.js origin> 'wasm-unsafe-eval'`, no inline script, no
//! inline event handler) and the widget's script tag pinned with its SRI hash, which covers the
//! `.wasm` and the return pages' bundle too. In headless Chromium against the signer in workerd
//! and the sandbox: the button renders and the buyer pays through the review page with no CSP or
//! integrity refusal; and the button's errors read by kind (one that stays, one that may pass).
//! Screenshots: `target/test-artifacts/shop-strict-*.png`.

use amazon_pay_tests::shop::{require_widget_build, widget_script_dir, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha384};

const HANAKO: &str = "amzn1.account.SANDBOXBUYERJP0001";
const CART: &str = r#"[{"sku":"TEA-1","quantity":2},{"sku":"CUP-2","quantity":1}]"#;

/// The SRI hash of the built script-tag bundle.
fn integrity() -> String {
    let bundle = std::fs::read(widget_script_dir().join("amazon-pay-widget.js")).expect("the widget bundle");
    let digest = Sha384::digest(&bundle);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The strict policy: scripts from the page's origin (the widget), the signer and the sandbox
/// (checkout.js), WebAssembly compilation; nothing inline.
fn policy(signer: &str, sandbox: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' {signer} {sandbox} 'wasm-unsafe-eval'; \
         connect-src 'self' {signer} {sandbox}; img-src 'self' {sandbox}; style-src 'self' 'unsafe-inline'; \
         frame-src {sandbox}; form-action 'self' {sandbox}; base-uri 'none'"
    )
}

/// One page: the policy, the pinned widget tag (`async`, the placement the demo shop's pages do
/// not use, so that both run in the browser tier), the header's cart count the journeys read,
/// and `body`.
fn page(title: &str, policy: &str, signer: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy" content="{policy}">
<script src="/widget/amazon-pay-widget.js" integrity="{integrity}" crossorigin="anonymous" data-signer="{signer}" async></script>
</head><body><p>カート <span id="cart-count">0</span></p>
{body}
</body></html>
"#,
        integrity = integrity()
    )
}

/// The strict site in a fresh directory: the cart page (button), review, result, and a page of
/// buttons that fail.
fn strict_site(dir: &std::path::Path, signer: &str, sandbox: &str) {
    let policy = policy(signer, sandbox);
    let pages = [
        (
            "cart.html",
            format!(
                r#"<div id="amazon-pay-button" data-amazon-pay-button data-placement="Cart" data-product-type="PayAndShip" data-cart='{CART}' data-amount="3200" data-currency-code="JPY"></div>"#
            ),
        ),
        (
            "review.html",
            format!(
                r#"<div id="amazon-pay-review" data-amazon-pay-review data-cart='{CART}' data-cart-url="cart.html"></div>"#
            ),
        ),
        (
            "result.html",
            format!(
                r#"<div id="amazon-pay-result" data-amazon-pay-result data-cart='{CART}' data-cart-url="cart.html"></div>"#
            ),
        ),
        (
            "errors.html",
            format!(
                r#"<div id="unknown-sku" data-amazon-pay-button data-placement="Cart" data-cart='[{{"sku":"NOPE-1","quantity":1}}]'></div>
<div id="offline" data-amazon-pay-button data-placement="Cart" data-cart='{CART}'></div>"#
            ),
        ),
    ];
    for (name, body) in pages {
        std::fs::write(dir.join(name), page(name, &policy, signer, &body)).unwrap();
    }
}

async fn journey(stack: &ShopStack, flow: &str) -> Value {
    require_widget_build();
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "flow": flow, "name": format!("strict-{flow}"), "shop": stack.shop.base, "outDir": artifacts_dir(),
        "buyer": HANAKO, "instrument": "jp-visa",
    });
    let out = tokio::task::spawn_blocking(move || browser_json("shop_flows.js", &input))
        .await
        .unwrap();
    assert!(out.get("error").is_none(), "{out}");
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    out
}

/// Console lines of a refused script, connection, style or integrity check.
fn refusals(out: &Value) -> Vec<String> {
    out["console"]
        .as_array()
        .expect("console lines")
        .iter()
        .filter_map(Value::as_str)
        .filter(|l| l.contains("Content Security Policy") || l.contains("integrity") || l.contains("Refused"))
        .map(str::to_owned)
        .collect()
}

async fn strict_stack() -> (ShopStack, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let stack = ShopStack::start_site(dir.path().to_path_buf(), &[]).await;
    strict_site(dir.path(), &stack.signer.base, &stack.sandbox_base);
    (stack, dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn under_a_strict_csp_with_sri_the_button_renders_and_the_buyer_pays() {
    let (stack, _dir) = strict_stack().await;
    let out = journey(&stack, "strict-purchase").await;
    assert_eq!(refusals(&out), Vec::<String>::new(), "{out}");
    // The script tag starts checkout.js as soon as the /v1/config answer's headers name it
    // (under this CSP too); the wasm waits for that one instead of adding a second.
    assert_eq!(out["checkoutJsScripts"], 1, "{out}");
    assert_eq!(out["checkoutJsByScriptTag"], true, "{out}");
    assert_eq!(
        out["steps"],
        json!(["cart", "amazon-choose", "review", "amazon-pay", "result"]),
        "{out}"
    );
    assert!(
        out["review"]["buyer"]
            .as_str()
            .unwrap_or_default()
            .contains("山田 花子"),
        "{out}"
    );
    // Before placing the order the buyer saw what is charged: the signer's price of the cart.
    let review = &out["review"];
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
    let result = &out["result"];
    assert_eq!(result["outcome"], "completed", "{out}");
    // What Amazon recorded: the catalog's price of the cart (3,200 yen and 500 yen shipping).
    let binding = result["binding"].as_str().expect("binding");
    let done = stack
        .completion(result["sessionId"].as_str().expect("session"), binding)
        .await;
    assert_eq!(result["orderReference"], done["chargePermissionId"], "{done}");
    let charge = stack.charge(done["chargeId"].as_str().expect("charge")).await;
    assert_eq!(
        charge["chargeAmount"],
        json!({"amount": "3700", "currencyCode": "JPY"}),
        "{charge}"
    );
    assert_eq!(out["payAmount"], "3700 JPY", "{out}");
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_button_error_that_stays_reads_differently_from_one_that_may_pass() {
    let (stack, _dir) = strict_stack().await;
    let out = journey(&stack, "button-errors").await;
    assert_eq!(refusals(&out), Vec::<String>::new(), "{out}");
    for id in ["unknown-sku", "offline"] {
        let seen = &out["errors"][id];
        // Busy while the signer signed (aria-busy on the host, the button dimmed), then not.
        let busy = seen["busy"].as_array().expect("busy changes");
        assert_eq!(
            busy.first().map(|b| &b["ariaBusy"]),
            Some(&json!("true")),
            "{id}: {seen}"
        );
        assert_ne!(
            busy[0]["opacity"], "1",
            "{id}: the busy button looks busy: {seen}"
        );
        assert_eq!(
            busy.last().map(|b| &b["ariaBusy"]),
            Some(&Value::Null),
            "{id}: {seen}"
        );
        assert_eq!(seen["busyAfter"], Value::Null, "{id}: {seen}");
        assert_eq!(seen["opacityAfter"], "1", "{id}: {seen}");
        // The focus is on the line that says what happened, a polite live region.
        assert_eq!(seen["focused"], true, "{id}: {seen}");
        assert_eq!(seen["liveRegion"], "status polite", "{id}: {seen}");
        assert_eq!(seen["events"].as_array().map(Vec::len), Some(1), "{id}: {seen}");
    }

    // The shop's mistake: the buyer is told Amazon Pay is not available (not to try again), the
    // console names what the shop should fix.
    let sku = &out["errors"]["unknown-sku"];
    assert_eq!(
        sku["events"][0],
        json!({"code": "SIGNER_ERROR", "signerCode": "SKU_UNKNOWN", "retryable": false, "detailRetryable": false}),
        "{sku}"
    );
    assert_eq!(sku["retryableAttribute"], "false", "{sku}");
    let text = sku["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("ご利用いただけません") && !text.contains("もう一度"),
        "{sku}"
    );
    let console = sku["console"].to_string();
    assert!(
        console.contains("amazon-pay-widget:")
            && console.contains("NOPE-1")
            && console.contains("CATALOG_JSON"),
        "the console names the SKU and where to fix it: {sku}"
    );

    // The network: the buyer is asked to try again; nothing for the shop to fix.
    let offline = &out["errors"]["offline"];
    assert_eq!(
        offline["events"][0],
        json!({"code": "NETWORK_ERROR", "retryable": true, "detailRetryable": true}),
        "{offline}"
    );
    assert_eq!(offline["retryableAttribute"], "true", "{offline}");
    assert!(
        offline["text"]
            .as_str()
            .unwrap_or_default()
            .contains("もう一度お試しください"),
        "{offline}"
    );
    assert!(
        !offline["console"].to_string().contains("amazon-pay-widget:"),
        "{offline}"
    );
    stack.stop();
}
