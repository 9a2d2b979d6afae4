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

#[cfg(test)]
mod tests {
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn exact_origins_only() {
        let m = map(&[(
            "ALLOWED_ORIGINS",
            " https://shop.example/ ,,http://127.0.0.1:8080",
        )]);
        assert_eq!(
            allowed_origins(&settings(&m)).unwrap(),
            ["https://shop.example", "http://127.0.0.1:8080"]
        );
        let e = allowed_origins(&settings(&map(&[]))).unwrap_err();
        assert_eq!(
            (e.setting, e.reason),
            (Setting::AllowedOrigins, Reason::Missing { expected: None })
        );
        for bad in ["null", "https://*.example", "shop.example"] {
            let e = allowed_origins(&settings(&map(&[("ALLOWED_ORIGINS", bad)]))).unwrap_err();
            assert_eq!(e.reason, Reason::NotAnOrigin(bad.into()));
        }
    }
}
