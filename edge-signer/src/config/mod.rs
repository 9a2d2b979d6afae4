//! The signer's configuration: read once per isolate from `wrangler.toml` vars and secrets,
//! parsed into types, and refused as a whole when a setting is missing or contradicts another.
//!
//! Each section ([`account`], [`keys`], [`checkout`], [`sign_in`], [`payment`], [`origins`],
//! [`amounts`], [`button`], [`endpoint`], [`merchant_api`], [`merchant_events`], [`export`],
//! [`upstream`], [`webhooks`], [`rules`], [`subscriptions`]) reads its own settings through one
//! [`Settings`] source: the Worker's environment or any lookup, so a merchant's configuration can come from elsewhere. The checks between
//! sections (the key's environment, what a live key refuses, currencies) are in
//! [`Config::from_settings`]; [`isolate::load`] keeps the result for the isolate.
//!
//! Parsing is pure ([`Config::from_settings`]) so the rules are testable without a runtime.

pub mod account;
pub mod amounts;
pub mod button;
pub mod checkout;
pub mod console_access;
pub mod endpoint;
pub mod error;
pub mod export;
pub mod isolate;
pub mod keys;
pub mod merchant_api;
pub mod merchant_events;
pub mod origins;
pub mod payment;
pub mod rules;
pub mod secret;
pub mod setting;
pub mod settings;
pub mod sign_in;
pub mod subscriptions;
pub mod upstream;
pub mod webhooks;

use amazon_pay_shared::api::PaymentIntent;
use amazon_pay_shared::cart::Catalog;
use amazon_pay_shared::lifecycle::Rules;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::payload::{CheckoutSettings, Payment};
use amazon_pay_shared::region::Environment;
use amazon_pay_shared::signing::{Algorithm, ClientProfile};

use self::account::Account;
use self::amounts::AmountSources;
pub use self::amounts::CartTokenSecrets;
pub use self::button::ButtonSettings;
use self::checkout::Checkout;
pub use self::checkout::Flow;
use self::endpoint::Endpoints;
pub use self::endpoint::{parse_api_base, ApiEndpoint};
pub use self::error::{ConfigError, Reason};
pub use self::keys::{KeyPair, Keys, Slot};
pub use self::merchant_api::MerchantTokens;
pub use self::merchant_events::MerchantEventsSettings;
use self::payment::PaymentSettings;
pub use self::rules::parse_utc_offset;
pub use self::secret::Secret;
pub use self::setting::Setting;
pub use self::settings::Settings;
pub use self::sign_in::SignInSettings;
pub use self::subscriptions::SubscriptionSettings;
pub use self::upstream::UpstreamSettings;

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
    /// Cart token secrets: the current one, and the previous one during a rotation.
    pub cart_token_secrets: Option<CartTokenSecrets>,
    /// Longest accepted cart token lifetime, seconds.
    pub cart_token_max_lifetime: i64,
    /// Browser amounts allowed (sandbox only).
    pub allow_client_amounts: bool,
    /// Button defaults.
    pub button: ButtonSettings,
    /// The API endpoint.
    pub api: ApiEndpoint,
    /// Merchant routes' bearer tokens: the current one, and the previous one during a rotation.
    pub merchant_tokens: MerchantTokens,
    /// The key pair that signs (its id is also [`Config::profile`]'s) and the other configured
    /// pair during a rotation. Their private keys' DER is empty once WebCrypto holds them
    /// ([`isolate::load`] zeroises it; the `bench` feature keeps it for the `rsa` crate).
    pub keys: Keys,
    /// Upstream timing.
    pub upstream: UpstreamSettings,
    /// Prefix of merchant references derived for catalog orders.
    pub order_reference_prefix: String,
    /// Exact origins whose webhook signing certificates are accepted besides Amazon's SNS
    /// hosts (the local sandbox's; sandbox keys only).
    pub webhook_cert_origins: Vec<String>,
    /// The SNS topics (or AWS accounts) webhook messages are taken from; empty refuses every
    /// message.
    pub webhook_topics: amazon_pay_shared::webhook::topics::TopicPolicy,
    /// The shop tells buyers at checkout that the amount may change, so checkout payments may
    /// be re-authorized with another amount (recorded on each checkout transaction).
    pub amount_change_enabled: bool,
    /// The transaction rules the merchant routes enforce: `LIFECYCLE_RULES_JSON` over the seed's
    /// defaults, with the recurring monthly cap counted in calendar months at
    /// `RECURRING_MONTH_UTC_OFFSET` (UTC unless set).
    pub rules: Rules,
    /// How many ledger rows the CSV export reads per query while it streams (`EXPORT_PAGE_ROWS`).
    pub export_page_rows: i64,
    /// Cloudflare Access in front of the console, instead of its token form (optional).
    pub console_access: Option<console_access::ConsoleAccess>,
    /// Where events are sent to the merchant's backend (`None`: no events are queued).
    pub merchant_events: Option<MerchantEventsSettings>,
    /// How subscriptions retry declines and how much one scheduled run does.
    pub subscriptions: SubscriptionSettings,
}

impl Config {
    /// Reads every section from `s`, then checks the sections against each other.
    pub fn from_settings(s: &Settings<'_>) -> Result<Config, ConfigError> {
        let account = Account::from_settings(s)?;
        let keys = Keys::from_settings(s)?;
        let mut checkout = Checkout::from_settings(s, account.region, account.ledger_currency)?;
        let sign_in = SignInSettings::from_settings(s)?;
        let payment = PaymentSettings::from_settings(s)?;
        let origins = origins::allowed_origins(s)?;
        let amounts = AmountSources::from_settings(s)?;
        let button = ButtonSettings::from_settings(s, account.ledger_currency)?;
        let endpoints = Endpoints::from_settings(s, account.region)?;
        let merchant_tokens = merchant_api::merchant_tokens(s)?;
        let upstream = UpstreamSettings::from_settings(s)?;
        let webhook_cert_origins = webhooks::cert_origins(s)?;
        let webhook_topics = webhooks::topic_policy(s)?;
        let rules = rules::rules(s)?;
        let export_page_rows = export::page_rows(s)?;
        let console_access = console_access::console_access(s)?;
        let merchant_events = merchant_events::merchant_events(s)?;
        let subscriptions = SubscriptionSettings::from_settings(s)?;

        // Every key's environment is the configured one (so both pairs of a rotation share it).
        for pair in keys.pairs() {
            pair.public_key_id.ensure_matches(account.sandbox).map_err(|e| {
                ConfigError::new(
                    match pair.slot {
                        Slot::Current => Setting::PublicKeyId,
                        Slot::Next => Setting::NextPublicKeyId,
                    },
                    Reason::Contradicts {
                        other: Setting::Sandbox,
                        detail: e.to_string(),
                    },
                )
            })?;
        }
        // What a live key refuses: http URLs and origins, and what is for the sandbox or
        // development only.
        let live = keys.signing.public_key_id.effective_environment(account.sandbox) == Environment::Live;
        if live {
            checkout.settings.live = true;
            checkout::validate(&checkout.settings)?;
            sign_in.validate(true)?;
            if let Some(o) = origins.iter().find(|o| o.starts_with("http://")) {
                return Err(ConfigError::new(
                    Setting::AllowedOrigins,
                    Reason::NeedsHttps {
                        origin: Some(o.clone()),
                    },
                ));
            }
            let refusals = [
                (
                    amounts.allow_client_amounts,
                    Setting::AllowClientAmounts,
                    Reason::DevelopmentOnly,
                ),
                (
                    endpoints.checkout_js_override.is_some(),
                    Setting::CheckoutJsUrl,
                    Reason::SandboxOnly,
                ),
                (
                    !endpoints.api.is_https(),
                    Setting::ApiBase,
                    Reason::NeedsHttps { origin: None },
                ),
                (
                    !webhook_cert_origins.is_empty(),
                    Setting::WebhookCertOrigins,
                    Reason::SandboxOnly,
                ),
                (
                    subscriptions.payment_method_origin.is_some(),
                    Setting::SubscriptionPaymentMethodOrigin,
                    Reason::SandboxOnly,
                ),
                (
                    console_access
                        .as_ref()
                        .is_some_and(|a| !a.team_domain.starts_with("https://")),
                    Setting::ConsoleAccessTeamDomain,
                    Reason::NeedsHttps { origin: None },
                ),
                (
                    merchant_events.as_ref().is_some_and(|e| e.is_http()),
                    Setting::MerchantEventsUrl,
                    Reason::NeedsHttps { origin: None },
                ),
            ];
            if let Some((_, setting, reason)) = refusals.into_iter().find(|(refused, _, _)| *refused) {
                return Err(ConfigError::new(setting, reason));
            }
        }
        // Amounts are in the ledger currency.
        if let Some(c) = amounts
            .catalog
            .as_ref()
            .filter(|c| c.currency != account.ledger_currency)
        {
            return Err(ConfigError::new(
                Setting::CatalogJson,
                Reason::CurrencyMismatch {
                    found: c.currency,
                    ledger: account.ledger_currency,
                },
            ));
        }
        if rules.limits_for(account.ledger_currency).is_err() {
            return Err(ConfigError::new(
                Setting::LifecycleRulesJson,
                Reason::NoLimitsFor(account.ledger_currency),
            ));
        }

        Ok(Config {
            merchant_id: account.merchant_id,
            profile: ClientProfile {
                public_key_id: keys.signing.public_key_id.clone(),
                region: account.region,
                sandbox: account.sandbox,
                algorithm: Algorithm::V2,
            },
            ledger_currency: account.ledger_currency,
            checkout_language: checkout.language,
            checkout_js_url: endpoints.checkout_js_url(),
            checkout: checkout.settings,
            sign_in,
            payment_intent: payment.intent,
            pending_authorization: payment.pending_authorization,
            flow: checkout.flow,
            origins,
            catalog: amounts.catalog,
            cart_token_secrets: amounts.cart_token_secrets,
            cart_token_max_lifetime: amounts.cart_token_max_lifetime,
            allow_client_amounts: amounts.allow_client_amounts,
            button,
            api: endpoints.api,
            merchant_tokens,
            keys,
            upstream,
            order_reference_prefix: amounts.order_reference_prefix,
            webhook_cert_origins,
            webhook_topics,
            amount_change_enabled: payment.amount_change_enabled,
            rules,
            export_page_rows,
            console_access,
            merchant_events,
            subscriptions,
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
pub(crate) mod testing {
    //! A complete sandbox configuration to vary in tests.

    use std::collections::HashMap;

    use super::Settings;

    pub const PEM: &str = include_str!("../../../shared/tests/data/keys/merchant-pkcs8.pem");
    pub const PEM1: &str = include_str!("../../../shared/tests/data/keys/merchant-pkcs1.pem");
    pub const PEM_OTHER: &str = include_str!("../../../shared/tests/data/keys/other-pkcs8.pem");

    /// Every required setting, for a sandbox key.
    pub fn base() -> HashMap<&'static str, String> {
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

    /// A map of the given settings only.
    pub fn map(pairs: &[(&'static str, &str)]) -> HashMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    /// The settings of a map.
    pub fn settings<'a>(m: &'a HashMap<&'static str, String>) -> Settings<'a> {
        Settings::from_lookup(|k| m.get(k).cloned())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::testing::{base, settings, PEM1};
    use super::*;

    fn parse(m: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        Config::from_settings(&settings(m))
    }

    /// The refusal of `m`, which must name `setting` and never a secret.
    fn refusal(m: &HashMap<&'static str, String>, setting: Setting) -> Reason {
        let e = parse(m).unwrap_err();
        assert_eq!(e.setting, setting, "{e}");
        let text = e.to_string();
        assert!(
            text.contains(setting.name()) || matches!(e.reason, Reason::Checkout(_) | Reason::NoAmountSource),
            "{text}"
        );
        assert!(!text.contains("MII") && !text.contains("mtok-"), "{text}");
        e.reason
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
        let refuse = |k: &'static str, v: Option<&str>, setting: Setting| {
            let mut m = base();
            match v {
                Some(v) => m.insert(k, v.to_owned()),
                None => m.remove(k),
            };
            refusal(&m, setting)
        };
        let missing = Reason::Missing { expected: None };
        assert_eq!(
            refuse("AMAZON_PAY_PRIVATE_KEY", None, Setting::PrivateKey),
            missing
        );
        assert!(matches!(
            refuse("AMAZON_PAY_PRIVATE_KEY", Some("nope"), Setting::PrivateKey),
            Reason::Invalid(_)
        ));
        match refuse(
            "AMAZON_PAY_PUBLIC_KEY_ID",
            Some("LIVE-AKEY"),
            Setting::PublicKeyId,
        ) {
            Reason::Contradicts { other, detail } => {
                assert_eq!(other, Setting::Sandbox);
                assert!(detail.contains("public key id is for"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            refuse("AMAZON_PAY_SANDBOX", None, Setting::Sandbox),
            Reason::Missing {
                expected: Some("true or false")
            }
        );
        assert!(matches!(
            refuse("MERCHANT_API_TOKEN", Some("short"), Setting::MerchantApiToken),
            Reason::TooShort { min: 32, .. }
        ));
        assert!(matches!(
            refuse("CART_TOKEN_SECRET", Some("short"), Setting::CartTokenSecret),
            Reason::TooShort { .. }
        ));
        assert_eq!(
            refuse("ALLOWED_ORIGINS", Some("*"), Setting::AllowedOrigins),
            Reason::NotAnOrigin("*".into())
        );
        assert_eq!(
            refuse(
                "ALLOWED_ORIGINS",
                Some("https://a.example/path"),
                Setting::AllowedOrigins
            ),
            Reason::NotAnOrigin("https://a.example/path".into())
        );
        assert!(matches!(
            refuse("AMAZON_PAY_LEDGER_CURRENCY", Some("USD"), Setting::LedgerCurrency),
            Reason::Invalid(_)
        ));
        assert!(matches!(
            refuse("PAYMENT_INTENT", Some("Confirm"), Setting::PaymentIntent),
            Reason::Malformed(_)
        ));
        assert_eq!(
            refuse(
                "CAN_HANDLE_PENDING_AUTHORIZATION",
                Some("maybe"),
                Setting::PendingAuthorization
            ),
            Reason::NotABool
        );
        match refuse(
            "CHECKOUT_REVIEW_RETURN_URL",
            Some("/relative"),
            Setting::CheckoutReviewReturnUrl,
        ) {
            Reason::Checkout(e) => assert!(e.to_string().contains("checkoutReviewReturnUrl"), "{e}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            refuse(
                "CATALOG_JSON",
                Some(r#"{"currency":"USD","items":{"A":{"price":"1","name":"a"}}}"#),
                Setting::CatalogJson
            ),
            Reason::CurrencyMismatch {
                found: Currency::Usd,
                ledger: Currency::Jpy
            }
        );
        assert_eq!(
            refuse("CART_TOKEN_SECRET", None, Setting::CatalogJson),
            Reason::NoAmountSource
        );
        let mut m = base();
        m.remove("CART_TOKEN_SECRET");
        assert!(parse(&m)
            .unwrap_err()
            .to_string()
            .contains("no trusted amount source"));
    }

    #[test]
    fn messages_name_the_setting_as_before() {
        let mut m = base();
        m.remove("AMAZON_PAY_PRIVATE_KEY");
        assert_eq!(
            parse(&m).unwrap_err().to_string(),
            "AMAZON_PAY_PRIVATE_KEY is not set"
        );
        let mut m = base();
        m.insert("CHECKOUT_FLOW", "fast".into());
        assert_eq!(
            parse(&m).unwrap_err().to_string(),
            "CHECKOUT_FLOW must be review or oneStep"
        );
        let mut m = base();
        m.insert(
            "CATALOG_JSON",
            r#"{"currency":"USD","items":{"A":{"price":"1","name":"a"}}}"#.into(),
        );
        assert_eq!(
            parse(&m).unwrap_err().to_string(),
            "CATALOG_JSON: currency USD differs from the ledger currency JPY"
        );
        let mut m = base();
        m.insert("CAN_HANDLE_PENDING_AUTHORIZATION", "true".into());
        m.insert("PAYMENT_INTENT", "AuthorizeWithCapture".into());
        assert_eq!(
            parse(&m).unwrap_err().to_string(),
            "CAN_HANDLE_PENDING_AUTHORIZATION needs PAYMENT_INTENT Authorize (Amazon refuses it with AuthorizeWithCapture)"
        );
        assert_eq!(
            ConfigError::new(Setting::Ledger, Reason::NeedsLedger).to_string(),
            "LEDGER: a live key needs the D1 ledger binding"
        );
    }

    #[test]
    fn a_pending_authorization_is_paid_with_it() {
        assert!(!parse(&base()).unwrap().pending_authorization);
        let mut m = base();
        m.insert("CAN_HANDLE_PENDING_AUTHORIZATION", "true".into());
        let c = parse(&m).unwrap();
        assert!(c.pending_authorization);
        let amount = Money::parse("1700", Currency::Jpy).unwrap();
        assert!(c.payment(amount, None).can_handle_pending_authorization);
    }

    #[test]
    fn live_key_rules() {
        let mut m = base();
        m.insert("AMAZON_PAY_PUBLIC_KEY_ID", "LIVE-AKEY".into());
        m.insert("AMAZON_PAY_SANDBOX", "false".into());
        m.insert("ALLOWED_ORIGINS", "https://shop.example".into());
        // http return URLs with a live key.
        match refusal(&m, Setting::CheckoutReviewReturnUrl) {
            Reason::Checkout(e) => assert!(e.to_string().contains("https"), "{e}"),
            other => panic!("{other:?}"),
        }
        for k in ["CHECKOUT_REVIEW_RETURN_URL", "CHECKOUT_RESULT_RETURN_URL"] {
            let v = m[k].replace("http://127.0.0.1:8080", "https://shop.example");
            m.insert(k, v);
        }
        assert!(matches!(refusal(&m, Setting::SignInReturnUrl), Reason::Url(_)));
        let v = m["SIGNIN_RETURN_URL"].replace("http://127.0.0.1:8080", "https://shop.example");
        m.insert("SIGNIN_RETURN_URL", v);
        let c = parse(&m).unwrap();
        assert!(c.is_live());
        m.insert(
            "ALLOWED_ORIGINS",
            "https://shop.example,http://127.0.0.1:8080".into(),
        );
        assert_eq!(
            refusal(&m, Setting::AllowedOrigins),
            Reason::NeedsHttps {
                origin: Some("http://127.0.0.1:8080".into())
            }
        );
        m.insert("ALLOWED_ORIGINS", "https://shop.example".into());
        m.insert(
            "MERCHANT_EVENTS_SECRET",
            "whsec-0123456789abcdef0123456789abcdef".into(),
        );
        for (k, v, setting, reason) in [
            (
                "ALLOW_CLIENT_AMOUNTS",
                "true",
                Setting::AllowClientAmounts,
                Reason::DevelopmentOnly,
            ),
            (
                "AMAZON_PAY_API_BASE",
                "http://127.0.0.1:9",
                Setting::ApiBase,
                Reason::NeedsHttps { origin: None },
            ),
            (
                "CHECKOUT_JS_URL",
                "https://shop.example/checkout.js",
                Setting::CheckoutJsUrl,
                Reason::SandboxOnly,
            ),
            (
                "WEBHOOK_CERT_ORIGINS",
                "http://127.0.0.1:8790",
                Setting::WebhookCertOrigins,
                Reason::SandboxOnly,
            ),
            (
                "SUBSCRIPTION_PAYMENT_METHOD_ORIGIN",
                "https://sandbox.shop.example",
                Setting::SubscriptionPaymentMethodOrigin,
                Reason::SandboxOnly,
            ),
            (
                "MERCHANT_EVENTS_URL",
                "http://127.0.0.1:9000/hook",
                Setting::MerchantEventsUrl,
                Reason::NeedsHttps { origin: None },
            ),
        ] {
            m.insert(k, v.into());
            assert_eq!(refusal(&m, setting), reason, "{k}");
            m.remove(k);
        }
        assert_eq!(
            parse(&m).unwrap().checkout_js_url,
            "https://static-fe.payments-amazon.com/checkout.js"
        );
        m.insert("AMAZON_PAY_SANDBOX", "true".into());
        match refusal(&m, Setting::PublicKeyId) {
            Reason::Contradicts { other, detail } => {
                assert_eq!(other, Setting::Sandbox);
                assert!(detail.contains("public key id is for"), "{detail}");
            }
            other => panic!("{other:?}"),
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
        assert!(matches!(refusal(&m, Setting::CheckoutJsUrl), Reason::Url(_)));
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
        assert_eq!(
            refusal(&m, Setting::WebhookCertOrigins),
            Reason::NotAnOrigin("http://127.0.0.1:8790/x".into())
        );
    }
}
