//! The settings page's content: what the signer runs with (account, checkout, origins, limits,
//! ledger) as names and values. Only public settings are named; no secret (private key, merchant
//! API token, cart-token secret) is ever read here.

use amazon_pay_shared::region::Environment;

use super::i18n::Lang;
use super::money::format_money;
use crate::config::{Config, Flow};

/// One section: its title and its lines (name, value).
pub type Section = (&'static str, Vec<(&'static str, String)>);

fn days(secs: i64) -> String {
    format!("{}", secs / 86_400)
}

/// The sections of the settings page.
pub fn sections(config: &Config, lang: Lang, ledger_enabled: bool) -> Vec<Section> {
    let live = config
        .profile
        .public_key_id
        .effective_environment(config.profile.sandbox)
        == Environment::Live;
    let yes_no = |b: bool| {
        if b {
            lang.t("yes", "はい")
        } else {
            lang.t("no", "いいえ")
        }
        .to_owned()
    };
    let account = vec![
        ("AMAZON_PAY_MERCHANT_ID", config.merchant_id.clone()),
        ("AMAZON_PAY_REGION", config.profile.region.as_str().to_owned()),
        (
            lang.t("Environment", "環境"),
            if live {
                "live".to_owned()
            } else {
                "sandbox".to_owned()
            },
        ),
        (
            "AMAZON_PAY_PUBLIC_KEY_ID",
            config.profile.public_key_id.as_str().to_owned(),
        ),
        (
            lang.t("Ledger currency", "台帳の通貨"),
            config.ledger_currency.code().to_owned(),
        ),
        (
            "STORE_NAME",
            config.checkout.store_name.clone().unwrap_or_default(),
        ),
        ("AMAZON_PAY_API_BASE", config.api.base_url.clone()),
    ];
    let checkout = vec![
        ("PAYMENT_INTENT", config.payment_intent.as_str().to_owned()),
        (
            "CHECKOUT_FLOW",
            match config.flow {
                Flow::Review => "review".to_owned(),
                Flow::OneStep => "one-step".to_owned(),
            },
        ),
        ("CHECKOUT_LANGUAGE", config.checkout_language.clone()),
        ("AMOUNT_CHANGE_ENABLED", yes_no(config.amount_change_enabled)),
        (
            "CAN_HANDLE_PENDING_AUTHORIZATION",
            yes_no(config.pending_authorization),
        ),
        (
            lang.t("Catalog", "商品カタログ"),
            yes_no(config.catalog.is_some()),
        ),
        (lang.t("Ledger (D1)", "台帳 (D1)"), yes_no(ledger_enabled)),
    ];
    let origins = vec![("ALLOWED_ORIGINS", config.origins.join(", "))];
    let rules = &config.rules;
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
        (
            lang.t(
                "Recurring permission validity (months)",
                "継続の利用承諾の有効期間 (月)",
            ),
            rules.permission_validity_months.to_string(),
        ),
    ];
    if let Ok(l) = rules.limits_for(config.ledger_currency) {
        limits.push((
            lang.t("Amount range", "金額の範囲"),
            format!("{} – {}", format_money(l.min_amount), format_money(l.max_amount)),
        ));
        limits.push((
            lang.t("Amount change cap", "金額変更の上限"),
            format!(
                "{} {} {}%",
                format_money(l.amount_change_floor),
                lang.t("or", "または初回金額の"),
                l.amount_change_max_percent
            ),
        ));
        limits.push((
            lang.t("Recurring monthly cap", "継続課金の月額上限"),
            format_money(l.recurring_monthly_cap),
        ));
    }
    vec![
        (lang.t("Account", "アカウント"), account),
        (lang.t("Checkout", "チェックアウト"), checkout),
        (lang.t("Origins", "許可するオリジン"), origins),
        (lang.t("Limits", "制限"), limits),
    ]
}
