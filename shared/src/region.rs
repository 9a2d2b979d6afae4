//! Amazon Pay regions, their endpoints, and the environment rules of public key ids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::Currency;

/// Why a region, key id or environment setting was refused. [`RegionError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegionError {
    /// Not one of `na`, `us`, `eu`, `de`, `uk`, `jp`.
    #[error("unknown region {0:?} (expected na, us, eu, de, uk or jp)")]
    UnknownRegion(String),
    /// The public key id is empty or has characters outside `[A-Za-z0-9_-]`.
    #[error("public key id must be 1 to 64 characters of A-Z, a-z, 0-9, '-' or '_'")]
    MalformedKeyId,
    /// A `LIVE-` key with sandbox on, or a `SANDBOX-` key with sandbox off.
    #[error("public key id is for {key} but the {configured} environment is configured")]
    EnvironmentMismatch {
        /// The environment the key id names.
        key: Environment,
        /// The configured environment.
        configured: Environment,
    },
    /// The ledger currency is not one the region has.
    #[error("ledger currency {currency} is not available in region {region}")]
    LedgerCurrency {
        /// The region.
        region: Region,
        /// The refused currency.
        currency: Currency,
    },
}

impl RegionError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            RegionError::UnknownRegion(_) => "REGION_UNKNOWN",
            RegionError::MalformedKeyId => "PUBLIC_KEY_ID_MALFORMED",
            RegionError::EnvironmentMismatch { .. } => "ENVIRONMENT_MISMATCH",
            RegionError::LedgerCurrency { .. } => "LEDGER_CURRENCY_INVALID",
        }
    }
}

/// An Amazon Pay API region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// North America (`na`, alias `us`).
    Na,
    /// Europe and the UK (`eu`, aliases `de`, `uk`).
    Eu,
    /// Japan (`jp`).
    Jp,
}

impl Region {
    /// All regions.
    pub const ALL: [Region; 3] = [Region::Na, Region::Eu, Region::Jp];

    /// Parses a region name or alias, case-insensitively, as the official SDKs do.
    pub fn parse(s: &str) -> Result<Region, RegionError> {
        match s.to_ascii_lowercase().as_str() {
            "na" | "us" => Ok(Region::Na),
            "eu" | "de" | "uk" => Ok(Region::Eu),
            "jp" => Ok(Region::Jp),
            _ => Err(RegionError::UnknownRegion(s.chars().take(16).collect())),
        }
    }

    /// The canonical short name sent as `x-amz-pay-region`.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Na => "na",
            Region::Eu => "eu",
            Region::Jp => "jp",
        }
    }

    /// The API host (also the value of `x-amz-pay-host`).
    pub fn api_host(self) -> &'static str {
        match self {
            Region::Na => "pay-api.amazon.com",
            Region::Eu => "pay-api.amazon.eu",
            Region::Jp => "pay-api.amazon.jp",
        }
    }

    /// The region's checkout.js (the same file for sandbox and live).
    pub fn checkout_js_url(self) -> &'static str {
        match self {
            Region::Na => "https://static-na.payments-amazon.com/checkout.js",
            Region::Eu => "https://static-eu.payments-amazon.com/checkout.js",
            Region::Jp => "https://static-fe.payments-amazon.com/checkout.js",
        }
    }

    /// Ledger currencies a merchant account of this region can have.
    pub fn ledger_currencies(self) -> &'static [Currency] {
        match self {
            Region::Na => &[Currency::Usd],
            Region::Eu => &[Currency::Eur, Currency::Gbp],
            Region::Jp => &[Currency::Jpy],
        }
    }

    /// The default ledger currency (USD, EUR, JPY).
    pub fn default_ledger_currency(self) -> Currency {
        self.ledger_currencies()[0]
    }

    /// The ledger currency a region name implies: `uk` means GBP, otherwise the default.
    pub fn ledger_currency_for_alias(alias: &str) -> Result<Currency, RegionError> {
        let region = Region::parse(alias)?;
        Ok(if alias.eq_ignore_ascii_case("uk") {
            Currency::Gbp
        } else {
            region.default_ledger_currency()
        })
    }

    /// Checks that a ledger currency belongs to this region.
    pub fn ensure_ledger_currency(self, currency: Currency) -> Result<(), RegionError> {
        if self.ledger_currencies().contains(&currency) {
            Ok(())
        } else {
            Err(RegionError::LedgerCurrency {
                region: self,
                currency,
            })
        }
    }
}

impl FromStr for Region {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, RegionError> {
        Region::parse(s)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Sandbox or live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Amazon Pay's test environment.
    Sandbox,
    /// Real payments.
    Live,
}

impl Environment {
    /// From a `sandbox` flag.
    pub fn from_sandbox(sandbox: bool) -> Environment {
        if sandbox {
            Environment::Sandbox
        } else {
            Environment::Live
        }
    }

    /// The lower-case name, also the legacy path prefix without its slash.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Live => "live",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A merchant's public key id, as issued in Seller Central.
///
/// Ids starting with `LIVE` or `SANDBOX` (case-insensitive; only the word is checked, as all
/// official SDKs do) are bound to that environment and use the plain `/v2/` path. Older ids are
/// "legacy": their requests go to `/sandbox/v2/` or `/live/v2/`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublicKeyId(String);

impl PublicKeyId {
    /// Validates a key id: 1 to 64 characters of `[A-Za-z0-9_-]`.
    pub fn parse(s: &str) -> Result<PublicKeyId, RegionError> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(PublicKeyId(s.to_owned()))
        } else {
            Err(RegionError::MalformedKeyId)
        }
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The environment the id is bound to, if it is environment-specific.
    pub fn bound_environment(&self) -> Option<Environment> {
        let upper = self.0.to_ascii_uppercase();
        if upper.starts_with("LIVE") {
            Some(Environment::Live)
        } else if upper.starts_with("SANDBOX") {
            Some(Environment::Sandbox)
        } else {
            None
        }
    }

    /// True for ids that carry no environment (they need a `/sandbox` or `/live` path prefix).
    pub fn is_legacy(&self) -> bool {
        self.bound_environment().is_none()
    }

    /// The path prefix for API calls: `""` for environment-specific ids, otherwise
    /// `"/sandbox"` or `"/live"` from the `sandbox` setting.
    pub fn path_prefix(&self, sandbox: bool) -> &'static str {
        match self.bound_environment() {
            Some(_) => "",
            None if sandbox => "/sandbox",
            None => "/live",
        }
    }

    /// The environment requests with this id reach: the id's own environment when it is bound
    /// to one, else the `sandbox` setting.
    pub fn effective_environment(&self, sandbox: bool) -> Environment {
        self.bound_environment()
            .unwrap_or(Environment::from_sandbox(sandbox))
    }

    /// Refuses a configuration whose `sandbox` setting contradicts the id's prefix (the SDKs
    /// silently ignore the setting; a merchant would rather be told).
    pub fn ensure_matches(&self, sandbox: bool) -> Result<(), RegionError> {
        let configured = Environment::from_sandbox(sandbox);
        match self.bound_environment() {
            Some(key) if key != configured => Err(RegionError::EnvironmentMismatch { key, configured }),
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for PublicKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKeyId({:?})", self.0)
    }
}

impl fmt::Display for PublicKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_aliases_are_case_insensitive() {
        for (s, r) in [
            ("na", Region::Na),
            ("US", Region::Na),
            ("eu", Region::Eu),
            ("De", Region::Eu),
            ("uk", Region::Eu),
            ("JP", Region::Jp),
        ] {
            assert_eq!(Region::parse(s).unwrap(), r);
        }
        assert_eq!(Region::parse("fe").unwrap_err().code(), "REGION_UNKNOWN");
        assert_eq!(Region::parse("").unwrap_err().code(), "REGION_UNKNOWN");
    }

    #[test]
    fn region_endpoints() {
        assert_eq!(Region::Na.api_host(), "pay-api.amazon.com");
        assert_eq!(Region::Eu.api_host(), "pay-api.amazon.eu");
        assert_eq!(Region::Jp.api_host(), "pay-api.amazon.jp");
        assert!(Region::Jp.checkout_js_url().contains("static-fe"));
        assert!(Region::Eu.checkout_js_url().contains("static-eu"));
        assert!(Region::Na.checkout_js_url().contains("static-na"));
        assert_eq!(Region::Jp.default_ledger_currency(), Currency::Jpy);
        assert_eq!(Region::ledger_currency_for_alias("uk").unwrap(), Currency::Gbp);
        assert_eq!(Region::ledger_currency_for_alias("de").unwrap(), Currency::Eur);
        assert_eq!(Region::ledger_currency_for_alias("us").unwrap(), Currency::Usd);
        assert!(Region::Eu.ensure_ledger_currency(Currency::Gbp).is_ok());
        assert_eq!(
            Region::Na
                .ensure_ledger_currency(Currency::Jpy)
                .unwrap_err()
                .code(),
            "LEDGER_CURRENCY_INVALID"
        );
    }

    #[test]
    fn key_id_prefix_rule() {
        let live = PublicKeyId::parse("LIVE-AHXYZ").unwrap();
        let sandbox = PublicKeyId::parse("sandbox-ahxyz").unwrap();
        let word_only = PublicKeyId::parse("SANDBOXAHXYZ").unwrap();
        let legacy = PublicKeyId::parse("AHXYZ123").unwrap();
        assert_eq!(live.bound_environment(), Some(Environment::Live));
        assert_eq!(sandbox.bound_environment(), Some(Environment::Sandbox));
        assert_eq!(word_only.bound_environment(), Some(Environment::Sandbox));
        assert!(legacy.is_legacy());
        assert_eq!(live.path_prefix(true), "");
        assert_eq!(sandbox.path_prefix(false), "");
        assert_eq!(legacy.path_prefix(true), "/sandbox");
        assert_eq!(legacy.path_prefix(false), "/live");
        assert_eq!(legacy.effective_environment(true), Environment::Sandbox);
        assert_eq!(live.effective_environment(true), Environment::Live);
    }

    #[test]
    fn contradictory_environment_is_refused() {
        let live = PublicKeyId::parse("LIVE-AHXYZ").unwrap();
        assert_eq!(
            live.ensure_matches(true).unwrap_err().code(),
            "ENVIRONMENT_MISMATCH"
        );
        assert!(live.ensure_matches(false).is_ok());
        let sandbox = PublicKeyId::parse("SANDBOX-AHXYZ").unwrap();
        assert!(sandbox.ensure_matches(false).is_err());
        assert!(PublicKeyId::parse("LEGACY1")
            .unwrap()
            .ensure_matches(true)
            .is_ok());
    }

    #[test]
    fn key_id_charset() {
        for bad in [
            "",
            "has space",
            "semi;colon",
            "comma,",
            "x".repeat(65).as_str(),
            "ü",
        ] {
            assert_eq!(
                PublicKeyId::parse(bad).unwrap_err().code(),
                "PUBLIC_KEY_ID_MALFORMED"
            );
        }
    }
}
