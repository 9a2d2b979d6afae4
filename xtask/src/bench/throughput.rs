//! Signer throughput and latency: wrk (on CPU 0) against `POST /v1/button` as the widget sends
//! it (the click's binding secret in `x-amazon-pay-binding`, a new one per request, so a new RSA
//! signature per request: `button_fresh_rps`, the normal path), the same route without a binding
//! (the isolate signs the review payload once and reuses it: `button_rps`), the same Worker's
//! `POST /bench/noop` (workerd pinned to CPU 1), and a minimal Node server signing the same bound
//! payload per request with the official SDK (pinned to CPU 1 too, [`super::node_server`]); then
//! a long load on the bound route.

use std::process::Stdio;

use super::edge_signing::EdgePayload;
use super::node_server::NodeSdkServer;
use super::report::Results;
use super::server::{pinned, post_json_with, Workerd};
use super::{median, Profile, LOAD_CPU, SHOP_ORIGIN};
use crate::toolchain::Toolchain;

/// The body wrk posts to both routes (two catalog lines; the signer prices them).
pub const BUTTON_BODY: &str = r#"{"productType":"PayAndShip","placement":"Cart","cart":[{"sku":"TEA-1","quantity":2},{"sku":"CUP-2","quantity":1}]}"#;

/// What one wrk run reported.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WrkRun {
    /// Requests per second.
    pub rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Completed requests.
    pub requests: f64,
    /// Non-2xx/3xx answers plus socket errors.
    pub errors: f64,
    /// Whole-process CPU of workerd per request, ms (utime + stime from /proc).
    pub cpu_ms_per_request: f64,
}

fn duration_ms(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|v| v * factor)
}

/// Reads `wrk --latency` output.
pub fn parse_wrk(text: &str) -> Option<WrkRun> {
    let mut run = WrkRun::default();
    let (mut have_rps, mut have_p50, mut have_p99) = (false, false, false);
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", v, ..] => {
                run.rps = v.parse().ok()?;
                have_rps = true;
            }
            ["50%", v, ..] => {
                run.p50_ms = duration_ms(v)?;
                have_p50 = true;
            }
            ["99%", v, ..] => {
                run.p99_ms = duration_ms(v)?;
                have_p99 = true;
            }
            [n, "requests", "in", ..] => run.requests = n.parse().ok()?,
            ["Non-2xx", "or", "3xx", "responses:", n, ..] => run.errors += n.parse::<f64>().ok()?,
            ["Socket", "errors:", rest @ ..] => {
                run.errors += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<f64>().ok())
                    .sum::<f64>();
            }
            _ => {}
        }
    }
    (have_rps && have_p50 && have_p99).then_some(run)
}

/// utime + stime of a process, in seconds.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the command: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    let ticks = super::command_line(std::process::Command::new("getconf").arg("CLK_TCK"))
        .and_then(|t| t.parse::<f64>().ok())
        .unwrap_or(100.0);
    Some((utime + stime) / ticks)
}

/// What wrk sends: the same POST body and Origin, with or without a binding secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    /// No binding: what an integration without the widget's binding sends.
    Unbound,
    /// A new random binding secret in `x-amazon-pay-binding` per request, as the widget's click.
    Bound,
}

/// The wrk script of a load (written to target/bench).
fn script(tc: &Toolchain, load: Load) -> Result<std::path::PathBuf, String> {
    let mut lua = format!(
        "wrk.method = \"POST\"\nwrk.body = '{BUTTON_BODY}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
         wrk.headers[\"Origin\"] = \"{SHOP_ORIGIN}\"\n"
    );
    let name = match load {
        Load::Unbound => "post.lua",
        Load::Bound => {
            // 32 random bytes as base64url (43 characters), as the widget draws them.
            lua.push_str(
                "local chars = \"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_\"\n\
                 math.randomseed(os.time())\n\
                 request = function()\n  local t = {}\n  for i = 1, 43 do\n    local n = math.random(64)\n    \
                 t[i] = chars:sub(n, n)\n  end\n  wrk.headers[\"x-amazon-pay-binding\"] = table.concat(t)\n  \
                 return wrk.format()\nend\n",
            );
            "post-bound.lua"
        }
    };
    let path = tc.root.join("target/bench").join(name);
    std::fs::write(&path, lua).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// A server under load: its base URL and the pid whose CPU time is counted.
#[derive(Debug, Clone)]
struct Target {
    base: String,
    pid: u32,
}

/// One wrk run on `path` of `target`.
fn wrk(
    tc: &Toolchain,
    target: &Target,
    path: &str,
    load: Load,
    connections: u32,
    seconds: u32,
) -> Result<WrkRun, String> {
    let script = script(tc, load)?;
    let before = cpu_seconds(target.pid);
    let out = pinned(tc, LOAD_CPU, "/usr/bin/wrk")
        .args([
            "-t1",
            "-c",
            &connections.to_string(),
            "-d",
            &format!("{seconds}s"),
        ])
        .args(["--timeout", "10s", "--latency", "-s"])
        .arg(&script)
        .arg(format!("{}{path}", target.base))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run wrk (cargo xtask setup installs it): {e}"))?;
    let after = cpu_seconds(target.pid);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut run = parse_wrk(&text).ok_or_else(|| {
        format!(
            "wrk on {path}: no figures in its output: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    run.cpu_ms_per_request = match (before, after) {
        (Some(b), Some(a)) if run.requests > 0.0 => (a - b) * 1000.0 / run.requests,
        _ => f64::NAN,
    };
    let kind = match load {
        Load::Unbound => "",
        Load::Bound => " (bound)",
    };
    println!(
        "  wrk {}{path}{kind} c={connections} {seconds}s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
        target.base, run.rps, run.p50_ms, run.p99_ms, run.errors
    );
    Ok(run)
}

/// The secret the route checks use (the widget's shape: 32 bytes, base64url).
const CHECK_SECRET: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

/// The `payloadJSON` of a button answer.
fn payload_of(who: &str, body: &str) -> Result<String, String> {
    let answer: serde_json::Value = serde_json::from_str(body).map_err(|e| format!("{who}: {e}: {body}"))?;
    let config = &answer["createCheckoutSessionConfig"];
    if config["signature"].as_str().is_none_or(|s| s.len() < 300) {
        return Err(format!("{who} answered no signature: {body}"));
    }
    config["payloadJSON"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{who} answered no payloadJSON: {body}"))
}

/// Checks that the routes answer 200 before loading them, and that the Node server signs
/// exactly the payload the signer signs for the same click.
fn check_routes(signer: &Workerd, node: &NodeSdkServer) -> Result<(), String> {
    for path in ["/v1/button", "/bench/noop"] {
        let (status, body) = post_json_with(&signer.addr, path, BUTTON_BODY, &[("origin", SHOP_ORIGIN)])?;
        if status != 200 {
            return Err(format!("{path}: HTTP {status}: {body}"));
        }
        if path != "/bench/noop" {
            payload_of(path, &body)?;
        }
    }
    let bound = [("origin", SHOP_ORIGIN), ("x-amazon-pay-binding", CHECK_SECRET)];
    let (status, body) = post_json_with(&signer.addr, "/v1/button", BUTTON_BODY, &bound)?;
    if status != 200 {
        return Err(format!("/v1/button (bound): HTTP {status}: {body}"));
    }
    let edge = payload_of("/v1/button (bound)", &body)?;
    if !edge.contains("amazonPayBinding=") {
        return Err(format!("the bound button payload carries no binding: {edge}"));
    }
    let (status, body) = post_json_with(&node.addr, "/v1/button", BUTTON_BODY, &bound)?;
    if status != 200 {
        return Err(format!("Node SDK server: HTTP {status}: {body}"));
    }
    let sdk = payload_of("the Node SDK server", &body)?;
    if sdk != edge {
        return Err(format!(
            "the Node SDK server signs another payload than the signer:\n  signer: {edge}\n  node:   {sdk}"
        ));
    }
    Ok(())
}

/// Records `button_rps` (unbound), `button_fresh_rps` (bound, as the widget sends it),
/// `noop_rps`, `node_sdk_server_rps`, their ratios (`button_vs_noop`, `button_fresh_vs_noop`,
/// `button_vs_node_server`), latencies, CPU per request and `load_errors`.
pub fn measure(
    tc: &Toolchain,
    signer: &Workerd,
    payload: &EdgePayload,
    profile: &Profile,
    results: &mut Results,
) -> Result<(), String> {
    let node = NodeSdkServer::start(tc, payload)?;
    check_routes(signer, &node)?;
    let edge = Target {
        base: signer.base(),
        pid: signer.pid(),
    };
    let sdk = Target {
        base: node.base(),
        pid: node.pid(),
    };
    let c = profile.wrk_connections;
    let warm = profile.wrk_warmup_seconds;
    // Warm-up of every route, not counted.
    wrk(tc, &edge, "/v1/button", Load::Unbound, c, warm)?;
    wrk(tc, &edge, "/v1/button", Load::Bound, c, warm)?;
    wrk(tc, &edge, "/bench/noop", Load::Unbound, c, warm)?;
    wrk(tc, &sdk, "/v1/button", Load::Bound, c, warm)?;
    // Alternating rounds, so that other work on the machine disturbs the routes alike.
    let (mut button, mut fresh, mut noop, mut sdk_runs) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..profile.wrk_pairs {
        let s = profile.wrk_seconds;
        button.push(wrk(tc, &edge, "/v1/button", Load::Unbound, c, s)?);
        fresh.push(wrk(tc, &edge, "/v1/button", Load::Bound, c, s)?);
        noop.push(wrk(tc, &edge, "/bench/noop", Load::Unbound, c, s)?);
        sdk_runs.push(wrk(tc, &sdk, "/v1/button", Load::Bound, c, s)?);
    }
    drop(node);
    let med = |runs: &[WrkRun], f: fn(&WrkRun) -> f64| median(&runs.iter().map(f).collect::<Vec<f64>>());
    let ratios = |runs: &[WrkRun], to: &[WrkRun]| -> Vec<f64> {
        runs.iter().zip(to).map(|(b, n)| b.rps / n.rps).collect()
    };
    results.set("button_rps", med(&button, |r| r.rps));
    results.set("noop_rps", med(&noop, |r| r.rps));
    results.set("button_vs_noop", median(&ratios(&button, &noop)));
    results.set("button_fresh_rps", med(&fresh, |r| r.rps));
    results.set("button_fresh_vs_noop", median(&ratios(&fresh, &noop)));
    results.set("button_fresh_p50_ms", med(&fresh, |r| r.p50_ms));
    results.set("button_fresh_p99_ms", med(&fresh, |r| r.p99_ms));
    results.set("button_fresh_cpu_ms", med(&fresh, |r| r.cpu_ms_per_request));
    results.set("node_sdk_server_rps", med(&sdk_runs, |r| r.rps));
    results.set("node_sdk_server_p99_ms", med(&sdk_runs, |r| r.p99_ms));
    results.set("node_sdk_server_cpu_ms", med(&sdk_runs, |r| r.cpu_ms_per_request));
    results.set(
        "node_sdk_server_errors",
        Some(sdk_runs.iter().map(|r| r.errors).sum()),
    );
    results.set("button_vs_node_server", median(&ratios(&fresh, &sdk_runs)));
    results.set("button_p50_ms", med(&button, |r| r.p50_ms));
    results.set("button_p99_ms", med(&button, |r| r.p99_ms));
    results.set("noop_p50_ms", med(&noop, |r| r.p50_ms));
    results.set("noop_p99_ms", med(&noop, |r| r.p99_ms));
    results.set("button_cpu_ms", med(&button, |r| r.cpu_ms_per_request));
    results.set("noop_cpu_ms", med(&noop, |r| r.cpu_ms_per_request));
    let mut errors: f64 = button.iter().chain(&fresh).chain(&noop).map(|r| r.errors).sum();
    match profile.load_seconds {
        Some(seconds) => {
            let load = wrk(
                tc,
                &edge,
                "/v1/button",
                Load::Bound,
                profile.load_connections,
                seconds,
            )?;
            results.set("load_rps", Some(load.rps));
            results.set("load_p99_ms", Some(load.p99_ms));
            results.set("load_requests", Some(load.requests));
            errors = load.errors;
            results.note(format!(
                "load: wrk -t1 -c{} -d{seconds}s POST /v1/button bound (a new binding secret per request); \
                 load_errors = non-2xx answers + socket errors",
                profile.load_connections
            ));
        }
        None => results
            .note("smoke: no 60 s load; load_errors counts the errors of the short wrk runs".to_owned()),
    }
    results.set("load_errors", Some(errors));
    results.note(format!(
        "throughput: workerd pinned to CPU 1, wrk -t1 -c{c} --latency on CPU 0, {} alternating rounds of {} s runs \
         (after a {} s warm-up of each) with the same POST body and Origin: /v1/button bound as the widget sends \
         it (a new random binding secret in x-amazon-pay-binding per request, so a new RSA signature per \
         request: button_fresh_*), /v1/button without a binding (review payload signed once per isolate, then \
         reused: button_*), /bench/noop, and a minimal Node {} server (xtask/js/bench_node_sdk_server.js, \
         pinned to CPU 1) that hashes the secret into the same payload and signs it per request with the \
         official SDK's generateButtonSignature (node_sdk_server_*; its payload is checked equal to the \
         signer's for the same secret before the runs); medians of the runs, *_vs_noop and \
         button_vs_node_server = median of the rounds' ratios; cpu_ms = utime+stime of the server process per \
         request; button_vs_ceiling = button_fresh_vs_noop ÷ (noop_cpu_ms ÷ (noop_cpu_ms + workerd_js_sign_ms)), \
         the share of the no-op route's throughput left once each request also signs with the platform's RSA",
        profile.wrk_pairs,
        profile.wrk_seconds,
        profile.wrk_warmup_seconds,
        super::command_line(tc.command(&tc.node_bin.join("node").to_string_lossy()).arg("--version"))
            .unwrap_or_default(),
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_output() {
        let text = "Running 2s test @ http://127.0.0.1:1/v1/button
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  500.00us  12.00ms   90.00%
    Req/Sec     1.90k   100.00     2.00k    80.00%
  Latency Distribution
     50%    1.95ms
     75%    2.20ms
     90%    2.60ms
     99%  950.00us
  3800 requests in 2.00s, 4.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1900.50
Transfer/sec:      2.00MB
";
        let run = parse_wrk(text).unwrap();
        assert_eq!(run.rps, 1900.5);
        assert_eq!(run.p50_ms, 1.95);
        assert!((run.p99_ms - 0.95).abs() < 1e-9);
        assert_eq!(run.requests, 3800.0);
        assert_eq!(run.errors, 7.0);
        assert_eq!(duration_ms("1.5s"), Some(1500.0));
        assert_eq!(parse_wrk("no figures"), None);
    }
}
