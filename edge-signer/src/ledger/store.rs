//! Writing and reading the ledger: transactions keyed by the merchant reference, Amazon's
//! objects keyed by their ids (upserts that never move a row backwards, see [`super::rows`]),
//! intents, the derived status with its history, and the notifications already taken. A
//! charge or refund recorded in a state the merchant is told about queues its merchant event
//! ([`payments`]).

use amazon_pay_shared::api::{Charge, ChargePermission, CheckoutSession, Refund};
use amazon_pay_shared::lifecycle::{derive_status, FlowKind, TransactionStatus};
use amazon_pay_shared::money::Currency;
use amazon_pay_shared::wire::ErrorCode;
use serde::{Deserialize, Serialize};

use super::rows::{session_state, view_of, ChargeRow, PermissionRow, RefundRow, TransactionRow};
use super::{Ledger, LedgerError};
use crate::error::{ApiError, ApiResult};
use crate::services::merchant_events::payments;

/// What a new transaction starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransaction<'a> {
    /// The merchant's reference.
    pub reference: &'a str,
    /// The flow.
    pub flow: FlowKind,
    /// The currency.
    pub currency: Currency,
    /// The amount asked for, minor units.
    pub amount_minor: i64,
    /// Whether the buyer was told the amount may change.
    pub amount_change_enabled: bool,
    /// The checkout session, for a checkout.
    pub checkout_session_id: Option<&'a str>,
    /// The permission, for a merchant-initiated charge.
    pub charge_permission_id: Option<&'a str>,
}

/// An intent: what the signer is about to ask Amazon, recorded first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntentRow {
    /// The key (the idempotency key when the call has one).
    pub intent_key: String,
    /// The transaction.
    pub merchant_reference: String,
    /// The lifecycle operation code (`CAPTURE`, `CANCEL_PARTIAL`, …) or `COMPLETE`.
    pub operation: String,
    /// HTTP method of the Amazon call.
    pub method: String,
    /// Path of the Amazon call.
    pub path: String,
    /// Body of the Amazon call (ids and amounts only).
    pub body: Option<String>,
    /// The idempotency key sent, if any.
    pub idempotency_key: Option<String>,
    /// The object acted on (charge, permission, session).
    pub target_id: Option<String>,
    /// Currency of the amount.
    pub currency: Option<String>,
    /// Amount, minor units.
    pub amount_minor: Option<i64>,
    /// `PENDING`, `DONE` or `FAILED`.
    pub state: String,
    /// The object the call produced or changed.
    pub result_id: Option<String>,
    /// The signer's error code of a refusal.
    pub error_code: Option<String>,
    /// Recorded at.
    pub created_at: i64,
    /// Last changed at.
    pub updated_at: i64,
}

/// One status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The transaction.
    pub merchant_reference: String,
    /// The new status.
    pub status: String,
    /// What caused it (`place-order`, `complete`, `capture`, `webhook`, `sync`, …).
    pub source: String,
    /// When (Amazon's time as the signer saw it).
    pub at: i64,
}

const TX_COLUMNS: &str = "merchant_reference, flow, status, currency, amount_minor, first_amount_minor, \
     amount_change_enabled, checkout_session_id, session_state, session_reason, redirected, \
     charge_permission_id, charge_id, created_at, updated_at";

fn conflict(message: &str) -> ApiError {
    ApiError::new(ErrorCode::ReferenceConflict, message)
}

impl Ledger {
    /// Opens a transaction, or answers the existing one when it is the same (a retry). A
    /// reference already used for another session, permission or amount is refused with
    /// `REFERENCE_CONFLICT`, as is a session already recorded under another reference.
    pub async fn open_transaction(&self, t: &NewTransaction<'_>, now: i64) -> ApiResult<TransactionRow> {
        if let Some(session) = t.checkout_session_id {
            if let Some(existing) = self.transaction_by_session(session).await? {
                if existing.merchant_reference != t.reference {
                    return Err(conflict(
                        "this checkout session is already recorded under another merchant reference",
                    ));
                }
            }
        }
        self.run(
            &format!(
                "INSERT INTO transactions ({TX_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, NULL, NULL, 0, ?8, NULL, ?9, ?9) \
                 ON CONFLICT(merchant_reference) DO NOTHING"
            ),
            &[
                t.reference.into(),
                t.flow.code().into(),
                TransactionStatus::Unprocessed.code().into(),
                t.currency.code().into(),
                t.amount_minor.into(),
                i64::from(t.amount_change_enabled).into(),
                t.checkout_session_id.into(),
                t.charge_permission_id.into(),
                now.into(),
            ],
        )
        .await?;
        let row = self
            .transaction(t.reference)
            .await?
            .ok_or_else(|| ApiError::from(LedgerError::Failed("the transaction vanished".into())))?;
        let same = row.flow == t.flow.code()
            && row.currency == t.currency.code()
            && row.checkout_session_id.as_deref() == t.checkout_session_id
            && (t.charge_permission_id.is_none()
                || row.charge_permission_id.as_deref() == t.charge_permission_id);
        if !same {
            return Err(conflict("this merchant reference names another transaction"));
        }
        if row.amount_minor != t.amount_minor {
            if row.charge_id.is_some() || t.checkout_session_id.is_none() {
                return Err(conflict(
                    "this merchant reference was already used with another amount",
                ));
            }
            // Before payment a checkout may be placed again with a new cart.
            self.run(
                "UPDATE transactions SET amount_minor = ?2, first_amount_minor = ?2, updated_at = ?3 \
                 WHERE merchant_reference = ?1 AND charge_id IS NULL",
                &[t.reference.into(), t.amount_minor.into(), now.into()],
            )
            .await?;
        }
        Ok(self.transaction(t.reference).await?.unwrap_or(row))
    }

    /// A transaction by reference.
    pub async fn transaction(&self, reference: &str) -> Result<Option<TransactionRow>, LedgerError> {
        self.first(
            &format!("SELECT {TX_COLUMNS} FROM transactions WHERE merchant_reference = ?1"),
            &[reference.into()],
        )
        .await
    }

    /// The transaction of a checkout session.
    pub async fn transaction_by_session(&self, id: &str) -> Result<Option<TransactionRow>, LedgerError> {
        self.first(
            &format!("SELECT {TX_COLUMNS} FROM transactions WHERE checkout_session_id = ?1"),
            &[id.into()],
        )
        .await
    }

    /// The transaction a charge belongs to.
    pub async fn transaction_by_charge(&self, id: &str) -> Result<Option<TransactionRow>, LedgerError> {
        let columns = TX_COLUMNS
            .split(", ")
            .map(|c| format!("t.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.first(
            &format!(
                "SELECT {columns} FROM transactions t WHERE t.charge_id = ?1 OR t.merchant_reference = \
                 (SELECT merchant_reference FROM charges WHERE charge_id = ?1) LIMIT 1"
            ),
            &[id.into()],
        )
        .await
    }

    /// The transaction that created a permission (its checkout).
    pub async fn transaction_of_permission(&self, id: &str) -> Result<Option<TransactionRow>, LedgerError> {
        self.first(
            &format!(
                "SELECT {TX_COLUMNS} FROM transactions WHERE charge_permission_id = ?1 AND flow != 'MERCHANT_INITIATED' \
                 ORDER BY created_at LIMIT 1"
            ),
            &[id.into()],
        )
        .await
    }

    /// Records a checkout session's state, the ids it links to and the buyer's name.
    pub async fn put_session(
        &self,
        reference: &str,
        session: &CheckoutSession,
        redirected: bool,
        now: i64,
    ) -> Result<(), LedgerError> {
        let (state, reason) = session_state(session);
        self.run(
            "UPDATE transactions SET session_state = ?2, session_reason = ?3, \
             redirected = MAX(redirected, ?4), \
             charge_permission_id = COALESCE(charge_permission_id, ?5), \
             charge_id = COALESCE(charge_id, ?6), updated_at = ?7 WHERE merchant_reference = ?1",
            &[
                reference.into(),
                state.into(),
                reason.into(),
                i64::from(redirected).into(),
                session.charge_permission_id.as_deref().into(),
                session.charge_id.as_deref().into(),
                now.into(),
            ],
        )
        .await?;
        if let Some(name) = session.buyer.as_ref().and_then(|b| b.name.as_deref()) {
            self.put_buyer_name(reference, name, now).await?;
        }
        Ok(())
    }

    /// Records that Amazon deleted the transaction's checkout session while the ledger still
    /// had it `Open`: it was never completed (Amazon answers a completed session's Complete
    /// again from its idempotency key), so it ended `Canceled` with `Expired` 24 hours after it
    /// was created. A session the ledger saw end keeps what it recorded.
    pub async fn put_session_deleted(&self, reference: &str, now: i64) -> Result<(), LedgerError> {
        self.run(
            "UPDATE transactions SET session_state = 'Canceled', session_reason = 'Expired', \
             updated_at = ?2 WHERE merchant_reference = ?1 AND session_state = 'Open'",
            &[reference.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// Makes `charge_id` the transaction's current charge (a new authorization).
    pub async fn set_current_charge(
        &self,
        reference: &str,
        charge_id: &str,
        amount_minor: i64,
        now: i64,
    ) -> Result<(), LedgerError> {
        self.run(
            "UPDATE transactions SET charge_id = ?2, amount_minor = ?3, updated_at = ?4 WHERE merchant_reference = ?1",
            &[reference.into(), charge_id.into(), amount_minor.into(), now.into()],
        )
        .await?;
        Ok(())
    }

    /// Upserts a charge permission as Amazon reported it.
    pub async fn put_permission(
        &self,
        p: &ChargePermission,
        reference: &str,
        now: i64,
    ) -> Result<(), LedgerError> {
        let row = PermissionRow::from_api(p, reference, now);
        self.run(
            "INSERT INTO permissions (charge_permission_id, merchant_reference, permission_type, state, reason_code, \
             created_at_amazon, expires_at_amazon, state_at, state_rank, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
             ON CONFLICT(charge_permission_id) DO UPDATE SET state = excluded.state, \
             reason_code = excluded.reason_code, expires_at_amazon = excluded.expires_at_amazon, \
             state_at = excluded.state_at, state_rank = excluded.state_rank, updated_at = excluded.updated_at \
             WHERE excluded.state_at > permissions.state_at OR (excluded.state_at = permissions.state_at \
             AND excluded.state_rank >= permissions.state_rank)",
            &[
                row.charge_permission_id.into(),
                row.merchant_reference.into(),
                row.permission_type.into(),
                row.state.into(),
                row.reason_code.into(),
                row.created_at_amazon.into(),
                row.expires_at_amazon.into(),
                row.state_at.into(),
                row.state_rank.into(),
                now.into(),
            ],
        )
        .await?;
        Ok(())
    }

    /// A permission as last recorded.
    pub async fn permission(&self, id: &str) -> Result<Option<PermissionRow>, LedgerError> {
        self.first(
            "SELECT charge_permission_id, merchant_reference, permission_type, state, reason_code, created_at_amazon, \
             expires_at_amazon, state_at, state_rank FROM permissions WHERE charge_permission_id = ?1",
            &[id.into()],
        )
        .await
    }

    /// Upserts a charge as Amazon reported it, under `reference` (a new charge gets the next
    /// sequence number of its transaction).
    pub async fn put_charge(&self, c: &Charge, reference: &str, now: i64) -> ApiResult<ChargeRow> {
        let row = ChargeRow::from_api(c, reference, 0, now)
            .map_err(|e| ApiError::internal().with_detail(format!("ledger row refused: {}", e.0)))?;
        self.run(
            "INSERT INTO charges (charge_id, merchant_reference, charge_permission_id, seq, state, reason_code, \
             capture_now, currency, amount_minor, captured_minor, created_at_amazon, captured_at, state_at, \
             state_rank, updated_at) VALUES (?1, ?2, ?3, \
             (SELECT COALESCE(MAX(seq), 0) + 1 FROM charges WHERE merchant_reference = ?2), \
             ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
             ON CONFLICT(charge_id) DO UPDATE SET state = excluded.state, reason_code = excluded.reason_code, \
             captured_minor = COALESCE(excluded.captured_minor, charges.captured_minor), \
             captured_at = COALESCE(charges.captured_at, excluded.captured_at), \
             state_at = excluded.state_at, state_rank = excluded.state_rank, updated_at = excluded.updated_at \
             WHERE excluded.state_at > charges.state_at OR (excluded.state_at = charges.state_at \
             AND excluded.state_rank >= charges.state_rank)",
            &[
                row.charge_id.clone().into(),
                row.merchant_reference.clone().into(),
                row.charge_permission_id.clone().into(),
                row.state.clone().into(),
                row.reason_code.clone().into(),
                row.capture_now.into(),
                row.currency.clone().into(),
                row.amount_minor.into(),
                row.captured_minor.into(),
                row.created_at_amazon.into(),
                row.captured_at.into(),
                row.state_at.into(),
                row.state_rank.into(),
                now.into(),
            ],
        )
        .await?;
        payments::charge_recorded(self, &row, now).await?;
        Ok(row)
    }

    /// Upserts a refund as Amazon reported it.
    pub async fn put_refund(&self, r: &Refund, reference: &str, now: i64) -> ApiResult<()> {
        let row = RefundRow::from_api(r, reference, now)
            .map_err(|e| ApiError::internal().with_detail(format!("ledger row refused: {}", e.0)))?;
        self.run(
            "INSERT INTO refunds (refund_id, charge_id, merchant_reference, state, reason_code, currency, amount_minor, \
             created_at_amazon, state_at, state_rank, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
             ON CONFLICT(refund_id) DO UPDATE SET state = excluded.state, reason_code = excluded.reason_code, \
             state_at = excluded.state_at, state_rank = excluded.state_rank, updated_at = excluded.updated_at \
             WHERE excluded.state_at > refunds.state_at OR (excluded.state_at = refunds.state_at \
             AND excluded.state_rank >= refunds.state_rank)",
            &[
                row.refund_id.clone().into(),
                row.charge_id.clone().into(),
                row.merchant_reference.clone().into(),
                row.state.clone().into(),
                row.reason_code.clone().into(),
                row.currency.clone().into(),
                row.amount_minor.into(),
                row.created_at_amazon.into(),
                row.state_at.into(),
                row.state_rank.into(),
                now.into(),
            ],
        )
        .await?;
        payments::refund_recorded(self, &row, now).await?;
        Ok(())
    }

    /// A transaction's charges, in order.
    pub async fn charges(&self, reference: &str) -> Result<Vec<ChargeRow>, LedgerError> {
        self.all(
            "SELECT charge_id, merchant_reference, charge_permission_id, seq, state, reason_code, capture_now, currency, \
             amount_minor, captured_minor, created_at_amazon, captured_at, state_at, state_rank FROM charges \
             WHERE merchant_reference = ?1 ORDER BY seq",
            &[reference.into()],
        )
        .await
    }

    /// Every charge made on a permission (all its transactions).
    pub async fn charges_on_permission(&self, permission_id: &str) -> Result<Vec<ChargeRow>, LedgerError> {
        self.all(
            "SELECT charge_id, merchant_reference, charge_permission_id, seq, state, reason_code, capture_now, currency, \
             amount_minor, captured_minor, created_at_amazon, captured_at, state_at, state_rank FROM charges \
             WHERE charge_permission_id = ?1 ORDER BY created_at_amazon",
            &[permission_id.into()],
        )
        .await
    }

    /// A transaction's refunds.
    pub async fn refunds(&self, reference: &str) -> Result<Vec<RefundRow>, LedgerError> {
        self.all(
            "SELECT refund_id, charge_id, merchant_reference, state, reason_code, currency, amount_minor, \
             created_at_amazon, state_at, state_rank FROM refunds WHERE merchant_reference = ?1 ORDER BY created_at_amazon",
            &[reference.into()],
        )
        .await
    }

    /// Derives the transaction's status from its recorded objects; a change is written with a
    /// history row (both or neither). Answers the status.
    pub async fn refresh_status(
        &self,
        reference: &str,
        source: &str,
        now: i64,
    ) -> ApiResult<TransactionStatus> {
        let tx = self
            .transaction(reference)
            .await?
            .ok_or_else(|| ApiError::new(ErrorCode::TransactionNotFound, "no such transaction"))?;
        let permission = match (&tx.charge_permission_id, tx.flow_kind()) {
            (Some(id), FlowKind::OneTime | FlowKind::PermissionOnly) => self.permission(id).await?,
            _ => None,
        };
        let charges = self.charges(reference).await?;
        let refunds = self.refunds(reference).await?;
        let view = view_of(&tx, permission.as_ref(), &charges, &refunds)
            .map_err(|e| ApiError::internal().with_detail(format!("ledger view refused: {}", e.0)))?;
        let status = derive_status(&view).map_err(|e| {
            ApiError::internal().with_detail(format!("status not derived: {}", e.detail_code()))
        })?;
        if status.code() != tx.status {
            self.batch(&[
                (
                    "INSERT INTO status_history (merchant_reference, status, source, at) SELECT ?1, ?2, ?3, ?4 \
                     WHERE EXISTS (SELECT 1 FROM transactions WHERE merchant_reference = ?1 AND status != ?2)",
                    vec![reference.into(), status.code().into(), source.into(), now.into()],
                ),
                (
                    "UPDATE transactions SET status = ?2, updated_at = ?3 WHERE merchant_reference = ?1",
                    vec![reference.into(), status.code().into(), now.into()],
                ),
            ])
            .await?;
        }
        Ok(status)
    }

    /// A transaction's status history, oldest first.
    pub async fn history(&self, reference: &str) -> Result<Vec<HistoryRow>, LedgerError> {
        self.all(
            "SELECT merchant_reference, status, source, at FROM status_history WHERE merchant_reference = ?1 ORDER BY id",
            &[reference.into()],
        )
        .await
    }

    /// Records an intent before the Amazon call (a repeated one goes back to `PENDING` unless
    /// it is already `DONE`).
    pub async fn begin_intent(&self, i: &IntentRow) -> Result<(), LedgerError> {
        self.run(
            "INSERT INTO intents (intent_key, merchant_reference, operation, method, path, body, idempotency_key, \
             target_id, currency, amount_minor, state, result_id, error_code, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'PENDING', NULL, NULL, ?11, ?11) \
             ON CONFLICT(intent_key) DO UPDATE SET state = 'PENDING', error_code = NULL, updated_at = excluded.updated_at \
             WHERE intents.state != 'DONE'",
            &[
                (&i.intent_key).into(),
                (&i.merchant_reference).into(),
                (&i.operation).into(),
                (&i.method).into(),
                (&i.path).into(),
                i.body.as_deref().into(),
                i.idempotency_key.as_deref().into(),
                i.target_id.as_deref().into(),
                i.currency.as_deref().into(),
                i.amount_minor.into(),
                i.created_at.into(),
            ],
        )
        .await?;
        Ok(())
    }

    /// Finishes an intent: `DONE` with the resulting object, or `FAILED` with the code.
    pub async fn finish_intent(
        &self,
        key: &str,
        done: bool,
        result_id: Option<&str>,
        error_code: Option<&str>,
        now: i64,
    ) -> Result<(), LedgerError> {
        self.run(
            "UPDATE intents SET state = ?2, result_id = COALESCE(?3, result_id), error_code = ?4, updated_at = ?5 \
             WHERE intent_key = ?1 AND state != 'DONE'",
            &[
                key.into(),
                if done { "DONE" } else { "FAILED" }.into(),
                result_id.into(),
                error_code.into(),
                now.into(),
            ],
        )
        .await?;
        Ok(())
    }

    /// An intent by its key.
    pub async fn intent(&self, key: &str) -> Result<Option<IntentRow>, LedgerError> {
        self.first(
            "SELECT intent_key, merchant_reference, operation, method, path, body, idempotency_key, target_id, currency, \
             amount_minor, state, result_id, error_code, created_at, updated_at FROM intents WHERE intent_key = ?1",
            &[key.into()],
        )
        .await
    }

    /// Intents still `PENDING`, oldest first.
    pub async fn pending_intents(&self, limit: i64) -> Result<Vec<IntentRow>, LedgerError> {
        self.all(
            "SELECT intent_key, merchant_reference, operation, method, path, body, idempotency_key, target_id, currency, \
             amount_minor, state, result_id, error_code, created_at, updated_at FROM intents WHERE state = 'PENDING' \
             ORDER BY rowid LIMIT ?1",
            &[limit.into()],
        )
        .await
    }

    /// A transaction's intents, oldest first.
    pub async fn intents(&self, reference: &str) -> Result<Vec<IntentRow>, LedgerError> {
        self.all(
            "SELECT intent_key, merchant_reference, operation, method, path, body, idempotency_key, target_id, currency, \
             amount_minor, state, result_id, error_code, created_at, updated_at FROM intents \
             WHERE merchant_reference = ?1 ORDER BY rowid",
            &[reference.into()],
        )
        .await
    }

    /// Transactions whose status is pending at Amazon (or whose authorization is), oldest first.
    pub async fn pending_transactions(&self, limit: i64) -> Result<Vec<TransactionRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {TX_COLUMNS} FROM transactions WHERE status IN ('REQCAPTURE', 'REQSALES', 'REQRETURN') \
                 OR (status = 'AUTHPROCESS' AND charge_id IS NOT NULL) ORDER BY updated_at LIMIT ?1"
            ),
            &[limit.into()],
        )
        .await
    }

    /// Transactions whose checkout session the ledger still has `Open`, oldest first, without a
    /// pending intent (sync finishes those first).
    pub async fn open_sessions(&self, limit: i64) -> Result<Vec<TransactionRow>, LedgerError> {
        self.all(
            &format!(
                "SELECT {TX_COLUMNS} FROM transactions WHERE session_state = 'Open' \
                 AND checkout_session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM intents \
                 WHERE intents.merchant_reference = transactions.merchant_reference \
                 AND intents.state = 'PENDING') ORDER BY created_at LIMIT ?1"
            ),
            &[limit.into()],
        )
        .await
    }

    /// Takes a notification by its SNS message id; false when it was taken before
    /// (`LEDGER_UNAVAILABLE` when disabled: only the ledger knows what was taken).
    pub async fn take_notification(
        &self,
        message_id: &str,
        object_type: &str,
        object_id: &str,
        now: i64,
    ) -> Result<bool, LedgerError> {
        self.require()?;
        let changed = self
            .run(
                "INSERT INTO notifications (message_id, object_type, object_id, outcome, received_at) \
                 VALUES (?1, ?2, ?3, 'received', ?4) ON CONFLICT(message_id) DO NOTHING",
                &[
                    message_id.into(),
                    object_type.into(),
                    object_id.into(),
                    now.into(),
                ],
            )
            .await?;
        Ok(changed > 0)
    }

    /// Records what became of a notification.
    pub async fn notification_outcome(&self, message_id: &str, outcome: &str) -> Result<(), LedgerError> {
        self.run(
            "UPDATE notifications SET outcome = ?2 WHERE message_id = ?1",
            &[message_id.into(), outcome.into()],
        )
        .await?;
        Ok(())
    }

    /// Forgets a notification whose processing failed, so Amazon's retry is taken again.
    pub async fn release_notification(&self, message_id: &str) -> Result<(), LedgerError> {
        self.run(
            "DELETE FROM notifications WHERE message_id = ?1",
            &[message_id.into()],
        )
        .await?;
        Ok(())
    }
}
