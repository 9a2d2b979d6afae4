//! Checkout-session ids Amazon answered 404 for, remembered for [`TTL_MS`] per isolate, so a
//! flood of random ids on the public routes is answered `RESOURCE_NOT_FOUND` without reaching
//! Amazon again. Amazon creates session ids; a real one is never asked for before it exists,
//! so remembering a miss briefly never hides a session. At most [`CAPACITY`] ids are kept
//! (the oldest goes first).

use std::cell::RefCell;
use std::collections::VecDeque;

/// How long a miss is remembered, in milliseconds.
pub const TTL_MS: f64 = 60_000.0;
/// The most ids remembered.
pub const CAPACITY: usize = 4096;

/// Misses by id, oldest first.
#[derive(Debug, Default)]
pub struct Misses {
    entries: VecDeque<(String, f64)>,
}

impl Misses {
    /// True when `id` was a miss less than [`TTL_MS`] before `now_ms`.
    pub fn contains(&self, id: &str, now_ms: f64) -> bool {
        self.entries
            .iter()
            .any(|(known, at)| known == id && now_ms - at < TTL_MS)
    }

    /// Remembers a miss of `id` at `now_ms`, dropping expired and surplus entries.
    pub fn insert(&mut self, id: &str, now_ms: f64) {
        while self.entries.front().is_some_and(|(_, at)| now_ms - at >= TTL_MS) {
            self.entries.pop_front();
        }
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back((id.to_owned(), now_ms));
    }
}

thread_local! {
    static MISSES: RefCell<Misses> = RefCell::new(Misses::default());
}

/// True when Amazon recently answered 404 for `id` in this isolate.
pub fn is_unknown(id: &str) -> bool {
    let now = js_sys::Date::now();
    MISSES.with(|m| m.borrow().contains(id, now))
}

/// Remembers that Amazon answered 404 for `id`.
pub fn remember(id: &str) {
    let now = js_sys::Date::now();
    MISSES.with(|m| m.borrow_mut().insert(id, now));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_is_remembered_for_its_ttl_and_the_oldest_goes_first() {
        let mut m = Misses::default();
        m.insert("a", 0.0);
        assert!(m.contains("a", TTL_MS - 1.0));
        assert!(!m.contains("a", TTL_MS));
        assert!(!m.contains("b", 1.0));
        for n in 0..CAPACITY {
            m.insert(&format!("id-{n}"), 10.0);
        }
        assert!(!m.contains("a", 11.0));
        assert!(m.contains("id-1", 11.0));
        m.insert("late", TTL_MS + 20.0);
        assert_eq!(m.entries.len(), 1);
    }
}
