//! Signer throughput and latency: wrk (on CPU 0) against `POST /v1/button` as deployed (the
//! isolate signs the review payload once and reuses it), `POST /bench/button-fresh` (the same
//! route with a new RSA signature per request: the cost of a payload the isolate has not seen)
//! and the same Worker's `POST /bench/noop` (workerd pinned to CPU 1), then a long load on
//! `/v1/button`.

use std::process::Stdio;

use super::report::Results;
use super::server::{pinned, post_json, Workerd};
use super::{median, Profile, LOAD_CPU};
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

/// One wrk run on `path` of the signer.
fn wrk(
    tc: &Toolchain,
    signer: &Workerd,
    path: &str,
    connections: u32,
    seconds: u32,
) -> Result<WrkRun, String> {
    let script = tc.root.join("target/bench/post.lua");
    let lua = format!(
        "wrk.method = \"POST\"\nwrk.body = '{BUTTON_BODY}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
    );
    std::fs::write(&script, lua).map_err(|e| format!("{}: {e}", script.display()))?;
    let before = cpu_seconds(signer.pid());
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
        .arg(format!("{}{path}", signer.base()))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run wrk (cargo xtask setup installs it): {e}"))?;
    let after = cpu_seconds(signer.pid());
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
    println!(
        "  wrk {path} c={connections} {seconds}s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
        run.rps, run.p50_ms, run.p99_ms, run.errors
    );
    Ok(run)
}

/// The route of a new signature per request.
const FRESH: &str = "/bench/button-fresh";

/// Checks that the routes answer 200 before loading them.
fn check_routes(signer: &Workerd) -> Result<(), String> {
    for path in ["/v1/button", FRESH, "/bench/noop"] {
        let (status, body) = post_json(&signer.addr, path, BUTTON_BODY)?;
        if status != 200 {
            return Err(format!("{path}: HTTP {status}: {body}"));
        }
        if path != "/bench/noop" && !body.contains("\"signature\"") {
            return Err(format!("{path} answered no signature: {body}"));
        }
    }
    Ok(())
}

/// Records `button_rps`, `noop_rps`, `button_vs_noop`, `button_fresh_rps`,
/// `button_fresh_vs_noop`, latencies, CPU per request and `load_errors`.
pub fn measure(
    tc: &Toolchain,
    signer: &Workerd,
    profile: &Profile,
    results: &mut Results,
) -> Result<(), String> {
    check_routes(signer)?;
    let c = profile.wrk_connections;
    // Warm-up of both routes, not counted.
    wrk(tc, signer, "/v1/button", c, profile.wrk_warmup_seconds)?;
    wrk(tc, signer, FRESH, c, profile.wrk_warmup_seconds)?;
    wrk(tc, signer, "/bench/noop", c, profile.wrk_warmup_seconds)?;
    // Alternating rounds, so that other work on the machine disturbs the routes alike.
    let (mut button, mut fresh, mut noop) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..profile.wrk_pairs {
        button.push(wrk(tc, signer, "/v1/button", c, profile.wrk_seconds)?);
        fresh.push(wrk(tc, signer, FRESH, c, profile.wrk_seconds)?);
        noop.push(wrk(tc, signer, "/bench/noop", c, profile.wrk_seconds)?);
    }
    let med = |runs: &[WrkRun], f: fn(&WrkRun) -> f64| median(&runs.iter().map(f).collect::<Vec<f64>>());
    let ratios =
        |runs: &[WrkRun]| -> Vec<f64> { runs.iter().zip(&noop).map(|(b, n)| b.rps / n.rps).collect() };
    results.set("button_rps", med(&button, |r| r.rps));
    results.set("noop_rps", med(&noop, |r| r.rps));
    results.set("button_vs_noop", median(&ratios(&button)));
    results.set("button_fresh_rps", med(&fresh, |r| r.rps));
    results.set("button_fresh_vs_noop", median(&ratios(&fresh)));
    results.set("button_fresh_p99_ms", med(&fresh, |r| r.p99_ms));
    results.set("button_fresh_cpu_ms", med(&fresh, |r| r.cpu_ms_per_request));
    results.set("button_p50_ms", med(&button, |r| r.p50_ms));
    results.set("button_p99_ms", med(&button, |r| r.p99_ms));
    results.set("noop_p50_ms", med(&noop, |r| r.p50_ms));
    results.set("noop_p99_ms", med(&noop, |r| r.p99_ms));
    results.set("button_cpu_ms", med(&button, |r| r.cpu_ms_per_request));
    results.set("noop_cpu_ms", med(&noop, |r| r.cpu_ms_per_request));
    let mut errors: f64 = button.iter().chain(&fresh).chain(&noop).map(|r| r.errors).sum();
    match profile.load_seconds {
        Some(seconds) => {
            let load = wrk(tc, signer, "/v1/button", profile.load_connections, seconds)?;
            results.set("load_rps", Some(load.rps));
            results.set("load_p99_ms", Some(load.p99_ms));
            results.set("load_requests", Some(load.requests));
            errors = load.errors;
            results.note(format!(
                "load: wrk -t1 -c{} -d{seconds}s POST /v1/button; load_errors = non-2xx answers + socket errors",
                profile.load_connections
            ));
        }
        None => results
            .note("smoke: no 60 s load; load_errors counts the errors of the short wrk runs".to_owned()),
    }
    results.set("load_errors", Some(errors));
    results.note(format!(
        "throughput: workerd pinned to CPU 1, wrk -t1 -c{c} --latency on CPU 0, {} alternating rounds of {} s runs \
         on /v1/button (review payload signed once per isolate, then reused), /bench/button-fresh (a new RSA \
         signature per request) and /bench/noop with the same POST body (after a {} s warm-up of each); medians \
         of the runs, *_vs_noop = median of the rounds' ratios; cpu_ms = workerd utime+stime per request",
        profile.wrk_pairs, profile.wrk_seconds, profile.wrk_warmup_seconds
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
