//! Failed sign-ins per bucket (an account or a client address), so that
//! guessing is slowed on every node that shares the database.

use sqlx::Row;

use crate::{Store, StoreError};

impl Store {
    pub async fn record_sign_in_failure(&self, bucket: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sign_in_failures (bucket, at) VALUES ($1, $2)")
            .bind(bucket)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Failures in `bucket` since `since`, and the oldest of them.
    pub async fn sign_in_failures(
        &self,
        bucket: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE bucket = $1 AND at >= $2",
        )
        .bind(bucket)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    pub async fn clear_sign_in_failures(&self, bucket: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE bucket = $1")
            .bind(bucket)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
