//! `cargo xtask release`: the deliverables of one version in `target/dist/`.
//!
//! * `amazon-pay-widget/<version>/`: the script-tag bundle (a new folder per version, so every
//!   file in it can be cached forever) and `manifest.json` with each file's SRI hash;
//! * `amazon-pay-widget-<version>.tgz`: the npm package (`npm pack`);
//! * `amzpay-<version>-<host triple>`: the command-line tool, release build, for this machine
//!   (other machines build their own: `cargo build --release -p amzpay --target …`);
//! * `edge-signer/<version>/`: the Worker bundle wrangler would upload
//!   (`wrangler deploy --dry-run --env production --outdir`).
//!
//! The project has no public home, so nothing published names one unless it is given:
//! `--repository URL` (or `AMAZON_PAY_EDGE_REPOSITORY`) goes into the npm package's
//! `repository` and `homepage` and the script-tag manifest; without it they carry none. The
//! release ends by checking that no placeholder URL is anywhere in `target/dist/`.

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

/// The environment variable that gives the repository URL when `--repository` does not.
pub const REPOSITORY_ENV: &str = "AMAZON_PAY_EDGE_REPOSITORY";

/// Text that never belongs in a deliverable: the placeholder repository host this project once
/// shipped, and the build's unsubstituted template tokens.
const PLACEHOLDERS: [&str; 3] = ["example.invalid", "__REPOSITORY__", "__VERSION__"];

/// Host names reserved for documentation and tests (RFC 2606, RFC 6761): never a real home.
fn is_reserved_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    ["example.com", "example.net", "example.org", "localhost"]
        .iter()
        .any(|name| host == *name || host.ends_with(&format!(".{name}")))
        || [".example", ".invalid", ".test", ".localhost"]
            .iter()
            .any(|tld| host.ends_with(tld))
        || ["example", "invalid", "test"].contains(&host)
}

/// Checks a repository URL: `https://`, a host with a dot that is not a reserved example name,
/// nothing that would need quoting in JSON or TOML.
pub fn check_repository(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| format!("repository URL {url:?}: needs https://"))?;
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\' | '<' | '>'))
    {
        return Err(format!("repository URL {url:?}: has a character a URL does not"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("");
    if !host.contains('.') || host.starts_with('.') {
        return Err(format!("repository URL {url:?}: needs a host name"));
    }
    if is_reserved_host(host) {
        return Err(format!(
            "repository URL {url:?}: {host} is reserved for examples; give the project's real URL"
        ));
    }
    Ok(url.to_owned())
}

/// The repository URL of this release, if the project has one: `--repository URL` (or
/// `--repository=URL`), else `$AMAZON_PAY_EDGE_REPOSITORY`, else `repository` in
/// `[workspace.package]` (the crates' metadata); `None` when none of them names one. A given URL
/// that differs from the crates' own is refused: a release names one home.
pub fn repository(args: &[String], env: Option<String>, cargo_toml: &str) -> Result<Option<String>, String> {
    let mut given = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = if arg == "--repository" {
            rest.next().cloned().ok_or("--repository needs a URL")?
        } else if let Some(value) = arg.strip_prefix("--repository=") {
            value.to_owned()
        } else {
            return Err(format!(
                "usage: cargo xtask release [--repository URL] (got {arg})"
            ));
        };
        given = Some(value);
    }
    let given = given.or(env.filter(|v| !v.trim().is_empty()));
    let crates = workspace_field(cargo_toml, "repository");
    match (given, crates) {
        (Some(given), Some(crates)) if given.trim() != crates => Err(format!(
            "the repository URL {given:?} differs from Cargo.toml's [workspace.package] repository {crates:?}"
        )),
        (Some(url), _) | (None, Some(url)) => check_repository(&url).map(Some),
        (None, None) => Ok(None),
    }
}

/// The npm package's `package.json` for this release: the built one as it is when there is no
/// repository, and with `repository` and `homepage` added after `license` when there is one
/// (the text is kept, so the fields stay in the template's order). A built one that names a
/// repository of its own is refused: only the release names one.
pub fn package_json(built: &str, repository: Option<&str>) -> Result<String, String> {
    const WHERE: &str = "target/widget/npm/package.json";
    let parsed: serde_json::Value = serde_json::from_str(built).map_err(|e| format!("{WHERE}: {e}"))?;
    let fields = parsed
        .as_object()
        .ok_or_else(|| format!("{WHERE}: not an object"))?;
    if fields.contains_key("repository") || fields.contains_key("homepage") {
        return Err(format!(
            "{WHERE} names a repository of its own (widget/js/package.json must not)"
        ));
    }
    let Some(url) = repository else {
        return Ok(built.to_owned());
    };
    let url = serde_json::Value::from(url).to_string();
    let added = format!(
        "  \"repository\": {{\n    \"type\": \"git\",\n    \"url\": {url}\n  }},\n  \"homepage\": {url},\n"
    );
    let at = built
        .find("\n  \"license\":")
        .and_then(|line| built[line + 1..].find('\n').map(|end| line + 1 + end + 1))
        .ok_or_else(|| format!("{WHERE}: no \"license\" line to add the repository after"))?;
    let text = format!("{}{added}{}", &built[..at], &built[at..]);
    serde_json::from_str::<serde_json::Value>(&text)
        .map_err(|e| format!("{WHERE} with the repository: {e}"))?;
    Ok(text)
}

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

/// The manifest of a versioned script-tag folder: each file's SRI hash and size, by name, and
/// the project's repository when there is one.
pub fn manifest(
    version: &str,
    repository: Option<&str>,
    files: &BTreeMap<String, Vec<u8>>,
) -> serde_json::Value {
    let entries: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|(name, bytes)| {
            (
                name.clone(),
                serde_json::json!({ "integrity": sri(bytes), "bytes": bytes.len() }),
            )
        })
        .collect();
    let mut manifest = serde_json::json!({
        "name": WIDGET,
        "version": version,
        "path": format!("{WIDGET}/{version}/"),
        "files": entries,
    });
    if let Some(url) = repository {
        manifest["repository"] = serde_json::json!(url);
    }
    manifest
}

fn io_error(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

/// Copies the script-tag bundle into `dist/amazon-pay-widget/<version>/` and writes its manifest.
fn script_tag_bundle(
    root: &Path,
    dist: &Path,
    version: &str,
    repository: Option<&str>,
) -> Result<PathBuf, String> {
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
    let text =
        serde_json::to_string_pretty(&manifest(version, repository, &files)).map_err(|e| e.to_string())?;
    let path = folder.join("manifest.json");
    std::fs::write(&path, text + "\n").map_err(|e| io_error(&path, e))?;
    Ok(folder)
}

/// `npm pack` of the widget's npm package, staged in `target/release-npm/` with this release's
/// `package.json` (see [`package_json`]); refuses a tarball of another version.
fn npm_tarball(
    tc: &Toolchain,
    dist: &Path,
    version: &str,
    repository: Option<&str>,
) -> Result<PathBuf, String> {
    let built = tc.root.join("target/widget/npm");
    let package = tc.root.join("target/release-npm");
    if package.exists() {
        std::fs::remove_dir_all(&package).map_err(|e| io_error(&package, e))?;
    }
    copy_files(&built, &package)?;
    let manifest_path = package.join("package.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| io_error(&manifest_path, e))?;
    std::fs::write(&manifest_path, package_json(&text, repository)?)
        .map_err(|e| io_error(&manifest_path, e))?;
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

/// Copies the files of `from` (one level: the npm package has no folders) into a new `to`.
fn copy_files(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| io_error(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| io_error(from, e))? {
        let path = entry.map_err(|e| io_error(from, e))?.path();
        if path.is_file() {
            let target = to.join(path.file_name().unwrap_or_default());
            std::fs::copy(&path, &target).map_err(|e| io_error(&path, e))?;
        }
    }
    Ok(())
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
    let tc = Toolchain::new(root);
    let cargo_toml = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| io_error(root, e))?;
    let repository = repository(args, std::env::var(REPOSITORY_ENV).ok(), &cargo_toml)?;
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
    script_tag_bundle(root, &dist, &version, repository.as_deref())?;
    npm_tarball(&tc, &dist, &version, repository.as_deref())?;
    amzpay_binary(&tc, &dist, &version)?;
    signer_bundle(&tc, &dist, &version)?;

    let found = placeholders_in(&dist)?;
    if !found.is_empty() {
        return Err(format!(
            "target/dist/ carries a placeholder: {}",
            found.join(", ")
        ));
    }
    println!("\ntarget/dist/ ({WIDGET} {version}):");
    for (file, size) in listing(&dist) {
        println!("  {file:<60} {size:>9} B");
    }
    match &repository {
        Some(url) => println!("repository: {url}"),
        None => println!("repository: none (give one with --repository URL or {REPOSITORY_ENV})"),
    }
    Ok(())
}

/// The readable bytes of a deliverable: a gzip file (the npm tarball) decompressed, so the
/// files packed in it are searched too (a tar archive stores them as they are).
fn readable_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let out = Command::new("gzip")
        .args(["-d", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!("gzip -d {} failed", path.display()))
    }
}

/// Each `file: placeholder` under `dir` (see [`PLACEHOLDERS`]), the insides of gzip files
/// included.
pub fn placeholders_in(dir: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for (file, _) in listing(dir) {
        let bytes = readable_bytes(&dir.join(&file))?;
        for placeholder in PLACEHOLDERS {
            if bytes
                .windows(placeholder.len())
                .any(|w| w == placeholder.as_bytes())
            {
                found.push(format!("{file}: {placeholder}"));
            }
        }
    }
    Ok(found)
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
        let manifest = manifest("1.2.3", None, &files);
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
        assert!(
            manifest.get("repository").is_none(),
            "no repository given, none named"
        );
        let named = super::manifest("1.2.3", Some("https://git.acme-tea.jp/amazon-pay-edge"), &files);
        assert_eq!(named["repository"], "https://git.acme-tea.jp/amazon-pay-edge");
    }

    #[test]
    fn the_version_and_repository_come_from_the_workspace_package() {
        let toml = "[package]\nversion = \"9.9.9\"\n\n[workspace.package]\nversion = \"0.4.0\"\n\
                    repository = \"https://git.acme-tea.jp/x\"\n\n[workspace.dependencies]\nversion = \"1\"\n";
        assert_eq!(workspace_field(toml, "version").as_deref(), Some("0.4.0"));
        assert_eq!(
            workspace_field(toml, "repository").as_deref(),
            Some("https://git.acme-tea.jp/x")
        );
        assert_eq!(workspace_field(toml, "license"), None);
        let real = std::fs::read_to_string(crate::toolchain::workspace_root().join("Cargo.toml")).unwrap();
        assert_eq!(
            workspace_field(&real, "version").as_deref(),
            Some(env!("CARGO_PKG_VERSION"))
        );
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn the_workspace_and_the_npm_package_name_no_repository_of_their_own() {
        let root = crate::toolchain::workspace_root();
        let cargo_toml = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert_eq!(workspace_field(&cargo_toml, "repository"), None);
        assert_eq!(workspace_field(&cargo_toml, "homepage"), None);
        let template = std::fs::read_to_string(root.join("widget/js/package.json")).unwrap();
        let package: serde_json::Value = serde_json::from_str(&template).unwrap();
        assert!(package.get("repository").is_none() && package.get("homepage").is_none());
        assert!(!template.contains("example.invalid") && !template.contains("__REPOSITORY__"));
    }

    #[test]
    fn the_repository_comes_from_the_option_the_environment_or_the_crates_and_else_is_none() {
        let none = "[workspace.package]\nversion = \"0.1.0\"\n";
        let url = "https://git.acme-tea.jp/amazon-pay-edge";
        assert_eq!(repository(&[], None, none), Ok(None));
        assert_eq!(repository(&[], Some("  ".into()), none), Ok(None));
        assert_eq!(
            repository(&args(&["--repository", url]), None, none)
                .unwrap()
                .as_deref(),
            Some(url)
        );
        let equals = format!("--repository={url}");
        assert_eq!(
            repository(&args(&[&equals]), None, none).unwrap().as_deref(),
            Some(url)
        );
        assert_eq!(
            repository(&[], Some(url.into()), none).unwrap().as_deref(),
            Some(url)
        );
        // The option wins over the environment.
        let other = "https://code.acme-tea.jp/edge";
        assert_eq!(
            repository(&args(&["--repository", other]), Some(url.into()), none)
                .unwrap()
                .as_deref(),
            Some(other)
        );
        let crates = format!("[workspace.package]\nversion = \"0.1.0\"\nrepository = \"{url}\"\n");
        assert_eq!(repository(&[], None, &crates).unwrap().as_deref(), Some(url));
        assert_eq!(
            repository(&args(&["--repository", url]), None, &crates)
                .unwrap()
                .as_deref(),
            Some(url)
        );
        assert!(
            repository(&args(&["--repository", other]), None, &crates).is_err(),
            "two homes"
        );
        assert!(repository(&args(&["--repository"]), None, none).is_err());
        assert!(repository(&args(&["--fast"]), None, none).is_err());
        // A placeholder is refused wherever it comes from.
        let placeholder = "https://example.invalid/amazon-pay-edge";
        assert!(repository(&args(&["--repository", placeholder]), None, none).is_err());
        assert!(repository(&[], Some(placeholder.into()), none).is_err());
        let crates = format!("[workspace.package]\nrepository = \"{placeholder}\"\n");
        assert!(repository(&[], None, &crates).is_err());
    }

    #[test]
    fn a_repository_url_is_https_with_a_real_host() {
        for good in [
            "https://git.acme-tea.jp/amazon-pay-edge",
            "https://code.acme-tea.jp:8443/team/amazon-pay-edge.git",
        ] {
            assert_eq!(check_repository(good).as_deref(), Ok(good));
        }
        for bad in [
            "https://example.invalid/amazon-pay-edge",
            "https://EXAMPLE.INVALID/x",
            "https://example.com/x",
            "https://git.example.org/x",
            "https://repo.example/x",
            "https://shop.test/x",
            "https://localhost/x",
            "http://git.acme-tea.jp/x",
            "git@git.acme-tea.jp:x.git",
            "https://nohost/x",
            "https://git.acme-tea.jp/a b",
            "https://git.acme-tea.jp/\"x",
            "",
        ] {
            assert!(check_repository(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn the_packed_package_json_names_the_repository_only_when_there_is_one() {
        let built = "{\n  \"name\": \"amazon-pay-widget\",\n  \"version\": \"0.1.0\",\n  \"license\": \"MIT OR Apache-2.0\",\n  \"type\": \"module\"\n}\n";
        assert_eq!(
            package_json(built, None).as_deref(),
            Ok(built),
            "unchanged without one"
        );
        let url = "https://git.acme-tea.jp/amazon-pay-edge";
        let text = package_json(built, Some(url)).unwrap();
        let with: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(with["repository"], serde_json::json!({"type": "git", "url": url}));
        assert_eq!(with["homepage"], url);
        assert_eq!(with["version"], "0.1.0");
        assert_eq!(with["type"], "module");
        // The template's order: name and version first, the repository after the licence.
        let order: Vec<usize> = ["name", "license", "repository", "homepage", "type"]
            .iter()
            .map(|key| text.find(&format!("\n  \"{key}\":")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
        // The template itself never names one, a placeholder least of all.
        let placeholder = built.replace(
            "\"type\": \"module\"",
            "\"homepage\": \"https://example.invalid/x\",\n  \"type\": \"module\"",
        );
        assert!(package_json(&placeholder, None).is_err());
        assert!(package_json("[]", None).is_err());
        assert!(
            package_json("{\"name\": \"x\"}", Some(url)).is_err(),
            "no licence line"
        );
    }

    #[test]
    fn a_placeholder_is_found_in_any_file_of_the_dist_and_inside_its_tarballs() {
        let dir = std::env::temp_dir().join(format!("xtask-release-placeholders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("amazon-pay-widget/0.1.0")).unwrap();
        std::fs::write(
            dir.join("amazon-pay-widget/0.1.0/manifest.json"),
            "{\"version\": \"0.1.0\"}",
        )
        .unwrap();
        std::fs::write(
            dir.join("package.json"),
            "{\"homepage\": \"https://git.acme-tea.jp/x\"}",
        )
        .unwrap();
        assert_eq!(placeholders_in(&dir), Ok(vec![]));

        // The npm tarball: gzip over a package.json that names the placeholder.
        let inner = dir.join("inner.json");
        std::fs::write(
            &inner,
            "{\"repository\": {\"url\": \"https://example.invalid/amazon-pay-edge\"}}",
        )
        .unwrap();
        let packed = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&inner)
            .output()
            .unwrap();
        assert!(packed.status.success());
        std::fs::remove_file(&inner).unwrap();
        std::fs::write(dir.join("amazon-pay-widget-0.1.0.tgz"), &packed.stdout).unwrap();
        std::fs::write(
            dir.join("amazon-pay-widget/0.1.0/amazon-pay-widget.js"),
            "/*! x __VERSION__ */",
        )
        .unwrap();
        assert_eq!(
            placeholders_in(&dir),
            Ok(vec![
                "amazon-pay-widget-0.1.0.tgz: example.invalid".to_owned(),
                "amazon-pay-widget/0.1.0/amazon-pay-widget.js: __VERSION__".to_owned(),
            ])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
