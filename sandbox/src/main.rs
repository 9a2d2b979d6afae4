//! `amazon-pay-sandbox`: run the local Amazon Pay sandbox.

use std::path::PathBuf;
use std::process::ExitCode;

use amazon_pay_sandbox::SandboxConfig;
use clap::{Args as _, Command, FromArgMatches as _, Parser};

/// A local Amazon Pay API sandbox that checks signatures like Amazon.
#[derive(Debug, Parser)]
#[command(name = "amazon-pay-sandbox", version, about)]
// The settings' flags are added from `SandboxConfig`; these are the binary's own.
struct Cli {
    /// Write the HTTPS certificate (PEM) here, for clients that should trust it.
    #[arg(long)]
    tls_cert_out: Option<PathBuf>,
    /// A JSON configuration file with the same settings; flags override it.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// The command line: the binary's flags and the settings; the settings over the file's.
fn read_command_line() -> Result<(Cli, SandboxConfig), String> {
    let settings = SandboxConfig::augment_args(Command::new("amazon-pay-sandbox"));
    let matches = Cli::augment_args(settings).get_matches();
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.to_string())?;
    let mut config = match &cli.config {
        Some(path) => SandboxConfig::read(path).map_err(|e| e.to_string())?,
        None => SandboxConfig::default(),
    };
    config.override_with(&matches).map_err(|e| e.to_string())?;
    config.validate().map_err(|e| e.to_string())?;
    Ok((cli, config))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (cli, config) = match read_command_line() {
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
    if let (Some(path), Some(pem)) = (&cli.tls_cert_out, &running.tls_cert_pem) {
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
