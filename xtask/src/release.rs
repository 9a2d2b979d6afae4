//! `cargo xtask release`: the deliverables of one version in `target/dist/`.
//!
//! * `amazon-pay-widget/<version>/`: the script-tag bundle (a new folder per version, so every
//!   file in it can be cached forever) and `manifest.json` with each file's SRI hash;
//! * `amazon-pay-widget-<version>.tgz`: the npm package (`npm pack`);
//! * `amzpay-<version>-<host triple>`: the command-line tool, release build, for this machine
//!   (other machines build their own: `cargo build --release -p amzpay --target …`);
//! * `edge-signer/<version>/`: the Worker bundle wrangler would upload
//!   (`wrangler deploy --dry-run --env production --outdir`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha384};

use crate::process::{output, run};
use crate::toolchain::Toolchain;
use crate::widget_build;

/// The npm package and the script-tag bundle's name.
const WIDGET: &str = "amazon-pay-widget";

/// A value of `[workspace.package]` in the root `Cargo.toml` (`version`, `repository`).
pub fn workspace_field(cargo_toml: &str, key: &str) -> Option<String> {
    let mut in_workspace_package = false;
    for line in cargo_toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_workspace_package = line == "[workspace.package]";
            continue;
        }
        if !in_workspace_package {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if name.trim() == key {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

/// The Subresource Integrity value of some bytes: `sha384-` and the base64 of the digest.
pub fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The manifest of a versioned script-tag folder: each file's SRI hash and size, by name.
pub fn manifest(version: &str, files: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    let entries: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|(name, bytes)| {
            (
                name.clone(),
                serde_json::json!({ "integrity": sri(bytes), "bytes": bytes.len() }),
            )
        })
        .collect();
    serde_json::json!({
        "name": WIDGET,
        "version": version,
        "path": format!("{WIDGET}/{version}/"),
        "files": entries,
    })
}

fn io_error(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

/// Copies the script-tag bundle into `dist/amazon-pay-widget/<version>/` and writes its manifest.
fn script_tag_bundle(root: &Path, dist: &Path, version: &str) -> Result<PathBuf, String> {
    let source = root.join("target/widget/script");
    let folder = dist.join(WIDGET).join(version);
    std::fs::create_dir_all(&folder).map_err(|e| io_error(&folder, e))?;
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&source).map_err(|e| io_error(&source, e))? {
        let path = entry.map_err(|e| io_error(&source, e))?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).map_err(|e| io_error(&path, e))?;
        std::fs::write(folder.join(&name), &bytes).map_err(|e| io_error(&folder.join(&name), e))?;
        files.insert(name, bytes);
    }
    let text = serde_json::to_string_pretty(&manifest(version, &files)).map_err(|e| e.to_string())?;
    let path = folder.join("manifest.json");
    std::fs::write(&path, text + "\n").map_err(|e| io_error(&path, e))?;
    Ok(folder)
}

/// `npm pack` of the widget's npm package; refuses a tarball of another version.
fn npm_tarball(tc: &Toolchain, dist: &Path, version: &str) -> Result<PathBuf, String> {
    let package = tc.root.join("target/widget/npm");
    let dist_arg = dist.display().to_string();
    run(
        tc,
        &package,
        "npm",
        &["pack", "--pack-destination", &dist_arg, "--loglevel=error"],
    )?;
    let tarball = dist.join(format!("{WIDGET}-{version}.tgz"));
    if tarball.is_file() {
        Ok(tarball)
    } else {
        Err(format!("npm pack did not write {}", tarball.display()))
    }
}

/// The host's target triple (`rustc -vV`).
fn host_triple() -> Result<String, String> {
    let info = output(Command::new("rustc").arg("-vV")).ok_or("cannot run rustc -vV")?;
    info.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

/// `amzpay`, release build, for this machine.
fn amzpay_binary(tc: &Toolchain, dist: &Path, version: &str) -> Result<PathBuf, String> {
    run(tc, &tc.root, "cargo", &["build", "--release", "-p", "amzpay"])?;
    let exe = std::env::consts::EXE_SUFFIX;
    let built = tc.cargo_target_dir().join(format!("release/amzpay{exe}"));
    let shipped = dist.join(format!("amzpay-{version}-{}{exe}", host_triple()?));
    std::fs::copy(&built, &shipped).map_err(|e| io_error(&built, e))?;
    Ok(shipped)
}

/// The signer's bundle as `wrangler deploy --env production` would upload it.
fn signer_bundle(tc: &Toolchain, dist: &Path, version: &str) -> Result<PathBuf, String> {
    let out = dist.join("edge-signer").join(version);
    let out_arg = out.display().to_string();
    run(
        tc,
        &tc.root.join("edge-signer"),
        "wrangler",
        &["deploy", "--dry-run", "--env", "production", "--outdir", &out_arg],
    )?;
    Ok(out)
}

/// Every file under `dir` with its size, relative to `dir`, sorted.
fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push((relative.display().to_string(), size));
            }
        }
    }
    found.sort();
    found
}

/// Builds every deliverable into a fresh `target/dist/`.
pub fn run_release(root: &Path, args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!("release takes no arguments (got {extra})"));
    }
    let tc = Toolchain::new(root);
    let cargo_toml = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| io_error(root, e))?;
    let version =
        workspace_field(&cargo_toml, "version").ok_or("Cargo.toml: no [workspace.package] version")?;
    let dist = root.join("target/dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| io_error(&dist, e))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| io_error(&dist, e))?;

    if widget_build::is_stale(root) {
        run(&tc, root, "bash", &["widget/build.sh"])?;
    }
    script_tag_bundle(root, &dist, &version)?;
    npm_tarball(&tc, &dist, &version)?;
    amzpay_binary(&tc, &dist, &version)?;
    signer_bundle(&tc, &dist, &version)?;

    println!("\ntarget/dist/ ({WIDGET} {version}):");
    for (file, size) in listing(&dist) {
        println!("  {file:<60} {size:>9} B");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_is_sha384_in_standard_base64() {
        // `printf abc | openssl dgst -sha384 -binary | openssl base64 -A`
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        assert_eq!(
            sri(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn the_manifest_names_each_file_with_its_hash_and_size_under_the_version() {
        let files = BTreeMap::from([
            ("amazon-pay-widget.wasm".to_owned(), b"".to_vec()),
            ("amazon-pay-widget.js".to_owned(), b"abc".to_vec()),
        ]);
        let manifest = manifest("1.2.3", &files);
        assert_eq!(manifest["name"], "amazon-pay-widget");
        assert_eq!(manifest["version"], "1.2.3");
        assert_eq!(manifest["path"], "amazon-pay-widget/1.2.3/");
        assert_eq!(
            manifest["files"]["amazon-pay-widget.js"],
            serde_json::json!({
                "integrity": "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn",
                "bytes": 3,
            })
        );
        assert_eq!(manifest["files"]["amazon-pay-widget.wasm"]["bytes"], 0);
        assert_eq!(manifest["files"].as_object().unwrap().len(), 2);
    }

    #[test]
    fn the_version_and_repository_come_from_the_workspace_package() {
        let toml = "[package]\nversion = \"9.9.9\"\n\n[workspace.package]\nversion = \"0.4.0\"\n\
                    repository = \"https://example.invalid/x\"\n\n[workspace.dependencies]\nversion = \"1\"\n";
        assert_eq!(workspace_field(toml, "version").as_deref(), Some("0.4.0"));
        assert_eq!(
            workspace_field(toml, "repository").as_deref(),
            Some("https://example.invalid/x")
        );
        assert_eq!(workspace_field(toml, "license"), None);
        let real = std::fs::read_to_string(crate::toolchain::workspace_root().join("Cargo.toml")).unwrap();
        assert_eq!(
            workspace_field(&real, "version").as_deref(),
            Some(env!("CARGO_PKG_VERSION"))
        );
    }
}
