//! Sandbox configuration: command-line flags, optionally on top of a JSON file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use amazon_pay_shared::keys::PublicKey;
use amazon_pay_shared::region::PublicKeyId;
use serde::Deserialize;

/// Everything the sandbox needs to run.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Plain HTTP listener (API, checkout.js, hosted pages, control API).
    pub listen: Option<SocketAddr>,
    /// HTTPS listener with a self-signed certificate generated at start.
    pub listen_tls: Option<SocketAddr>,
    /// Merchant public keys by public key id.
    pub public_keys: Vec<(PublicKeyId, PublicKey)>,
    /// The merchant id checkout.js must be given.
    pub merchant_id: String,
    /// The store id (Login with Amazon client id) payloads must carry.
    pub store_id: String,
    /// File that keeps the state across restarts (memory only when absent).
    pub state_file: Option<PathBuf>,
    /// Seconds before asynchronous transitions (capture, refund, pending authorization) complete.
    pub async_delay_secs: i64,
    /// Allowed difference between `x-amz-pay-date` and real time, in seconds.
    pub clock_skew_secs: i64,
    /// Base URL of the hosted buyer pages (`amazonPayRedirectUrl` and the checkout.js form post
    /// point here). Defaults to `http://` + the HTTP listener's address.
    pub public_base_url: Option<String>,
    /// Where instant notifications (SNS envelopes) are POSTed; none are sent when absent.
    pub notification_url: Option<String>,
    /// SNS signature version of the notifications (1: SHA1withRSA, 2: SHA256withRSA).
    pub notification_signature_version: crate::notifications::SignatureVersion,
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
            notification_signature_version: crate::notifications::SignatureVersion::V2,
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
    /// Nothing to listen on, or no key.
    #[error("{0}")]
    Incomplete(&'static str),
}

/// The JSON configuration file: the same settings as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigFile {
    /// `--listen`.
    pub listen: Option<SocketAddr>,
    /// `--listen-tls`.
    pub listen_tls: Option<SocketAddr>,
    /// `--public-key ID=FILE`, as `{"ID": "FILE"}`; relative paths are relative to the file.
    #[serde(default)]
    pub public_keys: std::collections::BTreeMap<String, PathBuf>,
    /// `--merchant-id`.
    pub merchant_id: Option<String>,
    /// `--store-id`.
    pub store_id: Option<String>,
    /// `--state-file`.
    pub state_file: Option<PathBuf>,
    /// `--async-delay-seconds`.
    pub async_delay_seconds: Option<i64>,
    /// `--clock-skew-seconds`.
    pub clock_skew_seconds: Option<i64>,
    /// `--notification-url`.
    pub notification_url: Option<String>,
    /// `--notification-signature-version` (`"1"` or `"2"`).
    pub notification_signature_version: Option<String>,
}

impl ConfigFile {
    /// Reads a configuration file.
    pub fn read(path: &Path) -> Result<ConfigFile, ConfigError> {
        let err = |reason: String| ConfigError::File {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| err(e.to_string()))
    }
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

/// Parses `ID=FILE`.
pub fn parse_key_argument(arg: &str) -> Result<(PublicKeyId, PublicKey), ConfigError> {
    let (id, file) = arg
        .split_once('=')
        .ok_or_else(|| ConfigError::KeyArgument(arg.to_owned()))?;
    load_key(id, Path::new(file))
}

impl SandboxConfig {
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
