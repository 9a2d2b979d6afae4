//! Operations per second of the code `amzpay sign-payload` and `amzpay verify-payload` run
//! (`amazon_pay_shared::signing::{sign_payload, verify_payload}` with the `rsa` crate), for
//! `cargo xtask bench`. Build it like amzpay: `cargo run --release -p amzpay --example sign_ops`.
//!
//! Usage: `sign_ops PRIVATE_KEY_PEM PAYLOAD_FILE SECONDS` (each operation runs for SECONDS).
//! Prints one JSON object: `{"sign_ops":…,"verify_ops":…,"sign_ms":…,"verify_ms":…}`.
//! Key parsing (once per `amzpay` call) is not timed.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use amazon_pay_shared::keys::PrivateKey;
use amazon_pay_shared::signing::{sign_payload, verify_payload, Algorithm};

/// Runs `op` until `budget` has passed; returns operations and seconds.
fn run_for(budget: Duration, mut op: impl FnMut() -> Result<(), String>) -> Result<(u64, f64), String> {
    op()?; // warm-up, not counted
    let started = Instant::now();
    let mut count = 0u64;
    while started.elapsed() < budget {
        op()?;
        count += 1;
    }
    Ok((count, started.elapsed().as_secs_f64()))
}

fn run(args: &[String]) -> Result<String, String> {
    let [key_path, payload_path, seconds] = args else {
        return Err("usage: sign_ops PRIVATE_KEY_PEM PAYLOAD_FILE SECONDS".into());
    };
    let pem = std::fs::read_to_string(key_path).map_err(|e| format!("{key_path}: {e}"))?;
    let payload = std::fs::read(payload_path).map_err(|e| format!("{payload_path}: {e}"))?;
    let seconds: f64 = seconds
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s > 0.0)
        .ok_or("SECONDS must be a positive number")?;
    let budget = Duration::from_secs_f64(seconds);
    let key = PrivateKey::from_pem(&pem).map_err(|e| e.to_string())?;
    let public = key.public_key();
    let algorithm = Algorithm::V2;
    let signature = sign_payload(&key, algorithm, &payload).map_err(|e| e.to_string())?;

    let (signs, sign_secs) = run_for(budget, || {
        sign_payload(&key, algorithm, &payload)
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    let (verifies, verify_secs) = run_for(budget, || {
        verify_payload(&public, algorithm, &payload, &signature).map_err(|e| e.to_string())
    })?;
    let per_sec = |n: u64, s: f64| n as f64 / s;
    let per_op_ms = |n: u64, s: f64| if n == 0 { f64::NAN } else { s * 1000.0 / n as f64 };
    Ok(format!(
        "{{\"sign_ops\":{:.1},\"verify_ops\":{:.1},\"sign_ms\":{:.4},\"verify_ms\":{:.4},\"signs\":{signs},\"verifies\":{verifies}}}",
        per_sec(signs, sign_secs),
        per_sec(verifies, verify_secs),
        per_op_ms(signs, sign_secs),
        per_op_ms(verifies, verify_secs),
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sign_ops: {e}");
            ExitCode::FAILURE
        }
    }
}
