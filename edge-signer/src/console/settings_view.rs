//! The settings page's content: the settings summary the merchant API answers
//! (`services::settings_summary`, built from fields that exclude every secret) as named values
//! in the console's language, with the console's own facts (the lifecycle windows, the sign-in
//! limiter).

use super::i18n::Lang;
use super::money;
use crate::config::Config;
use crate::services::settings_summary::SettingsSummary;

/// One section: its title and its lines (name, value).
pub type Section = (&'static str, Vec<(&'static str, String)>);

/// The sections of the settings page.
pub fn sections(config: &Config, s: &SettingsSummary, lang: Lang, sign_in_limited: bool) -> Vec<Section> {
    let yes_no = |b: bool| {
        if b {
            lang.t("yes", "はい")
        } else {
            lang.t("no", "いいえ")
        }
        .to_owned()
    };
    let amount = |decimal: &str| {
        amazon_pay_shared::money::Money::parse(decimal, config.ledger_currency)
            .map(money::format_money)
            .unwrap_or_else(|_| decimal.to_owned())
    };
    let account = vec![
        ("AMAZON_PAY_MERCHANT_ID", s.merchant_id.clone()),
        ("AMAZON_PAY_REGION", s.region.clone()),
        (lang.t("Environment", "環境"), s.environment.clone()),
        ("AMAZON_PAY_PUBLIC_KEY_ID", s.public_key_ids.join(", ")),
        ("AMAZON_PAY_STORE_ID", s.store_id.clone()),
        ("STORE_NAME", s.store_name.clone().unwrap_or_default()),
        ("AMAZON_PAY_API_BASE", s.api_base.clone()),
        (lang.t("Ledger currency", "台帳の通貨"), s.ledger_currency.clone()),
    ];
    let checkout = vec![
        ("PAYMENT_INTENT", s.payment_intent.clone()),
        ("CHECKOUT_FLOW", s.checkout_flow.clone()),
        (
            "CHECKOUT_REVIEW_RETURN_URL",
            s.return_urls.checkout_review.clone(),
        ),
        (
            "CHECKOUT_RESULT_RETURN_URL",
            s.return_urls.checkout_result.clone(),
        ),
        ("AMOUNT_CHANGE_ENABLED", yes_no(s.amount_change_enabled)),
        (
            "CAN_HANDLE_PENDING_AUTHORIZATION",
            yes_no(s.can_handle_pending_authorization),
        ),
        (
            lang.t("Catalog (SKUs)", "商品カタログ (SKU 数)"),
            s.catalog
                .as_ref()
                .map_or_else(|| yes_no(false), |c| c.items.to_string()),
        ),
        (
            lang.t("Cart tokens", "カートトークン"),
            yes_no(s.cart_tokens_enabled),
        ),
    ];
    let origins = vec![("ALLOWED_ORIGINS", s.allowed_origins.join(", "))];
    let rules = &config.rules;
    let days = |secs: i64| (secs / 86_400).to_string();
    let mut limits = vec![
        (
            lang.t("Capture window (days)", "売上確定期限 (日)"),
            days(rules.capture_window_secs),
        ),
        (
            lang.t("Refund window (days)", "返金期限 (日)"),
            days(rules.refund_window_secs),
        ),
        (
            lang.t("Partial refunds per order", "部分返金の上限回数"),
            rules.max_partial_refunds_for(config.ledger_currency).to_string(),
        ),
    ];
    if let Some(l) = &s.amount_limits {
        limits.push((
            lang.t("Amount range", "金額の範囲"),
            format!("{} – {}", amount(&l.min_amount), amount(&l.max_amount)),
        ));
        limits.push((
            lang.t("Amount change cap", "金額変更の上限"),
            format!(
                "{} {} {}%",
                amount(&l.amount_change_floor),
                lang.t("or", "または初回金額の"),
                l.amount_change_max_percent
            ),
        ));
        limits.push((
            lang.t("Recurring monthly cap", "継続課金の月額上限"),
            amount(&l.recurring_monthly_cap),
        ));
    }
    let worker = vec![
        (lang.t("Ledger (D1)", "台帳 (D1)"), yes_no(s.ledger_enabled)),
        ("RATE_LIMIT_CLIENT", yes_no(s.rate_limits.per_client_ip)),
        ("RATE_LIMIT_SESSION", yes_no(s.rate_limits.per_checkout_session)),
        ("RATE_LIMIT_CONSOLE_SIGN_IN", yes_no(sign_in_limited)),
        ("EXPORT_PAGE_ROWS", s.export_page_rows.to_string()),
    ];
    vec![
        (lang.t("Account", "アカウント"), account),
        (lang.t("Checkout", "チェックアウト"), checkout),
        (lang.t("Origins", "許可するオリジン"), origins),
        (lang.t("Limits", "制限"), limits),
        (lang.t("Worker bindings", "Worker のバインディング"), worker),
    ]
}
