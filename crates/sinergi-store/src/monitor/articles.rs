//! Articles: one row per canonical URL (or imported id), grouped with
//! their syndicated copies by normalised text.

use serde::Serialize;
use sinergi_domain::{ArticleId, SourceId};

use crate::{Store, StoreError};

/// An article to keep; `key` and `text_hash` come from the monitoring
/// service (the canonical URL, the normalised text's hash).
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    pub key: String,
    pub source_id: Option<SourceId>,
    pub outlet: String,
    pub url: Option<String>,
    pub title: String,
    pub author: String,
    pub published_at: i64,
    pub body: String,
    pub text_hash: String,
}

/// A stored article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ArticleRecord {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    pub key: String,
    pub source_id: Option<i64>,
    pub outlet: String,
    pub url: Option<String>,
    pub title: String,
    pub author: String,
    pub published_at: i64,
    pub fetched_at: i64,
    pub body: String,
    pub text_hash: String,
    pub group_id: Option<i64>,
    pub matched_at: Option<i64>,
}

pub(crate) const ARTICLE_COLUMNS: &str = "a.id, a.key, a.source_id, a.outlet, a.url, a.title, \
    a.author, a.published_at, a.fetched_at, a.body, a.text_hash, a.group_id, a.matched_at";

impl Store {
    /// Keeps the articles not kept yet (by key), each in the duplicate
    /// group of the first article with the same text, in one transaction;
    /// returns the ids of the new ones. The source's count grows with them.
    pub async fn insert_articles(
        &self,
        articles: &[NewArticle],
        now: i64,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut added = Vec::new();
        for a in articles {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT id FROM media_articles WHERE key = $1")
                    .bind(a.key.clone())
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_some() {
                continue;
            }
            let group: Option<i64> =
                sqlx::query_scalar("SELECT MIN(id) FROM media_articles WHERE text_hash = $1")
                    .bind(a.text_hash.clone())
                    .fetch_one(&mut *tx)
                    .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO media_articles (key, source_id, outlet, url, title, author, \
                 published_at, fetched_at, body, text_hash, group_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(a.key.clone())
            .bind(a.source_id.map(SourceId::get))
            .bind(a.outlet.clone())
            .bind(a.url.clone())
            .bind(a.title.clone())
            .bind(a.author.clone())
            .bind(a.published_at)
            .bind(now)
            .bind(a.body.clone())
            .bind(a.text_hash.clone())
            .bind(group)
            .fetch_one(&mut *tx)
            .await?;
            if group.is_none() {
                sqlx::query("UPDATE media_articles SET group_id = id WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            crate::changes::append(
                &mut tx,
                now,
                "media_article",
                &id.to_string(),
                "create",
                &serde_json::json!({"outlet": a.outlet, "group": group.unwrap_or(id)}),
            )
            .await?;
            added.push(ArticleId::new(id));
        }
        tx.commit().await?;
        Ok(added)
    }

    /// One article.
    pub async fn article(&self, id: ArticleId) -> Result<ArticleRecord, StoreError> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM media_articles a WHERE a.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("article {id}")))
    }

    /// Articles not matched yet, oldest first.
    pub async fn articles_waiting(&self, limit: i64) -> Result<Vec<ArticleRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM media_articles a WHERE a.matched_at IS NULL \
             ORDER BY a.id LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Articles published in `[from, to)` after id `after`, by id: pages
    /// for matching a period again.
    pub async fn articles_published_between(
        &self,
        from: i64,
        to: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM media_articles a \
             WHERE a.published_at >= $1 AND a.published_at < $2 AND a.id > $3 \
             ORDER BY a.id LIMIT $4"
        )))
        .bind(from)
        .bind(to)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many articles were published in `[from, to)`.
    pub async fn count_articles_published_between(
        &self,
        from: i64,
        to: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM media_articles WHERE published_at >= $1 AND published_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The newest articles of a source.
    pub async fn source_articles(
        &self,
        source: SourceId,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM media_articles a WHERE a.source_id = $1 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $2"
        )))
        .bind(source.get())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The outlets carrying an article's text (its duplicate group), by
    /// publication time.
    pub async fn article_group(&self, group: i64) -> Result<Vec<ArticleRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM media_articles a WHERE a.group_id = $1 \
             ORDER BY a.published_at, a.id"
        )))
        .bind(group)
        .fetch_all(&self.pool)
        .await?)
    }
}
