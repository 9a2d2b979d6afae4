//! Serde types for the Amazon Pay API objects this project uses.
