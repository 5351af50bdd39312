//! Figures an operator watches (`/metrics`): the outbox's depth and age, and
//! how far a projection is behind the change feed, in changes and in time.

use crate::{OUTBOX_NEVER, Store, StoreError};

/// The outbox at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxStats {
    /// Messages still to send, dead ones not included.
    pub pending: i64,
    /// Messages the worker gave up on.
    pub dead: i64,
    /// When the oldest message still to send was written (µs), if any.
    pub oldest_pending_at: Option<i64>,
}

impl Store {
    pub async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        let (pending, oldest_pending_at): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(created_at) FROM outbox \
             WHERE sent_at IS NULL AND next_attempt_at < $1",
        )
        .bind(OUTBOX_NEVER)
        .fetch_one(&self.pool)
        .await?;
        let dead: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at >= $1",
        )
        .bind(OUTBOX_NEVER)
        .fetch_one(&self.pool)
        .await?;
        Ok(OutboxStats {
            pending,
            dead,
            oldest_pending_at,
        })
    }

    /// When the first change after `seq` was written (µs): how long a
    /// projection at `seq` has had work waiting. `None` when it is current.
    pub async fn first_change_after(&self, seq: i64) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT at FROM changes WHERE seq > $1 ORDER BY seq LIMIT 1")
                .bind(seq)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Connections in the pool: (open, idle).
    pub fn pool_connections(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }
}
