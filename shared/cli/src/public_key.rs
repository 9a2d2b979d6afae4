//! `amzpay public-key`: the public half of a private key, in the form Seller Central takes.

use crate::args::PublicKeyArgs;
use crate::failure::Failure;
use crate::input;

/// Prints the SPKI PEM (`BEGIN PUBLIC KEY`) of a PKCS#8 or PKCS#1 private key.
pub fn run(args: &PublicKeyArgs) -> Result<(), Failure> {
    let key = input::private_key(&args.private_key)?;
    let pem = key.public_key().to_spki_pem().map_err(Failure::usage)?;
    print!("{pem}");
    Ok(())
}
