//! `cargo xtask test`: every test tier, in order, stopping at the first failure.

use std::path::Path;
use std::time::Instant;

use crate::process::run;
use crate::toolchain::Toolchain;
use crate::{module_graph, test_binaries};

/// Native crates (tests run on the host).
const NATIVE: [&str; 5] = [
    "amazon-pay-shared",
    "amzpay",
    "amazon-pay-sandbox",
    "amazon-pay-tests",
    "xtask",
];

/// Whether a circle in a crate's module graph fails the structure tier. While `false`, the tier
/// lists every circle and passes; with `true`, any circle fails it.
pub const ENFORCE_ACYCLIC: bool = false;

/// The cross-crate test binary (`tests/tests/it/main.rs`).
const CROSS_CRATE_TESTS: &str = "it";

/// The start of the cross-crate test modules that run in the browser tier, after the widget
/// build; as a test-name filter it selects their tests (and `--skip` leaves them out).
const BROWSER_MODULES: &str = "browser_";

/// One step of a tier.
enum Step {
    /// A program with its arguments, run in a folder of the workspace.
    Run {
        program: &'static str,
        args: Vec<String>,
        dir: &'static str,
    },
    /// A check xtask does itself.
    Check(fn(&Path) -> Result<(), String>),
}

fn cmd(program: &'static str, args: Vec<String>, dir: &'static str) -> Step {
    Step::Run { program, args, dir }
}

struct Tier {
    name: &'static str,
    steps: Vec<Step>,
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

/// `cargo test` of the cross-crate test binary, with libtest arguments after `--`.
fn cross_crate_tests(filter: &[&str]) -> Vec<String> {
    let mut args = strings(&[
        "test",
        "-p",
        "amazon-pay-tests",
        "--test",
        CROSS_CRATE_TESTS,
        "--",
    ]);
    args.extend(strings(filter));
    args
}

/// Lists the circles of every crate's module graph; fails on any when [`ENFORCE_ACYCLIC`].
fn module_graph_is_acyclic(root: &Path) -> Result<(), String> {
    let circles = module_graph::workspace_circles(root)?;
    for circle in &circles {
        println!("{circle}");
    }
    println!("{} import circles between files", circles.len());
    if circles.is_empty() || !ENFORCE_ACYCLIC {
        if !circles.is_empty() {
            println!("(not failing: ENFORCE_ACYCLIC is false in xtask/src/test.rs)");
        }
        Ok(())
    } else {
        Err(format!("{} import circles between files", circles.len()))
    }
}

/// Fails when a crate has more than one integration test binary (and lists those allowed to).
fn one_test_binary_per_crate(root: &Path) -> Result<(), String> {
    let (allowed, problems): (Vec<_>, Vec<_>) = test_binaries::crates_with_several_test_binaries(root)
        .into_iter()
        .partition(test_binaries::SplitTests::allowed);
    for split in &allowed {
        println!("{split} (allowed: SEVERAL_BINARIES_ALLOWED in xtask/src/test_binaries.rs)");
    }
    if problems.is_empty() {
        println!("one integration test binary per crate");
        Ok(())
    } else {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Err(lines.join("; "))
    }
}

fn tiers(root: &Path) -> Vec<Tier> {
    let mut clippy_native = strings(&["clippy"]);
    clippy_native.extend(packages(&NATIVE));
    clippy_native.extend(strings(&["--all-targets", "--", "-D", "warnings"]));

    let own_crates = ["amazon-pay-shared", "amzpay", "amazon-pay-sandbox", "xtask"];
    let mut unit = strings(&["test", "--lib", "--bins"]);
    unit.extend(packages(&own_crates));
    let doc = strings(&["test", "--doc", "-p", "amazon-pay-shared"]);
    // Each crate's integration test binary (the unit tier ran the unit tests).
    let mut crate_integration = strings(&["test", "--test", "*"]);
    crate_integration.extend(packages(&["amazon-pay-shared", "amzpay", "amazon-pay-sandbox"]));

    vec![
        Tier {
            name: "structure (module graph, one integration test binary per crate)",
            steps: vec![
                Step::Check(module_graph_is_acyclic),
                Step::Check(one_test_binary_per_crate),
            ],
        },
        Tier {
            name: "format",
            steps: vec![cmd("cargo", strings(&["fmt", "--all", "--", "--check"]), ".")],
        },
        Tier {
            name: "clippy (native)",
            steps: vec![cmd("cargo", clippy_native, ".")],
        },
        Tier {
            name: "clippy (wasm32)",
            steps: vec![
                cmd(
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
                cmd(
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
            steps: vec![cmd("cargo", unit, "."), cmd("cargo", doc, ".")],
        },
        Tier {
            name: "edge signer build (worker-build, wasm32)",
            steps: vec![
                cmd(
                    "cargo",
                    strings(&["test", "-p", "amazon-pay-edge-signer", "--lib"]),
                    ".",
                ),
                cmd("worker-build", strings(&["--release"]), "edge-signer"),
                cmd(
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
            steps: vec![
                cmd("cargo", crate_integration, "."),
                cmd("cargo", cross_crate_tests(&["--skip", BROWSER_MODULES]), "."),
            ],
        },
        Tier {
            name: "browser (widget build; headless Chromium: sandbox checkout.js and hosted pages, the demo \
                   shop's purchase flows, the npm package in a Vite page, wasm-bindgen-test)",
            steps: vec![
                // The shop pages load the widget's script-tag bundle and one test packs its npm
                // package: both come from this build.
                cmd("bash", strings(&["widget/build.sh"]), "."),
                cmd("cargo", cross_crate_tests(&[BROWSER_MODULES]), "."),
                cmd(
                    "cargo",
                    strings(&[
                        "test",
                        "--target",
                        "wasm32-unknown-unknown",
                        "-p",
                        "amazon-pay-widget",
                    ]),
                    ".",
                ),
            ],
        },
        Tier {
            // A few iterations of every benchmark, so they cannot rot; it checks that every
            // figure is a finite number, never how fast anything is.
            name: "bench smoke (cargo xtask bench --smoke)",
            steps: vec![cmd(
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
        let result = tier.steps.iter().try_for_each(|step| match step {
            Step::Run { program, args, dir } => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                run(&tc, &root.join(dir), program, &args)
            }
            Step::Check(check) => check(root),
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

    fn commands(tier: &Tier) -> Vec<(&'static str, &[String])> {
        tier.steps
            .iter()
            .filter_map(|step| match step {
                Step::Run { program, args, .. } => Some((*program, args.as_slice())),
                Step::Check(_) => None,
            })
            .collect()
    }

    fn tier<'t>(all: &'t [Tier], start: &str) -> &'t Tier {
        all.iter()
            .find(|t| t.name.starts_with(start))
            .unwrap_or_else(|| panic!("a tier named {start}…"))
    }

    #[test]
    fn the_browser_tier_builds_the_widget_before_the_browser_tests() {
        let root = crate::toolchain::workspace_root();
        let all = tiers(&root);
        let browser = commands(tier(&all, "browser"));
        assert_eq!(browser[0], ("bash", &["widget/build.sh".to_owned()][..]));
        assert_eq!(
            browser[1].1,
            strings(&["test", "-p", "amazon-pay-tests", "--test", "it", "--", "browser_"])
        );
        let integration = commands(tier(&all, "integration"));
        let cross_crate = integration
            .iter()
            .find(|(_, args)| args.iter().any(|a| a == "amazon-pay-tests"))
            .expect("the cross-crate tests run in the integration tier");
        assert!(
            cross_crate.1.ends_with(&strings(&["--", "--skip", "browser_"])),
            "browser tests run only after the widget build: {cross_crate:?}"
        );
    }

    /// The test filters split the cross-crate tests by module: no function or module outside a
    /// `browser_*` module has `browser_` in its name (else the integration tier would skip its
    /// tests and the browser tier run them).
    #[test]
    fn only_browser_modules_have_browser_in_their_test_names() {
        let dir = crate::toolchain::workspace_root().join("tests/tests/it");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("tests/tests/it").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(BROWSER_MODULES) || name == "main.rs" || !name.ends_with(".rs") {
                continue;
            }
            seen += 1;
            let text = std::fs::read_to_string(entry.path()).expect("a test module");
            let words: Vec<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .collect();
            for pair in words.windows(2) {
                assert!(
                    !(matches!(pair[0], "fn" | "mod") && pair[1].contains(BROWSER_MODULES)),
                    "{name}: `{} {}` would be taken for a browser test",
                    pair[0],
                    pair[1]
                );
            }
        }
        assert!(seen > 5, "the cross-crate test modules are in {}", dir.display());
    }

    #[test]
    fn every_browser_module_is_declared_in_the_cross_crate_binary() {
        let dir = crate::toolchain::workspace_root().join("tests/tests/it");
        let main = std::fs::read_to_string(dir.join("main.rs")).expect("tests/tests/it/main.rs");
        for entry in std::fs::read_dir(&dir).expect("tests/tests/it").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(module) = name.strip_suffix(".rs").filter(|m| *m != "main") {
                assert!(
                    main.contains(&format!("mod {module};")),
                    "tests/tests/it/{name} is a module of main.rs"
                );
            }
        }
    }

    #[test]
    fn the_structure_tier_comes_first_and_checks_in_process() {
        let all = tiers(&crate::toolchain::workspace_root());
        assert!(all[0].name.starts_with("structure"));
        assert!(all[0].steps.iter().all(|s| matches!(s, Step::Check(_))));
        assert!(one_test_binary_per_crate(&crate::toolchain::workspace_root()).is_ok());
    }
}
