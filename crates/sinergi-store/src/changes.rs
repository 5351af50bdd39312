//! The change feed: an ordered, append-only log of every write.
//!
//! Writers append in the same transaction as the change itself, so a
//! projection that follows `seq` sees every committed change exactly once,
//! in commit order on both backends (see [`append`]).

use serde::Serialize;
use sqlx::{Any, Row, Transaction};

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub seq: i64,
    pub at: i64,
    pub entity: String,
    pub entity_key: String,
    pub op: String,
    pub data: serde_json::Value,
}

pub(crate) async fn append(
    tx: &mut Transaction<'_, Any>,
    at: i64,
    entity: &str,
    entity_key: &str,
    op: &str,
    data: &serde_json::Value,
) -> Result<(), StoreError> {
    // On PostgreSQL, concurrent writers could commit their `seq` values out
    // of order, and a projection that has read seq 8 would never see a
    // late-committing seq 7. Writers that append to the feed take this lock
    // until they commit, so seq order is commit order. (SQLite writers are
    // serialised already.)
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(7283001)")
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO changes (at, entity, entity_key, op, data) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(entity)
    .bind(entity_key)
    .bind(op)
    .bind(data.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Changes after `after_seq`, oldest first.
    pub async fn changes_since(
        &self,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<Change>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, entity, entity_key, op, data FROM changes \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get(5)?;
                Ok(Change {
                    seq: r.try_get(0)?,
                    at: r.try_get(1)?,
                    entity: r.try_get(2)?,
                    entity_key: r.try_get(3)?,
                    op: r.try_get(4)?,
                    data: serde_json::from_str(&data)
                        .map_err(|e| StoreError::Corrupt(format!("change data: {e}")))?,
                })
            })
            .collect()
    }

    /// The newest sequence number, 0 for an empty feed.
    pub async fn last_change_seq(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> = sqlx::query("SELECT MAX(seq) FROM changes")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok(seq.unwrap_or(0))
    }
}
