//! The widget and the whole purchase in headless Chromium: the widget's script-tag bundle size,
//! navigation → button on screen on the demo shop's cart page (`www/cart.html`, the widget's
//! script tag) against the same page with the button written by hand in plain JavaScript
//! (`www/reference/cart.html`) on the same stand-in checkout.js, how far each page moved while
//! its button loaded (Chromium's layout-shift score), and the offline purchase from the click on
//! the button to the result page. The button is timed on loopback and again with every answer
//! [`RTT_MS`] after its request (Chromium's network emulation).

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::{json, Value};

use super::report::{Results, RTT_MS};
use super::server::{signer_bindings, Sandbox, Workerd};
use super::{median, Profile};
use crate::toolchain::Toolchain;
use crate::widget_build;

/// The cart every page shows (same lines as the wrk body).
fn cart() -> Value {
    json!([{"sku": "TEA-1", "quantity": 2}, {"sku": "CUP-2", "quantity": 1}])
}

/// Runs a Node script with JSON on stdin; returns its JSON stdout.
fn node_json(tc: &Toolchain, script: &Path, input: &Value) -> Result<Value, String> {
    let mut child = tc
        .command(&tc.node_bin.join("node").to_string_lossy())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.to_string().as_bytes())
            .map_err(|e| format!("node stdin: {e}"))?;
    }
    let out = child.wait_with_output().map_err(|e| format!("node: {e}"))?;
    let answer: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "{}: {e}: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    if let Some(error) = answer.get("error") {
        return Err(format!("{}: {error}", script.display()));
    }
    Ok(answer)
}

/// The widget's script-tag bundle (`widget/build.sh` writes it): its `.js` and `.wasm`.
fn widget_bundle(root: &Path) -> Option<[PathBuf; 2]> {
    let dir = root.join("target/widget/script");
    let files = [
        dir.join("amazon-pay-widget.js"),
        dir.join("amazon-pay-widget.wasm"),
    ];
    files.iter().all(|f| f.is_file()).then_some(files)
}

/// Builds the bundle with `widget/build.sh` when the widget has one and its build is older than
/// its sources (after the browser tests of `cargo xtask test` it is not); a failed build leaves
/// the previous bundle (if any) to be measured, with a note.
fn build_widget(tc: &Toolchain, results: &mut Results) {
    let script = tc.root.join("widget/build.sh");
    if !script.is_file() {
        return;
    }
    if !widget_build::is_stale(&tc.root) {
        println!("widget: target/widget is up to date");
        return;
    }
    println!("$ bash widget/build.sh");
    match tc.command("bash").arg(&script).current_dir(&tc.root).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stderr);
            let last = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .to_owned();
            println!("  widget/build.sh failed ({}): {last}", o.status);
            results.note(format!(
                "widget: widget/build.sh failed ({last}); the bundle left in target/widget/script (if any) was measured"
            ));
        }
        Err(e) => results.note(format!("widget: cannot run widget/build.sh ({e})")),
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// `gzip -9` size of a file.
fn gzip_bytes(tc: &Toolchain, file: &Path) -> Result<f64, String> {
    let out = tc
        .command("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if out.status.success() {
        Ok(out.stdout.len() as f64)
    } else {
        Err(format!("gzip {} failed", file.display()))
    }
}

/// Records `widget_gzip_bytes`, `button_visible_ms`, `reference_button_visible_ms`,
/// `button_layout_shift`, `reference_layout_shift`, `purchase_ms` (the widget's figures are
/// `null` with a note while its bundle does not exist).
pub fn measure(tc: &Toolchain, build: &Path, profile: &Profile, results: &mut Results) -> Result<(), String> {
    let dir = tc.root.join("target/bench/browser");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;

    build_widget(tc, results);
    let bundle = widget_bundle(&tc.root);
    match &bundle {
        Some(files) => {
            let mut total = 0.0;
            for f in files {
                total += gzip_bytes(tc, f)?;
            }
            results.set("widget_gzip_bytes", Some(total));
            results.note(
                "widget_gzip_bytes: gzip -9 of target/widget/script/amazon-pay-widget.js + .wasm (budget 60 KB)"
                    .to_owned(),
            );
        }
        None => {
            results.set("widget_gzip_bytes", None);
            results.note(
                "widget_gzip_bytes: null, the widget's script-tag bundle (target/widget/script/) does not exist"
                    .to_owned(),
            );
        }
    }

    let sandbox = Sandbox::start(tc, &dir, profile.build)?;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("shop port: {e}"))?;
    let shop_base = format!(
        "http://{}",
        listener.local_addr().map_err(|e| format!("shop port: {e}"))?
    );
    let bindings = signer_bindings(&tc.root, &sandbox.base, &shop_base)?;
    let signer = Workerd::start(tc, build, &dir.join("workerd"), &bindings, None)?;
    let site = dir.join("site");
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&tc.root.join("www"), &site)?;
    let reference = format!("{shop_base}/reference/cart.html");
    let mut pages = vec![
        json!({"name": "reference", "url": reference}),
        json!({"name": "reference-rtt", "url": reference, "latencyMs": RTT_MS}),
    ];
    match &bundle {
        Some(_) => {
            // Both bundles: a return page of the purchase loads the one with the pages.
            copy_dir(&tc.root.join("target/widget/script"), &site.join("widget"))?;
            let widget = format!("{shop_base}/cart.html");
            pages.push(json!({"name": "widget", "url": widget}));
            pages.push(json!({"name": "widget-rtt", "url": widget, "latencyMs": RTT_MS}));
            results.note(
                "button_visible: the widget page is www/cart.html (the widget's script tag and a \
                 data-amazon-pay-button slot); the reference is www/reference/cart.html, the same page with the \
                 button written by hand in plain JavaScript"
                    .to_owned(),
            );
        }
        None => results.note("button_visible_ms: null, there is no widget script-tag bundle".to_owned()),
    }
    crate::static_files::serve(listener, site, &signer.base());

    let visible = node_json(
        tc,
        &tc.root.join("xtask/js/bench_browser.js"),
        &json!({
            "pages": pages,
            "runs": profile.browser_runs,
            "cart": cart(),
        }),
    )?;
    // Every run's figures and timeline (requests, document milestones, marks), to see where
    // the time went.
    let runs_path = dir.join("runs.json");
    std::fs::write(&runs_path, visible.to_string()).map_err(|e| format!("{}: {e}", runs_path.display()))?;
    let series = |page: &str, key: &str| -> Vec<f64> {
        visible["pages"][page][key]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    results.set(
        "reference_button_visible_ms",
        median(&series("reference", "visibleMs")),
    );
    results.set("button_visible_ms", median(&series("widget", "visibleMs")));
    results.set(
        "reference_button_visible_rtt_ms",
        median(&series("reference-rtt", "visibleMs")),
    );
    results.set(
        "button_visible_rtt_ms",
        median(&series("widget-rtt", "visibleMs")),
    );
    results.note(format!(
        "button_visible_rtt: the same two pages with every answer at least {RTT_MS} ms after its request \
         (Chromium's network emulation, Network.emulateNetworkConditions latency): a shop's buyers are never \
         0 ms away from the shop, the signer and checkout.js"
    ));
    results.set(
        "reference_button_rendered_ms",
        median(&series("reference", "renderedMs")),
    );
    // The largest of the runs, on loopback and with round trips alike: the goal is no movement
    // in any of them.
    let worst = |pages: [&str; 2]| {
        pages
            .iter()
            .flat_map(|page| series(page, "layoutShift"))
            .reduce(f64::max)
    };
    results.set("button_layout_shift", worst(["widget", "widget-rtt"]));
    results.set("reference_layout_shift", worst(["reference", "reference-rtt"]));
    results.note(
        "layout shift: the sum of Chromium's layout-shift entries without recent input (Cumulative Layout \
         Shift) from navigation until two frames after the button is on screen, the largest of the runs \
         (loopback and round trips); what moved is in runs.json (shifts)"
            .to_owned(),
    );
    results.note(format!(
        "browser: headless Chromium {}, {} fresh contexts per page after a warm-up, the pages taking turns; \
         button_visible = performance.mark('apay-visible') in the frame after checkout.js's button is in the DOM \
         (ms since navigation); every run's requests and milestones in target/bench/browser/runs.json",
        visible["chromium"].as_str().unwrap_or("?"),
        profile.browser_runs
    ));

    let mut purchases = Vec::new();
    for i in 0..profile.purchase_runs {
        let out = node_json(
            tc,
            &tc.root.join("tests/js/shop_purchase.js"),
            &json!({
                "shop": shop_base,
                "outDir": dir,
                "name": format!("bench-{i}"),
                "buyer": "amzn1.account.SANDBOXBUYERJP0001",
                "instrument": "jp-visa",
                "screenshots": false,
            }),
        )?;
        let done = out["result"]
            .as_str()
            .is_some_and(|r| r.contains("ご注文ありがとうございます"));
        match out["purchaseMs"].as_f64() {
            Some(ms) if done => purchases.push(ms),
            _ => return Err(format!("the purchase did not complete: {out}")),
        }
    }
    results.set("purchase_ms", median(&purchases));
    results.note(format!(
        "purchase: tests/js/shop_purchase.js without screenshots, click on the button → result page \
         (sandbox hosted pages clicked by playwright), median of {}",
        profile.purchase_runs
    ));
    drop(signer);
    drop(sandbox);
    Ok(())
}
