//! Following the change feed into the index.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sinergi_search::{SearchIndex, SearchWriter};
use sinergi_store::{Change, Store};
use tokio::sync::Notify;

use crate::Result;
use crate::sources::Source;

/// How the projector reads and writes.
#[derive(Debug, Clone)]
pub struct ProjectorConfig {
    /// Changes read (and committed) at a time.
    pub batch: i64,
    /// How often to look for changes when nobody wakes the projector.
    pub poll: Duration,
    /// Indexing memory budget of the writer, in bytes (at least 15 MB).
    pub heap_bytes: usize,
    /// Wait after a failure before trying again.
    pub retry: Duration,
}

impl Default for ProjectorConfig {
    fn default() -> Self {
        Self {
            batch: 500,
            poll: Duration::from_millis(500),
            // tantivy's arena grows to this before it writes a segment: at
            // 50 MB the first fill of the demo's 95,000 documents held 35 MB
            // at the server's memory peak (issue 16).
            heap_bytes: 24_000_000,
            retry: Duration::from_secs(2),
        }
    }
}

/// Wakes the projector at once (after a write), instead of at its next poll.
#[derive(Debug, Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    /// Asks the projector to look at the change feed now. Cheap; never blocks.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// What one catch-up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CatchUp {
    /// Changes read from the feed.
    pub changes: u64,
    /// Documents written (upserted or deleted); a key changed several times in a batch
    /// is written once.
    pub writes: u64,
    /// The index was new and was filled from the tables instead of the feed.
    pub filled: bool,
    /// The change-feed position the index is at now.
    pub seq: i64,
}

/// Follows the change feed and keeps the index in step. It holds the index's only
/// writer: one projector per index folder.
pub struct Projector {
    store: Store,
    index: SearchIndex,
    writer: SearchWriter,
    waker: Waker,
    config: ProjectorConfig,
}

impl std::fmt::Debug for Projector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projector").finish_non_exhaustive()
    }
}

impl Projector {
    /// A projector over `index` (taking its writer lock), reading `store`.
    pub fn new(store: Store, index: SearchIndex, config: ProjectorConfig) -> Result<Projector> {
        let writer = index.writer_with(config.heap_bytes.max(15_000_000), Some(1))?;
        Ok(Projector {
            store,
            index,
            writer,
            waker: Waker::default(),
            config,
        })
    }

    /// The index it writes (searches see each commit at once).
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// What wakes it; give it to writers.
    pub fn waker(&self) -> Waker {
        self.waker.clone()
    }

    /// Applies every change after the index's position, a batch (one commit) at a time.
    /// A new index is filled from the tables first, which is much faster than replaying
    /// the whole feed.
    pub async fn catch_up(&mut self) -> Result<CatchUp> {
        let mut done = CatchUp::default();
        let mut after = match self.index.last_applied_seq()? {
            Some(seq) => seq,
            None => {
                // The position is read before the tables: whatever changes while they
                // are read has a later seq and is applied again below (idempotent).
                let seq = self.store.last_change_seq().await?;
                let fresh = self.index.num_docs() == 0;
                let written = fill(&self.store, &self.writer, fresh, &|_, _| {}).await;
                let written = self.finish_batch(written, seq)?;
                done.writes += written;
                done.filled = true;
                seq
            }
        };
        loop {
            let changes = self.store.changes_since(after, self.config.batch).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                break;
            };
            let written = self.apply(&changes).await;
            done.writes += self.finish_batch(written, last)?;
            done.changes += changes.len() as u64;
            after = last;
            if (changes.len() as i64) < self.config.batch {
                break;
            }
        }
        done.seq = after;
        Ok(done)
    }

    /// Commits a batch with its position, or drops it if it failed part way.
    fn finish_batch(&mut self, written: Result<u64>, seq: i64) -> Result<u64> {
        match written {
            Ok(n) => {
                self.writer.commit(seq)?;
                Ok(n)
            }
            Err(e) => {
                self.writer.rollback()?;
                Err(e)
            }
        }
    }

    /// Writes the current state of every entity `changes` touch.
    async fn apply(&self, changes: &[Change]) -> Result<u64> {
        // Each key once per batch: its current state covers all its changes.
        let mut touched: BTreeMap<(&'static str, &str), Source> = BTreeMap::new();
        for change in changes {
            if let Some(source) = Source::of_entity(&change.entity) {
                touched.insert((source.entity(), &change.entity_key), source);
            }
        }
        for ((_, key), source) in &touched {
            match source.load(&self.store, key).await? {
                Some(doc) => self.writer.upsert(&doc)?,
                None => self.writer.delete(&source.doc_id(key)),
            }
        }
        Ok(touched.len() as u64)
    }

    /// Waits for background merges and releases the index's writer lock.
    pub fn close(self) -> Result<()> {
        self.writer.finish()?;
        Ok(())
    }

    /// Catches up, then follows the feed (every poll interval, or at once when woken)
    /// until `stop` completes. Failures are logged and retried; they never end the loop.
    pub async fn run_until(mut self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let mut first = true;
        loop {
            let started = Instant::now();
            let pause = match self.catch_up().await {
                Ok(done) => {
                    if first || done.changes > 0 || done.filled {
                        tracing::info!(
                            changes = done.changes,
                            writes = done.writes,
                            filled = done.filled,
                            seq = done.seq,
                            seconds = started.elapsed().as_secs_f64(),
                            "search index caught up"
                        );
                    }
                    first = false;
                    self.config.poll
                }
                Err(e) => {
                    tracing::error!(error = %e, "search index: catching up failed; retrying");
                    self.config.retry
                }
            };
            tokio::select! {
                () = &mut stop => break,
                () = self.waker.0.notified() => {}
                () = tokio::time::sleep(pause) => {}
            }
        }
        if let Err(e) = self.writer.finish() {
            tracing::warn!(error = %e, "search index: closing the writer failed");
        }
    }
}

/// Writes every document of every source; `fresh` (an empty index) adds without
/// deleting first. Calls `progress(done, total)` after each page.
pub(crate) async fn fill(
    store: &Store,
    writer: &SearchWriter,
    fresh: bool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<u64> {
    let mut total = 0;
    for source in Source::ALL {
        total += source.count(store).await?;
    }
    let mut done = 0;
    progress(0, total);
    for source in Source::ALL {
        let mut cursor = None;
        loop {
            let page = source.scan(store, cursor).await?;
            for doc in &page.docs {
                if fresh {
                    writer.add_new(doc)?;
                } else {
                    writer.upsert(doc)?;
                }
            }
            done += page.docs.len() as u64;
            progress(done, total.max(done));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
    }
    Ok(done)
}
