//! `cargo xtask setup`: idempotent installation of the pinned toolchain.

use std::path::Path;
use std::process::Command;

use crate::process::{output, run};
use crate::toolchain::{locked_wasm_bindgen_version, Toolchain, WORKER_BUILD_VERSION};

/// Installs what is missing and returns quickly when everything is present.
pub fn install(root: &Path) -> Result<(), String> {
    let tc = Toolchain::new(root);
    wasm_target(&tc)?;
    debian_packages(&tc)?;
    cargo_tool(&tc, "worker-build", "worker-build", WORKER_BUILD_VERSION, true)?;
    let wbg = locked_wasm_bindgen_version(root)?;
    // wasm-bindgen-cli's own lockfile pins crates this registry does not serve: no --locked.
    cargo_tool(&tc, "wasm-bindgen-cli", "wasm-bindgen", &wbg, false)?;
    npm_packages(&tc)?;
    println!("setup: toolchain ready");
    Ok(())
}

fn wasm_target(tc: &Toolchain) -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(
        tc,
        &tc.root,
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    )
}

fn debian_packages(tc: &Toolchain) -> Result<(), String> {
    let wanted = [
        // npm installs the pinned JavaScript tools (Node 22 among them) from package-lock.json;
        // any npm on PATH will do (see below).
        ("/usr/bin/npm", "npm"),
        ("/usr/bin/chromium", "chromium"),
        ("/usr/bin/chromedriver", "chromium-driver"),
        // Load generator of `cargo xtask bench`.
        ("/usr/bin/wrk", "wrk"),
        // The interop tests and the widget build's SRI hashes.
        ("/usr/bin/openssl", "openssl"),
        // Japanese glyphs for the demo shop's screenshots.
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "fonts-noto-cjk",
        ),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(path, _)| !Path::new(path).exists())
        .filter(|(_, pkg)| *pkg != "npm" || output(Command::new("npm").arg("--version")).is_none())
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    run(tc, &tc.root, "apt-get", &["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(&missing);
    let mut cmd = tc.command("apt-get");
    cmd.env("DEBIAN_FRONTEND", "noninteractive");
    println!("$ apt-get {}", args.join(" "));
    let status = cmd
        .args(&args)
        .status()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("apt-get install {} failed", missing.join(" ")))
    }
}

fn cargo_tool(tc: &Toolchain, krate: &str, binary: &str, version: &str, locked: bool) -> Result<(), String> {
    let bin = tc.cargo_bin.join(binary);
    let current = output(Command::new(&bin).arg("--version")).unwrap_or_default();
    // `worker-build --version` prints `0.8.7`; `wasm-bindgen --version` prints `wasm-bindgen 0.2.130`.
    if current.split_whitespace().last() == Some(version) {
        return Ok(());
    }
    let mut args = vec!["install", krate, "--version", version, "--force"];
    if locked {
        args.push("--locked");
    }
    run(tc, &tc.root, "cargo", &args)
}

fn npm_packages(tc: &Toolchain) -> Result<(), String> {
    let lock = tc.root.join("package-lock.json");
    let stamp = tc.root.join("node_modules/.xtask-package-lock.json");
    let wanted = std::fs::read(&lock).map_err(|e| format!("cannot read package-lock.json: {e}"))?;
    let installed = std::fs::read(&stamp).unwrap_or_default();
    if wanted == installed && tc.node_bin.join("node").exists() {
        return Ok(());
    }
    // `npm install` honours the committed lock; `npm ci` refuses it because the registry here
    // does not serve other platforms' optional packages.
    run(
        tc,
        &tc.root,
        "npm",
        &["install", "--no-audit", "--no-fund", "--loglevel=error"],
    )?;
    std::fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}
