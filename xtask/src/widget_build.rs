//! Whether the widget's build (`widget/build.sh`, into `target/widget/`) is older than its
//! sources: `cargo xtask dev` and the benchmarks rebuild it only then.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the widget build reads (besides the registry crates in Cargo.lock).
pub const SOURCES: [&str; 9] = [
    "widget/src",
    "widget/js",
    "widget/build.sh",
    "widget/Cargo.toml",
    "widget/README.md",
    "shared/src",
    "shared/Cargo.toml",
    "Cargo.toml",
    "Cargo.lock",
];
/// What the widget build writes; the oldest of them dates the build.
pub const OUTPUTS: [&str; 3] = [
    "target/widget/script/amazon-pay-widget.js",
    "target/widget/script/amazon-pay-widget.wasm",
    "target/widget/npm/package.json",
];

/// The newest modification time of a file at or under `path` (`None` if there is none).
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| newest(&entry.path()))
        .max()
}

/// True when an output of the widget build is missing or older than a source.
pub fn is_stale(root: &Path) -> bool {
    let outputs: Option<Vec<SystemTime>> = OUTPUTS
        .iter()
        .map(|o| std::fs::metadata(root.join(o)).and_then(|m| m.modified()).ok())
        .collect();
    let Some(built) = outputs.and_then(|times| times.into_iter().min()) else {
        return true;
    };
    let sources: Vec<PathBuf> = SOURCES.iter().map(|s| root.join(s)).collect();
    sources.iter().filter_map(|s| newest(s)).any(|t| t > built)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn touch(path: &Path, at: SystemTime) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(at)
            .unwrap();
    }

    #[test]
    fn the_widget_is_rebuilt_only_when_a_source_is_newer_than_its_build() {
        let root = std::env::temp_dir().join(format!("xtask-widget-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let then = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let later = then + Duration::from_secs(60);
        touch(&root.join("widget/src/lib.rs"), then);
        touch(&root.join("Cargo.lock"), then);
        assert!(is_stale(&root), "never built");
        for output in OUTPUTS {
            touch(&root.join(output), later);
        }
        assert!(!is_stale(&root), "built after every source");
        touch(&root.join("widget/js/index.js"), later + Duration::from_secs(1));
        assert!(is_stale(&root), "a source changed after the build");
        touch(&root.join(OUTPUTS[0]), later + Duration::from_secs(2));
        assert!(is_stale(&root), "the oldest output dates the build");
        let _ = std::fs::remove_dir_all(&root);
    }
}
