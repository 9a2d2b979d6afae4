//! `amazon-pay-sandbox`: run the local Amazon Pay sandbox.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use amazon_pay_sandbox::config::{load_key, parse_key_argument, ConfigFile};
use amazon_pay_sandbox::notifications::SignatureVersion;
use amazon_pay_sandbox::SandboxConfig;
use clap::Parser;

/// A local Amazon Pay API sandbox that checks signatures like Amazon.
#[derive(Debug, Parser)]
#[command(name = "amazon-pay-sandbox", version, about)]
struct Args {
    /// Serve plain HTTP here (e.g. 127.0.0.1:8790).
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Serve HTTPS here with a self-signed certificate generated at start.
    #[arg(long)]
    listen_tls: Option<SocketAddr>,
    /// A merchant public key: ID=FILE (PEM, SPKI or PKCS#1). Repeat for several.
    #[arg(long = "public-key", value_name = "ID=FILE")]
    public_keys: Vec<String>,
    /// The merchant id checkout.js must be given.
    #[arg(long)]
    merchant_id: Option<String>,
    /// The store id payloads must carry.
    #[arg(long)]
    store_id: Option<String>,
    /// Keep state in this file across restarts.
    #[arg(long)]
    state_file: Option<PathBuf>,
    /// Seconds before asynchronous transitions complete.
    #[arg(long)]
    async_delay_seconds: Option<i64>,
    /// Allowed x-amz-pay-date skew in seconds.
    #[arg(long)]
    clock_skew_seconds: Option<i64>,
    /// Base URL of the hosted buyer pages (default http:// + the --listen address).
    #[arg(long)]
    public_base_url: Option<String>,
    /// POST instant notifications (SNS envelopes) here.
    #[arg(long)]
    notification_url: Option<String>,
    /// SNS signature version of the notifications: 1 (SHA1withRSA) or 2 (SHA256withRSA, default).
    #[arg(long)]
    notification_signature_version: Option<String>,
    /// Write the HTTPS certificate (PEM) here, for clients that should trust it.
    #[arg(long)]
    tls_cert_out: Option<PathBuf>,
    /// A JSON configuration file with the same settings; flags override it.
    #[arg(long)]
    config: Option<PathBuf>,
}

fn build_config(args: &Args) -> Result<SandboxConfig, String> {
    let mut config = SandboxConfig::default();
    if let Some(path) = &args.config {
        let file = ConfigFile::read(path).map_err(|e| e.to_string())?;
        let base = path.parent().map(PathBuf::from).unwrap_or_default();
        config.listen = file.listen;
        config.listen_tls = file.listen_tls;
        for (id, key_file) in &file.public_keys {
            config
                .public_keys
                .push(load_key(id, &base.join(key_file)).map_err(|e| e.to_string())?);
        }
        if let Some(v) = file.merchant_id {
            config.merchant_id = v;
        }
        if let Some(v) = file.store_id {
            config.store_id = v;
        }
        config.state_file = file.state_file.map(|p| base.join(p));
        if let Some(v) = file.async_delay_seconds {
            config.async_delay_secs = v;
        }
        if let Some(v) = file.clock_skew_seconds {
            config.clock_skew_secs = v;
        }
        config.notification_url = file.notification_url;
        if let Some(v) = &file.notification_signature_version {
            config.notification_signature_version = SignatureVersion::parse(v)?;
        }
    }
    if args.listen.is_some() {
        config.listen = args.listen;
    }
    if args.listen_tls.is_some() {
        config.listen_tls = args.listen_tls;
    }
    for k in &args.public_keys {
        config
            .public_keys
            .push(parse_key_argument(k).map_err(|e| e.to_string())?);
    }
    if let Some(v) = &args.merchant_id {
        config.merchant_id = v.clone();
    }
    if let Some(v) = &args.store_id {
        config.store_id = v.clone();
    }
    if args.state_file.is_some() {
        config.state_file = args.state_file.clone();
    }
    if let Some(v) = args.async_delay_seconds {
        config.async_delay_secs = v;
    }
    if let Some(v) = args.clock_skew_seconds {
        config.clock_skew_secs = v;
    }
    if args.public_base_url.is_some() {
        config.public_base_url = args.public_base_url.clone();
    }
    if args.notification_url.is_some() {
        config.notification_url = args.notification_url.clone();
    }
    if let Some(v) = &args.notification_signature_version {
        config.notification_signature_version = SignatureVersion::parse(v)?;
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = match build_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("amazon-pay-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let running = match amazon_pay_sandbox::start(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("amazon-pay-sandbox: {e}");
            return ExitCode::from(1);
        }
    };
    if let (Some(path), Some(pem)) = (&args.tls_cert_out, &running.tls_cert_pem) {
        if let Err(e) = std::fs::write(path, pem) {
            eprintln!("amazon-pay-sandbox: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if let Some(a) = running.http {
        println!("amazon-pay-sandbox: http://{a}");
    }
    if let Some(a) = running.https {
        println!("amazon-pay-sandbox: https://{a}");
    }
    tokio::select! {
        () = running.wait() => ExitCode::from(1),
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
        () = terminate() => ExitCode::SUCCESS,
    }
}

#[cfg(unix)]
async fn terminate() {
    if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        s.recv().await;
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await
}
