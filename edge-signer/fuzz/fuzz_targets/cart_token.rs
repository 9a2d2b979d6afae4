//! Cart-token verification: never a panic on any input; a token that verifies has a valid
//! chargeable amount and reference; and what the encoder writes always verifies back.
#![no_main]

use amazon_pay_shared::cart_token::{valid_reference, CartToken};
use libfuzzer_sys::fuzz_target;

const SECRET: &[u8] = b"fuzz-secret-0123456789abcdef-0123456789";
const NOW: i64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(t) = CartToken::verify(&text, SECRET, NOW, 86_400) {
        assert!(t.amount.ensure_chargeable().is_ok());
        assert!(valid_reference(&t.reference));
        assert!(t.expires_at > NOW && t.expires_at <= NOW + 86_400);
        let again =
            CartToken::verify(&t.encode(SECRET), SECRET, NOW, 86_400).expect("re-encoded token verifies");
        assert_eq!(again, t);
    }
    // Any text under another secret must not verify unless it is a real token of that secret.
    let _ = CartToken::verify(&text, b"", NOW, 0);
    let _ = CartToken::fingerprint(&text);
});
