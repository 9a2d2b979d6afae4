//! `amzpay sign-request` and `amzpay verify-request`: API request signatures.

use std::time::{SystemTime, UNIX_EPOCH};

use amazon_pay_shared::region::PublicKeyId;
use amazon_pay_shared::signing::{
    hex_sha256, verify_request, Algorithm, ApiRequest, Authorization, ClientProfile, IdempotencyKey,
    PreparedRequest, ReceivedRequest, VerifyError,
};

use crate::args::{PrintWhat, RequestArgs, SignRequestArgs, VerifyRequestArgs};
use crate::failure::Failure;
use crate::input;
use crate::payload::print_exact;

fn now_basic() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    amazon_pay_shared::time::format_basic(secs)
}

/// Builds the prepared (unsigned) request from the command line.
fn prepare(args: &RequestArgs, algorithm: Algorithm) -> Result<(PreparedRequest, Vec<u8>), Failure> {
    let public_key_id = PublicKeyId::parse(&args.public_key_id)
        .map_err(|e| Failure::usage(format!("--public-key-id: {e}")))?;
    let method = args.method.to_ascii_uppercase();
    let mut request = ApiRequest::new(&method, &args.path)
        .map_err(|e| Failure::usage(format!("--method/--path: {e}")))?
        .with_query(&args.query)
        .map_err(|e| Failure::usage(format!("--query: {e}")))?;
    for h in &args.headers {
        request = request
            .with_header(&h.name, &h.value)
            .map_err(|e| Failure::usage(format!("--header: {e}")))?;
    }
    if let Some(key) = &args.idempotency_key {
        let key =
            IdempotencyKey::parse(key).map_err(|e| Failure::usage(format!("--idempotency-key: {e}")))?;
        request = request.with_idempotency_key(key);
    }
    let body = match &args.body {
        Some(path) => input::read_bytes(path)?,
        None => Vec::new(),
    };
    request = request.with_body(body.clone());
    let profile = ClientProfile {
        public_key_id,
        region: args.region,
        sandbox: args.sandbox,
        algorithm,
    };
    let date = args.date.clone().unwrap_or_else(now_basic);
    let prepared = profile.prepare(&request, &date).map_err(Failure::usage)?;
    Ok((prepared, body))
}

/// Signs and prints what `--print` asks for.
pub fn sign(args: &SignRequestArgs) -> Result<(), Failure> {
    let (prepared, _) = prepare(&args.request, args.algorithm.0)?;
    match args.print {
        PrintWhat::Canonical => print_exact(&prepared.canonical_request().text),
        PrintWhat::StringToSign => print_exact(prepared.string_to_sign()),
        PrintWhat::Hashes => {
            let hashes = serde_json::json!({
                "stringToSignSha256": hex_sha256(prepared.string_to_sign().as_bytes()),
                "canonicalRequestSha256": hex_sha256(prepared.canonical_request().text.as_bytes()),
                "signedHeaders": prepared.canonical_request().signed_headers,
            });
            let text = serde_json::to_string_pretty(&hashes).map_err(Failure::usage)?;
            println!("{text}");
            Ok(())
        }
        PrintWhat::Headers => {
            let key = input::private_key(&args.private_key)?;
            let signed = prepared.sign_with(&key).map_err(Failure::usage)?;
            let map: serde_json::Map<String, serde_json::Value> = signed
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let text = serde_json::to_string_pretty(&map).map_err(Failure::usage)?;
            println!("{text}");
            Ok(())
        }
    }
}

/// Verifies and explains a failure as precisely as it can.
pub fn verify(args: &VerifyRequestArgs) -> Result<(), Failure> {
    let authorization = match Authorization::parse(&args.authorization) {
        Ok(a) => a,
        Err(e @ VerifyError::UnknownAlgorithm(_)) => return Err(Failure::invalid(e)),
        Err(e) => return Err(Failure::invalid(format!("--authorization: {e}"))),
    };
    let algorithm = args.algorithm.map_or(authorization.algorithm, |a| a.0);
    if algorithm != authorization.algorithm {
        return Err(Failure::invalid(format!(
            "wrong algorithm: expected {algorithm}, the authorization declares {}",
            authorization.algorithm
        )));
    }
    let key = input::public_key(&args.public_key)?;
    let (prepared, body) = prepare(&args.request, algorithm)?;
    if authorization.public_key_id != args.request.public_key_id {
        return Err(Failure::invalid(format!(
            "PublicKeyId differs: expected {}, the authorization has {}",
            args.request.public_key_id, authorization.public_key_id
        )));
    }
    let expected_list = &prepared.canonical_request().signed_headers;
    let given_list = authorization.signed_headers_value();
    if *expected_list != given_list {
        return Err(Failure::invalid(format!(
            "signed-header list differs: expected {expected_list}, the authorization has {given_list}"
        )));
    }
    let mut headers = prepared.headers().to_vec();
    headers.push(("authorization".to_owned(), args.authorization.clone()));
    let received = ReceivedRequest {
        method: &args.request.method.to_ascii_uppercase(),
        path: prepared.path(),
        query: &args.request.query,
        headers: &headers,
        body: &body,
    };
    match verify_request(&received, &key) {
        Ok(_) => {
            println!("valid");
            Ok(())
        }
        Err(e @ VerifyError::WrongAlgorithm { .. }) => {
            Err(Failure::invalid(format!("wrong algorithm or salt: {e}")))
        }
        Err(e) => Err(Failure::invalid(e)),
    }
}
