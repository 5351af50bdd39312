//! Articles: one row per canonical URL (or imported id), grouped with
//! their syndicated copies: the same `rel=canonical` address, the same
//! normalised text, or a near-identical text (simhash within
//! [`NEAR_BITS`] bits, published within [`NEAR_WINDOW`] of each other).

use serde::Serialize;
use sinergi_domain::{ArticleId, SourceId};

use crate::scope_sql::list_marks;
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
    /// The page's rel=canonical when it names one, else `url`.
    pub canonical_url: Option<String>,
    /// `feed`, `page`, `summary` or `import`.
    pub text_from: String,
    /// 64-bit simhash of the text's word shingles (`None`: too short to
    /// compare).
    pub simhash: Option<i64>,
}

/// Two texts whose simhashes differ in at most this many bits are copies.
/// A bit differs with probability θ/π, θ the angle between the texts'
/// shingle vectors: about 6 bits for a copy sharing 95 % of its shingles
/// (a dateline and a credit line added), 9 at 90 %, 22 for two reports
/// quoting one statement at length (45 %), 32 for unrelated texts; at
/// most 10 of 64 bits by chance has a probability of about 10⁻⁷.
pub const NEAR_BITS: u32 = 10;
/// ... when published at most this far apart (microseconds: 3 days).
pub const NEAR_WINDOW: i64 = 3 * 24 * 3600 * 1_000_000;

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
    pub canonical_url: Option<String>,
    pub text_from: String,
    pub simhash: Option<i64>,
}

pub(crate) const ARTICLE_COLUMNS: &str = "a.id, a.key, a.source_id, a.outlet, a.url, a.title, \
    a.author, a.published_at, a.fetched_at, a.body, a.text_hash, a.group_id, a.matched_at, \
    a.canonical_url, a.text_from, a.simhash";

impl Store {
    /// Keeps the articles not kept yet (by key), each in the duplicate
    /// group of an earlier copy (same canonical address, same text, or a
    /// near-identical text published close to it), in one transaction;
    /// returns the ids of the new ones.
    pub async fn insert_articles(
        &self,
        articles: &[NewArticle],
        now: i64,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut added = Vec::new();
        // The fingerprints near the batch's dates, read once; the batch's
        // own articles join them as they are kept.
        let dates = articles
            .iter()
            .filter(|a| a.simhash.is_some())
            .map(|a| a.published_at);
        let mut near: Vec<(i64, i64, i64)> = match (dates.clone().min(), dates.max()) {
            (Some(first), Some(last)) => {
                sqlx::query_as(
                    "SELECT published_at, simhash, COALESCE(group_id, id) FROM media_articles \
                 WHERE simhash IS NOT NULL AND published_at >= $1 AND published_at <= $2 \
                 ORDER BY id",
                )
                .bind(first - NEAR_WINDOW)
                .bind(last + NEAR_WINDOW)
                .fetch_all(&mut *tx)
                .await?
            }
            _ => Vec::new(),
        };
        for a in articles {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT id FROM media_articles WHERE key = $1")
                    .bind(a.key.clone())
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_some() {
                continue;
            }
            let same: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(COALESCE(group_id, id)) FROM media_articles \
                 WHERE text_hash = $1 OR (canonical_url IS NOT NULL AND canonical_url = $2)",
            )
            .bind(a.text_hash.clone())
            .bind(a.canonical_url.clone())
            .fetch_one(&mut *tx)
            .await?;
            let group = same.or_else(|| {
                let hash = a.simhash?;
                near.iter()
                    .find(|(at, h, _)| {
                        (at - a.published_at).abs() <= NEAR_WINDOW
                            && (h ^ hash).count_ones() <= NEAR_BITS
                    })
                    .map(|(_, _, g)| *g)
            });
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO media_articles (key, source_id, outlet, url, title, author, \
                 published_at, fetched_at, body, text_hash, group_id, canonical_url, text_from, \
                 simhash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
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
            .bind(a.canonical_url.clone())
            .bind(a.text_from.clone())
            .bind(a.simhash)
            .fetch_one(&mut *tx)
            .await?;
            if group.is_none() {
                sqlx::query("UPDATE media_articles SET group_id = id WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(hash) = a.simhash {
                near.push((a.published_at, hash, group.unwrap_or(id)));
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

    /// Which of `keys` are kept already (a sitemap's pages are fetched
    /// only when new).
    pub async fn known_article_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let mut known = Vec::new();
        for chunk in keys.chunks(200) {
            let sql = format!(
                "SELECT key FROM media_articles WHERE key IN ({})",
                list_marks(self.backend, chunk.len())
            );
            // A list of up to 200, not cached: see `insert_rows`.
            let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).persistent(false);
            for k in chunk {
                q = q.bind(k.clone());
            }
            let found: Vec<String> = q.fetch_all(&self.pool).await?;
            known.extend(found);
        }
        Ok(known)
    }

    /// Articles published in `[from, to)`, newest first, at most `limit`,
    /// after id `before` when paging (0: from the newest).
    pub async fn articles_page(
        &self,
        from: i64,
        to: i64,
        before: i64,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM media_articles a \
             WHERE a.published_at >= $1 AND a.published_at < $2 AND ($3 = 0 OR a.id < $3) \
             ORDER BY a.id DESC LIMIT $4"
        )))
        .bind(from)
        .bind(to)
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
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
