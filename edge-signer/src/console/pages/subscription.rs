//! One subscription: its plan, what its charge permission was charged this month against the
//! monthly cap, the next charge date, its periods (state, amount, date, reason) and the
//! actions its status allows (pause, resume, cancel at the period's end or now), each a form
//! leading to its confirmation step; an action the status forbids is shown disabled with the
//! service's code and text.

use maud::{html, Markup};

use super::subscriptions::{frequency_name, plan_name, status_name};
use crate::console::csrf;
use crate::console::i18n::Lang;
use crate::console::layout::{page, Frame};
use crate::console::money;
use crate::error::ApiResult;
use crate::services::subscriptions::manage::{CancelAt, StatusChange};
use crate::services::subscriptions::queries::{MonthCap, SubscriptionDetail};

/// A console action on a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionAction {
    /// Pause.
    Pause,
    /// Resume.
    Resume,
    /// Cancel when the current period ends.
    CancelAtPeriodEnd,
    /// Cancel now.
    CancelNow,
}

impl SubscriptionAction {
    /// Every action, in the page's order.
    pub const ALL: [SubscriptionAction; 4] = [
        SubscriptionAction::Pause,
        SubscriptionAction::Resume,
        SubscriptionAction::CancelAtPeriodEnd,
        SubscriptionAction::CancelNow,
    ];

    /// The path segment.
    pub fn slug(self) -> &'static str {
        match self {
            SubscriptionAction::Pause => "pause",
            SubscriptionAction::Resume => "resume",
            SubscriptionAction::CancelAtPeriodEnd => "cancel-period-end",
            SubscriptionAction::CancelNow => "cancel-now",
        }
    }

    /// The action of a path segment.
    pub fn from_slug(slug: &str) -> Option<SubscriptionAction> {
        SubscriptionAction::ALL.into_iter().find(|a| a.slug() == slug)
    }

    /// The service's change it is.
    pub fn change(self) -> StatusChange {
        match self {
            SubscriptionAction::Pause => StatusChange::Pause,
            SubscriptionAction::Resume => StatusChange::Resume,
            SubscriptionAction::CancelAtPeriodEnd => StatusChange::Cancel(CancelAt::PeriodEnd),
            SubscriptionAction::CancelNow => StatusChange::Cancel(CancelAt::Now),
        }
    }

    /// Its name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            SubscriptionAction::Pause => lang.t("Pause", "一時停止"),
            SubscriptionAction::Resume => lang.t("Resume", "再開"),
            SubscriptionAction::CancelAtPeriodEnd => lang.t("Cancel at period end", "今期末で解約"),
            SubscriptionAction::CancelNow => lang.t("Cancel now", "今すぐ解約"),
        }
    }

    /// What it does.
    pub fn help(self, lang: Lang) -> &'static str {
        match self {
            SubscriptionAction::Pause => lang.t(
                "Periods that start while paused are not charged.",
                "一時停止中に始まる期間は請求されません。",
            ),
            SubscriptionAction::Resume => lang.t(
                "Charges again from the next period (a past-due period is tried again at the next run).",
                "次の期間から請求を再開します (支払い遅延中の期間は次回の実行で再請求します)。",
            ),
            SubscriptionAction::CancelAtPeriodEnd => lang.t(
                "Nothing more is charged; the charge permission is closed when the current period ends (past due or paused: at once).",
                "以後は請求せず、今期の終わりに支払い承諾を終了します (支払い遅延・一時停止中は即時)。",
            ),
            SubscriptionAction::CancelNow => lang.t(
                "Closes the charge permission at Amazon Pay now.",
                "Amazon Pay の支払い承諾を今すぐ終了します。",
            ),
        }
    }
}

/// An action as the page offers it.
#[derive(Debug)]
pub struct SubscriptionActionView {
    /// The action.
    pub action: SubscriptionAction,
    /// Allowed, or the refusal.
    pub allowed: ApiResult<()>,
    /// A fresh idempotency key for its form.
    pub key: String,
}

fn when_iso(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => iso.to_owned(),
    }
}

fn action_form(lang: Lang, id: &str, csrf_token: &str, view: &SubscriptionActionView) -> Markup {
    let slug = view.action.slug();
    let name = view.action.name(lang);
    let help_id = format!("{slug}-help");
    html! {
        section.action aria-labelledby={ (slug) "-title" } data-action=(slug) {
            h3 #{ (slug) "-title" } { (name) }
            form method="post" action={ "/console/subscriptions/" (id) "/" (slug) } {
                input type="hidden" name=(csrf::FIELD) value=(csrf_token);
                input type="hidden" name="key" value=(view.key);
                input type="hidden" name="step" value="confirm";
                @match &view.allowed {
                    Ok(()) => {
                        button type="submit" aria-describedby=(help_id) { (name) "…" }
                        p.muted #(help_id) { (view.action.help(lang)) }
                    }
                    Err(e) => {
                        button type="submit" disabled aria-describedby=(help_id) { (name) }
                        p.reason #(help_id) { strong { (e.code.as_str()) } ": " (e.message) }
                    }
                }
            }
        }
    }
}

/// The page; `notice` is the outcome of the last action.
pub fn page_of(
    frame: &Frame<'_>,
    detail: &SubscriptionDetail,
    cap: &MonthCap,
    actions: &[SubscriptionActionView],
    notice: Option<&str>,
) -> Markup {
    let lang = frame.lang;
    let s = &detail.subscription;
    let cur = s.currency_code.as_str();
    let m = |d: &str| money::format_decimal(cur, d);
    let title = format!("{} {}", lang.t("Subscription", "定期購入"), s.subscription_id);
    page(
        frame,
        &title,
        html! {
            @if let Some(n) = notice {
                p.notice role="status" { (n) }
            }
            div.card {
                p {
                    span.badge.status { (status_name(lang, &s.status)) }
                    @if s.cancel_at_period_end { " " strong { (lang.t("Ends with the current period", "今期末で解約")) } }
                    " · " (plan_name(lang, &s.plan)) " · " (frequency_name(lang, &s.frequency))
                    @if s.plan == "fixed" { " · " span.plan-amount { (m(&s.amount)) } }
                }
                p {
                    (lang.t("Next charge date: ", "次回請求日: "))
                    strong.next-charge { (s.next_charge_date.as_deref().unwrap_or("—")) }
                    @if let Some(r) = &s.retry_at { " · " (lang.t("retry at ", "再請求 ")) (when_iso(r)) }
                    @if let Some(d) = &s.last_decline { " · " (lang.t("last decline: ", "直近の失敗: ")) (d) }
                }
                @if let Some(url) = &s.update_payment_method_url {
                    p { (lang.t("The buyer can choose another payment method at ", "購入者は次のページで支払い方法を変更できます: ")) a href=(url) { (url) } }
                }
                h2 { (lang.t("This month against the monthly cap", "今月の請求額と月間上限")) }
                dl.amounts {
                    div { dt { (lang.t("Charged this month", "今月の請求額")) } dd.cap-charged { (m(&cap.charged)) } }
                    div { dt { (lang.t("Monthly cap per permission", "承諾ごとの月間上限")) } dd.cap-limit { (m(&cap.cap)) } }
                    div { dt { (lang.t("Left this month", "今月の残り")) } dd.cap-remaining { (m(&cap.remaining)) } }
                }
                p.muted { (lang.t(
                    "Counted as each period's charge is checked: every charge on the permission created this month, canceled and refunded ones included, declined ones not.",
                    "各期間の請求前の確認と同じ数え方です: 今月この承諾で作成された請求 (キャンセル・返金済みを含み、拒否されたものを除く)。",
                )) }
            }
            div.grid {
                section.card aria-labelledby="actions-title" {
                    h2 #actions-title { (lang.t("Actions", "操作")) }
                    @if let Some(token) = frame.csrf {
                        @for v in actions {
                            (action_form(lang, &s.subscription_id, token, v))
                        }
                    }
                }
                section.card aria-labelledby="ids-title" {
                    h2 #ids-title { (lang.t("References", "参照")) }
                    dl.settings.ids {
                        dt { (lang.t("First order", "最初の注文")) }
                        dd { a href={ "/console/orders/" (s.merchant_reference) } { (s.merchant_reference) } }
                        dt { "Charge permission" } dd { (s.charge_permission_id) }
                        dt { (lang.t("Created", "作成")) } dd { (when_iso(&s.created_at)) }
                        @if let Some(e) = &s.ended_at { dt { (lang.t("Ended", "終了")) } dd { (when_iso(e)) } }
                    }
                }
            }
            section.card aria-labelledby="periods-title" {
                h2 #periods-title { (lang.t("Periods and charges", "期間と請求")) }
                table.stack.periods {
                    thead { tr {
                        th.num scope="col" { (lang.t("Period", "期間")) }
                        th scope="col" { (lang.t("Starts", "開始")) }
                        th scope="col" { (lang.t("State", "状態")) }
                        th.num scope="col" { (lang.t("Amount", "金額")) }
                        th scope="col" { (lang.t("Reason", "理由")) }
                        th scope="col" { (lang.t("Order", "注文番号")) }
                    } }
                    tbody {
                        @for p in &detail.periods {
                            tr data-period=(p.period) {
                                td.num data-label=(lang.t("Period", "期間")) { (p.period) }
                                td data-label=(lang.t("Starts", "開始")) { (when_iso(&p.starts_at)) }
                                td data-label=(lang.t("State", "状態")) {
                                    span.badge { (p.state) }
                                    @if p.retries > 0 { " " span.muted { (lang.t("retries: ", "再試行: ")) (p.retries) } }
                                }
                                td.num data-label=(lang.t("Amount", "金額")) { (m(&p.amount)) }
                                td data-label=(lang.t("Reason", "理由")) {
                                    @if let Some(r) = &p.reason_code { (r) " " }
                                    @if let Some(e) = &p.error_code { (e) " " }
                                    @if let Some(o) = &p.over_cap { (lang.t("over the cap by ", "上限超過 ")) (m(o)) }
                                    @if p.reason_code.is_none() && p.error_code.is_none() && p.over_cap.is_none() { "—" }
                                }
                                td data-label=(lang.t("Order", "注文番号")) {
                                    a href={ "/console/orders/" (p.merchant_reference) } { (p.merchant_reference) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The confirmation step: what will be done to which subscription; the form carries the same
/// idempotency key, so sending it twice does it once.
pub fn confirm_page(frame: &Frame<'_>, id: &str, action: SubscriptionAction, key: &str) -> Markup {
    let lang = frame.lang;
    let name = action.name(lang);
    page(
        frame,
        &format!("{} — {}", lang.t("Confirm", "確認"), name),
        html! {
            div.card {
                p { (lang.t("Subscription", "定期購入")) " " strong { (id) } ": " (name) }
                p.muted { (action.help(lang)) }
                form method="post" action={ "/console/subscriptions/" (id) "/" (action.slug()) } {
                    input type="hidden" name=(csrf::FIELD) value=(frame.csrf.unwrap_or(""));
                    input type="hidden" name="key" value=(key);
                    input type="hidden" name="step" value="submit";
                    button type="submit" { (lang.t("Confirm: ", "確定: ")) (name) }
                    " "
                    a.button.secondary href={ "/console/subscriptions/" (id) } { (lang.t("Back", "戻る")) }
                }
            }
        },
    )
}
