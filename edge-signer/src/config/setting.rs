//! The names of the signer's settings: `wrangler.toml` vars, secrets and the ledger binding.
//!
//! Every section reads its settings by these names, and every refusal names one of them, so a
//! name is written once, here.

use std::fmt;

macro_rules! settings {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// One setting, by the name it has in the Worker's environment.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Setting {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Setting {
            /// The name in the environment (`wrangler.toml` var, secret or binding).
            pub const fn name(self) -> &'static str {
                match self {
                    $(Setting::$variant => $name,)*
                }
            }
        }
    };
}

settings! {
    /// `AMAZON_PAY_MERCHANT_ID`.
    MerchantId = "AMAZON_PAY_MERCHANT_ID",
    /// `AMAZON_PAY_REGION`.
    Region = "AMAZON_PAY_REGION",
    /// `AMAZON_PAY_SANDBOX`.
    Sandbox = "AMAZON_PAY_SANDBOX",
    /// `AMAZON_PAY_PUBLIC_KEY_ID`.
    PublicKeyId = "AMAZON_PAY_PUBLIC_KEY_ID",
    /// `AMAZON_PAY_PRIVATE_KEY` (secret).
    PrivateKey = "AMAZON_PAY_PRIVATE_KEY",
    /// `AMAZON_PAY_NEXT_PUBLIC_KEY_ID`: the second key pair's id during a rotation.
    NextPublicKeyId = "AMAZON_PAY_NEXT_PUBLIC_KEY_ID",
    /// `AMAZON_PAY_NEXT_PRIVATE_KEY` (secret): the second key pair's private key.
    NextPrivateKey = "AMAZON_PAY_NEXT_PRIVATE_KEY",
    /// `AMAZON_PAY_SIGNING_KEY`: which pair signs, `current` or `next`.
    SigningKey = "AMAZON_PAY_SIGNING_KEY",
    /// `AMAZON_PAY_LEDGER_CURRENCY`.
    LedgerCurrency = "AMAZON_PAY_LEDGER_CURRENCY",
    /// `AMAZON_PAY_STORE_ID`.
    StoreId = "AMAZON_PAY_STORE_ID",
    /// `AMAZON_PAY_API_BASE`.
    ApiBase = "AMAZON_PAY_API_BASE",
    /// `CHECKOUT_JS_URL`.
    CheckoutJsUrl = "CHECKOUT_JS_URL",
    /// `CHECKOUT_LANGUAGE`.
    CheckoutLanguage = "CHECKOUT_LANGUAGE",
    /// `CHECKOUT_REVIEW_RETURN_URL`.
    CheckoutReviewReturnUrl = "CHECKOUT_REVIEW_RETURN_URL",
    /// `CHECKOUT_RESULT_RETURN_URL`.
    CheckoutResultReturnUrl = "CHECKOUT_RESULT_RETURN_URL",
    /// `CHECKOUT_CANCEL_URL`.
    CheckoutCancelUrl = "CHECKOUT_CANCEL_URL",
    /// `CHECKOUT_SCOPES`.
    CheckoutScopes = "CHECKOUT_SCOPES",
    /// `CHECKOUT_FLOW`.
    CheckoutFlow = "CHECKOUT_FLOW",
    /// `STORE_NAME`.
    StoreName = "STORE_NAME",
    /// `SIGNIN_RETURN_URL`.
    SignInReturnUrl = "SIGNIN_RETURN_URL",
    /// `SIGNIN_CANCEL_URL`.
    SignInCancelUrl = "SIGNIN_CANCEL_URL",
    /// `SIGNIN_SCOPES`.
    SignInScopes = "SIGNIN_SCOPES",
    /// `PAYMENT_INTENT`.
    PaymentIntent = "PAYMENT_INTENT",
    /// `CAN_HANDLE_PENDING_AUTHORIZATION`.
    PendingAuthorization = "CAN_HANDLE_PENDING_AUTHORIZATION",
    /// `AMOUNT_CHANGE_ENABLED`.
    AmountChangeEnabled = "AMOUNT_CHANGE_ENABLED",
    /// `ALLOWED_ORIGINS`.
    AllowedOrigins = "ALLOWED_ORIGINS",
    /// `CATALOG_JSON`.
    CatalogJson = "CATALOG_JSON",
    /// `CART_TOKEN_SECRET` (secret).
    CartTokenSecret = "CART_TOKEN_SECRET",
    /// `CART_TOKEN_SECRET_PREVIOUS` (secret): still verifies cart tokens during a rotation.
    CartTokenSecretPrevious = "CART_TOKEN_SECRET_PREVIOUS",
    /// `CART_TOKEN_MAX_LIFETIME_SECONDS`.
    CartTokenMaxLifetime = "CART_TOKEN_MAX_LIFETIME_SECONDS",
    /// `ALLOW_CLIENT_AMOUNTS`.
    AllowClientAmounts = "ALLOW_CLIENT_AMOUNTS",
    /// `ORDER_REFERENCE_PREFIX`.
    OrderReferencePrefix = "ORDER_REFERENCE_PREFIX",
    /// `BUTTON_PRODUCT_TYPE`.
    ButtonProductType = "BUTTON_PRODUCT_TYPE",
    /// `BUTTON_PLACEMENT`.
    ButtonPlacement = "BUTTON_PLACEMENT",
    /// `BUTTON_COLOR`.
    ButtonColor = "BUTTON_COLOR",
    /// `BUTTON_MIN_TOTAL`.
    ButtonMinTotal = "BUTTON_MIN_TOTAL",
    /// `BUTTON_MAX_TOTAL`.
    ButtonMaxTotal = "BUTTON_MAX_TOTAL",
    /// `MERCHANT_API_TOKEN` (secret).
    MerchantApiToken = "MERCHANT_API_TOKEN",
    /// `MERCHANT_API_TOKEN_PREVIOUS` (secret): still accepted during a rotation.
    MerchantApiTokenPrevious = "MERCHANT_API_TOKEN_PREVIOUS",
    /// `UPSTREAM_TIMEOUT_MS`.
    UpstreamTimeout = "UPSTREAM_TIMEOUT_MS",
    /// `UPSTREAM_DEADLINE_MS`.
    UpstreamDeadline = "UPSTREAM_DEADLINE_MS",
    /// `UPSTREAM_RETRY_BASE_MS`.
    UpstreamRetryBase = "UPSTREAM_RETRY_BASE_MS",
    /// `WEBHOOK_CERT_ORIGINS`.
    WebhookCertOrigins = "WEBHOOK_CERT_ORIGINS",
    /// `WEBHOOK_TOPIC_ARNS`.
    WebhookTopicArns = "WEBHOOK_TOPIC_ARNS",
    /// `RECURRING_MONTH_UTC_OFFSET`.
    RecurringMonthUtcOffset = "RECURRING_MONTH_UTC_OFFSET",
    /// `LIFECYCLE_RULES_JSON`.
    LifecycleRulesJson = "LIFECYCLE_RULES_JSON",
    /// `EXPORT_PAGE_ROWS`.
    ExportPageRows = "EXPORT_PAGE_ROWS",
    /// `CONSOLE_ACCESS_TEAM_DOMAIN`: the Cloudflare Access team in front of the console.
    ConsoleAccessTeamDomain = "CONSOLE_ACCESS_TEAM_DOMAIN",
    /// `CONSOLE_ACCESS_AUD`: the console's Access application audience tag.
    ConsoleAccessAud = "CONSOLE_ACCESS_AUD",
    /// `MERCHANT_EVENTS_URL`.
    MerchantEventsUrl = "MERCHANT_EVENTS_URL",
    /// `MERCHANT_EVENTS_SECRET` (secret).
    MerchantEventsSecret = "MERCHANT_EVENTS_SECRET",
    /// `MERCHANT_EVENTS_SECRET_PREVIOUS` (secret).
    MerchantEventsSecretPrevious = "MERCHANT_EVENTS_SECRET_PREVIOUS",
    /// `MERCHANT_EVENTS_RETRY_SECONDS`.
    MerchantEventsRetrySeconds = "MERCHANT_EVENTS_RETRY_SECONDS",
    /// `MERCHANT_EVENTS_MAX_ATTEMPTS`.
    MerchantEventsMaxAttempts = "MERCHANT_EVENTS_MAX_ATTEMPTS",
    /// `SUBSCRIPTION_RETRY_DAYS`.
    SubscriptionRetryDays = "SUBSCRIPTION_RETRY_DAYS",
    /// `SUBSCRIPTION_BATCH_SIZE`.
    SubscriptionBatchSize = "SUBSCRIPTION_BATCH_SIZE",
    /// `SUBSCRIPTION_PAYMENT_METHOD_ORIGIN`: the origin of the page where a buyer changes a
    /// subscription's payment method instead of Amazon's (the local sandbox's; sandbox only).
    SubscriptionPaymentMethodOrigin = "SUBSCRIPTION_PAYMENT_METHOD_ORIGIN",
    /// `LEDGER`: the D1 binding of the transaction ledger.
    Ledger = "LEDGER",
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
