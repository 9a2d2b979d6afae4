//! The demo shop (`www/`) bought through in headless Chromium against the real parts: the edge
//! signer in workerd, the sandbox's checkout.js and hosted pages, and the shop's own pages.

use std::path::{Component, Path, PathBuf};

use amazon_pay_tests::edge::{default_bindings, set_binding, start_sandbox, Workerd};
use amazon_pay_tests::{artifacts_dir, browser_json, repo_root};
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// What the shop server knows: the `www/` folder and the signer's URL for `/stack.js`.
#[derive(Clone)]
struct Shop {
    root: PathBuf,
    signer: String,
}

async fn serve_file(State(shop): State<Shop>, uri: Uri) -> Response {
    if uri.path() == "/stack.js" {
        let body = format!("window.AMAZON_PAY_SIGNER = {:?};\n", shop.signer);
        return ([(header::CONTENT_TYPE, "text/javascript")], body).into_response();
    }
    let mut path = shop.root.clone();
    for c in Path::new(uri.path().trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => path.push(p),
            _ => return StatusCode::NOT_FOUND.into_response(),
        }
    }
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    match std::fs::read(&path) {
        Ok(bytes) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn purchase(buyer: &str, instrument: &str, name: &str) -> Value {
    let sandbox = start_sandbox().await;
    let sandbox_base = format!("http://{}", sandbox.http.unwrap());
    let shop_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let shop_base = format!("http://{}", shop_listener.local_addr().unwrap());

    let mut bindings = default_bindings(&sandbox_base);
    set_binding(
        &mut bindings,
        "CHECKOUT_JS_URL",
        Some(&format!("{sandbox_base}/checkout.js")),
    );
    set_binding(&mut bindings, "ALLOWED_ORIGINS", Some(&shop_base));
    for (name, page) in [
        ("CHECKOUT_REVIEW_RETURN_URL", "review.html"),
        ("CHECKOUT_RESULT_RETURN_URL", "result.html"),
        ("CHECKOUT_CANCEL_URL", "cart.html"),
        ("SIGNIN_RETURN_URL", "signin.html"),
    ] {
        set_binding(&mut bindings, name, Some(&format!("{shop_base}/{page}")));
    }
    let signer = tokio::task::spawn_blocking(move || Workerd::start(&bindings))
        .await
        .unwrap();

    let app = axum::Router::new().fallback(serve_file).with_state(Shop {
        root: repo_root().join("www"),
        signer: signer.base.clone(),
    });
    let server = tokio::spawn(async move { axum::serve(shop_listener, app).await });

    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "shop": shop_base,
        "outDir": artifacts_dir(),
        "name": name,
        "buyer": buyer,
        "instrument": instrument,
    });
    let out = tokio::task::spawn_blocking(move || browser_json("shop_purchase.js", &input))
        .await
        .unwrap();
    server.abort();
    drop(signer);
    sandbox.stop();
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
