//! `cargo xtask`: the project's entry points.
//!
//! * `cargo xtask setup`: install every tool the project needs, pinned, from the registries only.
//! * `cargo xtask test`: set-up, then every test tier.
//! * `cargo xtask dev`: the local stack (sandbox, signer, demo shop).

mod dev;
mod process;
mod setup;
mod static_files;
mod test;
mod toolchain;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <setup|test|dev|bench>

  setup   install the pinned toolchain (wasm32 target, worker-build, wasm-bindgen-cli,
          npm packages from package-lock.json, Debian chromium and chromium-driver)
  test    setup, then every test tier (fmt, clippy native and wasm32, unit, integration,
          Worker build, browser)
  dev     start the local stack: sandbox (:8790), edge signer in wrangler dev (:8787)
          and the demo shop (:8080); --sandbox-port, --signer-port, --shop-port change them
  bench   run the benchmarks";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = toolchain::workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::install(&root),
        Some("test") => setup::install(&root).and_then(|()| test::run_tests(&root, &args[1..])),
        Some("dev") => setup::install(&root).and_then(|()| dev::run_dev(&root, &args[1..])),
        Some("bench") => Err("benchmarks are not available yet".to_owned()),
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
