//! Operations, the three flows of the seed, and the allowed-operation table as data.
//!
//! The table below is [`TRANSITIONS`]; one row per allowed `(flow, status, operation)`, with
//! the statuses a success can lead to and the status a refusal by Amazon leaves. Flows: OT
//! [`FlowKind::OneTime`], PO [`FlowKind::PermissionOnly`], MI [`FlowKind::MerchantInitiated`].
//!
//! | Flow | Status | Operation | Success → | Failure → |
//! |---|---|---|---|---|
//! | all | (none) | `REGISTER` | `UNPROCESSED` ([`REGISTERED`]) | — |
//! | OT, PO | `UNPROCESSED` | `EXECUTE` | `REQSUCCESS` | `UNPROCESSED` |
//! | OT, PO | `REQSUCCESS` | `START_PAYMENT` | `AUTHPROCESS` | `REQSUCCESS` |
//! | OT | `AUTHPROCESS` | `BUYER_PAYS` | `AUTH`, `REQCAPTURE`, `CAPTURE` | `PAYFAIL` |
//! | PO | `AUTHPROCESS` | `BUYER_PAYS` (consents) | `REGISTER` | `PAYFAIL` |
//! | PO | `REGISTER` | `END_PERMISSION` | `END` | `REGISTER` |
//! | PO | `REGISTER` | `MERCHANT_CHARGE` | `REGISTER` | `REGISTER` |
//! | MI | `UNPROCESSED` | `EXECUTE` | `AUTH`, `REQCAPTURE`, `CAPTURE` | `UNPROCESSED` |
//! | OT, MI | `AUTH` | `CAPTURE` | `SALES`, `REQSALES` | `AUTH` |
//! | OT, MI | `AUTH` | `CANCEL_FULL` | `CANCEL` | `AUTH` |
//! | OT, MI | `AUTH` | `CHANGE_AMOUNT` | `AUTH` | `AUTH` |
//! | OT, MI | `AUTH` | `REAUTHORIZE` | `AUTH` | `AUTH` |
//! | OT, MI | `CANCEL` | `REAUTHORIZE` (an authorization that expired unused only) | `AUTH` | `CANCEL` |
//! | OT, MI | `SALES` | `CANCEL_FULL` | `RETURN`, `REQRETURN` | `SALES` |
//! | OT, MI | `CAPTURE` | `CANCEL_FULL` | `RETURN`, `REQRETURN` | `CAPTURE` |
//! | OT, MI | `SALES` | `CANCEL_PARTIAL` | `SALES`, `RETURN`, `REQRETURN` | `SALES` |
//! | OT, MI | `CAPTURE` | `CANCEL_PARTIAL` | `CAPTURE`, `RETURN`, `REQRETURN` | `CAPTURE` |
//! | OT, MI | `REQCAPTURE` | `SYNC` | `CAPTURE` | `REQCAPTURE` |
//! | OT, MI | `REQSALES` | `SYNC` | `SALES` | `REQSALES` |
//! | OT, MI | `REQRETURN` | `SYNC` | `RETURN`, `SALES`, `CAPTURE` | `REQRETURN` |
//!
//! Every other combination is refused. Where the seed is silent or this model adds to it:
//!
//! * `REGISTER` creates a transaction, so it is never allowed *on* a status (the seed's
//!   取引登録 column is `-` everywhere); a new transaction starts in [`REGISTERED`].
//! * `BUYER_PAYS` and `SYNC` are events rather than merchant operations; they come from the
//!   seed's transition tables, not from its allowed-operation table.
//! * A failed amount change has no result in the seed; the old authorization stays, so `AUTH`.
//! * `REAUTHORIZE` is the seed's 再オーソリ: an order older than the 30 days of its authorization
//!   is authorized again on its charge permission (the seed's shop manual: "a capture more than
//!   30 days after the order needs a new authorization and may fail"). It is an amount change at
//!   the same amount that is also allowed after the authorization expired (`CANCEL` with
//!   Amazon's `ExpiredUnused`, checked by [`Rules::check_reauthorization`](super::Rules::check_reauthorization));
//!   a merchant's cancel stays final, as the seed's manual says.
//! * A failed sync means "still pending": the status does not change.
//! * A sync of `REQRETURN` may also end in `SALES` or `CAPTURE`: a *partial* refund that
//!   completes leaves the captured status (the seed's partial-cancel row lists them).
//! * `MERCHANT_CHARGE` is not in the seed: it asks whether the permission held by a `REGISTER`
//!   transaction may be charged. The charge itself is a new transaction of the
//!   [`FlowKind::MerchantInitiated`] flow (`REGISTER` → `EXECUTE`), as in the seed's 随時決済
//!   table; the permission transaction stays `REGISTER`.

use std::fmt;

use serde::Serialize;

use super::status::TransactionStatus;
use super::status::TransactionStatus::{
    Auth, AuthProcess, Cancel, Capture, End, PayFail, Register, ReqCapture, ReqReturn, ReqSales, ReqSuccess,
    Return, Sales, Unprocessed,
};
use FlowKind::{MerchantInitiated as Mit, OneTime as One, PermissionOnly as Perm};
use Operation as Op;

/// The status of a transaction right after [`Operation::Register`]: `UNPROCESSED`.
pub const REGISTERED: TransactionStatus = TransactionStatus::Unprocessed;

/// Which of the seed's three transition tables a transaction follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlowKind {
    /// 都度決済、利用承諾+初回決済: a one-time payment, or a permission created together with
    /// its first payment. Wire code `ONE_TIME`.
    OneTime,
    /// 利用承諾のみ: a recurring or payment-method-on-file permission without a payment.
    /// Wire code `PERMISSION_ONLY`.
    PermissionOnly,
    /// 随時決済: a merchant-initiated charge on an existing permission.
    /// Wire code `MERCHANT_INITIATED`.
    MerchantInitiated,
}

impl FlowKind {
    /// Every flow.
    pub const ALL: [FlowKind; 3] = [
        FlowKind::OneTime,
        FlowKind::PermissionOnly,
        FlowKind::MerchantInitiated,
    ];

    /// The wire code.
    pub fn code(self) -> &'static str {
        match self {
            FlowKind::OneTime => "ONE_TIME",
            FlowKind::PermissionOnly => "PERMISSION_ONLY",
            FlowKind::MerchantInitiated => "MERCHANT_INITIATED",
        }
    }
}

impl fmt::Display for FlowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something done to a transaction, by the merchant, the buyer or a sync with Amazon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// 取引登録: create the transaction (`REGISTER`).
    Register,
    /// 決済実行: prepare the payment (create the Checkout Session), or for a merchant-initiated
    /// charge, create the Charge (`EXECUTE`).
    Execute,
    /// 支払手続き開始: send the buyer to Amazon Pay (`START_PAYMENT`).
    StartPayment,
    /// お客様がAmazon Payでお支払い／利用承諾: the buyer pays or consents at Amazon
    /// (`BUYER_PAYS`).
    BuyerPays,
    /// 実売上: capture an authorization (`CAPTURE`).
    Capture,
    /// キャンセル(全額): cancel an authorization or refund a capture in full (`CANCEL_FULL`).
    CancelFull,
    /// キャンセル(一部): refund part of a capture (`CANCEL_PARTIAL`).
    CancelPartial,
    /// 金額変更: re-authorize with a new (or the same) amount (`CHANGE_AMOUNT`).
    ChangeAmount,
    /// 再オーソリ: authorize the same amount again on the permission, after the authorization
    /// expired or before it does (`REAUTHORIZE`); not a column of the seed's table.
    Reauthorize,
    /// 利用承諾終了: close the permission (`END_PERMISSION`).
    EndPermission,
    /// Charge the permission of a `REGISTER` transaction (`MERCHANT_CHARGE`); not in the seed.
    MerchantCharge,
    /// 同期: settle a pending status from a notification or a status query (`SYNC`).
    Sync,
}

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 12] = [
        Operation::Register,
        Operation::Execute,
        Operation::StartPayment,
        Operation::BuyerPays,
        Operation::Capture,
        Operation::CancelFull,
        Operation::CancelPartial,
        Operation::ChangeAmount,
        Operation::Reauthorize,
        Operation::EndPermission,
        Operation::MerchantCharge,
        Operation::Sync,
    ];

    /// The upper-case wire code, e.g. `"CANCEL_PARTIAL"`.
    pub fn code(self) -> &'static str {
        match self {
            Operation::Register => "REGISTER",
            Operation::Execute => "EXECUTE",
            Operation::StartPayment => "START_PAYMENT",
            Operation::BuyerPays => "BUYER_PAYS",
            Operation::Capture => "CAPTURE",
            Operation::CancelFull => "CANCEL_FULL",
            Operation::CancelPartial => "CANCEL_PARTIAL",
            Operation::ChangeAmount => "CHANGE_AMOUNT",
            Operation::Reauthorize => "REAUTHORIZE",
            Operation::EndPermission => "END_PERMISSION",
            Operation::MerchantCharge => "MERCHANT_CHARGE",
            Operation::Sync => "SYNC",
        }
    }

    /// The seed's Japanese name of the operation.
    pub fn label_ja(self) -> &'static str {
        match self {
            Operation::Register => "取引登録",
            Operation::Execute => "決済実行",
            Operation::StartPayment => "支払手続き開始",
            Operation::BuyerPays => "お客様がAmazon Payでお支払い",
            Operation::Capture => "実売上",
            Operation::CancelFull => "キャンセル(全額)",
            Operation::CancelPartial => "キャンセル(一部)",
            Operation::ChangeAmount => "金額変更",
            Operation::Reauthorize => "再オーソリ",
            Operation::EndPermission => "利用承諾終了",
            Operation::MerchantCharge => "随時決済",
            Operation::Sync => "同期処理",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// One allowed `(flow, status, operation)` and where it leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The flow.
    pub kind: FlowKind,
    /// The status before the operation.
    pub from: TransactionStatus,
    /// The operation.
    pub operation: Operation,
    /// The statuses a success can lead to, most usual first.
    pub on_success: &'static [TransactionStatus],
    /// The status after Amazon refused or failed the operation.
    pub on_failure: TransactionStatus,
}

impl Transition {
    /// True when `status` is one of the statuses a success can lead to.
    pub fn can_lead_to(&self, status: TransactionStatus) -> bool {
        self.on_success.contains(&status)
    }
}

const fn row(
    kind: FlowKind,
    from: TransactionStatus,
    operation: Operation,
    on_success: &'static [TransactionStatus],
    on_failure: TransactionStatus,
) -> Transition {
    Transition {
        kind,
        from,
        operation,
        on_success,
        on_failure,
    }
}

/// The allowed-operation table: every row is allowed, everything else is not.
pub const TRANSITIONS: &[Transition] = &[
    // One-time payment, or permission plus first payment (都度決済、利用承諾+初回決済).
    row(One, Unprocessed, Op::Execute, &[ReqSuccess], Unprocessed),
    row(One, ReqSuccess, Op::StartPayment, &[AuthProcess], ReqSuccess),
    row(
        One,
        AuthProcess,
        Op::BuyerPays,
        &[Auth, ReqCapture, Capture],
        PayFail,
    ),
    row(One, Auth, Op::Capture, &[Sales, ReqSales], Auth),
    row(One, Auth, Op::CancelFull, &[Cancel], Auth),
    row(One, Auth, Op::ChangeAmount, &[Auth], Auth),
    row(One, Auth, Op::Reauthorize, &[Auth], Auth),
    row(One, Cancel, Op::Reauthorize, &[Auth], Cancel),
    row(One, Sales, Op::CancelFull, &[Return, ReqReturn], Sales),
    row(One, Capture, Op::CancelFull, &[Return, ReqReturn], Capture),
    row(One, Sales, Op::CancelPartial, &[Sales, Return, ReqReturn], Sales),
    row(
        One,
        Capture,
        Op::CancelPartial,
        &[Capture, Return, ReqReturn],
        Capture,
    ),
    row(One, ReqCapture, Op::Sync, &[Capture], ReqCapture),
    row(One, ReqSales, Op::Sync, &[Sales], ReqSales),
    row(One, ReqReturn, Op::Sync, &[Return, Sales, Capture], ReqReturn),
    // Permission only (利用承諾のみ).
    row(Perm, Unprocessed, Op::Execute, &[ReqSuccess], Unprocessed),
    row(Perm, ReqSuccess, Op::StartPayment, &[AuthProcess], ReqSuccess),
    row(Perm, AuthProcess, Op::BuyerPays, &[Register], PayFail),
    row(Perm, Register, Op::EndPermission, &[End], Register),
    row(Perm, Register, Op::MerchantCharge, &[Register], Register),
    // Merchant-initiated charge on a permission (随時決済).
    row(
        Mit,
        Unprocessed,
        Op::Execute,
        &[Auth, ReqCapture, Capture],
        Unprocessed,
    ),
    row(Mit, Auth, Op::Capture, &[Sales, ReqSales], Auth),
    row(Mit, Auth, Op::CancelFull, &[Cancel], Auth),
    row(Mit, Auth, Op::ChangeAmount, &[Auth], Auth),
    row(Mit, Auth, Op::Reauthorize, &[Auth], Auth),
    row(Mit, Cancel, Op::Reauthorize, &[Auth], Cancel),
    row(Mit, Sales, Op::CancelFull, &[Return, ReqReturn], Sales),
    row(Mit, Capture, Op::CancelFull, &[Return, ReqReturn], Capture),
    row(Mit, Sales, Op::CancelPartial, &[Sales, Return, ReqReturn], Sales),
    row(
        Mit,
        Capture,
        Op::CancelPartial,
        &[Capture, Return, ReqReturn],
        Capture,
    ),
    row(Mit, ReqCapture, Op::Sync, &[Capture], ReqCapture),
    row(Mit, ReqSales, Op::Sync, &[Sales], ReqSales),
    row(Mit, ReqReturn, Op::Sync, &[Return, Sales, Capture], ReqReturn),
];

/// The table row for `(status, operation, kind)`, if the operation is allowed.
pub fn transition(
    status: TransactionStatus,
    operation: Operation,
    kind: FlowKind,
) -> Option<&'static Transition> {
    TRANSITIONS
        .iter()
        .find(|t| t.kind == kind && t.from == status && t.operation == operation)
}

/// True when `operation` is allowed on a transaction of flow `kind` in `status`.
pub fn allowed(status: TransactionStatus, operation: Operation, kind: FlowKind) -> bool {
    transition(status, operation, kind).is_some()
}

/// The operations allowed in `status` for flow `kind`, in [`Operation::ALL`] order.
pub fn allowed_operations(status: TransactionStatus, kind: FlowKind) -> Vec<Operation> {
    Operation::ALL
        .into_iter()
        .filter(|op| allowed(status, *op, kind))
        .collect()
}
