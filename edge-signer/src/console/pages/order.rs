//! One order: what was sold, the amounts (authorized, captured, refunded, remaining), the
//! status history as a timeline, charges, refunds, intents, Amazon's ids, and the actions the
//! lifecycle allows now, each a form leading to its confirmation step; an action the rules
//! forbid is shown disabled with the rule's code and text.

use maud::{html, Markup};

use super::text::{status, when};
use crate::console::actions::{Action, Offer};
use crate::console::csrf;
use crate::console::i18n::Lang;
use crate::console::layout::{page, Frame};
use crate::console::money;
use crate::error::ApiResult;
use crate::services::transactions::TransactionDetail;

/// An action as the page offers it.
#[derive(Debug)]
pub struct ActionView {
    /// The action.
    pub action: Action,
    /// Allowed (with what it offers) or the refusal.
    pub offer: ApiResult<Offer>,
    /// A fresh idempotency key for its form.
    pub key: String,
}

/// The action's name.
pub fn action_name(lang: Lang, action: Action) -> &'static str {
    match action {
        Action::Capture => lang.t("Capture", "売上確定"),
        Action::Cancel => lang.t("Cancel authorization", "キャンセル"),
        Action::Refund => lang.t("Refund", "返金"),
        Action::ChangeAmount => lang.t("Change amount", "金額変更"),
    }
}

fn offer_help(lang: Lang, action: Action, o: &Offer) -> Markup {
    let max = money::format_money(o.max);
    html! {
        @match action {
            Action::Capture => {
                (lang.t("Up to ", "最大 ")) (max)
                @if let Some(t) = o.until { (lang.t("; capture by ", "・売上確定期限 ")) (when(t)) }
            }
            Action::Cancel => { (lang.t("Releases the authorized ", "仮売上を取り消します: ")) (max) }
            Action::Refund => {
                (lang.t("Up to ", "最大 ")) (max)
                @if let Some(n) = o.partial_refunds_left {
                    span.refunds-left { (lang.t("; partial refunds left: ", "・残り部分返金回数: ")) (n) }
                }
                @if let Some(t) = o.until { (lang.t("; refundable until ", "・返金期限 ")) (when(t)) }
            }
            Action::ChangeAmount => {
                (lang.t("New amount up to the cap of ", "上限 ")) span.cap { (max) }
                @if let Some(t) = o.until { (lang.t("; current authorization captures until ", "・現在の売上確定期限 ")) (when(t)) }
            }
        }
    }
}

fn action_form(lang: Lang, reference: &str, csrf_token: &str, currency: &str, view: &ActionView) -> Markup {
    let slug = view.action.slug();
    let name = action_name(lang, view.action);
    let help_id = format!("{slug}-help");
    html! {
        section.action aria-labelledby={ (slug) "-title" } data-action=(slug) {
            h3 #{ (slug) "-title" } { (name) }
            form method="post" action={ "/console/orders/" (reference) "/" (slug) } {
                input type="hidden" name=(csrf::FIELD) value=(csrf_token);
                input type="hidden" name="key" value=(view.key);
                input type="hidden" name="step" value="confirm";
                @match &view.offer {
                    Ok(o) => {
                        @if view.action.takes_amount() {
                            div {
                                label for={ (slug) "-amount" } { (lang.t("Amount", "金額")) " (" (currency) ")" }
                                input #{ (slug) "-amount" } type="text" inputmode="decimal" name="amount" required
                                    value=(o.suggested.to_decimal_string()) aria-describedby=(help_id) size="12";
                            }
                        }
                        button type="submit" { (name) "…" }
                        p.muted #(help_id) { (offer_help(lang, view.action, o)) }
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
    detail: &TransactionDetail,
    buyer: Option<&str>,
    actions: &[ActionView],
    notice: Option<&str>,
) -> Markup {
    let lang = frame.lang;
    let s = &detail.summary;
    let cur = s.currency.as_str();
    let m = |minor: i64| money::format(cur, minor);
    let current = s
        .charge_id
        .as_deref()
        .and_then(|id| detail.charges.iter().find(|c| c.charge_id == id));
    let remaining = (s.captured_minor - s.refunded_minor).max(0);
    let title = format!("{} {}", lang.t("Order", "注文"), s.merchant_reference);
    page(
        frame,
        &title,
        html! {
            @if let Some(n) = notice {
                p.notice role="status" { (n) }
            }
            div.card {
                p {
                    span.badge.status { (status(lang, &s.status)) }
                    @if let Some(c) = current { " " span.amazon { "Amazon: " (c.state) @if let Some(r) = &c.reason_code { " (" (r) ")" } } }
                    " · " (when(s.created_at))
                    @if let Some(b) = buyer { " · " (lang.t("Buyer: ", "購入者: ")) (b) }
                }
                dl.amounts {
                    div { dt { (lang.t("Authorized", "与信額")) } dd.authorized { (m(s.amount_minor)) } }
                    div { dt { (lang.t("Captured", "売上確定額")) } dd.captured { (m(s.captured_minor)) } }
                    div { dt { (lang.t("Refunded", "返金額")) } dd.refunded { (m(s.refunded_minor)) } }
                    div { dt { (lang.t("Remaining (captured − refunded)", "残額 (売上 − 返金)")) } dd.remaining { (m(remaining)) } }
                }
            }
            div.grid {
                section.card aria-labelledby="actions-title" {
                    h2 #actions-title { (lang.t("Actions", "操作")) }
                    @if let Some(token) = frame.csrf {
                        @for v in actions {
                            (action_form(lang, &s.merchant_reference, token, cur, v))
                        }
                    }
                }
                section.card aria-labelledby="history-title" {
                    h2 #history-title { (lang.t("Status history", "ステータス履歴")) }
                    ol.timeline {
                        @for h in &detail.history {
                            li { strong { (status(lang, &h.status)) } br; span.muted { (when(h.at)) " · " (h.source) } }
                        }
                    }
                }
            }
            section.card aria-labelledby="items-title" {
                h2 #items-title { (lang.t("Items", "商品")) }
                @if detail.lines.is_empty() {
                    p.muted { (lang.t("No priced lines were recorded for this order.", "この注文の明細は記録されていません。")) }
                } @else {
                    table.stack {
                        thead { tr {
                            th scope="col" { "SKU" } th scope="col" { (lang.t("Item", "商品名")) }
                            th.num scope="col" { (lang.t("Quantity", "数量")) } th.num scope="col" { (lang.t("Unit price", "単価")) }
                            th.num scope="col" { (lang.t("Total", "小計")) }
                        } }
                        tbody {
                            @for l in &detail.lines {
                                tr {
                                    td data-label="SKU" { (l.sku) } td data-label=(lang.t("Item", "商品名")) { (l.name) }
                                    td.num data-label=(lang.t("Quantity", "数量")) { (l.quantity) }
                                    td.num data-label=(lang.t("Unit price", "単価")) { (m(l.unit_minor)) }
                                    td.num data-label=(lang.t("Total", "小計")) { (m(l.line_minor)) }
                                }
                            }
                        }
                    }
                    @if let Some(p) = &detail.pricing {
                        p.muted {
                            (lang.t("Subtotal ", "小計 ")) (m(p.subtotal_minor)) " · " (lang.t("Shipping ", "送料 ")) (m(p.shipping_minor))
                            " · " (lang.t("Tax ", "税 ")) (m(p.tax_minor)) " · " strong { (lang.t("Total ", "合計 ")) (m(p.total_minor)) }
                        }
                    }
                }
            }
            section.card aria-labelledby="charges-title" {
                h2 #charges-title { (lang.t("Charges", "請求 (Charge)")) }
                table.stack {
                    thead { tr {
                        th scope="col" { "Charge id" } th scope="col" { (lang.t("Amazon state", "Amazon の状態")) }
                        th.num scope="col" { (lang.t("Amount", "金額")) } th.num scope="col" { (lang.t("Captured", "売上確定")) }
                        th scope="col" { (lang.t("Created", "作成")) }
                    } }
                    tbody {
                        @for c in &detail.charges {
                            tr {
                                td.ids data-label="Charge id" { (c.charge_id) }
                                td data-label=(lang.t("Amazon state", "Amazon の状態")) { (c.state) @if let Some(r) = &c.reason_code { " (" (r) ")" } }
                                td.num data-label=(lang.t("Amount", "金額")) { (m(c.amount_minor)) }
                                td.num data-label=(lang.t("Captured", "売上確定")) { @if let Some(x) = c.captured_minor { (m(x)) } @else { "—" } }
                                td data-label=(lang.t("Created", "作成")) { (when(c.created_at_amazon)) }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="refunds-title" {
                h2 #refunds-title { (lang.t("Refunds", "返金")) }
                @if detail.refunds.is_empty() {
                    p.muted { (lang.t("None.", "ありません。")) }
                } @else {
                    table.stack.refunds {
                        thead { tr {
                            th scope="col" { "Refund id" } th scope="col" { (lang.t("Amazon state", "Amazon の状態")) }
                            th.num scope="col" { (lang.t("Amount", "金額")) } th scope="col" { (lang.t("Created", "作成")) }
                        } }
                        tbody {
                            @for r in &detail.refunds {
                                tr {
                                    td.ids data-label="Refund id" { (r.refund_id) }
                                    td data-label=(lang.t("Amazon state", "Amazon の状態")) { (r.state) }
                                    td.num data-label=(lang.t("Amount", "金額")) { (m(r.amount_minor)) }
                                    td data-label=(lang.t("Created", "作成")) { (when(r.created_at_amazon)) }
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="intents-title" {
                h2 #intents-title { (lang.t("Intents (calls to Amazon)", "インテント (Amazon への呼び出し)")) }
                @if detail.intents.is_empty() {
                    p.muted { (lang.t("None.", "ありません。")) }
                } @else {
                    table.stack {
                        thead { tr {
                            th scope="col" { (lang.t("Operation", "操作")) } th scope="col" { (lang.t("State", "状態")) }
                            th.num scope="col" { (lang.t("Amount", "金額")) } th scope="col" { (lang.t("Result", "結果")) }
                            th scope="col" { (lang.t("Updated", "更新")) }
                        } }
                        tbody {
                            @for i in &detail.intents {
                                tr {
                                    td data-label=(lang.t("Operation", "操作")) { (i.operation) }
                                    td data-label=(lang.t("State", "状態")) { (i.state) @if let Some(e) = &i.error_code { " (" (e) ")" } }
                                    td.num data-label=(lang.t("Amount", "金額")) { @if let Some(a) = i.amount_minor { (m(a)) } @else { "—" } }
                                    td.ids data-label=(lang.t("Result", "結果")) { (i.result_id.as_deref().unwrap_or("—")) }
                                    td data-label=(lang.t("Updated", "更新")) { (when(i.updated_at)) }
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="ids-title" {
                h2 #ids-title { (lang.t("Amazon reference ids", "Amazon の参照 ID")) }
                dl.settings.ids {
                    dt { "Checkout session" } dd { (s.checkout_session_id.as_deref().unwrap_or("—")) }
                    dt { "Charge permission" } dd { (s.charge_permission_id.as_deref().unwrap_or("—")) }
                    dt { "Charges" } dd { (s.charge_ids.as_deref().unwrap_or("—")) }
                    dt { "Refunds" } dd { (s.refund_ids.as_deref().unwrap_or("—")) }
                }
            }
        },
    )
}
