//! Cart tokens: an order amount signed by the merchant's backend with HMAC-SHA256, so the edge
//! signer can trust an amount it did not compute.
//!
//! ```text
//! token   = "v1." base64url(payload) "." base64url(HMAC-SHA256(secret, "v1." base64url(payload)))
//! payload = {"amount":"1200","currency":"JPY","ref":"order-1001","exp":1795000000}
//! ```
//!
//! * base64url without padding (RFC 4648 §5); the MAC covers the ASCII text `v1.<payload>`.
//! * `amount`: a decimal string, at most the currency's decimals, above zero, within Amazon's
//!   per-charge maximum. `currency`: ISO 4217 (`JPY`, `USD`, `EUR`, `GBP`).
//! * `ref`: the merchant's order reference (1 to 64 characters of `[A-Za-z0-9._:-]`); it
//!   becomes `merchantReferenceId` and part of the idempotency keys.
//! * `exp`: expiry in Unix seconds; a token is refused from that second on, and when `exp` is
//!   further ahead than the verifier's maximum lifetime.
//! * `sid` (optional): the checkout session the token may place an order for. A backend that
//!   mints the place-order token on the review page (where it knows `amazonCheckoutSessionId`)
//!   binds it, so the token cannot pay for any other session.
//! * `items` (optional): what is sold, `[{"sku","name","quantity","price"}]` (`price` the unit
//!   price, a decimal string of `currency`; SKU, name and quantity as a catalog cart allows),
//!   with optional `shipping` and `tax` (decimal strings, default 0). When present, the line
//!   totals plus shipping plus tax must add up to `amount` exactly; the edge signer's ledger
//!   keeps them as the order's priced lines ([`CartToken::verify_priced`]).
//! * Unknown payload fields are refused. The secret is at least 32 bytes.
//!
//! The MAC is checked (in constant time) before the payload is parsed.
//!
//! ```
//! use amazon_pay_shared::cart_token::CartToken;
//! use amazon_pay_shared::money::{Currency, Money};
//!
//! let secret = b"0123456789abcdef0123456789abcdef";
//! let token = CartToken {
//!     amount: Money::parse("1200", Currency::Jpy).unwrap(),
//!     reference: "order-1001".into(),
//!     expires_at: 2_000_000_000,
//!     checkout_session_id: None,
//! };
//! let text = token.encode(secret);
//! assert_eq!(CartToken::verify(&text, secret, 1_999_999_000, 3600).unwrap(), token);
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::cart::{parse_order_amount, PricedCart, PricedLine, Sku, MAX_LINES, MAX_NAME_LEN, MAX_QUANTITY};
use crate::error_code::ErrorCode;
use crate::money::{Currency, Money, MoneyError};

/// The version prefix of the current format.
pub const VERSION: &str = "v1";
/// Tokens longer than this are refused unread.
pub const MAX_TOKEN_LEN: usize = 2048;
/// The shortest secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;
/// The longest order reference, in characters.
pub const MAX_REFERENCE_LEN: usize = 64;

/// Why a cart token was refused. [`CartTokenError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CartTokenError {
    /// Not `v1.<payload>.<mac>` in base64url, too long, or another version.
    #[error("the cart token is malformed")]
    Malformed,
    /// The MAC does not match: another secret, or a changed payload.
    #[error("the cart token's signature is not valid")]
    BadSignature,
    /// The payload is not the documented JSON object.
    #[error("the cart token's payload is invalid: {0}")]
    Payload(&'static str),
    /// The amount is not a valid charge.
    #[error("the cart token's amount is invalid: {0}")]
    Amount(#[from] MoneyError),
    /// `exp` has passed.
    #[error("the cart token has expired")]
    Expired,
    /// `exp` is further ahead than the verifier accepts.
    #[error("the cart token lives longer than allowed")]
    LifetimeTooLong,
}

impl CartTokenError {
    /// The stable code of this error, as the edge signer answers it (e.g. `CART_TOKEN_FORGED`).
    pub fn code(&self) -> ErrorCode {
        match self {
            CartTokenError::Malformed => ErrorCode::CartTokenMalformed,
            CartTokenError::BadSignature => ErrorCode::CartTokenForged,
            CartTokenError::Payload(_) => ErrorCode::CartTokenInvalid,
            CartTokenError::Amount(e) => e.code(),
            CartTokenError::Expired => ErrorCode::CartTokenExpired,
            CartTokenError::LifetimeTooLong => ErrorCode::CartTokenLifetimeTooLong,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    amount: String,
    currency: String,
    #[serde(rename = "ref")]
    reference: String,
    exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    items: Option<Vec<PayloadItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shipping: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tax: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PayloadItem {
    sku: String,
    name: String,
    quantity: u32,
    price: String,
}

fn line_error(_: MoneyError) -> CartTokenError {
    CartTokenError::Payload("items, shipping and tax must be amounts of the token's currency")
}

/// The priced lines a payload carries, checked to add up to `amount`.
fn priced_lines(payload: &Payload, amount: Money) -> Result<Option<PricedCart>, CartTokenError> {
    let Some(items) = &payload.items else {
        if payload.shipping.is_some() || payload.tax.is_some() {
            return Err(CartTokenError::Payload("shipping and tax come with items"));
        }
        return Ok(None);
    };
    if items.is_empty() || items.len() > MAX_LINES {
        return Err(CartTokenError::Payload("items must have 1 to 50 lines"));
    }
    let currency = amount.currency();
    let optional = |v: &Option<String>| match v {
        Some(text) => Money::parse(text, currency).map_err(line_error),
        None => Ok(Money::zero(currency)),
    };
    let mut subtotal = Money::zero(currency);
    let mut lines = Vec::with_capacity(items.len());
    for item in items {
        let sku = Sku::parse(&item.sku).map_err(|_| CartTokenError::Payload("an item's sku is invalid"))?;
        if item.name.chars().count() > MAX_NAME_LEN || item.name.chars().any(char::is_control) {
            return Err(CartTokenError::Payload("an item's name is invalid"));
        }
        if item.quantity == 0 || item.quantity > MAX_QUANTITY {
            return Err(CartTokenError::Payload("an item's quantity must be 1 to 999"));
        }
        let unit_price = Money::parse(&item.price, currency).map_err(line_error)?;
        let line_total = unit_price
            .checked_mul(u64::from(item.quantity))
            .map_err(line_error)?;
        subtotal = subtotal.checked_add(&line_total).map_err(line_error)?;
        lines.push(PricedLine {
            sku: sku.as_str().to_owned(),
            name: item.name.clone(),
            quantity: item.quantity,
            unit_price,
            line_total,
        });
    }
    let shipping = optional(&payload.shipping)?;
    let tax = optional(&payload.tax)?;
    let total = subtotal
        .checked_add(&shipping)
        .and_then(|t| t.checked_add(&tax))
        .map_err(line_error)?;
    if total != amount {
        return Err(CartTokenError::Payload(
            "items, shipping and tax must add up to amount",
        ));
    }
    Ok(Some(PricedCart {
        lines,
        subtotal,
        shipping,
        tax,
        total,
    }))
}

/// A verified cart token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartToken {
    /// The order amount.
    pub amount: Money,
    /// The merchant's order reference.
    pub reference: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
    /// The checkout session the token is bound to (`sid`), when the backend bound it.
    pub checkout_session_id: Option<String>,
}

fn mac(secret: &[u8], signed: &[u8]) -> Hmac<Sha256> {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable_hmac(),
    };
    mac.update(signed);
    mac
}

#[cold]
fn unreachable_hmac() -> ! {
    unreachable!("HMAC takes keys of any length")
}

/// Checks an order reference: 1 to [`MAX_REFERENCE_LEN`] characters of `[A-Za-z0-9._:-]`.
pub fn valid_reference(reference: &str) -> bool {
    !reference.is_empty()
        && reference.len() <= MAX_REFERENCE_LEN
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

impl CartToken {
    /// Encodes and signs the token (what the merchant's backend does).
    pub fn encode(&self, secret: &[u8]) -> String {
        self.encode_priced(None, secret)
    }

    /// Encodes and signs the token with the priced lines it pays for (`items`, `shipping`,
    /// `tax`); `lines` should add up to the token's amount, or the verifier refuses it.
    pub fn encode_priced(&self, lines: Option<&PricedCart>, secret: &[u8]) -> String {
        let payload = Payload {
            amount: self.amount.to_decimal_string(),
            currency: self.amount.currency().code().to_owned(),
            reference: self.reference.clone(),
            exp: self.expires_at,
            sid: self.checkout_session_id.clone(),
            items: lines.map(|c| {
                c.lines
                    .iter()
                    .map(|l| PayloadItem {
                        sku: l.sku.clone(),
                        name: l.name.clone(),
                        quantity: l.quantity,
                        price: l.unit_price.to_decimal_string(),
                    })
                    .collect()
            }),
            shipping: lines.map(|c| c.shipping.to_decimal_string()),
            tax: lines.map(|c| c.tax.to_decimal_string()),
        };
        // Serializing a struct of strings and an integer cannot fail.
        let json = serde_json::to_vec(&payload).unwrap_or_default();
        let signed = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(json));
        let tag = mac(secret, signed.as_bytes()).finalize().into_bytes();
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// Verifies a token: format, MAC (constant time), payload, amount, reference and expiry
    /// (`now` and `max_lifetime_secs` in seconds).
    pub fn verify(
        token: &str,
        secret: &[u8],
        now: i64,
        max_lifetime_secs: i64,
    ) -> Result<CartToken, CartTokenError> {
        Ok(CartToken::verify_priced(token, secret, now, max_lifetime_secs)?.0)
    }

    /// Verifies a token like [`CartToken::verify`], and answers the priced lines it carries
    /// (`items`, checked to add up to the amount with `shipping` and `tax`), if any.
    pub fn verify_priced(
        token: &str,
        secret: &[u8],
        now: i64,
        max_lifetime_secs: i64,
    ) -> Result<(CartToken, Option<PricedCart>), CartTokenError> {
        if token.len() > MAX_TOKEN_LEN || !token.is_ascii() {
            return Err(CartTokenError::Malformed);
        }
        let (signed, tag_b64) = token.rsplit_once('.').ok_or(CartTokenError::Malformed)?;
        let (version, payload_b64) = signed.split_once('.').ok_or(CartTokenError::Malformed)?;
        if version != VERSION || payload_b64.is_empty() || payload_b64.contains('.') {
            return Err(CartTokenError::Malformed);
        }
        let tag = URL_SAFE_NO_PAD
            .decode(tag_b64)
            .map_err(|_| CartTokenError::Malformed)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload_b64)
            .map_err(|_| CartTokenError::Malformed)?;
        mac(secret, signed.as_bytes())
            .verify_slice(&tag)
            .map_err(|_| CartTokenError::BadSignature)?;
        let payload: Payload = serde_json::from_slice(&json)
            .map_err(|_| CartTokenError::Payload("expected {amount, currency, ref, exp}"))?;
        let currency: Currency = payload.currency.parse()?;
        let amount = parse_order_amount(&payload.amount, currency)?;
        if !valid_reference(&payload.reference) {
            return Err(CartTokenError::Payload(
                "ref must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'",
            ));
        }
        if let Some(sid) = &payload.sid {
            let ok = !sid.is_empty()
                && sid.len() <= 64
                && sid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                return Err(CartTokenError::Payload("sid must be a checkout session id"));
            }
        }
        if payload.exp <= now {
            return Err(CartTokenError::Expired);
        }
        if payload.exp.saturating_sub(now) > max_lifetime_secs {
            return Err(CartTokenError::LifetimeTooLong);
        }
        let lines = priced_lines(&payload, amount)?;
        Ok((
            CartToken {
                amount,
                reference: payload.reference,
                expires_at: payload.exp,
                checkout_session_id: payload.sid,
            },
            lines,
        ))
    }

    /// A short identifier of a token text (hex of SHA-256, 32 characters), for replay
    /// bookkeeping and logs; it reveals nothing about the secret.
    pub fn fingerprint(token: &str) -> String {
        crate::signing::hex_sha256(token.as_bytes())[..32].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const NOW: i64 = 1_800_000_000;

    fn raw(payload: &str, secret: &[u8]) -> String {
        let signed = format!("v1.{}", URL_SAFE_NO_PAD.encode(payload));
        let tag = mac(secret, signed.as_bytes()).finalize().into_bytes();
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    fn code(token: &str) -> ErrorCode {
        CartToken::verify(token, SECRET, NOW, 3600).unwrap_err().code()
    }

    #[test]
    fn round_trip_and_format() {
        let t = CartToken {
            amount: Money::parse("12.50", Currency::Usd).unwrap(),
            reference: "order-1".into(),
            expires_at: NOW + 60,
            checkout_session_id: None,
        };
        let text = t.encode(SECRET);
        assert!(text.starts_with("v1.eyJ"));
        assert_eq!(CartToken::verify(&text, SECRET, NOW, 3600).unwrap(), t);
        // Matches the documented construction byte for byte.
        let doc = raw(
            &format!(
                r#"{{"amount":"12.50","currency":"USD","ref":"order-1","exp":{}}}"#,
                NOW + 60
            ),
            SECRET,
        );
        assert_eq!(doc, text);
        assert_eq!(CartToken::fingerprint(&text).len(), 32);
    }

    #[test]
    fn refuses_forged_expired_and_malformed() {
        let ok = format!(
            r#"{{"amount":"1200","currency":"JPY","ref":"o-1","exp":{}}}"#,
            NOW + 60
        );
        assert_eq!(
            code(&raw(&ok, b"another-secret-another-secret-xx")),
            ErrorCode::CartTokenForged
        );
        let good = raw(&ok, SECRET);
        let (signed, _) = good.rsplit_once('.').unwrap();
        let tampered_payload = URL_SAFE_NO_PAD.encode(ok.replace("1200", "1"));
        let tag = good.rsplit_once('.').unwrap().1;
        assert_eq!(
            code(&format!("v1.{tampered_payload}.{tag}")),
            ErrorCode::CartTokenForged
        );
        assert_eq!(code(&format!("{signed}.AAAA")), ErrorCode::CartTokenForged);
        for bad in [
            "",
            "v1",
            "v1..",
            "v2.e30.AAAA",
            "v1.e30",
            "v1.@@.AAAA",
            "v1.e30.e30.AAAA",
        ] {
            assert_eq!(code(bad), ErrorCode::CartTokenMalformed, "{bad}");
        }
        assert_eq!(code(&"A".repeat(3000)), ErrorCode::CartTokenMalformed);
        let exp = |e: i64| {
            raw(
                &format!(r#"{{"amount":"1","currency":"JPY","ref":"o","exp":{e}}}"#),
                SECRET,
            )
        };
        assert_eq!(code(&exp(NOW)), ErrorCode::CartTokenExpired);
        assert_eq!(code(&exp(NOW - 1)), ErrorCode::CartTokenExpired);
        assert_eq!(code(&exp(NOW + 3601)), ErrorCode::CartTokenLifetimeTooLong);
        assert!(CartToken::verify(&exp(NOW + 3600), SECRET, NOW, 3600).is_ok());
    }

    #[test]
    fn session_binding() {
        let t = CartToken {
            amount: Money::parse("1200", Currency::Jpy).unwrap(),
            reference: "order-2".into(),
            expires_at: NOW + 60,
            checkout_session_id: Some("5b3f1a5c-5d7c-4a9e-8d2b-1f0e9c8b7a6d".into()),
        };
        let text = t.encode(SECRET);
        assert_eq!(CartToken::verify(&text, SECRET, NOW, 3600).unwrap(), t);
        let bad = raw(
            &format!(
                r#"{{"amount":"1","currency":"JPY","ref":"o","exp":{},"sid":"a/b"}}"#,
                NOW + 9
            ),
            SECRET,
        );
        assert_eq!(code(&bad), ErrorCode::CartTokenInvalid);
    }

    #[test]
    fn refuses_bad_payloads() {
        let tok = |amount: &str, currency: &str, reference: &str| {
            raw(
                &format!(
                    r#"{{"amount":"{amount}","currency":"{currency}","ref":"{reference}","exp":{}}}"#,
                    NOW + 60
                ),
                SECRET,
            )
        };
        assert_eq!(code(&tok("0", "JPY", "o")), ErrorCode::AmountZero);
        assert_eq!(code(&tok("-5", "JPY", "o")), ErrorCode::AmountNegative);
        assert_eq!(code(&tok("10.5", "JPY", "o")), ErrorCode::AmountTooManyDecimals);
        assert_eq!(code(&tok("10000001", "JPY", "o")), ErrorCode::AmountAboveMaximum);
        assert_eq!(code(&tok("1", "XYZ", "o")), ErrorCode::CurrencyUnsupported);
        assert_eq!(code(&tok("1", "JPY", "")), ErrorCode::CartTokenInvalid);
        assert_eq!(code(&tok("1", "JPY", "a b")), ErrorCode::CartTokenInvalid);
        let extra = raw(
            &format!(
                r#"{{"amount":"1","currency":"JPY","ref":"o","exp":{},"x":1}}"#,
                NOW + 9
            ),
            SECRET,
        );
        assert_eq!(code(&extra), ErrorCode::CartTokenInvalid);
        let number = raw(
            &format!(r#"{{"amount":1,"currency":"JPY","ref":"o","exp":{}}}"#, NOW + 9),
            SECRET,
        );
        assert_eq!(code(&number), ErrorCode::CartTokenInvalid);
        assert_eq!(code(&raw("[]", SECRET)), ErrorCode::CartTokenInvalid);
    }

    #[test]
    fn carries_priced_lines_that_add_up() {
        let body = |items: &str, extra: &str| {
            raw(
                &format!(
                    r#"{{"amount":"64.91","currency":"USD","ref":"o-1","exp":{},"items":{items}{extra}}}"#,
                    NOW + 60
                ),
                SECRET,
            )
        };
        let ok = body(
            r#"[{"sku":"A","name":"Widget","quantity":3,"price":"19.99"}]"#,
            r#","shipping":"0","tax":"4.94""#,
        );
        let (token, lines) = CartToken::verify_priced(&ok, SECRET, NOW, 3600).unwrap();
        let lines = lines.unwrap();
        assert_eq!(token.reference, "o-1");
        assert_eq!(lines.lines.len(), 1);
        assert_eq!(lines.lines[0].unit_price.to_decimal_string(), "19.99");
        assert_eq!(lines.lines[0].line_total.to_decimal_string(), "59.97");
        assert_eq!(lines.subtotal.to_decimal_string(), "59.97");
        assert_eq!(lines.tax.to_decimal_string(), "4.94");
        assert_eq!(lines.total, token.amount);
        // The round trip keeps them; a token without items has none.
        let again = token.encode_priced(Some(&lines), SECRET);
        assert_eq!(
            CartToken::verify_priced(&again, SECRET, NOW, 3600).unwrap(),
            (token.clone(), Some(lines))
        );
        assert_eq!(
            CartToken::verify_priced(&token.encode(SECRET), SECRET, NOW, 3600)
                .unwrap()
                .1,
            None
        );
        for bad in [
            body(r#"[{"sku":"A","name":"W","quantity":3,"price":"19.99"}]"#, ""),
            body(r#"[{"sku":"A","name":"W","quantity":0,"price":"21.637"}]"#, ""),
            body(r#"[{"sku":"a b","name":"W","quantity":1,"price":"64.91"}]"#, ""),
            body(r#"[{"sku":"A","name":"W","quantity":1,"price":64.91}]"#, ""),
            body(
                r#"[{"sku":"A","name":"W","quantity":1,"price":"64.91","x":1}]"#,
                "",
            ),
            body("[]", ""),
        ] {
            assert_eq!(code(&bad), ErrorCode::CartTokenInvalid);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_refused_without_panicking(text in ".{0,300}") {
            proptest::prop_assert!(CartToken::verify(&text, SECRET, NOW, 3600).is_err());
        }

        #[test]
        fn encode_verify_round_trip(minor in 1u64..=10_000_000, reference in "[A-Za-z0-9._:-]{1,64}", ttl in 1i64..=3600) {
            let t = CartToken {
                amount: Money::from_minor(minor, Currency::Jpy),
                reference,
                expires_at: NOW + ttl,
                checkout_session_id: None,
            };
            proptest::prop_assert_eq!(CartToken::verify(&t.encode(SECRET), SECRET, NOW, 3600).unwrap(), t);
        }
    }
}
