use std::sync::Arc;

use sinergi_accounts::{Accounts, AccountsConfig};
use sinergi_campaigns::Campaigns;
use sinergi_distribution::Distribution;
use sinergi_domain::clock::{Clock, Micros};
use sinergi_forums::Forums;
use sinergi_media::BlobStore;
use sinergi_newsroom::Newsroom;
use sinergi_store::{Notifier, Store};

/// What every handler can reach. One `Arc`: axum clones the state for every request
/// and every extractor, and cloning each service's handles instead (a dozen atomic
/// counters shared by all cores) was a fifth of a cached page's cost (issue 16).
/// Reads go through `Deref`; the builders below change it through `DerefMut`, before
/// it is shared.
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

/// The parts of [`AppState`].
#[derive(Clone)]
pub struct AppParts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub accounts: Accounts,
    /// Mark cookies `Secure`: the site is served over HTTPS.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For`: only behind a
    /// reverse proxy that sets it, or clients could pick their address.
    pub trust_forwarded_for: bool,
    /// The search index, when this process keeps one (see `sinergi-indexer`).
    pub search: Option<SearchHandle>,
    /// The register and newsroom service.
    pub newsroom: Newsroom,
    /// Campaigns, their statuses and dashboards.
    pub campaigns: Campaigns,
    /// Kinerja figures (one per process: it keeps what the figures read
    /// elsewhere between requests).
    pub kinerja: sinergi_kinerja::Kinerja,
    /// Forums and workshops, their series, attendance and commitments
    /// (no background work: built here from the store and the clock).
    pub forums: Forums,
    /// The contact base, subscriptions and release distribution.
    pub distribution: Distribution,
    /// Shared by the services, which wake its followers (the search and
    /// campaign projectors, the mail worker) after each committed write;
    /// the binary adds the followers it starts. Handlers never wake anything.
    pub notifier: Notifier,
    /// Anonymous answers on the public prefixes (see `public/cache.rs`).
    pub public_cache: Arc<crate::public::PublicCache>,
}

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

impl std::ops::DerefMut for AppState {
    /// Copies the parts if the state is already shared (it never is while it is built).
    fn deref_mut(&mut self) -> &mut AppParts {
        Arc::make_mut(&mut self.0)
    }
}

/// The services the web layer translates to, each given `notifier`.
pub struct Services {
    pub accounts: Accounts,
    pub newsroom: Newsroom,
    pub campaigns: Campaigns,
    pub distribution: Distribution,
    /// The notifier the services call after each committed write.
    pub notifier: Notifier,
}

/// The search index and what wakes its projector after a write (the
/// binary adds the waker to [`AppState::notifier`]).
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

    /// State with services built here from `config`, uploads kept in the
    /// system's temporary directory: for tests and tools. The binary builds
    /// and wires the services itself and calls [`AppState::from_services`].
    pub fn with_accounts(store: Store, clock: Arc<dyn Clock>, config: AccountsConfig) -> AppState {
        let notifier = Notifier::default();
        let newsroom = newsroom_with_files(&store, &clock, &config.base_url, default_media_dir())
            .with_notifier(notifier.clone());
        let campaigns = Campaigns::new(store.clone(), clock.clone(), &config.base_url)
            .with_notifier(notifier.clone());
        let distribution = Distribution::new(store.clone(), clock.clone(), &config.base_url)
            .with_notifier(notifier.clone());
        let accounts =
            Accounts::new(store.clone(), clock.clone(), config).with_notifier(notifier.clone());
        AppState::from_services(
            store,
            clock,
            Services {
                accounts,
                newsroom,
                campaigns,
                distribution,
                notifier,
            },
        )
    }

    /// State around services built and wired elsewhere (the binary).
    pub fn from_services(store: Store, clock: Arc<dyn Clock>, services: Services) -> AppState {
        let secure_cookies = services.accounts.config().base_url.starts_with("https://");
        // Every committed write in this process reaches the public cache at
        // once (the binary also starts its follower, for other processes).
        let public_cache = Arc::new(crate::public::PublicCache::default());
        services.notifier.follow(public_cache.waker());
        let kinerja = sinergi_kinerja::Kinerja::new(store.clone());
        let forums = Forums::new(
            store.clone(),
            clock.clone(),
            &services.accounts.config().base_url,
        )
        .with_notifier(services.notifier.clone());
        AppState(Arc::new(AppParts {
            store,
            clock,
            accounts: services.accounts,
            secure_cookies,
            trust_forwarded_for: false,
            search: None,
            newsroom: services.newsroom,
            campaigns: services.campaigns,
            kinerja,
            forums,
            distribution: services.distribution,
            notifier: services.notifier,
            public_cache,
        }))
    }

    /// Keeps uploaded files in `dir` (by default a folder in the system's
    /// temporary directory, which suits tests only).
    pub fn with_media_dir(mut self, dir: &std::path::Path) -> std::io::Result<AppState> {
        let base_url = self.accounts.config().base_url.clone();
        let uploads = self.newsroom.uploads().clone();
        self.newsroom = newsroom_with_files(&self.store, &self.clock, &base_url, dir.to_owned())
            .with_uploads(uploads)
            .with_notifier(self.notifier.clone());
        std::fs::create_dir_all(dir)?;
        Ok(self)
    }

    /// Checks uploads with these limits and processes images within this
    /// memory budget (by default the process-wide one of `sinergi-media`).
    pub fn with_uploads(mut self, uploads: sinergi_media::Uploads) -> AppState {
        self.newsroom = self.newsroom.clone().with_uploads(uploads);
        self
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
