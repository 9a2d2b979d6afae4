//! Signing at the edge: milliseconds per button signature inside the Worker in workerd
//! (WebCrypto, and the `rsa` crate compiled into the same Worker), the official Node SDK's
//! `generateButtonSignature` on the same payload and key, and `openssl speed rsa2048`.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use super::report::Results;
use super::server::{get, pinned, Workerd};
use super::{median, Profile, MEASURED_CPU};
use crate::toolchain::Toolchain;

/// What the timing routes answered: the payload they sign (for the Node SDK and amzpay).
#[derive(Debug, Clone)]
pub struct EdgePayload {
    /// The exact `payloadJSON` of `POST /v1/button` for the configured checkout.
    pub payload_json: String,
}

/// One timing request `route?n=N`: milliseconds per signature and the answer.
fn timing_once(signer: &Workerd, route: &str, n: u32) -> Result<(f64, Value), String> {
    let path = format!("{route}?n={n}");
    let (status, body) = get(&signer.addr, &path)?;
    if status != 200 {
        return Err(format!("{path}: HTTP {status}: {body}"));
    }
    let answer: Value = serde_json::from_str(&body).map_err(|e| format!("{path}: {e}: {body}"))?;
    if answer["signature"].as_str().is_none_or(|s| s.len() < 300) {
        return Err(format!("{path} answered no signature: {body}"));
    }
    let ms = answer["ms"]
        .as_f64()
        .ok_or_else(|| format!("{path}: no ms in {body}"))?;
    Ok((ms / f64::from(n), answer))
}

/// One Node process: `n` calls of the SDK after a warm-up; ms per call and the Node version.
fn node_sdk_once(
    tc: &Toolchain,
    key_pem: &str,
    payload: &EdgePayload,
    n: u32,
) -> Result<(f64, String), String> {
    let input = serde_json::json!({
        "privateKeyPem": key_pem,
        "publicKeyId": super::server::DEMO_KEY_ID,
        "payload": payload.payload_json,
        "rounds": 1,
        "iterations": n,
    });
    let node = tc.node_bin.join("node");
    let script = tc.root.join("xtask/js/bench_sdk_sign.js");
    let mut child = pinned(tc, MEASURED_CPU, &node.to_string_lossy())
        .arg(&script)
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
    if !out.status.success() {
        return Err(format!(
            "bench_sdk_sign.js failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let answer: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("bench_sdk_sign.js: {e}"))?;
    if answer["signature"].as_str().is_none_or(|s| s.len() < 300) {
        return Err(format!("the Node SDK made no signature: {answer}"));
    }
    let ms = answer["roundMs"][0]
        .as_f64()
        .ok_or_else(|| format!("bench_sdk_sign.js: no roundMs in {answer}"))?;
    Ok((ms, answer["node"].as_str().unwrap_or("?").to_owned()))
}

/// Signing at the edge against its references, interleaved round by round (WebCrypto in the
/// Worker, the `rsa` crate in the Worker, the Node SDK, `openssl speed`) so that other work on
/// the machine disturbs all of them alike. Records `edge_sign_ms`, `edge_rsa_crate_sign_ms`,
/// `node_sdk_sign_ms`, `openssl_sign_ms`, `openssl_sign_ops`, `openssl_verify_ops` and the
/// per-second figures.
pub fn measure(
    tc: &Toolchain,
    signer: &Workerd,
    profile: &Profile,
    results: &mut Results,
) -> Result<EdgePayload, String> {
    // Warm-up (JIT, key import and parse), not counted.
    let (_, answer) = timing_once(signer, "/bench/sign-webcrypto", 2)?;
    timing_once(signer, "/bench/sign-rsa", 2)?;
    let payload = EdgePayload {
        payload_json: answer["payloadJSON"]
            .as_str()
            .ok_or("the timing route answered no payloadJSON")?
            .to_owned(),
    };
    let key = std::fs::read_to_string(tc.root.join("xtask/dev/demo-private.pem"))
        .map_err(|e| format!("demo key: {e}"))?;
    let (mut webcrypto, mut rsa, mut node, mut openssl) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut node_version = String::new();
    for _ in 0..profile.sign_rounds {
        webcrypto.push(timing_once(signer, "/bench/sign-webcrypto", profile.webcrypto_n)?.0);
        rsa.push(timing_once(signer, "/bench/sign-rsa", profile.rsa_n)?.0);
        let (ms, version) = node_sdk_once(tc, &key, &payload, profile.node_n)?;
        node.push(ms);
        node_version = version;
        openssl.push(openssl_once(tc, profile.openssl_seconds)?);
    }
    let edge = median(&webcrypto);
    results.set("edge_sign_ms", edge);
    results.set("edge_sign_ops", edge.map(|ms| 1000.0 / ms));
    results.set("edge_rsa_crate_sign_ms", median(&rsa));
    let node_ms = median(&node);
    results.set("node_sdk_sign_ms", node_ms);
    results.set("node_sdk_sign_ops", node_ms.map(|ms| 1000.0 / ms));
    let series = |f: fn(&OpensslSpeed) -> f64| median(&openssl.iter().map(f).collect::<Vec<f64>>());
    results.set("openssl_sign_ms", series(|o| o.sign_s * 1000.0));
    results.set("openssl_sign_ops", series(|o| o.sign_per_s));
    results.set("openssl_verify_ops", series(|o| o.verify_per_s));
    let version = super::command_line(tc.command("openssl").arg("version")).unwrap_or_default();
    results.note(format!(
        "signing: {} interleaved rounds, each: one request signing the button payload ({} bytes) {} times with \
         WebCrypto and one {} times with the rsa crate inside the Worker (Date.now() in workerd), one Node {node_version} \
         process calling WebStoreClient.generateButtonSignature(payloadJSON) {} times after a warm-up, and \
         `openssl speed -seconds {} rsa2048` ({version}; RSA-2048 sign, PKCS#1 v1.5); medians of the rounds, \
         all on CPU 1",
        profile.sign_rounds,
        payload.payload_json.len(),
        profile.webcrypto_n,
        profile.rsa_n,
        profile.node_n,
        profile.openssl_seconds,
    ));
    Ok(payload)
}

/// `openssl speed rsa2048` figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpensslSpeed {
    /// Seconds per signature.
    pub sign_s: f64,
    /// Seconds per verification.
    pub verify_s: f64,
    /// Signatures per second.
    pub sign_per_s: f64,
    /// Verifications per second.
    pub verify_per_s: f64,
}

/// Reads the `rsa 2048 bits 0.000330s 0.000023s 3033.0 43863.0` line.
pub fn parse_openssl_speed(text: &str) -> Option<OpensslSpeed> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("rsa 2048 bits"))?;
    let nums: Vec<f64> = line
        .split_whitespace()
        .skip(3)
        .filter_map(|w| w.trim_end_matches('s').parse().ok())
        .collect();
    match nums.as_slice() {
        [sign_s, verify_s, sign_per_s, verify_per_s, ..] => Some(OpensslSpeed {
            sign_s: *sign_s,
            verify_s: *verify_s,
            sign_per_s: *sign_per_s,
            verify_per_s: *verify_per_s,
        }),
        _ => None,
    }
}

/// One `openssl speed -seconds S rsa2048` on the measured CPU.
fn openssl_once(tc: &Toolchain, seconds: u32) -> Result<OpensslSpeed, String> {
    let out = pinned(tc, MEASURED_CPU, "openssl")
        .args(["speed", "-seconds", &seconds.to_string(), "rsa2048"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse_openssl_speed(&text).ok_or_else(|| format!("no rsa 2048 line in openssl speed: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_openssl_speed() {
        let text = "                  sign    verify    sign/s verify/s\nrsa 2048 bits 0.000330s 0.000023s   3033.0  43863.0\n";
        assert_eq!(
            parse_openssl_speed(text),
            Some(OpensslSpeed {
                sign_s: 0.000330,
                verify_s: 0.000023,
                sign_per_s: 3033.0,
                verify_per_s: 43863.0
            })
        );
        assert_eq!(parse_openssl_speed("nothing"), None);
    }
}
