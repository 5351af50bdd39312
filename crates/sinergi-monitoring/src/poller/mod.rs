//! The poller: fetches the sources that are due, politely and safely, and
//! keeps what they carry.
//!
//! Politely: one request at a time per host and at least `host_interval`
//! between two (robots.txt included), robots.txt read and cached for
//! `robots_ttl`, conditional GETs (ETag, Last-Modified), exponential
//! back-off with jitter after errors, `Retry-After` honoured, a
//! User-Agent that names the deployment. Safely: see `address.rs` and
//! `fetch.rs`. Every outcome is written on the source (its page shows the
//! reason of the last error), and new articles are matched at once.
//!
//! A source is a feed (RSS, Atom, JSON Feed) or a news sitemap. When an
//! item does not carry its full text (a feed's summary, a sitemap's
//! address and title), its page is fetched under the same rules (robots,
//! one request at a time per host, the same limits) and its main text
//! extracted (`page.rs`); at most `pages_per_poll` pages per source and
//! round. A document whose items were not all read yet is fetched again
//! next round (its validators are not kept), so nothing is lost; a page
//! already kept is never fetched again.

mod address;
mod backoff;
mod feed;
mod fetch;
mod page;
mod robots;
mod sitemap;

pub use address::{AddressPolicy, Refusal, is_public};
pub use backoff::next_delay;
pub use feed::{FeedError, FeedItem, parse_feed};
pub use fetch::{FetchError, FetchLimits, Fetched, Fetcher, Validators, gunzip_capped};
pub use page::{PageError, PageText, extract_page};
pub use robots::Robots;
pub use sitemap::parse_sitemap;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sinergi_domain::SourceId;
use sinergi_store::monitor::{NewArticle, PollOutcome, SourceRecord};
use tokio::sync::Semaphore;

use crate::text::{canonical_url, simhash, text_hash, tidy};
use crate::{MatchReport, Monitoring, MonitoringError};

/// How the poller behaves.
#[derive(Debug, Clone)]
pub struct PollerConfig {
    /// Sent with every request; names the deployment and how to reach it.
    pub user_agent: String,
    /// The product token robots.txt groups are matched against.
    pub robots_token: String,
    /// A source's next poll after a success.
    pub poll_every: Duration,
    /// At least this long between two requests to one host.
    pub host_interval: Duration,
    /// Hosts polled at the same time (each one request at a time).
    pub hosts_at_once: usize,
    pub robots_ttl: Duration,
    /// The longest wait after errors.
    pub max_backoff: Duration,
    pub limits: FetchLimits,
    /// Hosts fetched whatever their address (tests, an intranet's outlets).
    pub allowed_hosts: Vec<String>,
    /// Sources polled per round at most.
    pub batch: i64,
    /// Article pages fetched per source and round at most.
    pub pages_per_poll: usize,
}

impl PollerConfig {
    /// The defaults, with a User-Agent naming the site at `base_url`.
    pub fn for_site(base_url: &str) -> PollerConfig {
        PollerConfig {
            user_agent: format!(
                "Sinergi/{} (media monitoring; +{})",
                env!("CARGO_PKG_VERSION"),
                base_url.trim_end_matches('/')
            ),
            robots_token: "sinergi".to_owned(),
            poll_every: Duration::from_secs(15 * 60),
            host_interval: Duration::from_secs(10),
            hosts_at_once: 8,
            robots_ttl: Duration::from_secs(24 * 3600),
            max_backoff: Duration::from_secs(24 * 3600),
            limits: FetchLimits {
                user_agent: String::new(),
                timeout: Duration::from_secs(20),
                connect_timeout: Duration::from_secs(5),
                max_bytes: 5 * 1024 * 1024,
                max_decoded_bytes: 20 * 1024 * 1024,
                max_redirects: 5,
            },
            allowed_hosts: Vec::new(),
            batch: 1000,
            pages_per_poll: 30,
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    pub polled: usize,
    pub changed: usize,
    pub not_modified: usize,
    pub failed: usize,
    pub new_articles: usize,
    /// Article pages fetched for their text, and those that gave none.
    pub pages: usize,
    pub pages_failed: usize,
    pub matched: MatchReport,
}

struct Inner {
    monitoring: Monitoring,
    config: PollerConfig,
    fetcher: Fetcher,
    /// Per host: when its last request ended; the lock is held for the
    /// request, so a host sees one at a time.
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>>,
    robots: Mutex<HashMap<String, (Arc<Robots>, Instant)>>,
    /// Woken by the services' notifier: a source just added is polled at once.
    wake: tokio::sync::Notify,
}

/// The poller; cheap to clone.
#[derive(Clone)]
pub struct Poller(Arc<Inner>);

/// How one source's poll went.
enum Polled {
    NotModified,
    Changed {
        new: usize,
        pages: usize,
        pages_failed: usize,
    },
    Failed,
}

/// An item with the text it will be kept with.
struct Prepared {
    item: FeedItem,
    key_url: Option<String>,
    text: String,
    text_from: &'static str,
    canonical: Option<String>,
}

fn host_key(url: &url::Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}

impl Poller {
    pub fn new(monitoring: Monitoring, mut config: PollerConfig) -> Result<Poller, String> {
        config.limits.user_agent = config.user_agent.clone();
        let fetcher = Fetcher::new(
            config.limits.clone(),
            AddressPolicy::new(&config.allowed_hosts),
        )?;
        Ok(Poller(Arc::new(Inner {
            monitoring,
            config,
            fetcher,
            hosts: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            wake: tokio::sync::Notify::new(),
        })))
    }

    pub fn config(&self) -> &PollerConfig {
        &self.0.config
    }

    /// Polls every source that is due, then matches the new articles.
    pub async fn poll_due(&self) -> Result<PollReport, MonitoringError> {
        let now = self.0.monitoring.now();
        let due = self
            .0
            .monitoring
            .store()
            .due_sources(now, self.0.config.batch)
            .await?;
        let mut by_host: HashMap<String, Vec<SourceRecord>> = HashMap::new();
        for source in due {
            let key = url::Url::parse(&source.url)
                .map(|u| host_key(&u))
                .unwrap_or_default();
            by_host.entry(key).or_default().push(source);
        }
        let permits = Arc::new(Semaphore::new(self.0.config.hosts_at_once.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for (_, sources) in by_host {
            let poller = self.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let mut report = PollReport::default();
                for source in sources {
                    report.polled += 1;
                    match poller.poll_source(&source).await {
                        Ok(Polled::NotModified) => report.not_modified += 1,
                        Ok(Polled::Changed {
                            new,
                            pages,
                            pages_failed,
                        }) => {
                            report.changed += 1;
                            report.new_articles += new;
                            report.pages += pages;
                            report.pages_failed += pages_failed;
                        }
                        Ok(Polled::Failed) => report.failed += 1,
                        Err(e) => {
                            tracing::warn!(source = %source.id, error = %e, "recording a poll failed");
                            report.failed += 1;
                        }
                    }
                }
                report
            });
        }
        let mut report = PollReport::default();
        while let Some(done) = tasks.join_next().await {
            if let Ok(r) = done {
                report.polled += r.polled;
                report.changed += r.changed;
                report.not_modified += r.not_modified;
                report.failed += r.failed;
                report.new_articles += r.new_articles;
                report.pages += r.pages;
                report.pages_failed += r.pages_failed;
            }
        }
        if report.new_articles > 0 {
            report.matched = self.0.monitoring.match_waiting(&|_| {}).await?;
        }
        Ok(report)
    }

    /// What the services' notifier calls after a write: the next round
    /// starts at once instead of at its time (a new source is polled now).
    pub fn waker(&self) -> sinergi_store::Wake {
        let inner = Arc::downgrade(&self.0);
        Arc::new(move || {
            if let Some(inner) = inner.upgrade() {
                inner.wake.notify_one();
            }
        })
    }

    /// Polls until `stop` resolves: a round every 30 s, or at once when woken.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            match self.poll_due().await {
                Ok(r) if r.polled > 0 => tracing::info!(
                    polled = r.polled,
                    changed = r.changed,
                    failed = r.failed,
                    new = r.new_articles,
                    credited = r.matched.credited,
                    review = r.matched.review,
                    "media sources polled"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "polling media sources failed"),
            }
            tokio::select! {
                _ = &mut stop => return,
                _ = self.0.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(30)) => {}
            }
        }
    }

    /// Runs `request` as the host's only one, `host_interval` after its last.
    async fn politely<T>(
        &self,
        url: &url::Url,
        request: impl std::future::Future<Output = T>,
    ) -> T {
        let gate = {
            let mut hosts = self.0.hosts.lock().unwrap_or_else(|e| e.into_inner());
            hosts.entry(host_key(url)).or_default().clone()
        };
        let mut last = gate.lock().await;
        if let Some(at) = *last {
            tokio::time::sleep_until((at + self.0.config.host_interval).into()).await;
        }
        let out = request.await;
        *last = Some(Instant::now());
        out
    }

    /// The robots.txt rules of `url`'s host, cached; a host that cannot be
    /// reached at all is the caller's error (with its own reason).
    async fn robots(&self, url: &url::Url) -> Result<Arc<Robots>, FetchError> {
        let key = host_key(url);
        let cached = {
            let map = self.0.robots.lock().unwrap_or_else(|e| e.into_inner());
            map.get(&key)
                .filter(|(_, at)| at.elapsed() < self.0.config.robots_ttl)
                .map(|(robots, _)| robots.clone())
        };
        if let Some(robots) = cached {
            return Ok(robots);
        }
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        let fetched = self
            .politely(url, self.0.fetcher.get(&robots_url, &Validators::default()))
            .await;
        let robots = Arc::new(match fetched {
            Ok(Fetched::Body { bytes, .. }) => Robots::parse(
                &String::from_utf8_lossy(&bytes),
                &self.0.config.robots_token,
            ),
            Ok(Fetched::NotModified) => Robots::allow_all(),
            // No robots.txt (4xx): no rules. Unreachable (5xx): none
            // allowed, as RFC 9309 says, until the cache expires.
            Err(FetchError::Status { code, .. }) if (400..500).contains(&code) => {
                Robots::allow_all()
            }
            Err(FetchError::Status { .. }) => Robots::disallow_all(),
            // A refused address stays refused at the feed itself, with its reason.
            Err(FetchError::Refused(_)) => Robots::allow_all(),
            Err(other) => return Err(other),
        });
        self.0
            .robots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (robots.clone(), Instant::now()));
        Ok(robots)
    }

    async fn poll_source(&self, source: &SourceRecord) -> Result<Polled, MonitoringError> {
        let monitoring = &self.0.monitoring;
        let config = &self.0.config;
        let attempt = self.fetch_items(source).await;
        let now = monitoring.now();
        let seed = (source.id.get() as u64) ^ (now as u64);
        match attempt {
            Ok(None) => {
                let outcome = PollOutcome {
                    error: None,
                    etag: source.etag.clone(),
                    last_modified: source.last_modified.clone(),
                    failures: 0,
                    next_poll_at: now
                        + micros(next_delay(0, config.poll_every, config.max_backoff, seed)),
                    new_items: 0,
                };
                monitoring
                    .store()
                    .record_poll(source.id, &outcome, now)
                    .await?;
                Ok(Polled::NotModified)
            }
            Ok(Some((items, validators))) => {
                let (prepared, finished, pages, pages_failed) = self.prepare(items).await?;
                let articles = articles_of(source.id, &source.outlet, prepared, now);
                let new = monitoring.add_articles(&articles).await?.len();
                // Items left for the next round: read the document again then.
                let validators = if finished {
                    validators
                } else {
                    Validators::default()
                };
                let outcome = PollOutcome {
                    error: None,
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                    failures: 0,
                    next_poll_at: now
                        + micros(next_delay(0, config.poll_every, config.max_backoff, seed)),
                    new_items: new as i64,
                };
                monitoring
                    .store()
                    .record_poll(source.id, &outcome, now)
                    .await?;
                Ok(Polled::Changed {
                    new,
                    pages,
                    pages_failed,
                })
            }
            Err((key, detail, retry_after)) => {
                let failures = source.failures + 1;
                let mut wait =
                    next_delay(failures as u32, config.poll_every, config.max_backoff, seed);
                if let Some(asked) = retry_after {
                    wait = wait.max(asked.min(Duration::from_secs(7 * 24 * 3600)));
                }
                tracing::info!(source = %source.id, reason = key, detail = %detail, "media source failed");
                let outcome = PollOutcome {
                    error: Some(format!("{key}: {detail}")),
                    failures,
                    next_poll_at: now + micros(wait),
                    ..Default::default()
                };
                monitoring
                    .store()
                    .record_poll(source.id, &outcome, now)
                    .await?;
                Ok(Polled::Failed)
            }
        }
    }

    /// The source's items and validators, `None` when unchanged, or the
    /// reason it failed (key, detail, Retry-After).
    async fn fetch_items(
        &self,
        source: &SourceRecord,
    ) -> Result<Option<(Vec<FeedItem>, Validators)>, (&'static str, String, Option<Duration>)> {
        let url = url::Url::parse(&source.url).map_err(|e| ("bad-url", e.to_string(), None))?;
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let robots = self
            .robots(&url)
            .await
            .map_err(|e| (e.key(), e.to_string(), e.retry_after()))?;
        if !robots.allows(&path) {
            return Err((
                "robots",
                "robots.txt disallows this address".to_owned(),
                None,
            ));
        }
        let validators = Validators {
            etag: source.etag.clone(),
            last_modified: source.last_modified.clone(),
        };
        let fetched = self
            .politely(&url, self.0.fetcher.get(&url, &validators))
            .await
            .map_err(|e| (e.key(), e.to_string(), e.retry_after()))?;
        match fetched {
            Fetched::NotModified => Ok(None),
            Fetched::Body { bytes, validators } => {
                let items = if source.kind == "sitemap" {
                    parse_sitemap(&bytes)
                } else {
                    parse_feed(&bytes)
                }
                .map_err(|e| (e.key(), e.to_string(), None))?;
                Ok(Some((items, validators)))
            }
        }
    }

    /// The items not kept yet, each with its text: the feed's when full,
    /// else its page's (fetched politely, at most `pages_per_poll`), else
    /// the summary. Returns them, whether every item was read, and the
    /// pages fetched and failed.
    async fn prepare(
        &self,
        items: Vec<FeedItem>,
    ) -> Result<(Vec<Prepared>, bool, usize, usize), MonitoringError> {
        let keyed: Vec<(FeedItem, Option<String>)> = items
            .into_iter()
            .map(|item| {
                let url = item.url.as_deref().and_then(canonical_url);
                (item, url)
            })
            .collect();
        let keys: Vec<String> = keyed.iter().filter_map(|(_, u)| u.clone()).collect();
        let known: std::collections::HashSet<String> = self
            .0
            .monitoring
            .store()
            .known_article_keys(&keys)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::new();
        let mut finished = true;
        let (mut pages, mut failed) = (0, 0);
        for (item, key_url) in keyed {
            if key_url.as_ref().is_some_and(|u| known.contains(u)) {
                continue;
            }
            if item.full || key_url.is_none() {
                out.push(Prepared {
                    text: item.text.clone(),
                    text_from: "feed",
                    canonical: key_url.clone(),
                    key_url,
                    item,
                });
                continue;
            }
            if pages >= self.0.config.pages_per_poll {
                finished = false;
                continue;
            }
            pages += 1;
            let url = key_url.clone().unwrap_or_default();
            match self.page(&url).await {
                Ok(page) => {
                    let mut item = item;
                    if item.title.is_empty() {
                        item.title = page.title;
                    }
                    if item.published_at.is_none() {
                        item.published_at = page.published_at;
                    }
                    out.push(Prepared {
                        text: page.text,
                        text_from: "page",
                        canonical: page.canonical.or_else(|| key_url.clone()),
                        key_url,
                        item,
                    });
                }
                Err(reason) => {
                    failed += 1;
                    tracing::info!(page = %url, %reason, "article page gave no text");
                    out.push(Prepared {
                        text: item.text.clone(),
                        text_from: "summary",
                        canonical: key_url.clone(),
                        key_url,
                        item,
                    });
                }
            }
        }
        Ok((out, finished, pages, failed))
    }

    /// An article page's text, fetched under the feed's rules.
    async fn page(&self, address: &str) -> Result<PageText, String> {
        let url = url::Url::parse(address).map_err(|e| e.to_string())?;
        let robots = self.robots(&url).await.map_err(|e| e.to_string())?;
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        if !robots.allows(&path) {
            return Err("robots.txt disallows this address".into());
        }
        let fetched = self
            .politely(&url, self.0.fetcher.get_page(&url))
            .await
            .map_err(|e| format!("{}: {e}", e.key()))?;
        let Fetched::Body { bytes, .. } = fetched else {
            return Err("no body".into());
        };
        let address = address.to_owned();
        tokio::task::spawn_blocking(move || {
            extract_page(&String::from_utf8_lossy(&bytes), &address).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX / 2)
}

/// The articles of a source's items: known by canonical URL (else by the
/// source and the item's id); items without text are skipped.
fn articles_of(source: SourceId, outlet: &str, items: Vec<Prepared>, now: i64) -> Vec<NewArticle> {
    items
        .into_iter()
        .filter_map(|p| {
            let body = tidy(&p.text);
            if body.is_empty() {
                return None;
            }
            let item = p.item;
            Some(NewArticle {
                key: p
                    .key_url
                    .clone()
                    .unwrap_or_else(|| format!("feed:{source}:{}", item.id)),
                source_id: Some(source),
                outlet: outlet.to_owned(),
                url: p.key_url,
                title: item.title,
                author: item.author,
                published_at: item.published_at.filter(|t| *t <= now).unwrap_or(now),
                text_hash: text_hash(&body),
                simhash: simhash(&body),
                canonical_url: p.canonical,
                text_from: p.text_from.to_owned(),
                body,
            })
        })
        .collect()
}
