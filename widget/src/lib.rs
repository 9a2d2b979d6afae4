//! The Amazon Pay widget: button and return pages, compiled to WebAssembly.
//!
//! This crate is the browser side of the project. Its JavaScript surface lives in one file,
//! [`js_api`]; everything else is plain Rust.
#![deny(missing_docs, missing_debug_implementations)]

pub mod js_api;
