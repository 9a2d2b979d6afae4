//! The pinned toolchain: versions, where each tool lives, and the environment builds need.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// worker-build, matching the `worker` crate's minor version.
pub const WORKER_BUILD_VERSION: &str = "0.8.7";

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The `wasm-bindgen` library version locked in Cargo.lock (wasm-bindgen-cli must equal it).
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Paths and environment of the installed tools.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// Workspace root.
    pub root: PathBuf,
    /// `~/.cargo/bin`.
    pub cargo_bin: PathBuf,
    /// `node_modules/.bin` (wrangler, wasm-opt, esbuild; Node 22 on Linux x64).
    pub node_bin: PathBuf,
}

impl Toolchain {
    /// The toolchain of a workspace.
    pub fn new(root: &Path) -> Toolchain {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
        Toolchain {
            root: root.to_path_buf(),
            cargo_bin: home.join("bin"),
            node_bin: root.join("node_modules").join(".bin"),
        }
    }

    /// Where cargo puts build artefacts: `$CARGO_TARGET_DIR` (relative to the workspace root
    /// when relative), else `target/` of the workspace.
    pub fn cargo_target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// The Node.js that runs wrangler: Node 22 from `node_modules` where npm installed it
    /// (Linux x64), else `node` on `PATH`.
    pub fn node(&self) -> PathBuf {
        let pinned = self.node_bin.join("node");
        if pinned.exists() {
            pinned
        } else {
            PathBuf::from("node")
        }
    }

    /// `PATH` with `node_modules/.bin` and `~/.cargo/bin` first.
    pub fn path_var(&self) -> OsString {
        let mut parts = vec![self.node_bin.clone(), self.cargo_bin.clone()];
        if let Some(path) = std::env::var_os("PATH") {
            parts.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(parts).unwrap_or_default()
    }

    /// A command with the project environment: PATH, the tool locations worker-build and
    /// wasm-pack would otherwise download, the chromedriver for wasm-bindgen-test, and no
    /// telemetry.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("PATH", self.path_var())
            .env("WASM_BINDGEN_BIN", self.cargo_bin.join("wasm-bindgen"))
            .env("WASM_OPT_BIN", self.node_bin.join("wasm-opt"))
            // esbuild's install replaces this launcher with the platform's native binary.
            .env("ESBUILD_BIN", self.node_bin.join("esbuild"))
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("AMZPAY_NODE", self.node());
        cmd
    }
}
