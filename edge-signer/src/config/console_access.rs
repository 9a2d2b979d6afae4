//! Cloudflare Access in front of the console (optional): the team domain whose signing keys
//! verify the `Cf-Access-Jwt-Assertion` header, and the application's audience tag. Both or
//! neither; with them the console's token form is replaced by Access.

use super::error::{ConfigError, Reason};
use super::setting::Setting;
use super::settings::Settings;

/// The console's Cloudflare Access application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleAccess {
    /// `https://<team>.cloudflareaccess.com`, without a trailing slash: the tokens' issuer, and
    /// where its keys are (`/cdn-cgi/access/certs`).
    pub team_domain: String,
    /// The application's audience (AUD) tag.
    pub audience: String,
}

impl ConsoleAccess {
    /// Where the team's signing keys are.
    pub fn certs_url(&self) -> String {
        format!("{}/cdn-cgi/access/certs", self.team_domain)
    }
}

/// Reads `CONSOLE_ACCESS_TEAM_DOMAIN` and `CONSOLE_ACCESS_AUD` (both or neither). The team
/// domain is an https origin (`http://127.0.0.1:PORT` is taken too, for tests; a live key
/// refuses it).
pub fn console_access(s: &Settings<'_>) -> Result<Option<ConsoleAccess>, ConfigError> {
    let domain = s.optional(Setting::ConsoleAccessTeamDomain);
    let audience = s.optional(Setting::ConsoleAccessAud);
    let (domain, audience) = match (domain, audience) {
        (None, None) => return Ok(None),
        (Some(d), Some(a)) => (d, a),
        (Some(_), None) => {
            return Err(ConfigError::new(
                Setting::ConsoleAccessAud,
                Reason::Missing { expected: None },
            ))
        }
        (None, Some(_)) => {
            return Err(ConfigError::new(
                Setting::ConsoleAccessTeamDomain,
                Reason::Missing { expected: None },
            ))
        }
    };
    let domain = domain.trim().trim_end_matches('/').to_owned();
    let host = domain
        .strip_prefix("https://")
        .or_else(|| domain.strip_prefix("http://127.0.0.1:"))
        .unwrap_or("");
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(ConfigError::new(
            Setting::ConsoleAccessTeamDomain,
            Reason::Malformed("an https origin such as https://<team>.cloudflareaccess.com".into()),
        ));
    }
    let audience = audience.trim().to_owned();
    if audience.is_empty() || audience.len() > 200 {
        return Err(ConfigError::new(
            Setting::ConsoleAccessAud,
            Reason::Malformed("the Access application's audience (AUD) tag".into()),
        ));
    }
    Ok(Some(ConsoleAccess {
        team_domain: domain,
        audience,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn both_or_neither_and_an_https_origin() {
        assert_eq!(console_access(&settings(&map(&[]))).unwrap(), None);
        let a = console_access(&settings(&map(&[
            ("CONSOLE_ACCESS_TEAM_DOMAIN", "https://shop.cloudflareaccess.com/"),
            ("CONSOLE_ACCESS_AUD", "aud-1"),
        ])))
        .unwrap()
        .unwrap();
        assert_eq!(
            a.certs_url(),
            "https://shop.cloudflareaccess.com/cdn-cgi/access/certs"
        );
        let refused =
            |pairs: &[(&'static str, &str)]| console_access(&settings(&map(pairs))).unwrap_err().setting;
        assert_eq!(
            refused(&[("CONSOLE_ACCESS_TEAM_DOMAIN", "https://a.example")]),
            Setting::ConsoleAccessAud
        );
        assert_eq!(
            refused(&[("CONSOLE_ACCESS_AUD", "x")]),
            Setting::ConsoleAccessTeamDomain
        );
        for bad in [
            "http://shop.example",
            "shop.cloudflareaccess.com",
            "https://a.example/path",
            "https://",
        ] {
            assert_eq!(
                refused(&[("CONSOLE_ACCESS_TEAM_DOMAIN", bad), ("CONSOLE_ACCESS_AUD", "x")]),
                Setting::ConsoleAccessTeamDomain,
                "{bad}"
            );
        }
    }
}
