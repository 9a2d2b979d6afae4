//! A shop's front-end project as the tests build one: the widget's npm package packed and
//! installed from its tarball into a fresh folder (nothing fetched from a registry), other
//! packages linked from the workspace's `node_modules`, and the page built with Vite.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::shop::widget_npm_dir;
use crate::{node, repo_root};

/// Where the examples' own dependencies (React, Vue) are installed:
/// `$AMAZON_PAY_EXAMPLES_NODE_MODULES`, else the workspace's `node_modules` (the root
/// `package.json` lists them as devDependencies).
pub fn examples_node_modules() -> PathBuf {
    std::env::var_os("AMAZON_PAY_EXAMPLES_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("node_modules"))
}

/// Runs `program args` in `dir` with `node_modules/.bin` first on PATH; panics with the output
/// on failure, else answers it.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let bin = repo_root().join("node_modules/.bin");
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("npm_config_update_notifier", "false")
        .output()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{program} {args:?} failed in {}: {text}",
        dir.display()
    );
    text
}

/// Copies the folder `from` into `to` (files and subfolders, no links).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the folder");
    for entry in std::fs::read_dir(from)
        .expect("read the folder")
        .filter_map(Result::ok)
    {
        let target = to.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Makes `app` (which holds the project's sources) an npm project with the widget's package
/// installed from its tarball and `linked` packages linked from [`examples_node_modules`].
pub fn install_widget(work: &Path, app: &Path, linked: &[&str]) {
    let pack = work.join("pack");
    std::fs::create_dir_all(&pack).expect("pack folder");
    run(
        &widget_npm_dir(),
        "npm",
        &["pack", "--pack-destination", pack.to_str().expect("utf-8 path")],
    );
    let tarball = std::fs::read_dir(&pack)
        .expect("pack folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .expect("npm pack wrote a tarball");
    std::fs::write(
        app.join("package.json"),
        r#"{"name": "example-shop", "private": true, "type": "module"}"#,
    )
    .expect("package.json");
    run(
        app,
        "npm",
        &[
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            tarball.to_str().expect("utf-8 path"),
        ],
    );
    let from = examples_node_modules();
    for name in linked {
        let source = from.join(name);
        assert!(
            source.join("package.json").exists(),
            "{name} is not installed in {}: run `npm install` at the repository root",
            from.display()
        );
        std::os::unix::fs::symlink(&source, app.join("node_modules").join(name)).expect("link a package");
    }
}

/// `vite build` in `app`; answers its `dist/` folder.
pub fn vite_build(app: &Path) -> PathBuf {
    let vite = repo_root().join("node_modules/vite/bin/vite.js");
    assert!(
        vite.exists(),
        "vite is not installed: run `cargo xtask setup` first"
    );
    run(
        app,
        node().to_str().expect("utf-8 path"),
        &[vite.to_str().expect("utf-8 path"), "build", "--logLevel", "warn"],
    );
    app.join("dist")
}
