//! Reading releases: one release with its history, listings, and the
//! counts behind the "what needs doing" panel.

use serde::Serialize;
use sinergi_domain::access::Scope;
use sinergi_domain::newsroom::ReleaseState;
use sinergi_domain::{ItemId, ReleaseId, UnitCode};

use super::releases::{RELEASE_COLUMNS, ReleaseRecord, ReleaseRow};
use crate::cursor::{self, Keyset, Page};
use crate::scope_sql::{Bind, arg, arguments, scope_condition};
use crate::{Store, StoreError};

/// A release in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseBrief {
    pub id: ReleaseId,
    pub unit_code: String,
    pub unit_name: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub state: ReleaseState,
    pub public_at: Option<i64>,
    pub embargo: bool,
    pub updated_at: i64,
    pub amplifies_id: Option<ReleaseId>,
    pub corrections: i64,
    pub version: i64,
    pub tags: Vec<String>,
    /// Given at first release (see [`super::PressNumber`]); none before,
    /// nor for an amplification.
    pub press_number: Option<super::PressNumber>,
}

/// Named as [`BriefRow`]'s fields.
const BRIEF_COLUMNS: &str = "r.id, r.unit_code, u.name AS unit_name, r.slug, r.title, r.lead, \
    r.state, r.public_at, r.embargo, r.updated_at, r.amplifies_id, r.corrections, r.version, r.tags, \
    r.press_number, r.press_year";

/// A release as [`BRIEF_COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
struct BriefRow {
    id: i64,
    unit_code: String,
    unit_name: String,
    slug: String,
    title: String,
    lead: String,
    #[sqlx(try_from = "String")]
    state: ReleaseState,
    public_at: Option<i64>,
    /// 0 or 1.
    embargo: i64,
    updated_at: i64,
    amplifies_id: Option<i64>,
    corrections: i64,
    version: i64,
    /// Comma-separated.
    tags: String,
    press_number: Option<i64>,
    press_year: Option<i64>,
}

impl From<BriefRow> for ReleaseBrief {
    fn from(r: BriefRow) -> ReleaseBrief {
        ReleaseBrief {
            id: ReleaseId::new(r.id),
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            slug: r.slug,
            title: r.title,
            lead: r.lead,
            state: r.state,
            public_at: r.public_at,
            embargo: r.embargo != 0,
            updated_at: r.updated_at,
            amplifies_id: r.amplifies_id.map(ReleaseId::new),
            corrections: r.corrections,
            version: r.version,
            tags: crate::scope_sql::split_joined(&r.tags),
            press_number: match (r.press_number, r.press_year) {
                (Some(number), Some(year)) => Some(super::PressNumber { number, year }),
                _ => None,
            },
        }
    }
}

/// A revision as `release_revisions` keeps it.
#[derive(sqlx::FromRow)]
struct RevisionRow {
    version: i64,
    title: String,
    lead: String,
    body_md: String,
    /// Comma-separated.
    tags: String,
    author: Option<String>,
    created_at: i64,
}

impl From<RevisionRow> for Revision {
    fn from(r: RevisionRow) -> Revision {
        Revision {
            version: r.version,
            title: r.title,
            lead: r.lead,
            body_md: r.body_md,
            tags: crate::scope_sql::split_joined(&r.tags),
            author: r.author,
            created_at: r.created_at,
        }
    }
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Comment {
    pub id: i64,
    pub version: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ReleaseEvent {
    pub at: i64,
    pub actor: Option<String>,
    pub op: String,
    #[sqlx(try_from = "String")]
    pub from_state: ReleaseState,
    #[sqlx(try_from = "String")]
    pub to_state: ReleaseState,
    pub version: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Amplification {
    #[sqlx(try_from = "i64")]
    pub id: ReleaseId,
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
    pub async fn release(&self, id: ReleaseId) -> Result<Option<ReleaseRecord>, StoreError> {
        let row: Option<ReleaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {RELEASE_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code WHERE r.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(ReleaseRecord::from))
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
        let keys = Keyset::newest_first(sort, "r.id", 200);
        let limit = keys.finish(&mut sql, &mut binds, q.cursor.as_deref(), q.limit)?;
        let rows: Vec<BriefRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&self.pool)
            .await?;
        let items: Vec<ReleaseBrief> = rows.into_iter().map(ReleaseBrief::from).collect();
        let public = q.public_by.is_some();
        Ok(cursor::page(items, limit, |r| {
            let key = if public {
                r.public_at.unwrap_or(0)
            } else {
                r.updated_at
            };
            (key, r.id.get())
        }))
    }

    pub async fn release_item_ids(&self, id: ReleaseId) -> Result<Vec<ItemId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT item_id FROM release_items WHERE release_id = $1 ORDER BY item_id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(ItemId::new).collect())
    }

    /// Releases (any state) that report an item.
    pub async fn releases_reporting(
        &self,
        item_id: ItemId,
    ) -> Result<Vec<ReleaseBrief>, StoreError> {
        let rows: Vec<BriefRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {BRIEF_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code \
             JOIN release_items ri ON ri.release_id = r.id WHERE ri.item_id = $1 \
             ORDER BY r.public_at, r.id"
        )))
        .bind(item_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ReleaseBrief::from).collect())
    }

    pub async fn release_revisions(&self, id: ReleaseId) -> Result<Vec<Revision>, StoreError> {
        let rows: Vec<RevisionRow> = sqlx::query_as(
            "SELECT v.version, v.title, v.lead, v.body_md, v.tags, us.name AS author, v.created_at \
             FROM release_revisions v LEFT JOIN users us ON us.id = v.author_id \
             WHERE v.release_id = $1 ORDER BY v.version",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Revision::from).collect())
    }

    pub async fn release_comments(&self, id: ReleaseId) -> Result<Vec<Comment>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.version, us.name AS author, c.body, c.created_at FROM release_comments c \
             LEFT JOIN users us ON us.id = c.author_id WHERE c.release_id = $1 ORDER BY c.id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn release_events(&self, id: ReleaseId) -> Result<Vec<ReleaseEvent>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT e.at, us.name AS actor, e.op, e.from_state, e.to_state, e.version, e.note \
             FROM release_events e LEFT JOIN users us ON us.id = e.actor_id \
             WHERE e.release_id = $1 ORDER BY e.id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Released amplifications of a release.
    pub async fn amplifications_of(&self, id: ReleaseId) -> Result<Vec<Amplification>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.unit_code, u.name AS unit_name, r.public_at FROM releases r \
             JOIN units u ON u.code = r.unit_code \
             WHERE r.amplifies_id = $1 AND r.state = 'released' ORDER BY r.public_at, r.id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?)
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
        // Sums are NULL when no release matches.
        let (drafts, in_review, approved, lifting_soon): (
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        ) = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_one(&self.pool)
            .await?;
        let mut counts = WorkCounts {
            drafts: drafts.unwrap_or(0),
            in_review: in_review.unwrap_or(0),
            approved: approved.unwrap_or(0),
            lifting_soon: lifting_soon.unwrap_or(0),
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
        counts.unpublished_items =
            sqlx::query_scalar_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_one(&self.pool)
                .await?;
        Ok(counts)
    }
}

impl Store {
    /// Every release with an id above `after_id`, by id, for rebuilding
    /// projections such as the search index.
    pub async fn releases_after(
        &self,
        after_id: ReleaseId,
        limit: i64,
    ) -> Result<Vec<ReleaseRecord>, StoreError> {
        let rows: Vec<ReleaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {RELEASE_COLUMNS} FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.id > $1 ORDER BY r.id LIMIT $2"
        )))
        .bind(after_id.get())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ReleaseRecord::from).collect())
    }

    pub async fn release_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM releases")
            .fetch_one(&self.pool)
            .await?)
    }
}
