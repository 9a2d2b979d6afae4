//! What the merchant console keeps in the ledger (migration `0005_console_sessions.sql`): its
//! sessions (by the SHA-256 of the session id), the idempotency keys of submitted actions and
//! the buyer's name of each order; and the lookups of its order list (charge states, the order
//! of an Amazon id).

use serde::Deserialize;

use super::{Arg, Ledger, LedgerError};

/// One console session.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConsoleSessionRow {
    /// SHA-256 (hex) of the session id.
    pub id_hash: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Started.
    pub created_at: i64,
    /// The last request.
    pub last_seen_at: i64,
    /// Signed out.
    pub ended_at: Option<i64>,
}

#[derive(Deserialize)]
struct BuyerRow {
    merchant_reference: String,
    buyer_name: String,
}

impl Ledger {
    /// Records a new session.
    pub async fn open_console_session(&self, id_hash: &str, csrf: &str, now: i64) -> Result<(), LedgerError> {
        self.require()?;
        self.run(
            "INSERT INTO console_sessions (id_hash, csrf, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
            &[id_hash.into(), csrf.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// A session by the hash of its id.
    pub async fn console_session(&self, id_hash: &str) -> Result<Option<ConsoleSessionRow>, LedgerError> {
        self.first(
            "SELECT id_hash, csrf, created_at, last_seen_at, ended_at FROM console_sessions WHERE id_hash = ?1",
            &[id_hash.into()],
        )
        .await
    }

    /// Moves a live session's last request to `now` (the sliding expiry).
    pub async fn touch_console_session(&self, id_hash: &str, now: i64) -> Result<(), LedgerError> {
        self.run(
            "UPDATE console_sessions SET last_seen_at = ?2 WHERE id_hash = ?1 AND ended_at IS NULL",
            &[id_hash.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// Ends a session (sign-out) and forgets sessions idle for longer than `idle_secs`.
    pub async fn end_console_session(
        &self,
        id_hash: &str,
        now: i64,
        idle_secs: i64,
    ) -> Result<(), LedgerError> {
        self.batch(&[
            (
                "UPDATE console_sessions SET ended_at = ?2 WHERE id_hash = ?1",
                vec![id_hash.into(), now.into()],
            ),
            (
                "DELETE FROM console_sessions WHERE last_seen_at < ?1 AND id_hash <> ?2",
                vec![(now - idle_secs).into(), id_hash.into()],
            ),
        ])
        .await
    }

    /// Claims an action's idempotency key: true the first time, false when a form with this key
    /// was already submitted.
    pub async fn claim_console_action(
        &self,
        key: &str,
        reference: &str,
        action: &str,
        now: i64,
    ) -> Result<bool, LedgerError> {
        self.require()?;
        let changed = self
            .run(
                "INSERT OR IGNORE INTO console_actions (idempotency_key, merchant_reference, action, created_at) \
                 VALUES (?1, ?2, ?3, ?4)",
                &[key.into(), reference.into(), action.into(), now.into()],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Records the buyer's name of an order.
    pub async fn put_buyer_name(&self, reference: &str, name: &str, now: i64) -> Result<(), LedgerError> {
        self.run(
            "INSERT INTO order_buyers (merchant_reference, buyer_name, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (merchant_reference) DO UPDATE SET buyer_name = ?2, updated_at = ?3",
            &[reference.into(), name.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// The buyers' names of these orders (reference, name); orders without one are left out.
    pub async fn buyer_names(&self, references: &[&str]) -> Result<Vec<(String, String)>, LedgerError> {
        if references.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=references.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT merchant_reference, buyer_name FROM order_buyers WHERE merchant_reference IN ({})",
            marks.join(",")
        );
        let args: Vec<Arg> = references.iter().map(|r| (*r).into()).collect();
        let rows: Vec<BuyerRow> = self.all(&sql, &args).await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.merchant_reference, r.buyer_name))
            .collect())
    }
}

#[derive(Deserialize)]
struct StateRow {
    charge_id: String,
    state: String,
}

#[derive(Deserialize)]
struct ReferenceRow {
    merchant_reference: String,
}

impl Ledger {
    /// Amazon's last seen state of these charges (id, state).
    pub async fn charge_states(&self, ids: &[&str]) -> Result<Vec<(String, String)>, LedgerError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT charge_id, state FROM charges WHERE charge_id IN ({})",
            marks.join(",")
        );
        let args: Vec<Arg> = ids.iter().map(|r| (*r).into()).collect();
        let rows: Vec<StateRow> = self.all(&sql, &args).await?;
        Ok(rows.into_iter().map(|r| (r.charge_id, r.state)).collect())
    }

    /// Whether any transaction is on charge permission `id`.
    pub async fn has_permission(&self, id: &str) -> Result<bool, LedgerError> {
        let row: Option<ReferenceRow> = self
            .first(
                "SELECT merchant_reference FROM transactions WHERE charge_permission_id = ?1 LIMIT 1",
                &[id.into()],
            )
            .await?;
        Ok(row.is_some())
    }

    /// The order a checkout session, charge or refund id belongs to.
    pub async fn reference_of_amazon_id(&self, id: &str) -> Result<Option<String>, LedgerError> {
        let row: Option<ReferenceRow> = self
            .first(
                "SELECT merchant_reference FROM transactions WHERE checkout_session_id = ?1 \
                 UNION ALL SELECT merchant_reference FROM charges WHERE charge_id = ?1 \
                 UNION ALL SELECT merchant_reference FROM refunds WHERE refund_id = ?1 LIMIT 1",
                &[id.into()],
            )
            .await?;
        Ok(row.map(|r| r.merchant_reference))
    }
}
