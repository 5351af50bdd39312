//! The media monitoring service: which outlets carried a unit's releases.
//!
//! `sinergi-monitor` matches texts and does no I/O; this crate does the
//! rest around it: sources (an outlet's feed) added and managed by
//! officers, the [`poller`] that fetches them politely and safely, the
//! articles kept once per canonical URL and grouped with their syndicated
//! copies, matching against the releases the public could read at the
//! article's time (never an embargoed or internal text), and the review
//! of the grey zone by an officer of the release's unit (audited).
//!
//! Why a crate of its own: the poller needs an HTTP client and the feed
//! parser, which neither the pure matcher nor the newsroom should carry.

mod coverage;
mod error;
pub mod import;
mod listing;
mod matching;
pub mod mentions;
pub mod poller;
mod review;
mod sources;
pub mod text;

use std::sync::Arc;

use sinergi_domain::clock::Clock;
use sinergi_store::{Notifier, Store};

pub use coverage::{WiderCoverage, story_counts};
pub use error::{MonitoringError, Problem};
pub use listing::MAX_PAGE;
pub use matching::{MatchReport, release_text};
pub use mentions::MentionFinder;
pub use review::{Coverage, MIN_DECISIONS, MatchView, ThresholdReport, ThresholdRow};
pub use sinergi_store::monitor::{
    ArticleRecord, MatchRecord, MatchState, MentionRecord, NewArticle, Passage, SourceRecord,
};
pub use sources::SourceInput;

/// Microseconds in a day.
pub const DAY: i64 = 24 * 3600 * 1_000_000;

/// How matching is done.
#[derive(Debug, Clone)]
pub struct MonitoringConfig {
    /// Releases published this many days before an article are matched.
    pub window_days: i64,
    /// The matcher's settings (thresholds included).
    pub matcher: sinergi_monitor::MatcherConfig,
}

impl Default for MonitoringConfig {
    fn default() -> Self {
        MonitoringConfig {
            window_days: 30,
            matcher: sinergi_monitor::MatcherConfig::default(),
        }
    }
}

/// The service, shared by the pages, the commands and the poller.
#[derive(Clone)]
pub struct Monitoring {
    store: Store,
    clock: Arc<dyn Clock>,
    config: Arc<MonitoringConfig>,
    notifier: Notifier,
}

impl Monitoring {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Monitoring {
        Monitoring {
            store,
            clock,
            config: Arc::new(MonitoringConfig::default()),
            notifier: Notifier::default(),
        }
    }

    pub fn with_config(mut self, config: MonitoringConfig) -> Monitoring {
        self.config = Arc::new(config);
        self
    }

    /// Tells `notifier`'s followers after every committed write.
    pub fn with_notifier(mut self, notifier: Notifier) -> Monitoring {
        self.notifier = notifier;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &MonitoringConfig {
        &self.config
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Keeps new articles and returns their ids (known keys are skipped).
    pub async fn add_articles(
        &self,
        articles: &[NewArticle],
    ) -> Result<Vec<sinergi_domain::ArticleId>, MonitoringError> {
        let ids = self.store.insert_articles(articles, self.now()).await?;
        if !ids.is_empty() {
            self.notifier.notify();
        }
        Ok(ids)
    }
}
