//! The sandbox clock: real time plus an offset that `POST /_sandbox/clock` advances, so tests
//! can reach 24-hour, 7-day and 30-day rules without waiting. It can also be frozen, so that a
//! test can stand exactly on the edge of a time rule while real seconds pass.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Real time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
    frozen: AtomicBool,
    frozen_real: AtomicI64,
}

fn real_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Clock {
    /// Seconds since the Unix epoch, sandbox time.
    pub fn now(&self) -> i64 {
        let base = if self.frozen.load(Ordering::SeqCst) {
            self.frozen_real.load(Ordering::SeqCst)
        } else {
            real_now()
        };
        base + self.offset_secs.load(Ordering::SeqCst)
    }

    /// Stops (`true`) or restarts (`false`) the clock. While frozen, sandbox time moves only by
    /// [`Clock::advance`]; unfreezing keeps the sandbox time reached and lets it run again.
    pub fn freeze(&self, frozen: bool) {
        let was = self.frozen.load(Ordering::SeqCst);
        if frozen && !was {
            self.frozen_real.store(real_now(), Ordering::SeqCst);
            self.frozen.store(true, Ordering::SeqCst);
        } else if !frozen && was {
            let stood_still = real_now() - self.frozen_real.load(Ordering::SeqCst);
            self.offset_secs.fetch_sub(stood_still.max(0), Ordering::SeqCst);
            self.frozen.store(false, Ordering::SeqCst);
        }
    }

    /// True while the clock is frozen.
    pub fn is_frozen(&self) -> bool {
        self.frozen.load(Ordering::SeqCst)
    }

    /// Sandbox time as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), for the `date` header
    /// of API answers: Amazon's own clock, as a client sees it.
    pub fn http_date(&self) -> String {
        http_date(self.now())
    }

    /// Moves sandbox time forward (never backwards) and returns the new offset.
    pub fn advance(&self, secs: i64) -> i64 {
        self.offset_secs.fetch_add(secs.max(0), Ordering::SeqCst) + secs.max(0)
    }

    /// The current offset in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Sets the offset (used when a persisted state is loaded).
    pub fn set_offset(&self, secs: i64) {
        self.offset_secs.store(secs, Ordering::SeqCst);
    }

    /// Sandbox time in Amazon's `YYYYMMDDTHHMMSSZ` form.
    pub fn timestamp(&self) -> String {
        amazon_pay_shared::time::format_basic(self.now())
    }
}

/// Unix seconds as an IMF-fixdate (RFC 9110).
pub fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        day,
        MONTHS[(month as usize).saturating_sub(1).min(11)],
        year,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let c = Clock::default();
        c.freeze(true);
        let t = c.now();
        c.advance(10);
        assert_eq!(c.now(), t + 10);
        assert!(c.is_frozen());
        c.freeze(false);
        assert!(c.now() >= t + 10);
    }
}
