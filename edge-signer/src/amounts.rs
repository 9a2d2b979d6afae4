//! The trusted amount of an order: from the catalog, from a cart token signed by the
//! merchant's backend, or (sandbox development only) from the browser; the amount a merchant
//! operation names, in the ledger currency. Also the isolate's record of cart tokens already
//! used to place an order.

use std::cell::RefCell;
use std::collections::HashMap;

use amazon_pay_shared::cart::{parse_order_amount, CartLine, PricedCart};
use amazon_pay_shared::cart_token::{CartToken, CartTokenError};
use amazon_pay_shared::money::{Currency, Money, Price};
use amazon_pay_shared::wire::ErrorCode;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};

/// Where an amount came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The catalog.
    Catalog,
    /// A cart token (with its fingerprint and the checkout session it is bound to, if any).
    CartToken(String, Option<String>),
    /// The browser (development only).
    Client,
}

/// An amount the signer may sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedAmount {
    /// The amount in the ledger currency.
    pub amount: Money,
    /// The merchant's order reference, when the source gives one.
    pub reference: Option<String>,
    /// The source.
    pub source: Source,
    /// What was sold, line by line, when the source prices lines (the catalog, a cart token
    /// with `items`); none for an amount alone (a cart token without items, the browser).
    pub lines: Option<PricedCart>,
}

/// The most tokens remembered per isolate.
const MAX_REMEMBERED: usize = 10_000;

thread_local! {
    static USED_TOKENS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The checkout session a cart token placed an order for, if any (this isolate only).
pub fn token_used_for(fingerprint: &str) -> Option<String> {
    USED_TOKENS.with(|m| m.borrow().get(fingerprint).cloned())
}

/// Records that a cart token placed the order of a checkout session.
pub fn mark_token_used(fingerprint: &str, checkout_session_id: &str) {
    USED_TOKENS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MAX_REMEMBERED {
            m.clear();
        }
        m.insert(fingerprint.to_owned(), checkout_session_id.to_owned());
    });
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn check_currency(amount: Money, ledger: Currency) -> ApiResult<Money> {
    if amount.currency() != ledger {
        return Err(ApiError::new(
            ErrorCode::CurrencyMismatch,
            format!(
                "the amount is in {} but the merchant's ledger currency is {ledger}",
                amount.currency()
            ),
        ));
    }
    Ok(amount)
}

/// The amount a merchant operation names (capture, charge, refund, amount change): a valid
/// amount of its currency, which must be the ledger currency.
pub fn ledger_amount(config: &Config, price: &Price) -> ApiResult<Money> {
    let currency: Currency = price.currency_code.parse()?;
    let amount = parse_order_amount(&price.amount, currency)?;
    if currency != config.ledger_currency {
        return Err(ApiError::new(
            ErrorCode::CurrencyMismatch,
            format!("amounts are in {}", config.ledger_currency),
        ));
    }
    Ok(amount)
}

/// Resolves the amount of exactly one source: `cart`, `cartToken` or (when allowed) `amount`,
/// and checks it against the merchant's per-transaction range (`LIFECYCLE_RULES_JSON`), so an
/// order outside it is refused before anything is signed or sent to Amazon.
pub fn resolve(
    config: &Config,
    cart: Option<&[CartLine]>,
    token: Option<&str>,
    client: Option<&Price>,
) -> ApiResult<TrustedAmount> {
    let trusted = resolve_source(config, cart, token, client)?;
    crate::enforce::checkout_amount(config, trusted.amount)?;
    Ok(trusted)
}

fn resolve_source(
    config: &Config,
    cart: Option<&[CartLine]>,
    token: Option<&str>,
    client: Option<&Price>,
) -> ApiResult<TrustedAmount> {
    let given = usize::from(cart.is_some()) + usize::from(token.is_some()) + usize::from(client.is_some());
    if given != 1 {
        return Err(ApiError::new(
            ErrorCode::CartSourceInvalid,
            "send exactly one of cart or cartToken",
        ));
    }
    if let Some(lines) = cart {
        let catalog = config.catalog.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::CatalogNotConfigured,
                "this signer has no catalog; send a cartToken",
            )
        })?;
        let quote = catalog.price(lines)?;
        return Ok(TrustedAmount {
            amount: check_currency(quote.total, config.ledger_currency)?,
            reference: None,
            source: Source::Catalog,
            lines: Some(quote.priced_cart(catalog)),
        });
    }
    if let Some(text) = token {
        let secrets = config.cart_token_secrets.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::CartTokenNotConfigured,
                "this signer does not accept cart tokens",
            )
        })?;
        // The current secret first; during a rotation a token signed with the previous one
        // verifies too (any other refusal is the token's, whichever secret signed it).
        let now = now_secs();
        let (verified, lines) = secrets
            .all()
            .map(|s| CartToken::verify_priced(text, s.expose(), now, config.cart_token_max_lifetime))
            .find(|r| !matches!(r, Err(CartTokenError::BadSignature)))
            .unwrap_or(Err(CartTokenError::BadSignature))?;
        return Ok(TrustedAmount {
            amount: check_currency(verified.amount, config.ledger_currency)?,
            reference: Some(verified.reference),
            source: Source::CartToken(CartToken::fingerprint(text), verified.checkout_session_id),
            lines,
        });
    }
    match client {
        Some(price) if config.allow_client_amounts => {
            let currency: Currency = price.currency_code.parse()?;
            let amount = parse_order_amount(&price.amount, currency)?;
            Ok(TrustedAmount {
                amount: check_currency(amount, config.ledger_currency)?,
                reference: None,
                source: Source::Client,
                lines: None,
            })
        }
        _ => Err(ApiError::new(
            ErrorCode::ClientAmountsDisabled,
            "amounts come from the catalog or a cart token, not from the browser",
        )),
    }
}
