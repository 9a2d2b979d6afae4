//! `cargo xtask test`: every test tier, in order, stopping at the first failure.

use std::path::Path;
use std::time::Instant;

use crate::process::run;
use crate::toolchain::Toolchain;

/// Native crates (tests run on the host; the widget's plain-Rust modules and conversions too).
const NATIVE: [&str; 6] = [
    "amazon-pay-shared",
    "amazon-pay-widget",
    "amzpay",
    "amazon-pay-sandbox",
    "amazon-pay-tests",
    "xtask",
];

struct Tier {
    name: &'static str,
    steps: Vec<(&'static str, Vec<String>, &'static str)>,
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

fn packages(flag_list: &[&str]) -> Vec<String> {
    flag_list
        .iter()
        .flat_map(|p| ["-p".to_owned(), (*p).to_owned()])
        .collect()
}

/// The cross-crate test files of `tests/tests/`, split into browser tests (`browser_*.rs`) and
/// the rest, as `--test NAME` arguments.
fn cross_crate_tests(root: &Path) -> (Vec<String>, Vec<String>) {
    let mut names: Vec<String> = std::fs::read_dir(root.join("tests/tests"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".rs"))
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let (browser, other): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| n.starts_with("browser_"));
    let as_args = |list: Vec<String>| list.into_iter().flat_map(|n| ["--test".to_owned(), n]).collect();
    (as_args(browser), as_args(other))
}

fn tiers(root: &Path) -> Vec<Tier> {
    let mut clippy_native = strings(&["clippy"]);
    clippy_native.extend(packages(&NATIVE));
    clippy_native.extend(strings(&["--all-targets", "--", "-D", "warnings"]));

    let own_crates = [
        "amazon-pay-shared",
        "amazon-pay-widget",
        "amzpay",
        "amazon-pay-sandbox",
        "xtask",
    ];
    let mut unit = strings(&["test", "--lib", "--bins"]);
    unit.extend(packages(&own_crates));
    let doc = strings(&["test", "--doc", "-p", "amazon-pay-shared"]);
    let mut crate_integration = strings(&["test", "--tests"]);
    crate_integration.extend(packages(&["amazon-pay-shared", "amzpay", "amazon-pay-sandbox"]));
    let (browser_tests, other_tests) = cross_crate_tests(root);
    let mut integration = vec![("cargo", crate_integration, ".")];
    if !other_tests.is_empty() {
        let mut args = strings(&["test", "-p", "amazon-pay-tests"]);
        args.extend(other_tests);
        integration.push(("cargo", args, "."));
    }
    // The shop pages load the widget's script-tag bundle and one test packs its npm package:
    // both come from this build.
    let mut browser = vec![("bash", strings(&["widget/build.sh"]), ".")];
    if !browser_tests.is_empty() {
        let mut args = strings(&["test", "-p", "amazon-pay-tests"]);
        args.extend(browser_tests);
        browser.push(("cargo", args, "."));
    }
    browser.push((
        "cargo",
        strings(&[
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "amazon-pay-widget",
        ]),
        ".",
    ));

    vec![
        Tier {
            name: "format",
            steps: vec![("cargo", strings(&["fmt", "--all", "--", "--check"]), ".")],
        },
        Tier {
            name: "clippy (native)",
            steps: vec![("cargo", clippy_native, ".")],
        },
        Tier {
            name: "clippy (wasm32)",
            steps: vec![
                (
                    "cargo",
                    strings(&[
                        "clippy",
                        "--target",
                        "wasm32-unknown-unknown",
                        "-p",
                        "amazon-pay-shared",
                        "-p",
                        "amazon-pay-edge-signer",
                        "--lib",
                        "--",
                        "-D",
                        "warnings",
                    ]),
                    ".",
                ),
                (
                    "cargo",
                    strings(&[
                        "clippy",
                        "--target",
                        "wasm32-unknown-unknown",
                        "-p",
                        "amazon-pay-widget",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ]),
                    ".",
                ),
            ],
        },
        Tier {
            name: "unit",
            steps: vec![("cargo", unit, "."), ("cargo", doc, ".")],
        },
        Tier {
            name: "edge signer build (worker-build, wasm32)",
            steps: vec![
                (
                    "cargo",
                    strings(&["test", "-p", "amazon-pay-edge-signer", "--lib"]),
                    ".",
                ),
                ("worker-build", strings(&["--release"]), "edge-signer"),
                (
                    "wrangler",
                    vec![
                        "deploy".to_owned(),
                        "--dry-run".to_owned(),
                        "--outdir".to_owned(),
                        root.join("target/edge-signer-dry-run").display().to_string(),
                    ],
                    "edge-signer",
                ),
            ],
        },
        Tier {
            name:
                "integration (sandbox over HTTP, edge signer in workerd, official Node SDK, OpenSSL, amzpay)",
            steps: integration,
        },
        Tier {
            name: "browser (widget build; headless Chromium: sandbox checkout.js and hosted pages, the demo \
                   shop's purchase flows, the npm package in a Vite page, wasm-bindgen-test)",
            steps: browser,
        },
        Tier {
            // A few iterations of every benchmark, so they cannot rot; it checks that every
            // figure is a finite number, never how fast anything is.
            name: "bench smoke (cargo xtask bench --smoke)",
            steps: vec![(
                "cargo",
                strings(&["run", "--quiet", "-p", "xtask", "--", "bench", "--smoke"]),
                ".",
            )],
        },
    ]
}

/// Runs the tiers; `filter` (optional) runs only tiers whose name contains one of the words.
pub fn run_tests(root: &Path, filter: &[String]) -> Result<(), String> {
    let tc = Toolchain::new(root);
    let selected: Vec<Tier> = tiers(root)
        .into_iter()
        .filter(|t| filter.is_empty() || filter.iter().any(|f| t.name.contains(f.as_str())))
        .collect();
    let (mut passed, mut failed) = (0, 0);
    let mut failure = None;
    for tier in &selected {
        let started = Instant::now();
        println!("\n=== tier: {} ===", tier.name);
        let result = tier.steps.iter().try_for_each(|(program, args, dir)| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run(&tc, &root.join(dir), program, &args)
        });
        match result {
            Ok(()) => {
                passed += 1;
                println!(
                    "=== tier {} passed in {:.1}s ===",
                    tier.name,
                    started.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                failed += 1;
                println!("=== tier {} FAILED: {e} ===", tier.name);
                failure = Some(e);
                break;
            }
        }
    }
    println!("\ntest tiers:");
    println!("{passed} passed, {failed} failed");
    match failure {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_tier_builds_the_widget_before_the_browser_tests() {
        let root = crate::toolchain::workspace_root();
        let all = tiers(&root);
        let browser = all
            .iter()
            .find(|t| t.name.starts_with("browser"))
            .expect("a browser tier");
        let (program, args, _) = &browser.steps[0];
        assert_eq!(
            (*program, args.as_slice()),
            ("bash", &["widget/build.sh".to_owned()][..])
        );
        let tests = &browser.steps[1].1;
        for name in ["browser_shop_purchase", "browser_widget_npm_vite"] {
            assert!(
                tests.iter().any(|a| a == name),
                "{name} runs in the browser tier: {tests:?}"
            );
        }
        let integration = all
            .iter()
            .find(|t| t.name.starts_with("integration"))
            .expect("an integration tier");
        assert!(
            integration
                .steps
                .iter()
                .all(|(_, args, _)| !args.iter().any(|a| a.starts_with("browser_"))),
            "browser tests run only after the widget build"
        );
    }
}
