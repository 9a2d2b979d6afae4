//! `GET /v1/merchant/transactions` and `.csv`: filters, keyset paging and the CSV export.
//!
//! Filters (query string, each at most once): `status` (one of the fourteen codes), `flow`
//! (`ONE_TIME`, `PERMISSION_ONLY`, `MERCHANT_INITIATED`), `reference`, Amazon's ids
//! (`checkoutSessionId`, `chargePermissionId`, `chargeId` and `refundId`: any charge or refund
//! of the transaction), `createdFrom` and `createdTo` (inclusive; `YYYYMMDDTHHMMSSZ`, `YYYY-MM-DDTHH:MM:SSZ` or Unix
//! seconds), `limit` (1–50, default 20; CSV 1–500, default 500) and `cursor` (the previous
//! page's `nextCursor`). Newest first (in the order the ledger opened them).

use amazon_pay_shared::lifecycle::TransactionStatus;
use amazon_pay_shared::money::{Currency, Money};
use amazon_pay_shared::wire::{valid_object_id, ErrorCode};
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::rows::flow_from_code;
use super::where_clause::WhereClause;
use super::{Arg, Ledger, LedgerError};
use crate::error::{ApiError, ApiResult};

/// The most rows of one JSON page.
pub const MAX_PAGE: i64 = 50;
/// The most rows of one CSV page.
pub const MAX_CSV_PAGE: i64 = 500;

/// Parsed filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Status code.
    pub status: Option<String>,
    /// Flow code.
    pub flow: Option<String>,
    /// Merchant reference.
    pub reference: Option<String>,
    /// Charge permission id.
    pub charge_permission_id: Option<String>,
    /// Checkout session id.
    pub checkout_session_id: Option<String>,
    /// The id of any charge of the transaction.
    pub charge_id: Option<String>,
    /// The id of any refund of the transaction.
    pub refund_id: Option<String>,
    /// Created at or after (Unix seconds).
    pub created_from: Option<i64>,
    /// Created at or before (Unix seconds).
    pub created_to: Option<i64>,
    /// Page size.
    pub limit: i64,
    /// Older than this ledger row.
    pub after: Option<i64>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

fn parse_time(name: &str, v: &str) -> ApiResult<i64> {
    if !v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse().map_err(|_| invalid(format!("{name} is not a time")));
    }
    amazon_pay_shared::time::parse(v).map_err(|_| {
        invalid(format!(
            "{name} must be Unix seconds, YYYYMMDDTHHMMSSZ or YYYY-MM-DDTHH:MM:SSZ"
        ))
    })
}

/// One of Amazon's ids as a filter value (`INVALID_ID` when it cannot be one).
fn amazon_id(name: &str, v: &str) -> ApiResult<String> {
    if !valid_object_id(v) {
        return Err(ApiError::new(
            ErrorCode::InvalidId,
            format!("{name} is not a valid id"),
        ));
    }
    Ok(v.to_owned())
}

/// An opaque cursor for a ledger row.
pub fn encode_cursor(row_id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("tx:{row_id}"))
}

fn decode_cursor(v: &str) -> ApiResult<i64> {
    let bad = || invalid("cursor is not one this signer issued");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(v.as_bytes())
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix("tx:")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(bad)
}

impl Filter {
    /// Parses query pairs; unknown or repeated keys and malformed values are refused.
    pub fn parse(pairs: &[(String, String)], csv: bool) -> ApiResult<Filter> {
        let (default_limit, max_limit) = if csv {
            (MAX_CSV_PAGE, MAX_CSV_PAGE)
        } else {
            (20, MAX_PAGE)
        };
        let mut f = Filter {
            limit: default_limit,
            ..Filter::default()
        };
        let mut seen: Vec<&str> = Vec::new();
        for (k, v) in pairs {
            if seen.contains(&k.as_str()) {
                return Err(invalid(format!("{k} is given twice")));
            }
            seen.push(k);
            match k.as_str() {
                "status" => {
                    let status: TransactionStatus = v
                        .parse()
                        .map_err(|_| invalid("status must be one of the fourteen status codes"))?;
                    f.status = Some(status.code().to_owned());
                }
                "flow" => {
                    let flow = flow_from_code(v).ok_or_else(|| {
                        invalid("flow must be ONE_TIME, PERMISSION_ONLY or MERCHANT_INITIATED")
                    })?;
                    f.flow = Some(flow.code().to_owned());
                }
                "reference" => {
                    if !amazon_pay_shared::cart_token::valid_reference(v) {
                        return Err(invalid("reference is not a valid merchant reference"));
                    }
                    f.reference = Some(v.clone());
                }
                "chargePermissionId" => f.charge_permission_id = Some(amazon_id(k, v)?),
                "checkoutSessionId" => f.checkout_session_id = Some(amazon_id(k, v)?),
                "chargeId" => f.charge_id = Some(amazon_id(k, v)?),
                "refundId" => f.refund_id = Some(amazon_id(k, v)?),
                "createdFrom" => f.created_from = Some(parse_time("createdFrom", v)?),
                "createdTo" => f.created_to = Some(parse_time("createdTo", v)?),
                "limit" => {
                    f.limit = v
                        .parse::<i64>()
                        .ok()
                        .filter(|n| (1..=max_limit).contains(n))
                        .ok_or_else(|| invalid(format!("limit must be 1 to {max_limit}")))?;
                }
                "cursor" => f.after = Some(decode_cursor(v)?),
                _ => {
                    return Err(invalid(format!(
                        "unknown filter {:?}",
                        k.chars().take(40).collect::<String>()
                    )))
                }
            }
        }
        Ok(f)
    }

    /// The WHERE clause and its arguments.
    fn clause(&self) -> (String, Vec<Arg>) {
        let mut clause = WhereClause::default();
        if let Some(s) = &self.status {
            clause.and("t.status = ?", vec![s.into()]);
        }
        if let Some(s) = &self.flow {
            clause.and("t.flow = ?", vec![s.into()]);
        }
        if let Some(s) = &self.reference {
            clause.and("t.merchant_reference = ?", vec![s.into()]);
        }
        if let Some(s) = &self.charge_permission_id {
            clause.and("t.charge_permission_id = ?", vec![s.into()]);
        }
        if let Some(s) = &self.checkout_session_id {
            clause.and("t.checkout_session_id = ?", vec![s.into()]);
        }
        if let Some(s) = &self.charge_id {
            clause.and(
                "EXISTS (SELECT 1 FROM charges c WHERE c.merchant_reference = t.merchant_reference \
                 AND c.charge_id = ?)",
                vec![s.into()],
            );
        }
        if let Some(s) = &self.refund_id {
            clause.and(
                "EXISTS (SELECT 1 FROM refunds r WHERE r.merchant_reference = t.merchant_reference \
                 AND r.refund_id = ?)",
                vec![s.into()],
            );
        }
        if let Some(n) = self.created_from {
            clause.and("t.created_at >= ?", vec![n.into()]);
        }
        if let Some(n) = self.created_to {
            clause.and("t.created_at <= ?", vec![n.into()]);
        }
        if let Some(row_id) = self.after {
            clause.and("t.rowid < ?", vec![row_id.into()]);
        }
        clause.finish()
    }
}

/// One transaction of the list, with its totals and Amazon's ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// The ledger's row (paging).
    pub row_id: i64,
    /// Reference.
    pub merchant_reference: String,
    /// Flow code.
    pub flow: String,
    /// Status code.
    pub status: String,
    /// Currency.
    pub currency: String,
    /// Current amount.
    pub amount_minor: i64,
    /// First amount.
    pub first_amount_minor: i64,
    /// Captured total.
    pub captured_minor: i64,
    /// Refunded total (settled refunds).
    pub refunded_minor: i64,
    /// Checkout session.
    pub checkout_session_id: Option<String>,
    /// Charge permission.
    pub charge_permission_id: Option<String>,
    /// Current charge.
    pub charge_id: Option<String>,
    /// Every charge, `;`-separated, oldest first.
    pub charge_ids: Option<String>,
    /// Every refund, `;`-separated.
    pub refund_ids: Option<String>,
    /// How many priced lines the order has (0 without a catalog cart or a cart token with items).
    pub item_count: i64,
    /// The priced lines as `SKU×quantity`, `;`-separated in line order (see
    /// [`super::lines::summary`]).
    pub items: Option<String>,
    /// Shipping of the priced lines, minor units.
    pub shipping_minor: Option<i64>,
    /// Tax of the priced lines, minor units.
    pub tax_minor: Option<i64>,
    /// Created.
    pub created_at: i64,
    /// Last changed.
    pub updated_at: i64,
}

const SUMMARY: &str =
    "SELECT t.rowid AS row_id, t.merchant_reference, t.flow, t.status, t.currency, t.amount_minor, t.first_amount_minor, \
     (SELECT COALESCE(SUM(COALESCE(c.captured_minor, c.amount_minor)), 0) FROM charges c \
       WHERE c.merchant_reference = t.merchant_reference AND c.state = 'Captured') AS captured_minor, \
     (SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r \
       WHERE r.merchant_reference = t.merchant_reference AND r.state = 'Refunded') AS refunded_minor, \
     t.checkout_session_id, t.charge_permission_id, t.charge_id, \
     (SELECT group_concat(charge_id, ';') FROM (SELECT charge_id FROM charges c \
       WHERE c.merchant_reference = t.merchant_reference ORDER BY c.seq)) AS charge_ids, \
     (SELECT group_concat(refund_id, ';') FROM (SELECT refund_id FROM refunds r \
       WHERE r.merchant_reference = t.merchant_reference ORDER BY r.created_at_amazon)) AS refund_ids, \
     (SELECT COUNT(*) FROM order_lines l WHERE l.merchant_reference = t.merchant_reference) AS item_count, \
     (SELECT group_concat(sku || '×' || quantity, ';') FROM (SELECT sku, quantity FROM order_lines l \
       WHERE l.merchant_reference = t.merchant_reference ORDER BY l.line_no)) AS items, \
     p.shipping_minor, p.tax_minor, \
     t.created_at, t.updated_at FROM transactions t \
     LEFT JOIN order_pricing p ON p.merchant_reference = t.merchant_reference";

/// One page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The rows.
    pub rows: Vec<SummaryRow>,
    /// The cursor of the next page, when there may be one.
    pub next_cursor: Option<String>,
}

impl Ledger {
    /// One page of transactions, newest first.
    pub async fn list(&self, filter: &Filter) -> Result<Page, LedgerError> {
        let (clause, mut args) = filter.clause();
        args.push((filter.limit + 1).into());
        let sql = format!("{SUMMARY} {clause} ORDER BY t.rowid DESC LIMIT ?{}", args.len());
        let mut rows: Vec<SummaryRow> = self.all(&sql, &args).await?;
        let more = rows.len() as i64 > filter.limit;
        rows.truncate(filter.limit.max(0) as usize);
        let next_cursor = more
            .then(|| rows.last().map(|r| encode_cursor(r.row_id)))
            .flatten();
        Ok(Page { rows, next_cursor })
    }
}

/// A money string of minor units in a currency code (`"1200"`, `"12.50"`).
pub fn decimal(currency: &str, minor: i64) -> String {
    match currency.parse::<Currency>() {
        Ok(c) => Money::from_minor(minor.max(0) as u64, c).to_decimal_string(),
        Err(_) => minor.to_string(),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso(unix: i64) -> String {
    amazon_pay_shared::time::format_extended(unix)
}

/// The CSV header.
pub const CSV_HEADER: &str = "merchant_reference,flow,status,currency,amount,first_amount,captured,refunded,\
checkout_session_id,charge_permission_id,charge_id,charge_ids,refund_ids,created_at,updated_at,\
items,shipping,tax";

/// One CSV field: quoted when needed, and a leading `=`, `+`, `-`, `@` (a spreadsheet formula)
/// neutralised with a `'`.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The byte order mark some spreadsheet apps need to read a CSV file as UTF-8.
pub const UTF8_BOM: &str = "\u{feff}";

/// The CSV lines of a page (header first, CRLF line ends).
pub fn to_csv(rows: &[SummaryRow]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    push_csv_rows(&mut out, rows);
    out
}

/// Appends the CSV lines of `rows` (CRLF line ends, no header).
pub fn push_csv_rows(out: &mut String, rows: &[SummaryRow]) {
    for r in rows {
        let fields = [
            r.merchant_reference.clone(),
            r.flow.clone(),
            r.status.clone(),
            r.currency.clone(),
            decimal(&r.currency, r.amount_minor),
            decimal(&r.currency, r.first_amount_minor),
            decimal(&r.currency, r.captured_minor),
            decimal(&r.currency, r.refunded_minor),
            r.checkout_session_id.clone().unwrap_or_default(),
            r.charge_permission_id.clone().unwrap_or_default(),
            r.charge_id.clone().unwrap_or_default(),
            r.charge_ids.clone().unwrap_or_default(),
            r.refund_ids.clone().unwrap_or_default(),
            iso(r.created_at),
            iso(r.updated_at),
            r.items.clone().unwrap_or_default(),
            r.shipping_minor
                .map(|m| decimal(&r.currency, m))
                .unwrap_or_default(),
            r.tax_minor.map(|m| decimal(&r.currency, m)).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn filters_parse_and_refuse() {
        let f = Filter::parse(
            &pairs(&[
                ("status", "AUTH"),
                ("flow", "ONE_TIME"),
                ("createdFrom", "2026-11-23T00:00:00Z"),
                ("limit", "50"),
            ]),
            false,
        )
        .unwrap();
        assert_eq!(f.status.as_deref(), Some("AUTH"));
        assert_eq!(f.created_from, Some(1_795_392_000));
        assert_eq!(f.limit, 50);
        let (clause, args) = f.clause();
        assert_eq!(
            clause,
            "WHERE t.status = ?1 AND t.flow = ?2 AND t.created_at >= ?3"
        );
        assert_eq!(args.len(), 3);
        for bad in [
            vec![("status", "PAID")],
            vec![("limit", "51")],
            vec![("limit", "0")],
            vec![("flow", "x")],
            vec![("other", "1")],
            vec![("status", "AUTH"), ("status", "SALES")],
            vec![("cursor", "!!")],
            vec![("createdTo", "yesterday")],
        ] {
            assert!(Filter::parse(&pairs(&bad), false).is_err(), "{bad:?}");
        }
        assert_eq!(Filter::parse(&[], true).unwrap().limit, MAX_CSV_PAGE);
        let by_ids = Filter::parse(
            &pairs(&[
                ("checkoutSessionId", "cs-1"),
                ("chargeId", "S01-1-C01"),
                ("refundId", "S01-1-R01"),
            ]),
            true,
        )
        .unwrap();
        let (clause, args) = by_ids.clause();
        assert!(
            clause.starts_with("WHERE t.checkout_session_id = ?1 AND EXISTS"),
            "{clause}"
        );
        assert!(clause.contains("c.charge_id = ?2)") && clause.contains("r.refund_id = ?3)"));
        assert_eq!(args.len(), 3);
        for bad in [
            ("chargeId", "a b"),
            ("refundId", ""),
            ("checkoutSessionId", "x'y"),
        ] {
            let e = Filter::parse(&pairs(&[bad]), false).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidId, "{bad:?}");
        }
        let c = encode_cursor(17);
        let paged = Filter::parse(&pairs(&[("status", "AUTH"), ("cursor", &c)]), false).unwrap();
        assert_eq!(paged.clause().0, "WHERE t.status = ?1 AND t.rowid < ?2");
        assert_eq!(
            Filter::parse(&pairs(&[("cursor", &c)]), false).unwrap().after,
            Some(17)
        );
    }

    #[test]
    fn csv_is_escaped() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-order"), "'-order");
        assert_eq!(decimal("JPY", 1200), "1200");
        assert_eq!(decimal("USD", 1250), "12.50");
        let row = SummaryRow {
            row_id: 1,
            merchant_reference: "order-1".into(),
            flow: "ONE_TIME".into(),
            status: "SALES".into(),
            currency: "JPY".into(),
            amount_minor: 2900,
            first_amount_minor: 2900,
            captured_minor: 2900,
            refunded_minor: 0,
            checkout_session_id: Some("cs".into()),
            charge_permission_id: Some("P".into()),
            charge_id: Some("C".into()),
            charge_ids: Some("C".into()),
            refund_ids: None,
            item_count: 0,
            items: None,
            shipping_minor: None,
            tax_minor: None,
            created_at: 0,
            updated_at: 0,
        };
        let csv = to_csv(std::slice::from_ref(&row));
        assert!(csv.starts_with(CSV_HEADER));
        assert!(
            csv.contains("\r\norder-1,ONE_TIME,SALES,JPY,2900,2900,2900,0,cs,P,C,C,,1970-01-01T00:00:00Z,")
        );
        assert!(csv.ends_with("1970-01-01T00:00:00Z,,,\r\n"), "{csv}");
        let sold = SummaryRow {
            currency: "USD".into(),
            item_count: 2,
            items: Some("-CUP×3;TEA-1×2".into()),
            shipping_minor: Some(500),
            tax_minor: Some(490),
            ..row
        };
        let csv = to_csv(&[sold]);
        assert!(
            csv.ends_with("1970-01-01T00:00:00Z,'-CUP×3;TEA-1×2,5.00,4.90\r\n"),
            "{csv}"
        );
    }
}
