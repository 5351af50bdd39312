//! Reading releases: one release with its history, listings, and the
//! counts behind the "what needs doing" panel.

use serde::Serialize;
use sinergi_domain::UnitCode;
use sinergi_domain::access::Scope;
use sinergi_domain::newsroom::ReleaseState;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::releases::{RELEASE_COLUMNS, ReleaseRecord, release};
use crate::cursor::{self, Page};
use crate::scope_sql::{Bind, arg, bind_all, scope_condition};
use crate::{Store, StoreError};

/// A release in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseBrief {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub state: ReleaseState,
    pub public_at: Option<i64>,
    pub embargo: bool,
    pub updated_at: i64,
    pub amplifies_id: Option<i64>,
    pub corrections: i64,
    pub version: i64,
    pub tags: Vec<String>,
}

const BRIEF_COLUMNS: &str = "r.id, r.unit_code, u.name, r.slug, r.title, r.lead, r.state, \
    r.public_at, r.embargo, r.updated_at, r.amplifies_id, r.corrections, r.version, r.tags";

fn brief(r: &AnyRow) -> Result<ReleaseBrief, StoreError> {
    let state: String = r.try_get(6)?;
    let embargo: i64 = r.try_get(8)?;
    let tags: String = r.try_get(13)?;
    Ok(ReleaseBrief {
        id: r.try_get(0)?,
        unit_code: r.try_get(1)?,
        unit_name: r.try_get(2)?,
        slug: r.try_get(3)?,
        title: r.try_get(4)?,
        lead: r.try_get(5)?,
        state: state.parse().map_err(StoreError::Corrupt)?,
        public_at: r.try_get(7)?,
        embargo: embargo != 0,
        updated_at: r.try_get(9)?,
        amplifies_id: r.try_get(10)?,
        corrections: r.try_get(11)?,
        version: r.try_get(12)?,
        tags: super::split_tags(&tags),
    })
}

/// A listing of releases.
#[derive(Debug, Clone, Default)]
pub struct ReleaseQuery {
    pub unit: Option<UnitCode>,
    pub with_subtree: bool,
    /// Internal listings: these states (all when empty), newest change first.
    pub states: Vec<ReleaseState>,
    /// `Some(now)`: the public listing instead, released and public by
    /// `now`, newest publication first.
    pub public_by: Option<i64>,
    pub tag: Option<String>,
    pub limit: i64,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub version: i64,
    pub title: String,
    pub lead: String,
    pub body_md: String,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: i64,
    pub version: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseEvent {
    pub at: i64,
    pub actor: Option<String>,
    pub op: String,
    pub from_state: ReleaseState,
    pub to_state: ReleaseState,
    pub version: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amplification {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub public_at: Option<i64>,
}

/// What waits for people with a given scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct WorkCounts {
    pub drafts: i64,
    pub in_review: i64,
    pub approved: i64,
    /// Released, not yet public, public within the window asked for.
    pub lifting_soon: i64,
    /// Items in the publication gap.
    pub unpublished_items: i64,
}

impl Store {
    pub async fn release(&self, id: i64) -> Result<Option<ReleaseRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {RELEASE_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code WHERE r.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(release).transpose()
    }

    pub async fn releases(&self, q: &ReleaseQuery) -> Result<Page<ReleaseBrief>, StoreError> {
        let mut sql = format!(
            "SELECT {BRIEF_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code WHERE 1 = 1"
        );
        let mut binds = Vec::new();
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
        let sort = if let Some(now) = q.public_by {
            let p = arg(&mut binds, Bind::Int(now));
            sql.push_str(&format!(" AND r.state = 'released' AND r.public_at <= {p}"));
            "r.public_at"
        } else {
            if !q.states.is_empty() {
                let ps: Vec<String> = q
                    .states
                    .iter()
                    .map(|s| arg(&mut binds, Bind::Text(s.as_str().to_owned())))
                    .collect();
                sql.push_str(&format!(" AND r.state IN ({})", ps.join(", ")));
            }
            "r.updated_at"
        };
        if let Some(tag) = &q.tag {
            let p = arg(&mut binds, Bind::Text(tag.clone()));
            sql.push_str(&format!(
                " AND r.id IN (SELECT release_id FROM release_tags WHERE tag = {p})"
            ));
        }
        if let Some(c) = &q.cursor {
            let (at, id): (i64, i64) = cursor::decode(c)?;
            let at = arg(&mut binds, Bind::Int(at));
            let id = arg(&mut binds, Bind::Int(id));
            sql.push_str(&format!(
                " AND ({sort} < {at} OR ({sort} = {at} AND r.id < {id}))"
            ));
        }
        let limit = q.limit.clamp(1, 200);
        let p = arg(&mut binds, Bind::Int(limit + 1));
        sql.push_str(&format!(" ORDER BY {sort} DESC, r.id DESC LIMIT {p}"));
        let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .fetch_all(&self.pool)
            .await?;
        let mut items = rows.iter().map(brief).collect::<Result<Vec<_>, _>>()?;
        let public = q.public_by.is_some();
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|r| {
                let key = if public {
                    r.public_at.unwrap_or(0)
                } else {
                    r.updated_at
                };
                cursor::encode(&(key, r.id))
            })
        } else {
            None
        };
        Ok(Page { items, next_cursor })
    }

    pub async fn release_item_ids(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        let rows =
            sqlx::query("SELECT item_id FROM release_items WHERE release_id = $1 ORDER BY item_id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Releases (any state) that report an item.
    pub async fn releases_reporting(&self, item_id: i64) -> Result<Vec<ReleaseBrief>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {BRIEF_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code \
             JOIN release_items ri ON ri.release_id = r.id WHERE ri.item_id = $1 \
             ORDER BY r.public_at, r.id"
        )))
        .bind(item_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(brief).collect()
    }

    pub async fn release_revisions(&self, id: i64) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.version, v.title, v.lead, v.body_md, v.tags, us.name, v.created_at \
             FROM release_revisions v LEFT JOIN users us ON us.id = v.author_id \
             WHERE v.release_id = $1 ORDER BY v.version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let tags: String = r.try_get(4)?;
                Ok(Revision {
                    version: r.try_get(0)?,
                    title: r.try_get(1)?,
                    lead: r.try_get(2)?,
                    body_md: r.try_get(3)?,
                    tags: super::split_tags(&tags),
                    author: r.try_get(5)?,
                    created_at: r.try_get(6)?,
                })
            })
            .collect()
    }

    pub async fn release_comments(&self, id: i64) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.version, us.name, c.body, c.created_at FROM release_comments c \
             LEFT JOIN users us ON us.id = c.author_id WHERE c.release_id = $1 ORDER BY c.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Comment {
                    id: r.try_get(0)?,
                    version: r.try_get(1)?,
                    author: r.try_get(2)?,
                    body: r.try_get(3)?,
                    created_at: r.try_get(4)?,
                })
            })
            .collect()
    }

    pub async fn release_events(&self, id: i64) -> Result<Vec<ReleaseEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.at, us.name, e.op, e.from_state, e.to_state, e.version, e.note \
             FROM release_events e LEFT JOIN users us ON us.id = e.actor_id \
             WHERE e.release_id = $1 ORDER BY e.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReleaseEvent {
                    at: r.try_get(0)?,
                    actor: r.try_get(1)?,
                    op: r.try_get(2)?,
                    from_state: state_of(r.try_get(3)?)?,
                    to_state: state_of(r.try_get(4)?)?,
                    version: r.try_get(5)?,
                    note: r.try_get(6)?,
                })
            })
            .collect()
    }

    /// Released amplifications of a release.
    pub async fn amplifications_of(&self, id: i64) -> Result<Vec<Amplification>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.unit_code, u.name, r.public_at FROM releases r \
             JOIN units u ON u.code = r.unit_code \
             WHERE r.amplifies_id = $1 AND r.state = 'released' ORDER BY r.public_at, r.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Amplification {
                    id: r.try_get(0)?,
                    unit_code: r.try_get(1)?,
                    unit_name: r.try_get(2)?,
                    public_at: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// Counts for the "what needs doing" panel over the units of `scope`:
    /// releases by state, embargoes and schedules lifting before
    /// `soon`, and items unpublished since before `gap_cutoff`.
    pub async fn work_counts(
        &self,
        scope: &Scope,
        now: i64,
        soon: i64,
        gap_cutoff: i64,
    ) -> Result<WorkCounts, StoreError> {
        let mut binds = Vec::new();
        let cond = scope_condition("r.unit_code", scope, &mut binds);
        let now_p = arg(&mut binds, Bind::Int(now));
        let soon_p = arg(&mut binds, Bind::Int(soon));
        let sql = format!(
            "SELECT \
               SUM(CASE WHEN r.state = 'draft' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN r.state = 'in_review' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN r.state = 'approved' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN r.state = 'released' AND r.public_at > {now_p} AND r.public_at <= {soon_p} THEN 1 ELSE 0 END) \
             FROM releases r WHERE {cond} AND r.state IN ('draft', 'in_review', 'approved', 'released')"
        );
        let row = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .fetch_one(&self.pool)
            .await?;
        let get = |i: usize| -> Result<i64, StoreError> {
            Ok(row.try_get::<Option<i64>, _>(i)?.unwrap_or(0))
        };
        let mut counts = WorkCounts {
            drafts: get(0)?,
            in_review: get(1)?,
            approved: get(2)?,
            lifting_soon: get(3)?,
            unpublished_items: 0,
        };
        let mut binds = Vec::new();
        let cond = scope_condition("i.unit_code", scope, &mut binds);
        let now_p = arg(&mut binds, Bind::Int(now));
        let cutoff_p = arg(&mut binds, Bind::Int(gap_cutoff));
        let sql = format!(
            "SELECT COUNT(*) FROM register_items i WHERE {cond} AND i.removed_at IS NULL \
             AND (i.first_public_at IS NULL OR i.first_public_at > {now_p}) AND i.created_at <= {cutoff_p}"
        );
        counts.unpublished_items = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok(counts)
    }
}

impl Store {
    /// Every release with an id above `after_id`, by id, for rebuilding
    /// projections such as the search index.
    pub async fn releases_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<ReleaseRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {RELEASE_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.id > $1 ORDER BY r.id LIMIT $2"
        )))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(release).collect()
    }

    pub async fn release_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM releases")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }
}

/// A stored workflow state, parsed at the seam.
fn state_of(stored: String) -> Result<ReleaseState, StoreError> {
    stored.parse().map_err(StoreError::Corrupt)
}
