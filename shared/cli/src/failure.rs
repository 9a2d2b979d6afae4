//! How a command fails: an invalid signature (exit 1) or a usage/input error (exit 2).

use std::fmt::Display;

/// A command's failure. Messages are one line and never contain key material.
#[derive(Debug)]
pub enum Failure {
    /// The signature does not verify; the reason says what is known about why.
    Invalid(String),
    /// Bad arguments or unreadable input.
    Usage(String),
}

impl Failure {
    /// A usage error from anything displayable, flattened to one line.
    pub fn usage(message: impl Display) -> Failure {
        Failure::Usage(one_line(&message.to_string()))
    }

    /// An invalid-signature result, flattened to one line.
    pub fn invalid(message: impl Display) -> Failure {
        Failure::Invalid(one_line(&message.to_string()))
    }
}

/// Escapes line breaks so that every message stays on one line.
pub fn one_line(s: &str) -> String {
    s.replace('\r', "\\r").replace('\n', "\\n")
}
