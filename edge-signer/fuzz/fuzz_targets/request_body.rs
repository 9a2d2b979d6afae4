//! The strict body parser of every `/v1` route, and catalog pricing of whatever cart it lets
//! through: never a panic, and nothing the configuration decides ever passes.
#![no_main]

use amazon_pay_shared::cart::Catalog;
use amazon_pay_shared::wire::{
    parse_body, parse_trusted_body, ButtonRequest, MerchantCancelRequest, MerchantCaptureRequest,
    MerchantCloseRequest, MerchantCreateChargeRequest, MerchantRefundRequest, PlaceOrderRequest,
    SignInButtonRequest, MAX_BODY_BYTES,
};
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

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let allow_amount = flags & 1 == 1;
    let catalog = Catalog::from_json(CATALOG).expect("the fixed catalog parses");

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
});
