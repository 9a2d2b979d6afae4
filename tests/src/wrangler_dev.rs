//! The edge signer under a real `wrangler dev`: the already built Worker
//! (`edge-signer/build/`, never rebuilt: the generated configuration has no `[build]` and
//! `--no-bundle` serves the files as they are) with text bindings and `[[ratelimits]]`, local
//! only (`--local`, no Cloudflare account, no `cf.json` fetch, no metrics). Started on free ports
//! of 127.0.0.1 and stopped with SIGTERM on drop.

use std::fmt::Write as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::edge::{edge_build_dir, free_port};
use crate::{node, repo_root};

/// One `[[ratelimits]]` block: binding name, namespace id, requests per period (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// The binding name (`RATE_LIMIT_CLIENT`, `RATE_LIMIT_SESSION`).
    pub name: &'static str,
    /// `namespace_id`.
    pub namespace_id: u32,
    /// `simple.limit`.
    pub limit: u32,
    /// `simple.period`: 10 or 60 seconds.
    pub period: u32,
}

/// A running `wrangler dev`.
#[derive(Debug)]
pub struct WranglerDev {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    dir: tempfile::TempDir,
}

/// A TOML basic string (JSON's escapes are TOML's for this text).
fn toml_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The configuration: the built Worker as it is (`index_bg.wasm` beside it is attached by
/// wrangler's default module rules), `[vars]` and `[[ratelimits]]`.
fn config(bindings: &[(String, String)], limits: &[RateLimit]) -> String {
    let build = edge_build_dir();
    let mut text = format!(
        "name = \"amazon-pay-edge-signer-test\"\nmain = {}\ncompatibility_date = \"2025-11-01\"\nno_bundle = true\n\n[vars]\n",
        toml_str(&build.join("index.js").to_string_lossy())
    );
    for (name, value) in bindings {
        let _ = writeln!(text, "{name} = {}", toml_str(value));
    }
    for l in limits {
        let _ = write!(
            text,
            "\n[[ratelimits]]\nname = \"{}\"\nnamespace_id = \"{}\"\nsimple = {{ limit = {}, period = {} }}\n",
            l.name, l.namespace_id, l.limit, l.period
        );
    }
    text
}

impl WranglerDev {
    /// Starts `wrangler dev` on the built Worker with `bindings` as `[vars]` and `limits`, and
    /// waits (up to 60 s) until `/healthz` answers.
    pub async fn start(bindings: &[(String, String)], limits: &[RateLimit]) -> WranglerDev {
        let dir = tempfile::tempdir().expect("temp dir");
        let config_path = dir.path().join("wrangler.toml");
        std::fs::write(&config_path, config(bindings, limits)).expect("write wrangler.toml");
        let port = free_port();
        let inspector = free_port();
        let log = std::fs::File::create(dir.path().join("wrangler.log")).expect("log file");
        let wrangler = repo_root().join("node_modules/wrangler/bin/wrangler.js");
        assert!(
            wrangler.exists(),
            "wrangler is not installed: run `cargo xtask setup` first"
        );
        let child = Command::new(node())
            .arg(&wrangler)
            .args(["dev", "--config"])
            .arg(&config_path)
            .args(["--local", "--no-bundle", "--ip", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg("--inspector-port")
            .arg(inspector.to_string())
            .arg("--persist-to")
            .arg(dir.path().join("state"))
            .args(["--show-interactive-dev-session=false", "--log-level", "info"])
            .current_dir(dir.path())
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("WRANGLER_SEND_METRICS", "false")
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("CI", "true")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start wrangler dev");
        let mut w = WranglerDev {
            child,
            base: format!("http://127.0.0.1:{port}"),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = crate::edge::client();
        loop {
            if let Ok(Some(status)) = w.child.try_wait() {
                panic!("wrangler dev exited ({status}): {}", w.logs());
            }
            let probe = client
                .get(w.url("/healthz"))
                .timeout(Duration::from_secs(5))
                .send();
            if probe.await.is_ok_and(|r| r.status().as_u16() == 200) {
                return w;
            }
            assert!(
                Instant::now() < deadline,
                "wrangler dev did not answer within 60 s: {}",
                w.logs()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Everything wrangler printed so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("wrangler.log")).unwrap_or_default()
    }

    /// A URL of the signer.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for WranglerDev {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
