//! The shared crate's integration tests, linked into one test binary
//! (`cargo test -p amazon-pay-shared --test it`).

mod node_sdk_vectors;
mod properties;
