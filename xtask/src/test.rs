//! `cargo xtask test`: every test tier, in order, stopping at the first failure.

use std::path::Path;
use std::time::Instant;

use crate::crates::NATIVE;
use crate::process::run;
use crate::toolchain::Toolchain;
use crate::{module_graph, test_binaries};

/// The cross-crate test binary (`tests/tests/cross_crate/main.rs`).
const CROSS_CRATE_TESTS: &str = "cross_crate";

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

/// `cargo test` of the native crates with more arguments: every native test command selects
/// the same packages, so that cargo unifies their dependencies' features the same way and
/// compiles each dependency once for all of them.
fn native_test(more: &[&str]) -> Vec<String> {
    let mut args = strings(&["test"]);
    args.extend(packages(&NATIVE));
    args.extend(strings(more));
    args
}

/// Lists the circles of every crate's module graph; fails on any.
fn module_graph_is_acyclic(root: &Path) -> Result<(), String> {
    let circles = module_graph::workspace_circles(root)?;
    for circle in &circles {
        println!("{circle}");
    }
    println!("{} import circles between files", circles.len());
    if circles.is_empty() {
        Ok(())
    } else {
        Err(format!("{} import circles between files", circles.len()))
    }
}

/// Fails when a crate has more than one integration test binary.
fn one_test_binary_per_crate(root: &Path) -> Result<(), String> {
    let problems = test_binaries::crates_with_several_test_binaries(root);
    if problems.is_empty() {
        println!("one integration test binary per crate");
        Ok(())
    } else {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Err(lines.join("; "))
    }
}

/// `wrangler deploy --dry-run` of one environment of `edge-signer/wrangler.toml`.
fn wrangler_dry_run(root: &Path, env: &'static str) -> Step {
    let outdir = root.join("target/edge-signer-dry-run").join(env);
    cmd(
        "wrangler",
        vec![
            "deploy".to_owned(),
            "--dry-run".to_owned(),
            "--env".to_owned(),
            env.to_owned(),
            "--outdir".to_owned(),
            outdir.display().to_string(),
        ],
        "edge-signer",
    )
}

fn tiers(root: &Path) -> Vec<Tier> {
    let mut clippy_native = strings(&["clippy"]);
    clippy_native.extend(packages(&NATIVE));
    clippy_native.extend(strings(&["--all-targets", "--", "-D", "warnings"]));

    let unit = native_test(&["--lib", "--bins"]);
    let doc = native_test(&["--doc"]);
    // Every integration test binary (the unit tier ran the unit tests), the cross-crate one
    // without its browser modules.
    let integration = native_test(&["--test", "*", "--", "--skip", BROWSER_MODULES]);
    let browser_tests = native_test(&["--test", CROSS_CRATE_TESTS, "--", BROWSER_MODULES]);

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
                // wrangler runs the build command of wrangler.toml (`worker-build --release`)
                // before each dry run: the first one builds what the integration tier runs.
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
                // The live environment of wrangler.toml (docs/deploy.md) bundles too.
                wrangler_dry_run(root, "production"),
            ],
        },
        Tier {
            name:
                "integration (sandbox over HTTP, edge signer in workerd, official Node SDK, OpenSSL, amzpay)",
            steps: vec![cmd("cargo", integration, ".")],
        },
        Tier {
            name:
                "browser (widget build; the examples' types with tsc; headless Chromium: sandbox checkout.js \
                   and hosted pages, the demo shop's purchase flows, the npm package in a Vite page and in \
                   the React example, wasm-bindgen-test)",
            steps: vec![
                // The shop pages load the widget's script-tag bundle and one test packs its npm
                // package: both come from this build.
                cmd("bash", strings(&["widget/build.sh"]), "."),
                cmd("cargo", browser_tests, "."),
                // The React and Vue examples against the package's types, as built above.
                cmd("tsc", strings(&["--noEmit", "-p", "examples/tsconfig.json"]), "."),
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
            native_test(&["--test", "cross_crate", "--", "browser_"])
        );
        let integration = commands(tier(&all, "integration"));
        assert_eq!(
            integration,
            [(
                "cargo",
                &native_test(&["--test", "*", "--", "--skip", "browser_"])[..]
            )],
            "browser tests run only after the widget build"
        );
    }

    #[test]
    fn every_native_cargo_test_selects_the_same_packages() {
        let all = tiers(&crate::toolchain::workspace_root());
        let native_tests: Vec<&[String]> = all
            .iter()
            .flat_map(commands)
            .filter(|(program, args)| {
                *program == "cargo"
                    && args.first().is_some_and(|a| a == "test")
                    && !args.iter().any(|a| a == "--target")
                    && !args.iter().any(|a| a == "amazon-pay-edge-signer")
            })
            .map(|(_, args)| args)
            .collect();
        assert_eq!(native_tests.len(), 4, "unit, doc, integration, browser");
        for args in native_tests {
            let selected: Vec<&String> = args
                .windows(2)
                .filter(|pair| pair[0] == "-p")
                .map(|pair| &pair[1])
                .collect();
            assert_eq!(selected, NATIVE.iter().collect::<Vec<_>>(), "{args:?}");
        }
    }

    /// The cross-crate test modules' files.
    fn cross_crate_modules() -> Vec<(String, std::path::PathBuf)> {
        let dir = crate::toolchain::workspace_root().join("tests/tests/cross_crate");
        let mut found: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
            .expect("tests/tests/cross_crate")
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(name, _)| name.ends_with(".rs") && name != "main.rs")
            .collect();
        found.sort();
        found
    }

    /// The test filters split the integration tests by module: no function or module of a
    /// native crate's tests outside the cross-crate `browser_*` modules has `browser_` in its
    /// name (else the integration tier would skip its tests and the browser tier run them).
    #[test]
    fn only_browser_modules_have_browser_in_their_test_names() {
        let root = crate::toolchain::workspace_root();
        let mut pending: Vec<std::path::PathBuf> = ["shared", "shared/cli", "sandbox", "tests", "xtask"]
            .iter()
            .map(|dir| root.join(dir).join("tests"))
            .collect();
        let mut seen = 0;
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let browser_module =
                    dir.ends_with("tests/tests/cross_crate") && name.starts_with(BROWSER_MODULES);
                if browser_module || name == "main.rs" || !name.ends_with(".rs") {
                    continue;
                }
                seen += 1;
                let text = std::fs::read_to_string(&path).expect("a test file");
                let words: Vec<&str> = text
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty())
                    .collect();
                for pair in words.windows(2) {
                    assert!(
                        !(matches!(pair[0], "fn" | "mod") && pair[1].contains(BROWSER_MODULES)),
                        "{}: `{} {}` would be taken for a browser test",
                        path.display(),
                        pair[0],
                        pair[1]
                    );
                }
            }
        }
        assert!(seen > 20, "the native crates' test files are found ({seen})");
    }

    #[test]
    fn every_cross_crate_module_is_declared_in_its_binary() {
        let main = crate::toolchain::workspace_root().join("tests/tests/cross_crate/main.rs");
        let main = std::fs::read_to_string(main).expect("tests/tests/cross_crate/main.rs");
        let modules = cross_crate_modules();
        assert!(modules.iter().any(|(name, _)| name.starts_with(BROWSER_MODULES)));
        for (name, _) in modules {
            let module = name.trim_end_matches(".rs");
            assert!(
                main.contains(&format!("mod {module};")),
                "tests/tests/cross_crate/{name} is a module of main.rs"
            );
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
