//! The framework examples of `examples/` as a shop's developer uses them: the React example
//! built with Vite from the packed npm package, in headless Chromium against the signer in
//! workerd and the sandbox (StrictMode's double mount and navigation away and back leave one
//! button and no listener behind); and the package imported in Node, as server-side rendering
//! does, touching no browser global.

use amazon_pay_tests::npm_app::{copy_dir, install_widget, vite_build};
use amazon_pay_tests::shop::{require_widget_build, widget_npm_dir, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json, node_json, repo_root, require_node_modules};
use serde_json::json;

/// The signer URL the examples' pages name until the shop sets its own.
const EXAMPLE_SIGNER: &str = "http://127.0.0.1:8787";

#[test]
fn browser_examples_importing_the_package_in_node_touches_no_browser_global() {
    require_node_modules();
    require_widget_build();
    let out = node_json(
        "ssr_import.mjs",
        &json!({"entry": widget_npm_dir().join("index.js")}),
    );
    assert_eq!(out["touched"], json!([]), "{out}");
    let exports = out["exports"].as_array().unwrap();
    for name in ["AmazonPayError", "initWidget", "loadAmazonPay", "version"] {
        assert!(exports.contains(&json!(name)), "{name}: {out}");
    }
    // The widget's errors (Errors named AmazonPayError with a code) are instances; others not.
    assert_eq!(out["widgetErrorIsInstance"], true, "{out}");
    assert_eq!(out["plainErrorIsInstance"], false, "{out}");
    assert_eq!(
        out["constructed"],
        json!({"isInstance": true, "isError": true, "name": "AmazonPayError", "code": "SIGNER_ERROR",
               "message": "refused", "requestId": "r-1", "retryable": false, "status": 400})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn browser_examples_react_mounts_one_button_under_strict_mode_and_navigation() {
    require_node_modules();
    require_widget_build();
    let work = tempfile::tempdir().unwrap();
    let app = work.path().join("app");
    copy_dir(&repo_root().join("examples/react"), &app);
    install_widget(work.path(), &app, &["react", "react-dom"]);
    let dist = vite_build(&app);

    let stack = ShopStack::start_site(dist.clone(), &[]).await;
    // The page names the signer of this stack.
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    assert!(html.contains(EXAMPLE_SIGNER), "{html}");
    std::fs::write(&index, html.replace(EXAMPLE_SIGNER, &stack.signer.base)).unwrap();

    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({"url": stack.shop.url("/"), "outDir": artifacts_dir(), "visits": 3});
    let out = tokio::task::spawn_blocking(move || browser_json("react_example.js", &input))
        .await
        .unwrap();
    stack.stop();

    assert!(out.get("error").is_none(), "{out}");
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    assert_eq!(out["consoleErrors"], json!([]), "{out}");
    assert_eq!(out["alerts"], json!([]), "no widget error: {out}");
    let visits = out["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 3, "{out}");
    for (visit, away) in visits.iter().zip(out["away"].as_array().unwrap()) {
        // One button per visit of the cart (StrictMode mounted, unmounted and mounted again),
        // none once the cart is left.
        assert_eq!(visit["buttons"], 1, "{out}");
        assert_eq!(away["buttons"], 0, "{out}");
        // Every visit ends with the listeners of the first: nothing is left behind.
        assert_eq!(visit["listeners"], visits[0]["listeners"], "{out}");
        assert_eq!(away["listeners"], out["away"][0]["listeners"], "{out}");
    }
}
