//! `amzpay`: generate keys, print a private key's public key, sign and verify Amazon Pay button payloads and API requests.
//!
//! Exit codes: 0 success (or valid), 1 invalid signature, 2 usage or input error. Every error
//! is one line on stderr; no key material is ever printed.

mod args;
mod failure;
mod input;
mod keygen;
mod payload;
mod public_key;
mod request;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::failure::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("amzpay: {} (see amzpay --help)", usage_line(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Keygen(a) => keygen::run(&a),
        Command::PublicKey(a) => public_key::run(&a),
        Command::SignPayload(a) => payload::sign(&a),
        Command::VerifyPayload(a) => payload::verify(&a),
        Command::SignRequest(a) => request::sign(&a),
        Command::VerifyRequest(a) => request::verify(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(reason)) => {
            eprintln!("invalid: {reason}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("amzpay: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Flattens clap's multi-line usage error into one line: the message without the usage block.
fn usage_line(rendered: &str) -> String {
    rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
