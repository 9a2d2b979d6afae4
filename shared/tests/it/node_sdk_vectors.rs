//! Known-answer tests against vectors produced by the official Amazon Pay Node SDK
//! (`tests/vectors/make_vectors.js` regenerates `tests/vectors/node-sdk-vectors.json`).
//!
//! Canonical requests and strings to sign must be byte-identical; PSS signatures are random, so
//! the SDK's signatures must verify under our verifier (and fail under the other salt length).

use amazon_pay_shared::keys::{PrivateKey, PublicKey};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{
    canonical_request, payload_string_to_sign, string_to_sign, verify_payload, verify_request, Algorithm,
    ApiRequest, ClientProfile, IdempotencyKey, ReceivedRequest, VerifyError,
};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/node-sdk-vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("vector file");
    let doc: Value = serde_json::from_str(&text).expect("vector JSON");
    assert_eq!(doc["sdkVersion"], "2.3.4");
    doc["cases"].as_array().expect("cases").clone()
}

fn key_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/keys/{name}", env!("CARGO_MANIFEST_DIR"))).expect("key")
}

fn public_key() -> PublicKey {
    PublicKey::from_pem(&key_file("merchant-public.pem")).unwrap()
}

fn s<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {}", case["name"]))
}

fn headers_of(case: &Value) -> Vec<(String, String)> {
    case["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

fn request_cases() -> Vec<Value> {
    vectors().into_iter().filter(|c| c["kind"] == "request").collect()
}

fn payload_cases() -> Vec<Value> {
    vectors().into_iter().filter(|c| c["kind"] == "payload").collect()
}

#[test]
fn vectors_cover_what_matters() {
    let names: Vec<String> = vectors().iter().map(|c| s(c, "name").to_owned()).collect();
    for needed in [
        "post_utf8_body",
        "get_no_body",
        "get_query",
        "legacy_salt20_sandbox_path",
        "button_escaped_slashes_v2",
        "button_non_ascii_v2",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} missing");
    }
}

#[test]
fn canonical_request_and_string_to_sign_are_byte_identical() {
    for case in request_cases() {
        let canonical = canonical_request(
            s(&case, "method"),
            s(&case, "path"),
            s(&case, "query"),
            &headers_of(&case),
            None,
            s(&case, "body").as_bytes(),
        )
        .unwrap();
        assert_eq!(canonical.text, s(&case, "canonicalRequest"), "{}", case["name"]);
        let algorithm = Algorithm::parse(s(&case, "algorithm")).unwrap();
        assert_eq!(
            string_to_sign(algorithm, &canonical.text),
            s(&case, "stringToSign"),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn the_high_level_builder_reproduces_the_sdk_request() {
    for case in request_cases() {
        let headers = headers_of(&case);
        let header = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let sandbox = case["sandbox"].as_bool().unwrap();
        let full_path = s(&case, "path");
        let api_path = full_path
            .strip_prefix("/sandbox")
            .or_else(|| full_path.strip_prefix("/live"))
            .unwrap_or(full_path);
        let mut request = ApiRequest::new(s(&case, "method"), api_path)
            .unwrap()
            .with_query(s(&case, "query"))
            .unwrap()
            .with_header("user-agent", &header("user-agent").unwrap())
            .unwrap()
            .with_body(s(&case, "body").as_bytes().to_vec());
        if let Some(key) = header("x-amz-pay-idempotency-key") {
            request = request.with_idempotency_key(IdempotencyKey::parse(&key).unwrap());
        }
        let profile = ClientProfile {
            public_key_id: PublicKeyId::parse(s(&case, "publicKeyId")).unwrap(),
            region: Region::parse(s(&case, "region")).unwrap(),
            sandbox,
            algorithm: Algorithm::parse(s(&case, "algorithm")).unwrap(),
        };
        let prepared = profile
            .prepare(&request, &header("x-amz-pay-date").unwrap())
            .unwrap();
        assert_eq!(prepared.path(), full_path, "{}", case["name"]);
        assert_eq!(
            prepared.canonical_request().text,
            s(&case, "canonicalRequest"),
            "{}",
            case["name"]
        );
        assert_eq!(
            prepared.string_to_sign(),
            s(&case, "stringToSign"),
            "{}",
            case["name"]
        );
    }
}

fn received<'a>(case: &'a Value, headers: &'a [(String, String)]) -> ReceivedRequest<'a> {
    ReceivedRequest {
        method: s(case, "method"),
        path: s(case, "path"),
        query: s(case, "query"),
        headers,
        body: s(case, "body").as_bytes(),
    }
}

#[test]
fn sdk_request_signatures_verify_under_ours() {
    let key = public_key();
    for case in request_cases() {
        let mut headers = headers_of(&case);
        headers.push(("Authorization".into(), s(&case, "authorization").into()));
        let verified = verify_request(&received(&case, &headers), &key)
            .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
        assert_eq!(verified.string_to_sign, s(&case, "stringToSign"));
    }
}

#[test]
fn sdk_request_signatures_fail_when_one_byte_changes() {
    let key = public_key();
    for case in request_cases() {
        let mut headers = headers_of(&case);
        headers.push(("authorization".into(), s(&case, "authorization").into()));
        let mut body = s(&case, "body").as_bytes().to_vec();
        body.push(b' ');
        let mut tampered = received(&case, &headers);
        tampered.body = &body;
        assert_eq!(
            verify_request(&tampered, &key).unwrap_err().code(),
            "VERIFY_SIGNATURE_MISMATCH"
        );
        let mut wrong_path = received(&case, &headers);
        let path = format!("{}x", s(&case, "path"));
        wrong_path.path = &path;
        assert!(verify_request(&wrong_path, &key).is_err());
    }
}

#[test]
fn a_salt_20_signature_fails_as_v2_and_the_reverse() {
    let key = public_key();
    for case in request_cases() {
        let declared = Algorithm::parse(s(&case, "algorithm")).unwrap();
        let other = declared.other();
        let relabelled = s(&case, "authorization").replacen(declared.name(), other.name(), 1);
        let mut headers = headers_of(&case);
        headers.push(("authorization".into(), relabelled));
        match verify_request(&received(&case, &headers), &key) {
            Err(VerifyError::WrongAlgorithm {
                declared: d, actual, ..
            }) => {
                assert_eq!((d, actual), (other, declared), "{}", case["name"]);
            }
            other => panic!("{}: expected WrongAlgorithm, got {other:?}", case["name"]),
        }
    }
    let algorithms: Vec<&str> = request_cases()
        .iter()
        .map(|c| s(c, "algorithm").to_owned())
        .map(|a| if a == "AMZN-PAY-RSASSA-PSS" { "v1" } else { "v2" })
        .collect();
    assert!(
        algorithms.contains(&"v1") && algorithms.contains(&"v2"),
        "vectors must hold both algorithms"
    );
}

#[test]
fn button_payload_string_to_sign_and_sdk_signatures() {
    let key = public_key();
    for case in payload_cases() {
        let algorithm = Algorithm::parse(s(&case, "algorithm")).unwrap();
        let payload = s(&case, "payload").as_bytes();
        assert_eq!(
            payload_string_to_sign(algorithm, payload),
            s(&case, "stringToSign"),
            "{}",
            case["name"]
        );
        verify_payload(&key, algorithm, payload, s(&case, "signature"))
            .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
        assert!(matches!(
            verify_payload(&key, algorithm.other(), payload, s(&case, "signature")),
            Err(VerifyError::WrongAlgorithm { .. })
        ));
        let mut altered = payload.to_vec();
        altered.insert(1, b' ');
        assert_eq!(
            verify_payload(&key, algorithm, &altered, s(&case, "signature"))
                .unwrap_err()
                .code(),
            "VERIFY_SIGNATURE_MISMATCH"
        );
    }
}

#[test]
fn escaped_slashes_are_signed_as_given() {
    let case = payload_cases()
        .into_iter()
        .find(|c| c["name"] == "button_escaped_slashes_v2")
        .unwrap();
    let payload = s(&case, "payload");
    assert!(payload.contains(r"https:\/\/"));
    let unescaped = payload.replace(r"\/", "/");
    assert!(verify_payload(
        &public_key(),
        Algorithm::V2,
        unescaped.as_bytes(),
        s(&case, "signature")
    )
    .is_err());
}

#[test]
fn our_signatures_verify_with_both_key_forms() {
    let pkcs8 = PrivateKey::from_pem(&key_file("merchant-pkcs8.pem")).unwrap();
    let pkcs1 = PrivateKey::from_pem(&key_file("merchant-pkcs1.pem")).unwrap();
    for case in payload_cases() {
        let algorithm = Algorithm::parse(s(&case, "algorithm")).unwrap();
        for key in [&pkcs8, &pkcs1] {
            let sig =
                amazon_pay_shared::signing::sign_payload(key, algorithm, s(&case, "payload").as_bytes())
                    .unwrap();
            verify_payload(&public_key(), algorithm, s(&case, "payload").as_bytes(), &sig).unwrap();
        }
    }
}
