//! The strict body parser of every `/v1` route, and catalog pricing of whatever cart it lets
//! through: never a panic, and nothing the configuration decides ever passes. A body with a
//! key twice in one object never passes (the parser reads one unambiguous object), and the
//! duplicate-key check agrees with a count of each object's keys. A permission
//! button the checks accept always gives a payload (a refused one is the browser's error, never
//! the signer's).
#![no_main]

use amazon_pay_shared::api::{PaymentIntent, Scope};
use amazon_pay_shared::cart::Catalog;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::payload::{permission_payload, CheckoutSettings, Payment};
use amazon_pay_shared::permission_button::{PermissionButtonRequest, PermissionFlow};
use amazon_pay_shared::wire::{
    parse_body, parse_trusted_body, ButtonRequest, MerchantCancelRequest, MerchantCaptureRequest,
    MerchantChangeAmountRequest, MerchantCloseRequest, MerchantCreateChargeRequest, MerchantRefundRequest,
    MerchantSyncRequest, PlaceOrderRequest, SignInButtonRequest, MAX_BODY_BYTES,
};
use amazon_pay_shared::wire_keys::duplicate_key;
use libfuzzer_sys::fuzz_target;

const CATALOG: &str = r#"{"currency":"JPY","items":{"TEA-1":{"price":"1200","name":"Sencha"},"CUP-2":{"price":"800","name":"Cup"}},"shipping":{"flat":"500","freeFrom":"5000"},"tax":{"rateBasisPoints":1000,"included":false},"maxOrderTotal":"300000"}"#;

fn has_key(v: &serde_json::Value, keys: &[&str]) -> bool {
    match v {
        serde_json::Value::Object(o) => o
            .iter()
            .any(|(k, v)| keys.contains(&k.as_str()) || has_key(v, keys)),
        serde_json::Value::Array(a) => a.iter().any(|v| has_key(v, keys)),
        _ => false,
    }
}

/// The first key repeated in one object, read from the byte stream with a second,
/// independent walk (serde_json's `Value` keeps only the last of repeated keys, so it cannot
/// tell): every object's keys are collected by a `Deserializer` visitor in `wire_keys`; here the
/// check is that a parser accepting the body saw no repetition at all.
fn accepted_bodies_have_distinct_keys(body: &[u8]) {
    if let Some(key) = duplicate_key(body) {
        assert!(
            parse_trusted_body::<serde_json::Value>(body).is_err(),
            "a body with {key} twice was accepted"
        );
        assert!(parse_body::<ButtonRequest>(body, true).is_err());
    }
}

fn settings() -> CheckoutSettings {
    CheckoutSettings {
        store_id: "amzn1.application-oa2-client.abc123".into(),
        review_return_url: "https://shop.example/review".into(),
        result_return_url: "https://shop.example/result".into(),
        cancel_url: Some("https://shop.example/cart".into()),
        scopes: vec![Scope::Name, Scope::Email],
        store_name: Some("Tea Shop".into()),
        live: true,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let allow_amount = flags & 1 == 1;
    let catalog = Catalog::from_json(CATALOG).expect("the fixed catalog parses");
    accepted_bodies_have_distinct_keys(body);
    // The same body with its first key repeated is always refused.
    if let Ok(serde_json::Value::Object(o)) = serde_json::from_slice::<serde_json::Value>(body) {
        if let Some((k, v)) = o.iter().next() {
            let key = serde_json::to_string(k).expect("a key");
            let text = String::from_utf8_lossy(body);
            if let Some(rest) = text.trim_start().strip_prefix('{') {
                let doubled = format!("{{{key}:{v},{rest}");
                assert!(duplicate_key(doubled.as_bytes()).is_some(), "{doubled}");
                assert!(parse_body::<ButtonRequest>(doubled.as_bytes(), allow_amount).is_err());
            }
        }
    }

    if let Ok(b) = parse_body::<ButtonRequest>(body, allow_amount) {
        assert!(body.len() <= MAX_BODY_BYTES);
        assert!(allow_amount || b.amount.is_none());
        if let Some(cart) = &b.cart {
            if let Ok(q) = catalog.price(cart) {
                assert!(q.total.minor() > 0 && q.total.minor() <= 300_000);
                assert_eq!(
                    q.total.minor(),
                    q.subtotal.minor() + q.shipping.minor() + q.tax.minor()
                );
            }
        }
        let value: serde_json::Value = serde_json::from_slice(body).expect("it parsed once");
        assert!(!has_key(
            &value,
            &["storeId", "checkoutReviewReturnUrl", "scopes", "paymentIntent"]
        ));
    }
    if let Ok(p) = parse_body::<PlaceOrderRequest>(body, allow_amount) {
        assert!(allow_amount || p.amount.is_none());
    }
    let _ = parse_body::<SignInButtonRequest>(body, false);
    let _ = parse_trusted_body::<MerchantCaptureRequest>(body);
    let _ = parse_trusted_body::<MerchantCreateChargeRequest>(body);
    let _ = parse_trusted_body::<MerchantRefundRequest>(body);
    let _ = parse_trusted_body::<MerchantCancelRequest>(body);
    let _ = parse_trusted_body::<MerchantCloseRequest>(body);
    let _ = parse_trusted_body::<MerchantChangeAmountRequest>(body);
    let _ = parse_trusted_body::<MerchantSyncRequest>(body);
    if let Ok(Ok(plan)) = parse_body::<PermissionButtonRequest>(body, false).map(|r| r.plan()) {
        let apb = matches!(plan.flow, PermissionFlow::AdditionalPaymentButton(_));
        let payment = apb.then(|| Payment {
            amount: Money::parse("1700", Currency::Jpy).expect("an amount"),
            intent: PaymentIntent::Authorize,
            reference: None,
            can_handle_pending_authorization: false,
        });
        if let Err(e) = permission_payload(&settings(), &plan, payment.as_ref()) {
            panic!("an accepted plan gives no payload: {e}");
        }
    }
});
