//! `amzpay sign-payload` and `amzpay verify-payload`: button payload signatures.

use std::io::Write;

use amazon_pay_shared::signing::{payload_string_to_sign, sign_payload, verify_payload, VerifyError};

use crate::args::{SignPayloadArgs, VerifyPayloadArgs};
use crate::failure::Failure;
use crate::input;

/// Prints the base64 signature of exactly the payload bytes, or with `--explain` the string to
/// sign (exactly, without a trailing newline).
pub fn sign(args: &SignPayloadArgs) -> Result<(), Failure> {
    let payload = input::read_bytes(&args.payload)?;
    if args.explain {
        return print_exact(&payload_string_to_sign(args.algorithm.0, &payload));
    }
    let key = input::private_key(&args.private_key)?;
    let signature = sign_payload(&key, args.algorithm.0, &payload).map_err(Failure::usage)?;
    println!("{signature}");
    Ok(())
}

/// Exit 0 when the signature is valid for exactly these bytes, 1 with a reason when not.
pub fn verify(args: &VerifyPayloadArgs) -> Result<(), Failure> {
    let payload = input::read_bytes(&args.payload)?;
    let key = input::public_key(&args.public_key)?;
    match verify_payload(&key, args.algorithm.0, &payload, &args.signature) {
        Ok(()) => {
            println!("valid");
            Ok(())
        }
        Err(VerifyError::SignatureEncoding) => Err(Failure::usage("--signature is not valid base64")),
        Err(e) => Err(Failure::invalid(e)),
    }
}

/// Writes text to stdout exactly as it is.
pub fn print_exact(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::usage(format!("cannot write stdout: {e}")))
}
