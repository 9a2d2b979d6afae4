//! The transaction ledger in Cloudflare D1 (binding `LEDGER`, schema in
//! `edge-signer/migrations/`).
//!
//! * [`rows`]: typed rows made from Amazon's objects, and the lifecycle view built from them;
//! * [`store`]: upserts keyed by Amazon's ids and the merchant reference, intents recorded
//!   before an Amazon call and finished after it, the derived status and its history;
//! * [`lines`]: what was sold, the priced lines of an order and what they came to;
//! * [`query`]: the merchant's list with filters and paging, and its CSV export;
//! * [`outbox`]: the merchant events waiting to be delivered, and their deliveries;
//! * [`logs`]: the event delivery log and the received notifications, as the merchant reads them;
//! * [`subscriptions`]: subscriptions, their billing periods and metered usage;
//! * [`console`]: the merchant console's sessions, submitted actions and buyers' names.
//!
//! A transaction's status is never written by hand: after every change to its objects it is
//! derived again with `amazon_pay_shared::lifecycle::derive_status`, and a change is appended
//! to `status_history` with the time and what caused it.

pub mod console;
pub mod lines;
pub mod logs;
pub mod outbox;
pub mod query;
pub mod rows;
pub mod store;
pub mod subscriptions;
mod where_clause;

use amazon_pay_shared::wire::ErrorCode;
use wasm_bindgen::{JsCast, JsValue};
use worker::{D1Database, D1PreparedStatement, Env};

use crate::error::ApiError;

/// The D1 binding's name.
pub const BINDING: &str = "LEDGER";

/// Why the ledger could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// There is no `LEDGER` binding (sandbox keys only): a read only the ledger can answer.
    Disabled,
    /// D1 failed; the reason goes to the request's log line, never to the client.
    Failed(String),
}

impl From<worker::Error> for LedgerError {
    fn from(e: worker::Error) -> LedgerError {
        LedgerError::Failed(e.to_string().chars().take(300).collect())
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> ApiError {
        match e {
            LedgerError::Disabled => ApiError::new(
                ErrorCode::LedgerUnavailable,
                "this signer has no ledger (no LEDGER binding)",
            ),
            LedgerError::Failed(reason) => ApiError::new(
                ErrorCode::LedgerUnavailable,
                "the ledger could not be read or written",
            )
            .with_detail(format!("ledger failed: {reason}")),
        }
    }
}

/// The ledger of this request: D1, or disabled when there is no `LEDGER` binding (sandbox keys
/// only). A disabled ledger does nothing on a write and answers `LEDGER_UNAVAILABLE` on a read.
pub enum Ledger {
    /// The D1 database of the `LEDGER` binding.
    D1 {
        /// The database.
        db: D1Database,
        /// Whether recorded states queue merchant events (`MERCHANT_EVENTS_URL` is set).
        announces: bool,
    },
    /// No binding: nothing is recorded.
    Disabled,
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
    /// The D1 ledger when the `LEDGER` binding exists, else the disabled one; `announces`:
    /// whether the states it records queue merchant events (the configuration has a
    /// `MERCHANT_EVENTS_URL`).
    pub fn open(env: &Env, announces: bool) -> Ledger {
        match env.d1(BINDING) {
            Ok(db) => Ledger::D1 { db, announces },
            Err(_) => Ledger::Disabled,
        }
    }

    /// Another handle on the same ledger (the same D1 database), for work that outlives the
    /// request's borrow: a download streamed after the handler returned.
    pub fn share(&self) -> Ledger {
        match self {
            Ledger::D1 { db, announces } => {
                let js: &JsValue = db.as_ref();
                Ledger::D1 {
                    db: js.clone().unchecked_into::<D1Database>(),
                    announces: *announces,
                }
            }
            Ledger::Disabled => Ledger::Disabled,
        }
    }

    /// Whether there is a ledger to record in and check against.
    pub fn is_enabled(&self) -> bool {
        matches!(self, Ledger::D1 { .. })
    }

    /// Whether the states this ledger records queue merchant events (never when disabled).
    pub fn announces_events(&self) -> bool {
        matches!(self, Ledger::D1 { announces: true, .. })
    }

    /// Nothing, or `LEDGER_UNAVAILABLE` when the ledger is disabled: for what only the ledger
    /// can do, checked before anything else is read or called.
    pub fn require(&self) -> Result<(), LedgerError> {
        match self {
            Ledger::D1 { .. } => Ok(()),
            Ledger::Disabled => Err(LedgerError::Disabled),
        }
    }

    fn db(&self) -> Result<&D1Database, LedgerError> {
        match self {
            Ledger::D1 { db, .. } => Ok(db),
            Ledger::Disabled => Err(LedgerError::Disabled),
        }
    }

    fn statement(&self, sql: &str, args: &[Arg]) -> Result<D1PreparedStatement, LedgerError> {
        let values: Vec<JsValue> = args.iter().map(Arg::js).collect();
        Ok(self.db()?.prepare(sql).bind(&values)?)
    }

    /// Runs one statement; answers the number of rows changed (none when disabled).
    pub async fn run(&self, sql: &str, args: &[Arg]) -> Result<usize, LedgerError> {
        if !self.is_enabled() {
            return Ok(0);
        }
        let result = self.statement(sql, args)?.run().await?;
        Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0))
    }

    /// Runs statements in one transaction (all or nothing; nothing when disabled).
    pub async fn batch(&self, statements: &[(&str, Vec<Arg>)]) -> Result<(), LedgerError> {
        let Ledger::D1 { db, .. } = self else {
            return Ok(());
        };
        let mut prepared = Vec::with_capacity(statements.len());
        for (sql, args) in statements {
            prepared.push(self.statement(sql, args)?);
        }
        db.batch(prepared).await?;
        Ok(())
    }

    /// All rows of a query (`LEDGER_UNAVAILABLE` when disabled).
    pub async fn all<T: for<'a> serde::Deserialize<'a>>(
        &self,
        sql: &str,
        args: &[Arg],
    ) -> Result<Vec<T>, LedgerError> {
        let result = self.statement(sql, args)?.all().await?;
        if let Some(e) = result.error() {
            return Err(LedgerError::Failed(e.chars().take(300).collect()));
        }
        Ok(result.results()?)
    }

    /// The first row of a query (`LEDGER_UNAVAILABLE` when disabled).
    pub async fn first<T: for<'a> serde::Deserialize<'a>>(
        &self,
        sql: &str,
        args: &[Arg],
    ) -> Result<Option<T>, LedgerError> {
        Ok(self.statement(sql, args)?.first(None).await?)
    }
}
