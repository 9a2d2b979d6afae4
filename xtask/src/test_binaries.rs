//! One integration test binary per crate: every integration test binary links the crate and all
//! its dependencies again, so a crate's integration tests are modules of one `tests/<name>/main.rs`.

use std::path::Path;

use crate::crates::{crate_dirs, relative};

/// A crate with more than one integration test binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitTests {
    /// The crate's folder, relative to the workspace root.
    pub crate_dir: String,
    /// Its integration test binaries (paths below the crate).
    pub binaries: Vec<String>,
}

impl std::fmt::Display for SplitTests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} integration test binaries ({}); make them modules of one tests/<name>/main.rs",
            self.crate_dir,
            self.binaries.len(),
            self.binaries.join(", ")
        )
    }
}

/// The integration test binaries cargo finds in a crate's `tests/` folder: each `tests/*.rs` and
/// each `tests/*/main.rs`, as paths below the crate, sorted.
pub fn integration_test_binaries(crate_dir: &Path) -> Vec<String> {
    let tests = crate_dir.join("tests");
    let mut found: Vec<String> = std::fs::read_dir(&tests)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && path.join("main.rs").is_file() {
                Some(path.join("main.rs"))
            } else if !is_dir && path.extension().is_some_and(|e| e == "rs") {
                Some(path)
            } else {
                None
            }
        })
        .map(|path| relative(crate_dir, &path))
        .collect();
    found.sort();
    found
}

/// The crates of the workspace below `root` with more than one integration test binary.
pub fn crates_with_several_test_binaries(root: &Path) -> Vec<SplitTests> {
    crate_dirs(root, &[])
        .into_iter()
        .map(|dir| SplitTests {
            crate_dir: relative(root, &dir),
            binaries: integration_test_binaries(&dir),
        })
        .filter(|split| split.binaries.len() > 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_crate_of_the_workspace_has_at_most_one_integration_test_binary() {
        let root = crate::toolchain::workspace_root();
        let split = crates_with_several_test_binaries(&root);
        assert!(split.is_empty(), "{split:?}");
        assert_eq!(
            integration_test_binaries(&root.join("tests")),
            ["tests/cross_crate/main.rs"]
        );
    }

    #[test]
    fn top_level_files_and_main_rs_folders_count_as_binaries() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("tests/it/common")).unwrap();
        std::fs::write(dir.join("tests/it/main.rs"), "mod common;").unwrap();
        std::fs::write(dir.join("tests/it/common/mod.rs"), "").unwrap();
        std::fs::write(dir.join("tests/it/api.rs"), "").unwrap();
        assert_eq!(integration_test_binaries(&dir), ["tests/it/main.rs"]);
        std::fs::write(dir.join("tests/extra.rs"), "").unwrap();
        assert_eq!(
            integration_test_binaries(&dir),
            ["tests/extra.rs", "tests/it/main.rs"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-test-binaries-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }
}
