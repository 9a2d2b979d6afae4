//! The crates of the workspace: the native ones, and every folder with a `Cargo.toml`.

use std::path::{Path, PathBuf};

/// The native crates (built and tested on the host). Every native `cargo test` and the
/// benchmarks' native build select all of them, so that cargo unifies their dependencies'
/// features the same way each time and builds each dependency once.
pub const NATIVE: [&str; 6] = [
    "amazon-pay-shared",
    "amazon-pay-widget",
    "amzpay",
    "amazon-pay-sandbox",
    "amazon-pay-tests",
    "xtask",
];

/// Folders never searched for crates: build output, npm packages, git's own data.
const NOT_SOURCE: [&str; 3] = ["target", "node_modules", ".git"];

/// Every folder below `root` (and `root` itself) that holds a `Cargo.toml`, sorted; folders
/// named in `skip` are not entered, nor are `target/`, `node_modules/`, `.git/` or symbolic
/// links.
pub fn crate_dirs(root: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if dir.join("Cargo.toml").is_file() {
            found.push(dir.clone());
        }
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if is_dir && !NOT_SOURCE.contains(&name.as_ref()) && !skip.contains(&name.as_ref()) {
                pending.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// `path` relative to `root`, with `/` between its parts.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_crates_are_found_and_target_is_not_entered() {
        let root = crate::toolchain::workspace_root();
        let dirs: Vec<String> = crate_dirs(&root, &[])
            .iter()
            .map(|d| relative(&root, d))
            .collect();
        for member in ["", "shared", "shared/cli", "sandbox", "tests", "xtask"] {
            assert!(dirs.iter().any(|d| d == member), "{member:?} in {dirs:?}");
        }
        assert!(dirs.iter().all(|d| !d.starts_with("target")), "{dirs:?}");
        let without_tests = crate_dirs(&root, &["tests"]);
        assert!(!without_tests.contains(&root.join("tests")));
    }
}
