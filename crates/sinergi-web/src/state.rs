use std::sync::Arc;

use sinergi_accounts::{Accounts, AccountsConfig};
use sinergi_campaigns::Campaigns;
use sinergi_domain::clock::{Clock, Micros};
use sinergi_media::BlobStore;
use sinergi_newsroom::Newsroom;
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
    /// The search index, when this process keeps one (see `sinergi-indexer`).
    pub search: Option<SearchHandle>,
    /// The register and newsroom service.
    pub newsroom: Newsroom,
    /// Campaigns, their statuses and dashboards.
    pub campaigns: Campaigns,
    /// Wakes the campaign status projector after a write, when one runs.
    pub campaigns_waker: Option<Arc<dyn Fn() + Send + Sync>>,
    /// Anonymous answers on the public prefixes (see `public/cache.rs`).
    pub public_cache: Arc<crate::public::PublicCache>,
}

/// The search index and what wakes its projector after a write.
#[derive(Clone)]
pub struct SearchHandle {
    pub index: sinergi_search::SearchIndex,
    pub waker: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl AppState {
    /// State with the default account settings, for tests and tools.
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> AppState {
        AppState::with_accounts(store, clock, AccountsConfig::default())
    }

    pub fn with_accounts(store: Store, clock: Arc<dyn Clock>, config: AccountsConfig) -> AppState {
        let secure_cookies = config.base_url.starts_with("https://");
        let newsroom = newsroom_with_files(&store, &clock, &config.base_url, default_media_dir());
        let campaigns = Campaigns::new(store.clone(), clock.clone(), &config.base_url);
        let accounts = Accounts::new(store.clone(), clock.clone(), config);
        AppState {
            store,
            clock,
            accounts,
            secure_cookies,
            trust_forwarded_for: false,
            mail_waker: None,
            search: None,
            newsroom,
            campaigns,
            campaigns_waker: None,
            public_cache: Arc::default(),
        }
    }

    /// Keeps uploaded files in `dir` (by default a folder in the system's
    /// temporary directory, which suits tests only).
    pub fn with_media_dir(mut self, dir: &std::path::Path) -> std::io::Result<AppState> {
        let base_url = self.accounts.config().base_url.clone();
        let uploads = self.newsroom.uploads().clone();
        self.newsroom = newsroom_with_files(&self.store, &self.clock, &base_url, dir.to_owned())
            .with_uploads(uploads);
        std::fs::create_dir_all(dir)?;
        Ok(self)
    }

    /// Checks uploads with these limits and processes images within this
    /// memory budget (by default the process-wide one of `sinergi-media`).
    pub fn with_uploads(mut self, uploads: sinergi_media::Uploads) -> AppState {
        self.newsroom = self.newsroom.with_uploads(uploads);
        self
    }

    /// Tells the projections (search, campaign statuses) that the change
    /// feed grew.
    pub fn wake_indexer(&self) {
        if let Some(w) = self.search.as_ref().and_then(|s| s.waker.as_ref()) {
            w();
        }
        self.wake_campaigns();
    }

    /// Tells the campaign projector that the change feed grew.
    pub fn wake_campaigns(&self) {
        if let Some(w) = &self.campaigns_waker {
            w();
        }
    }

    pub fn wake_mailer(&self) {
        if let Some(w) = &self.mail_waker {
            w();
        }
    }
}

fn default_media_dir() -> std::path::PathBuf {
    std::env::temp_dir().join("sinergi-media")
}

fn newsroom_with_files(
    store: &Store,
    clock: &Arc<dyn Clock>,
    base_url: &str,
    dir: std::path::PathBuf,
) -> Newsroom {
    // Opening only creates the folder; failing that, later uploads say so.
    let blobs = BlobStore::open(dir.clone()).unwrap_or_else(|e| {
        tracing::warn!(error = %e, dir = %dir.display(), "media folder unavailable");
        BlobStore::open(std::env::temp_dir()).expect("the temporary directory exists")
    });
    Newsroom::new(store.clone(), clock.clone(), blobs, base_url)
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Micros {
        jiff::Timestamp::now().as_microsecond()
    }
}
