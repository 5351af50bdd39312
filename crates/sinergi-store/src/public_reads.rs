//! Reads behind the public surfaces that are not pages: open data,
//! sitemaps, and the next moment a cached answer goes stale (the earliest
//! pending `public_at`).
//!
//! Every query here pre-filters with the public listing's condition
//! (`state = 'released' AND public_at <= now`) and returns the facts the
//! visibility rule needs, so the web layer still asks
//! `sinergi_domain::newsroom::release_access` for each row.

use serde::Serialize;
use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::ReleaseState;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::cursor::{self, Page};
use crate::scope_sql::{Bind, arg, bind_all};
use crate::{Store, StoreError};

/// A published release as open data and sitemaps describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicRelease {
    pub id: i64,
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
    pub amplifies_id: Option<i64>,
    /// The original's slug, for its address.
    pub amplifies_slug: Option<String>,
}

const COLUMNS: &str = "r.id, r.unit_code, u.name, r.slug, r.title, r.language, r.state, \
    r.public_at, r.embargo, r.withdrawn_at, r.updated_at, r.corrections, r.tags, \
    r.amplifies_id, o.slug";

fn public_release(r: &AnyRow) -> Result<PublicRelease, StoreError> {
    let state: String = r.try_get(6)?;
    let embargo: i64 = r.try_get(8)?;
    let tags: String = r.try_get(12)?;
    Ok(PublicRelease {
        id: r.try_get(0)?,
        unit_code: r.try_get(1)?,
        unit_name: r.try_get(2)?,
        slug: r.try_get(3)?,
        title: r.try_get(4)?,
        language: r.try_get(5)?,
        state: state.parse().map_err(StoreError::Corrupt)?,
        public_at: r.try_get(7)?,
        embargo: embargo != 0,
        withdrawn_at: r.try_get(9)?,
        updated_at: r.try_get(10)?,
        corrections: r.try_get(11)?,
        tags: crate::newsroom::split_tags(&tags),
        amplifies_id: r.try_get(13)?,
        amplifies_slug: r.try_get(14)?,
    })
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SitemapBlock {
    pub block: i64,
    pub lastmod: i64,
}

/// A unit that has published, with its newest publication or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        let next: Option<i64> = sqlx::query(
            "SELECT MIN(public_at) FROM releases WHERE public_at > $1 AND state = 'released'",
        )
        .bind(now)
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
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
        if let Some(c) = &q.cursor {
            let (at, id): (i64, i64) = cursor::decode(c)?;
            let at = arg(&mut binds, Bind::Int(at));
            let id = arg(&mut binds, Bind::Int(id));
            sql.push_str(&format!(
                " AND (r.public_at < {at} OR (r.public_at = {at} AND r.id < {id}))"
            ));
        }
        let limit = q.limit.clamp(1, 50_000);
        let p = arg(&mut binds, Bind::Int(limit + 1));
        sql.push_str(&format!(" ORDER BY r.public_at DESC, r.id DESC LIMIT {p}"));
        let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .fetch_all(&self.pool)
            .await?;
        let mut items = rows
            .iter()
            .map(public_release)
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items
                .last()
                .map(|r| cursor::encode(&(r.public_at.unwrap_or(0), r.id)))
        } else {
            None
        };
        Ok(Page { items, next_cursor })
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
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
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
        rows.iter().map(public_release).collect()
    }

    /// The id blocks (of `size`) holding at least one published release,
    /// with the newest publication or change in each.
    pub async fn public_release_blocks(
        &self,
        now: i64,
        size: i64,
    ) -> Result<Vec<SitemapBlock>, StoreError> {
        let rows = sqlx::query(
            "SELECT id / $2 AS block, MAX(CASE WHEN updated_at > public_at THEN updated_at \
             ELSE public_at END) FROM releases WHERE state = 'released' AND public_at <= $1 \
             GROUP BY id / $2 ORDER BY block",
        )
        .bind(now)
        .bind(size)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SitemapBlock {
                    block: r.try_get(0)?,
                    lastmod: r.try_get(1)?,
                })
            })
            .collect()
    }

    /// How many units have published at least one release by `now`.
    pub async fn publishing_unit_count(&self, now: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "SELECT COUNT(DISTINCT unit_code) FROM releases \
             WHERE state = 'released' AND public_at <= $1",
        )
        .bind(now)
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?)
    }

    /// Units that have published by `now`, by code, `limit` from `offset`.
    pub async fn publishing_units(
        &self,
        now: i64,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<PublishingUnit>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.unit_code, u.name, MAX(CASE WHEN r.updated_at > r.public_at \
             THEN r.updated_at ELSE r.public_at END) \
             FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.state = 'released' AND r.public_at <= $1 \
             GROUP BY r.unit_code, u.name ORDER BY r.unit_code LIMIT $2 OFFSET $3",
        )
        .bind(now)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishingUnit {
                    code: r.try_get(0)?,
                    name: r.try_get(1)?,
                    lastmod: r.try_get(2)?,
                })
            })
            .collect()
    }
}
