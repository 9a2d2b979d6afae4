//! The lifecycle's codes read back from text: `FromStr` and `Deserialize` for
//! [`TransactionStatus`] and [`Operation`], refusing anything else with a typed
//! [`LifecycleError`].

use std::str::FromStr;

use serde::Deserialize;

use super::errors::{truncate, LifecycleError};
use super::operations::Operation;
use super::status::TransactionStatus;

impl FromStr for TransactionStatus {
    type Err = LifecycleError;

    /// Parses the exact upper-case code.
    fn from_str(s: &str) -> Result<Self, LifecycleError> {
        TransactionStatus::ALL
            .into_iter()
            .find(|status| status.code() == s)
            .ok_or_else(|| LifecycleError::UnknownStatus(truncate(s)))
    }
}

impl<'de> Deserialize<'de> for TransactionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Operation {
    type Err = LifecycleError;

    /// Parses the exact upper-case code.
    fn from_str(s: &str) -> Result<Self, LifecycleError> {
        Operation::ALL
            .into_iter()
            .find(|op| op.code() == s)
            .ok_or_else(|| LifecycleError::UnknownOperation(truncate(s)))
    }
}

impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}
