//! Property tests: parsers and canonicalisation never panic on any input, and signing then
//! verifying round-trips for arbitrary bodies, header values and payload bytes.

use amazon_pay_shared::keys::{pem, PrivateKey, PublicKey};
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::region::{PublicKeyId, Region};
use amazon_pay_shared::signing::{
    canonical_query, canonical_request, sign_payload, verify_payload, verify_request, Algorithm, ApiRequest,
    Authorization, ClientProfile, ReceivedRequest,
};
use proptest::prelude::*;

fn keys() -> (PrivateKey, PublicKey) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/keys/");
    let private =
        PrivateKey::from_pem(&std::fs::read_to_string(format!("{dir}merchant-pkcs8.pem")).unwrap()).unwrap();
    let public = private.public_key();
    (private, public)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn canonicalisation_never_panics(
        method in ".{0,20}",
        path in ".{0,64}",
        query in ".{0,64}",
        headers in proptest::collection::vec((".{0,16}", ".{0,32}"), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let _ = canonical_request(&method, &path, &query, &headers, None, &body);
        let listed: Vec<String> = headers.iter().map(|(n, _)| n.clone()).collect();
        let _ = canonical_request(&method, &path, &query, &headers, Some(&listed), &body);
        let _ = canonical_query(&query);
    }

    #[test]
    fn parsers_never_panic(s in ".{0,200}") {
        let _ = Authorization::parse(&s);
        let _ = Money::parse(&s, Currency::Jpy);
        let _ = Money::parse(&s, Currency::Usd);
        let _ = amazon_pay_shared::time::parse(&s);
        let _ = pem::decode(&s);
        let _ = PublicKeyId::parse(&s);
        let _ = Region::parse(&s);
        let _ = Algorithm::parse(&s);
        let _ = amazon_pay_shared::webhook::Envelope::parse(s.as_bytes());
        let _ = amazon_pay_shared::webhook::AmazonPayMessage::parse(&s);
        let _ = amazon_pay_shared::webhook::spki_from_certificate_pem(&s);
        let _ = amazon_pay_shared::webhook::CertUrlPolicy::default().check(&s);
    }

    #[test]
    fn certificate_walker_never_panics(der in proptest::collection::vec(any::<u8>(), 0..300)) {
        let pem = pem::encode("CERTIFICATE", &der);
        let _ = amazon_pay_shared::webhook::spki_from_certificate_pem(&pem);
    }

    #[test]
    fn money_round_trips(minor in 0u64..1_000_000_000_000_000, currency in prop::sample::select(Currency::ALL.to_vec())) {
        let m = Money::from_minor(minor, currency);
        prop_assert_eq!(Money::parse(&m.to_decimal_string(), currency).unwrap(), m);
    }

    #[test]
    fn query_canonicalisation_is_idempotent(pairs in proptest::collection::vec(("[a-zA-Z0-9_]{1,8}", ".{0,12}"), 0..5)) {
        let raw: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", amazon_pay_shared::signing::rfc3986_encode(v.as_bytes())))
            .collect();
        let once = canonical_query(&raw.join("&")).unwrap();
        prop_assert_eq!(canonical_query(&once).unwrap(), once);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn request_sign_verify_round_trips(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        value in "[^\\p{Cc}]{0,40}",
        id in "[A-Za-z0-9-]{1,24}",
        legacy in any::<bool>(),
        v1 in any::<bool>(),
    ) {
        let (private, public) = keys();
        let key_id = if legacy { "AKEYLEGACY" } else { "SANDBOX-AKEY" };
        let profile = ClientProfile {
            public_key_id: PublicKeyId::parse(key_id).unwrap(),
            region: Region::Eu,
            sandbox: true,
            algorithm: if v1 { Algorithm::V1 } else { Algorithm::V2 },
        };
        let request = ApiRequest::new("POST", &format!("/v2/charges/{id}/capture"))
            .unwrap()
            .with_header("x-amz-pay-custom", &value)
            .unwrap()
            .with_body(body.clone());
        let signed = profile.prepare(&request, "20261123T101010Z").unwrap().sign_with(&private).unwrap();
        let received = ReceivedRequest {
            method: &signed.method,
            path: &signed.path,
            query: &signed.query,
            headers: &signed.headers,
            body: &signed.body,
        };
        prop_assert!(verify_request(&received, &public).is_ok());
        let mut other_body = body.clone();
        other_body.push(0);
        let tampered = ReceivedRequest { body: &other_body, ..received };
        prop_assert!(verify_request(&tampered, &public).is_err());
    }

    #[test]
    fn payload_sign_verify_round_trips(payload in proptest::collection::vec(any::<u8>(), 0..1024), v1 in any::<bool>()) {
        let (private, public) = keys();
        let algorithm = if v1 { Algorithm::V1 } else { Algorithm::V2 };
        let signature = sign_payload(&private, algorithm, &payload).unwrap();
        prop_assert!(verify_payload(&public, algorithm, &payload, &signature).is_ok());
        prop_assert!(verify_payload(&public, algorithm.other(), &payload, &signature).is_err());
    }
}
