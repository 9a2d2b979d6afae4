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

#[cfg(test)]
mod tests {
    use super::super::error::Reason;
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn timing_has_defaults_and_bounds() {
        let u = UpstreamSettings::from_settings(&settings(&map(&[]))).unwrap();
        assert_eq!(
            (u.timeout_ms, u.deadline_ms, u.retry_base_ms, u.max_retries),
            (10_000, 25_000, 250, 3)
        );
        let u = UpstreamSettings::from_settings(&settings(&map(&[("UPSTREAM_TIMEOUT_MS", "0")]))).unwrap();
        assert_eq!(u.timeout_ms, 1);
        let e = UpstreamSettings::from_settings(&settings(&map(&[("UPSTREAM_DEADLINE_MS", "120001")])))
            .unwrap_err();
        assert_eq!(
            (e.setting, e.reason),
            (Setting::UpstreamDeadline, Reason::NotAnInteger { max: 120_000 })
        );
    }
}
