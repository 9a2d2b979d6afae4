//! Webhooks: where SNS signing certificates are accepted from besides Amazon's hosts.

use super::endpoint::parse_api_base;
use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Reads `WEBHOOK_CERT_ORIGINS`: exact `scheme://host[:port]` origins (empty when absent).
pub fn cert_origins(s: &Settings<'_>) -> Result<Vec<String>, ConfigError> {
    let origins = s.origins(Setting::WebhookCertOrigins);
    for o in &origins {
        if !parse_api_base(o).is_ok_and(|e| e.base_url == *o) {
            return Err(ConfigError::new(
                Setting::WebhookCertOrigins,
                Reason::NotAnOrigin(o.clone()),
            ));
        }
    }
    Ok(origins)
}
