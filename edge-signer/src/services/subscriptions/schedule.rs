//! When a subscription's periods start: Amazon's frequency (unit and value) counted from the
//! subscription's anchor, in calendar months at the merchant's UTC offset for `Month` and
//! `Year` (a day the target month lacks becomes its last day: 31 January, then 28 or 29
//! February, then 31 March again, because every period is counted from the anchor, not from
//! the period before), in whole days for `Week` and `Day`. `Variable` has no schedule: the
//! merchant sets each next date. Integer arithmetic only.

use amazon_pay_shared::time::{civil_from_days, days_from_civil};
use amazon_pay_shared::vocabulary::FrequencyUnit;

const DAY: i64 = 86_400;

/// The latest time a schedule reaches (9999-12-31T23:59:59Z).
const MAX_TIME: i64 = 253_402_300_799;

/// How often a subscription is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frequency {
    /// Amazon's unit.
    pub unit: FrequencyUnit,
    /// How many units apart (1 to 999).
    pub value: i64,
}

impl Frequency {
    /// From the stored unit and value; `None` for anything Amazon does not send.
    pub fn parse(unit: &str, value: i64) -> Option<Frequency> {
        let unit = FrequencyUnit::ALL.iter().copied().find(|u| u.as_str() == unit)?;
        (1..=999).contains(&value).then_some(Frequency { unit, value })
    }
}

/// Where a schedule is counted from: period `period` starts at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// When period `period` starts.
    pub at: i64,
    /// The period.
    pub period: i64,
}

fn add_months(at: i64, months: i64, offset: i64) -> Option<i64> {
    let local = at.checked_add(offset)?;
    let (year, month, day) = civil_from_days(local.div_euclid(DAY));
    let index = i64::from(month - 1).checked_add(months)?;
    let target_year = year.checked_add(index.div_euclid(12))?;
    let target_month = (index.rem_euclid(12) + 1) as u32;
    let day = day.min(days_in_month(target_year, target_month));
    let days = days_from_civil(target_year, target_month, day);
    let result = days
        .checked_mul(DAY)?
        .checked_add(local.rem_euclid(DAY))?
        .checked_sub(offset)?;
    (0..=MAX_TIME).contains(&result).then_some(result)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// When period `k` starts (`None`: `Variable`, before the anchor, or out of range).
pub fn period_start(anchor: Anchor, frequency: Frequency, k: i64, offset_secs: i64) -> Option<i64> {
    let steps = k.checked_sub(anchor.period).filter(|s| *s >= 0)?;
    let units = steps.checked_mul(frequency.value)?;
    let result = match frequency.unit {
        FrequencyUnit::Month => add_months(anchor.at, units, offset_secs)?,
        FrequencyUnit::Year => add_months(anchor.at, units.checked_mul(12)?, offset_secs)?,
        FrequencyUnit::Week => anchor.at.checked_add(units.checked_mul(7 * DAY)?)?,
        FrequencyUnit::Day => anchor.at.checked_add(units.checked_mul(DAY)?)?,
        FrequencyUnit::Variable => return None,
    };
    (0..=MAX_TIME).contains(&result).then_some(result)
}

/// The first period from `from` on that starts at or after `now` (a paused subscription
/// resumes with it; the periods in between are not charged), with its start. Looks at most 5,000
/// periods ahead.
pub fn first_period_at_or_after(
    anchor: Anchor,
    frequency: Frequency,
    from: i64,
    now: i64,
    offset_secs: i64,
) -> Option<(i64, i64)> {
    (from..from.checked_add(5_000)?).find_map(|k| {
        period_start(anchor, frequency, k, offset_secs)
            .filter(|start| *start >= now)
            .map(|start| (k, start))
    })
}

/// The merchant's date of a time: `YYYY-MM-DD` at the UTC offset.
pub fn local_date(at: i64, offset_secs: i64) -> String {
    let (y, m, d) = civil_from_days((at + offset_secs).div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time on the merchant's date `YYYY-MM-DD` at the same time of day (at the UTC offset)
/// as `time_of`; `None` for anything that is not a date.
pub fn at_local_date(date: &str, time_of: i64, offset_secs: i64) -> Option<i64> {
    let bytes = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = date.get(r)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let (m, d) = (m as u32, d as u32);
    if d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let second_of_day = (time_of + offset_secs).rem_euclid(DAY);
    let at = days_from_civil(y, m, d) * DAY + second_of_day - offset_secs;
    (0..=MAX_TIME).contains(&at).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JST: i64 = 9 * 3600;

    fn at(date: &str, hms: i64) -> i64 {
        at_local_date(date, hms, 0).unwrap()
    }

    #[test]
    fn months_are_counted_from_the_anchor() {
        let monthly = Frequency::parse("Month", 1).unwrap();
        let anchor = Anchor {
            at: at("2026-01-31", 3600),
            period: 0,
        };
        let starts: Vec<String> = (0..4)
            .map(|k| local_date(period_start(anchor, monthly, k, 0).unwrap(), 0))
            .collect();
        assert_eq!(starts, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
        // 2028 is a leap year; the time of day stays.
        let leap = Anchor {
            at: at("2028-01-31", 3600),
            period: 0,
        };
        assert_eq!(period_start(leap, monthly, 1, 0), Some(at("2028-02-29", 3600)));
        // Twelve months is a year.
        let yearly = Frequency::parse("Year", 1).unwrap();
        assert_eq!(
            period_start(anchor, yearly, 1, 0),
            period_start(anchor, monthly, 12, 0)
        );
        // Before the anchor, and Variable, have no start.
        assert_eq!(period_start(Anchor { period: 3, ..anchor }, monthly, 2, 0), None);
        let variable = Frequency::parse("Variable", 1).unwrap();
        assert_eq!(period_start(anchor, variable, 1, 0), None);
    }

    #[test]
    fn the_merchants_offset_decides_the_month() {
        // 2026-01-31T20:00Z is 1 February in Japan: the next month is 1 March there.
        let anchor = Anchor {
            at: at("2026-01-31", 20 * 3600),
            period: 0,
        };
        let monthly = Frequency::parse("Month", 1).unwrap();
        let next = period_start(anchor, monthly, 1, JST).unwrap();
        assert_eq!(local_date(next, JST), "2026-03-01");
        assert_eq!(local_date(next, 0), "2026-02-28");
        assert_eq!(next - anchor.at, 28 * DAY);
    }

    #[test]
    fn weeks_days_and_resuming() {
        let anchor = Anchor {
            at: at("2026-03-01", 0),
            period: 2,
        };
        let fortnightly = Frequency::parse("Week", 2).unwrap();
        assert_eq!(
            period_start(anchor, fortnightly, 3, 0),
            Some(anchor.at + 14 * DAY)
        );
        let daily = Frequency::parse("Day", 1).unwrap();
        assert_eq!(
            first_period_at_or_after(anchor, daily, 3, anchor.at + 5 * DAY + 1, 0),
            Some((8, anchor.at + 6 * DAY))
        );
        assert_eq!(Frequency::parse("Fortnight", 1), None);
        assert_eq!(Frequency::parse("Month", 0), None);
        assert_eq!(Frequency::parse("Month", 1000), None);
    }

    #[test]
    fn dates() {
        let t = at("2026-12-04", 21 * 3600 + 15 * 60);
        assert_eq!(local_date(t, 0), "2026-12-04");
        assert_eq!(local_date(t, JST), "2026-12-05");
        assert_eq!(at_local_date("2027-01-05", t, JST), Some(t + 31 * DAY));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-1x",
            "",
        ] {
            assert_eq!(at_local_date(bad, t, 0), None, "{bad}");
        }
    }
}
