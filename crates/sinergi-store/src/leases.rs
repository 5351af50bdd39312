//! Leases: one node at a time runs a job whose writes must not be made
//! twice (the campaign and kinerja projections, which several nodes on one
//! PostgreSQL would otherwise apply each). The holder renews its lease on
//! every round; a node that dies stops renewing, and another takes the job
//! over once the lease has expired. A lease is one row, taken or renewed by
//! one conditional upsert, so two nodes racing for it cannot both win.
//!
//! A lease makes the work single; it is not what keeps the projection
//! right. A round that outlives its lease (a long rebuild, a paused VM) can
//! overlap with the next holder's, so each projection also checks its
//! position when it commits (see `kinerja_apply`).

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::Notify;

use crate::{Store, StoreError};

/// Wakes a follower of the change feed at once (after a committed write in
/// this process) instead of at its next poll.
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// This process as a lease holder: host, process id and a random part, so
/// a restarted node is a new holder and two nodes never share a name.
pub fn this_node() -> &'static str {
    static NODE: OnceLock<String> = OnceLock::new();
    NODE.get_or_init(|| {
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_owned())
            .unwrap_or_default();
        let random = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0u8);
        format!(
            "{}:{}:{:08x}",
            if host.is_empty() { "node" } else { &host },
            std::process::id(),
            random as u32
        )
    })
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

impl Store {
    /// Takes the lease on `name` for `holder` until `now + ttl`, or renews
    /// it; `false` when another holder's lease has not expired yet.
    pub async fn hold_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let until = now.saturating_add(i64::try_from(ttl.as_micros()).unwrap_or(i64::MAX));
        let taken = sqlx::query(
            "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
             WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4",
        )
        .bind(name.to_owned())
        .bind(holder.to_owned())
        .bind(until)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(taken == 1)
    }

    /// Gives the lease up (at a clean stop), so another node need not wait
    /// for it to expire.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(name.to_owned())
            .bind(holder.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Who holds the lease on `name` and until when, if anyone does.
    pub async fn lease_holder(&self, name: &str) -> Result<Option<(String, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT holder, expires_at FROM job_leases WHERE name = $1")
                .bind(name.to_owned())
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// How long a lease lasts without renewal by default: a dead node's
/// projection is taken over within this time.
pub const LEASE_TTL: Duration = Duration::from_secs(30);

/// This process's lease length in milliseconds (setting `lease_ttl_secs`).
/// One value per process, like [`this_node`], so every job of a node holds
/// its leases alike without threading the setting through each spawner.
static TTL_MILLIS: AtomicU64 = AtomicU64::new(LEASE_TTL.as_millis() as u64);

/// Sets how long this process's leases last (at least one second). A short
/// lease means a quick takeover after a node dies, and more renewals.
pub fn set_lease_ttl(ttl: Duration) {
    let millis = u64::try_from(ttl.as_millis())
        .unwrap_or(u64::MAX)
        .max(1_000);
    TTL_MILLIS.store(millis, Ordering::Relaxed);
}

/// How long this process's leases last.
pub fn lease_ttl() -> Duration {
    Duration::from_millis(TTL_MILLIS.load(Ordering::Relaxed))
}

/// Runs `round` every `poll` (or at once when woken) while this node holds
/// the lease on `name`, until `stop` completes; then gives the lease up.
/// A round's failure is the round's to log; a failure to reach the lease
/// is logged here and tried again at the next poll.
pub async fn run_leased<F, Fut>(
    store: Store,
    name: &'static str,
    poll: Duration,
    waker: Waker,
    stop: impl Future<Output = ()>,
    mut round: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    tokio::pin!(stop);
    let holder = this_node();
    let mut held = false;
    loop {
        match store
            .hold_lease(name, holder, now_micros(), lease_ttl())
            .await
        {
            Ok(true) => {
                if !held {
                    tracing::info!(job = name, holder, "this node runs the job");
                    held = true;
                }
                round().await;
            }
            Ok(false) => {
                if held {
                    tracing::warn!(job = name, "another node took the job over");
                    held = false;
                }
            }
            Err(e) => tracing::warn!(job = name, error = %e, "the job's lease cannot be read"),
        }
        tokio::select! {
            () = &mut stop => break,
            () = waker.0.notified() => {},
            // Renewed well before it runs out, whatever the job's poll.
            () = tokio::time::sleep(poll.min(lease_ttl() / 3)) => {},
        }
    }
    if held && let Err(e) = store.release_lease(name, holder).await {
        tracing::warn!(job = name, error = %e, "the job's lease was not given up");
    }
}

#[cfg(test)]
mod tests {
    use sinergi_testkit::TestDb;

    const TTL: std::time::Duration = std::time::Duration::from_secs(30);
    const T0: i64 = 1_800_000_000_000_000;

    #[tokio::test]
    async fn one_holder_at_a_time_and_a_dead_one_is_replaced() {
        let db = TestDb::new().await;
        let s = &db.store;
        assert!(s.hold_lease("kinerja", "a", T0, TTL).await.unwrap());
        assert!(!s.hold_lease("kinerja", "b", T0 + 1, TTL).await.unwrap());
        // Renewal by the holder moves the expiry.
        assert!(
            s.hold_lease("kinerja", "a", T0 + 20_000_000, TTL)
                .await
                .unwrap()
        );
        assert!(
            !s.hold_lease("kinerja", "b", T0 + 40_000_000, TTL)
                .await
                .unwrap()
        );
        // Other jobs are leased apart.
        assert!(s.hold_lease("campaigns", "b", T0, TTL).await.unwrap());
        // `a` stops renewing: after expiry `b` takes over, and `a` is out.
        assert!(
            s.hold_lease("kinerja", "b", T0 + 50_000_000, TTL)
                .await
                .unwrap()
        );
        assert!(
            !s.hold_lease("kinerja", "a", T0 + 50_000_001, TTL)
                .await
                .unwrap()
        );
        assert_eq!(
            s.lease_holder("kinerja").await.unwrap(),
            Some(("b".to_owned(), T0 + 80_000_000))
        );
        // Given up: the next node need not wait.
        s.release_lease("kinerja", "b").await.unwrap();
        s.release_lease("kinerja", "a").await.unwrap();
        assert!(
            s.hold_lease("kinerja", "a", T0 + 50_000_002, TTL)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn racing_nodes_never_both_win() {
        let db = TestDb::new().await;
        for round in 0..20i64 {
            let at = T0 + round * 60_000_000;
            let tries = (0..8).map(|n| {
                let s = db.store.clone();
                async move {
                    s.hold_lease("race", &format!("node{n}"), at, TTL)
                        .await
                        .unwrap()
                }
            });
            let won = all_of(tries).await;
            assert_eq!(
                won.iter().filter(|w| **w).count(),
                1,
                "round {round}: {won:?}"
            );
        }
    }

    async fn all_of<F: std::future::Future<Output = bool> + Send + 'static>(
        tries: impl Iterator<Item = F>,
    ) -> Vec<bool> {
        let handles: Vec<_> = tries.map(tokio::spawn).collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap());
        }
        out
    }
}
