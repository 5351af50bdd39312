//! The change feed: an ordered, append-only log of every write.
//!
//! Writers append in the same transaction as the change itself, so a
//! projection that follows `seq` sees every committed change exactly once,
//! in commit order on both backends (see [`append`]).

use serde::Serialize;
use sqlx::{Any, Transaction};

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

/// A row of the feed; `data` is JSON.
#[derive(sqlx::FromRow)]
struct ChangeRow {
    seq: i64,
    at: i64,
    entity: String,
    entity_key: String,
    op: String,
    data: String,
}

impl TryFrom<ChangeRow> for Change {
    type Error = StoreError;
    fn try_from(r: ChangeRow) -> Result<Change, StoreError> {
        Ok(Change {
            seq: r.seq,
            at: r.at,
            entity: r.entity,
            entity_key: r.entity_key,
            op: r.op,
            data: serde_json::from_str(&r.data)
                .map_err(|e| StoreError::Corrupt(format!("change data: {e}")))?,
        })
    }
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
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT seq, at, entity, entity_key, op, data FROM changes \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Change::try_from).collect()
    }

    /// The newest sequence number, 0 for an empty feed.
    pub async fn last_change_seq(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes")
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }
}
