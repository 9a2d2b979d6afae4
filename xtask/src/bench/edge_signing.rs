//! Signing at the edge: milliseconds per button signature inside the Worker in workerd
//! (WebCrypto, and the `rsa` crate compiled into the same Worker), a minimal JavaScript Worker
//! in the same workerd (the platform's floor), the official Node SDK's `generateButtonSignature`
//! on the same payload and key, and `openssl speed rsa2048`.
//!
//! OpenSSL 3 signs RSA-2048 with AVX-512 IFMA when the CPU has it; BoringSSL (in workerd) has no
//! such path. On such CPUs OpenSSL and the Node SDK are measured a second time with that path
//! masked (`OPENSSL_ia32cap`), which is the same scalar arithmetic WebCrypto in workerd uses.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use super::report::Results;
use super::server::{get, pinned, post_json, Workerd};
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

/// One request to the JavaScript floor Worker: milliseconds per signature.
fn floor_once(signer: &Workerd, payload: &EdgePayload, n: u32) -> Result<f64, String> {
    let path = format!("/sign?n={n}");
    let (status, body) = post_json(&signer.floor_addr, &path, &payload.payload_json)?;
    if status != 200 {
        return Err(format!("floor Worker {path}: HTTP {status}: {body}"));
    }
    let answer: Value = serde_json::from_str(&body).map_err(|e| format!("floor Worker: {e}: {body}"))?;
    if answer["signature"].as_str().is_none_or(|s| s.len() < 300) {
        return Err(format!("the floor Worker made no signature: {body}"));
    }
    let ms = answer["ms"]
        .as_f64()
        .ok_or_else(|| format!("floor Worker: no ms in {body}"))?;
    Ok(ms / f64::from(n))
}

/// The `OPENSSL_ia32cap` value that masks AVX-512 IFMA (CPUID leaf 7, EBX bit 21), when the CPU
/// has it; `None` otherwise (OpenSSL's figures are then already the scalar path).
pub fn ifma_mask() -> Option<&'static str> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    has_ifma(&cpuinfo).then_some(":~0x200000")
}

fn has_ifma(cpuinfo: &str) -> bool {
    cpuinfo
        .lines()
        .find(|l| l.starts_with("flags"))
        .is_some_and(|l| l.split_whitespace().any(|f| f == "avx512ifma"))
}

/// One Node process: `n` calls of the SDK after a warm-up; ms per call and the Node version.
fn node_sdk_once(
    tc: &Toolchain,
    key_pem: &str,
    payload: &EdgePayload,
    n: u32,
    ia32cap: Option<&str>,
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
    let mut command = pinned(tc, MEASURED_CPU, &node.to_string_lossy());
    if let Some(mask) = ia32cap {
        command.env("OPENSSL_ia32cap", mask);
    }
    let mut child = command
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
    floor_once(signer, &payload, 2)?;
    let mask = ifma_mask();
    let (mut webcrypto, mut rsa, mut node, mut openssl) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut floor, mut node_scalar, mut openssl_scalar) = (Vec::new(), Vec::new(), Vec::new());
    let mut node_version = String::new();
    for _ in 0..profile.sign_rounds {
        webcrypto.push(timing_once(signer, "/bench/sign-webcrypto", profile.webcrypto_n)?.0);
        floor.push(floor_once(signer, &payload, profile.webcrypto_n)?);
        rsa.push(timing_once(signer, "/bench/sign-rsa", profile.rsa_n)?.0);
        let (ms, version) = node_sdk_once(tc, &key, &payload, profile.node_n, None)?;
        node.push(ms);
        node_version = version;
        openssl.push(openssl_once(tc, profile.openssl_seconds, None)?);
        if mask.is_some() {
            node_scalar.push(node_sdk_once(tc, &key, &payload, profile.node_n, mask)?.0);
            openssl_scalar.push(openssl_once(tc, profile.openssl_seconds, mask)?.sign_s * 1000.0);
        }
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
    results.set("workerd_js_sign_ms", median(&floor));
    if mask.is_some() {
        results.set("node_sdk_scalar_sign_ms", median(&node_scalar));
        results.set("openssl_scalar_sign_ms", median(&openssl_scalar));
        results.note(
            "the CPU has AVX-512 IFMA, which OpenSSL 3 uses for RSA-2048 and BoringSSL (workerd) does not: \
             openssl and the Node SDK were also measured with it masked (OPENSSL_ia32cap=:~0x200000), the \
             *_scalar_* figures"
                .to_owned(),
        );
    } else {
        results.set("node_sdk_scalar_sign_ms", node_ms);
        results.set("openssl_scalar_sign_ms", series(|o| o.sign_s * 1000.0));
        results.note("the CPU has no AVX-512 IFMA: the *_scalar_* figures are the plain ones".to_owned());
    }
    let version = super::command_line(tc.command("openssl").arg("version")).unwrap_or_default();
    results.note(format!(
        "signing: {} interleaved rounds, each: one request signing the button payload ({} bytes) {} times with \
         WebCrypto and one {} times with the rsa crate inside the Worker (Date.now() in workerd), the same with \
         a minimal JavaScript Worker in the same workerd (xtask/js/bench_webcrypto_floor.js), one Node {node_version} \
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
fn openssl_once(tc: &Toolchain, seconds: u32, ia32cap: Option<&str>) -> Result<OpensslSpeed, String> {
    let mut command = pinned(tc, MEASURED_CPU, "openssl");
    if let Some(mask) = ia32cap {
        command.env("OPENSSL_ia32cap", mask);
    }
    let out = command
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

    #[test]
    fn finds_avx512_ifma_in_the_flags_line() {
        assert!(has_ifma(
            "processor\t: 0\nflags\t\t: fpu avx512f avx512ifma adx\n"
        ));
        assert!(!has_ifma("flags\t\t: fpu avx512f avx512ifmax\n"));
        assert!(!has_ifma("model name\t: avx512ifma\n"));
    }
}
