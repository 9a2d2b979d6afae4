//! Native signing: the code `amzpay sign-payload` / `verify-payload` run
//! (`amazon_pay_shared::signing::{sign_payload, verify_payload}`, `rsa` crate, amzpay's release
//! profile), as the `sign_ops` example of the amzpay package, against `openssl speed rsa2048`.

use std::process::Stdio;

use serde_json::Value;

use super::edge_signing::EdgePayload;
use super::report::Results;
use super::server::pinned;
use super::{Profile, MEASURED_CPU};
use crate::toolchain::Toolchain;

/// Runs `sign_ops` (`target/{release,debug}/examples`, as the profile builds it) on the edge's payload; records `amzpay_sign_ops`,
/// `amzpay_verify_ops`.
pub fn measure(
    tc: &Toolchain,
    payload: &EdgePayload,
    profile: &Profile,
    results: &mut Results,
) -> Result<(), String> {
    let dir = tc.root.join("target/bench");
    let payload_file = dir.join("payload.json");
    std::fs::write(&payload_file, &payload.payload_json)
        .map_err(|e| format!("{}: {e}", payload_file.display()))?;
    let bin = tc
        .cargo_target_dir()
        .join(profile.build.dir())
        .join("examples/sign_ops");
    let out = pinned(tc, MEASURED_CPU, &bin.to_string_lossy())
        .arg(tc.root.join("xtask/dev/demo-private.pem"))
        .arg(&payload_file)
        .arg(profile.native_seconds.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!(
            "sign_ops failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let answer: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("sign_ops: {e}"))?;
    results.set("amzpay_sign_ops", answer["sign_ops"].as_f64());
    results.set("amzpay_verify_ops", answer["verify_ops"].as_f64());
    results.set("amzpay_sign_ms", answer["sign_ms"].as_f64());
    results.note(format!(
        "amzpay: sign_payload/verify_payload (amzpay's code and release profile, key parsed once) for {} s each",
        profile.native_seconds
    ));
    Ok(())
}
