//! Time as the rules see it. The domain never reads the system clock:
//! callers pass a [`Clock`], so tests can stand one second before an embargo.

use std::sync::atomic::{AtomicI64, Ordering};

/// Microseconds since the Unix epoch, UTC.
pub type Micros = i64;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Micros;
}

/// A clock that stands still until moved; for tests.
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at(micros: Micros) -> FixedClock {
        FixedClock(AtomicI64::new(micros))
    }

    pub fn set(&self, micros: Micros) {
        self.0.store(micros, Ordering::SeqCst);
    }

    pub fn advance(&self, micros: Micros) {
        self.0.fetch_add(micros, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Micros {
        self.0.load(Ordering::SeqCst)
    }
}
