//! The sandbox clock: real time plus an offset that `POST /_sandbox/clock` advances, so tests
//! can reach 24-hour, 7-day and 30-day rules without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Real time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// Seconds since the Unix epoch, sandbox time.
    pub fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + self.offset_secs.load(Ordering::SeqCst)
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
