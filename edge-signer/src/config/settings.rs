//! Where settings come from: the Worker's environment, or any lookup (a map in tests; later a
//! merchant's stored configuration). Each setting is read by name when a section asks for it.

use amazon_pay_shared::api::Scope;
use worker::Env;

use super::error::{ConfigError, Reason};
use super::setting::Setting;

/// A lookup of a setting's value by name.
type Lookup<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

/// The one source every section reads its settings through.
pub struct Settings<'a> {
    lookup: Lookup<'a>,
}

impl std::fmt::Debug for Settings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings").finish_non_exhaustive()
    }
}

impl<'a> Settings<'a> {
    /// The Worker's vars and secrets.
    pub fn from_env(env: &'a Env) -> Settings<'a> {
        Settings::from_lookup(move |name| env.var(name).ok().map(|v| v.to_string()))
    }

    /// Any lookup by name (a map, a stored configuration).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String> + 'a) -> Settings<'a> {
        Settings {
            lookup: Box::new(lookup),
        }
    }

    /// The value exactly as stored, if any.
    pub fn raw(&self, setting: Setting) -> Option<String> {
        (self.lookup)(setting.name())
    }

    /// The value trimmed; absent when blank.
    pub fn optional(&self, setting: Setting) -> Option<String> {
        self.raw(setting)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// The value trimmed; refused when absent or blank.
    pub fn required(&self, setting: Setting) -> Result<String, ConfigError> {
        self.optional(setting)
            .ok_or(ConfigError::new(setting, Reason::Missing { expected: None }))
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`; `default` when absent or blank.
    pub fn flag(&self, setting: Setting, default: bool) -> Result<bool, ConfigError> {
        match self.optional(setting).as_deref() {
            None => Ok(default),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(_) => Err(ConfigError::new(setting, Reason::NotABool)),
        }
    }

    /// An integer from 0 to `max`; `default` when absent or blank.
    pub fn integer(&self, setting: Setting, default: u64, max: u64) -> Result<u64, ConfigError> {
        match self.optional(setting) {
            None => Ok(default),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ConfigError::new(setting, Reason::NotAnInteger { max })),
            },
        }
    }

    /// A comma-separated list of scopes Amazon knows; `default` when absent or blank.
    pub fn scopes(&self, setting: Setting, default: &[Scope]) -> Result<Vec<Scope>, ConfigError> {
        let Some(text) = self.optional(setting) else {
            return Ok(default.to_vec());
        };
        text.split(',')
            .map(str::trim)
            .map(|part| {
                let scope = Scope::from(part);
                if scope.is_known() {
                    Ok(scope)
                } else {
                    Err(ConfigError::new(setting, Reason::UnknownScope(part.to_owned())))
                }
            })
            .collect()
    }

    /// A comma-separated list of origins, each trimmed and without a trailing `/`; blanks
    /// dropped (empty when absent).
    pub fn origins(&self, setting: Setting) -> Vec<String> {
        self.optional(setting)
            .map(|v| {
                v.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_owned())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_by_name_and_blank_is_absent() {
        let s = Settings::from_lookup(|name| match name {
            "AMAZON_PAY_SANDBOX" => Some(" yes ".to_owned()),
            "STORE_NAME" => Some("  ".to_owned()),
            "UPSTREAM_TIMEOUT_MS" => Some("70".to_owned()),
            "SIGNIN_SCOPES" => Some("name, shoeSize".to_owned()),
            _ => None,
        });
        assert_eq!(s.flag(Setting::Sandbox, false), Ok(true));
        assert_eq!(s.optional(Setting::StoreName), None);
        assert_eq!(s.raw(Setting::StoreName).as_deref(), Some("  "));
        assert_eq!(
            s.required(Setting::StoreName).unwrap_err(),
            ConfigError::new(Setting::StoreName, Reason::Missing { expected: None })
        );
        assert_eq!(s.integer(Setting::UpstreamTimeout, 1, 100), Ok(70));
        assert_eq!(
            s.integer(Setting::UpstreamTimeout, 1, 60).unwrap_err().reason,
            Reason::NotAnInteger { max: 60 }
        );
        assert_eq!(
            s.scopes(Setting::SignInScopes, &[]).unwrap_err().reason,
            Reason::UnknownScope("shoeSize".into())
        );
        assert!(s.origins(Setting::AllowedOrigins).is_empty());
    }
}
