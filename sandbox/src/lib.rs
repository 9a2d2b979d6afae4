//! A local Amazon Pay sandbox: the API v2 with Amazon's signature checks and state machines,
//! a checkout.js stand-in with hosted buyer pages, and a control API for tests.
//!
//! [`start`] binds the listeners and serves in the background; the binary
//! `amazon-pay-sandbox` wraps it.
#![deny(missing_docs, missing_debug_implementations)]

pub mod api;
pub mod auth;
pub mod buyer;
pub mod buyers;
pub mod clock;
pub mod config;
pub mod control;
pub mod domain;
pub mod error;
pub mod faults;
pub mod gate;
pub mod idempotency;
pub mod notifications;
pub mod requests;
pub mod server;
pub mod simulate;
pub mod state;
pub mod store;

use std::net::SocketAddr;

pub use config::SandboxConfig;
pub use state::AppState;

/// A sandbox serving in the background.
#[derive(Debug)]
pub struct RunningSandbox {
    /// The HTTP address, when listening on one.
    pub http: Option<SocketAddr>,
    /// The HTTPS address, when listening on one.
    pub https: Option<SocketAddr>,
    /// The self-signed certificate of the HTTPS listener, PEM.
    pub tls_cert_pem: Option<String>,
    /// The shared state (for in-process inspection).
    pub state: AppState,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl RunningSandbox {
    /// Stops serving.
    pub fn stop(self) {
        for t in self.tasks {
            t.abort();
        }
    }

    /// Waits until a listener fails (they normally run forever).
    pub async fn wait(self) {
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// Validates the configuration, binds the listeners and starts serving.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, String> {
    config.validate().map_err(|e| e.to_string())?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut config = config;
    let mut http = None;
    let http_listener = match config.listen {
        Some(addr) => {
            let listener = server::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            let bound = listener.local_addr().map_err(|e| e.to_string())?;
            http = Some(bound);
            // Port 0 becomes the real port, so hosted-page URLs are right.
            config.listen = Some(bound);
            Some(listener)
        }
        None => None,
    };
    let state = AppState::new(config.clone())?;
    let app = server::app(state.clone());
    let mut tasks = Vec::new();
    let mut https = None;
    let mut tls_cert_pem = None;
    if let Some(listener) = http_listener {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            if let Err(e) = server::serve_http(listener, app).await {
                eprintln!("amazon-pay-sandbox: http listener stopped: {e}");
            }
        }));
    }
    if let Some(addr) = config.listen_tls {
        let cert = server::self_signed(&[])?;
        let listener = server::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        https = Some(listener.local_addr().map_err(|e| e.to_string())?);
        tls_cert_pem = Some(cert.cert_pem.clone());
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            if let Err(e) = server::serve_https(listener, app, &cert).await {
                eprintln!("amazon-pay-sandbox: https listener stopped: {e}");
            }
        }));
    }
    if let Some(url) = config.notification_url.clone() {
        let version = config.notification_signature_version;
        tasks.push(tokio::spawn(notifications::run(state.clone(), url, version)));
    }
    Ok(RunningSandbox {
        http,
        https,
        tls_cert_pem,
        state,
        tasks,
    })
}
