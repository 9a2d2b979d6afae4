//! The order list: filters (status, date range, reference, any Amazon id), newest first, paged,
//! with the amount, the status (the seed's name and code, Amazon's charge state beside it) and
//! the buyer's name; and the CSV download of the same filter.

use amazon_pay_shared::lifecycle::TransactionStatus;
use maud::{html, Markup};

use super::text::{status, when};
use crate::console::form::query_value;
use crate::console::layout::{page, Frame};
use crate::console::money;
use crate::ledger::query::SummaryRow;

/// The list's query: what the filter form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// A status code.
    pub status: Option<String>,
    /// First day (`YYYY-MM-DD`, UTC).
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`, UTC).
    pub to: Option<String>,
    /// A merchant reference.
    pub reference: Option<String>,
    /// Any Amazon id: checkout session, charge permission, charge or refund.
    pub amazon_id: Option<String>,
    /// The page (a cursor of the list).
    pub cursor: Option<String>,
}

impl ListQuery {
    /// Reads the query pairs (empty values are no filter; unknown names are ignored).
    pub fn parse(pairs: &[(String, String)]) -> ListQuery {
        let get = |name: &str| query_value(pairs, name);
        ListQuery {
            status: get("status"),
            from: get("from"),
            to: get("to"),
            reference: get("reference"),
            amazon_id: get("amazonId"),
            cursor: get("cursor"),
        }
    }

    /// The ledger filter's query pairs (`Filter::parse`), the Amazon id left to the caller.
    pub fn filter_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                pairs.push((k.to_owned(), v));
            }
        };
        add("status", self.status.clone());
        add(
            "createdFrom",
            self.from.as_ref().map(|d| format!("{d}T00:00:00Z")),
        );
        add("createdTo", self.to.as_ref().map(|d| format!("{d}T23:59:59Z")));
        add("reference", self.reference.clone());
        add("cursor", self.cursor.clone());
        pairs
    }

    /// The query string of this filter (without the page), for links.
    pub fn query_string(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("status", &self.status),
            ("from", &self.from),
            ("to", &self.to),
            ("reference", &self.reference),
            ("amazonId", &self.amazon_id),
        ] {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

/// One row and what the list adds to it.
#[derive(Debug, Clone)]
pub struct ListRow {
    /// The ledger's row.
    pub row: SummaryRow,
    /// The buyer's name, if Amazon gave one.
    pub buyer: Option<String>,
    /// Amazon's state of the current charge.
    pub amazon_state: Option<String>,
}

/// The page.
pub fn page_of(
    frame: &Frame<'_>,
    query: &ListQuery,
    rows: &[ListRow],
    next_cursor: Option<&str>,
    problem: Option<&str>,
) -> Markup {
    let lang = frame.lang;
    let qs = query.query_string();
    let sep = if qs.is_empty() { "" } else { "&" };
    page(
        frame,
        lang.t("Orders", "注文一覧"),
        html! {
            form.card.filters method="get" action="/console/orders" aria-label=(lang.t("Filter orders", "注文の絞り込み")) {
                div {
                    label for="f-status" { (lang.t("Status", "ステータス")) }
                    select #f-status name="status" {
                        option value="" { (lang.t("Any", "すべて")) }
                        @for s in TransactionStatus::ALL {
                            option value=(s.code()) selected[query.status.as_deref() == Some(s.code())] {
                                (status(lang, s.code()))
                            }
                        }
                    }
                }
                div {
                    label for="f-from" { (lang.t("From (UTC)", "開始日 (UTC)")) }
                    input #f-from type="date" name="from" value=[query.from.as_deref()];
                }
                div {
                    label for="f-to" { (lang.t("To (UTC)", "終了日 (UTC)")) }
                    input #f-to type="date" name="to" value=[query.to.as_deref()];
                }
                div {
                    label for="f-ref" { (lang.t("Order reference", "注文番号")) }
                    input #f-ref type="text" name="reference" value=[query.reference.as_deref()] autocomplete="off";
                }
                div {
                    label for="f-amazon" { (lang.t("Amazon id", "Amazon の ID")) }
                    input #f-amazon type="text" name="amazonId" value=[query.amazon_id.as_deref()] autocomplete="off"
                        placeholder=(lang.t("session, permission, charge or refund", "セッション・承諾・請求・返金"));
                }
                div.actions {
                    button type="submit" { (lang.t("Filter", "絞り込む")) }
                    a.button.secondary href="/console/orders" { (lang.t("Clear", "クリア")) }
                }
            }
            form.card method="get" action="/console/orders.csv" aria-label=(lang.t("Download CSV", "CSV ダウンロード")) {
                @for (k, v) in [("status", &query.status), ("from", &query.from), ("to", &query.to), ("reference", &query.reference), ("amazonId", &query.amazon_id)] {
                    @if let Some(v) = v {
                        input type="hidden" name=(k) value=(v);
                    }
                }
                label.inline for="bom" {
                    input #bom type="checkbox" name="bom" value="1";
                    " " (lang.t("With a byte order mark (for Excel)", "BOM 付き (Excel 用)"))
                }
                " "
                button.secondary type="submit" { (lang.t("Download CSV of every page", "全ページを CSV でダウンロード")) }
            }
            @if let Some(p) = problem {
                p.error role="alert" { (p) }
            }
            @if rows.is_empty() && problem.is_none() {
                p.card { (lang.t("No orders match.", "該当する注文はありません。")) }
            } @else if !rows.is_empty() {
                table.stack {
                    caption.muted { (lang.t("Newest first", "新しい順")) }
                    thead {
                        tr {
                            th scope="col" { (lang.t("Order", "注文番号")) }
                            th scope="col" { (lang.t("Date", "日時")) }
                            th scope="col" { (lang.t("Status", "ステータス")) }
                            th.num scope="col" { (lang.t("Amount", "金額")) }
                            th.num scope="col" { (lang.t("Captured", "売上確定")) }
                            th.num scope="col" { (lang.t("Refunded", "返金")) }
                            th scope="col" { (lang.t("Buyer", "購入者")) }
                            th scope="col" { (lang.t("Amazon ids", "Amazon の ID")) }
                        }
                    }
                    tbody {
                        @for r in rows {
                            tr {
                                td data-label=(lang.t("Order", "注文番号")) {
                                    a href={ "/console/orders/" (r.row.merchant_reference) } { (r.row.merchant_reference) }
                                }
                                td data-label=(lang.t("Date", "日時")) { (when(r.row.created_at)) }
                                td data-label=(lang.t("Status", "ステータス")) {
                                    span.badge { (status(lang, &r.row.status)) }
                                    @if let Some(s) = &r.amazon_state {
                                        " " span.amazon { "Amazon: " (s) }
                                    }
                                }
                                td.num data-label=(lang.t("Amount", "金額")) { (money::format(&r.row.currency, r.row.amount_minor)) }
                                td.num data-label=(lang.t("Captured", "売上確定")) { (money::format(&r.row.currency, r.row.captured_minor)) }
                                td.num data-label=(lang.t("Refunded", "返金")) { (money::format(&r.row.currency, r.row.refunded_minor)) }
                                td data-label=(lang.t("Buyer", "購入者")) { (r.buyer.as_deref().unwrap_or("—")) }
                                td.ids data-label=(lang.t("Amazon ids", "Amazon の ID")) {
                                    @if let Some(id) = &r.row.charge_permission_id { (id) br; }
                                    @if let Some(id) = &r.row.charge_id { (id) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label=(lang.t("Pages", "ページ")) {
                @if query.cursor.is_some() {
                    a href={ "/console/orders?" (qs) } { (lang.t("← First page", "← 最初のページ")) }
                }
                @if let Some(c) = next_cursor {
                    a href={ "/console/orders?" (qs) (sep) "cursor=" (c) } { (lang.t("Next page →", "次のページ →")) }
                }
            }
        },
    )
}
