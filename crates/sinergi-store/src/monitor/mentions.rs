//! Mentions: an article that matched no release but names a unit or
//! carries a campaign's hashtag. Counted apart from pickups; internal
//! work of the unit (or the campaign's owner).

use serde::Serialize;
use sinergi_domain::access::Scope;
use sinergi_domain::{ArticleId, UnitCode};

use crate::scope_sql::{Bind, arguments, scope_condition};
use crate::{Store, StoreError};

/// A mention found by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMention {
    pub unit_code: String,
    pub campaign_id: Option<i64>,
    /// The name, alias or `#hashtag` found.
    pub term: String,
    /// Its byte offset in the article's body; -1 when in the title.
    pub at: i64,
}

/// A mention with its article, as pages list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MentionRecord {
    pub id: i64,
    pub article_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub campaign_id: Option<i64>,
    pub campaign_title: Option<String>,
    pub term: String,
    pub at: i64,
    pub created_at: i64,
    pub outlet: String,
    pub article_title: String,
    pub article_url: Option<String>,
    pub article_published_at: i64,
    pub article_body: String,
    pub article_group: Option<i64>,
}

/// A unit whose name is looked for: its name and aliases.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MentionableUnit {
    pub code: String,
    pub name: String,
    pub level: String,
    pub aliases: Option<String>,
}

/// A campaign whose hashtags are looked for, and when.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MentionableCampaign {
    pub id: i64,
    pub owner_code: String,
    /// JSON array, without `#`.
    pub hashtags: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

const COLUMNS: &str = "n.id, n.article_id, n.unit_code, COALESCE(un.name, n.unit_code) AS unit_name, \
    n.campaign_id, c.title AS campaign_title, n.term, n.at, n.created_at, a.outlet, \
    a.title AS article_title, a.url AS article_url, a.published_at AS article_published_at, \
    a.body AS article_body, a.group_id AS article_group";

const FROM: &str = "media_mentions n JOIN media_articles a ON a.id = n.article_id \
    LEFT JOIN units un ON un.code = n.unit_code LEFT JOIN campaigns c ON c.id = n.campaign_id";

impl Store {
    /// The units whose names are looked for in articles: those taking
    /// part in monitoring (a release of their own, or a source they
    /// manage). Looking for every village's name would find namesakes.
    pub async fn mentionable_units(&self) -> Result<Vec<MentionableUnit>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT u.code, u.name, u.level, u.aliases FROM units u WHERE u.retired_at IS NULL AND ( \
             EXISTS (SELECT 1 FROM releases r WHERE r.unit_code = u.code AND r.state = 'released') \
             OR EXISTS (SELECT 1 FROM media_sources s WHERE s.unit_code = u.code)) \
             ORDER BY u.code",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Campaigns running at some time in `[from, to]`.
    pub async fn mentionable_campaigns(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<MentionableCampaign>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, owner_code, hashtags, starts_at, ends_at FROM campaigns \
             WHERE starts_at <= $2 AND ends_at >= $1 ORDER BY id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces an article's mentions by `found` (matching it again finds
    /// them again), with a change-feed entry when there were any.
    pub async fn record_mentions(
        &self,
        article: ArticleId,
        found: &[NewMention],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query("DELETE FROM media_mentions WHERE article_id = $1")
            .bind(article.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        for m in found {
            sqlx::query(
                "INSERT INTO media_mentions (article_id, unit_code, campaign_id, term, at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (article_id, unit_code, term) DO NOTHING",
            )
            .bind(article.get())
            .bind(m.unit_code.clone())
            .bind(m.campaign_id)
            .bind(m.term.clone())
            .bind(m.at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        if removed > 0 || !found.is_empty() {
            crate::changes::append(
                &mut tx,
                now,
                "media_mention",
                &article.to_string(),
                "mention",
                &serde_json::json!({"units": found.iter().map(|m| &m.unit_code).collect::<Vec<_>>()}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Mentions of units in `scope`, newest article first.
    pub async fn mentions_in_scope(
        &self,
        scope: &Scope,
        limit: i64,
    ) -> Result<Vec<MentionRecord>, StoreError> {
        let mut binds = Vec::new();
        let condition = scope_condition("n.unit_code", scope, &mut binds);
        binds.push(Bind::Int(limit));
        let limit_arg = binds.len();
        Ok(sqlx::query_as_with(
            sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE {condition} \
                 ORDER BY a.published_at DESC, n.id DESC LIMIT ${limit_arg}"
            )),
            arguments(binds)?,
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Mentions of one unit (with `subtree`, of the units under it too).
    pub async fn unit_mentions(
        &self,
        unit: &UnitCode,
        subtree: bool,
        limit: i64,
    ) -> Result<Vec<MentionRecord>, StoreError> {
        let (lo, hi) = unit.descendant_range();
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE \
             (n.unit_code = $1 OR ($4 = 1 AND n.unit_code > $2 AND n.unit_code < $3)) \
             ORDER BY a.published_at DESC, n.id DESC LIMIT $5"
        )))
        .bind(unit.to_string())
        .bind(lo)
        .bind(hi)
        .bind(i64::from(subtree))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Mentions of a campaign's hashtags.
    pub async fn campaign_mentions(
        &self,
        campaign: i64,
        limit: i64,
    ) -> Result<Vec<MentionRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE n.campaign_id = $1 \
             ORDER BY a.published_at DESC, n.id DESC LIMIT $2"
        )))
        .bind(campaign)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
