//! The widget's npm package as a shop's developer uses it: `npm pack` of the built package,
//! installed from the tarball into a fresh project, imported in a page built with Vite, served
//! on 127.0.0.1 and opened in headless Chromium against the signer in workerd and the sandbox.

use std::path::Path;
use std::process::Command;

use amazon_pay_tests::shop::{require_widget_build, widget_npm_dir, ShopStack, DEFAULT_SIGNER};
use amazon_pay_tests::{artifacts_dir, browser_json, node, repo_root, require_node_modules};
use serde_json::json;

/// The page: one mount point, the widget imported by its package name, the signer named in a
/// meta tag (the shop server writes its stack's signer in place of `DEFAULT_SIGNER`).
const INDEX_HTML: &str = r##"<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Vite shop</title>
<meta name="amazon-pay-signer" content="http://127.0.0.1:8787"></head>
<body><h1>Vite shop</h1><div id="amazon-pay"></div>
<script type="module" src="./main.js"></script></body></html>
"##;

const MAIN_JS: &str = r##"import { loadAmazonPay } from "amazon-pay-widget";

async function start() {
  const signer = document.querySelector('meta[name="amazon-pay-signer"]').content;
  const amazonPay = await loadAmazonPay(signer);
  const button = amazonPay.mountButton("#amazon-pay", {
    placement: "Cart",
    productType: "PayAndShip",
    cart: { lines: [{ sku: "TEA-1", quantity: 2 }] },
  });
  button.on("error", ({ error }) => { document.body.dataset.widgetError = error.code; });
}
start().catch((error) => { document.body.dataset.widgetError = error.code || String(error); });
"##;

/// Runs `program args` in `dir` with Node 22 and `node_modules/.bin` first on PATH; panics
/// with the output on failure.
fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let bin = repo_root().join("node_modules/.bin");
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("npm_config_update_notifier", "false")
        .output()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{program} {args:?} failed in {}: {text}",
        dir.display()
    );
    text
}

/// Packs the npm package, installs the tarball into a fresh project and builds the page with
/// Vite; answers the `dist/` folder.
fn build_vite_page(work: &Path) -> std::path::PathBuf {
    let pack = work.join("pack");
    let app = work.join("app");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::create_dir_all(&app).unwrap();
    run(
        &widget_npm_dir(),
        "npm",
        &["pack", "--pack-destination", pack.to_str().unwrap()],
    );
    let tarballs: Vec<_> = std::fs::read_dir(&pack)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tgz"))
        .collect();
    assert_eq!(tarballs.len(), 1, "npm pack wrote one tarball: {tarballs:?}");
    let tarball = &tarballs[0];
    assert!(
        tarball
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("amazon-pay-widget-"),
        "{}",
        tarball.display()
    );

    std::fs::write(
        app.join("package.json"),
        r#"{"name": "vite-shop", "private": true, "type": "module"}"#,
    )
    .unwrap();
    // The tarball has no dependencies: nothing is fetched from a registry.
    run(
        &app,
        "npm",
        &[
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            tarball.to_str().unwrap(),
        ],
    );
    let installed = app.join("node_modules/amazon-pay-widget");
    for file in [
        "package.json",
        "index.js",
        "amazon-pay-widget.js",
        "amazon-pay-widget_bg.wasm",
    ] {
        assert!(installed.join(file).exists(), "the tarball lacks {file}");
    }

    assert!(
        INDEX_HTML.contains(DEFAULT_SIGNER),
        "the page names the signer the shop server rewrites"
    );
    std::fs::write(app.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(app.join("main.js"), MAIN_JS).unwrap();
    let vite = repo_root().join("node_modules/vite/bin/vite.js");
    assert!(
        vite.exists(),
        "vite is not installed: run `cargo xtask setup` first"
    );
    run(
        &app,
        node().to_str().unwrap(),
        &[vite.to_str().unwrap(), "build", "--logLevel", "warn"],
    );
    app.join("dist")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_npm_package_built_with_vite_renders_a_button_that_starts_the_checkout() {
    require_node_modules();
    require_widget_build();
    let work = tempfile::tempdir().unwrap();
    let dist = build_vite_page(work.path());
    let assets: Vec<String> = std::fs::read_dir(dist.join("assets"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        assets.iter().any(|a| a.ends_with(".wasm")),
        "Vite emitted the widget's .wasm as an asset: {assets:?}"
    );

    let stack = ShopStack::start_site(dist, &[]).await;
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "url": stack.shop.url("/"),
        "outDir": artifacts_dir(),
        "mount": "#amazon-pay",
    });
    let out = tokio::task::spawn_blocking(move || browser_json("vite_widget.js", &input))
        .await
        .unwrap();
    let sandbox_base = stack.sandbox_base.clone();
    stack.stop();

    assert!(out.get("error").is_none(), "{out}");
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    assert_eq!(out["steps"], json!(["button", "amazon-signin"]), "{out}");
    let wasm = out["wasm"].as_array().unwrap();
    assert!(
        wasm.iter().any(|w| w["status"] == 200
            && w["contentType"] == "application/wasm"
            && w["url"].as_str().unwrap().contains("/assets/")),
        "the page fetched the widget's .wasm from Vite's assets: {out}"
    );
    let hosted = out["hostedUrl"].as_str().unwrap();
    assert!(
        hosted.starts_with(&format!("{sandbox_base}/checkout/signin?")),
        "the click reached the sandbox's hosted sign-in page: {hosted}"
    );
    assert_eq!(out["merchant"], "Edge Tea", "{out}");
    assert!(out["buyers"].as_u64().unwrap() >= 1, "{out}");
}
