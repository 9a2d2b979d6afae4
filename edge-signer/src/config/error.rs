//! Why the configuration was refused: the setting at fault and the reason, typed. The message
//! ([`fmt::Display`]) names settings, never a secret's value.

use std::borrow::Cow;
use std::fmt;

use amazon_pay_shared::money::Currency;
use amazon_pay_shared::payload::PayloadError;

use super::setting::Setting;

/// Why the configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting at fault (for a contradiction, the one named first).
    pub setting: Setting,
    /// What is wrong with it.
    pub reason: Reason,
}

impl ConfigError {
    /// A refusal of `setting`.
    pub fn new(setting: Setting, reason: Reason) -> ConfigError {
        ConfigError { setting, reason }
    }
}

/// What is wrong with a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Required, but absent or blank; `expected` lists the accepted values, if worth saying.
    Missing {
        /// The accepted values, e.g. `true or false`.
        expected: Option<&'static str>,
    },
    /// Not `true` or `false` (or `1`/`0`, `yes`/`no`).
    NotABool,
    /// Not an integer from 0 to `max`.
    NotAnInteger {
        /// The largest accepted value.
        max: u64,
    },
    /// Shorter than `min` `unit`s.
    TooShort {
        /// The shortest accepted length.
        min: usize,
        /// `bytes` or `characters`.
        unit: &'static str,
    },
    /// Not in the accepted form, which the text describes ("must …").
    Malformed(Cow<'static, str>),
    /// A scope Amazon does not know.
    UnknownScope(String),
    /// Not an exact `scheme://host[:port]` origin.
    NotAnOrigin(String),
    /// Its parser's explanation (which never repeats a secret).
    Invalid(String),
    /// A URL Amazon would refuse in a payload (the error names the setting).
    Url(PayloadError),
    /// A checkout payload setting Amazon would refuse.
    Checkout(PayloadError),
    /// `http` where a live key needs `https`: the whole setting, or one origin of a list.
    NeedsHttps {
        /// The origin at fault, when the setting is a list.
        origin: Option<String>,
    },
    /// For the local sandbox only: refused with a live key.
    SandboxOnly,
    /// For development only: refused with a live key.
    DevelopmentOnly,
    /// A live key never runs without the ledger binding.
    NeedsLedger,
    /// Contradicts `other`.
    Contradicts {
        /// The other setting.
        other: Setting,
        /// How they contradict each other.
        detail: String,
    },
    /// Needs `other` to be `value`.
    Requires {
        /// The other setting.
        other: Setting,
        /// The value it needs.
        value: &'static str,
        /// Why.
        why: &'static str,
    },
    /// Priced in another currency than the ledger's.
    CurrencyMismatch {
        /// The currency found.
        found: Currency,
        /// The ledger currency.
        ledger: Currency,
    },
    /// The ledger currency has no default limits and the setting gives none.
    NoLimitsFor(Currency),
    /// Neither a catalog nor a cart-token secret (nor client amounts) prices an order.
    NoAmountSource,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.setting;
        match &self.reason {
            Reason::Missing { expected: None } => write!(f, "{s} is not set"),
            Reason::Missing {
                expected: Some(values),
            } => write!(f, "{s} is not set ({values})"),
            Reason::NotABool => write!(f, "{s} must be true or false"),
            Reason::NotAnInteger { max } => write!(f, "{s} must be an integer from 0 to {max}"),
            Reason::TooShort { min, unit } => write!(f, "{s} must be at least {min} {unit}"),
            Reason::Malformed(must) => write!(f, "{s} must {must}"),
            Reason::UnknownScope(scope) => write!(f, "{s}: unknown scope {scope:?}"),
            Reason::NotAnOrigin(origin) => {
                write!(f, "{s}: {origin:?} is not an exact scheme://host[:port] origin")
            }
            Reason::Invalid(detail) => write!(f, "{s}: {detail}"),
            Reason::Url(e) => write!(f, "{e}"),
            Reason::Checkout(e) => write!(f, "checkout settings: {e}"),
            Reason::NeedsHttps { origin: None } => write!(f, "{s} must use https with a live key"),
            Reason::NeedsHttps { origin: Some(origin) } => {
                write!(f, "{s}: {origin:?} must use https with a live key")
            }
            Reason::SandboxOnly => {
                write!(f, "{s} is for the local sandbox only and refused with a live key")
            }
            Reason::DevelopmentOnly => {
                write!(f, "{s} is for development only and refused with a live key")
            }
            Reason::NeedsLedger => write!(f, "{s}: a live key needs the D1 ledger binding"),
            Reason::Contradicts { other, detail } => write!(f, "{s} and {other}: {detail}"),
            Reason::Requires { other, value, why } => write!(f, "{s} needs {other} {value} ({why})"),
            Reason::CurrencyMismatch { found, ledger } => {
                write!(
                    f,
                    "{s}: currency {found} differs from the ledger currency {ledger}"
                )
            }
            Reason::NoLimitsFor(currency) => write!(
                f,
                "{s}: currencies.{currency} is required: the ledger currency has no default limits"
            ),
            Reason::NoAmountSource => write!(
                f,
                "no trusted amount source: set {} and/or {}",
                Setting::CatalogJson,
                Setting::CartTokenSecret
            ),
        }
    }
}

impl std::error::Error for ConfigError {}
