//! The reference for the bound button route: a minimal Node HTTP server
//! (`xtask/js/bench_node_sdk_server.js`) that signs the same payload per request with the
//! official SDK's `generateButtonSignature`, pinned to the measured CPU like workerd and stopped
//! with SIGTERM by its own pid.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::edge_signing::EdgePayload;
use super::server::{free_port, get, pinned, terminate, DEMO_KEY_ID};
use super::MEASURED_CPU;
use crate::toolchain::Toolchain;

/// A running Node SDK server.
#[derive(Debug)]
pub struct NodeSdkServer {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl NodeSdkServer {
    /// Starts it on a free port with the demo key and the unbound `payload`, and waits (up to
    /// 30 s) until `/healthz` answers 200.
    pub fn start(tc: &Toolchain, payload: &EdgePayload) -> Result<NodeSdkServer, String> {
        let key = std::fs::read_to_string(tc.root.join("xtask/dev/demo-private.pem"))
            .map_err(|e| format!("demo key: {e}"))?;
        let port = free_port()?;
        let dir = tc.root.join("target/bench");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let config_path = dir.join("node-sdk-server.json");
        let config = serde_json::json!({
            "port": port,
            "privateKeyPem": key,
            "publicKeyId": DEMO_KEY_ID,
            "payload": payload.payload_json,
        });
        std::fs::write(&config_path, config.to_string())
            .map_err(|e| format!("{}: {e}", config_path.display()))?;
        let node = tc.node_bin.join("node");
        let child = pinned(tc, MEASURED_CPU, &node.to_string_lossy())
            .arg(tc.root.join("xtask/js/bench_node_sdk_server.js"))
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start node: {e}"))?;
        let mut server = NodeSdkServer {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("the Node SDK server exited ({status})"));
            }
            if get(&server.addr, "/healthz").is_ok_and(|(status, _)| status == 200) {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("the Node SDK server did not answer within 30 s".into())
    }

    /// The process id (for CPU time from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for NodeSdkServer {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}
