//! Our signatures verify under OpenSSL and Node's `crypto.verify`; the official Node SDK's
//! fresh signatures verify under ours; salt lengths are never interchangeable.

use std::process::Command;

use amazon_pay_shared::keys::{PrivateKey, PublicKey, RsaPssSign};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{
    payload_string_to_sign, sign_payload, verify_payload, verify_request, Algorithm, ApiRequest,
    ClientProfile, IdempotencyKey, ReceivedRequest, VerifyError,
};
use amazon_pay_tests::{key_path, key_text, node_json};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};

fn private_key() -> PrivateKey {
    PrivateKey::from_pem(&key_text("merchant-pkcs8.pem")).unwrap()
}

fn public_key() -> PublicKey {
    PublicKey::from_pem(&key_text("merchant-public.pem")).unwrap()
}

/// Messages our signer really signs: a button string to sign and a request string to sign.
fn messages() -> Vec<String> {
    let payload = r#"{"storeId":"amzn1.application-oa2-client.x","webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/レビュー"}}"#;
    let request = ApiRequest::new("POST", "/v2/checkoutSessions")
        .unwrap()
        .with_body(payload.as_bytes().to_vec())
        .with_idempotency_key(IdempotencyKey::parse("k1").unwrap());
    let profile = ClientProfile {
        public_key_id: PublicKeyId::parse("SANDBOX-K").unwrap(),
        region: Region::Jp,
        sandbox: true,
        algorithm: Algorithm::V2,
    };
    let prepared = profile.prepare(&request, "20261123T101010Z").unwrap();
    vec![
        payload_string_to_sign(Algorithm::V2, payload.as_bytes()),
        payload_string_to_sign(Algorithm::V1, payload.as_bytes()),
        prepared.string_to_sign().to_owned(),
    ]
}

fn openssl_verify(dir: &std::path::Path, message: &str, signature: &[u8], salt: usize) -> (bool, String) {
    let msg = dir.join("message");
    let sig = dir.join("signature");
    std::fs::write(&msg, message).unwrap();
    std::fs::write(&sig, signature).unwrap();
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss"])
        .arg("-sigopt")
        .arg(format!("rsa_pss_saltlen:{salt}"))
        .arg("-verify")
        .arg(key_path("merchant-public.pem"))
        .arg("-signature")
        .arg(&sig)
        .arg(&msg)
        .output()
        .expect("openssl is installed");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn our_signatures_verify_under_openssl_with_exactly_their_salt() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key();
    for message in messages() {
        for algorithm in Algorithm::ALL {
            let signature = key
                .sign_pss_sha256(algorithm.salt_len(), message.as_bytes())
                .unwrap();
            let (ok, stdout) = openssl_verify(dir.path(), &message, &signature, algorithm.salt_len());
            assert!(ok && stdout.contains("Verified OK"), "{algorithm}: {stdout}");
            let (ok, _) = openssl_verify(dir.path(), &message, &signature, algorithm.other().salt_len());
            assert!(
                !ok,
                "{algorithm} signature must fail with the other salt under OpenSSL"
            );
        }
    }
}

#[test]
fn our_signatures_verify_under_node_crypto_verify() {
    let key = private_key();
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for message in messages() {
        for algorithm in Algorithm::ALL {
            let sig = STANDARD.encode(
                key.sign_pss_sha256(algorithm.salt_len(), message.as_bytes())
                    .unwrap(),
            );
            cases.push(json!({"message": message, "signature": sig, "saltLength": algorithm.salt_len()}));
            expected.push(true);
            cases.push(
                json!({"message": message, "signature": sig, "saltLength": algorithm.other().salt_len()}),
            );
            expected.push(false);
            cases.push(json!({"message": format!("{message} "), "signature": sig, "saltLength": algorithm.salt_len()}));
            expected.push(false);
        }
    }
    let results = node_json(
        "verify_pss.js",
        &json!({"publicKeyPem": key_text("merchant-public.pem"), "cases": cases}),
    );
    let results: Vec<bool> = serde_json::from_value(results).unwrap();
    assert_eq!(results, expected);
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
    fn text(&mut self) -> String {
        let pieces = [
            "a", "Z", "9", " ", "/", "\\/", "é", "テ", "☕", "\"", "&", "=", "+", "~", "%", "-", "_",
        ];
        (0..(self.next() % 24)).map(|_| self.pick(&pieces)).collect()
    }
}

#[test]
fn fresh_sdk_signatures_verify_under_ours() {
    let mut rng = Lcg(0x5eed);
    let configs = [
        json!({"publicKeyId": "SANDBOX-AFRESHKEY", "region": "jp", "sandbox": true, "algorithm": "AMZN-PAY-RSASSA-PSS-V2"}),
        json!({"publicKeyId": "LIVE-AFRESHKEY", "region": "de", "sandbox": false, "algorithm": "AMZN-PAY-RSASSA-PSS-V2"}),
        json!({"publicKeyId": "AFRESHLEGACY", "region": "us", "sandbox": true}),
        json!({"publicKeyId": "AFRESHLEGACY", "region": "na", "sandbox": false}),
    ];
    let mut requests = Vec::new();
    let mut payloads = Vec::new();
    for i in 0..24 {
        let config = configs[i % configs.len()].clone();
        let body = json!({"note": rng.text(), "n": i}).to_string();
        let method = rng.pick(&["GET", "POST", "PATCH", "DELETE"]);
        let mut options = json!({
            "method": method,
            "urlFragment": format!("charges/P{i:02}-{}", rng.next() % 10_000),
            "headers": {"x-amz-pay-idempotency-key": format!("key{i}")},
        });
        if method != "GET" {
            options["payload"] = json!(body);
        }
        if i % 3 == 0 {
            options["queryParams"] = json!({"b": format!("v{}", rng.next() % 100), "a": "x y/z"});
        }
        requests.push(json!({"config": config, "options": options}));
        payloads.push(json!({"config": configs[i % configs.len()], "payload": format!("{{\"k\":\"{}\"}}", rng.text().replace(['\\', '"'], ""))}));
    }
    let out = node_json(
        "sdk_sign.js",
        &json!({"privateKeyPem": key_text("merchant-pkcs1.pem"), "requests": requests, "payloads": payloads}),
    );
    let key = public_key();
    for (request, headers) in requests.iter().zip(out["requests"].as_array().unwrap()) {
        let config = &request["config"];
        let options = &request["options"];
        let key_id = PublicKeyId::parse(config["publicKeyId"].as_str().unwrap()).unwrap();
        let prefix = key_id.path_prefix(config["sandbox"].as_bool().unwrap());
        let path = format!("{prefix}/v2/{}", options["urlFragment"].as_str().unwrap());
        let query = match options.get("queryParams") {
            Some(Value::Object(q)) => {
                let mut pairs: Vec<(String, String)> = q
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            amazon_pay_shared::signing::rfc3986_encode(v.as_str().unwrap().as_bytes()),
                        )
                    })
                    .collect();
                pairs.sort();
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&")
            }
            _ => String::new(),
        };
        let header_list: Vec<(String, String)> = headers
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let body = options.get("payload").and_then(Value::as_str).unwrap_or("");
        let received = ReceivedRequest {
            method: options["method"].as_str().unwrap(),
            path: &path,
            query: &query,
            headers: &header_list,
            body: body.as_bytes(),
        };
        verify_request(&received, &key).unwrap_or_else(|e| panic!("{options}: {e}"));
    }
    for (payload, signature) in payloads.iter().zip(out["payloads"].as_array().unwrap()) {
        let algorithm = payload["config"]["algorithm"]
            .as_str()
            .map_or(Algorithm::V1, |a| Algorithm::parse(a).unwrap());
        let bytes = payload["payload"].as_str().unwrap().as_bytes();
        let signature = signature.as_str().unwrap();
        verify_payload(&key, algorithm, bytes, signature).unwrap();
        assert!(matches!(
            verify_payload(&key, algorithm.other(), bytes, signature),
            Err(VerifyError::WrongAlgorithm { .. })
        ));
    }
}

#[test]
fn another_key_is_refused() {
    let other = PrivateKey::from_pem(&key_text("other-pkcs8.pem")).unwrap();
    let sig = sign_payload(&other, Algorithm::V2, b"{}").unwrap();
    assert_eq!(
        verify_payload(&public_key(), Algorithm::V2, b"{}", &sig)
            .unwrap_err()
            .code(),
        "VERIFY_SIGNATURE_MISMATCH"
    );
}
