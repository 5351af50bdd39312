//! Media sources: an outlet's feed, who manages it, and its health.

use serde::Serialize;
use sinergi_domain::{SourceId, UnitCode, UserId};

use crate::{Store, StoreError};

/// A source to add (checked by the monitoring service).
#[derive(Debug, Clone)]
pub struct NewSource {
    pub unit_code: UnitCode,
    pub outlet: String,
    pub url: String,
    /// `feed` or `sitemap`.
    pub kind: String,
}

/// A source with its health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct SourceRecord {
    #[sqlx(try_from = "i64")]
    pub id: SourceId,
    pub unit_code: String,
    pub outlet: String,
    pub url: String,
    pub kind: String,
    /// 0 or 1.
    pub active: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_success_at: Option<i64>,
    pub last_error_at: Option<i64>,
    pub last_error: Option<String>,
    pub failures: i64,
    pub next_poll_at: i64,
    pub items_total: i64,
    pub created_at: i64,
    /// New articles in the week before the listing's `now`.
    pub items_week: i64,
}

/// What one poll of a source found, for its health columns.
#[derive(Debug, Clone, Default)]
pub struct PollOutcome {
    /// `None`: success (a 304 included).
    pub error: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub failures: i64,
    pub next_poll_at: i64,
    pub new_items: i64,
}

const COLUMNS: &str = "s.id, s.unit_code, s.outlet, s.url, s.kind, s.active, s.etag, \
    s.last_modified, s.last_success_at, s.last_error_at, s.last_error, s.failures, \
    s.next_poll_at, s.items_total, s.created_at, \
    (SELECT COUNT(*) FROM media_articles a WHERE a.source_id = s.id AND a.fetched_at >= $1) AS items_week";

const WEEK: i64 = 7 * 24 * 3600 * 1_000_000;

impl Store {
    /// Adds a source, polled from `now` on. A URL already monitored is a
    /// conflict.
    pub async fn insert_source(
        &self,
        source: &NewSource,
        by: Option<UserId>,
        now: i64,
    ) -> Result<SourceId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO media_sources (unit_code, outlet, url, kind, next_poll_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING id",
        )
        .bind(source.unit_code.to_string())
        .bind(source.outlet.clone())
        .bind(source.url.clone())
        .bind(source.kind.clone())
        .bind(now)
        .bind(by.map(UserId::get))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StoreError::Conflict(format!("source {} exists", source.url))
            }
            other => other.into(),
        })?;
        crate::changes::append(
            &mut tx,
            now,
            "media_source",
            &id.to_string(),
            "create",
            &serde_json::json!({"url": source.url, "outlet": source.outlet}),
        )
        .await?;
        tx.commit().await?;
        Ok(SourceId::new(id))
    }

    /// Every source, by outlet, with its articles of the week before `now`.
    pub async fn sources(&self, now: i64) -> Result<Vec<SourceRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_sources s ORDER BY s.outlet, s.id"
        )))
        .bind(now - WEEK)
        .fetch_all(&self.pool)
        .await?)
    }

    /// One source.
    pub async fn source(&self, id: SourceId, now: i64) -> Result<SourceRecord, StoreError> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_sources s WHERE s.id = $2"
        )))
        .bind(now - WEEK)
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("source {id}")))
    }

    /// Active sources whose next poll is due at `now`, the longest waiting first.
    pub async fn due_sources(&self, now: i64, limit: i64) -> Result<Vec<SourceRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_sources s WHERE s.active = 1 AND s.next_poll_at <= $2 \
             ORDER BY s.next_poll_at, s.id LIMIT $3"
        )))
        .bind(now - WEEK)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a poll's outcome: success keeps the validators and clears
    /// the error count; an error keeps the last success and the validators.
    pub async fn record_poll(
        &self,
        id: SourceId,
        outcome: &PollOutcome,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        match &outcome.error {
            None => {
                sqlx::query(
                    "UPDATE media_sources SET etag = $2, last_modified = $3, last_success_at = $4, \
                     failures = 0, next_poll_at = $5, items_total = items_total + $6 WHERE id = $1",
                )
                .bind(id.get())
                .bind(outcome.etag.clone())
                .bind(outcome.last_modified.clone())
                .bind(now)
                .bind(outcome.next_poll_at)
                .bind(outcome.new_items)
                .execute(&mut *tx)
                .await?;
            }
            Some(error) => {
                sqlx::query(
                    "UPDATE media_sources SET last_error_at = $2, last_error = $3, failures = $4, \
                     next_poll_at = $5 WHERE id = $1",
                )
                .bind(id.get())
                .bind(now)
                .bind(error.clone())
                .bind(outcome.failures)
                .bind(outcome.next_poll_at)
                .execute(&mut *tx)
                .await?;
            }
        }
        crate::changes::append(
            &mut tx,
            now,
            "media_source",
            &id.to_string(),
            "poll",
            &serde_json::json!({"error": outcome.error, "new_items": outcome.new_items}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pauses or resumes a source; a resumed source is due at once.
    pub async fn set_source_active(
        &self,
        id: SourceId,
        active: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE media_sources SET active = $2, failures = 0, next_poll_at = $3 WHERE id = $1",
        )
        .bind(id.get())
        .bind(i64::from(active))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("source {id}")));
        }
        crate::changes::append(
            &mut tx,
            now,
            "media_source",
            &id.to_string(),
            if active { "resume" } else { "pause" },
            &serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
