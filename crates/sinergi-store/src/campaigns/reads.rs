//! What the dashboard, the tree, the lists and the panels read. Figures
//! come from the small tables the projection keeps (`campaign_levels`,
//! `campaign_daily`), never from counting the targets.

use serde::Serialize;
use sinergi_domain::campaign::{Status, UnitCounters};
use sinergi_domain::{Level, ReleaseId, UnitCode};

use crate::rows::unit_code;
use crate::{Store, StoreError};

/// Targets, adoptions and cascades at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LevelFigures {
    #[sqlx(rename = "level_rank", try_from = "i64")]
    pub level: Level,
    pub targets: i64,
    /// Adopted, cascaded ones included.
    pub adopted: i64,
    pub cascaded: i64,
}

/// Targets of one level that first adopted on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DailyAdoptions {
    #[sqlx(rename = "level_rank", try_from = "i64")]
    pub level: Level,
    /// Days since 1970-01-01 in Western Indonesian time.
    pub day: i64,
    pub adopted: i64,
}

/// A target with its status, for the tree and the per-unit status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetRow {
    pub unit_code: UnitCode,
    pub name: String,
    pub level: Level,
    /// The nearest targeted ancestor.
    pub parent_code: Option<String>,
    pub status: Status,
    pub adopted_at: Option<i64>,
    pub first_release_id: Option<ReleaseId>,
    pub counters: UnitCounters,
}

/// A target that has not adopted, with its supervisor (the unit above it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct NotStartedUnit {
    #[sqlx(try_from = "String")]
    pub unit_code: UnitCode,
    pub name: String,
    #[sqlx(rename = "level_rank", try_from = "i64")]
    pub level: Level,
    pub supervisor_code: Option<String>,
    pub supervisor_name: Option<String>,
}

/// Which not-started targets a list shows, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotStartedFilter {
    /// Only targets of this level.
    pub level: Option<Level>,
    /// Only this unit and the targets below it (a province, say).
    pub within: Option<UnitCode>,
    pub sort: NotStartedSort,
}

/// The order of a not-started list; the unit code breaks every tie.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NotStartedSort {
    /// By level, then code (which groups a province's units together).
    #[default]
    Level,
    /// By the unit's name.
    Name,
    /// By the supervisor's name, then the unit's.
    Supervisor,
}

impl NotStartedSort {
    pub const ALL: [NotStartedSort; 3] = [
        NotStartedSort::Level,
        NotStartedSort::Name,
        NotStartedSort::Supervisor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotStartedSort::Level => "level",
            NotStartedSort::Name => "name",
            NotStartedSort::Supervisor => "supervisor",
        }
    }

    pub fn parse(s: &str) -> Option<NotStartedSort> {
        NotStartedSort::ALL.into_iter().find(|o| o.as_str() == s)
    }

    fn order_by(self) -> &'static str {
        match self {
            NotStartedSort::Level => "cu.level_rank, cu.unit_code",
            NotStartedSort::Name => "u.name, cu.unit_code",
            NotStartedSort::Supervisor => "p.name, u.name, cu.unit_code",
        }
    }
}

impl NotStartedFilter {
    /// The `WHERE` conditions after the campaign's, with their text binds
    /// (numbered from `$2`).
    fn conditions(&self) -> (String, Vec<String>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        if let Some(l) = self.level {
            // A level's rank is a small constant of the code, never input.
            sql.push_str(&format!(" AND cu.level_rank = {}", l.rank()));
        }
        if let Some(w) = &self.within {
            let (lo, hi) = w.descendant_range();
            let n = binds.len() + 2;
            sql.push_str(&format!(
                " AND (cu.unit_code = ${n} OR (cu.unit_code > ${} AND cu.unit_code < ${}))",
                n + 1,
                n + 2
            ));
            binds.extend([w.to_string(), lo, hi]);
        }
        (sql, binds)
    }
}

const NOT_STARTED_FROM: &str = "FROM campaign_units cu JOIN units u ON u.code = cu.unit_code \
     LEFT JOIN units p ON p.code = u.parent_code \
     WHERE cu.campaign_id = $1 AND cu.adopted_at IS NULL";

/// A public release of a target that counts for the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AdoptedRelease {
    #[sqlx(try_from = "i64")]
    pub release_id: ReleaseId,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub unit_code: String,
    pub unit_name: String,
    pub public_at: i64,
}

/// A campaign that targets a unit, as the unit's panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct UnitCampaign {
    pub campaign_id: i64,
    pub title: String,
    pub tag: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub adopted_at: Option<i64>,
}

/// Named as [`TargetStatusRow`]'s fields.
const TARGET_COLUMNS: &str = "cu.unit_code, u.name, cu.level_rank, cu.parent_code, cu.adopted_at, \
    cu.first_release_id, cu.cascaded, cu.targets_below, cu.adopted_below";

/// A target as [`TARGET_COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
struct TargetStatusRow {
    #[sqlx(try_from = "String")]
    unit_code: UnitCode,
    name: String,
    #[sqlx(try_from = "i64")]
    level_rank: Level,
    parent_code: Option<String>,
    adopted_at: Option<i64>,
    first_release_id: Option<i64>,
    /// 0 or 1.
    cascaded: i64,
    targets_below: i64,
    adopted_below: i64,
}

impl From<TargetStatusRow> for TargetRow {
    fn from(r: TargetStatusRow) -> TargetRow {
        TargetRow {
            unit_code: r.unit_code,
            name: r.name,
            level: r.level_rank,
            parent_code: r.parent_code,
            status: match (r.adopted_at.is_some(), r.cascaded != 0) {
                (false, _) => Status::NotStarted,
                (true, false) => Status::Adopted,
                (true, true) => Status::Cascaded,
            },
            adopted_at: r.adopted_at,
            first_release_id: r.first_release_id.map(ReleaseId::new),
            counters: UnitCounters {
                targets_below: r.targets_below,
                adopted_below: r.adopted_below,
            },
        }
    }
}

impl Store {
    pub async fn campaign_level_figures(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<LevelFigures>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT level_rank, targets, adopted, cascaded FROM campaign_levels \
             WHERE campaign_id = $1 ORDER BY level_rank",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// First adoptions per day and level, oldest first (days without any
    /// are left out).
    pub async fn campaign_daily_adoptions(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<DailyAdoptions>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT level_rank, day, adopted FROM campaign_daily \
             WHERE campaign_id = $1 AND adopted <> 0 ORDER BY day, level_rank",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The targets directly below `parent` in the campaign's tree (the top
    /// of the tree for `None`), by code.
    pub async fn campaign_children(
        &self,
        campaign_id: i64,
        parent: Option<&UnitCode>,
    ) -> Result<Vec<TargetRow>, StoreError> {
        let sql = format!(
            "SELECT {TARGET_COLUMNS} FROM campaign_units cu JOIN units u ON u.code = cu.unit_code \
             WHERE cu.campaign_id = $1 AND {} ORDER BY cu.unit_code",
            if parent.is_some() {
                "cu.parent_code = $2"
            } else {
                "cu.parent_code IS NULL"
            }
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(campaign_id);
        if let Some(p) = parent {
            q = q.bind(p.to_string());
        }
        let rows: Vec<TargetStatusRow> = q.fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(TargetRow::from).collect())
    }

    /// One target's row; `None` when the unit is not a target.
    pub async fn campaign_target(
        &self,
        campaign_id: i64,
        unit: &UnitCode,
    ) -> Result<Option<TargetRow>, StoreError> {
        let row: Option<TargetStatusRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TARGET_COLUMNS} FROM campaign_units cu JOIN units u ON u.code = cu.unit_code \
             WHERE cu.campaign_id = $1 AND cu.unit_code = $2"
        )))
        .bind(campaign_id)
        .bind(unit.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(TargetRow::from))
    }

    /// Targets that have not adopted, by level then code, after the
    /// `(level, code)` cursor, optionally of one level.
    pub async fn campaign_not_started(
        &self,
        campaign_id: i64,
        level: Option<Level>,
        after: Option<(Level, &UnitCode)>,
        limit: i64,
    ) -> Result<Vec<NotStartedUnit>, StoreError> {
        let mut sql = "SELECT cu.unit_code, u.name AS name, cu.level_rank, \
             u.parent_code AS supervisor_code, p.name AS supervisor_name \
             FROM campaign_units cu JOIN units u ON u.code = cu.unit_code \
             LEFT JOIN units p ON p.code = u.parent_code \
             WHERE cu.campaign_id = $1 AND cu.adopted_at IS NULL"
            .to_owned();
        let mut ints = vec![campaign_id];
        let mut texts = Vec::new();
        let mut n = 1;
        if let Some(l) = level {
            n += 1;
            sql.push_str(&format!(" AND cu.level_rank = ${n}"));
            ints.push(l.rank());
        }
        if let Some((l, code)) = after {
            n += 1;
            let r = n;
            n += 1;
            sql.push_str(&format!(
                " AND (cu.level_rank > ${r} OR (cu.level_rank = ${r} AND cu.unit_code > ${n}))"
            ));
            ints.push(l.rank());
            texts.push(code.to_string());
        }
        n += 1;
        sql.push_str(&format!(" ORDER BY cu.level_rank, cu.unit_code LIMIT ${n}"));
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for i in ints {
            q = q.bind(i);
        }
        for t in texts {
            q = q.bind(t);
        }
        q = q.bind(limit);
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// The not-started targets `filter` selects, in its order, `limit`
    /// rows from `offset` (`limit` None: all of them, for an export).
    pub async fn campaign_not_started_filtered(
        &self,
        campaign_id: i64,
        filter: &NotStartedFilter,
        offset: i64,
        limit: Option<i64>,
    ) -> Result<Vec<NotStartedUnit>, StoreError> {
        let (conditions, binds) = filter.conditions();
        let n = binds.len() + 2;
        let page = match limit {
            Some(_) => format!(" LIMIT ${n} OFFSET ${}", n + 1),
            None => String::new(),
        };
        let sql = format!(
            "SELECT cu.unit_code, u.name AS name, cu.level_rank, \
             u.parent_code AS supervisor_code, p.name AS supervisor_name \
             {NOT_STARTED_FROM}{conditions} ORDER BY {}{page}",
            filter.sort.order_by()
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(campaign_id);
        for b in binds {
            q = q.bind(b);
        }
        if let Some(limit) = limit {
            q = q.bind(limit).bind(offset.max(0));
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// How many not-started targets `filter` selects.
    pub async fn campaign_not_started_count(
        &self,
        campaign_id: i64,
        filter: &NotStartedFilter,
    ) -> Result<i64, StoreError> {
        let (conditions, binds) = filter.conditions();
        let sql = format!("SELECT COUNT(*) {NOT_STARTED_FROM}{conditions}");
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(campaign_id);
        for b in binds {
            q = q.bind(b);
        }
        Ok(q.fetch_one(&self.pool).await?)
    }

    /// Public releases of targets that count for the campaign, newest
    /// first, before the `(public_at, release_id)` cursor.
    pub async fn campaign_adopted_releases(
        &self,
        campaign_id: i64,
        now: i64,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<AdoptedRelease>, StoreError> {
        let cursor = if before.is_some() {
            " AND (a.public_at < $4 OR (a.public_at = $4 AND a.release_id < $5))"
        } else {
            ""
        };
        let sql = format!(
            "SELECT a.release_id, r.slug, r.title, r.lead, a.unit_code, u.name AS unit_name, a.public_at \
             FROM campaign_adoptions a \
             JOIN campaign_units cu ON cu.campaign_id = a.campaign_id AND cu.unit_code = a.unit_code \
             JOIN releases r ON r.id = a.release_id JOIN units u ON u.code = a.unit_code \
             WHERE a.campaign_id = $1 AND r.state = 'released' AND r.public_at <= $2{cursor} \
             ORDER BY a.public_at DESC, a.release_id DESC LIMIT $3"
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(campaign_id)
            .bind(now)
            .bind(limit);
        if let Some((at, id)) = before {
            q = q.bind(at).bind(id);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// Campaigns running at `now` that target `unit`.
    pub async fn campaigns_targeting(
        &self,
        unit: &UnitCode,
        now: i64,
    ) -> Result<Vec<UnitCampaign>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT c.id AS campaign_id, c.title, c.tag, c.starts_at, c.ends_at, cu.adopted_at \
             FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id \
             WHERE cu.unit_code = $1 AND c.starts_at <= $2 AND c.ends_at >= $2 \
             ORDER BY c.ends_at, c.id",
        )
        .bind(unit.to_string())
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The adoption history of a campaign (optionally of one unit), oldest
    /// first: `(at, op, unit, release, note)`.
    pub async fn campaign_history(
        &self,
        campaign_id: i64,
        unit: Option<&UnitCode>,
    ) -> Result<Vec<(i64, String, Option<String>, Option<i64>, String)>, StoreError> {
        let sql = format!(
            "SELECT at, op, unit_code, release_id, note FROM campaign_events \
             WHERE campaign_id = $1{} ORDER BY id",
            if unit.is_some() {
                " AND unit_code = $2"
            } else {
                ""
            }
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(campaign_id);
        if let Some(u) = unit {
            q = q.bind(u.to_string());
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// Every unit not retired in `root`'s subtree (itself included), with
    /// its name, by code: for seeding example campaigns and benchmarks.
    pub async fn units_in_subtree(
        &self,
        root: &UnitCode,
    ) -> Result<Vec<(UnitCode, String)>, StoreError> {
        let (lo, hi) = root.descendant_range();
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT code, name FROM units WHERE retired_at IS NULL \
             AND (code = $1 OR (code > $2 AND code < $3)) ORDER BY code",
        )
        .bind(root.to_string())
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(code, name)| Ok((unit_code(&code)?, name)))
            .collect()
    }
}
