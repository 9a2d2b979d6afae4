//! The fourteen transaction status codes of the seed's provider model.

use std::fmt;

use serde::Serialize;

/// The status of one transaction, as the seed's payment provider names it.
///
/// The wire form (`code()`, `Display`, `FromStr`, serde) is exactly the upper-case code, e.g.
/// `"REQSUCCESS"`; parsing is case-sensitive and refuses anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransactionStatus {
    /// `UNPROCESSED` 未決済: registered, not paid (mostly: the buyer left during checkout).
    Unprocessed,
    /// `REQSUCCESS` 要求成功: ready for payment; the buyer has not paid yet.
    ReqSuccess,
    /// `AUTHPROCESS` 認証中: the buyer is paying at Amazon Pay.
    AuthProcess,
    /// `AUTH` 仮売上: authorized; the amount is held, nothing is charged yet.
    Auth,
    /// `REQCAPTURE` 即時売上受付: authorized with immediate capture requested, pending at Amazon.
    ReqCapture,
    /// `CAPTURE` 即時売上: captured immediately (authorize and capture together).
    Capture,
    /// `REQSALES` 売上受付: capture of an authorization requested, pending at Amazon.
    ReqSales,
    /// `SALES` 実売上: an authorization was captured.
    Sales,
    /// `CANCEL` キャンセル: the authorization was cancelled.
    Cancel,
    /// `REQRETURN` 返品受付: a refund of a captured transaction is pending at Amazon.
    ReqReturn,
    /// `RETURN` 返品: a captured transaction was refunded in full.
    Return,
    /// `REGISTER` 利用承諾: the buyer granted a permission (recurring or payment method on file).
    Register,
    /// `END` 利用承諾終了: the permission ended.
    End,
    /// `PAYFAIL` 決済失敗: the payment or the permission failed.
    PayFail,
}

impl TransactionStatus {
    /// Every status, in the seed's order.
    pub const ALL: [TransactionStatus; 14] = [
        TransactionStatus::Unprocessed,
        TransactionStatus::ReqSuccess,
        TransactionStatus::AuthProcess,
        TransactionStatus::Auth,
        TransactionStatus::ReqCapture,
        TransactionStatus::Capture,
        TransactionStatus::ReqSales,
        TransactionStatus::Sales,
        TransactionStatus::Cancel,
        TransactionStatus::ReqReturn,
        TransactionStatus::Return,
        TransactionStatus::Register,
        TransactionStatus::End,
        TransactionStatus::PayFail,
    ];

    /// The upper-case wire code, e.g. `"REQSUCCESS"`.
    pub fn code(self) -> &'static str {
        match self {
            TransactionStatus::Unprocessed => "UNPROCESSED",
            TransactionStatus::ReqSuccess => "REQSUCCESS",
            TransactionStatus::AuthProcess => "AUTHPROCESS",
            TransactionStatus::Auth => "AUTH",
            TransactionStatus::ReqCapture => "REQCAPTURE",
            TransactionStatus::Capture => "CAPTURE",
            TransactionStatus::ReqSales => "REQSALES",
            TransactionStatus::Sales => "SALES",
            TransactionStatus::Cancel => "CANCEL",
            TransactionStatus::ReqReturn => "REQRETURN",
            TransactionStatus::Return => "RETURN",
            TransactionStatus::Register => "REGISTER",
            TransactionStatus::End => "END",
            TransactionStatus::PayFail => "PAYFAIL",
        }
    }

    /// The seed's Japanese label, e.g. `"仮売上"` for `AUTH`.
    pub fn label_ja(self) -> &'static str {
        match self {
            TransactionStatus::Unprocessed => "未決済",
            TransactionStatus::ReqSuccess => "要求成功",
            TransactionStatus::AuthProcess => "認証中",
            TransactionStatus::Auth => "仮売上",
            TransactionStatus::ReqCapture => "即時売上受付",
            TransactionStatus::Capture => "即時売上",
            TransactionStatus::ReqSales => "売上受付",
            TransactionStatus::Sales => "実売上",
            TransactionStatus::Cancel => "キャンセル",
            TransactionStatus::ReqReturn => "返品受付",
            TransactionStatus::Return => "返品",
            TransactionStatus::Register => "利用承諾",
            TransactionStatus::End => "利用承諾終了",
            TransactionStatus::PayFail => "決済失敗",
        }
    }

    /// A short English label, e.g. `"Authorized"` for `AUTH`.
    pub fn label_en(self) -> &'static str {
        match self {
            TransactionStatus::Unprocessed => "Not paid",
            TransactionStatus::ReqSuccess => "Ready for payment",
            TransactionStatus::AuthProcess => "Paying at Amazon",
            TransactionStatus::Auth => "Authorized",
            TransactionStatus::ReqCapture => "Immediate capture pending",
            TransactionStatus::Capture => "Captured immediately",
            TransactionStatus::ReqSales => "Capture pending",
            TransactionStatus::Sales => "Captured",
            TransactionStatus::Cancel => "Cancelled",
            TransactionStatus::ReqReturn => "Refund pending",
            TransactionStatus::Return => "Refunded",
            TransactionStatus::Register => "Permission granted",
            TransactionStatus::End => "Permission ended",
            TransactionStatus::PayFail => "Payment failed",
        }
    }

    /// True for the three states that wait for Amazon and become final through a sync:
    /// `REQCAPTURE`, `REQSALES`, `REQRETURN`.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            TransactionStatus::ReqCapture | TransactionStatus::ReqSales | TransactionStatus::ReqReturn
        )
    }

    /// True for statuses in which no operation of any flow is allowed any more:
    /// `CANCEL`, `RETURN`, `END`, `PAYFAIL` — except `REAUTHORIZE` on a `CANCEL` whose
    /// authorization expired unused rather than was canceled
    /// ([`Rules::check_reauthorization`](super::Rules::check_reauthorization)).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TransactionStatus::Cancel
                | TransactionStatus::Return
                | TransactionStatus::End
                | TransactionStatus::PayFail
        )
    }
}

impl fmt::Display for TransactionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for TransactionStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_every_form() {
        let expected = [
            "UNPROCESSED",
            "REQSUCCESS",
            "AUTHPROCESS",
            "AUTH",
            "REQCAPTURE",
            "CAPTURE",
            "REQSALES",
            "SALES",
            "CANCEL",
            "REQRETURN",
            "RETURN",
            "REGISTER",
            "END",
            "PAYFAIL",
        ];
        for (status, code) in TransactionStatus::ALL.into_iter().zip(expected) {
            assert_eq!(status.code(), code);
            assert_eq!(status.to_string(), code);
            assert_eq!(code.parse::<TransactionStatus>().unwrap(), status);
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<TransactionStatus>(&json).unwrap(), status);
            assert!(!status.label_ja().is_empty());
            assert!(!status.label_en().is_empty());
        }
    }

    #[test]
    fn parsing_is_exact() {
        for bad in [
            "",
            "auth",
            "Auth",
            " AUTH",
            "AUTH ",
            "REQ_SUCCESS",
            "仮売上",
            "Authorized",
        ] {
            let err = bad.parse::<TransactionStatus>().unwrap_err();
            assert_eq!(err.detail_code(), "LIFECYCLE_STATUS_UNKNOWN", "{bad:?}");
        }
        assert!(serde_json::from_str::<TransactionStatus>("\"sales\"").is_err());
        assert!(serde_json::from_str::<TransactionStatus>("3").is_err());
        let long = "X".repeat(1000);
        let err = long.parse::<TransactionStatus>().unwrap_err();
        assert!(err.to_string().len() < 100);
    }

    #[test]
    fn labels_follow_the_seed() {
        assert_eq!(TransactionStatus::Auth.label_ja(), "仮売上");
        assert_eq!(TransactionStatus::Sales.label_ja(), "実売上");
        assert_eq!(TransactionStatus::Register.label_ja(), "利用承諾");
        assert_eq!(TransactionStatus::PayFail.label_en(), "Payment failed");
    }

    #[test]
    fn pending_and_final_sets() {
        let pending: Vec<_> = TransactionStatus::ALL
            .into_iter()
            .filter(|s| s.is_pending())
            .map(TransactionStatus::code)
            .collect();
        assert_eq!(pending, ["REQCAPTURE", "REQSALES", "REQRETURN"]);
        let finals: Vec<_> = TransactionStatus::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .map(TransactionStatus::code)
            .collect();
        assert_eq!(finals, ["CANCEL", "RETURN", "END", "PAYFAIL"]);
    }
}
