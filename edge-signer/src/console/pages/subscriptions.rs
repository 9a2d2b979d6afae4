//! The subscription list: a status filter, pages by id, each subscription with its plan,
//! amount, status and next charge date, linked to its page.

use maud::{html, Markup};

use crate::console::form::query_value;
use crate::console::i18n::Lang;
use crate::console::layout::{page, Frame};
use crate::console::money;
use crate::services::subscriptions::queries::SubscriptionView;
use crate::services::subscriptions::STATUSES;

/// The list's query: what the filter form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionQuery {
    /// One of the statuses.
    pub status: Option<String>,
    /// The page (the last id of the page before).
    pub cursor: Option<String>,
}

impl SubscriptionQuery {
    /// Reads the query pairs (empty values are no filter; unknown names are ignored).
    pub fn parse(pairs: &[(String, String)]) -> SubscriptionQuery {
        let get = |name: &str| query_value(pairs, name);
        SubscriptionQuery {
            status: get("status"),
            cursor: get("cursor"),
        }
    }
}

/// A subscription status with its name in the language: `一時停止中 (paused)`.
pub fn status_name(lang: Lang, code: &str) -> String {
    let name = match code {
        "active" => lang.t("Active", "有効"),
        "past_due" => lang.t("Past due", "支払い遅延"),
        "paused" => lang.t("Paused", "一時停止中"),
        "canceled" => lang.t("Canceled", "解約済み"),
        "ended" => lang.t("Ended", "終了"),
        _ => return code.to_owned(),
    };
    format!("{name} ({code})")
}

/// A plan's name: fixed or metered.
pub fn plan_name(lang: Lang, plan: &str) -> &'static str {
    match plan {
        "metered" => lang.t("Metered (usage)", "従量課金"),
        _ => lang.t("Fixed amount", "定額"),
    }
}

/// Amazon's frequency as people read it: `every 1 Month`.
pub fn frequency_name(lang: Lang, frequency: &serde_json::Value) -> String {
    let unit = frequency["unit"].as_str().unwrap_or("");
    let value = frequency["value"].as_str().unwrap_or("");
    match lang {
        Lang::En => format!("every {value} {unit}"),
        Lang::Ja => format!("{value} {unit} ごと"),
    }
}

/// The page.
pub fn page_of(
    frame: &Frame<'_>,
    query: &SubscriptionQuery,
    rows: &[SubscriptionView],
    next_cursor: Option<&str>,
) -> Markup {
    let lang = frame.lang;
    let filter = query
        .status
        .as_ref()
        .map(|s| format!("status={s}&"))
        .unwrap_or_default();
    page(
        frame,
        lang.t("Subscriptions", "定期購入一覧"),
        html! {
            form.card.filters method="get" action="/console/subscriptions" aria-label=(lang.t("Filter subscriptions", "定期購入の絞り込み")) {
                div {
                    label for="f-status" { (lang.t("Status", "ステータス")) }
                    select #f-status name="status" {
                        option value="" { (lang.t("Any", "すべて")) }
                        @for s in STATUSES {
                            option value=(s) selected[query.status.as_deref() == Some(s)] { (status_name(lang, s)) }
                        }
                    }
                }
                div.actions {
                    button type="submit" { (lang.t("Filter", "絞り込む")) }
                    a.button.secondary href="/console/subscriptions" { (lang.t("Clear", "クリア")) }
                }
            }
            @if rows.is_empty() {
                p.card { (lang.t("No subscriptions match.", "該当する定期購入はありません。")) }
            } @else {
                table.stack.subscriptions {
                    thead {
                        tr {
                            th scope="col" { (lang.t("Subscription", "定期購入")) }
                            th scope="col" { (lang.t("Plan", "プラン")) }
                            th.num scope="col" { (lang.t("Amount", "金額")) }
                            th scope="col" { (lang.t("Status", "ステータス")) }
                            th scope="col" { (lang.t("Next charge", "次回請求日")) }
                            th scope="col" { (lang.t("Order", "注文番号")) }
                        }
                    }
                    tbody {
                        @for r in rows {
                            tr data-subscription=(r.subscription_id) {
                                td.ids data-label=(lang.t("Subscription", "定期購入")) {
                                    a href={ "/console/subscriptions/" (r.subscription_id) } { (r.subscription_id) }
                                }
                                td data-label=(lang.t("Plan", "プラン")) {
                                    (plan_name(lang, &r.plan)) br; span.muted { (frequency_name(lang, &r.frequency)) }
                                }
                                td.num data-label=(lang.t("Amount", "金額")) { (money::format_decimal(&r.currency_code, &r.amount)) }
                                td data-label=(lang.t("Status", "ステータス")) {
                                    span.badge.status { (status_name(lang, &r.status)) }
                                    @if r.cancel_at_period_end { " " span.muted { (lang.t("ends with this period", "今期で解約")) } }
                                }
                                td.next-charge data-label=(lang.t("Next charge", "次回請求日")) { (r.next_charge_date.as_deref().unwrap_or("—")) }
                                td data-label=(lang.t("Order", "注文番号")) {
                                    a href={ "/console/orders/" (r.merchant_reference) } { (r.merchant_reference) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label=(lang.t("Pages", "ページ")) {
                @if query.cursor.is_some() {
                    a href={ "/console/subscriptions?" (filter) } { (lang.t("← First page", "← 最初のページ")) }
                }
                @if let Some(c) = next_cursor {
                    a href={ "/console/subscriptions?" (filter) "cursor=" (c) } { (lang.t("Next page →", "次のページ →")) }
                }
            }
        },
    )
}
