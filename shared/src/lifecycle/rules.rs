//! The seed's rules as pre-flight checks: each returns a typed error before anything is sent
//! to Amazon.
//!
//! Time is passed in as seconds since the Unix epoch and must lie in
//! 1970-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z ([`MAX_TIME`]); there is no clock inside.
//! Windows are inclusive to the second: with the default 30 days, a capture at
//! `authorized_at + 2_592_000` is allowed and one second later is refused.
//!
//! Choices where the seed is silent:
//!
//! * **Month** of the recurring cap: the calendar month at a fixed UTC offset configured per
//!   merchant ([`Rules::month_utc_offset_secs`], default 0 = UTC; Japanese merchants who count
//!   in JST set `9 * 3600`). Charges with [`ChargeOutcome::Declined`] do not count; cancelled
//!   and refunded ones do (the seed: cancelling does not free the allowance).
//! * A permission's **expiry** and an authorization's 30-day life are Amazon's (its Charge
//!   Permission's `expirationTimestamp`, extended by Amazon after each charge of a recurring
//!   one, and the Charge's 30 days); they are read from Amazon, never configured here.
//! * A **partial refund** is any refund smaller than the captured amount; at most
//!   [`Rules::max_partial_refunds_for`] the currency are allowed, so after ten partial refunds even the refund of
//!   the remainder is refused. Declined refunds are not counted by the caller.
//! * A time **before** the event that opens a window (clock skew) counts as inside it.
//! * An **amount change** must happen while the current authorization can still be captured;
//!   every successful change is a re-authorization whose capture window runs
//!   [`Rules::capture_window_secs`] from the change (for a same-amount change this is the
//!   seed's 30-day extension).

use std::collections::BTreeMap;

use crate::money::{Currency, Money};
use crate::time::civil_from_days;

use super::check::check_allowed;
use super::errors::LifecycleError;
use super::limits::{CurrencyLimits, LimitsByCurrency};
use super::operations::{FlowKind, Operation};
use super::status::TransactionStatus;

/// One day in seconds.
pub const DAY_SECS: i64 = 86_400;

/// The latest supported time, 9999-12-31T23:59:59Z.
pub const MAX_TIME: i64 = 253_402_300_799;

/// The largest accepted [`Rules::month_utc_offset_secs`] in either direction (14 hours).
pub const MAX_UTC_OFFSET_SECS: i32 = 14 * 3600;

/// One merchant's rules: amount limits per currency plus the time and count rules.
///
/// [`Rules::default`] holds the seed's values. After changing a field, call
/// [`Rules::validate`]; the checks never panic either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Amount limits per currency.
    pub limits: LimitsByCurrency,
    /// How long after (re-)authorization a capture is allowed (seed: 30 days).
    pub capture_window_secs: i64,
    /// How long after capture a refund is allowed (seed: 180 days).
    pub refund_window_secs: i64,
    /// The most partial refunds per transaction (seed: 10).
    pub max_partial_refunds: u32,
    /// Per-currency overrides of [`Rules::max_partial_refunds`] (none by default).
    pub max_partial_refunds_by_currency: BTreeMap<Currency, u32>,
    /// The UTC offset whose calendar months the recurring cap counts in (default 0, UTC).
    pub month_utc_offset_secs: i32,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            limits: LimitsByCurrency::default(),
            capture_window_secs: 30 * DAY_SECS,
            refund_window_secs: 180 * DAY_SECS,
            max_partial_refunds: 10,
            max_partial_refunds_by_currency: BTreeMap::new(),
            month_utc_offset_secs: 0,
        }
    }
}

/// What an earlier charge on a permission ended as, for the monthly cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChargeOutcome {
    /// Authorized (or pending): counts.
    Authorized,
    /// Captured: counts.
    Captured,
    /// Cancelled after authorization: still counts (the seed).
    Cancelled,
    /// Refunded after capture: still counts.
    Refunded,
    /// Declined, never authorized: does not count.
    Declined,
}

impl ChargeOutcome {
    /// True unless the charge was declined.
    pub fn counts_toward_monthly_cap(self) -> bool {
        self != ChargeOutcome::Declined
    }
}

/// An earlier charge on the same permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermissionCharge {
    /// When it was created (Unix seconds).
    pub at: i64,
    /// Its amount.
    pub amount: Money,
    /// What became of it.
    pub outcome: ChargeOutcome,
}

/// The result of a successful [`Rules::check_merchant_charge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MerchantChargeCheck {
    /// This calendar month's total including the new charge.
    pub month_total: Money,
    /// What is left of the monthly cap after the new charge.
    pub month_remaining: Money,
}

/// A refund to check ([`Rules::check_refund`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundRequest {
    /// When the transaction was captured (Unix seconds).
    pub captured_at: i64,
    /// The captured amount.
    pub captured: Money,
    /// What was refunded (or is being refunded) so far; declined refunds excluded.
    pub refunded_so_far: Money,
    /// How many refunds were made so far; declined refunds excluded.
    pub refunds_so_far: u32,
    /// The amount to refund now.
    pub amount: Money,
    /// The time of the request.
    pub now: i64,
}

/// The result of a successful [`Rules::check_refund`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundCheck {
    /// True when this refund is smaller than the captured amount (it counts toward the limit).
    pub partial: bool,
    /// True when the refunded total reaches the captured amount (`RETURN` once settled;
    /// otherwise the transaction goes back to `SALES` or `CAPTURE`).
    pub completes: bool,
    /// What stays refundable afterwards.
    pub refundable_after: Money,
    /// The last second of the refund window.
    pub deadline: i64,
}

/// An amount change to check ([`Rules::check_amount_change`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountChangeRequest {
    /// The flow of the transaction.
    pub kind: FlowKind,
    /// For the one-time flow: whether the button was rendered with amount change enabled, so
    /// that the buyer was told more may be charged. Merchant-initiated charges may always
    /// change.
    pub change_enabled_at_checkout: bool,
    /// The amount of the first authorization.
    pub first_amount: Money,
    /// The amount currently authorized.
    pub current_amount: Money,
    /// The requested amount.
    pub new_amount: Money,
    /// When the current authorization was made (the last re-authorization, if any).
    pub authorized_at: i64,
    /// The time of the request.
    pub now: i64,
}

/// The result of a successful [`Rules::check_amount_change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountChange {
    /// True when the new amount equals the current one (a pure capture-window extension).
    pub same_amount: bool,
    /// The highest amount this transaction may be changed to.
    pub cap: Money,
    /// The last second at which the new authorization can be captured.
    pub new_capture_deadline: i64,
}

/// A re-authorization to check ([`Rules::check_reauthorization`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReauthorizationRequest {
    /// The flow of the transaction.
    pub kind: FlowKind,
    /// Its status.
    pub status: TransactionStatus,
    /// Whether the current authorization expired unused (Amazon's `Canceled`, `ExpiredUnused`).
    pub expired_unused: bool,
    /// Whether Amazon reports the charge permission `Chargeable`.
    pub permission_chargeable: bool,
    /// The permission's expiry as Amazon reports it.
    pub permission_expiry: i64,
    /// The time of the request.
    pub now: i64,
}

impl Rules {
    /// Checks a re-authorization (再オーソリ): allowed in the table (`AUTH`, or `CANCEL` for an
    /// authorization that expired unused, never one the merchant canceled), on a permission
    /// that is `Chargeable` and not expired.
    pub fn check_reauthorization(&self, r: &ReauthorizationRequest) -> Result<(), LifecycleError> {
        check_allowed(r.status, Operation::Reauthorize, r.kind)?;
        if r.status == TransactionStatus::Cancel && !r.expired_unused {
            return Err(LifecycleError::AuthorizationCanceled);
        }
        if !r.permission_chargeable {
            return Err(LifecycleError::PermissionNotChargeable);
        }
        self.check_permission_active(r.permission_expiry, r.now)
    }

    /// Checks every setting: each currency's limits, positive windows, and an offset within
    /// ±14 hours.
    pub fn validate(&self) -> Result<(), LifecycleError> {
        for limits in self.limits.iter() {
            limits.validate()?;
        }
        let invalid = LifecycleError::InvalidConfiguration;
        if self.capture_window_secs <= 0 || self.capture_window_secs > MAX_TIME {
            return Err(invalid("the capture window must be positive"));
        }
        if self.refund_window_secs <= 0 || self.refund_window_secs > MAX_TIME {
            return Err(invalid("the refund window must be positive"));
        }
        if self.month_utc_offset_secs.unsigned_abs() > MAX_UTC_OFFSET_SECS.unsigned_abs() {
            return Err(invalid("the month offset must be within 14 hours of UTC"));
        }
        Ok(())
    }

    /// The most partial refunds per transaction in `currency`: its override, else
    /// [`Rules::max_partial_refunds`].
    pub fn max_partial_refunds_for(&self, currency: Currency) -> u32 {
        self.max_partial_refunds_by_currency
            .get(&currency)
            .copied()
            .unwrap_or(self.max_partial_refunds)
    }

    /// The limits of a currency.
    pub fn limits_for(&self, currency: Currency) -> Result<&CurrencyLimits, LifecycleError> {
        self.limits.get(currency)
    }

    /// Checks the amount of one transaction against its currency's minimum and maximum.
    pub fn check_amount(&self, amount: Money) -> Result<(), LifecycleError> {
        let limits = self.limits_for(amount.currency())?;
        if amount.minor() < limits.min_amount.minor() {
            return Err(LifecycleError::AmountBelowMinimum {
                amount,
                minimum: limits.min_amount,
            });
        }
        if amount.minor() > limits.max_amount.minor() {
            return Err(LifecycleError::AmountAboveMaximum {
                amount,
                maximum: limits.max_amount,
            });
        }
        Ok(())
    }

    /// The last second at which an authorization made at `authorized_at` can be captured.
    pub fn capture_deadline(&self, authorized_at: i64) -> Result<i64, LifecycleError> {
        deadline(authorized_at, self.capture_window_secs)
    }

    /// Checks a capture is inside the window and returns the window's last second.
    /// `authorized_at` is the time of the current authorization (after an amount change, the
    /// re-authorization).
    pub fn check_capture(&self, authorized_at: i64, now: i64) -> Result<i64, LifecycleError> {
        let deadline = self.capture_deadline(authorized_at)?;
        if check_time(now)? > deadline {
            return Err(LifecycleError::CaptureWindowExpired { deadline, now });
        }
        Ok(deadline)
    }

    /// Checks a refund: inside the refund window, a positive amount in the captured currency,
    /// the refunded total not above the captured amount, and not more partial refunds than
    /// allowed.
    pub fn check_refund(&self, refund: &RefundRequest) -> Result<RefundCheck, LifecycleError> {
        let deadline = deadline(refund.captured_at, self.refund_window_secs)?;
        if check_time(refund.now)? > deadline {
            return Err(LifecycleError::RefundWindowExpired {
                deadline,
                now: refund.now,
            });
        }
        let currency = refund.captured.currency();
        same_currency(currency, refund.refunded_so_far)?;
        same_currency(currency, refund.amount)?;
        let limits = self.limits_for(currency)?;
        if refund.amount.is_zero() {
            return Err(LifecycleError::AmountBelowMinimum {
                amount: refund.amount,
                minimum: limits.min_amount,
            });
        }
        let refundable = refund
            .captured
            .checked_sub(&refund.refunded_so_far)
            .unwrap_or_else(|_| Money::zero(currency));
        if refund.amount.minor() > refundable.minor() {
            return Err(LifecycleError::RefundExceedsCaptured {
                requested: refund.amount,
                refundable,
            });
        }
        let partial = refund.amount.minor() < refund.captured.minor();
        let maximum = self.max_partial_refunds_for(currency);
        if partial && refund.refunds_so_far >= maximum {
            return Err(LifecycleError::TooManyPartialRefunds { maximum });
        }
        let refundable_after = refundable.checked_sub(&refund.amount)?;
        Ok(RefundCheck {
            partial,
            completes: refundable_after.is_zero(),
            refundable_after,
            deadline,
        })
    }

    /// The highest amount a transaction whose first authorization was `first_amount` may be
    /// changed to: the higher of the currency's floor and its percentage of the first amount,
    /// never above the per-transaction maximum.
    pub fn amount_change_cap(&self, first_amount: Money) -> Result<Money, LifecycleError> {
        let limits = self.limits_for(first_amount.currency())?;
        // A product too large for `u64` is above any maximum anyway.
        let relative = first_amount
            .checked_mul_div_floor(limits.amount_change_max_percent, 100)
            .map_or(u64::MAX, |m| m.minor());
        let cap = relative.max(limits.amount_change_floor.minor());
        Ok(Money::from_minor(
            cap.min(limits.max_amount.minor()),
            first_amount.currency(),
        ))
    }

    /// Checks an amount change (a re-authorization): allowed for the flow, inside the current
    /// capture window, within the amount range and the amount-change cap. Returns the new
    /// capture deadline, `now` plus [`Rules::capture_window_secs`].
    pub fn check_amount_change(&self, change: &AmountChangeRequest) -> Result<AmountChange, LifecycleError> {
        if change.kind == FlowKind::PermissionOnly
            || (change.kind == FlowKind::OneTime && !change.change_enabled_at_checkout)
        {
            return Err(LifecycleError::AmountChangeNotEnabled { kind: change.kind });
        }
        let currency = change.first_amount.currency();
        same_currency(currency, change.current_amount)?;
        same_currency(currency, change.new_amount)?;
        self.check_capture(change.authorized_at, change.now)?;
        self.check_amount(change.new_amount)?;
        let cap = self.amount_change_cap(change.first_amount)?;
        if change.new_amount.minor() > cap.minor() {
            return Err(LifecycleError::AmountChangeAboveCap {
                amount: change.new_amount,
                cap,
            });
        }
        Ok(AmountChange {
            same_amount: change.new_amount == change.current_amount,
            cap,
            new_capture_deadline: deadline(change.now, self.capture_window_secs)?,
        })
    }

    /// Checks a permission is still valid at `now` (valid through its expiry second).
    pub fn check_permission_active(&self, expiry: i64, now: i64) -> Result<(), LifecycleError> {
        if check_time(now)? > check_time(expiry)? {
            return Err(LifecycleError::PermissionExpired {
                expired_at: expiry,
                now,
            });
        }
        Ok(())
    }

    /// What one permission was charged in the calendar month of `now`: every earlier charge
    /// created in that month, cancelled and refunded ones included, declined ones not.
    pub fn month_total(
        &self,
        currency: Currency,
        earlier: &[PermissionCharge],
        now: i64,
    ) -> Result<Money, LifecycleError> {
        let month = self.month_of(now)?;
        let mut total = Money::zero(currency);
        for charge in earlier {
            if !charge.outcome.counts_toward_monthly_cap() || self.month_of(charge.at)? != month {
                continue;
            }
            same_currency(currency, charge.amount)?;
            total = total.checked_add(&charge.amount)?;
        }
        Ok(total)
    }

    /// Checks a merchant-initiated charge on a recurring permission: the amount range, the
    /// permission's expiry (Amazon's) and the monthly cap. Returns the month's totals.
    pub fn check_merchant_charge(
        &self,
        amount: Money,
        earlier: &[PermissionCharge],
        permission_expiry: i64,
        now: i64,
    ) -> Result<MerchantChargeCheck, LifecycleError> {
        self.check_amount(amount)?;
        self.check_permission_active(permission_expiry, now)?;
        let cap = self.limits_for(amount.currency())?.recurring_monthly_cap;
        let already = self.month_total(amount.currency(), earlier, now)?;
        let month_total = already.checked_add(&amount)?;
        if month_total.minor() > cap.minor() {
            return Err(LifecycleError::RecurringMonthlyCapExceeded { amount, already, cap });
        }
        Ok(MerchantChargeCheck {
            month_total,
            month_remaining: cap.checked_sub(&month_total)?,
        })
    }

    /// The `(year, month)` of a time at the merchant's month offset.
    fn month_of(&self, at: i64) -> Result<(i64, u32), LifecycleError> {
        let local = check_time(at)? + i64::from(self.month_utc_offset_secs);
        let (year, month, _) = civil_from_days(local.div_euclid(DAY_SECS));
        Ok((year, month))
    }
}

/// Checks a time is in the supported range.
fn check_time(at: i64) -> Result<i64, LifecycleError> {
    if (0..=MAX_TIME).contains(&at) {
        Ok(at)
    } else {
        Err(LifecycleError::TimeOutOfRange(at))
    }
}

/// `start + window`, both checked.
fn deadline(start: i64, window: i64) -> Result<i64, LifecycleError> {
    let end = check_time(start)?
        .checked_add(window)
        .ok_or(LifecycleError::TimeOutOfRange(start))?;
    check_time(end)
}

fn same_currency(expected: Currency, amount: Money) -> Result<(), LifecycleError> {
    if amount.currency() == expected {
        Ok(())
    } else {
        Err(LifecycleError::CurrencyMismatch {
            expected,
            found: amount.currency(),
        })
    }
}
