//! Tests of the whole lifecycle model: the allowed-operation table cell by cell, derivation of
//! every status, and every limit at and one past its edge.

use super::*;
use crate::api::{
    Charge, ChargePermission, ChargePermissionState, ChargePermissionStatusDetails, ChargePermissionType,
    ChargeState, CheckoutSession, CheckoutSessionState, ReasonCode, Refund, RefundState, StatusDetails,
};
use crate::error_code::ErrorCode;
use crate::money::{Currency, Money, Price};
use crate::time::parse as ts;

use TransactionStatus as S;

fn yen(n: u64) -> Money {
    Money::from_minor(n, Currency::Jpy)
}

/// The expected allowed-operation table, written out literally. Columns, in order:
/// REGISTER EXECUTE START_PAYMENT BUYER_PAYS CAPTURE CANCEL_FULL CANCEL_PARTIAL CHANGE_AMOUNT
/// REAUTHORIZE END_PERMISSION MERCHANT_CHARGE SYNC; `X` allowed, `.` refused.
const EXPECTED_ONE_TIME: &str = "
UNPROCESSED . X . . . . . . . . . .
REQSUCCESS  . . X . . . . . . . . .
AUTHPROCESS . . . X . . . . . . . .
AUTH        . . . . X X . X X . . .
REQCAPTURE  . . . . . . . . . . . X
CAPTURE     . . . . . X X . . . . .
REQSALES    . . . . . . . . . . . X
SALES       . . . . . X X . . . . .
CANCEL      . . . . . . . . X . . .
REQRETURN   . . . . . . . . . . . X
RETURN      . . . . . . . . . . . .
REGISTER    . . . . . . . . . . . .
END         . . . . . . . . . . . .
PAYFAIL     . . . . . . . . . . . .
";

const EXPECTED_PERMISSION_ONLY: &str = "
UNPROCESSED . X . . . . . . . . . .
REQSUCCESS  . . X . . . . . . . . .
AUTHPROCESS . . . X . . . . . . . .
AUTH        . . . . . . . . . . . .
REQCAPTURE  . . . . . . . . . . . .
CAPTURE     . . . . . . . . . . . .
REQSALES    . . . . . . . . . . . .
SALES       . . . . . . . . . . . .
CANCEL      . . . . . . . . . . . .
REQRETURN   . . . . . . . . . . . .
RETURN      . . . . . . . . . . . .
REGISTER    . . . . . . . . . X X .
END         . . . . . . . . . . . .
PAYFAIL     . . . . . . . . . . . .
";

const EXPECTED_MERCHANT_INITIATED: &str = "
UNPROCESSED . X . . . . . . . . . .
REQSUCCESS  . . . . . . . . . . . .
AUTHPROCESS . . . . . . . . . . . .
AUTH        . . . . X X . X X . . .
REQCAPTURE  . . . . . . . . . . . X
CAPTURE     . . . . . X X . . . . .
REQSALES    . . . . . . . . . . . X
SALES       . . . . . X X . . . . .
CANCEL      . . . . . . . . X . . .
REQRETURN   . . . . . . . . . . . X
RETURN      . . . . . . . . . . . .
REGISTER    . . . . . . . . . . . .
END         . . . . . . . . . . . .
PAYFAIL     . . . . . . . . . . . .
";

#[test]
fn every_cell_of_the_allowed_operation_table() {
    let mut checked = 0;
    for (kind, expected) in [
        (FlowKind::OneTime, EXPECTED_ONE_TIME),
        (FlowKind::PermissionOnly, EXPECTED_PERMISSION_ONLY),
        (FlowKind::MerchantInitiated, EXPECTED_MERCHANT_INITIATED),
    ] {
        let rows: Vec<&str> = expected.trim().lines().collect();
        assert_eq!(rows.len(), TransactionStatus::ALL.len());
        for (status, row) in TransactionStatus::ALL.into_iter().zip(rows) {
            let mut cells = row.split_whitespace();
            assert_eq!(cells.next(), Some(status.code()));
            let cells: Vec<&str> = cells.collect();
            assert_eq!(cells.len(), Operation::ALL.len(), "{row}");
            for (operation, cell) in Operation::ALL.into_iter().zip(cells) {
                let want = match cell {
                    "X" => true,
                    "." => false,
                    other => panic!("bad cell {other:?}"),
                };
                assert_eq!(
                    allowed(status, operation, kind),
                    want,
                    "{kind} {status} {operation}"
                );
                let checked_result = check_allowed(status, operation, kind);
                assert_eq!(checked_result.is_ok(), want);
                if let Err(err) = checked_result {
                    assert_eq!(err.detail_code(), "LIFECYCLE_OPERATION_NOT_ALLOWED");
                    assert_eq!(
                        err,
                        LifecycleError::OperationNotAllowed {
                            status,
                            operation,
                            kind
                        }
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 14 * 12 * 3);
}

#[test]
fn the_seed_table_columns_match_the_union_of_the_flows() {
    // The seed's own table (取引状態における可能操作): eight operation columns, no flow split.
    let seed_columns = [
        Operation::Register,
        Operation::Execute,
        Operation::StartPayment,
        Operation::Capture,
        Operation::CancelFull,
        Operation::CancelPartial,
        Operation::ChangeAmount,
        Operation::EndPermission,
    ];
    let seed: &[(S, &[Operation])] = &[
        (S::Unprocessed, &[Operation::Execute]),
        (S::ReqSuccess, &[Operation::StartPayment]),
        (
            S::Auth,
            &[Operation::Capture, Operation::CancelFull, Operation::ChangeAmount],
        ),
        (S::Capture, &[Operation::CancelFull, Operation::CancelPartial]),
        (S::Sales, &[Operation::CancelFull, Operation::CancelPartial]),
        (S::Register, &[Operation::EndPermission]),
    ];
    for status in TransactionStatus::ALL {
        let expected = seed
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(&[][..], |(_, ops)| *ops);
        for op in seed_columns {
            let any_flow = FlowKind::ALL.into_iter().any(|kind| allowed(status, op, kind));
            assert_eq!(any_flow, expected.contains(&op), "{status} {op}");
        }
    }
}

/// Every row's results, written out literally.
#[test]
fn transition_results_are_as_documented() {
    let expected = "
ONE_TIME UNPROCESSED EXECUTE -> REQSUCCESS / UNPROCESSED
ONE_TIME REQSUCCESS START_PAYMENT -> AUTHPROCESS / REQSUCCESS
ONE_TIME AUTHPROCESS BUYER_PAYS -> AUTH REQCAPTURE CAPTURE / PAYFAIL
ONE_TIME AUTH CAPTURE -> SALES REQSALES / AUTH
ONE_TIME AUTH CANCEL_FULL -> CANCEL / AUTH
ONE_TIME AUTH CHANGE_AMOUNT -> AUTH / AUTH
ONE_TIME AUTH REAUTHORIZE -> AUTH / AUTH
ONE_TIME CANCEL REAUTHORIZE -> AUTH / CANCEL
ONE_TIME SALES CANCEL_FULL -> RETURN REQRETURN / SALES
ONE_TIME CAPTURE CANCEL_FULL -> RETURN REQRETURN / CAPTURE
ONE_TIME SALES CANCEL_PARTIAL -> SALES RETURN REQRETURN / SALES
ONE_TIME CAPTURE CANCEL_PARTIAL -> CAPTURE RETURN REQRETURN / CAPTURE
ONE_TIME REQCAPTURE SYNC -> CAPTURE / REQCAPTURE
ONE_TIME REQSALES SYNC -> SALES / REQSALES
ONE_TIME REQRETURN SYNC -> RETURN SALES CAPTURE / REQRETURN
PERMISSION_ONLY UNPROCESSED EXECUTE -> REQSUCCESS / UNPROCESSED
PERMISSION_ONLY REQSUCCESS START_PAYMENT -> AUTHPROCESS / REQSUCCESS
PERMISSION_ONLY AUTHPROCESS BUYER_PAYS -> REGISTER / PAYFAIL
PERMISSION_ONLY REGISTER END_PERMISSION -> END / REGISTER
PERMISSION_ONLY REGISTER MERCHANT_CHARGE -> REGISTER / REGISTER
MERCHANT_INITIATED UNPROCESSED EXECUTE -> AUTH REQCAPTURE CAPTURE / UNPROCESSED
MERCHANT_INITIATED AUTH CAPTURE -> SALES REQSALES / AUTH
MERCHANT_INITIATED AUTH CANCEL_FULL -> CANCEL / AUTH
MERCHANT_INITIATED AUTH CHANGE_AMOUNT -> AUTH / AUTH
MERCHANT_INITIATED AUTH REAUTHORIZE -> AUTH / AUTH
MERCHANT_INITIATED CANCEL REAUTHORIZE -> AUTH / CANCEL
MERCHANT_INITIATED SALES CANCEL_FULL -> RETURN REQRETURN / SALES
MERCHANT_INITIATED CAPTURE CANCEL_FULL -> RETURN REQRETURN / CAPTURE
MERCHANT_INITIATED SALES CANCEL_PARTIAL -> SALES RETURN REQRETURN / SALES
MERCHANT_INITIATED CAPTURE CANCEL_PARTIAL -> CAPTURE RETURN REQRETURN / CAPTURE
MERCHANT_INITIATED REQCAPTURE SYNC -> CAPTURE / REQCAPTURE
MERCHANT_INITIATED REQSALES SYNC -> SALES / REQSALES
MERCHANT_INITIATED REQRETURN SYNC -> RETURN SALES CAPTURE / REQRETURN
";
    let actual: Vec<String> = TRANSITIONS
        .iter()
        .map(|t| {
            let success: Vec<&str> = t.on_success.iter().map(|s| s.code()).collect();
            format!(
                "{} {} {} -> {} / {}",
                t.kind,
                t.from,
                t.operation,
                success.join(" "),
                t.on_failure
            )
        })
        .collect();
    let expected: Vec<&str> = expected.trim().lines().collect();
    assert_eq!(actual, expected);
    // No duplicate rows, so `transition` is unambiguous.
    for (i, a) in TRANSITIONS.iter().enumerate() {
        for b in &TRANSITIONS[i + 1..] {
            assert!(
                (a.kind, a.from, a.operation) != (b.kind, b.from, b.operation),
                "duplicate row {a:?}"
            );
        }
    }
    assert_eq!(REGISTERED, S::Unprocessed);
    let t = transition(S::Sales, Operation::CancelPartial, FlowKind::OneTime).unwrap();
    assert!(t.can_lead_to(S::Sales) && !t.can_lead_to(S::Cancel));
}

#[test]
fn pending_statuses_only_sync_and_final_statuses_allow_nothing() {
    for kind in FlowKind::ALL {
        for status in TransactionStatus::ALL {
            let ops = allowed_operations(status, kind);
            if status.is_pending() {
                assert!(ops.is_empty() || ops == [Operation::Sync], "{kind} {status}");
            }
            if status.is_final() {
                // An expired authorization (CANCEL, ExpiredUnused) can be authorized again.
                let reauthorize_only = status == S::Cancel && ops == [Operation::Reauthorize];
                assert!(ops.is_empty() || reauthorize_only, "{kind} {status}");
            }
        }
    }
}

#[test]
fn operation_codes_round_trip() {
    for op in Operation::ALL {
        assert_eq!(op.code().parse::<Operation>().unwrap(), op);
        assert_eq!(op.to_string(), op.code());
        let json = serde_json::to_string(&op).unwrap();
        assert_eq!(serde_json::from_str::<Operation>(&json).unwrap(), op);
        assert!(!op.label_ja().is_empty());
    }
    assert_eq!(
        "capture".parse::<Operation>().unwrap_err().detail_code(),
        "LIFECYCLE_OPERATION_UNKNOWN"
    );
    assert_eq!(FlowKind::MerchantInitiated.to_string(), "MERCHANT_INITIATED");
}

// ---------------------------------------------------------------- derivation

fn session(state: CheckoutSessionState, reason: Option<ReasonCode>, redirected: bool) -> Option<SessionView> {
    Some(SessionView {
        state,
        reason_code: reason,
        redirected,
    })
}

fn permission(kind: ChargePermissionType, state: ChargePermissionState) -> Option<PermissionView> {
    Some(PermissionView {
        permission_type: kind,
        state,
    })
}

fn charge(state: ChargeState, capture_now: bool, captured: u64) -> ChargeView {
    ChargeView {
        state,
        capture_now,
        captured_amount: Some(yen(captured)),
    }
}

fn refund(state: RefundState, amount: u64) -> RefundView {
    RefundView {
        state,
        amount: yen(amount),
    }
}

fn completed() -> Option<SessionView> {
    session(CheckoutSessionState::Completed, None, true)
}

fn one_time_with(charges: Vec<ChargeView>, refunds: Vec<RefundView>) -> AmazonView {
    AmazonView {
        session: completed(),
        permission: permission(ChargePermissionType::OneTime, ChargePermissionState::Chargeable),
        charges,
        refunds,
    }
}

#[test]
fn derives_every_status() {
    use ChargeState as C;
    let cases: Vec<(AmazonView, S)> = vec![
        (AmazonView::default(), S::Unprocessed),
        (
            AmazonView {
                session: session(
                    CheckoutSessionState::Canceled,
                    Some(ReasonCode::BuyerCanceled),
                    true,
                ),
                ..AmazonView::default()
            },
            S::Unprocessed,
        ),
        (
            AmazonView {
                session: session(CheckoutSessionState::Open, None, false),
                ..AmazonView::default()
            },
            S::ReqSuccess,
        ),
        (
            AmazonView {
                session: session(CheckoutSessionState::Open, None, true),
                ..AmazonView::default()
            },
            S::AuthProcess,
        ),
        (
            one_time_with(vec![charge(C::AuthorizationInitiated, false, 1000)], vec![]),
            S::AuthProcess,
        ),
        (
            one_time_with(vec![charge(C::Authorized, false, 1000)], vec![]),
            S::Auth,
        ),
        (
            one_time_with(vec![charge(C::CaptureInitiated, true, 1000)], vec![]),
            S::ReqCapture,
        ),
        (
            one_time_with(vec![charge(C::Captured, true, 1000)], vec![]),
            S::Capture,
        ),
        (
            one_time_with(vec![charge(C::CaptureInitiated, false, 1000)], vec![]),
            S::ReqSales,
        ),
        (
            one_time_with(vec![charge(C::Captured, false, 1000)], vec![]),
            S::Sales,
        ),
        (
            one_time_with(vec![charge(C::Canceled, false, 1000)], vec![]),
            S::Cancel,
        ),
        (
            one_time_with(
                vec![charge(C::Captured, false, 1000)],
                vec![refund(RefundState::RefundInitiated, 1000)],
            ),
            S::ReqReturn,
        ),
        (
            one_time_with(
                vec![charge(C::Captured, false, 1000)],
                vec![refund(RefundState::Refunded, 1000)],
            ),
            S::Return,
        ),
        (
            AmazonView {
                session: completed(),
                permission: permission(ChargePermissionType::Recurring, ChargePermissionState::Chargeable),
                ..AmazonView::default()
            },
            S::Register,
        ),
        (
            AmazonView {
                permission: permission(
                    ChargePermissionType::PaymentMethodOnFile,
                    ChargePermissionState::Chargeable,
                ),
                ..AmazonView::default()
            },
            S::Register,
        ),
        (
            AmazonView {
                permission: permission(ChargePermissionType::Recurring, ChargePermissionState::Closed),
                ..AmazonView::default()
            },
            S::End,
        ),
        (
            one_time_with(vec![charge(C::Declined, false, 1000)], vec![]),
            S::PayFail,
        ),
        (
            AmazonView {
                session: session(CheckoutSessionState::Canceled, Some(ReasonCode::Declined), true),
                ..AmazonView::default()
            },
            S::PayFail,
        ),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (view, want) in cases {
        assert_eq!(derive_status(&view).unwrap(), want, "{view:?}");
        seen.insert(want);
    }
    assert_eq!(seen.len(), 14, "every status is derived at least once");
}

#[test]
fn derivation_details() {
    use ChargeState as C;
    // Partial refunds keep SALES / CAPTURE; declined refunds are ignored; the sum decides.
    let partial = vec![
        refund(RefundState::Refunded, 400),
        refund(RefundState::Declined, 600),
    ];
    let view = one_time_with(vec![charge(C::Captured, false, 1000)], partial.clone());
    assert_eq!(derive_status(&view).unwrap(), S::Sales);
    let view = one_time_with(vec![charge(C::Captured, true, 1000)], partial);
    assert_eq!(derive_status(&view).unwrap(), S::Capture);
    let two_partials = vec![
        refund(RefundState::Refunded, 400),
        refund(RefundState::Refunded, 600),
    ];
    let view = one_time_with(vec![charge(C::Captured, true, 1000)], two_partials);
    assert_eq!(derive_status(&view).unwrap(), S::Return);
    // A pending refund wins over completed partial ones.
    let view = one_time_with(
        vec![charge(C::Captured, false, 1000)],
        vec![
            refund(RefundState::Refunded, 400),
            refund(RefundState::RefundInitiated, 100),
        ],
    );
    assert_eq!(derive_status(&view).unwrap(), S::ReqReturn);

    // A charge decides even when a one-time permission was closed after full capture.
    let view = AmazonView {
        permission: permission(ChargePermissionType::OneTime, ChargePermissionState::Closed),
        charges: vec![charge(C::Captured, false, 1000)],
        ..AmazonView::default()
    };
    assert_eq!(derive_status(&view).unwrap(), S::Sales);
    // A NonChargeable permission stays REGISTER (the buyer cancelling at Amazon does not end it).
    let view = AmazonView {
        permission: permission(
            ChargePermissionType::Recurring,
            ChargePermissionState::NonChargeable,
        ),
        ..AmazonView::default()
    };
    assert_eq!(derive_status(&view).unwrap(), S::Register);

    // A failed amount change (declined re-authorization) keeps the old authorization.
    let view = one_time_with(
        vec![
            charge(C::Authorized, false, 1000),
            charge(C::Declined, false, 2000),
        ],
        vec![],
    );
    assert_eq!(derive_status(&view).unwrap(), S::Auth);
    // A successful amount change: the old one cancelled, the new one authorized.
    let view = one_time_with(
        vec![
            charge(C::Canceled, false, 1000),
            charge(C::Authorized, false, 2000),
        ],
        vec![],
    );
    assert_eq!(derive_status(&view).unwrap(), S::Auth);
    // A declined charge after a cancelled one is a failure.
    let view = one_time_with(
        vec![charge(C::Canceled, false, 1000), charge(C::Declined, false, 2000)],
        vec![],
    );
    assert_eq!(derive_status(&view).unwrap(), S::PayFail);
    // Session reasons other than Declined are not failures.
    for reason in [
        Some(ReasonCode::Expired),
        Some(ReasonCode::AmazonCanceled),
        None,
        Some(ReasonCode::from("SomethingNew")),
    ] {
        let view = AmazonView {
            session: session(CheckoutSessionState::Canceled, reason, false),
            ..AmazonView::default()
        };
        assert_eq!(derive_status(&view).unwrap(), S::Unprocessed);
    }
    // A hand-built Unknown holding a known wire string is that state.
    let view = one_time_with(vec![charge(C::Unknown("Authorized".into()), false, 1000)], vec![]);
    assert_eq!(derive_status(&view).unwrap(), S::Auth);
}

#[test]
fn derivation_refuses_to_guess() {
    let code = |view: AmazonView| derive_status(&view).unwrap_err().detail_code();
    assert_eq!(
        code(one_time_with(
            vec![charge(ChargeState::from("OnHold"), false, 1)],
            vec![]
        )),
        "LIFECYCLE_AMAZON_STATE_UNKNOWN"
    );
    assert_eq!(
        code(one_time_with(
            vec![charge(ChargeState::Captured, false, 1)],
            vec![refund(RefundState::from("Reversed"), 1)],
        )),
        "LIFECYCLE_AMAZON_STATE_UNKNOWN"
    );
    assert_eq!(
        code(AmazonView {
            permission: permission(
                ChargePermissionType::Recurring,
                ChargePermissionState::from("Paused")
            ),
            ..AmazonView::default()
        }),
        "LIFECYCLE_AMAZON_STATE_UNKNOWN"
    );
    assert_eq!(
        code(AmazonView {
            session: session(CheckoutSessionState::from("Frozen"), None, false),
            ..AmazonView::default()
        }),
        "LIFECYCLE_AMAZON_STATE_UNKNOWN"
    );
    assert_eq!(
        code(AmazonView {
            session: completed(),
            ..AmazonView::default()
        }),
        "LIFECYCLE_VIEW_INCOMPLETE"
    );
    let mut no_amount = charge(ChargeState::Captured, false, 1);
    no_amount.captured_amount = None;
    assert_eq!(
        code(one_time_with(
            vec![no_amount.clone()],
            vec![refund(RefundState::Refunded, 1)]
        )),
        "LIFECYCLE_VIEW_INCOMPLETE"
    );
    // Without refunds the captured amount is not needed.
    assert_eq!(
        derive_status(&one_time_with(vec![no_amount], vec![])).unwrap(),
        S::Sales
    );
    let mut usd_refund = refund(RefundState::Refunded, 1);
    usd_refund.amount = Money::from_minor(1, Currency::Usd);
    assert_eq!(
        code(one_time_with(
            vec![charge(ChargeState::Captured, false, 1)],
            vec![usd_refund]
        )),
        "LIFECYCLE_CURRENCY_MISMATCH"
    );
    let err = derive_status(&one_time_with(
        vec![charge(ChargeState::from("X".repeat(500)), false, 1)],
        vec![],
    ))
    .unwrap_err();
    assert!(err.to_string().len() < 200);
}

#[test]
fn views_build_from_api_objects() {
    let mut s = CheckoutSession::new("cs", StatusDetails::new(CheckoutSessionState::Canceled));
    s.status_details.reason_code = Some(ReasonCode::Declined);
    let session = SessionView::from_api(&s, true);
    assert_eq!(session.reason_code, Some(ReasonCode::Declined));

    let p = ChargePermission::new(
        "p",
        ChargePermissionStatusDetails::new(ChargePermissionState::Chargeable),
    );
    let permission = PermissionView::from_api(&p);
    assert_eq!(permission.permission_type, ChargePermissionType::OneTime);

    let mut c = Charge::new("c", "p", StatusDetails::new(ChargeState::Captured));
    c.charge_amount = Some(Price {
        amount: "1200".into(),
        currency_code: "JPY".into(),
    });
    c.capture_now = Some(true);
    let charge = ChargeView::from_api(&c).unwrap();
    assert_eq!(charge.captured_amount, Some(yen(1200)));
    assert!(charge.capture_now);
    c.capture_amount = Some(Price {
        amount: "1000".into(),
        currency_code: "JPY".into(),
    });
    assert_eq!(ChargeView::from_api(&c).unwrap().captured_amount, Some(yen(1000)));
    c.capture_amount = Some(Price {
        amount: "10.5".into(),
        currency_code: "JPY".into(),
    });
    assert_eq!(
        ChargeView::from_api(&c).unwrap_err().detail_code(),
        "AMOUNT_TOO_MANY_DECIMALS"
    );
    c.capture_amount = None;

    let mut r = Refund::new("r", "c", StatusDetails::new(RefundState::Refunded));
    assert_eq!(
        RefundView::from_api(&r).unwrap_err().detail_code(),
        "LIFECYCLE_VIEW_INCOMPLETE"
    );
    r.refund_amount = Some(Price {
        amount: "1200".into(),
        currency_code: "JPY".into(),
    });
    let refund = RefundView::from_api(&r).unwrap();

    let view = AmazonView {
        session: Some(SessionView::from_api(
            &CheckoutSession::new("cs", StatusDetails::new(CheckoutSessionState::Completed)),
            true,
        )),
        permission: Some(permission),
        charges: vec![charge],
        refunds: vec![refund],
    };
    assert_eq!(derive_status(&view).unwrap(), S::Return);
}

// ---------------------------------------------------------------- amounts

#[test]
fn amount_range_edges() {
    let rules = Rules::default();
    assert!(rules.check_amount(yen(1)).is_ok());
    assert_eq!(
        rules.check_amount(yen(0)).unwrap_err(),
        LifecycleError::AmountBelowMinimum {
            amount: yen(0),
            minimum: yen(1)
        }
    );
    assert!(rules.check_amount(yen(9_999_999)).is_ok());
    let err = rules.check_amount(yen(10_000_000)).unwrap_err();
    assert_eq!(err.detail_code(), "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM");
    assert_eq!(
        err,
        LifecycleError::AmountAboveMaximum {
            amount: yen(10_000_000),
            maximum: yen(9_999_999)
        }
    );
    assert_eq!(
        rules.check_amount(yen(u64::MAX)).unwrap_err().detail_code(),
        "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"
    );
    // USD default: Amazon's per-charge maximum.
    let usd = |n| Money::from_minor(n, Currency::Usd);
    assert!(rules.check_amount(usd(1)).is_ok());
    assert!(rules.check_amount(usd(0)).is_err());
    assert!(rules.check_amount(usd(15_000_000)).is_ok());
    assert!(rules.check_amount(usd(15_000_001)).is_err());
    assert_eq!(
        rules
            .check_amount(Money::from_minor(100, Currency::Chf))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_CURRENCY_NOT_CONFIGURED"
    );
}

#[test]
fn amounts_are_configurable_per_merchant_and_currency() {
    let mut rules = Rules::default();
    let mut jpy = CurrencyLimits::jpy_default();
    jpy.max_amount = yen(50_000);
    rules.limits.set(jpy).unwrap();
    rules.validate().unwrap();
    assert!(rules.check_amount(yen(50_000)).is_ok());
    assert!(rules.check_amount(yen(50_001)).is_err());
    // Other currencies untouched.
    assert!(rules
        .check_amount(Money::from_minor(15_000_000, Currency::Eur))
        .is_ok());
}

const T0: i64 = 1_795_429_010; // 2026-11-23T10:16:50Z

fn monthly(at: i64, amount: u64, outcome: ChargeOutcome) -> PermissionCharge {
    PermissionCharge {
        at,
        amount: yen(amount),
        outcome,
    }
}

#[test]
fn recurring_monthly_cap_edges_and_cancelled_charges_still_count() {
    let rules = Rules::default();
    // A permission valid 13 months from T0, as Amazon would report it.
    let expiry = T0 + 395 * 86_400;
    let earlier = [
        monthly(T0 - 3600, 60_000, ChargeOutcome::Captured),
        // Cancelled: still counts.
        monthly(T0 - 1800, 30_000, ChargeOutcome::Cancelled),
        // Declined: never authorized, does not count.
        monthly(T0 - 900, 50_000, ChargeOutcome::Declined),
    ];
    assert_eq!(
        rules.month_total(Currency::Jpy, &earlier, T0).unwrap(),
        yen(90_000)
    );
    let ok = rules
        .check_merchant_charge(yen(10_000), &earlier, expiry, T0)
        .unwrap();
    assert_eq!(ok.month_total, yen(100_000));
    assert_eq!(ok.month_remaining, yen(0));
    let err = rules
        .check_merchant_charge(yen(10_001), &earlier, expiry, T0)
        .unwrap_err();
    assert_eq!(err.detail_code(), "LIFECYCLE_RECURRING_MONTHLY_CAP_EXCEEDED");
    assert_eq!(
        err,
        LifecycleError::RecurringMonthlyCapExceeded {
            amount: yen(10_001),
            already: yen(90_000),
            cap: yen(100_000)
        }
    );
    // Without the cancelled charge the same 10,001 would fit: cancelling is what does not free it.
    let without_cancelled = [earlier[0], earlier[2]];
    assert!(rules
        .check_merchant_charge(yen(10_001), &without_cancelled, expiry, T0)
        .is_ok());
    // A single charge at the cap, and one yen over.
    assert!(rules.check_merchant_charge(yen(100_000), &[], expiry, T0).is_ok());
    assert!(rules
        .check_merchant_charge(yen(100_001), &[], expiry, T0)
        .is_err());
    // The amount range applies too.
    assert_eq!(
        rules
            .check_merchant_charge(yen(0), &[], expiry, T0)
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_AMOUNT_BELOW_MINIMUM"
    );
}

#[test]
fn recurring_month_is_the_calendar_month_at_the_configured_offset() {
    let mut rules = Rules::default();
    let last_second_of_november = ts("20261130T235959Z").unwrap();
    let first_second_of_december = last_second_of_november + 1;
    let november = [monthly(
        ts("20261101T000000Z").unwrap(),
        100_000,
        ChargeOutcome::Refunded,
    )];
    let expiry = first_second_of_december + 395 * 86_400;
    assert!(rules
        .check_merchant_charge(yen(1), &november, expiry, last_second_of_november)
        .is_err());
    assert!(rules
        .check_merchant_charge(yen(100_000), &november, expiry, first_second_of_december)
        .is_ok());
    // In JST, 2026-11-30T15:00:00Z is already December 1st.
    rules.month_utc_offset_secs = 9 * 3600;
    rules.validate().unwrap();
    let jst_midnight = ts("20261130T150000Z").unwrap();
    assert!(rules
        .check_merchant_charge(yen(1), &november, expiry, jst_midnight - 1)
        .is_err());
    assert!(rules
        .check_merchant_charge(yen(100_000), &november, expiry, jst_midnight)
        .is_ok());
    // A charge in another currency on the same permission is a mismatch, not silently summed.
    let usd = [PermissionCharge {
        at: jst_midnight,
        amount: Money::from_minor(1, Currency::Usd),
        outcome: ChargeOutcome::Captured,
    }];
    assert_eq!(
        rules
            .check_merchant_charge(yen(1), &usd, expiry, jst_midnight)
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_CURRENCY_MISMATCH"
    );
}

// ---------------------------------------------------------------- time rules

#[test]
fn capture_window_is_thirty_days_to_the_second() {
    let rules = Rules::default();
    let deadline = T0 + 30 * 86_400;
    assert_eq!(rules.check_capture(T0, deadline).unwrap(), deadline);
    assert_eq!(
        rules.check_capture(T0, deadline + 1).unwrap_err(),
        LifecycleError::CaptureWindowExpired {
            deadline,
            now: deadline + 1
        }
    );
    // Clock skew: a time before the authorization is inside the window.
    assert!(rules.check_capture(T0, T0 - 5).is_ok());
    assert_eq!(rules.capture_deadline(T0).unwrap(), deadline);
}

fn refund_request(refunded_so_far: u64, refunds_so_far: u32, amount: u64, now: i64) -> RefundRequest {
    RefundRequest {
        captured_at: T0,
        captured: yen(10_000),
        refunded_so_far: yen(refunded_so_far),
        refunds_so_far,
        amount: yen(amount),
        now,
    }
}

#[test]
fn refund_window_is_180_days_to_the_second() {
    let rules = Rules::default();
    let deadline = T0 + 180 * 86_400;
    let check = rules
        .check_refund(&refund_request(0, 0, 10_000, deadline))
        .unwrap();
    assert_eq!(check.deadline, deadline);
    assert!(!check.partial && check.completes);
    assert_eq!(
        rules
            .check_refund(&refund_request(0, 0, 10_000, deadline + 1))
            .unwrap_err(),
        LifecycleError::RefundWindowExpired {
            deadline,
            now: deadline + 1
        }
    );
}

#[test]
fn tenth_partial_refund_is_allowed_the_eleventh_is_not() {
    let rules = Rules::default();
    let now = T0 + 86_400;
    // Nine earlier partial refunds of 100: the tenth is fine.
    let tenth = rules.check_refund(&refund_request(900, 9, 100, now)).unwrap();
    assert!(tenth.partial && !tenth.completes);
    assert_eq!(tenth.refundable_after, yen(9_000));
    // Ten earlier: the eleventh is refused, even when it would refund the remainder.
    assert_eq!(
        rules
            .check_refund(&refund_request(1_000, 10, 100, now))
            .unwrap_err(),
        LifecycleError::TooManyPartialRefunds { maximum: 10 }
    );
    assert_eq!(
        rules
            .check_refund(&refund_request(1_000, 10, 9_000, now))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_TOO_MANY_PARTIAL_REFUNDS"
    );
    // The tenth partial refund may complete the refund.
    let completing = rules.check_refund(&refund_request(900, 9, 9_100, now)).unwrap();
    assert!(completing.partial && completing.completes);
    assert!(completing.refundable_after.is_zero());
    // A configured limit of zero still allows one full refund.
    let strict = Rules {
        max_partial_refunds: 0,
        ..Rules::default()
    };
    assert!(strict.check_refund(&refund_request(0, 0, 10_000, now)).is_ok());
    assert!(strict.check_refund(&refund_request(0, 0, 9_999, now)).is_err());
}

#[test]
fn refund_total_may_not_exceed_the_captured_amount() {
    let rules = Rules::default();
    let now = T0 + 86_400;
    assert!(rules.check_refund(&refund_request(4_000, 1, 6_000, now)).is_ok());
    assert_eq!(
        rules
            .check_refund(&refund_request(4_000, 1, 6_001, now))
            .unwrap_err(),
        LifecycleError::RefundExceedsCaptured {
            requested: yen(6_001),
            refundable: yen(6_000)
        }
    );
    assert_eq!(
        rules
            .check_refund(&refund_request(0, 0, 0, now))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_AMOUNT_BELOW_MINIMUM"
    );
    // Already over-refunded (bad ledger data): nothing is refundable, no panic.
    assert_eq!(
        rules
            .check_refund(&refund_request(20_000, 1, 1, now))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_REFUND_EXCEEDS_CAPTURED"
    );
    let mut usd = refund_request(0, 0, 1, now);
    usd.amount = Money::from_minor(1, Currency::Usd);
    assert_eq!(
        rules.check_refund(&usd).unwrap_err().detail_code(),
        "LIFECYCLE_CURRENCY_MISMATCH"
    );
}

fn change(first: u64, current: u64, new: u64, now: i64) -> AmountChangeRequest {
    AmountChangeRequest {
        kind: FlowKind::OneTime,
        change_enabled_at_checkout: true,
        first_amount: yen(first),
        current_amount: yen(current),
        new_amount: yen(new),
        authorized_at: T0,
        now,
    }
}

#[test]
fn amount_change_cap_is_the_higher_of_70000_and_nine_times_the_first_amount() {
    let rules = Rules::default();
    let now = T0 + 86_400;
    // Small first amount: the 70,000 floor binds (9 × 5,000 = 45,000).
    assert_eq!(rules.amount_change_cap(yen(5_000)).unwrap(), yen(70_000));
    assert!(rules
        .check_amount_change(&change(5_000, 5_000, 70_000, now))
        .is_ok());
    assert_eq!(
        rules
            .check_amount_change(&change(5_000, 5_000, 70_001, now))
            .unwrap_err(),
        LifecycleError::AmountChangeAboveCap {
            amount: yen(70_001),
            cap: yen(70_000)
        }
    );
    // Large first amount: 9× binds (9 × 10,000 = 90,000 > 70,000).
    assert_eq!(rules.amount_change_cap(yen(10_000)).unwrap(), yen(90_000));
    assert!(rules
        .check_amount_change(&change(10_000, 10_000, 90_000, now))
        .is_ok());
    assert_eq!(
        rules
            .check_amount_change(&change(10_000, 10_000, 90_001, now))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_AMOUNT_CHANGE_ABOVE_CAP"
    );
    // The crossover: 9 × 7,778 = 70,002 just beats the floor.
    assert_eq!(rules.amount_change_cap(yen(7_777)).unwrap(), yen(70_000));
    assert_eq!(rules.amount_change_cap(yen(7_778)).unwrap(), yen(70_002));
    // The cap is measured from the first amount, not the current one.
    assert!(rules
        .check_amount_change(&change(10_000, 80_000, 90_000, now))
        .is_ok());
    // Never above the per-transaction maximum.
    assert_eq!(rules.amount_change_cap(yen(5_000_000)).unwrap(), yen(9_999_999));
    assert_eq!(
        rules
            .check_amount_change(&change(5_000_000, 5_000_000, 10_000_000, now))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_AMOUNT_ABOVE_MAXIMUM"
    );
    // Lowering is fine; zero is not.
    assert!(rules.check_amount_change(&change(10_000, 10_000, 1, now)).is_ok());
    assert_eq!(
        rules
            .check_amount_change(&change(10_000, 10_000, 0, now))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_AMOUNT_BELOW_MINIMUM"
    );
    // A huge first amount does not overflow.
    assert!(rules.amount_change_cap(yen(u64::MAX)).is_ok());
}

#[test]
fn same_amount_change_extends_the_capture_window_by_thirty_days() {
    let rules = Rules::default();
    let now = T0 + 29 * 86_400;
    let same = rules
        .check_amount_change(&change(10_000, 10_000, 10_000, now))
        .unwrap();
    assert!(same.same_amount);
    assert_eq!(same.new_capture_deadline, now + 30 * 86_400);
    // The re-authorization is the new start of the capture window.
    assert!(rules.check_capture(now, same.new_capture_deadline).is_ok());
    assert!(rules.check_capture(now, same.new_capture_deadline + 1).is_err());
    let other = rules
        .check_amount_change(&change(10_000, 10_000, 12_000, now))
        .unwrap();
    assert!(!other.same_amount);
    // The change itself must come while the current authorization can be captured.
    let last = T0 + 30 * 86_400;
    assert!(rules
        .check_amount_change(&change(10_000, 10_000, 10_000, last))
        .is_ok());
    assert_eq!(
        rules
            .check_amount_change(&change(10_000, 10_000, 10_000, last + 1))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_CAPTURE_WINDOW_EXPIRED"
    );
}

#[test]
fn amount_change_must_be_enabled_for_the_flow() {
    let rules = Rules::default();
    let now = T0 + 60;
    let mut request = change(10_000, 10_000, 12_000, now);
    request.change_enabled_at_checkout = false;
    assert_eq!(
        rules.check_amount_change(&request).unwrap_err(),
        LifecycleError::AmountChangeNotEnabled {
            kind: FlowKind::OneTime
        }
    );
    request.kind = FlowKind::MerchantInitiated;
    assert!(rules.check_amount_change(&request).is_ok());
    request.kind = FlowKind::PermissionOnly;
    assert_eq!(
        rules.check_amount_change(&request).unwrap_err().detail_code(),
        "LIFECYCLE_AMOUNT_CHANGE_NOT_ENABLED"
    );
}

#[test]
fn reauthorization_after_expiry_or_before_it_never_after_a_cancel() {
    let rules = Rules::default();
    let expiry = T0 + 180 * 86_400;
    let request = |status, expired_unused, permission_chargeable, now| ReauthorizationRequest {
        kind: FlowKind::OneTime,
        status,
        expired_unused,
        permission_chargeable,
        permission_expiry: expiry,
        now,
    };
    // Expired unused, or still authorized: allowed until the permission's last second.
    assert!(rules
        .check_reauthorization(&request(S::Cancel, true, true, expiry))
        .is_ok());
    assert!(rules
        .check_reauthorization(&request(S::Auth, false, true, T0))
        .is_ok());
    assert_eq!(
        rules
            .check_reauthorization(&request(S::Cancel, true, true, expiry + 1))
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_PERMISSION_EXPIRED"
    );
    // A cancel by the merchant is final.
    assert_eq!(
        rules
            .check_reauthorization(&request(S::Cancel, false, true, T0))
            .unwrap_err(),
        LifecycleError::AuthorizationCanceled
    );
    assert_eq!(
        rules
            .check_reauthorization(&request(S::Auth, false, false, T0))
            .unwrap_err()
            .code(),
        ErrorCode::LifecyclePermissionNotChargeable
    );
    // Captured or refunded: nothing to authorize.
    for status in [S::Sales, S::Capture, S::Return, S::PayFail, S::End] {
        assert_eq!(
            rules
                .check_reauthorization(&request(status, false, true, T0))
                .unwrap_err()
                .detail_code(),
            "LIFECYCLE_OPERATION_NOT_ALLOWED",
            "{status}"
        );
    }
    let mut permission_only = request(S::Auth, false, true, T0);
    permission_only.kind = FlowKind::PermissionOnly;
    assert!(rules.check_reauthorization(&permission_only).is_err());
}

#[test]
fn a_permission_is_valid_through_amazons_expiry() {
    // The expiry is Amazon's (the permission's expirationTimestamp); the rules only check it.
    let rules = Rules::default();
    let expiry = ts("20271223T101650Z").unwrap();
    assert!(rules.check_permission_active(expiry, expiry).is_ok());
    assert_eq!(
        rules.check_permission_active(expiry, expiry + 1).unwrap_err(),
        LifecycleError::PermissionExpired {
            expired_at: expiry,
            now: expiry + 1
        }
    );
    let charged = ts("20270423T000000Z").unwrap();
    let check = rules
        .check_merchant_charge(yen(1_000), &[], expiry, charged)
        .unwrap();
    assert_eq!(check.month_total, yen(1_000));
    // An expired permission cannot be charged.
    assert_eq!(
        rules
            .check_merchant_charge(yen(1_000), &[], expiry, expiry + 1)
            .unwrap_err()
            .detail_code(),
        "LIFECYCLE_PERMISSION_EXPIRED"
    );
}

#[test]
fn times_outside_the_supported_range_are_errors_not_panics() {
    let rules = Rules::default();
    for bad in [i64::MIN, -1, MAX_TIME + 1, i64::MAX] {
        assert_eq!(
            rules.check_capture(bad, T0).unwrap_err().detail_code(),
            "LIFECYCLE_TIME_OUT_OF_RANGE"
        );
        assert_eq!(
            rules.check_capture(T0, bad).unwrap_err().detail_code(),
            "LIFECYCLE_TIME_OUT_OF_RANGE"
        );
        assert!(rules.check_permission_active(bad, T0).is_err());
        assert!(rules.month_total(Currency::Jpy, &[], bad).is_err());
        assert!(rules.check_refund(&refund_request(0, 0, 1, bad)).is_err());
    }
    // Windows that would end after 9999 are refused too.
    assert!(rules.check_capture(MAX_TIME, MAX_TIME).is_err());
    let absurd = Rules {
        capture_window_secs: i64::MAX,
        month_utc_offset_secs: i32::MIN,
        ..Rules::default()
    };
    assert!(absurd.validate().is_err());
    assert!(absurd.check_capture(T0, T0).is_err());
    assert!(absurd.month_total(Currency::Jpy, &[], 0).is_ok());
}

#[test]
fn rules_validate() {
    Rules::default().validate().unwrap();
    let invalid = |f: fn(&mut Rules)| {
        let mut rules = Rules::default();
        f(&mut rules);
        rules.validate().unwrap_err().detail_code()
    };
    assert_eq!(
        invalid(|r| r.capture_window_secs = 0),
        "LIFECYCLE_CONFIGURATION_INVALID"
    );
    assert_eq!(
        invalid(|r| r.refund_window_secs = 0),
        "LIFECYCLE_CONFIGURATION_INVALID"
    );
    assert_eq!(
        invalid(|r| r.month_utc_offset_secs = 14 * 3600 + 1),
        "LIFECYCLE_CONFIGURATION_INVALID"
    );
    let ok = Rules {
        month_utc_offset_secs: -14 * 3600,
        ..Rules::default()
    };
    ok.validate().unwrap();
    assert_eq!(Rules::default().capture_window_secs, 30 * DAY_SECS);
    assert_eq!(Rules::default().refund_window_secs, 180 * DAY_SECS);
    assert_eq!(Rules::default().max_partial_refunds, 10);
}

#[test]
fn error_codes_are_stable_and_distinct() {
    let errors = [
        LifecycleError::OperationNotAllowed {
            status: S::Auth,
            operation: Operation::Sync,
            kind: FlowKind::OneTime,
        },
        LifecycleError::AmountBelowMinimum {
            amount: yen(0),
            minimum: yen(1),
        },
        LifecycleError::AmountAboveMaximum {
            amount: yen(2),
            maximum: yen(1),
        },
        LifecycleError::RecurringMonthlyCapExceeded {
            amount: yen(1),
            already: yen(1),
            cap: yen(1),
        },
        LifecycleError::CaptureWindowExpired { deadline: 0, now: 1 },
        LifecycleError::RefundWindowExpired { deadline: 0, now: 1 },
        LifecycleError::TooManyPartialRefunds { maximum: 10 },
        LifecycleError::RefundExceedsCaptured {
            requested: yen(2),
            refundable: yen(1),
        },
        LifecycleError::AmountChangeAboveCap {
            amount: yen(2),
            cap: yen(1),
        },
        LifecycleError::AmountChangeNotEnabled {
            kind: FlowKind::OneTime,
        },
        LifecycleError::PermissionExpired {
            expired_at: 0,
            now: 1,
        },
        LifecycleError::AuthorizationCanceled,
        LifecycleError::PermissionNotChargeable,
        LifecycleError::CurrencyNotConfigured(Currency::Chf),
        LifecycleError::CurrencyMismatch {
            expected: Currency::Jpy,
            found: Currency::Usd,
        },
        LifecycleError::TimeOutOfRange(-1),
        LifecycleError::InvalidConfiguration("x"),
        LifecycleError::UnknownStatus("x".into()),
        LifecycleError::UnknownOperation("x".into()),
        LifecycleError::UnknownAmazonState {
            object: "Charge",
            state: "x".into(),
        },
        LifecycleError::IncompleteView("x"),
    ];
    let codes: Vec<&str> = errors.iter().map(LifecycleError::detail_code).collect();
    let unique: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len());
    for (err, code) in errors.iter().zip(&codes) {
        assert!(code.starts_with("LIFECYCLE_"), "{code}");
        assert!(!err.to_string().is_empty());
        // The wire code is the rule's own where the wire has one, the wire's currency codes
        // for the currency refusals, and INTERNAL for the rest.
        let wire = match *code {
            "LIFECYCLE_CURRENCY_MISMATCH" => ErrorCode::CurrencyMismatch,
            "LIFECYCLE_CURRENCY_NOT_CONFIGURED" => ErrorCode::CurrencyUnsupported,
            other => ErrorCode::from_wire(other).unwrap_or(ErrorCode::Internal),
        };
        assert_eq!(err.code(), wire, "{code}");
    }
    let money: LifecycleError = crate::money::MoneyError::Negative.into();
    assert_eq!(money.code(), ErrorCode::AmountNegative);
    assert_eq!(money.detail_code(), "AMOUNT_NEGATIVE");
}

// ---------------------------------------------------------------- no panics on any input

mod never_panics {
    use proptest::prelude::*;

    use super::super::*;
    use crate::money::{Currency, Money};

    fn money() -> impl Strategy<Value = Money> {
        (any::<u64>(), prop::sample::select(Currency::ALL.to_vec()))
            .prop_map(|(m, c)| Money::from_minor(m, c))
    }

    proptest! {
        #[test]
        fn rules_return_results_for_any_input(
            a in money(), b in money(), c in money(),
            t1 in any::<i64>(), t2 in any::<i64>(), n in any::<u32>(),
            offset in any::<i32>(), window in any::<i64>(),
        ) {
            let rules = Rules {
                month_utc_offset_secs: offset,
                capture_window_secs: window,
                refund_window_secs: window,
                max_partial_refunds: n,
                ..Rules::default()
            };
            let _ = rules.validate();
            let _ = rules.check_amount(a);
            let _ = rules.check_capture(t1, t2);
            let _ = rules.check_refund(&RefundRequest {
                captured_at: t1, captured: a, refunded_so_far: b, refunds_so_far: n, amount: c, now: t2,
            });
            let _ = rules.amount_change_cap(a);
            for kind in FlowKind::ALL {
                let _ = rules.check_amount_change(&AmountChangeRequest {
                    kind, change_enabled_at_checkout: true, first_amount: a, current_amount: b,
                    new_amount: c, authorized_at: t1, now: t2,
                });
            }
            let earlier = [PermissionCharge { at: t1, amount: b, outcome: ChargeOutcome::Cancelled }];
            let _ = rules.check_merchant_charge(a, &earlier, t2, t1);
        }
    }
}
