//! Amazon Pay's timestamps, without a clock: callers pass seconds since the Unix epoch.
//!
//! Two forms occur: the basic `20261123T101010Z` (documented, used by PHP, Java and .NET and by
//! Amazon's own objects) and the extended `2026-11-23T10:10:10Z` (the Node SDK's
//! `x-amz-pay-date`). Both parse; [`format_basic`] writes the basic one.

/// Why a timestamp was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("timestamp {0:?} is neither YYYYMMDDTHHMMSSZ nor YYYY-MM-DDTHH:MM:SSZ")]
pub struct TimestampError(pub String);

impl TimestampError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        "TIMESTAMP_MALFORMED"
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn split(unix: i64) -> (i64, u32, u32, i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
}

/// `YYYYMMDDTHHMMSSZ`, the documented `x-amz-pay-date` form and Amazon's object timestamp form.
pub fn format_basic(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = split(unix);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the Node SDK's form.
pub fn format_extended(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = split(unix);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Parses either form into seconds since the epoch. Fields are range-checked (no 25th hour,
/// no 31st of February).
pub fn parse(s: &str) -> Result<i64, TimestampError> {
    let err = || TimestampError(s.chars().take(40).collect());
    let b = s.as_bytes();
    let digits = |from: usize, len: usize| -> Result<u32, TimestampError> {
        let part = b.get(from..from + len).ok_or_else(err)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        std::str::from_utf8(part)
            .map_err(|_| err())?
            .parse()
            .map_err(|_| err())
    };
    let (y, mo, d, h, mi, sec) = match b.len() {
        16 if b[8] == b'T' && b[15] == b'Z' => (
            digits(0, 4)?,
            digits(4, 2)?,
            digits(6, 2)?,
            digits(9, 2)?,
            digits(11, 2)?,
            digits(13, 2)?,
        ),
        20 if b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z' =>
        {
            (
                digits(0, 4)?,
                digits(5, 2)?,
                digits(8, 2)?,
                digits(11, 2)?,
                digits(14, 2)?,
                digits(17, 2)?,
            )
        }
        _ => return Err(err()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo) || d == 0 || d > month_days[(mo - 1) as usize] || h > 23 || mi > 59 || sec > 59
    {
        return Err(err());
    }
    let days = days_from_civil(i64::from(y), mo, d);
    Ok(days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(sec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(format_basic(0), "19700101T000000Z");
        assert_eq!(format_basic(1_795_429_010), "20261123T101650Z");
        assert_eq!(format_extended(1_795_429_010), "2026-11-23T10:16:50Z");
        assert_eq!(parse("20261123T101650Z").unwrap(), 1_795_429_010);
        assert_eq!(parse("2026-11-23T10:16:50Z").unwrap(), 1_795_429_010);
        assert_eq!(parse("20000229T000000Z").unwrap(), 951_782_400);
    }

    #[test]
    fn refuses_bad_forms_and_ranges() {
        for bad in [
            "",
            "2026-11-23 10:16:50Z",
            "20261123T101650",
            "20261123T101650z",
            "20261323T101650Z",
            "20261131T101650Z",
            "20250229T000000Z",
            "20261123T241650Z",
            "20261123T106050Z",
            "2026-11-23T10:16:50.000Z",
            "+0261123T101650Z",
            "２０２６1123T101650Z",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn round_trips_over_a_range() {
        let mut t = -86_400 * 365 * 3;
        while t < 4_102_444_800 {
            assert_eq!(parse(&format_basic(t)).unwrap(), t);
            assert_eq!(parse(&format_extended(t)).unwrap(), t);
            t += 86_400 * 17 + 3_671;
        }
    }
}
