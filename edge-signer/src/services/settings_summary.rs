//! The configuration as the merchant may read it: what the signer was set up with (region,
//! sandbox or live, key id, ids, origins, return URLs, flow, limits, whether the ledger and the
//! rate limiters are bound), for `GET /v1/merchant/settings` and the console's settings page.
//!
//! Never a secret: the private key, the merchant API token and the cart-token secret are not
//! fields of [`SettingsSummary`], so no value of theirs can reach it; for the cart-token secret
//! only whether one is configured is shown.

use amazon_pay_shared::money::Money;
use serde::Serialize;

use crate::config::{Config, Flow};

/// Facts of the running Worker that the configuration does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bindings {
    /// The `LEDGER` D1 binding exists.
    pub ledger: bool,
    /// The client-IP rate limiter (`RATE_LIMIT_CLIENT`) is bound.
    pub rate_limit_client: bool,
    /// The checkout-session rate limiter (`RATE_LIMIT_SESSION`) is bound.
    pub rate_limit_session: bool,
    /// The console's sign-in limiter (`RATE_LIMIT_CONSOLE_SIGN_IN`) is bound.
    pub rate_limit_console_sign_in: bool,
    /// What `Retry-After` asks for when a limiter refuses, seconds.
    pub retry_after_seconds: u32,
}

/// Where Amazon sends the buyer back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnUrls {
    /// `CHECKOUT_REVIEW_RETURN_URL`.
    pub checkout_review: String,
    /// `CHECKOUT_RESULT_RETURN_URL`.
    pub checkout_result: String,
    /// `CHECKOUT_CANCEL_URL`.
    pub checkout_cancel: Option<String>,
    /// `SIGNIN_RETURN_URL`.
    pub sign_in: String,
    /// `SIGNIN_CANCEL_URL`.
    pub sign_in_cancel: Option<String>,
}

/// The transaction limits of the ledger currency (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AmountLimits {
    /// Currency code.
    pub currency: String,
    /// Smallest amount of one transaction.
    pub min_amount: String,
    /// Largest amount of one transaction.
    pub max_amount: String,
    /// Most one recurring permission may be charged in a calendar month.
    pub recurring_monthly_cap: String,
    /// Absolute part of the amount-change cap.
    pub amount_change_floor: String,
    /// Relative part of the amount-change cap, percent of the first amount.
    pub amount_change_max_percent: u64,
    /// The button's smallest order total (`BUTTON_MIN_TOTAL`).
    pub button_min_total: Option<String>,
    /// The button's largest order total (`BUTTON_MAX_TOTAL`).
    pub button_max_total: Option<String>,
}

/// The price catalog, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogSummary {
    /// Currency of every price.
    pub currency: String,
    /// How many SKUs it prices.
    pub items: usize,
    /// The merchant's ceiling for one order.
    pub max_order_total: Option<String>,
}

/// The public routes' abuse limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimits {
    /// Requests are counted per client IP.
    pub per_client_ip: bool,
    /// Requests are counted per checkout session.
    pub per_checkout_session: bool,
    /// What `Retry-After` asks for, seconds.
    pub retry_after_seconds: u32,
}

/// The configuration without its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsSummary {
    /// `jp`, `us`, `eu` or `uk`.
    pub region: String,
    /// `sandbox` or `live` (where requests go, by key and `AMAZON_PAY_SANDBOX`).
    pub environment: String,
    /// The configured public key ids, the signing one first (two during a key rotation).
    pub public_key_ids: Vec<String>,
    /// Amazon merchant id.
    pub merchant_id: String,
    /// Store id (Login with Amazon client id).
    pub store_id: String,
    /// `STORE_NAME`.
    pub store_name: Option<String>,
    /// The API base the signer calls.
    pub api_base: String,
    /// Exact origins allowed to call the public routes.
    pub allowed_origins: Vec<String>,
    /// Where Amazon sends the buyer back.
    pub return_urls: ReturnUrls,
    /// `review` or `oneStep`.
    pub checkout_flow: String,
    /// `Authorize`, `AuthorizeWithCapture` or `Confirm`.
    pub payment_intent: String,
    /// `CAN_HANDLE_PENDING_AUTHORIZATION`.
    pub can_handle_pending_authorization: bool,
    /// `AMOUNT_CHANGE_ENABLED`.
    pub amount_change_enabled: bool,
    /// The ledger currency.
    pub ledger_currency: String,
    /// The transaction limits of the ledger currency.
    pub amount_limits: Option<AmountLimits>,
    /// The price catalog, if any.
    pub catalog: Option<CatalogSummary>,
    /// Cart tokens are accepted (a secret is configured; never the secret).
    pub cart_tokens_enabled: bool,
    /// Longest accepted cart token lifetime, seconds.
    pub cart_token_max_lifetime_seconds: i64,
    /// Browser amounts allowed (sandbox only).
    pub allow_client_amounts: bool,
    /// Prefix of merchant references derived for catalog orders.
    pub order_reference_prefix: String,
    /// The public routes' abuse limits.
    pub rate_limits: RateLimits,
    /// The ledger is bound (without it the merchant's reads answer `LEDGER_UNAVAILABLE`).
    pub ledger_enabled: bool,
    /// Ledger rows the CSV export reads per query.
    pub export_page_rows: i64,
}

fn decimal(m: &Money) -> String {
    m.to_decimal_string()
}

/// The summary of `config` with the Worker's `bindings`.
pub fn summary(config: &Config, bindings: Bindings) -> SettingsSummary {
    let currency = config.ledger_currency;
    let amount_limits = config.rules.limits_for(currency).ok().map(|l| AmountLimits {
        currency: currency.to_string(),
        min_amount: decimal(&l.min_amount),
        max_amount: decimal(&l.max_amount),
        recurring_monthly_cap: decimal(&l.recurring_monthly_cap),
        amount_change_floor: decimal(&l.amount_change_floor),
        amount_change_max_percent: l.amount_change_max_percent,
        button_min_total: config.button.min_total.as_ref().map(decimal),
        button_max_total: config.button.max_total.as_ref().map(decimal),
    });
    SettingsSummary {
        region: config.profile.region.as_str().to_owned(),
        environment: if config.is_live() { "live" } else { "sandbox" }.to_owned(),
        public_key_ids: config
            .keys
            .pairs()
            .map(|pair| pair.public_key_id.as_str().to_owned())
            .collect(),
        merchant_id: config.merchant_id.clone(),
        store_id: config.checkout.store_id.clone(),
        store_name: config.checkout.store_name.clone(),
        api_base: config.api.base_url.clone(),
        allowed_origins: config.origins.clone(),
        return_urls: ReturnUrls {
            checkout_review: config.checkout.review_return_url.clone(),
            checkout_result: config.checkout.result_return_url.clone(),
            checkout_cancel: config.checkout.cancel_url.clone(),
            sign_in: config.sign_in.return_url.clone(),
            sign_in_cancel: config.sign_in.cancel_url.clone(),
        },
        checkout_flow: match config.flow {
            Flow::Review => "review",
            Flow::OneStep => "oneStep",
        }
        .to_owned(),
        payment_intent: config.payment_intent.as_str().to_owned(),
        can_handle_pending_authorization: config.pending_authorization,
        amount_change_enabled: config.amount_change_enabled,
        ledger_currency: currency.to_string(),
        amount_limits,
        catalog: config.catalog.as_ref().map(|c| CatalogSummary {
            currency: c.currency.to_string(),
            items: c.items.len(),
            max_order_total: c.max_order_total.as_ref().map(decimal),
        }),
        cart_tokens_enabled: config.cart_token_secrets.is_some(),
        cart_token_max_lifetime_seconds: config.cart_token_max_lifetime,
        allow_client_amounts: config.allow_client_amounts,
        order_reference_prefix: config.order_reference_prefix.clone(),
        rate_limits: RateLimits {
            per_client_ip: bindings.rate_limit_client,
            per_checkout_session: bindings.rate_limit_session,
            retry_after_seconds: bindings.retry_after_seconds,
        },
        ledger_enabled: bindings.ledger,
        export_page_rows: config.export_page_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{base, settings, PEM};

    #[test]
    fn the_summary_holds_no_secret() {
        let m = base();
        let config = Config::from_settings(&settings(&m)).unwrap();
        let s = summary(
            &config,
            Bindings {
                ledger: true,
                ..Bindings::default()
            },
        );
        let text = serde_json::to_string(&s).unwrap();
        for secret in ["CART_TOKEN_SECRET", "MERCHANT_API_TOKEN"] {
            assert!(!text.contains(m[secret].as_str()), "{secret} in {text}");
        }
        assert!(!text.contains("PRIVATE KEY") && !text.contains(&PEM[40..80]));
        assert_eq!(s.environment, "sandbox");
        assert_eq!(s.merchant_id, "A2SANDBOXMERCHANT");
        assert_eq!(s.public_key_ids, ["SANDBOX-AKEY"]);
        assert!(s.cart_tokens_enabled && s.ledger_enabled && !s.rate_limits.per_client_ip);
        assert_eq!(s.amount_limits.unwrap().max_amount, "9999999");
    }
}
