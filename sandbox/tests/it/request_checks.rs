//! The sandbox refuses what Amazon refuses: tampered bodies, headers, dates and paths, the wrong
//! salt, another key, unsigned or missing required headers, a foreign host, a stale date and a
//! malformed idempotency key; and it accepts both algorithms and both date formats.

use amazon_pay_sandbox::{start, RunningSandbox, SandboxConfig};
use amazon_pay_shared::keys::{PrivateKey, PublicKey, RsaPssSign};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{
    canonical_request, string_to_sign, Algorithm, ApiRequest, ClientProfile, IdempotencyKey, SignedRequest,
};
use amazon_pay_shared::time::{format_basic, format_extended};
use serde_json::Value;

fn key(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../shared/tests/data/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

async fn sandbox() -> RunningSandbox {
    let public = PublicKey::from_pem(&key("merchant-public.pem")).unwrap();
    start(SandboxConfig {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        public_keys: vec![
            (PublicKeyId::parse("SANDBOX-AKEY").unwrap(), public.clone()),
            (PublicKeyId::parse("ALEGACYKEY").unwrap(), public),
        ],
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

struct Signer {
    key: PrivateKey,
    profile: ClientProfile,
    host: String,
}

impl Signer {
    fn new(sb: &RunningSandbox, key_id: &str, algorithm: Algorithm) -> Signer {
        Signer {
            key: PrivateKey::from_pem(&key("merchant-pkcs8.pem")).unwrap(),
            profile: ClientProfile {
                public_key_id: PublicKeyId::parse(key_id).unwrap(),
                region: Region::Jp,
                sandbox: true,
                algorithm,
            },
            host: sb.http.unwrap().to_string(),
        }
    }

    fn sign(&self, request: &ApiRequest, date: &str) -> SignedRequest {
        self.profile
            .prepare_for_host(request, date, &self.host)
            .unwrap()
            .sign_with(&self.key)
            .unwrap()
    }
}

fn set_header(req: &mut SignedRequest, name: &str, f: impl Fn(&str) -> String) {
    for (n, v) in &mut req.headers {
        if n == name {
            *v = f(v);
        }
    }
}

async fn send(sb: &RunningSandbox, req: &SignedRequest) -> (u16, Value) {
    let url = format!("http://{}{}", sb.http.unwrap(), req.path_and_query());
    let client = reqwest::Client::new();
    let mut builder = client.request(reqwest::Method::from_bytes(req.method.as_bytes()).unwrap(), url);
    for (n, v) in &req.headers {
        builder = builder.header(n, v);
    }
    let response = builder.body(req.body.clone()).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

fn get_session() -> ApiRequest {
    ApiRequest::new("GET", "/v2/checkoutSessions/00000000-0000-0000-0000-000000000000").unwrap()
}

fn post_charge() -> ApiRequest {
    ApiRequest::new("POST", "/v2/charges")
        .unwrap()
        .with_body(
            br#"{"chargePermissionId":"S01-0000000-0000000","chargeAmount":{"amount":"100","currencyCode":"JPY"}}"#
                .to_vec(),
        )
        .with_idempotency_key(IdempotencyKey::parse("idem-1").unwrap())
}

fn is_signature_error(status: u16, body: &Value) -> bool {
    status == 403 && body["reasonCode"] == "InvalidRequestSignature"
}

fn reason(body: &Value) -> Option<&str> {
    body["reasonCode"].as_str()
}

#[tokio::test]
async fn a_correct_request_passes_the_checks_with_both_algorithms_and_date_forms() {
    let sb = sandbox().await;
    for algorithm in Algorithm::ALL {
        let s = Signer::new(&sb, "SANDBOX-AKEY", algorithm);
        for date in [format_basic(now()), format_extended(now())] {
            let (status, body) = send(&sb, &s.sign(&get_session(), &date)).await;
            assert!(
                !is_signature_error(status, &body),
                "{algorithm} {date}: {status} {body}"
            );
            assert_ne!(status, 400, "{algorithm} {date}: {body}");
        }
    }
    sb.stop();
}

#[tokio::test]
async fn one_tampered_byte_is_an_invalid_signature() {
    let sb = sandbox().await;
    let s = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2);
    let signed_at = now();
    let good = s.sign(&post_charge(), &format_basic(signed_at));
    let (status, body) = send(&sb, &good).await;
    assert!(!is_signature_error(status, &body), "{status} {body}");

    let mut body_changed = good.clone();
    body_changed.body[10] ^= 0x01;
    let mut header_changed = good.clone();
    set_header(&mut header_changed, "x-amz-pay-region", |_| "eu".into());
    let mut date_changed = good.clone();
    // One second before the signed date (not "now", which may be the signed second itself).
    set_header(&mut date_changed, "x-amz-pay-date", |_| {
        format_basic(signed_at - 1)
    });
    let mut path_changed = good.clone();
    path_changed.path = "/v2/charges/".into();
    let mut key_changed = good.clone();
    set_header(&mut key_changed, "x-amz-pay-idempotency-key", |_| "idem-2".into());
    for (what, req) in [
        ("body", body_changed),
        ("signed header", header_changed),
        ("date", date_changed),
        ("path", path_changed),
        ("idempotency key", key_changed),
    ] {
        let (status, body) = send(&sb, &req).await;
        assert!(is_signature_error(status, &body), "{what}: {status} {body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("signing String [AMZN-PAY-RSASSA-PSS-V2\n"),
            "{what}: the answer names the string to sign, as Amazon's does: {body}"
        );
    }
    sb.stop();
}

#[tokio::test]
async fn wrong_salt_and_another_key_are_refused() {
    let sb = sandbox().await;
    let date = format_basic(now());
    // Signed with salt 20, declared as V2.
    let mut relabelled = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V1).sign(&get_session(), &date);
    set_header(&mut relabelled, "authorization", |v| {
        v.replacen("AMZN-PAY-RSASSA-PSS ", "AMZN-PAY-RSASSA-PSS-V2 ", 1)
    });
    let (status, body) = send(&sb, &relabelled).await;
    assert!(is_signature_error(status, &body), "{status} {body}");
    // Signed with salt 32, declared as the salt-20 algorithm.
    let mut relabelled = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2).sign(&get_session(), &date);
    set_header(&mut relabelled, "authorization", |v| {
        v.replacen("AMZN-PAY-RSASSA-PSS-V2 ", "AMZN-PAY-RSASSA-PSS ", 1)
    });
    let (status, body) = send(&sb, &relabelled).await;
    assert!(is_signature_error(status, &body), "{status} {body}");
    // Another key under the merchant's key id.
    let mut other = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2);
    other.key = PrivateKey::from_pem(&key("other-pkcs8.pem")).unwrap();
    let (status, body) = send(&sb, &other.sign(&get_session(), &date)).await;
    assert!(is_signature_error(status, &body), "{status} {body}");
    // A key id the sandbox does not know.
    let unknown = Signer::new(&sb, "SANDBOX-NOTREGISTERED", Algorithm::V2);
    let (status, body) = send(&sb, &unknown.sign(&get_session(), &date)).await;
    assert!(is_signature_error(status, &body), "{status} {body}");
    sb.stop();
}

#[tokio::test]
async fn required_headers_must_be_present_and_signed() {
    let sb = sandbox().await;
    let s = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2);
    let date = format_basic(now());

    let mut no_region = s.sign(&get_session(), &date);
    no_region.headers.retain(|(n, _)| n != "x-amz-pay-region");
    let (status, body) = send(&sb, &no_region).await;
    assert_eq!((status, reason(&body)), (400, Some("MissingHeader")), "{body}");

    let mut anonymous = s.sign(&get_session(), &date);
    anonymous.headers.retain(|(n, _)| n != "authorization");
    let (status, body) = send(&sb, &anonymous).await;
    assert_eq!((status, reason(&body)), (400, Some("MissingHeader")), "{body}");

    // `accept` sent but left out of the signature (a valid signature over the rest).
    let prepared = s
        .profile
        .prepare_for_host(&get_session(), &date, &s.host)
        .unwrap();
    let without_accept: Vec<(String, String)> = prepared
        .headers()
        .iter()
        .filter(|(n, _)| n != "accept")
        .cloned()
        .collect();
    let canonical = canonical_request("GET", prepared.path(), "", &without_accept, None, b"").unwrap();
    let signature = s
        .key
        .sign_pss_sha256(32, string_to_sign(Algorithm::V2, &canonical.text).as_bytes())
        .unwrap();
    let mut req = prepared.finish(&signature);
    set_header(&mut req, "authorization", |v| {
        v.replace("SignedHeaders=accept;", "SignedHeaders=")
    });
    let (status, body) = send(&sb, &req).await;
    assert!(
        is_signature_error(status, &body),
        "unsigned accept: {status} {body}"
    );
    assert!(body["message"].as_str().unwrap().contains("accept"), "{body}");
    sb.stop();
}

#[tokio::test]
async fn host_date_idempotency_key_and_path_prefix_rules() {
    let sb = sandbox().await;
    let s = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2);
    let date = format_basic(now());

    let foreign = Signer {
        host: "pay-api.amazon.jp".into(),
        ..Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2)
    };
    let (status, body) = send(&sb, &foreign.sign(&get_session(), &date)).await;
    assert_eq!(
        (status, reason(&body)),
        (400, Some("InvalidHeaderValue")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("x-amz-pay-host"),
        "{body}"
    );

    for bad in [
        format_basic(now() - 3600),
        format_basic(now() + 3600),
        "yesterday".to_owned(),
    ] {
        let (status, body) = send(&sb, &s.sign(&get_session(), &bad)).await;
        assert_eq!(
            (status, reason(&body)),
            (400, Some("InvalidHeaderValue")),
            "{bad}: {body}"
        );
        assert!(
            body["message"].as_str().unwrap().contains("x-amz-pay-date"),
            "{body}"
        );
    }

    let bad_key = ApiRequest::new("POST", "/v2/charges")
        .unwrap()
        .with_body(b"{}".to_vec())
        .with_header("x-amz-pay-idempotency-key", "placeholder")
        .unwrap();
    let mut req = s.sign(&bad_key, &date);
    set_header(&mut req, "x-amz-pay-idempotency-key", |_| {
        "has.dots/and-slashes".into()
    });
    let (status, body) = send(&sb, &req).await;
    assert_eq!(
        (status, reason(&body)),
        (400, Some("InvalidHeaderValue")),
        "{body}"
    );

    // A legacy key id calls /sandbox/v2/… (the signer adds it) and passes.
    let legacy = Signer::new(&sb, "ALEGACYKEY", Algorithm::V1);
    let good = legacy.sign(&get_session(), &date);
    assert!(good.path.starts_with("/sandbox/v2/"));
    let (status, body) = send(&sb, &good).await;
    assert!(
        !is_signature_error(status, &body) && status != 400,
        "{status} {body}"
    );
    // The same legacy key id on /v2/… (correctly signed for that path) is refused.
    let mut unprefixed = legacy.sign(&get_session(), &date);
    unprefixed.path = "/v2/checkoutSessions/00000000-0000-0000-0000-000000000000".into();
    let headers: Vec<(String, String)> = unprefixed
        .headers
        .iter()
        .filter(|(n, _)| n != "authorization")
        .cloned()
        .collect();
    let canonical = canonical_request("GET", &unprefixed.path, "", &headers, None, b"").unwrap();
    let signature = legacy
        .key
        .sign_pss_sha256(20, string_to_sign(Algorithm::V1, &canonical.text).as_bytes())
        .unwrap();
    let auth = format!(
        "AMZN-PAY-RSASSA-PSS PublicKeyId=ALEGACYKEY, SignedHeaders={}, Signature={}",
        canonical.signed_headers,
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, signature)
    );
    set_header(&mut unprefixed, "authorization", |_| auth.clone());
    let (status, body) = send(&sb, &unprefixed).await;
    assert_eq!((status, reason(&body)), (400, Some("InvalidRequest")), "{body}");
    sb.stop();
}

#[tokio::test]
async fn faults_are_served_and_logged() {
    let sb = sandbox().await;
    let base = format!("http://{}", sb.http.unwrap());
    let client = reqwest::Client::new();
    let r = client
        .post(format!("{base}/_sandbox/faults"))
        .json(&serde_json::json!({"status": 503, "count": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let req = Signer::new(&sb, "SANDBOX-AKEY", Algorithm::V2).sign(&get_session(), &format_basic(now()));
    let (status, body) = send(&sb, &req).await;
    assert_eq!((status, reason(&body)), (503, Some("ServiceUnavailable")));
    assert_eq!(send(&sb, &req).await.0, 503);
    assert_ne!(send(&sb, &req).await.0, 503);
    let refused = client
        .post(format!("{base}/_sandbox/faults"))
        .json(&serde_json::json!({"status": 200, "count": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let log: Value = client
        .get(format!("{base}/_sandbox/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = log["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries.iter().filter(|e| e["faulted"] == true).count(), 2);
    assert!(entries.iter().all(|e| e["publicKeyId"] == "SANDBOX-AKEY"));
    sb.stop();
}
