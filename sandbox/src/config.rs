//! Sandbox configuration: one set of settings, read from a JSON file (`--config`) and from the
//! command line, whose flags override the file.
//!
//! [`SandboxConfig`] is at once the flags (clap), the file (serde, `camelCase` keys) and what
//! the running sandbox reads.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::region::PublicKeyId;
use clap::FromArgMatches as _;
use serde::{Deserialize, Deserializer};

pub use crate::notifications::sns::SignatureVersion;

/// Everything the sandbox needs to run.
///
/// The flags are those of `amazon-pay-sandbox` (`--listen`, `--public-key ID=FILE`, …); the
/// file's keys are their `camelCase` names (`listen`, `publicKeys`, …). A flag given on the
/// command line replaces the file's value, except `--public-key`, which adds to the file's keys.
#[derive(Debug, Clone, clap::Args, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxConfig {
    /// Serve plain HTTP here (API, checkout.js, hosted pages, control API), e.g. 127.0.0.1:8790.
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Serve HTTPS here with a self-signed certificate generated at start.
    #[arg(long)]
    pub listen_tls: Option<SocketAddr>,
    /// Merchant public keys by public key id: `--public-key ID=FILE` (PEM, SPKI or PKCS#1),
    /// repeated for several; in the file `{"ID": "FILE"}`, paths relative to the file.
    #[arg(
        long = "public-key",
        value_name = "ID=FILE",
        value_parser = parse_key_argument
    )]
    #[serde(deserialize_with = "key_files")]
    pub public_keys: Vec<(PublicKeyId, PublicKey)>,
    /// The merchant id checkout.js must be given (default A2SANDBOXMERCHANT).
    #[arg(long, required = false)]
    pub merchant_id: String,
    /// The store id (Login with Amazon client id) payloads must carry (default
    /// amzn1.application-oa2-client.sandbox0000000000000000).
    #[arg(long, required = false)]
    pub store_id: String,
    /// Keep the state in this file across restarts (memory only when absent); in the file, a
    /// path relative to the file.
    #[arg(long)]
    pub state_file: Option<PathBuf>,
    /// Seconds (sandbox time) before asynchronous transitions (capture, refund, pending
    /// authorization) complete (default 2).
    #[arg(long = "async-delay-seconds", value_name = "SECONDS", required = false)]
    #[serde(rename = "asyncDelaySeconds")]
    pub async_delay_secs: i64,
    /// Allowed difference between `x-amz-pay-date` and real time, in seconds (default 900).
    #[arg(long = "clock-skew-seconds", value_name = "SECONDS", required = false)]
    #[serde(rename = "clockSkewSeconds")]
    pub clock_skew_secs: i64,
    /// Base URL of the hosted buyer pages (`amazonPayRedirectUrl` and the checkout.js form post
    /// point here). Defaults to `http://` + the HTTP listener's address.
    #[arg(long)]
    pub public_base_url: Option<String>,
    /// POST instant notifications (SNS envelopes) here; none are sent when absent.
    #[arg(long)]
    pub notification_url: Option<String>,
    /// SNS signature version of the notifications: 1 (SHA1withRSA) or 2 (SHA256withRSA, default).
    #[arg(long, value_enum, required = false)]
    pub notification_signature_version: SignatureVersion,
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            listen: None,
            listen_tls: None,
            public_keys: Vec::new(),
            merchant_id: "A2SANDBOXMERCHANT".to_owned(),
            store_id: "amzn1.application-oa2-client.sandbox0000000000000000".to_owned(),
            state_file: None,
            async_delay_secs: 2,
            clock_skew_secs: 15 * 60,
            public_base_url: None,
            notification_url: None,
            notification_signature_version: SignatureVersion::V2,
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A `--public-key` value is not `ID=FILE`.
    #[error("--public-key must be ID=FILE, got {0:?}")]
    KeyArgument(String),
    /// A key id or key file is invalid.
    #[error("public key {id}: {reason}")]
    Key {
        /// The key id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// The configuration file cannot be read or parsed.
    #[error("config file {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The command line cannot be applied.
    #[error("{0}")]
    Flags(String),
    /// Nothing to listen on, or no key.
    #[error("{0}")]
    Incomplete(&'static str),
}

/// Loads one `ID=FILE` public key.
pub fn load_key(id: &str, file: &Path) -> Result<(PublicKeyId, PublicKey), ConfigError> {
    let key_err = |reason: String| ConfigError::Key {
        id: id.to_owned(),
        reason,
    };
    let key_id = PublicKeyId::parse(id).map_err(|e| key_err(e.to_string()))?;
    let text = std::fs::read_to_string(file).map_err(|e| key_err(format!("{}: {e}", file.display())))?;
    let key = PublicKey::from_pem(&text).map_err(|e| key_err(e.to_string()))?;
    Ok((key_id, key))
}

/// Parses `ID=FILE` and loads the key.
pub fn parse_key_argument(arg: &str) -> Result<(PublicKeyId, PublicKey), ConfigError> {
    let (id, file) = arg
        .split_once('=')
        .ok_or_else(|| ConfigError::KeyArgument(arg.to_owned()))?;
    load_key(id, Path::new(file))
}

/// The file's `publicKeys`, `{"ID": "FILE"}`, loaded (paths are made relative to the file by
/// [`SandboxConfig::read`] before this runs).
fn key_files<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(PublicKeyId, PublicKey)>, D::Error> {
    BTreeMap::<String, PathBuf>::deserialize(d)?
        .iter()
        .map(|(id, file)| load_key(id, file).map_err(serde::de::Error::custom))
        .collect()
}

impl SandboxConfig {
    /// Reads a JSON configuration file; relative paths in it are relative to the file.
    pub fn read(path: &Path) -> Result<SandboxConfig, ConfigError> {
        let err = |reason: String| ConfigError::File {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let mut value: serde_json::Value = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
        let base = path.parent().unwrap_or(Path::new(""));
        for (key, setting) in value.as_object_mut().into_iter().flatten() {
            let files: Vec<&mut serde_json::Value> = match (key.as_str(), setting) {
                ("publicKeys", serde_json::Value::Object(keys)) => keys.values_mut().collect(),
                ("stateFile", file) => vec![file],
                _ => Vec::new(),
            };
            for file in files {
                if let Some(relative) = file.as_str() {
                    *file = base.join(relative).to_string_lossy().into_owned().into();
                }
            }
        }
        serde_json::from_value(value).map_err(|e| err(e.to_string()))
    }

    /// Applies the flags given in `matches` over these settings: each replaces its setting,
    /// except `--public-key`, whose keys are added.
    pub fn override_with(&mut self, matches: &clap::ArgMatches) -> Result<(), ConfigError> {
        let mut keys = std::mem::take(&mut self.public_keys);
        self.update_from_arg_matches(matches)
            .map_err(|e| ConfigError::Flags(e.to_string()))?;
        keys.append(&mut self.public_keys);
        self.public_keys = keys;
        Ok(())
    }

    /// Checks that the sandbox can serve: a listener and at least one key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.listen.is_none() && self.listen_tls.is_none() {
            return Err(ConfigError::Incomplete("give --listen and/or --listen-tls"));
        }
        if self.public_keys.is_empty() {
            return Err(ConfigError::Incomplete("give at least one --public-key ID=FILE"));
        }
        if let Some(url) = &self.notification_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError::Incomplete(
                    "--notification-url must be an http(s) URL",
                ));
            }
        }
        if self.async_delay_secs < 0 || self.clock_skew_secs < 0 {
            return Err(ConfigError::Incomplete("delays must not be negative"));
        }
        Ok(())
    }

    /// Base URL of the hosted pages, without a trailing slash.
    pub fn base_url(&self) -> String {
        match (&self.public_base_url, self.listen) {
            (Some(url), _) => url.trim_end_matches('/').to_owned(),
            (None, Some(addr)) => format!("http://{addr}"),
            (None, None) => "http://127.0.0.1:8790".to_owned(),
        }
    }

    /// The public key registered for an id.
    pub fn public_key(&self, id: &str) -> Option<&PublicKey> {
        self.public_keys
            .iter()
            .find(|(k, _)| k.as_str() == id)
            .map(|(_, key)| key)
    }
}

#[cfg(test)]
mod tests {
    use clap::{Args as _, Command};

    use super::*;

    const KEY: &str = include_str!("../../shared/tests/data/keys/merchant-public.pem");

    fn flags(args: &[&str]) -> clap::ArgMatches {
        SandboxConfig::augment_args(Command::new("amazon-pay-sandbox"))
            .try_get_matches_from(std::iter::once("amazon-pay-sandbox").chain(args.iter().copied()))
            .unwrap()
    }

    #[test]
    fn flags_override_the_file_and_add_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        std::fs::write(dir.path().join("keys/a.pem"), KEY).unwrap();
        let key_b = dir.path().join("b.pem");
        std::fs::write(&key_b, KEY).unwrap();
        let file = dir.path().join("sandbox.json");
        std::fs::write(
            &file,
            r#"{"listen": "127.0.0.1:8790", "publicKeys": {"SANDBOX-AFILEKEY": "keys/a.pem"},
                "merchantId": "AFILEMERCHANT", "stateFile": "state.json", "asyncDelaySeconds": 5,
                "notificationSignatureVersion": "1"}"#,
        )
        .unwrap();
        let mut config = SandboxConfig::read(&file).unwrap();
        assert_eq!(config.state_file, Some(dir.path().join("state.json")));
        assert_eq!(config.notification_signature_version, SignatureVersion::V1);
        config
            .override_with(&flags(&[
                "--public-key",
                &format!("SANDBOX-AFLAGKEY={}", key_b.display()),
                "--async-delay-seconds",
                "7",
                "--notification-signature-version",
                "2",
            ]))
            .unwrap();
        let ids: Vec<&str> = config.public_keys.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["SANDBOX-AFILEKEY", "SANDBOX-AFLAGKEY"]);
        assert_eq!(config.listen, Some("127.0.0.1:8790".parse().unwrap()));
        assert_eq!(config.merchant_id, "AFILEMERCHANT");
        assert_eq!(config.store_id, SandboxConfig::default().store_id);
        assert_eq!(config.async_delay_secs, 7);
        assert_eq!(config.clock_skew_secs, 900);
        assert_eq!(config.notification_signature_version, SignatureVersion::V2);
        config.validate().unwrap();
    }

    #[test]
    fn refusals() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sandbox.json");
        std::fs::write(&file, r#"{"listen": "127.0.0.1:1", "colour": "blue"}"#).unwrap();
        assert!(matches!(
            SandboxConfig::read(&file),
            Err(ConfigError::File { .. })
        ));
        std::fs::write(&file, r#"{"publicKeys": {"SANDBOX-AX": "missing.pem"}}"#).unwrap();
        let e = SandboxConfig::read(&file).unwrap_err().to_string();
        assert!(e.contains("public key SANDBOX-AX"), "{e}");
        assert!(matches!(
            parse_key_argument("no-equals-sign"),
            Err(ConfigError::KeyArgument(_))
        ));
        let mut none = SandboxConfig::default();
        none.override_with(&flags(&[])).unwrap();
        assert!(matches!(none.validate(), Err(ConfigError::Incomplete(_))));
        assert_eq!(none.merchant_id, "A2SANDBOXMERCHANT");
    }
}
