//! The delivery log of merchant events and the log of received instant notifications, as the
//! merchant reads them: filters from the query string, newest first, keyset paging.
//!
//! Events: `type` (an event type), `state` (`pending`, `delivered`, `failed`), `subject` (an
//! object id); notifications: `objectType` (`CHARGE`, `REFUND`, `CHARGE_PERMISSION`,
//! `CHARGEBACK`), `objectId`, `outcome` (`received`, `recorded`, `unknown`, `ignored`). Both:
//! `limit` (1–50, default 20) and `cursor` (the previous page's `nextCursor`).

use amazon_pay_shared::wire::ErrorCode;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::outbox::{EventRow, EVENT_COLUMNS};
use super::where_clause::WhereClause;
use super::{Arg, Ledger, LedgerError};
use crate::error::{ApiError, ApiResult};

/// The most rows of one page.
pub const MAX_PAGE: i64 = 50;

/// Which log a filter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    /// The merchant events (`merchant_events`).
    Events,
    /// The instant notifications received (`notifications`).
    Notifications,
}

impl Log {
    fn cursor_prefix(self) -> &'static str {
        match self {
            Log::Events => "ev:",
            Log::Notifications => "nt:",
        }
    }

    /// The filters it takes: (query key, column, accepted values; empty: an id).
    fn filters(self) -> &'static [(&'static str, &'static str, &'static [&'static str])] {
        match self {
            Log::Events => &[
                ("type", "kind", EVENT_TYPES),
                ("state", "state", &["pending", "delivered", "failed"]),
                ("subject", "subject", &[]),
            ],
            Log::Notifications => &[
                (
                    "objectType",
                    "object_type",
                    &["CHARGE", "REFUND", "CHARGE_PERMISSION", "CHARGEBACK"],
                ),
                ("objectId", "object_id", &[]),
                (
                    "outcome",
                    "outcome",
                    &["received", "recorded", "unknown", "ignored"],
                ),
            ],
        }
    }
}

/// Every event type the signer sends (the `type` filter's values).
pub const EVENT_TYPES: &[&str] = &[
    "charge.succeeded",
    "charge.declined",
    "refund.completed",
    "refund.declined",
    "subscription.created",
    "subscription.past_due",
    "subscription.resumed",
    "subscription.paused",
    "subscription.canceled",
    "subscription.ended",
];

/// Parsed filters of one log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFilter {
    log: Log,
    equals: Vec<(&'static str, String)>,
    /// Page size.
    pub limit: i64,
    after: Option<i64>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

fn encode_cursor(log: Log, row_id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}{row_id}", log.cursor_prefix()))
}

fn decode_cursor(log: Log, v: &str) -> ApiResult<i64> {
    let bad = || invalid("cursor is not one this signer issued");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(v.as_bytes())
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix(log.cursor_prefix())
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(bad)
}

fn id_like(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 100
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

impl LogFilter {
    /// Parses query pairs; unknown or repeated keys and malformed values are refused.
    pub fn parse(log: Log, pairs: &[(String, String)]) -> ApiResult<LogFilter> {
        let mut f = LogFilter {
            log,
            equals: Vec::new(),
            limit: 20,
            after: None,
        };
        let mut seen: Vec<&str> = Vec::new();
        for (k, v) in pairs {
            if seen.contains(&k.as_str()) {
                return Err(invalid(format!("{k} is given twice")));
            }
            seen.push(k);
            match k.as_str() {
                "limit" => {
                    f.limit = v
                        .parse::<i64>()
                        .ok()
                        .filter(|n| (1..=MAX_PAGE).contains(n))
                        .ok_or_else(|| invalid(format!("limit must be 1 to {MAX_PAGE}")))?;
                }
                "cursor" => f.after = Some(decode_cursor(log, v)?),
                key => {
                    let Some((name, column, values)) = log.filters().iter().find(|(n, _, _)| *n == key)
                    else {
                        return Err(invalid(format!(
                            "unknown filter {:?}",
                            key.chars().take(40).collect::<String>()
                        )));
                    };
                    let ok = if values.is_empty() {
                        id_like(v)
                    } else {
                        values.contains(&v.as_str())
                    };
                    if !ok {
                        return Err(if values.is_empty() {
                            invalid(format!("{name} is not a valid id"))
                        } else {
                            invalid(format!("{name} must be one of {}", values.join(", ")))
                        });
                    }
                    f.equals.push((column, v.clone()));
                }
            }
        }
        Ok(f)
    }

    fn clause(&self) -> (String, Vec<Arg>) {
        let mut clause = WhereClause::default();
        for (column, value) in &self.equals {
            clause.and(&format!("{column} = ?"), vec![value.into()]);
        }
        if let Some(row_id) = self.after {
            clause.and("rowid < ?", vec![row_id.into()]);
        }
        clause.finish()
    }
}

/// A received instant notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRow {
    /// The ledger's row (paging).
    pub row_id: i64,
    /// The SNS message id.
    pub message_id: String,
    /// `CHARGE`, `REFUND`, `CHARGE_PERMISSION` or `CHARGEBACK`.
    pub object_type: String,
    /// Amazon's object id.
    pub object_id: String,
    /// `received` (being processed), `recorded`, `unknown` or `ignored`.
    pub outcome: String,
    /// When it was taken (the Worker's clock).
    pub received_at: i64,
}

/// One page of a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPage<T> {
    /// The rows, newest first.
    pub rows: Vec<T>,
    /// The cursor of the next page, when there may be one.
    pub next_cursor: Option<String>,
}

impl Ledger {
    async fn page<T: for<'a> Deserialize<'a>>(
        &self,
        f: &LogFilter,
        select: &str,
        row_id: fn(&T) -> i64,
    ) -> Result<LogPage<T>, LedgerError> {
        let (clause, mut args) = f.clause();
        args.push((f.limit + 1).into());
        let sql = format!("{select} {clause} ORDER BY rowid DESC LIMIT ?{}", args.len());
        let mut rows: Vec<T> = self.all(&sql, &args).await?;
        let more = rows.len() as i64 > f.limit;
        rows.truncate(f.limit.max(0) as usize);
        let next_cursor = more
            .then(|| rows.last().map(|r| encode_cursor(f.log, row_id(r))))
            .flatten();
        Ok(LogPage { rows, next_cursor })
    }

    /// One page of the merchant events (`f` parsed for [`Log::Events`]).
    pub async fn event_log(&self, f: &LogFilter) -> Result<LogPage<EventRow>, LedgerError> {
        self.page(
            f,
            &format!("SELECT rowid AS row_id, {EVENT_COLUMNS} FROM merchant_events"),
            |r: &EventRow| r.row_id,
        )
        .await
    }

    /// One page of the received notifications (`f` parsed for [`Log::Notifications`]).
    pub async fn notification_log(&self, f: &LogFilter) -> Result<LogPage<NotificationRow>, LedgerError> {
        self.page(
            f,
            "SELECT rowid AS row_id, message_id, object_type, object_id, outcome, received_at FROM notifications",
            |r: &NotificationRow| r.row_id,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn filters_are_checked_and_bound() {
        let f = LogFilter::parse(
            Log::Events,
            &pairs(&[("type", "charge.succeeded"), ("state", "failed"), ("limit", "5")]),
        )
        .unwrap();
        assert_eq!(f.limit, 5);
        let (clause, args) = f.clause();
        assert_eq!(clause, "WHERE kind = ?1 AND state = ?2");
        assert_eq!(args.len(), 2);
        for bad in [
            vec![("type", "charge.refunded")],
            vec![("state", "sent")],
            vec![("subject", "a b")],
            vec![("limit", "51")],
            vec![("cursor", "nope")],
            vec![("objectType", "CHARGE")],
            vec![("state", "failed"), ("state", "failed")],
        ] {
            let e = LogFilter::parse(Log::Events, &pairs(&bad)).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidRequest, "{bad:?}");
        }
        let n = LogFilter::parse(
            Log::Notifications,
            &pairs(&[("objectType", "REFUND"), ("objectId", "S03-1-2")]),
        )
        .unwrap();
        assert_eq!(n.clause().0, "WHERE object_type = ?1 AND object_id = ?2");
    }

    #[test]
    fn cursors_belong_to_their_log() {
        let c = encode_cursor(Log::Events, 42);
        let f = LogFilter::parse(Log::Events, &pairs(&[("cursor", &c)])).unwrap();
        assert_eq!(f.clause().0, "WHERE rowid < ?1");
        assert!(LogFilter::parse(Log::Notifications, &pairs(&[("cursor", &c)])).is_err());
    }
}
