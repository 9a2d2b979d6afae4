//! Upstream timing: per-attempt timeout, overall deadline and retry back-off.

use super::error::ConfigError;
use super::setting::Setting;
use super::settings::Settings;

/// Upstream timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpstreamSettings {
    /// Per attempt, milliseconds.
    pub timeout_ms: u64,
    /// For all attempts of one operation, milliseconds.
    pub deadline_ms: u64,
    /// First back-off, milliseconds (doubles per retry, plus jitter).
    pub retry_base_ms: u64,
    /// Retries after the first attempt.
    pub max_retries: u32,
}

impl UpstreamSettings {
    /// Reads the upstream timing.
    pub fn from_settings(s: &Settings<'_>) -> Result<UpstreamSettings, ConfigError> {
        Ok(UpstreamSettings {
            timeout_ms: s.integer(Setting::UpstreamTimeout, 10_000, 60_000)?.max(1),
            deadline_ms: s.integer(Setting::UpstreamDeadline, 25_000, 120_000)?.max(1),
            retry_base_ms: s.integer(Setting::UpstreamRetryBase, 250, 10_000)?,
            max_retries: 3,
        })
    }
}
