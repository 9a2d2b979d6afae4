//! Typed ledger rows, made from Amazon's objects or read back from D1, and the lifecycle view
//! built from them. Pure: no database, no clock (times are passed in), testable natively.
//!
//! Every Amazon object is kept with its state, the time of that state (Amazon's
//! `lastUpdatedTimestamp`) and a rank of the state within its state machine. A newer report
//! replaces an older one only when its time is later, or equal with a rank at least as high,
//! so a notification or an answer that arrives late never moves a row backwards.

use amazon_pay_shared::api::{
    Charge, ChargePermission, ChargePermissionState, ChargePermissionType, ChargeState, CheckoutSession,
    CheckoutSessionState, ReasonCode, Refund, RefundState,
};
use amazon_pay_shared::lifecycle::{
    AmazonView, ChargeView, FlowKind, LifecycleError, PermissionView, RefundView, SessionView,
    TransactionStatus,
};
use amazon_pay_shared::money::{Currency, Money, MoneyError, Price};
use serde::{Deserialize, Serialize};

/// An object Amazon sent that the ledger cannot keep (a malformed amount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError(pub &'static str);

impl From<MoneyError> for RowError {
    fn from(_: MoneyError) -> RowError {
        RowError("an amount Amazon sent is malformed")
    }
}

/// Amazon's timestamp as Unix seconds, or `fallback` when absent or malformed.
pub fn amazon_time(ts: Option<&str>, fallback: i64) -> i64 {
    ts.and_then(|t| amazon_pay_shared::time::parse(t).ok())
        .unwrap_or(fallback)
}

fn minor_of(price: Option<&Price>) -> Result<Option<(Currency, i64)>, RowError> {
    match price {
        None => Ok(None),
        Some(p) => {
            let m = p.to_money()?;
            let minor = i64::try_from(m.minor()).map_err(|_| RowError("an amount is too large"))?;
            Ok(Some((m.currency(), minor)))
        }
    }
}

/// The rank of a charge state: later states rank higher.
pub fn charge_rank(state: &str) -> i64 {
    match ChargeState::from_wire(state) {
        ChargeState::AuthorizationInitiated => 1,
        ChargeState::Authorized => 2,
        ChargeState::CaptureInitiated => 3,
        ChargeState::Captured => 4,
        ChargeState::Canceled | ChargeState::Declined => 5,
        ChargeState::Unknown(_) => 0,
    }
}

/// The rank of a refund state.
pub fn refund_rank(state: &str) -> i64 {
    match RefundState::from_wire(state) {
        RefundState::RefundInitiated => 1,
        RefundState::Refunded | RefundState::Declined => 2,
        RefundState::Unknown(_) => 0,
    }
}

/// The rank of a charge permission state.
pub fn permission_rank(state: &str) -> i64 {
    match ChargePermissionState::from_wire(state) {
        ChargePermissionState::Chargeable | ChargePermissionState::NonChargeable => 1,
        ChargePermissionState::Closed => 2,
        ChargePermissionState::Unknown(_) => 0,
    }
}

/// A transaction row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionRow {
    /// The merchant's reference (primary key).
    pub merchant_reference: String,
    /// `ONE_TIME`, `PERMISSION_ONLY` or `MERCHANT_INITIATED`.
    pub flow: String,
    /// One of the fourteen status codes.
    pub status: String,
    /// ISO currency.
    pub currency: String,
    /// The amount currently asked for (after an amount change, the new one).
    pub amount_minor: i64,
    /// The amount of the first authorization.
    pub first_amount_minor: i64,
    /// 1 when the buyer was told at checkout that the amount may change.
    pub amount_change_enabled: i64,
    /// The checkout session, for checkouts.
    pub checkout_session_id: Option<String>,
    /// The session's last seen state.
    pub session_state: Option<String>,
    /// The session's last seen reason code.
    pub session_reason: Option<String>,
    /// 1 once the buyer was sent to Amazon to pay.
    pub redirected: i64,
    /// The charge permission.
    pub charge_permission_id: Option<String>,
    /// The current charge.
    pub charge_id: Option<String>,
    /// When the ledger created the row.
    pub created_at: i64,
    /// When the ledger last changed the row.
    pub updated_at: i64,
}

impl TransactionRow {
    /// The flow as the lifecycle's type.
    pub fn flow_kind(&self) -> FlowKind {
        flow_from_code(&self.flow).unwrap_or(FlowKind::OneTime)
    }

    /// The status as the lifecycle's type.
    pub fn status(&self) -> Result<TransactionStatus, LifecycleError> {
        self.status.parse()
    }

    /// The currency.
    pub fn currency(&self) -> Result<Currency, MoneyError> {
        self.currency.parse()
    }

    /// An amount of this transaction's currency from minor units.
    pub fn money(&self, minor: i64) -> Result<Money, MoneyError> {
        Ok(Money::from_minor(minor.max(0) as u64, self.currency()?))
    }
}

/// A flow from its wire code.
pub fn flow_from_code(code: &str) -> Option<FlowKind> {
    FlowKind::ALL.into_iter().find(|k| k.code() == code)
}

/// A charge permission row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionRow {
    /// Amazon's id.
    pub charge_permission_id: String,
    /// The transaction that created it.
    pub merchant_reference: String,
    /// `OneTime`, `Recurring` or `PaymentMethodOnFile`.
    pub permission_type: String,
    /// State.
    pub state: String,
    /// Reason code.
    pub reason_code: Option<String>,
    /// Amazon's `creationTimestamp`.
    pub created_at_amazon: i64,
    /// Amazon's `expirationTimestamp`, if it expires.
    pub expires_at_amazon: Option<i64>,
    /// When the state was reached.
    pub state_at: i64,
    /// [`permission_rank`].
    pub state_rank: i64,
}

impl PermissionRow {
    /// From Amazon's object; `now` stands in for missing timestamps.
    pub fn from_api(p: &ChargePermission, reference: &str, now: i64) -> PermissionRow {
        let state = p.status_details.state.as_str().to_owned();
        PermissionRow {
            charge_permission_id: p.charge_permission_id.clone(),
            merchant_reference: reference.to_owned(),
            permission_type: p
                .charge_permission_type
                .clone()
                .unwrap_or(ChargePermissionType::OneTime)
                .as_str()
                .to_owned(),
            state_rank: permission_rank(&state),
            state,
            reason_code: p
                .status_details
                .reasons
                .as_ref()
                .and_then(|r| r.first())
                .map(|r| r.reason_code.as_str().to_owned()),
            created_at_amazon: amazon_time(p.creation_timestamp.as_deref(), now),
            expires_at_amazon: p
                .expiration_timestamp
                .as_deref()
                .and_then(|t| amazon_pay_shared::time::parse(t).ok()),
            state_at: amazon_time(p.status_details.last_updated_timestamp.as_deref(), now),
        }
    }

    /// The lifecycle's view of it.
    pub fn view(&self) -> PermissionView {
        PermissionView {
            permission_type: ChargePermissionType::from_wire(&self.permission_type),
            state: ChargePermissionState::from_wire(&self.state),
        }
    }
}

/// A charge row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRow {
    /// Amazon's id.
    pub charge_id: String,
    /// The transaction.
    pub merchant_reference: String,
    /// The permission it was made on.
    pub charge_permission_id: String,
    /// Order within the transaction.
    pub seq: i64,
    /// State.
    pub state: String,
    /// Reason code.
    pub reason_code: Option<String>,
    /// 1 when authorized and captured together.
    pub capture_now: i64,
    /// ISO currency.
    pub currency: String,
    /// `chargeAmount`.
    pub amount_minor: i64,
    /// `captureAmount`, once captured.
    pub captured_minor: Option<i64>,
    /// Amazon's `creationTimestamp` (the authorization time).
    pub created_at_amazon: i64,
    /// When the ledger first saw it `Captured` (Amazon's time of that state).
    pub captured_at: Option<i64>,
    /// When the state was reached.
    pub state_at: i64,
    /// [`charge_rank`].
    pub state_rank: i64,
}

impl ChargeRow {
    /// From Amazon's object; `now` stands in for missing timestamps.
    pub fn from_api(c: &Charge, reference: &str, seq: i64, now: i64) -> Result<ChargeRow, RowError> {
        let (currency, amount) =
            minor_of(c.charge_amount.as_ref())?.ok_or(RowError("a charge has no amount"))?;
        let captured = minor_of(c.capture_amount.as_ref())?.map(|(_, m)| m);
        let state = c.status_details.state.as_str().to_owned();
        let state_at = amazon_time(c.status_details.last_updated_timestamp.as_deref(), now);
        Ok(ChargeRow {
            charge_id: c.charge_id.clone(),
            merchant_reference: reference.to_owned(),
            charge_permission_id: c.charge_permission_id.clone(),
            seq,
            captured_at: (c.status_details.state == ChargeState::Captured).then_some(state_at),
            state_rank: charge_rank(&state),
            state,
            reason_code: c
                .status_details
                .reason_code
                .as_ref()
                .map(|r| r.as_str().to_owned()),
            capture_now: i64::from(c.capture_now.unwrap_or(false)),
            currency: currency.code().to_owned(),
            amount_minor: amount,
            captured_minor: captured,
            created_at_amazon: amazon_time(c.creation_timestamp.as_deref(), now),
            state_at,
        })
    }

    /// The lifecycle's view of it.
    pub fn view(&self) -> Result<ChargeView, RowError> {
        let currency: Currency = self.currency.parse()?;
        let captured = self.captured_minor.unwrap_or(self.amount_minor).max(0) as u64;
        Ok(ChargeView {
            state: ChargeState::from_wire(&self.state),
            capture_now: self.capture_now != 0,
            captured_amount: Some(Money::from_minor(captured, currency)),
        })
    }
}

/// A refund row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRow {
    /// Amazon's id.
    pub refund_id: String,
    /// The refunded charge.
    pub charge_id: String,
    /// The transaction.
    pub merchant_reference: String,
    /// State.
    pub state: String,
    /// Reason code.
    pub reason_code: Option<String>,
    /// ISO currency.
    pub currency: String,
    /// `refundAmount`.
    pub amount_minor: i64,
    /// Amazon's `creationTimestamp`.
    pub created_at_amazon: i64,
    /// When the state was reached.
    pub state_at: i64,
    /// [`refund_rank`].
    pub state_rank: i64,
}

impl RefundRow {
    /// From Amazon's object; `now` stands in for missing timestamps.
    pub fn from_api(r: &Refund, reference: &str, now: i64) -> Result<RefundRow, RowError> {
        let (currency, amount) =
            minor_of(r.refund_amount.as_ref())?.ok_or(RowError("a refund has no amount"))?;
        let state = r.status_details.state.as_str().to_owned();
        Ok(RefundRow {
            refund_id: r.refund_id.clone(),
            charge_id: r.charge_id.clone(),
            merchant_reference: reference.to_owned(),
            state_rank: refund_rank(&state),
            state,
            reason_code: r
                .status_details
                .reason_code
                .as_ref()
                .map(|r| r.as_str().to_owned()),
            currency: currency.code().to_owned(),
            amount_minor: amount,
            created_at_amazon: amazon_time(r.creation_timestamp.as_deref(), now),
            state_at: amazon_time(r.status_details.last_updated_timestamp.as_deref(), now),
        })
    }

    /// True unless Amazon declined it.
    pub fn counts(&self) -> bool {
        RefundState::from_wire(&self.state) != RefundState::Declined
    }

    /// The lifecycle's view of it.
    pub fn view(&self) -> Result<RefundView, RowError> {
        Ok(RefundView {
            state: RefundState::from_wire(&self.state),
            amount: Money::from_minor(self.amount_minor.max(0) as u64, self.currency.parse()?),
        })
    }
}

/// The session's state as the transaction row keeps it.
pub fn session_state(s: &CheckoutSession) -> (String, Option<String>) {
    (
        s.status_details.state.as_str().to_owned(),
        s.status_details
            .reason_code
            .as_ref()
            .map(|r| r.as_str().to_owned()),
    )
}

/// Amazon's view of one transaction from its rows: the session, the permission (for a
/// permission-only transaction, or when there is no charge yet), its charges in order and the
/// refunds of its current charge.
pub fn view_of(
    tx: &TransactionRow,
    permission: Option<&PermissionRow>,
    charges: &[ChargeRow],
    refunds: &[RefundRow],
) -> Result<AmazonView, RowError> {
    let session = tx.session_state.as_deref().map(|state| SessionView {
        state: CheckoutSessionState::from_wire(state),
        reason_code: tx.session_reason.as_deref().map(ReasonCode::from_wire),
        redirected: tx.redirected != 0,
    });
    let mut ordered: Vec<&ChargeRow> = charges.iter().collect();
    ordered.sort_by_key(|c| (c.seq, c.created_at_amazon));
    let charge_views = ordered.iter().map(|c| c.view()).collect::<Result<Vec<_>, _>>()?;
    let current = tx.charge_id.as_deref();
    let refund_views = refunds
        .iter()
        .filter(|r| current.is_none_or(|id| r.charge_id == id))
        .map(RefundRow::view)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AmazonView {
        session,
        permission: permission.map(PermissionRow::view),
        charges: charge_views,
        refunds: refund_views,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use amazon_pay_shared::lifecycle::derive_status;

    fn tx() -> TransactionRow {
        TransactionRow {
            merchant_reference: "order-1".into(),
            flow: "ONE_TIME".into(),
            status: "UNPROCESSED".into(),
            currency: "JPY".into(),
            amount_minor: 1000,
            first_amount_minor: 1000,
            amount_change_enabled: 0,
            checkout_session_id: Some("cs-1".into()),
            session_state: Some("Open".into()),
            session_reason: None,
            redirected: 1,
            charge_permission_id: None,
            charge_id: None,
            created_at: 1,
            updated_at: 1,
        }
    }

    fn charge(id: &str, seq: i64, state: &str) -> ChargeRow {
        ChargeRow {
            charge_id: id.into(),
            merchant_reference: "order-1".into(),
            charge_permission_id: "P01".into(),
            seq,
            state: state.into(),
            reason_code: None,
            capture_now: 0,
            currency: "JPY".into(),
            amount_minor: 1000,
            captured_minor: None,
            created_at_amazon: 10,
            captured_at: None,
            state_at: 10,
            state_rank: charge_rank(state),
        }
    }

    #[test]
    fn statuses_from_rows() {
        let mut t = tx();
        let status = |t: &TransactionRow, c: &[ChargeRow], r: &[RefundRow]| {
            derive_status(&view_of(t, None, c, r).unwrap()).unwrap().code()
        };
        assert_eq!(status(&t, &[], &[]), "AUTHPROCESS");
        t.charge_id = Some("C1".into());
        assert_eq!(status(&t, &[charge("C1", 1, "Authorized")], &[]), "AUTH");
        assert_eq!(
            status(&t, &[charge("C1", 1, "CaptureInitiated")], &[]),
            "REQSALES"
        );
        let refund = RefundRow {
            refund_id: "R1".into(),
            charge_id: "C1".into(),
            merchant_reference: "order-1".into(),
            state: "RefundInitiated".into(),
            reason_code: None,
            currency: "JPY".into(),
            amount_minor: 1000,
            created_at_amazon: 20,
            state_at: 20,
            state_rank: 1,
        };
        assert_eq!(
            status(&t, &[charge("C1", 1, "Captured")], std::slice::from_ref(&refund)),
            "REQRETURN"
        );
        let done = RefundRow {
            state: "Refunded".into(),
            ..refund
        };
        assert_eq!(status(&t, &[charge("C1", 1, "Captured")], &[done]), "RETURN");
        // A declined amount change leaves the old authorization.
        t.charge_id = Some("C2".into());
        assert_eq!(
            status(
                &t,
                &[charge("C2", 2, "Declined"), charge("C1", 1, "Authorized")],
                &[]
            ),
            "AUTH"
        );
    }

    #[test]
    fn ranks_order_states() {
        assert!(charge_rank("Captured") > charge_rank("CaptureInitiated"));
        assert!(charge_rank("CaptureInitiated") > charge_rank("Authorized"));
        assert!(refund_rank("Refunded") > refund_rank("RefundInitiated"));
        assert!(permission_rank("Closed") > permission_rank("Chargeable"));
        assert_eq!(amazon_time(Some("20261123T101010Z"), 0), 1_795_428_610);
        assert_eq!(amazon_time(Some("bad"), 7), 7);
        assert_eq!(
            flow_from_code("MERCHANT_INITIATED"),
            Some(FlowKind::MerchantInitiated)
        );
    }
}
