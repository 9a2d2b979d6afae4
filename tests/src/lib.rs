//! Helpers for the cross-crate tests: where the repository, the test keys and Node are, and
//! how to run a Node script or OpenSSL with input.
#![deny(missing_docs)]

pub mod console;
pub mod edge;
pub mod ledger_edge;
pub mod npm_app;
pub mod shop;
pub mod wrangler_dev;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A file of the shared test keys (`shared/tests/data/keys/`).
pub fn key_path(name: &str) -> PathBuf {
    repo_root().join("shared/tests/data/keys").join(name)
}

/// The text of a shared test key.
pub fn key_text(name: &str) -> String {
    std::fs::read_to_string(key_path(name)).expect("test key")
}

/// The Node binary: `$AMZPAY_NODE` (set by `cargo xtask test`), else Node 22 from
/// `node_modules/.bin`, else `node` on PATH.
pub fn node() -> PathBuf {
    if let Some(p) = std::env::var_os("AMZPAY_NODE") {
        return PathBuf::from(p);
    }
    let local = repo_root().join("node_modules/.bin/node");
    if local.exists() {
        local
    } else {
        PathBuf::from("node")
    }
}

/// Fails with a clear message when the npm packages are not installed.
pub fn require_node_modules() {
    let sdk = repo_root().join("node_modules/@amazonpay/amazon-pay-api-sdk-nodejs/package.json");
    assert!(
        sdk.exists(),
        "the official Amazon Pay Node SDK is not installed: run `cargo xtask setup` first"
    );
}

/// Runs `program args` with `stdin` and returns stdout; panics with stderr on failure.
pub fn run_with_stdin(program: &std::path::Path, args: &[&str], stdin: &[u8]) -> String {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{} {:?} failed: {}",
        program.display(),
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Runs a script of `tests/js/` with Node, JSON in and JSON out.
pub fn node_json(script: &str, input: &serde_json::Value) -> serde_json::Value {
    require_node_modules();
    let path = repo_root().join("tests/js").join(script);
    let out = run_with_stdin(
        &node(),
        &[path.to_str().expect("utf-8 path")],
        input.to_string().as_bytes(),
    );
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{script} printed non-JSON ({e}): {out}"))
}

/// Where browser tests put screenshots: `target/test-artifacts/`.
pub fn artifacts_dir() -> PathBuf {
    repo_root().join("target/test-artifacts")
}

/// The Chromium the browser tests drive: `$CHROMIUM`, else `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Fails with a clear message when playwright-core or Chromium is missing.
pub fn require_browser() {
    let playwright = repo_root().join("node_modules/playwright-core/package.json");
    assert!(
        playwright.exists(),
        "playwright-core is not installed: run `cargo xtask setup` first"
    );
    assert!(
        chromium().exists(),
        "Chromium not found at {} (set CHROMIUM)",
        chromium().display()
    );
}

/// Runs a browser driver of `tests/js/` (playwright-core and headless Chromium), JSON in and
/// JSON out. The driver's output is returned even when it exits non-zero (it reports its own
/// errors in the JSON); only output that is not JSON panics.
pub fn browser_json(script: &str, input: &serde_json::Value) -> serde_json::Value {
    require_browser();
    let path = repo_root().join("tests/js").join(script);
    let mut child = Command::new(node())
        .arg(&path)
        .current_dir(repo_root())
        .env("CHROMIUM", chromium())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{script} printed non-JSON ({e}; exit {:?}): {stdout}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
