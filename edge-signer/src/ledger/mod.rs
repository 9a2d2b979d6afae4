//! The transaction ledger in Cloudflare D1 (binding `LEDGER`, schema in
//! `edge-signer/migrations/`).
//!
//! * [`rows`]: typed rows made from Amazon's objects, and the lifecycle view built from them;
//! * [`store`]: upserts keyed by Amazon's ids and the merchant reference, intents recorded
//!   before an Amazon call and finished after it, the derived status and its history;
//! * [`query`]: the merchant's list with filters and paging, and its CSV export.
//!
//! A transaction's status is never written by hand: after every change to its objects it is
//! derived again with `amazon_pay_shared::lifecycle::derive_status`, and a change is appended
//! to `status_history` with the time and what caused it.

pub mod query;
pub mod rows;
pub mod store;

use amazon_pay_shared::wire::ErrorCode;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, Env};

use crate::error::ApiError;

/// The D1 binding's name.
pub const BINDING: &str = "LEDGER";

/// A D1 failure; the detail is logged, never answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerError(pub String);

impl From<worker::Error> for LedgerError {
    fn from(e: worker::Error) -> LedgerError {
        LedgerError(e.to_string().chars().take(300).collect())
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> ApiError {
        crate::log::event("error", "ledger_failed", &[("reason", e.0.into())]);
        ApiError::new(
            ErrorCode::LedgerUnavailable,
            "the ledger could not be read or written",
        )
    }
}

/// The ledger of this request.
pub struct Ledger {
    db: D1Database,
}

/// A bound SQL argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text.
    Text(String),
    /// An integer (Unix seconds, minor units, counts: all far below 2^53).
    Int(i64),
    /// NULL.
    Null,
}

impl Arg {
    fn js(&self) -> JsValue {
        match self {
            Arg::Text(s) => JsValue::from_str(s),
            Arg::Int(n) => JsValue::from_f64(*n as f64),
            Arg::Null => JsValue::NULL,
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Int(n)
    }
}

impl<T: Into<Arg>> From<Option<T>> for Arg {
    fn from(v: Option<T>) -> Arg {
        v.map(Into::into).unwrap_or(Arg::Null)
    }
}

impl Ledger {
    /// The ledger when the `LEDGER` binding exists.
    pub fn open(env: &Env) -> Option<Ledger> {
        env.d1(BINDING).ok().map(|db| Ledger { db })
    }

    fn statement(&self, sql: &str, args: &[Arg]) -> Result<D1PreparedStatement, LedgerError> {
        let values: Vec<JsValue> = args.iter().map(Arg::js).collect();
        Ok(self.db.prepare(sql).bind(&values)?)
    }

    /// Runs one statement; answers the number of rows changed.
    pub async fn run(&self, sql: &str, args: &[Arg]) -> Result<usize, LedgerError> {
        let result = self.statement(sql, args)?.run().await?;
        Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0))
    }

    /// Runs statements in one transaction (all or nothing).
    pub async fn batch(&self, statements: &[(&str, Vec<Arg>)]) -> Result<(), LedgerError> {
        let mut prepared = Vec::with_capacity(statements.len());
        for (sql, args) in statements {
            prepared.push(self.statement(sql, args)?);
        }
        self.db.batch(prepared).await?;
        Ok(())
    }

    /// All rows of a query.
    pub async fn all<T: for<'a> serde::Deserialize<'a>>(
        &self,
        sql: &str,
        args: &[Arg],
    ) -> Result<Vec<T>, LedgerError> {
        let result = self.statement(sql, args)?.all().await?;
        if let Some(e) = result.error() {
            return Err(LedgerError(e.chars().take(300).collect()));
        }
        Ok(result.results()?)
    }

    /// The first row of a query.
    pub async fn first<T: for<'a> serde::Deserialize<'a>>(
        &self,
        sql: &str,
        args: &[Arg],
    ) -> Result<Option<T>, LedgerError> {
        Ok(self.statement(sql, args)?.first(None).await?)
    }
}
