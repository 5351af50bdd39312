use std::sync::Arc;

use sinergi_accounts::{Accounts, AccountsConfig};
use sinergi_domain::clock::{Clock, Micros};
use sinergi_store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub accounts: Accounts,
    /// Mark cookies `Secure`: the site is served over HTTPS.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For`: only behind a
    /// reverse proxy that sets it, or clients could pick their address.
    pub trust_forwarded_for: bool,
    /// Called after a change queued e-mail, so the worker sends it at once.
    pub mail_waker: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl AppState {
    /// State with the default account settings, for tests and tools.
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> AppState {
        AppState::with_accounts(store, clock, AccountsConfig::default())
    }

    pub fn with_accounts(store: Store, clock: Arc<dyn Clock>, config: AccountsConfig) -> AppState {
        let secure_cookies = config.base_url.starts_with("https://");
        let accounts = Accounts::new(store.clone(), clock.clone(), config);
        AppState {
            store,
            clock,
            accounts,
            secure_cookies,
            trust_forwarded_for: false,
            mail_waker: None,
        }
    }

    pub fn wake_mailer(&self) {
        if let Some(w) = &self.mail_waker {
            w();
        }
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
