use std::sync::Arc;

use sinergi_domain::clock::{Clock, Micros};
use sinergi_store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> AppState {
        AppState { store, clock }
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Micros {
        jiff::Timestamp::now().as_microsecond()
    }
}
