//! What the dashboard, the tree, the lists and the panels read. Figures
//! come from the small tables the projection keeps (`campaign_levels`,
//! `campaign_daily`), never from counting the targets.

use serde::Serialize;
use sinergi_domain::campaign::{Status, UnitCounters};
use sinergi_domain::{Level, UnitCode};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError};

/// Targets, adoptions and cascades at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelFigures {
    pub level: Level,
    pub targets: i64,
    /// Adopted, cascaded ones included.
    pub adopted: i64,
    pub cascaded: i64,
}

/// Targets of one level that first adopted on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DailyAdoptions {
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
    pub first_release_id: Option<i64>,
    pub counters: UnitCounters,
}

/// A target that has not adopted, with its supervisor (the unit above it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotStartedUnit {
    pub unit_code: UnitCode,
    pub name: String,
    pub level: Level,
    pub supervisor_code: Option<String>,
    pub supervisor_name: Option<String>,
}

/// A public release of a target that counts for the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdoptedRelease {
    pub release_id: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub unit_code: String,
    pub unit_name: String,
    pub public_at: i64,
}

/// A campaign that targets a unit, as the unit's panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitCampaign {
    pub campaign_id: i64,
    pub title: String,
    pub tag: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub adopted_at: Option<i64>,
}

fn level_of(rank: i64) -> Result<Level, StoreError> {
    Level::ALL
        .into_iter()
        .find(|l| l.rank() == rank)
        .ok_or_else(|| StoreError::Corrupt(format!("level rank {rank}")))
}

const TARGET_COLUMNS: &str = "cu.unit_code, u.name, cu.level_rank, cu.parent_code, cu.adopted_at, \
    cu.first_release_id, cu.cascaded, cu.targets_below, cu.adopted_below";

fn target(r: &AnyRow) -> Result<TargetRow, StoreError> {
    let code: String = r.try_get(0)?;
    let adopted_at: Option<i64> = r.try_get(4)?;
    let cascaded: i64 = r.try_get(6)?;
    Ok(TargetRow {
        unit_code: UnitCode::parse(&code).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name: r.try_get(1)?,
        level: level_of(r.try_get(2)?)?,
        parent_code: r.try_get(3)?,
        status: match (adopted_at.is_some(), cascaded != 0) {
            (false, _) => Status::NotStarted,
            (true, false) => Status::Adopted,
            (true, true) => Status::Cascaded,
        },
        adopted_at,
        first_release_id: r.try_get(5)?,
        counters: UnitCounters {
            targets_below: r.try_get(7)?,
            adopted_below: r.try_get(8)?,
        },
    })
}

impl Store {
    pub async fn campaign_level_figures(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<LevelFigures>, StoreError> {
        let rows = sqlx::query(
            "SELECT level_rank, targets, adopted, cascaded FROM campaign_levels \
             WHERE campaign_id = $1 ORDER BY level_rank",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LevelFigures {
                    level: level_of(r.try_get(0)?)?,
                    targets: r.try_get(1)?,
                    adopted: r.try_get(2)?,
                    cascaded: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// First adoptions per day and level, oldest first (days without any
    /// are left out).
    pub async fn campaign_daily_adoptions(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<DailyAdoptions>, StoreError> {
        let rows = sqlx::query(
            "SELECT level_rank, day, adopted FROM campaign_daily \
             WHERE campaign_id = $1 AND adopted <> 0 ORDER BY day, level_rank",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DailyAdoptions {
                    level: level_of(r.try_get(0)?)?,
                    day: r.try_get(1)?,
                    adopted: r.try_get(2)?,
                })
            })
            .collect()
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
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(campaign_id);
        if let Some(p) = parent {
            q = q.bind(p.to_string());
        }
        q.fetch_all(&self.pool).await?.iter().map(target).collect()
    }

    /// One target's row; `None` when the unit is not a target.
    pub async fn campaign_target(
        &self,
        campaign_id: i64,
        unit: &UnitCode,
    ) -> Result<Option<TargetRow>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TARGET_COLUMNS} FROM campaign_units cu JOIN units u ON u.code = cu.unit_code \
             WHERE cu.campaign_id = $1 AND cu.unit_code = $2"
        )))
        .bind(campaign_id)
        .bind(unit.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(target).transpose()
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
        let mut sql = "SELECT cu.unit_code, u.name, cu.level_rank, u.parent_code, p.name \
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
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for i in ints {
            q = q.bind(i);
        }
        for t in texts {
            q = q.bind(t);
        }
        q = q.bind(limit);
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get(0)?;
                Ok(NotStartedUnit {
                    unit_code: UnitCode::parse(&code)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    name: r.try_get(1)?,
                    level: level_of(r.try_get(2)?)?,
                    supervisor_code: r.try_get(3)?,
                    supervisor_name: r.try_get(4)?,
                })
            })
            .collect()
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
            "SELECT a.release_id, r.slug, r.title, r.lead, a.unit_code, u.name, a.public_at \
             FROM campaign_adoptions a \
             JOIN campaign_units cu ON cu.campaign_id = a.campaign_id AND cu.unit_code = a.unit_code \
             JOIN releases r ON r.id = a.release_id JOIN units u ON u.code = a.unit_code \
             WHERE a.campaign_id = $1 AND r.state = 'released' AND r.public_at <= $2{cursor} \
             ORDER BY a.public_at DESC, a.release_id DESC LIMIT $3"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(campaign_id)
            .bind(now)
            .bind(limit);
        if let Some((at, id)) = before {
            q = q.bind(at).bind(id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(AdoptedRelease {
                    release_id: r.try_get(0)?,
                    slug: r.try_get(1)?,
                    title: r.try_get(2)?,
                    lead: r.try_get(3)?,
                    unit_code: r.try_get(4)?,
                    unit_name: r.try_get(5)?,
                    public_at: r.try_get(6)?,
                })
            })
            .collect()
    }

    /// Campaigns running at `now` that target `unit`.
    pub async fn campaigns_targeting(
        &self,
        unit: &UnitCode,
        now: i64,
    ) -> Result<Vec<UnitCampaign>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.title, c.tag, c.starts_at, c.ends_at, cu.adopted_at \
             FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id \
             WHERE cu.unit_code = $1 AND c.starts_at <= $2 AND c.ends_at >= $2 \
             ORDER BY c.ends_at, c.id",
        )
        .bind(unit.to_string())
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UnitCampaign {
                    campaign_id: r.try_get(0)?,
                    title: r.try_get(1)?,
                    tag: r.try_get(2)?,
                    starts_at: r.try_get(3)?,
                    ends_at: r.try_get(4)?,
                    adopted_at: r.try_get(5)?,
                })
            })
            .collect()
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
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(campaign_id);
        if let Some(u) = unit {
            q = q.bind(u.to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                ))
            })
            .collect()
    }

    /// Every unit not retired in `root`'s subtree (itself included), with
    /// its name, by code: for seeding example campaigns and benchmarks.
    pub async fn units_in_subtree(
        &self,
        root: &UnitCode,
    ) -> Result<Vec<(UnitCode, String)>, StoreError> {
        let (lo, hi) = root.descendant_range();
        let rows = sqlx::query(
            "SELECT code, name FROM units WHERE retired_at IS NULL \
             AND (code = $1 OR (code > $2 AND code < $3)) ORDER BY code",
        )
        .bind(root.to_string())
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get(0)?;
                Ok((
                    UnitCode::parse(&code).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    r.try_get(1)?,
                ))
            })
            .collect()
    }
}
