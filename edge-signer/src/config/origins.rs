//! The browser origins allowed to call the public routes.

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// Reads `ALLOWED_ORIGINS`: exact `scheme://host[:port]` origins, no `*`, no `null`.
pub fn allowed_origins(s: &Settings<'_>) -> Result<Vec<String>, ConfigError> {
    s.required(Setting::AllowedOrigins)?;
    let origins = s.origins(Setting::AllowedOrigins);
    for o in &origins {
        let ok = (o.starts_with("https://") || o.starts_with("http://"))
            && !o["https://".len().min(o.len())..].contains('/')
            && o != "null"
            && !o.contains('*');
        if !ok {
            return Err(ConfigError::new(
                Setting::AllowedOrigins,
                Reason::NotAnOrigin(o.clone()),
            ));
        }
    }
    Ok(origins)
}
