//! The signer's configuration: read once per isolate from `wrangler.toml` vars and secrets,
//! parsed into types, and refused as a whole when a setting is missing or contradicts another.
//!
//! Parsing is pure ([`Config::from_lookup`]) so the rules are testable without a runtime.

use std::fmt;

use amazon_pay_shared::api::{PaymentIntent, Scope};
use amazon_pay_shared::cart::Catalog;
use amazon_pay_shared::cart_token::MIN_SECRET_LEN;
use amazon_pay_shared::keys::pem::private_key_pkcs8_der;
use amazon_pay_shared::lifecycle::Rules;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::payload::{validate_url, CheckoutSettings, Payment};
use amazon_pay_shared::region::{Environment, PublicKeyId, Region};
use amazon_pay_shared::signing::{Algorithm, ClientProfile};
use amazon_pay_shared::vocabulary::{ButtonColor, Placement, ProductType};

/// A secret value: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// The bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

/// Why the configuration was refused. Messages name settings, never their secret values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The button flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Review page: the amount is set at place-order.
    Review,
    /// One-step `ProcessOrder` for `PayOnly`: the amount is in the button payload.
    OneStep,
}

/// Where the Amazon Pay API is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiEndpoint {
    /// `scheme://host[:port]`, without a trailing slash.
    pub base_url: String,
    /// What `x-amz-pay-host` says: the host (and port) actually fetched.
    pub host: String,
}

/// Upstream timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpstreamSettings {
    /// Per attempt, milliseconds.
    pub timeout_ms: u64,
    /// For all attempts of one operation, milliseconds.
    pub deadline_ms: u64,
    /// First back-off, milliseconds (doubles per retry, plus jitter).
    pub retry_base_ms: u64,
    /// Retries after the first attempt.
    pub max_retries: u32,
}

/// Button defaults and display limits for `/v1/config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonSettings {
    /// `PayAndShip` or `PayOnly`.
    pub product_type: String,
    /// Default placement.
    pub placement: String,
    /// Colour.
    pub color: String,
    /// Hide below this total.
    pub min_total: Option<Money>,
    /// Hide above this total.
    pub max_total: Option<Money>,
}

/// The sign-in button's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInSettings {
    /// `signInReturnUrl`.
    pub return_url: String,
    /// `signInCancelUrl`.
    pub cancel_url: Option<String>,
    /// `signInScopes`.
    pub scopes: Vec<Scope>,
}

/// Everything the signer needs, validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// Amazon merchant id.
    pub merchant_id: String,
    /// Key id, region, environment and algorithm.
    pub profile: ClientProfile,
    /// Ledger currency.
    pub ledger_currency: Currency,
    /// checkout.js language.
    pub checkout_language: String,
    /// The checkout.js the widget loads: the region's own, or (sandbox keys only) the local
    /// sandbox's stand-in from `CHECKOUT_JS_URL`.
    pub checkout_js_url: String,
    /// Store id, URLs, scopes, store name.
    pub checkout: CheckoutSettings,
    /// Sign-in settings.
    pub sign_in: SignInSettings,
    /// Authorize or AuthorizeWithCapture.
    pub payment_intent: PaymentIntent,
    /// `canHandlePendingAuthorization` on checkouts and merchant-initiated charges: Amazon may
    /// answer an authorization later (`AUTHPROCESS` until a notification or a sync settles it).
    pub pending_authorization: bool,
    /// Review or one-step.
    pub flow: Flow,
    /// Exact origins allowed to call the public routes.
    pub origins: Vec<String>,
    /// Price catalog.
    pub catalog: Option<Catalog>,
    /// Cart token secret.
    pub cart_token_secret: Option<Secret>,
    /// Longest accepted cart token lifetime, seconds.
    pub cart_token_max_lifetime: i64,
    /// Browser amounts allowed (sandbox only).
    pub allow_client_amounts: bool,
    /// Button defaults.
    pub button: ButtonSettings,
    /// The API endpoint.
    pub api: ApiEndpoint,
    /// Merchant routes' bearer token.
    pub merchant_token: Secret,
    /// The private key, PKCS#8 DER.
    pub private_key_pkcs8: Secret,
    /// Upstream timing.
    pub upstream: UpstreamSettings,
    /// Prefix of merchant references derived for catalog orders.
    pub order_reference_prefix: String,
    /// Exact origins whose webhook signing certificates are accepted besides Amazon's SNS
    /// hosts (the local sandbox's; sandbox keys only).
    pub webhook_cert_origins: Vec<String>,
    /// The shop tells buyers at checkout that the amount may change, so checkout payments may
    /// be re-authorized with another amount (recorded on each checkout transaction).
    pub amount_change_enabled: bool,
    /// The transaction rules the merchant routes enforce: `LIFECYCLE_RULES_JSON` over the seed's
    /// defaults, with the recurring monthly cap counted in calendar months at
    /// `RECURRING_MONTH_UTC_OFFSET` (UTC unless set).
    pub rules: Rules,
}

/// Parses a UTC offset `+HH:MM` / `-HH:MM` (at most 14 hours) to seconds.
pub fn parse_utc_offset(value: &str) -> Option<i32> {
    let (sign, rest) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let secs = h * 3600 + m * 60;
    (m < 60 && secs <= 14 * 3600).then_some(sign * secs)
}

fn err<T>(message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(message.into()))
}

fn parse_bool(name: &str, value: Option<String>, default: bool) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("true") | Some("1") | Some("yes") => Ok(true),
        Some("false") | Some("0") | Some("no") => Ok(false),
        Some(_) => err(format!("{name} must be true or false")),
    }
}

fn parse_u64(name: &str, value: Option<String>, default: u64, max: u64) -> Result<u64, ConfigError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n <= max => Ok(n),
            _ => err(format!("{name} must be an integer from 0 to {max}")),
        },
    }
}

fn parse_scopes(name: &str, value: Option<String>, default: &[Scope]) -> Result<Vec<Scope>, ConfigError> {
    let Some(text) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(default.to_vec());
    };
    let mut scopes = Vec::new();
    for part in text.split(',').map(str::trim) {
        let scope = Scope::from(part);
        if !amazon_pay_shared::api::OpenEnum::is_known(&scope) {
            return err(format!("{name}: unknown scope {part:?}"));
        }
        scopes.push(scope);
    }
    Ok(scopes)
}

/// Splits an API base URL into what is fetched and what is signed as `x-amz-pay-host`.
pub fn parse_api_base(base: &str, live: bool) -> Result<ApiEndpoint, ConfigError> {
    let base = base.trim().trim_end_matches('/');
    let (scheme, rest) = match base.split_once("://") {
        Some(p) => p,
        None => return err("AMAZON_PAY_API_BASE must be an absolute http(s) URL"),
    };
    if scheme != "https" && scheme != "http" {
        return err("AMAZON_PAY_API_BASE must use http or https");
    }
    if live && scheme != "https" {
        return err("AMAZON_PAY_API_BASE must use https with a live key");
    }
    let host = rest.split('/').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    if !host_ok || rest.len() != host.len() {
        return err("AMAZON_PAY_API_BASE must be scheme://host[:port], without path, query or credentials");
    }
    Ok(ApiEndpoint {
        base_url: base.to_owned(),
        host: host.to_ascii_lowercase(),
    })
}

impl Config {
    /// Reads and validates every setting; `get` returns a var or secret by name.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let required = |name: &str| -> Result<String, ConfigError> {
            match get(name) {
                Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
                _ => err(format!("{name} is not set")),
            }
        };
        let optional = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let merchant_id = required("AMAZON_PAY_MERCHANT_ID")?;
        if merchant_id.len() > 32 || !merchant_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return err("AMAZON_PAY_MERCHANT_ID must be letters and digits");
        }
        let region_text = required("AMAZON_PAY_REGION")?;
        let region =
            Region::parse(&region_text).map_err(|e| ConfigError(format!("AMAZON_PAY_REGION: {e}")))?;
        let sandbox = match optional("AMAZON_PAY_SANDBOX") {
            None => return err("AMAZON_PAY_SANDBOX is not set (true or false)"),
            v => parse_bool("AMAZON_PAY_SANDBOX", v, false)?,
        };
        let public_key_id = PublicKeyId::parse(&required("AMAZON_PAY_PUBLIC_KEY_ID")?)
            .map_err(|e| ConfigError(format!("AMAZON_PAY_PUBLIC_KEY_ID: {e}")))?;
        public_key_id
            .ensure_matches(sandbox)
            .map_err(|e| ConfigError(format!("AMAZON_PAY_PUBLIC_KEY_ID and AMAZON_PAY_SANDBOX: {e}")))?;
        let live = public_key_id.effective_environment(sandbox) == Environment::Live;

        let ledger_currency = match optional("AMAZON_PAY_LEDGER_CURRENCY") {
            Some(c) => c
                .parse::<Currency>()
                .map_err(|e| ConfigError(format!("AMAZON_PAY_LEDGER_CURRENCY: {e}")))?,
            None => Region::ledger_currency_for_alias(&region_text)
                .map_err(|e| ConfigError(format!("AMAZON_PAY_REGION: {e}")))?,
        };
        region
            .ensure_ledger_currency(ledger_currency)
            .map_err(|e| ConfigError(format!("AMAZON_PAY_LEDGER_CURRENCY: {e}")))?;

        let default_language = match (region, ledger_currency) {
            (Region::Jp, _) => "ja_JP",
            (Region::Na, _) => "en_US",
            (Region::Eu, Currency::Gbp) => "en_GB",
            (Region::Eu, _) => "de_DE",
        };
        let checkout_language = optional("CHECKOUT_LANGUAGE").unwrap_or_else(|| default_language.to_owned());
        let lang_ok = checkout_language.len() == 5
            && checkout_language.as_bytes()[2] == b'_'
            && checkout_language
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'_');
        if !lang_ok {
            return err("CHECKOUT_LANGUAGE must look like en_US or ja_JP");
        }

        let checkout = CheckoutSettings {
            store_id: required("AMAZON_PAY_STORE_ID")?,
            review_return_url: required("CHECKOUT_REVIEW_RETURN_URL")?,
            result_return_url: required("CHECKOUT_RESULT_RETURN_URL")?,
            cancel_url: optional("CHECKOUT_CANCEL_URL"),
            scopes: parse_scopes(
                "CHECKOUT_SCOPES",
                optional("CHECKOUT_SCOPES"),
                &[
                    Scope::Name,
                    Scope::Email,
                    Scope::PhoneNumber,
                    Scope::BillingAddress,
                ],
            )?,
            store_name: optional("STORE_NAME"),
            live,
        };
        checkout
            .validate()
            .map_err(|e| ConfigError(format!("checkout settings: {e}")))?;

        let sign_in = SignInSettings {
            return_url: required("SIGNIN_RETURN_URL")?,
            cancel_url: optional("SIGNIN_CANCEL_URL"),
            scopes: parse_scopes(
                "SIGNIN_SCOPES",
                optional("SIGNIN_SCOPES"),
                &[Scope::Name, Scope::Email],
            )?,
        };
        validate_url("SIGNIN_RETURN_URL", &sign_in.return_url, live)
            .map_err(|e| ConfigError(e.to_string()))?;
        if let Some(c) = &sign_in.cancel_url {
            validate_url("SIGNIN_CANCEL_URL", c, live).map_err(|e| ConfigError(e.to_string()))?;
        }

        let payment_intent = match optional("PAYMENT_INTENT").as_deref() {
            None | Some("Authorize") => PaymentIntent::Authorize,
            Some("AuthorizeWithCapture") => PaymentIntent::AuthorizeWithCapture,
            Some(_) => return err("PAYMENT_INTENT must be Authorize or AuthorizeWithCapture"),
        };
        let pending_authorization = parse_bool(
            "CAN_HANDLE_PENDING_AUTHORIZATION",
            optional("CAN_HANDLE_PENDING_AUTHORIZATION"),
            false,
        )?;
        if pending_authorization && payment_intent != PaymentIntent::Authorize {
            return err(
                "CAN_HANDLE_PENDING_AUTHORIZATION needs PAYMENT_INTENT Authorize (Amazon refuses it with AuthorizeWithCapture)",
            );
        }
        let flow = match optional("CHECKOUT_FLOW").as_deref() {
            None | Some("review") => Flow::Review,
            Some("oneStep") => Flow::OneStep,
            Some(_) => return err("CHECKOUT_FLOW must be review or oneStep"),
        };

        let origins: Vec<String> = required("ALLOWED_ORIGINS")?
            .split(',')
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        for o in &origins {
            let ok = (o.starts_with("https://") || o.starts_with("http://"))
                && !o["https://".len().min(o.len())..].contains('/')
                && o != "null"
                && !o.contains('*');
            if !ok {
                return err(format!(
                    "ALLOWED_ORIGINS: {o:?} is not an exact scheme://host[:port] origin"
                ));
            }
            if live && o.starts_with("http://") {
                return err(format!("ALLOWED_ORIGINS: {o:?} must use https with a live key"));
            }
        }

        let catalog = match optional("CATALOG_JSON") {
            Some(text) => {
                let c = Catalog::from_json(&text).map_err(|e| ConfigError(format!("CATALOG_JSON: {e}")))?;
                if c.currency != ledger_currency {
                    return err(format!(
                        "CATALOG_JSON: currency {} differs from the ledger currency {}",
                        c.currency, ledger_currency
                    ));
                }
                Some(c)
            }
            None => None,
        };
        let cart_token_secret = match get("CART_TOKEN_SECRET").filter(|s| !s.is_empty()) {
            Some(s) if s.len() < MIN_SECRET_LEN => {
                return err(format!(
                    "CART_TOKEN_SECRET must be at least {MIN_SECRET_LEN} bytes"
                ))
            }
            Some(s) => Some(Secret(s.into_bytes())),
            None => None,
        };
        let cart_token_max_lifetime = parse_u64(
            "CART_TOKEN_MAX_LIFETIME_SECONDS",
            optional("CART_TOKEN_MAX_LIFETIME_SECONDS"),
            3600,
            86_400,
        )? as i64;
        let allow_client_amounts =
            parse_bool("ALLOW_CLIENT_AMOUNTS", optional("ALLOW_CLIENT_AMOUNTS"), false)?;
        if allow_client_amounts && live {
            return err("ALLOW_CLIENT_AMOUNTS is for development only and refused with a live key");
        }
        if catalog.is_none() && cart_token_secret.is_none() && !allow_client_amounts {
            return err("no trusted amount source: set CATALOG_JSON and/or CART_TOKEN_SECRET");
        }

        let display = |name: &str| -> Result<Option<Money>, ConfigError> {
            optional(name)
                .map(|v| Money::parse(&v, ledger_currency).map_err(|e| ConfigError(format!("{name}: {e}"))))
                .transpose()
        };
        let button = ButtonSettings {
            product_type: optional("BUTTON_PRODUCT_TYPE").unwrap_or_else(|| "PayAndShip".into()),
            placement: optional("BUTTON_PLACEMENT").unwrap_or_else(|| "Cart".into()),
            color: optional("BUTTON_COLOR").unwrap_or_else(|| "Gold".into()),
            min_total: display("BUTTON_MIN_TOTAL")?,
            max_total: display("BUTTON_MAX_TOTAL")?,
        };
        if ProductType::parse(&button.product_type).is_none_or(|p| !ProductType::CHECKOUT.contains(&p)) {
            return err("BUTTON_PRODUCT_TYPE must be PayAndShip or PayOnly");
        }
        if Placement::parse(&button.placement).is_none() {
            return err("BUTTON_PLACEMENT must be Home, Product, Cart, Checkout or Other");
        }
        if ButtonColor::parse(&button.color).is_none() {
            return err("BUTTON_COLOR must be Gold, LightGray or DarkGray");
        }

        let checkout_js_url = match optional("CHECKOUT_JS_URL") {
            None => region.checkout_js_url().to_owned(),
            Some(_) if live => {
                return err("CHECKOUT_JS_URL is for the local sandbox only and refused with a live key")
            }
            Some(url) => {
                validate_url("CHECKOUT_JS_URL", &url, live).map_err(|e| ConfigError(e.to_string()))?;
                url
            }
        };

        let api = parse_api_base(
            &optional("AMAZON_PAY_API_BASE").unwrap_or_else(|| format!("https://{}", region.api_host())),
            live,
        )?;

        let merchant_token = required("MERCHANT_API_TOKEN")?;
        if merchant_token.len() < 32 {
            return err("MERCHANT_API_TOKEN must be at least 32 characters");
        }
        let pem = required("AMAZON_PAY_PRIVATE_KEY")?;
        // Wrangler secrets may hold the PEM with literal "\n" sequences.
        let pem = if pem.contains("\\n") {
            pem.replace("\\n", "\n")
        } else {
            pem
        };
        let der =
            private_key_pkcs8_der(&pem).map_err(|e| ConfigError(format!("AMAZON_PAY_PRIVATE_KEY: {e}")))?;

        let upstream = UpstreamSettings {
            timeout_ms: parse_u64(
                "UPSTREAM_TIMEOUT_MS",
                optional("UPSTREAM_TIMEOUT_MS"),
                10_000,
                60_000,
            )?
            .max(1),
            deadline_ms: parse_u64(
                "UPSTREAM_DEADLINE_MS",
                optional("UPSTREAM_DEADLINE_MS"),
                25_000,
                120_000,
            )?
            .max(1),
            retry_base_ms: parse_u64(
                "UPSTREAM_RETRY_BASE_MS",
                optional("UPSTREAM_RETRY_BASE_MS"),
                250,
                10_000,
            )?,
            max_retries: 3,
        };
        let order_reference_prefix = optional("ORDER_REFERENCE_PREFIX").unwrap_or_else(|| "order-".into());
        if order_reference_prefix.len() > 20
            || !order_reference_prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        {
            return err(
                "ORDER_REFERENCE_PREFIX must be at most 20 characters of A-Z, a-z, 0-9, '-', '_', '.', ':'",
            );
        }

        let webhook_cert_origins: Vec<String> = optional("WEBHOOK_CERT_ORIGINS")
            .map(|v| {
                v.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_owned())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if !webhook_cert_origins.is_empty() && live {
            return err("WEBHOOK_CERT_ORIGINS is for the local sandbox only and refused with a live key");
        }
        for o in &webhook_cert_origins {
            let ok = parse_api_base(o, false).is_ok_and(|e| e.base_url == *o);
            if !ok {
                return err(format!(
                    "WEBHOOK_CERT_ORIGINS: {o:?} is not an exact scheme://host[:port] origin"
                ));
            }
        }

        let amount_change_enabled =
            parse_bool("AMOUNT_CHANGE_ENABLED", optional("AMOUNT_CHANGE_ENABLED"), false)?;
        let recurring_month_utc_offset_secs = match optional("RECURRING_MONTH_UTC_OFFSET") {
            None => 0,
            Some(v) => parse_utc_offset(&v).ok_or_else(|| {
                ConfigError("RECURRING_MONTH_UTC_OFFSET must be +HH:MM or -HH:MM, at most 14 hours".into())
            })?,
        };
        let mut rules = match optional("LIFECYCLE_RULES_JSON") {
            None => Rules::default(),
            Some(text) => {
                Rules::from_json(&text).map_err(|e| ConfigError(format!("LIFECYCLE_RULES_JSON: {e}")))?
            }
        };
        rules.month_utc_offset_secs = recurring_month_utc_offset_secs;
        rules
            .validate()
            .map_err(|e| ConfigError(format!("RECURRING_MONTH_UTC_OFFSET: {e}")))?;
        if rules.limits_for(ledger_currency).is_err() {
            return err(format!(
                "LIFECYCLE_RULES_JSON: currencies.{ledger_currency} is required: the ledger currency has no default limits"
            ));
        }

        Ok(Config {
            merchant_id,
            profile: ClientProfile {
                public_key_id,
                region,
                sandbox,
                algorithm: Algorithm::V2,
            },
            ledger_currency,
            checkout_language,
            checkout_js_url,
            checkout,
            sign_in,
            payment_intent,
            pending_authorization,
            flow,
            origins,
            catalog,
            cart_token_secret,
            cart_token_max_lifetime,
            allow_client_amounts,
            button,
            api,
            merchant_token: Secret(merchant_token.into_bytes()),
            private_key_pkcs8: Secret(der),
            upstream,
            order_reference_prefix,
            webhook_cert_origins,
            amount_change_enabled,
            rules,
        })
    }

    /// True when requests reach Amazon's live environment.
    pub fn is_live(&self) -> bool {
        self.profile
            .public_key_id
            .effective_environment(self.profile.sandbox)
            == Environment::Live
    }

    /// How an order of `amount` is paid: the configured intent and pending-authorization
    /// choice, with the merchant's reference.
    pub fn payment(&self, amount: Money, reference: Option<String>) -> Payment {
        Payment {
            amount,
            intent: self.payment_intent.clone(),
            reference,
            can_handle_pending_authorization: self.pending_authorization,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const PEM: &str = include_str!("../../shared/tests/data/keys/merchant-pkcs8.pem");
    const PEM1: &str = include_str!("../../shared/tests/data/keys/merchant-pkcs1.pem");

    fn base() -> HashMap<&'static str, String> {
        let mut m = HashMap::new();
        for (k, v) in [
            ("AMAZON_PAY_MERCHANT_ID", "A2SANDBOXMERCHANT"),
            ("AMAZON_PAY_REGION", "jp"),
            ("AMAZON_PAY_SANDBOX", "true"),
            ("AMAZON_PAY_PUBLIC_KEY_ID", "SANDBOX-AKEY"),
            ("AMAZON_PAY_STORE_ID", "amzn1.application-oa2-client.abc"),
            ("CHECKOUT_REVIEW_RETURN_URL", "http://127.0.0.1:8080/review"),
            ("CHECKOUT_RESULT_RETURN_URL", "http://127.0.0.1:8080/result"),
            ("SIGNIN_RETURN_URL", "http://127.0.0.1:8080/signin"),
            ("ALLOWED_ORIGINS", "http://127.0.0.1:8080, https://shop.example"),
            ("CART_TOKEN_SECRET", "0123456789abcdef0123456789abcdef"),
            ("MERCHANT_API_TOKEN", "mtok-0123456789abcdef0123456789abcdef"),
            ("AMAZON_PAY_PRIVATE_KEY", PEM),
        ] {
            m.insert(k, v.to_owned());
        }
        m
    }

    fn parse(m: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        Config::from_lookup(|k| m.get(k).cloned())
    }

    #[test]
    fn parses_defaults() {
        let c = parse(&base()).unwrap();
        assert_eq!(c.ledger_currency, Currency::Jpy);
        assert_eq!(c.checkout_language, "ja_JP");
        assert_eq!(c.api.host, "pay-api.amazon.jp");
        assert_eq!(c.origins, vec!["http://127.0.0.1:8080", "https://shop.example"]);
        assert!(!c.is_live());
        assert!(!format!("{c:?}").contains("PRIVATE"));
        assert!(!format!("{c:?}").contains("mtok-"));
        let mut m = base();
        m.insert("AMAZON_PAY_PRIVATE_KEY", PEM1.replace('\n', "\\n"));
        m.insert("AMAZON_PAY_API_BASE", "http://127.0.0.1:9911/".into());
        let c = parse(&m).unwrap();
        assert_eq!(c.api.host, "127.0.0.1:9911");
        assert_eq!(c.api.base_url, "http://127.0.0.1:9911");
    }

    #[test]
    fn refuses_missing_and_contradictory() {
        let refuse = |k: &'static str, v: Option<&str>, needle: &str| {
            let mut m = base();
            match v {
                Some(v) => m.insert(k, v.to_owned()),
                None => m.remove(k),
            };
            let e = parse(&m).unwrap_err().0;
            assert!(e.contains(needle), "{k}: {e}");
            assert!(!e.contains("MII"), "{e}");
        };
        refuse(
            "AMAZON_PAY_PRIVATE_KEY",
            None,
            "AMAZON_PAY_PRIVATE_KEY is not set",
        );
        refuse("AMAZON_PAY_PRIVATE_KEY", Some("nope"), "AMAZON_PAY_PRIVATE_KEY");
        refuse(
            "AMAZON_PAY_PUBLIC_KEY_ID",
            Some("LIVE-AKEY"),
            "public key id is for",
        );
        refuse("AMAZON_PAY_SANDBOX", None, "AMAZON_PAY_SANDBOX");
        refuse("MERCHANT_API_TOKEN", Some("short"), "MERCHANT_API_TOKEN");
        refuse("CART_TOKEN_SECRET", Some("short"), "CART_TOKEN_SECRET");
        refuse("ALLOWED_ORIGINS", Some("*"), "ALLOWED_ORIGINS");
        refuse(
            "ALLOWED_ORIGINS",
            Some("https://a.example/path"),
            "ALLOWED_ORIGINS",
        );
        refuse("AMAZON_PAY_LEDGER_CURRENCY", Some("USD"), "LEDGER");
        refuse("PAYMENT_INTENT", Some("Confirm"), "PAYMENT_INTENT");
        refuse("CAN_HANDLE_PENDING_AUTHORIZATION", Some("maybe"), "true or false");
        refuse(
            "CHECKOUT_REVIEW_RETURN_URL",
            Some("/relative"),
            "checkoutReviewReturnUrl",
        );
        refuse(
            "CATALOG_JSON",
            Some(r#"{"currency":"USD","items":{"A":{"price":"1","name":"a"}}}"#),
            "CATALOG_JSON",
        );
        let mut m = base();
        m.remove("CART_TOKEN_SECRET");
        assert!(parse(&m).unwrap_err().0.contains("no trusted amount source"));
    }

    #[test]
    fn pending_authorization_goes_with_authorize_only() {
        assert!(!parse(&base()).unwrap().pending_authorization);
        let mut m = base();
        m.insert("CAN_HANDLE_PENDING_AUTHORIZATION", "true".into());
        let c = parse(&m).unwrap();
        assert!(c.pending_authorization);
        let amount = Money::parse("1700", Currency::Jpy).unwrap();
        assert!(c.payment(amount, None).can_handle_pending_authorization);
        m.insert("PAYMENT_INTENT", "AuthorizeWithCapture".into());
        let e = parse(&m).unwrap_err().0;
        assert!(
            e.contains("CAN_HANDLE_PENDING_AUTHORIZATION needs PAYMENT_INTENT Authorize"),
            "{e}"
        );
    }

    #[test]
    fn live_key_rules() {
        let mut m = base();
        m.insert("AMAZON_PAY_PUBLIC_KEY_ID", "LIVE-AKEY".into());
        m.insert("AMAZON_PAY_SANDBOX", "false".into());
        m.insert("ALLOWED_ORIGINS", "https://shop.example".into());
        // http return URLs with a live key.
        assert!(parse(&m).unwrap_err().0.contains("https"));
        for k in [
            "CHECKOUT_REVIEW_RETURN_URL",
            "CHECKOUT_RESULT_RETURN_URL",
            "SIGNIN_RETURN_URL",
        ] {
            let v = m[k].replace("http://127.0.0.1:8080", "https://shop.example");
            m.insert(k, v);
        }
        let c = parse(&m).unwrap();
        assert!(c.is_live());
        m.insert("ALLOW_CLIENT_AMOUNTS", "true".into());
        assert!(parse(&m).unwrap_err().0.contains("ALLOW_CLIENT_AMOUNTS"));
        m.remove("ALLOW_CLIENT_AMOUNTS");
        m.insert("AMAZON_PAY_API_BASE", "http://127.0.0.1:9".into());
        assert!(parse(&m).unwrap_err().0.contains("https"));
        m.remove("AMAZON_PAY_API_BASE");
        m.insert("CHECKOUT_JS_URL", "https://shop.example/checkout.js".into());
        assert!(parse(&m).unwrap_err().0.contains("CHECKOUT_JS_URL"));
        m.remove("CHECKOUT_JS_URL");
        m.insert("WEBHOOK_CERT_ORIGINS", "http://127.0.0.1:8790".into());
        assert!(parse(&m).unwrap_err().0.contains("WEBHOOK_CERT_ORIGINS"));
        m.remove("WEBHOOK_CERT_ORIGINS");
        assert_eq!(
            parse(&m).unwrap().checkout_js_url,
            "https://static-fe.payments-amazon.com/checkout.js"
        );
        m.insert("AMAZON_PAY_SANDBOX", "true".into());
        assert!(parse(&m).unwrap_err().0.contains("public key id is for"));
    }

    #[test]
    fn recurring_month_offset() {
        assert_eq!(parse(&base()).unwrap().rules.month_utc_offset_secs, 0);
        let mut m = base();
        m.insert("RECURRING_MONTH_UTC_OFFSET", "+09:00".into());
        assert_eq!(parse(&m).unwrap().rules.month_utc_offset_secs, 9 * 3600);
        assert_eq!(parse_utc_offset("-03:30"), Some(-(3 * 3600 + 1800)));
        assert_eq!(parse_utc_offset("+14:00"), Some(14 * 3600));
        for bad in ["9", "+9:00", "+14:01", "+09:60", "09:00", "+0900", "+", ""] {
            assert_eq!(parse_utc_offset(bad), None, "{bad}");
        }
        m.insert("RECURRING_MONTH_UTC_OFFSET", "JST".into());
        assert!(parse(&m).unwrap_err().0.contains("RECURRING_MONTH_UTC_OFFSET"));
    }

    #[test]
    fn lifecycle_rules() {
        assert_eq!(parse(&base()).unwrap().rules, Rules::default());
        let mut m = base();
        m.insert(
            "LIFECYCLE_RULES_JSON",
            r#"{"currencies":{"JPY":{"maxAmount":"50000"}},"refundWindowDays":90}"#.into(),
        );
        m.insert("RECURRING_MONTH_UTC_OFFSET", "+09:00".into());
        let rules = parse(&m).unwrap().rules;
        let jpy = rules.limits_for(Currency::Jpy).unwrap();
        assert_eq!(jpy.max_amount, Money::from_minor(50_000, Currency::Jpy));
        assert_eq!(jpy.recurring_monthly_cap.minor(), 100_000);
        assert_eq!(rules.refund_window_secs, 90 * 86_400);
        assert_eq!(rules.capture_window_secs, 30 * 86_400);
        assert_eq!(rules.month_utc_offset_secs, 9 * 3600);
        // Blank is absent: the seed's rules.
        m.insert("LIFECYCLE_RULES_JSON", "  ".into());
        assert_eq!(
            parse(&m)
                .unwrap()
                .rules
                .limits_for(Currency::Jpy)
                .unwrap()
                .max_amount
                .minor(),
            9_999_999
        );
        // Refusals name the setting and the field, never the value.
        for (text, field) in [
            (
                r#"{"currencies":{"JPY":{"maxAmount":50000}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"maxAmount":"98765.4"}}}"#,
                "currencies.JPY.maxAmount",
            ),
            (
                r#"{"currencies":{"JPY":{"minAmount":"98765","maxAmount":"50000"}}}"#,
                "currencies.JPY.minAmount",
            ),
            (r#"{"captureWindowDays":0}"#, "captureWindowDays"),
            (r#"{"refundWindowDays":-98765}"#, "refundWindowDays"),
            (r#"{"maxPartialRefund":98765}"#, "maxPartialRefund"),
            ("98765", "(document)"),
        ] {
            m.insert("LIFECYCLE_RULES_JSON", text.into());
            let e = parse(&m).unwrap_err().0;
            assert!(
                e.starts_with(&format!("LIFECYCLE_RULES_JSON: {field}: ")),
                "{text}: {e}"
            );
            assert!(!e.contains("98765"), "{e}");
        }
    }

    #[test]
    fn sandbox_checkout_js_override() {
        let mut m = base();
        m.insert("CHECKOUT_JS_URL", "http://127.0.0.1:8790/checkout.js".into());
        assert_eq!(
            parse(&m).unwrap().checkout_js_url,
            "http://127.0.0.1:8790/checkout.js"
        );
        m.insert("CHECKOUT_JS_URL", "javascript:alert(1)".into());
        assert!(parse(&m).unwrap_err().0.contains("CHECKOUT_JS_URL"));
        m.remove("CHECKOUT_JS_URL");
        m.insert(
            "WEBHOOK_CERT_ORIGINS",
            "http://127.0.0.1:8790/, http://localhost:8790".into(),
        );
        assert_eq!(
            parse(&m).unwrap().webhook_cert_origins,
            ["http://127.0.0.1:8790", "http://localhost:8790"]
        );
        m.insert("WEBHOOK_CERT_ORIGINS", "http://127.0.0.1:8790/x".into());
        assert!(parse(&m).unwrap_err().0.contains("WEBHOOK_CERT_ORIGINS"));
    }
}
