//! What ties a checkout to the browser that clicked, read from the internet: the binding secret
//! of the `x-amazon-pay-binding` header, the hash in a return URL, the sign-in state and the
//! one-step payload seal. Never a panic; a URL the signer binds always carries exactly the
//! click's hash; only the secret of that hash opens it; a state or seal opens only as issued
//! (its order, its hash, its expiry, the exact text), never for another order.
#![no_main]

use amazon_pay_shared::binding::{
    bind_url, hash_in_url, hash_secret, session_is_bound, valid_hash, valid_secret, QUERY_PARAM,
};
use amazon_pay_shared::payload_seal::{self, key_from_secret, SealError, Sealed};
use amazon_pay_shared::sign_in_state;
use libfuzzer_sys::fuzz_target;

const NOW: i64 = 1_750_000_000;

fn binding(secret: &str, other: &str, url: &str) {
    if let Some(h) = hash_in_url(url) {
        assert!(valid_hash(h), "{url}");
    }
    let hash = hash_secret(secret);
    assert!(valid_hash(&hash));
    // A configured return URL never carries the parameter itself: the signer binds it.
    if !url.contains(QUERY_PARAM) {
        let bound = bind_url(url, &hash);
        assert_eq!(hash_in_url(&bound), Some(hash.as_str()), "{url} → {bound}");
        assert_eq!(
            session_is_bound(Some(secret), [Some(bound.as_str()), None]),
            valid_secret(secret),
            "{secret} on {bound}"
        );
        if other != secret {
            assert!(!session_is_bound(Some(other), [Some(bound.as_str())]));
        }
        assert!(!session_is_bound(None, [Some(bound.as_str())]));
        // Both stored URLs must carry the hash: an unbound one beside it opens nothing.
        assert!(!session_is_bound(Some(secret), [Some(bound.as_str()), Some(url)]));
    }
    let _ = session_is_bound(Some(secret), [Some(url)]);
}

fn sign_in(secret: &str, other: &str, state: &str) {
    let key = key_from_secret(b"fuzz key");
    // Whatever text arrives as a state opens only if it is exactly one this key issued.
    if sign_in_state::opens(&key, state, Some(secret), NOW) {
        let (hash, rest) = state.split_once('.').expect("an opened state has parts");
        let expiry: i64 = rest
            .split('.')
            .next()
            .and_then(|e| e.parse().ok())
            .expect("an expiry");
        assert_eq!(hash, hash_secret(secret));
        assert_eq!(
            sign_in_state::issue(&key, hash, expiry - sign_in_state::LIFETIME_SECS),
            state
        );
    }
    if valid_secret(secret) {
        let issued = sign_in_state::issue(&key, &hash_secret(secret), NOW);
        assert!(sign_in_state::valid_state(&issued));
        assert!(sign_in_state::opens(&key, &issued, Some(secret), NOW));
        assert!(!sign_in_state::opens(
            &key,
            &issued,
            Some(secret),
            NOW + sign_in_state::LIFETIME_SECS + 1
        ));
        if other != secret {
            assert!(!sign_in_state::opens(&key, &issued, Some(other), NOW));
        }
    }
}

fn seal(fields: &[&str], stored: &str) {
    let key = key_from_secret(b"fuzz key");
    let order = Sealed {
        reference: fields.first().copied().unwrap_or(""),
        amount: fields.get(1).copied().unwrap_or(""),
        currency: fields.get(2).copied().unwrap_or(""),
    };
    let other = Sealed {
        reference: fields.get(3).copied().unwrap_or(""),
        amount: fields.get(4).copied().unwrap_or(""),
        currency: fields.get(5).copied().unwrap_or(""),
    };
    let sealed = payload_seal::seal(&key, &order, NOW);
    assert_eq!(payload_seal::check(&key, Some(&sealed), &order, NOW), Ok(()));
    assert_eq!(
        payload_seal::check(&key, Some(&sealed), &order, NOW + payload_seal::LIFETIME_SECS + 1),
        Err(SealError::Expired(NOW + payload_seal::LIFETIME_SECS))
    );
    if other != order {
        assert_eq!(
            payload_seal::check(&key, Some(&sealed), &other, NOW),
            Err(SealError::Foreign),
            "{order:?} / {other:?}"
        );
    }
    // Text from the session opens only as the seal the signer wrote for that order.
    if payload_seal::check(&key, Some(stored), &order, NOW).is_ok() {
        let expiry: i64 = stored
            .split('.')
            .nth(1)
            .and_then(|e| e.parse().ok())
            .expect("an expiry");
        assert_eq!(
            payload_seal::seal(&key, &order, expiry - payload_seal::LIFETIME_SECS),
            stored
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts: Vec<&str> = text.split('\n').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    binding(part(0), part(1), part(2));
    sign_in(part(0), part(1), part(3));
    seal(&parts[parts.len().min(4)..], part(3));
});
