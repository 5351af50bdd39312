//! The releases an article may report on: published in a window, with
//! what decides whether the public read them at the article's time.

use sinergi_domain::ReleaseId;
use sinergi_domain::newsroom::ReleaseState;

use crate::{Store, StoreError};

/// A release as matching reads it. Amplifications are left out: carrying
/// a release inside Sinergi is no media pickup.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MatchableRelease {
    #[sqlx(try_from = "i64")]
    pub id: ReleaseId,
    pub unit_code: String,
    pub slug: String,
    pub version: i64,
    #[sqlx(try_from = "String")]
    pub state: ReleaseState,
    pub public_at: Option<i64>,
    /// 0 or 1.
    pub embargo: i64,
    pub withdrawn_at: Option<i64>,
    pub title: String,
    pub lead: String,
    pub body_html: String,
}

const COLUMNS: &str = "r.id, r.unit_code, r.slug, r.version, r.state, r.public_at, r.embargo, \
    r.withdrawn_at, r.title, r.lead, r.body_html";

impl Store {
    /// Released (or later withdrawn) releases with `public_at` in
    /// `[from, to]`, amplifications excepted, oldest first.
    pub async fn releases_published_between(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<MatchableRelease>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM releases r WHERE r.public_at IS NOT NULL \
             AND r.public_at >= $1 AND r.public_at <= $2 \
             AND r.state IN ('released', 'withdrawn') AND r.amplifies_id IS NULL \
             ORDER BY r.public_at, r.id"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// One release as matching reads it (for the side-by-side view).
    pub async fn matchable_release(&self, id: ReleaseId) -> Result<MatchableRelease, StoreError> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM releases r WHERE r.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("release {id}")))
    }
}
