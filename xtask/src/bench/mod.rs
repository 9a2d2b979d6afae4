//! `cargo xtask bench [--smoke] [--only browser]`: every benchmark against its reference in the
//! same run.
//!
//! * [`edge_signing`]: ms per button signature inside the Worker in workerd (WebCrypto and the
//!   `rsa` crate), the official Node SDK, `openssl speed rsa2048`, interleaved round by round;
//! * [`throughput`]: wrk against `POST /v1/button` as the widget sends it (bound: a new
//!   signature per click), unbound, the same Worker's no-op route and a minimal Node server
//!   signing with the official SDK ([`node_server`]), and a 60-second load;
//! * [`native`]: amzpay's sign and verify operations per second;
//! * [`browser`]: the widget bundle's size, navigation → button on screen against the plain-JS
//!   demo shop page, and the whole offline purchase;
//! * [`report`]: `target/bench/results.json`, the table, `target/bench/chart.svg`.
//!
//! The full run also copies the chart to `xtask/bench-chart.svg` and puts the table into the
//! "Benchmarks" section of README.md. `--smoke` (a few iterations, short wrk runs, no long
//! load; run by `cargo xtask test`) writes `target/bench/smoke/` and checks only that every
//! figure is a finite number. `--only browser` runs the [`browser`] part alone (with either
//! profile) into `target/bench/only-browser/` (`…/smoke/only-browser/` with `--smoke`), checks
//! only that part's figures, and never touches README.md or the committed chart.

mod browser;
mod edge_signing;
mod native;
mod node_server;
pub mod report;
mod server;
mod throughput;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::crates::NATIVE;
use crate::process::{output, run as run_command};
use crate::toolchain::Toolchain;
use report::Results;

/// The CPU measured processes run on (workerd, node, openssl, sign_ops).
pub const MEASURED_CPU: Option<usize> = Some(1);
/// The CPU load generators run on (wrk).
pub const LOAD_CPU: Option<usize> = Some(0);
/// The shop origin of the throughput signer (allowed by its `ALLOWED_ORIGINS`; nothing listens
/// there): the `Origin` every throughput request carries, as the widget's do.
pub const SHOP_ORIGIN: &str = "http://127.0.0.1:9";

/// How much of everything to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// `"full"` or `"smoke"`.
    pub name: &'static str,
    /// Interleaved rounds of the signing measurements.
    pub sign_rounds: usize,
    /// WebCrypto signatures per timing request.
    pub webcrypto_n: u32,
    /// `rsa`-crate signatures per timing request.
    pub rsa_n: u32,
    /// Node SDK signatures per round.
    pub node_n: u32,
    /// `openssl speed -seconds` per round.
    pub openssl_seconds: u32,
    /// Seconds of each amzpay operation.
    pub native_seconds: f64,
    /// wrk connections for the throughput runs.
    pub wrk_connections: u32,
    /// Alternating pairs of throughput runs (`/v1/button`, then the no-op route).
    pub wrk_pairs: u32,
    /// Seconds of each throughput run.
    pub wrk_seconds: u32,
    /// Seconds of each warm-up run.
    pub wrk_warmup_seconds: u32,
    /// The long load, if any.
    pub load_seconds: Option<u32>,
    /// Connections of the long load.
    pub load_connections: u32,
    /// Page loads per browser page.
    pub browser_runs: usize,
    /// Whole purchases.
    pub purchase_runs: usize,
    /// The cargo profile of the native binaries (sandbox, `sign_ops`): `release` for figures,
    /// `dev` for the smoke run, whose dependencies the test tiers have already compiled (its
    /// RSA crates are optimised in `dev` too). The signer's bench variant is always built with
    /// `--release`, on the dependencies the edge signer's `--release` build compiled.
    pub build: BuildProfile,
}

/// How the native binaries the benchmarks run are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildProfile {
    /// `cargo build --release`, in `target/release`.
    Release,
    /// `cargo build`, in `target/debug`.
    Dev,
}

impl BuildProfile {
    /// The extra cargo arguments.
    fn cargo_args(self) -> &'static [&'static str] {
        match self {
            BuildProfile::Release => &["--release"],
            BuildProfile::Dev => &[],
        }
    }

    /// The folder of the binaries under the cargo target directory.
    pub fn dir(self) -> &'static str {
        match self {
            BuildProfile::Release => "release",
            BuildProfile::Dev => "debug",
        }
    }
}

impl Profile {
    /// The full run.
    pub fn full() -> Profile {
        Profile {
            name: "full",
            sign_rounds: 15,
            webcrypto_n: 50,
            rsa_n: 20,
            node_n: 50,
            openssl_seconds: 1,
            native_seconds: 5.0,
            wrk_connections: 16,
            wrk_pairs: 4,
            wrk_seconds: 3,
            wrk_warmup_seconds: 2,
            load_seconds: Some(60),
            load_connections: 64,
            // The button's time moves with whatever else the 2 cores do: with 15 loads a page
            // the ratio of the two medians moved by ±0.1 between runs of the same code.
            browser_runs: 41,
            purchase_runs: 5,
            build: BuildProfile::Release,
        }
    }

    /// A few iterations of each measurement (for `cargo xtask test`).
    pub fn smoke() -> Profile {
        Profile {
            name: "smoke",
            sign_rounds: 2,
            webcrypto_n: 5,
            rsa_n: 2,
            node_n: 5,
            openssl_seconds: 1,
            native_seconds: 0.3,
            wrk_connections: 4,
            wrk_pairs: 1,
            wrk_seconds: 2,
            wrk_warmup_seconds: 1,
            load_seconds: None,
            load_connections: 64,
            browser_runs: 2,
            purchase_runs: 1,
            build: BuildProfile::Dev,
        }
    }
}

/// The median of the finite values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

/// A command's trimmed stdout, if it succeeds.
pub fn command_line(cmd: &mut Command) -> Option<String> {
    output(cmd)
}

/// `model name`, cores and memory from /proc, plus the kernel.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')))
        .map_or("unknown CPU".to_owned(), |(_, m)| m.trim().to_owned());
    let cores = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let mem_kib: f64 = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    let kernel = command_line(Command::new("uname").args(["-sr"])).unwrap_or_default();
    format!(
        "{model}, {cores} cores, {:.1} GiB RAM, {kernel}",
        mem_kib / 1024.0 / 1024.0
    )
}

/// The 1-minute load average (other work on the machine disturbs every figure).
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A part of the benchmarks that can run alone (`--only NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The widget's size, button on screen against the plain-JS page, layout shift and the
    /// purchase, in Chromium ([`browser`]).
    Browser,
}

impl Part {
    /// The name `--only` takes.
    pub fn name(self) -> &'static str {
        match self {
            Part::Browser => "browser",
        }
    }

    /// The keys of [`report::REQUIRED_KEYS`] this part measures.
    pub fn required_keys(self) -> &'static [&'static str] {
        match self {
            Part::Browser => &[
                "widget_gzip_bytes",
                "button_visible_ms",
                "reference_button_visible_ms",
                "button_vs_reference",
                "button_visible_rtt_ms",
                "reference_button_visible_rtt_ms",
                "button_vs_reference_rtt",
                "button_layout_shift",
                "purchase_ms",
            ],
        }
    }
}

/// What `cargo xtask bench` was asked to run.
#[derive(Debug, Clone, PartialEq)]
struct Request {
    profile: Profile,
    /// Every part when `None`.
    only: Option<Part>,
}

const USAGE: &str = "usage: cargo xtask bench [--smoke] [--only browser]";

fn parse_args(args: &[String]) -> Result<Request, String> {
    let mut request = Request {
        profile: Profile::full(),
        only: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--smoke" => request.profile = Profile::smoke(),
            "--only" => {
                request.only = match rest.next().map(String::as_str) {
                    Some("browser") => Some(Part::Browser),
                    _ => return Err(USAGE.into()),
                }
            }
            _ => return Err(USAGE.into()),
        }
    }
    Ok(request)
}

/// Builds what the benchmarks need: the signer's bench variant (`--release`, into
/// target/bench/edge-build, leaving edge-signer/build alone), and with `profile` the sandbox and
/// amzpay's `sign_ops`.
fn build(tc: &Toolchain, profile: BuildProfile) -> Result<(), String> {
    run_command(
        tc,
        &tc.root.join("edge-signer"),
        "worker-build",
        &[
            "--release",
            "-d",
            "../target/bench/edge-build",
            "--features",
            "bench",
        ],
    )?;
    // One command that selects every native crate, as the test tiers' commands do: cargo then
    // unifies the dependencies' features the same way, so in `dev` they are the ones the tests
    // compiled.
    let mut args = vec!["build"];
    args.extend_from_slice(profile.cargo_args());
    for package in NATIVE {
        args.extend(["-p", package]);
    }
    args.extend(["--bin", "amazon-pay-sandbox", "--example", "sign_ops"]);
    run_command(tc, &tc.root, "cargo", &args)?;
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Replaces what is between the README's bench markers.
fn update_readme(root: &Path, results: &Results) -> Result<(), String> {
    const START: &str = "<!-- bench:start -->";
    const END: &str = "<!-- bench:end -->";
    let path = root.join("README.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("README.md: {e}"))?;
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        println!("README.md has no {START} … {END} markers; not updated");
        return Ok(());
    };
    if b < a {
        return Err("README.md: the bench markers are in the wrong order".into());
    }
    let load = |key: &str| results.get(key).map_or("?".to_owned(), |v| format!("{v:.2}"));
    let body = format!(
        "{START}\nMachine: {} (1-minute load average {} at the start, {} at the end).\n\n{}{END}",
        results.machine,
        load("load_average_start"),
        load("load_average_end"),
        results.markdown()
    );
    let updated = format!("{}{body}{}", &text[..a], &text[b + END.len()..]);
    write(&path, &updated)
}

/// Runs every benchmark, or the part `--only` names.
pub fn run_bench(root: &Path, args: &[String]) -> Result<(), String> {
    let Request { profile, only } = parse_args(args)?;
    let tc = Toolchain::new(root);
    let started = Instant::now();
    build(&tc, profile.build)?;
    let mut out_dir = if profile.name == "smoke" {
        root.join("target/bench/smoke")
    } else {
        root.join("target/bench")
    };
    if let Some(part) = only {
        out_dir = out_dir.join(format!("only-{}", part.name()));
    }
    let mut results = Results::new(profile.name, machine());
    results.set("load_average_start", load_average());
    let build_dir = root.join("target/bench/edge-build");

    if only.is_none() {
        println!("\n=== bench: signing at the edge and signer throughput (workerd on CPU 1) ===");
        let bindings = server::signer_bindings(root, "http://127.0.0.1:9", SHOP_ORIGIN)?;
        let signer = server::Workerd::start(
            &tc,
            &build_dir,
            &root.join("target/bench/workerd"),
            &bindings,
            MEASURED_CPU,
        )?;
        let payload = edge_signing::measure(&tc, &signer, &profile, &mut results)?;
        throughput::measure(&tc, &signer, &payload, &profile, &mut results)
            .map_err(|e| format!("{e}\n{}", signer.logs()))?;
        drop(signer);

        println!("=== bench: amzpay ===");
        native::measure(&tc, &payload, &profile, &mut results)?;
    }

    println!("=== bench: widget and purchase in Chromium ===");
    browser::measure(&tc, &build_dir, &profile, &mut results)?;

    results.set("load_average_end", load_average());
    results.note(
        "load_average_start/end: 1-minute load average of the machine (anything above ~0.5 means other work \
         shared the CPUs during the run)"
            .to_owned(),
    );
    results.derive();
    let json_path = out_dir.join("results.json");
    write(&json_path, &results.to_json())?;
    write(&out_dir.join("table.md"), &results.markdown())?;
    let chart = results.chart_svg();
    write(&out_dir.join("chart.svg"), &chart)?;
    println!("\n{}", results.table());
    println!(
        "wrote {} and chart.svg ({:.0} s)",
        json_path.display(),
        started.elapsed().as_secs_f64()
    );

    // Read back what other tools will read.
    let written = std::fs::read_to_string(&json_path).map_err(|e| format!("{}: {e}", json_path.display()))?;
    let parsed: serde_json::Value =
        serde_json::from_str(&written).map_err(|e| format!("{}: {e}", json_path.display()))?;
    let required: &[&str] = match only {
        Some(part) => part.required_keys(),
        None => &report::REQUIRED_KEYS,
    };
    let mut problems = results.problems(required);
    for key in required {
        if parsed.get(key).is_none() {
            problems.push(format!("results.json has no {key}"));
        }
    }
    if !problems.is_empty() {
        return Err(format!("the benchmarks are incomplete: {}", problems.join("; ")));
    }
    if profile.name == "full" && only.is_none() {
        write(&root.join("xtask/bench-chart.svg"), &chart)?;
        update_readme(root, &results)?;
        println!("updated xtask/bench-chart.svg and the Benchmarks section of README.md");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN]), None);
        assert_eq!(median(&[]), None);
    }

    fn parse(args: &[&str]) -> Result<(&'static str, Option<Part>), String> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        parse_args(&args).map(|r| (r.profile.name, r.only))
    }

    #[test]
    fn arguments() {
        assert_eq!(parse(&[]), Ok(("full", None)));
        assert_eq!(parse(&["--smoke"]), Ok(("smoke", None)));
        assert_eq!(parse(&["--only", "browser"]), Ok(("full", Some(Part::Browser))));
        assert_eq!(
            parse(&["--smoke", "--only", "browser"]),
            Ok(("smoke", Some(Part::Browser)))
        );
        assert_eq!(
            parse(&["--only", "browser", "--smoke"]),
            Ok(("smoke", Some(Part::Browser)))
        );
        assert!(parse(&["--fast"]).is_err());
        assert!(parse(&["--only"]).is_err());
        assert!(parse(&["--only", "signer"]).is_err());
    }

    #[test]
    fn a_part_requires_only_keys_every_run_requires() {
        let part = Part::Browser;
        assert!(!part.required_keys().is_empty());
        for key in part.required_keys() {
            assert!(report::REQUIRED_KEYS.contains(key), "{key}");
        }
        assert!(part.required_keys().contains(&"button_vs_reference"));
    }

    #[test]
    fn machine_names_cpu_cores_and_memory() {
        let m = machine();
        assert!(m.contains("cores") && m.contains("GiB"), "{m}");
    }
}
