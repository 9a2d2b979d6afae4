//! Property tests: parsers and canonicalisation never panic on any input, signing then
//! verifying round-trips for arbitrary bodies, header values and payload bytes, and a merchant's
//! rules document (`LIFECYCLE_RULES_JSON`) is refused by field or taken exactly as written.

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

/// A JSON value of the kinds a merchant might put in `LIFECYCLE_RULES_JSON`, right or wrong.
fn rules_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0i64..2_000).prop_map(Value::from),
        (-1e15f64..1e15).prop_map(Value::from),
        "-?[0-9]{0,22}(\\.[0-9]{0,4})?".prop_map(Value::String),
        (1u64..20_000_000).prop_map(|n| Value::String(n.to_string())),
        (1u64..20_000_000).prop_map(|n| Value::String(format!("{}.{:02}", n / 100, n % 100))),
        // Marked, so an error message that repeats a value is caught.
        "v@.{0,6}".prop_map(Value::String),
        Just(Value::Array(vec![])),
    ]
}

/// A rules document: known and unknown keys at both levels, any values.
fn rules_document() -> impl Strategy<Value = serde_json::Value> {
    let field = prop::sample::select(vec![
        "minAmount",
        "maxAmount",
        "recurringMonthlyCap",
        "amountChangeFloor",
        "amountChangeMaxPercent",
        "maxPartialRefunds",
        "other",
    ]);
    let limits = proptest::collection::btree_map(field, rules_value(), 0..7);
    let currency = prop::sample::select(vec!["JPY", "USD", "EUR", "GBP", "XXX", "jpy"]);
    let currencies = proptest::collection::btree_map(currency, limits, 0..3);
    let top = prop::sample::select(vec![
        "captureWindowDays",
        "captureExtensionDays",
        "refundWindowDays",
        "permissionValidityMonths",
        "maxPartialRefunds",
        "other",
    ]);
    (
        proptest::collection::btree_map(top, rules_value(), 0..6),
        proptest::option::of(currencies),
    )
        .prop_map(|(top, currencies)| {
            let mut doc: serde_json::Map<String, serde_json::Value> =
                top.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            if let Some(currencies) = currencies {
                let currencies = currencies
                    .into_iter()
                    .map(|(c, fields)| {
                        let fields = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                        (c.to_owned(), serde_json::Value::Object(fields))
                    })
                    .collect();
                doc.insert("currencies".to_owned(), serde_json::Value::Object(currencies));
            }
            serde_json::Value::Object(doc)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// `LIFECYCLE_RULES_JSON` is the merchant's input: any document is either refused with the
    /// field it names (never its value) or gives rules that validate, whose every currency has a
    /// minimum at or below its maximum, and whose checks answer without a panic.
    #[test]
    fn merchant_rules_are_refused_by_field_or_valid(doc in rules_document()) {
        use amazon_pay_shared::lifecycle::Rules;
        let text = doc.to_string();
        match Rules::from_json(&text) {
            Err(e) => {
                prop_assert!(!e.field.is_empty());
                prop_assert!(!e.to_string().contains("v@"), "a value in the message: {}", e);
            }
            Ok(rules) => {
                prop_assert!(rules.validate().is_ok());
                for currency in Currency::ALL.iter().copied() {
                    if let Ok(limits) = rules.limits_for(currency) {
                        prop_assert!(limits.min_amount.minor() <= limits.max_amount.minor());
                        let _ = rules.check_amount(limits.max_amount);
                        let _ = rules.amount_change_cap(limits.max_amount);
                        prop_assert!(rules.check_amount(limits.min_amount).is_ok());
                    }
                }
                let _ = rules.check_capture(0, i64::MAX);
                let _ = rules.capture_deadline(i64::MAX);
            }
        }
    }
}

proptest! {
    /// A well-formed JPY rules document is taken exactly as written: every limit and window
    /// reads back as given, and the amounts at the edges check as the seed's rules say (the
    /// maximum passes, one yen more does not).
    #[test]
    fn well_formed_merchant_rules_read_back_exactly(
        min in 1u64..=5_000,
        span in 0u64..=9_994_999,
        cap_extra in 0u64..=1_000_000,
        floor in 0u64..=100_000,
        percent in 100u64..=2_000,
        capture_days in 1i64..=365,
        refund_days in 1i64..=3_650,
    ) {
        use amazon_pay_shared::lifecycle::Rules;
        let max = min + span;
        let cap = min + cap_extra;
        let doc = serde_json::json!({
            "currencies": {"JPY": {
                "minAmount": min.to_string(), "maxAmount": max.to_string(),
                "recurringMonthlyCap": cap.to_string(), "amountChangeFloor": floor.to_string(),
                "amountChangeMaxPercent": percent,
            }},
            "captureWindowDays": capture_days,
            "refundWindowDays": refund_days,
        });
        let rules = Rules::from_json(&doc.to_string()).expect("a well-formed document");
        let yen = |n: u64| Money::from_minor(n, Currency::Jpy);
        let limits = rules.limits_for(Currency::Jpy).unwrap();
        prop_assert_eq!(limits.min_amount, yen(min));
        prop_assert_eq!(limits.max_amount, yen(max));
        prop_assert_eq!(limits.recurring_monthly_cap, yen(cap));
        prop_assert_eq!(limits.amount_change_floor, yen(floor));
        prop_assert_eq!(limits.amount_change_max_percent, percent);
        prop_assert_eq!(rules.capture_window_secs, capture_days * 86_400);
        prop_assert_eq!(rules.refund_window_secs, refund_days * 86_400);
        prop_assert!(rules.check_amount(yen(max)).is_ok());
        prop_assert!(rules.check_amount(yen(max + 1)).is_err());
        prop_assert!(rules.check_amount(yen(min)).is_ok());
        prop_assert!(rules.check_amount(yen(min - 1)).is_err());
    }
}
