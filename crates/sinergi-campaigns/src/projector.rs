//! Following the change feed into campaign statuses, like the search
//! indexer: catch up from the last applied `seq`, re-evaluate every release
//! the new changes touch, then the time step (releases whose embargo or
//! schedule has just lifted), and remember the position.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::{Duration, Instant};

use serde::Serialize;
use sinergi_domain::ReleaseId;

use crate::{CampaignError, Campaigns};

/// Changes read at a time.
const BATCH: i64 = 500;

/// What one catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CatchUp {
    pub changes: u64,
    /// Releases re-evaluated (from the feed and the time step).
    pub releases: u64,
    /// Targets whose adoption changed.
    pub status_changes: u64,
    /// Campaigns recomputed from scratch (on the first run).
    pub recomputed: u64,
    pub seq: i64,
}

/// Wakes the projector at once after a committed write.
pub use sinergi_store::leases::Waker;

impl Campaigns {
    /// Applies every change after the projection's position, and adopts
    /// releases whose public time has come. The first run recomputes every
    /// campaign from the releases instead of replaying the feed.
    pub async fn catch_up(&self) -> Result<CatchUp, CampaignError> {
        let mut done = CatchUp::default();
        let now = self.now();
        let mut after = match self.store.campaign_projection_position().await? {
            Some((seq, _)) => seq,
            None => {
                // Read before the tables: later changes are applied again
                // below, which is idempotent.
                let seq = self.store.last_change_seq().await?;
                for c in self.store.campaigns(None).await? {
                    self.recompute_inner(c.id, true).await?;
                    done.recomputed += 1;
                }
                self.store
                    .set_campaign_projection_position(seq, now)
                    .await?;
                seq
            }
        };
        loop {
            let changes = self.store.changes_since(after, BATCH).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                break;
            };
            let releases: BTreeSet<ReleaseId> = changes
                .iter()
                .filter(|c| c.entity == "release")
                .filter_map(|c| c.entity_key.parse().ok())
                .collect();
            for id in releases {
                done.status_changes += self.apply_release(id).await?;
                done.releases += 1;
            }
            done.changes += changes.len() as u64;
            after = last;
            self.store
                .set_campaign_projection_position(after, now)
                .await?;
            if (changes.len() as i64) < BATCH {
                break;
            }
        }
        let due = self.store.due_campaign_releases(now).await?;
        for id in &due {
            done.status_changes += self.apply_release(*id).await?;
            done.releases += 1;
        }
        // An idle poll writes nothing (the feed position is saved per batch).
        if !due.is_empty() {
            self.store
                .set_campaign_projection_position(after, now)
                .await?;
        }
        done.seq = after;
        Ok(done)
    }

    /// Re-evaluates one release for every campaign (the incremental step);
    /// returns how many targets' adoption changed.
    pub async fn apply_release(&self, release_id: ReleaseId) -> Result<u64, CampaignError> {
        let _writer = self.projection.lock().await;
        let out = self
            .store
            .apply_release_to_campaigns(release_id, self.now())
            .await?;
        Ok(out.iter().filter(|a| a.status_changed).count() as u64)
    }

    /// Catches up, then follows the feed every `poll` (or at once when
    /// woken) until `stop` completes, while this node holds the
    /// projection's lease (one node projects; see `sinergi_store::leases`).
    /// Failures are logged and retried.
    pub async fn run_projector_until(
        self,
        poll: Duration,
        waker: Waker,
        stop: impl Future<Output = ()>,
    ) {
        let store = self.store.clone();
        let mut first = true;
        sinergi_store::leases::run_leased(store, "campaigns", poll, waker, stop, || {
            let first_round = std::mem::replace(&mut first, false);
            let this = &self;
            async move {
                let started = Instant::now();
                match this.catch_up().await {
                    Ok(done) => {
                        if first_round || done.status_changes > 0 || done.recomputed > 0 {
                            tracing::info!(
                                changes = done.changes,
                                releases = done.releases,
                                status_changes = done.status_changes,
                                recomputed = done.recomputed,
                                seq = done.seq,
                                seconds = started.elapsed().as_secs_f64(),
                                "campaign statuses caught up"
                            );
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "campaign statuses: catching up failed"),
                }
            }
        })
        .await;
    }
}
