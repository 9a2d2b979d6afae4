//! `amzpay keygen`: a new 2048-bit key pair in the forms Seller Central uses.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::args::KeygenArgs;
use crate::failure::Failure;

/// Writes `DIR/private.pem` (PKCS#8, mode 0600) and `DIR/public.pem` (SPKI). Refuses to
/// overwrite an existing key.
pub fn run(args: &KeygenArgs) -> Result<(), Failure> {
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", args.out.display())))?;
    let private_path = args.out.join("private.pem");
    let public_path = args.out.join("public.pem");
    for p in [&private_path, &public_path] {
        if p.exists() {
            return Err(Failure::usage(format!(
                "{} already exists; not overwriting a key",
                p.display()
            )));
        }
    }
    let key = amazon_pay_shared::keys::generate(2048).map_err(Failure::usage)?;
    let private_pem = key.to_pkcs8_pem().map_err(Failure::usage)?;
    let public_pem = key.public_key().to_spki_pem().map_err(Failure::usage)?;
    write_new(&private_path, private_pem.as_bytes(), true)?;
    write_new(&public_path, public_pem.as_bytes(), false)?;
    println!("{}", private_path.display());
    println!("{}", public_path.display());
    Ok(())
}

fn write_new(path: &Path, content: &[u8], secret: bool) -> Result<(), Failure> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options
        .open(path)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(content)
        .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))
}
