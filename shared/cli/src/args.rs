//! The command line, exactly as documented in the project README.

use std::path::PathBuf;

use amazon_pay_shared::region::Region;
use amazon_pay_shared::signing::Algorithm;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Generate keys, sign and verify Amazon Pay button payloads and API requests.
#[derive(Debug, Parser)]
#[command(name = "amzpay", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write DIR/private.pem (PKCS#8) and DIR/public.pem (SPKI) for a new 2048-bit key.
    Keygen(KeygenArgs),
    /// Print the public key (SPKI PEM) of a private key, as Seller Central takes it.
    PublicKey(PublicKeyArgs),
    /// Print the base64 signature of exactly the bytes of FILE (or stdin for -).
    SignPayload(SignPayloadArgs),
    /// Exit 0 if SIGNATURE is valid for exactly the bytes of FILE, 1 if not, 2 on bad input.
    VerifyPayload(VerifyPayloadArgs),
    /// Sign an API request and print its headers (or its canonical request or string to sign).
    SignRequest(SignRequestArgs),
    /// Check an Authorization header against the request it claims to sign.
    VerifyRequest(VerifyRequestArgs),
}

/// `keygen` arguments.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Directory to write private.pem and public.pem into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `public-key` arguments.
#[derive(Debug, Args)]
pub struct PublicKeyArgs {
    /// PEM private key, PKCS#8 or PKCS#1.
    #[arg(long, value_name = "FILE")]
    pub private_key: PathBuf,
}

/// A signature algorithm argument.
#[derive(Debug, Clone, Copy)]
pub struct AlgorithmArg(pub Algorithm);

fn parse_algorithm(s: &str) -> Result<AlgorithmArg, String> {
    Algorithm::parse(s).map(AlgorithmArg).map_err(|e| e.to_string())
}

fn parse_region(s: &str) -> Result<Region, String> {
    Region::parse(s).map_err(|e| e.to_string())
}

/// A `name: value` header argument.
#[derive(Debug, Clone)]
pub struct HeaderArg {
    /// Header name as given.
    pub name: String,
    /// Header value, trimmed.
    pub value: String,
}

fn parse_header(s: &str) -> Result<HeaderArg, String> {
    let (name, value) = s
        .split_once(':')
        .ok_or_else(|| "expected 'name: value'".to_owned())?;
    let name = name.trim();
    if name.is_empty() {
        return Err("empty header name".into());
    }
    Ok(HeaderArg {
        name: name.to_owned(),
        value: value.trim().to_owned(),
    })
}

/// `sign-payload` arguments.
#[derive(Debug, Args)]
pub struct SignPayloadArgs {
    /// PEM private key, PKCS#8 or PKCS#1.
    #[arg(long, value_name = "FILE")]
    pub private_key: PathBuf,
    /// AMZN-PAY-RSASSA-PSS-V2 (salt 32, default) or AMZN-PAY-RSASSA-PSS (salt 20).
    #[arg(long, value_name = "ALG", value_parser = parse_algorithm, default_value = "AMZN-PAY-RSASSA-PSS-V2")]
    pub algorithm: AlgorithmArg,
    /// Print the string to sign instead of a signature.
    #[arg(long)]
    pub explain: bool,
    /// The payload file; its bytes are signed exactly as they are (a final newline counts).
    #[arg(value_name = "FILE|-")]
    pub payload: PathBuf,
}

/// `verify-payload` arguments.
#[derive(Debug, Args)]
pub struct VerifyPayloadArgs {
    /// PEM public key (SPKI or PKCS#1), or a private key to use its public half.
    #[arg(long, value_name = "FILE")]
    pub public_key: PathBuf,
    /// The base64 signature.
    #[arg(long, value_name = "B64")]
    pub signature: String,
    /// The algorithm the button declares.
    #[arg(long, value_name = "ALG", value_parser = parse_algorithm, default_value = "AMZN-PAY-RSASSA-PSS-V2")]
    pub algorithm: AlgorithmArg,
    /// The payload file, or - for stdin.
    #[arg(value_name = "FILE|-")]
    pub payload: PathBuf,
}

/// What `sign-request` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintWhat {
    /// The canonical request, exactly, without a trailing newline.
    Canonical,
    /// The string to sign, exactly, without a trailing newline.
    StringToSign,
    /// All request headers as a JSON object, including authorization.
    Headers,
    /// The hex SHA-256 of the string to sign and of the canonical request, and the signed
    /// header names, as JSON named as in the edge signer's log line of a refused call.
    Hashes,
}

/// The request description shared by `sign-request` and `verify-request`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The merchant's public key id (LIVE-…, SANDBOX-… or a legacy id).
    #[arg(long, value_name = "ID")]
    pub public_key_id: String,
    /// na (us), eu (de, uk) or jp.
    #[arg(long, value_name = "R", value_parser = parse_region)]
    pub region: Region,
    /// HTTP method, e.g. POST.
    #[arg(long, value_name = "M")]
    pub method: String,
    /// API path such as /v2/checkoutSessions; /sandbox or /live is added for legacy key ids.
    #[arg(long, value_name = "P")]
    pub path: String,
    /// Query string as in the URL (percent-encoded), without '?'.
    #[arg(long, value_name = "Q", default_value = "")]
    pub query: String,
    /// An extra header to send and sign ('name: value'); replaces a default of the same name.
    #[arg(long = "header", value_name = "'name: value'", value_parser = parse_header)]
    pub headers: Vec<HeaderArg>,
    /// x-amz-pay-date, verbatim (default: now, YYYYMMDDTHHMMSSZ).
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// x-amz-pay-idempotency-key (≤ 32 of A-Z a-z 0-9 _ -).
    #[arg(long, value_name = "K")]
    pub idempotency_key: Option<String>,
    /// File with the exact body bytes (default: empty body).
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Sandbox environment (decides /sandbox vs /live for legacy key ids).
    #[arg(long)]
    pub sandbox: bool,
}

/// `sign-request` arguments.
#[derive(Debug, Args)]
pub struct SignRequestArgs {
    /// PEM private key, PKCS#8 or PKCS#1.
    #[arg(long, value_name = "FILE")]
    pub private_key: PathBuf,
    /// The request.
    #[command(flatten)]
    pub request: RequestArgs,
    /// AMZN-PAY-RSASSA-PSS-V2 (salt 32, default) or AMZN-PAY-RSASSA-PSS (salt 20).
    #[arg(long, value_name = "ALG", value_parser = parse_algorithm, default_value = "AMZN-PAY-RSASSA-PSS-V2")]
    pub algorithm: AlgorithmArg,
    /// What to print.
    #[arg(long, value_enum, default_value = "headers")]
    pub print: PrintWhat,
}

/// `verify-request` arguments.
#[derive(Debug, Args)]
pub struct VerifyRequestArgs {
    /// PEM public key (SPKI or PKCS#1), or a private key to use its public half.
    #[arg(long, value_name = "FILE")]
    pub public_key: PathBuf,
    /// The Authorization header value to check.
    #[arg(long, value_name = "'AMZN-PAY-… PublicKeyId=…, SignedHeaders=…, Signature=…'")]
    pub authorization: String,
    /// The request.
    #[command(flatten)]
    pub request: RequestArgs,
    /// The algorithm expected; by default the one the Authorization header declares.
    #[arg(long, value_name = "ALG", value_parser = parse_algorithm)]
    pub algorithm: Option<AlgorithmArg>,
}
