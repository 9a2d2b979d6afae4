//! `LIFECYCLE_RULES_JSON`, the merchant's limits document: never a panic; a document it takes
//! gives rules that validate, and checks with them never panic at the extremes of time and money.
#![no_main]

use amazon_pay_shared::lifecycle::Rules;
use amazon_pay_shared::money::Currency;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = Rules::from_json(text) else {
        return;
    };
    assert!(rules.validate().is_ok());
    for currency in Currency::ALL.iter().copied() {
        if let Ok(limits) = rules.limits_for(currency) {
            assert!(limits.min_amount.minor() <= limits.max_amount.minor());
            assert!(rules.check_amount(limits.max_amount).is_ok());
            let _ = rules.amount_change_cap(limits.max_amount);
        }
    }
    let _ = rules.check_capture(i64::MIN, i64::MAX);
    let _ = rules.capture_deadline(i64::MAX);
});
