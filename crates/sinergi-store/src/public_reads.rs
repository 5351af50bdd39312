//! Reads behind the public surfaces that are not pages: open data,
//! sitemaps, and the next moment a cached answer goes stale (the earliest
//! pending `public_at`).
//!
//! Every query here pre-filters with the public listing's condition
//! (`state = 'released' AND public_at <= now`) and returns the facts the
//! visibility rule needs, so the web layer still asks
//! `sinergi_domain::newsroom::release_access` for each row.

use serde::Serialize;
use sinergi_domain::newsroom::ReleaseState;
use sinergi_domain::{ReleaseId, UnitCode};

use crate::cursor::{self, Keyset, Page};
use crate::scope_sql::{Bind, arg, arguments};
use crate::{Store, StoreError};

/// A published release as open data and sitemaps describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicRelease {
    pub id: ReleaseId,
    pub unit_code: String,
    pub unit_name: String,
    pub slug: String,
    pub title: String,
    pub language: String,
    pub state: ReleaseState,
    pub public_at: Option<i64>,
    pub embargo: bool,
    pub withdrawn_at: Option<i64>,
    pub updated_at: i64,
    pub corrections: i64,
    pub tags: Vec<String>,
    pub amplifies_id: Option<ReleaseId>,
    /// The original's slug, for its address.
    pub amplifies_slug: Option<String>,
}

/// Named as [`PublicRow`]'s fields.
const COLUMNS: &str = "r.id, r.unit_code, u.name AS unit_name, r.slug, r.title, r.language, \
    r.state, r.public_at, r.embargo, r.withdrawn_at, r.updated_at, r.corrections, r.tags, \
    r.amplifies_id, o.slug AS amplifies_slug";

/// A release as [`COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
struct PublicRow {
    id: i64,
    unit_code: String,
    unit_name: String,
    slug: String,
    title: String,
    language: String,
    #[sqlx(try_from = "String")]
    state: ReleaseState,
    public_at: Option<i64>,
    /// 0 or 1.
    embargo: i64,
    withdrawn_at: Option<i64>,
    updated_at: i64,
    corrections: i64,
    /// Comma-separated.
    tags: String,
    amplifies_id: Option<i64>,
    amplifies_slug: Option<String>,
}

impl From<PublicRow> for PublicRelease {
    fn from(r: PublicRow) -> PublicRelease {
        PublicRelease {
            id: ReleaseId::new(r.id),
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            slug: r.slug,
            title: r.title,
            language: r.language,
            state: r.state,
            public_at: r.public_at,
            embargo: r.embargo != 0,
            withdrawn_at: r.withdrawn_at,
            updated_at: r.updated_at,
            corrections: r.corrections,
            tags: crate::scope_sql::split_joined(&r.tags),
            amplifies_id: r.amplifies_id.map(ReleaseId::new),
            amplifies_slug: r.amplifies_slug,
        }
    }
}

/// Which published releases to list, newest publication first.
#[derive(Debug, Clone, Default)]
pub struct PublicReleaseQuery {
    /// A unit (and, with `with_subtree`, everything under it); all when `None`.
    pub unit: Option<UnitCode>,
    pub with_subtree: bool,
    /// The clock's now: nothing public after it is listed.
    pub now: i64,
    /// Only releases public after this moment (the news sitemap's window).
    pub public_after: Option<i64>,
    pub limit: i64,
    pub cursor: Option<String>,
}

/// A block of release ids for one sitemap file, with its newest change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct SitemapBlock {
    pub block: i64,
    pub lastmod: i64,
}

/// A unit that has published, with its newest publication or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PublishingUnit {
    pub code: String,
    pub name: String,
    pub lastmod: i64,
}

impl Store {
    /// The earliest `public_at` still to come after `now` among released
    /// releases: until then, no embargo or schedule changes what the public
    /// sees. One range scan on the `public_at` index.
    pub async fn next_public_at_after(&self, now: i64) -> Result<Option<i64>, StoreError> {
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(public_at) FROM releases WHERE public_at > $1 AND state = 'released'",
        )
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(next)
    }

    /// Published releases with what open data and sitemaps print.
    pub async fn public_releases(
        &self,
        q: &PublicReleaseQuery,
    ) -> Result<Page<PublicRelease>, StoreError> {
        let mut binds = Vec::new();
        let now = arg(&mut binds, Bind::Int(q.now));
        let mut sql = format!(
            "SELECT {COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code \
             LEFT JOIN releases o ON o.id = r.amplifies_id \
             WHERE r.state = 'released' AND r.public_at <= {now}"
        );
        if let Some(unit) = &q.unit {
            let p = arg(&mut binds, Bind::Text(unit.to_string()));
            if q.with_subtree {
                let (lo, hi) = unit.descendant_range();
                let lo = arg(&mut binds, Bind::Text(lo));
                let hi = arg(&mut binds, Bind::Text(hi));
                sql.push_str(&format!(
                    " AND (r.unit_code = {p} OR (r.unit_code > {lo} AND r.unit_code < {hi}))"
                ));
            } else {
                sql.push_str(&format!(" AND r.unit_code = {p}"));
            }
        }
        if let Some(after) = q.public_after {
            let p = arg(&mut binds, Bind::Int(after));
            sql.push_str(&format!(" AND r.public_at > {p}"));
        }
        let keys = Keyset::newest_first("r.public_at", "r.id", 50_000);
        let limit = keys.finish(&mut sql, &mut binds, q.cursor.as_deref(), q.limit)?;
        let rows: Vec<PublicRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&self.pool)
            .await?;
        let items: Vec<PublicRelease> = rows.into_iter().map(PublicRelease::from).collect();
        Ok(cursor::page(items, limit, |r| {
            (r.public_at.unwrap_or(0), r.id.get())
        }))
    }

    /// Published releases whose id lies in block `block` of `size` ids
    /// (`block * size <= id < (block + 1) * size`), by id. Blocks keep a
    /// release in the same sitemap file for ever.
    pub async fn public_releases_in_block(
        &self,
        now: i64,
        block: i64,
        size: i64,
    ) -> Result<Vec<PublicRelease>, StoreError> {
        let rows: Vec<PublicRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code \
             LEFT JOIN releases o ON o.id = r.amplifies_id \
             WHERE r.state = 'released' AND r.public_at <= $1 AND r.id >= $2 AND r.id < $3 \
             ORDER BY r.id"
        )))
        .bind(now)
        .bind(block * size)
        .bind((block + 1) * size)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(PublicRelease::from).collect())
    }

    /// The id blocks (of `size`) holding at least one published release,
    /// with the newest publication or change in each.
    pub async fn public_release_blocks(
        &self,
        now: i64,
        size: i64,
    ) -> Result<Vec<SitemapBlock>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id / $2 AS block, MAX(CASE WHEN updated_at > public_at THEN updated_at \
             ELSE public_at END) AS lastmod FROM releases WHERE state = 'released' AND public_at <= $1 \
             GROUP BY id / $2 ORDER BY block",
        )
        .bind(now)
        .bind(size)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many units have published at least one release by `now`.
    pub async fn publishing_unit_count(&self, now: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT unit_code) FROM releases \
             WHERE state = 'released' AND public_at <= $1",
        )
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Units that have published by `now`, by code, `limit` from `offset`.
    pub async fn publishing_units(
        &self,
        now: i64,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<PublishingUnit>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.unit_code AS code, u.name AS name, MAX(CASE WHEN r.updated_at > r.public_at \
             THEN r.updated_at ELSE r.public_at END) AS lastmod \
             FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.state = 'released' AND r.public_at <= $1 \
             GROUP BY r.unit_code, u.name ORDER BY r.unit_code LIMIT $2 OFFSET $3",
        )
        .bind(now)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }
}
