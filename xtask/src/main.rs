//! `cargo xtask`: the project's entry points.
//!
//! * `cargo xtask setup`: install every tool the project needs, pinned, from the registries only.
//! * `cargo xtask test`: set-up, then every test tier.
//! * `cargo xtask dev`: the local stack (sandbox, signer, demo shop).
//! * `cargo xtask bench [--smoke]`: the benchmarks, each against a reference in the same run.
//! * `cargo xtask release [--repository URL]`: the deliverables in `target/dist/`.

mod bench;
mod crates;
mod dev;
mod module_graph;
mod process;
mod release;
mod setup;
mod static_files;
mod test;
mod test_binaries;
mod toolchain;
mod widget_build;

use std::process::ExitCode;

use crate::setup::Purpose;

const USAGE: &str = "usage: cargo xtask <setup|test|dev|bench|release>

  setup   install the pinned toolchain (wasm32 target, worker-build, wasm-bindgen-cli,
          npm packages from package-lock.json; on Debian as root also openssl, chromium,
          chromium-driver, fonts-noto-cjk and wrk for the tests); dev and release install
          only what builds need and name what they cannot install
  test    setup, then every test tier (fmt, clippy native and wasm32, unit, integration,
          Worker build, browser, bench smoke)
  dev     start the local stack: sandbox (:8790), edge signer in wrangler dev (:8787)
          and the demo shop (:8080); --sandbox-port, --signer-port, --shop-port change them
  bench   the benchmarks, each against a reference in the same run (edge signing vs
          the Node SDK and OpenSSL, signer throughput vs a no-op route, amzpay vs OpenSSL,
          widget and purchase in Chromium): target/bench/results.json, a table and
          target/bench/chart.svg; the full run also updates README.md's Benchmarks section.
          --smoke: a few iterations of each (target/bench/smoke/)
  release the deliverables in target/dist/: the script-tag bundle in a versioned folder
          with its SRI manifest, the npm tarball, amzpay for this machine and the signer's
          bundle; --repository URL (or AMAZON_PAY_EDGE_REPOSITORY) names the project's
          repository in the npm package and the manifest, which otherwise name none";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = toolchain::workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::install(&root, Purpose::Test),
        Some("test") => {
            setup::install(&root, Purpose::Test).and_then(|()| test::run_tests(&root, &args[1..]))
        }
        Some("dev") => setup::install(&root, Purpose::Build).and_then(|()| dev::run_dev(&root, &args[1..])),
        Some("bench") => {
            setup::install(&root, Purpose::Test).and_then(|()| bench::run_bench(&root, &args[1..]))
        }
        Some("release") => {
            setup::install(&root, Purpose::Build).and_then(|()| release::run_release(&root, &args[1..]))
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
