//! `GET /v1/merchant/transactions`, `GET /v1/merchant/transactions.csv` and
//! `GET /v1/merchant/transactions/{reference}`: the ledger as the merchant reads it, with
//! Amazon's reference ids for reconciliation (merchant routes; they need the ledger). Amounts
//! are decimal strings. A list row counts the order's priced lines (`itemCount`); one
//! transaction carries them (`items`, with `subtotal`, `shipping`, `tax` and `total`); the CSV
//! summarises them in its `items` column (`SKU×quantity;…`) with `shipping` and `tax`. The CSV
//! is every matching transaction in one streamed download ([`export`]; `bom=1` for a byte
//! order mark), or one page with an explicit `limit`.

use amazon_pay_shared::wire::ErrorCode;
use serde_json::{json, Value};
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::{query_pairs, Reply};
use crate::ledger::lines::PricingRow;
use crate::ledger::query::{decimal, iso, Filter, SummaryRow};
use crate::ledger::Ledger;
use crate::services::export::{self, ExportRequest};
use crate::services::transactions;

fn summary_json(r: &SummaryRow) -> Value {
    let split = |v: &Option<String>| -> Vec<String> {
        v.as_deref()
            .map(|s| {
                s.split(';')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    json!({
        "merchantReference": r.merchant_reference,
        "flow": r.flow,
        "status": r.status,
        "currencyCode": r.currency,
        "amount": decimal(&r.currency, r.amount_minor),
        "firstAmount": decimal(&r.currency, r.first_amount_minor),
        "captured": decimal(&r.currency, r.captured_minor),
        "refunded": decimal(&r.currency, r.refunded_minor),
        "checkoutSessionId": r.checkout_session_id,
        "chargePermissionId": r.charge_permission_id,
        "chargeId": r.charge_id,
        "chargeIds": split(&r.charge_ids),
        "refundIds": split(&r.refund_ids),
        "itemCount": r.item_count,
        "createdAt": iso(r.created_at),
        "updatedAt": iso(r.updated_at),
    })
}

/// One page of the list (JSON), the next page's cursor in `nextCursor`.
pub async fn list(req: &mut Request, ledger: &Ledger) -> ApiResult<Reply> {
    ledger.require()?;
    let filter = Filter::parse(&query_pairs(req)?, false)?;
    let page = transactions::list(ledger, &filter).await?;
    Reply::ok(&json!({
        "transactions": page.rows.iter().map(summary_json).collect::<Vec<_>>(),
        "nextCursor": page.next_cursor,
    }))
}

/// The CSV export, streamed.
pub async fn csv(req: &mut Request, config: &Config, ledger: &Ledger) -> ApiResult<Reply> {
    ledger.require()?;
    let request = ExportRequest::parse(&query_pairs(req)?)?;
    let body = export::csv_body(ledger, &request, config.export_page_rows).await?;
    Ok(Reply::stream(body))
}

/// One transaction with its charges, refunds, status history and intents.
pub async fn detail(ledger: &Ledger, reference: &str) -> ApiResult<Reply> {
    ledger.require()?;
    if !amazon_pay_shared::cart_token::valid_reference(reference) {
        return Err(ApiError::new(
            ErrorCode::InvalidId,
            "not a valid merchant reference",
        ));
    }
    let detail = transactions::detail(ledger, reference).await?;
    let cur = detail.summary.currency.clone();
    let charges: Vec<Value> = detail
        .charges
        .iter()
        .map(|c| {
            json!({
                "chargeId": c.charge_id, "chargePermissionId": c.charge_permission_id, "state": c.state,
                "reasonCode": c.reason_code, "captureNow": c.capture_now != 0,
                "amount": decimal(&cur, c.amount_minor),
                "captured": c.captured_minor.map(|m| decimal(&cur, m)),
                "createdAt": iso(c.created_at_amazon), "stateAt": iso(c.state_at),
            })
        })
        .collect();
    let refunds: Vec<Value> = detail
        .refunds
        .iter()
        .map(|r| {
            json!({
                "refundId": r.refund_id, "chargeId": r.charge_id, "state": r.state, "reasonCode": r.reason_code,
                "amount": decimal(&cur, r.amount_minor), "createdAt": iso(r.created_at_amazon),
                "stateAt": iso(r.state_at),
            })
        })
        .collect();
    let history: Vec<Value> = detail
        .history
        .iter()
        .map(|h| json!({"status": h.status, "source": h.source, "at": iso(h.at)}))
        .collect();
    let intents: Vec<Value> = detail
        .intents
        .iter()
        .map(|i| {
            json!({
                "operation": i.operation, "state": i.state, "targetId": i.target_id, "resultId": i.result_id,
                "amount": i.amount_minor.map(|m| decimal(&cur, m)), "errorCode": i.error_code,
                "createdAt": iso(i.created_at), "updatedAt": iso(i.updated_at),
            })
        })
        .collect();
    let items: Vec<Value> = detail
        .lines
        .iter()
        .map(|l| {
            json!({
                "sku": l.sku, "name": l.name, "quantity": l.quantity,
                "unitPrice": decimal(&cur, l.unit_minor), "lineTotal": decimal(&cur, l.line_minor),
            })
        })
        .collect();
    let priced = |minor: fn(&PricingRow) -> i64| detail.pricing.as_ref().map(|p| decimal(&cur, minor(p)));
    let mut body = summary_json(&detail.summary);
    body["items"] = Value::Array(items);
    body["subtotal"] = json!(priced(|p| p.subtotal_minor));
    body["shipping"] = json!(priced(|p| p.shipping_minor));
    body["tax"] = json!(priced(|p| p.tax_minor));
    body["total"] = json!(priced(|p| p.total_minor));
    body["charges"] = Value::Array(charges);
    body["refunds"] = Value::Array(refunds);
    body["history"] = Value::Array(history);
    body["intents"] = Value::Array(intents);
    Reply::ok(&body)
}
