//! Throttle counters: attempts per bucket, so that guessing passwords and
//! asking for reset links are limited on every node that shares the
//! database. What a bucket is and what its limits mean is the accounts
//! service's business (`sinergi-accounts/src/throttle.rs` has the design);
//! this stores and counts.
//!
//! A bucket is a text key with a prefix saying what it counts: `pair:`
//! (failed sign-ins of one account from one address), `ip:` (failed
//! sign-ins from an address), `email:` (failed sign-ins of an account from
//! anywhere), `reset-email:` and `reset-ip:` (reset links asked for). The
//! table keeps its first name, `sign_in_failures`.
//!
//! The service *reserves* an attempt (inserts its rows) before it counts,
//! and takes the reservation back when the attempt is refused or turns out
//! to be no failure. Each insert is committed before the count that follows
//! it, so among attempts racing on one bucket every one counts itself and
//! all that came before: no burst of parallel requests gets past a limit.

use crate::{Store, StoreError};

impl Store {
    /// Records one attempt at `now` in each bucket; returns the rows' ids,
    /// to take the attempt back with [`Store::forget_attempts`].
    pub async fn record_attempts(
        &self,
        buckets: &[String],
        now: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut ids = Vec::with_capacity(buckets.len());
        for bucket in buckets {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sign_in_failures (bucket, at) VALUES ($1, $2) RETURNING id",
            )
            .bind(bucket.as_str())
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// Attempts in `bucket` since `since`, and the time of the oldest.
    pub async fn attempts_since(
        &self,
        bucket: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE bucket = $1 AND at >= $2",
        )
        .bind(bucket)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Takes back attempts recorded by [`Store::record_attempts`].
    pub async fn forget_attempts(&self, ids: &[i64]) -> Result<(), StoreError> {
        for id in ids {
            sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
                .bind(*id)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Forgets every attempt in `bucket`.
    pub async fn clear_attempts(&self, bucket: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE bucket = $1")
            .bind(bucket)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
