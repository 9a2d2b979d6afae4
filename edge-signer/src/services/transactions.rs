//! The ledger as the merchant reads it: a page of transactions, and one transaction with its
//! charges, refunds, status history, intents and priced lines. Both need the ledger (`LEDGER_UNAVAILABLE`).

use amazon_pay_shared::wire::ErrorCode;

use crate::error::{ApiError, ApiResult};
use crate::ledger::lines::{LineRow, PricingRow};
use crate::ledger::query::{Filter, Page, SummaryRow};
use crate::ledger::rows::{ChargeRow, RefundRow};
use crate::ledger::store::{HistoryRow, IntentRow};
use crate::ledger::Ledger;

/// One transaction with everything recorded under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionDetail {
    /// The transaction as the list shows it.
    pub summary: SummaryRow,
    /// Its charges, in order.
    pub charges: Vec<ChargeRow>,
    /// Its refunds.
    pub refunds: Vec<RefundRow>,
    /// Its status history, oldest first.
    pub history: Vec<HistoryRow>,
    /// Its intents, oldest first.
    pub intents: Vec<IntentRow>,
    /// What was sold, in line order (none without a catalog cart or a cart token with items).
    pub lines: Vec<LineRow>,
    /// What the lines came to (none without a catalog cart or a cart token with items).
    pub pricing: Option<PricingRow>,
}

/// One page of transactions, newest first.
pub async fn list(ledger: &Ledger, filter: &Filter) -> ApiResult<Page> {
    Ok(ledger.list(filter).await?)
}

/// One transaction by its merchant reference.
pub async fn detail(ledger: &Ledger, reference: &str) -> ApiResult<TransactionDetail> {
    let filter = Filter {
        reference: Some(reference.to_owned()),
        limit: 1,
        ..Filter::default()
    };
    let page = ledger.list(&filter).await?;
    let Some(summary) = page.rows.into_iter().next() else {
        return Err(ApiError::new(
            ErrorCode::TransactionNotFound,
            "no such transaction",
        ));
    };
    Ok(TransactionDetail {
        summary,
        charges: ledger.charges(reference).await?,
        refunds: ledger.refunds(reference).await?,
        history: ledger.history(reference).await?,
        intents: ledger.intents(reference).await?,
        lines: ledger.lines(reference).await?,
        pricing: ledger.pricing(reference).await?,
    })
}
