//! The CSV export of the ledger's transactions: every row a filter matches, in one download.
//! The first page is read before the answer starts (so a ledger that cannot be read answers
//! `LEDGER_UNAVAILABLE` as JSON); the rest is read page by page by keyset cursor while the body
//! streams, so no page size limits the download and no more than one page is held at a time.
//!
//! The file is UTF-8 with CRLF line ends; `bom=1` starts it with a byte order mark for
//! spreadsheet apps that read a CSV file as UTF-8 only with one. Cells are formula-safe
//! ([`csv_field`](crate::ledger::query::csv_field)). An explicit `limit` keeps the older paged
//! export: one page of at most `limit` rows, the next page's cursor in `x-next-cursor`.

use amazon_pay_shared::wire::ErrorCode;
use futures_util::{stream, StreamExt};
use worker::{Headers, Response};

use crate::error::{ApiError, ApiResult};
use crate::http::StreamBody;
use crate::ledger::query::{push_csv_rows, Filter, Page, CSV_HEADER, UTF8_BOM};
use crate::ledger::{Ledger, LedgerError};
use crate::log;

/// The export's content type.
pub const CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// The export's `content-disposition`.
pub const DISPOSITION: &str = "attachment; filename=\"transactions.csv\"";

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    /// The transactions (the list's filters; its `limit` is the page size of a paged export).
    pub filter: Filter,
    /// Start the file with a UTF-8 byte order mark.
    pub bom: bool,
    /// One page only (`limit` given): the older paged export.
    pub paged: bool,
}

impl ExportRequest {
    /// Every transaction the filter matches, in one download.
    pub fn all(filter: Filter, bom: bool) -> ExportRequest {
        ExportRequest {
            filter,
            bom,
            paged: false,
        }
    }

    /// Parses query pairs: `bom` (`1`/`true` or `0`/`false`, at most once) and the list's
    /// filters ([`Filter::parse`]); a `limit` makes the export paged.
    pub fn parse(pairs: &[(String, String)]) -> ApiResult<ExportRequest> {
        let mut bom = None;
        let mut rest = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            if k != "bom" {
                rest.push((k.clone(), v.clone()));
                continue;
            }
            if bom.is_some() {
                return Err(invalid("bom is given twice"));
            }
            bom = Some(match v.as_str() {
                "1" | "true" => true,
                "0" | "false" => false,
                _ => return Err(invalid("bom must be 1 or 0")),
            });
        }
        Ok(ExportRequest {
            filter: Filter::parse(&rest, true)?,
            bom: bom.unwrap_or(false),
            paged: rest.iter().any(|(k, _)| k == "limit"),
        })
    }
}

fn invalid(message: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

/// The row after which the next page starts, when there may be one.
fn next_after(page: &Page) -> Option<i64> {
    page.next_cursor.as_ref()?;
    page.rows.last().map(|r| r.row_id)
}

/// The pages after the first, read while the body streams.
struct Rest {
    ledger: Ledger,
    filter: Filter,
    after: Option<i64>,
}

async fn next_chunk(mut rest: Rest) -> Option<(Result<Vec<u8>, worker::Error>, Rest)> {
    rest.filter.after = Some(rest.after?);
    match rest.ledger.list(&rest.filter).await {
        Ok(page) => {
            rest.after = next_after(&page);
            let mut out = String::new();
            push_csv_rows(&mut out, &page.rows);
            Some((Ok(out.into_bytes()), rest))
        }
        Err(e) => {
            let reason = match e {
                LedgerError::Disabled => "no ledger".to_owned(),
                LedgerError::Failed(reason) => reason,
            };
            log::event(
                "error",
                "export_failed",
                &[("detail", format!("ledger failed: {reason}").into())],
            );
            rest.after = None;
            let broken = worker::Error::RustError("the ledger could not be read".into());
            Some((Err(broken), rest))
        }
    }
}

/// The export's body: the header and first page now, the other pages as it streams. Reads
/// `page_rows` rows per query (`EXPORT_PAGE_ROWS`) unless the request is paged.
pub async fn csv_body(ledger: &Ledger, request: &ExportRequest, page_rows: i64) -> ApiResult<StreamBody> {
    ledger.require()?;
    let mut filter = request.filter.clone();
    if !request.paged {
        filter.limit = page_rows.max(1);
    }
    let first = ledger.list(&filter).await?;
    let mut head = String::new();
    if request.bom {
        head.push_str(UTF8_BOM);
    }
    head.push_str(CSV_HEADER);
    head.push_str("\r\n");
    push_csv_rows(&mut head, &first.rows);
    let mut headers = vec![("content-disposition", DISPOSITION.to_owned())];
    let after = if request.paged {
        if let Some(c) = &first.next_cursor {
            headers.push(("x-next-cursor", c.clone()));
        }
        None
    } else {
        next_after(&first)
    };
    let rest = Rest {
        ledger: ledger.share(),
        filter,
        after,
    };
    let chunks = stream::once(async move { Ok(head.into_bytes()) }).chain(stream::unfold(rest, next_chunk));
    Ok(StreamBody {
        content_type: CONTENT_TYPE,
        headers,
        chunks: Box::pin(chunks),
    })
}

/// The export as a whole answer (status 200, `text/csv`, `content-disposition`, `no-store`,
/// streamed): for a caller that builds its own responses, such as a page of the console.
pub async fn csv_response(ledger: &Ledger, request: &ExportRequest, page_rows: i64) -> ApiResult<Response> {
    let body = csv_body(ledger, request, page_rows).await?;
    let headers = Headers::new();
    let set = |k: &str, v: &str| headers.set(k, v).map_err(|_| ApiError::internal());
    set("content-type", body.content_type)?;
    set("cache-control", "no-store")?;
    set("x-content-type-options", "nosniff")?;
    for (k, v) in &body.headers {
        set(k, v)?;
    }
    Ok(Response::from_stream(body.chunks)
        .map_err(|_| ApiError::internal())?
        .with_headers(headers))
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
    fn bom_and_paging_parse() {
        let r = ExportRequest::parse(&pairs(&[("bom", "1"), ("status", "SALES")])).unwrap();
        assert!(r.bom && !r.paged);
        assert_eq!(r.filter.status.as_deref(), Some("SALES"));
        let r = ExportRequest::parse(&pairs(&[("limit", "10")])).unwrap();
        assert!(!r.bom && r.paged);
        assert_eq!(r.filter.limit, 10);
        assert!(!ExportRequest::parse(&[]).unwrap().bom);
        for bad in [
            vec![("bom", "yes")],
            vec![("bom", "1"), ("bom", "0")],
            vec![("limit", "501")],
            vec![("other", "1")],
        ] {
            assert!(ExportRequest::parse(&pairs(&bad)).is_err(), "{bad:?}");
        }
    }
}
