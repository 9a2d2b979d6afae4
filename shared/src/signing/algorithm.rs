use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::SigningError;

/// Amazon Pay's two RSASSA-PSS signature algorithms; they differ only in salt length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// `AMZN-PAY-RSASSA-PSS-V2`, salt 32: the one Amazon recommends and this project's default.
    #[default]
    V2,
    /// `AMZN-PAY-RSASSA-PSS`, salt 20: the official SDKs' default, for legacy integrations.
    V1,
}

impl Algorithm {
    /// Both algorithms.
    pub const ALL: [Algorithm; 2] = [Algorithm::V2, Algorithm::V1];

    /// The name that goes into the string to sign and the `Authorization` header.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::V2 => "AMZN-PAY-RSASSA-PSS-V2",
            Algorithm::V1 => "AMZN-PAY-RSASSA-PSS",
        }
    }

    /// PSS salt length in bytes.
    pub fn salt_len(self) -> usize {
        match self {
            Algorithm::V2 => 32,
            Algorithm::V1 => 20,
        }
    }

    /// The other algorithm (used to diagnose a salt mix-up).
    pub fn other(self) -> Algorithm {
        match self {
            Algorithm::V2 => Algorithm::V1,
            Algorithm::V1 => Algorithm::V2,
        }
    }

    /// Parses an exact algorithm name (case-sensitive, as Amazon's servers are).
    pub fn parse(name: &str) -> Result<Algorithm, SigningError> {
        match name {
            "AMZN-PAY-RSASSA-PSS-V2" => Ok(Algorithm::V2),
            "AMZN-PAY-RSASSA-PSS" => Ok(Algorithm::V1),
            other => Err(SigningError::UnknownAlgorithm(other.chars().take(40).collect())),
        }
    }
}

impl FromStr for Algorithm {
    type Err = SigningError;
    fn from_str(s: &str) -> Result<Self, SigningError> {
        Algorithm::parse(s)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Algorithm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Algorithm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Algorithm::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_salts() {
        assert_eq!(Algorithm::default(), Algorithm::V2);
        assert_eq!(Algorithm::V2.salt_len(), 32);
        assert_eq!(Algorithm::V1.salt_len(), 20);
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::parse(a.name()).unwrap(), a);
            assert_eq!(a.other().other(), a);
        }
        assert!(Algorithm::parse("amzn-pay-rsassa-pss-v2").is_err());
        assert!(Algorithm::parse("AMZN-PAY-RSASSA-PSS-V3").is_err());
    }
}
