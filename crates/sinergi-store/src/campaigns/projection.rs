//! The status projection: which releases adopt a campaign, and every
//! target's status with the counters and dashboard figures kept from them.
//!
//! Two ways in, with the same result (the domain's `StatusTree` proptest
//! holds the rule; the store tests hold these two to it):
//! - [`Store::apply_release_to_campaigns`], incremental: one release
//!   changed (or its public time passed); its unit's row, its at most four
//!   targeted ancestors' counters, and one level and one day figure move.
//! - [`Store::recompute_campaign`], from scratch: on creation, scope,
//!   depth, period or share changes, and rebuilds.

use sinergi_domain::CampaignId;
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sinergi_domain::campaign::{
    CampaignStatuses, FirstAdoption, TargetStatus, UnitCounters, ancestors, is_cascaded,
    select_targets,
};
use sinergi_domain::newsroom::ReleaseState;
use sinergi_domain::{ReleaseId, UnitCode};
use sqlx::{Any, Transaction};

use super::records::{CampaignRecord, event};
use super::wib_day;
use crate::changes;
use crate::connect::Backend;
use crate::newsroom::bulk::{PgArray, Val, insert_rows};
use crate::scope_sql::list_marks;
use crate::{Store, StoreError};

/// What applying one release did to one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseAdoption {
    pub campaign_id: CampaignId,
    pub release_id: ReleaseId,
    pub unit_code: String,
    /// The release counts for the campaign now.
    pub adopts: bool,
    /// The release waits for its public time.
    pub pending: bool,
    /// The unit is a target and its adoption changed.
    pub status_changed: bool,
}

/// What a full recompute found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Recomputed {
    pub targets: i64,
    pub adopted: i64,
    pub cascaded: i64,
    /// Tagged public releases within the period, of targets or not.
    pub adoptions: i64,
}

/// A `campaign_units` row without its keys: parent, level rank,
/// adopted_at, first release, cascaded, targets below, adopted below.
type OldRow = (Option<String>, i64, Option<i64>, Option<i64>, i64, i64, i64);

/// The facts of a campaign the projection needs.
#[derive(sqlx::FromRow)]
struct CampaignFacts {
    id: i64,
    tag: String,
    starts_at: i64,
    ends_at: i64,
    share: i64,
}

impl Store {
    /// The campaign projector's position in the change feed and the time
    /// of its last time step; `None` before its first run.
    pub async fn campaign_projection_position(&self) -> Result<Option<(i64, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT seq, ticked_at FROM campaign_projection WHERE name = 'status'")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_campaign_projection_position(
        &self,
        seq: i64,
        ticked_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO campaign_projection (name, seq, ticked_at) VALUES ('status', $1, $2) \
             ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, ticked_at = excluded.ticked_at",
        )
        .bind(seq)
        .bind(ticked_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Releases waiting for their public time that has come by `now`.
    pub async fn due_campaign_releases(&self, now: i64) -> Result<Vec<ReleaseId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT release_id FROM campaign_pending WHERE public_at <= $1 ORDER BY release_id",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(ReleaseId::new).collect())
    }

    /// Re-evaluates release `release_id` for every campaign it is tagged
    /// with or counted for, at `now`, in one transaction.
    pub async fn apply_release_to_campaigns(
        &self,
        id: ReleaseId,
        now: i64,
    ) -> Result<Vec<ReleaseAdoption>, StoreError> {
        let release_id = id.get();
        let mut tx = self.begin_write().await?;
        let release: Option<(String, String, Option<i64>, String)> =
            sqlx::query_as("SELECT unit_code, state, public_at, tags FROM releases WHERE id = $1")
                .bind(release_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (unit, state, public_at, tags) = match release {
            Some((unit, state, public_at, tags)) => (
                unit,
                state.parse::<ReleaseState>().map_err(StoreError::Corrupt)?,
                public_at,
                crate::scope_sql::split_joined(&tags),
            ),
            None => (String::new(), ReleaseState::Draft, None, Vec::new()),
        };
        let counted: HashSet<i64> = sqlx::query_scalar(
            "SELECT campaign_id FROM campaign_adoptions WHERE release_id = $1 \
             UNION SELECT campaign_id FROM campaign_pending WHERE release_id = $1",
        )
        .bind(release_id)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
        let mut out = Vec::new();
        for c in campaign_facts(&mut tx).await? {
            let tagged = tags.contains(&c.tag);
            if !tagged && !counted.contains(&c.id) {
                continue;
            }
            let released = tagged && state == ReleaseState::Released;
            let in_period = public_at.is_some_and(|t| c.starts_at <= t && t <= c.ends_at);
            let adopts = released && in_period && public_at.is_some_and(|t| t <= now);
            let pending = released && in_period && public_at.is_some_and(|t| t > now);
            let old: Option<(String, i64)> = sqlx::query_as(
                "SELECT unit_code, public_at FROM campaign_adoptions \
                 WHERE campaign_id = $1 AND release_id = $2",
            )
            .bind(c.id)
            .bind(release_id)
            .fetch_optional(&mut *tx)
            .await?;
            let new = adopts.then(|| (unit.clone(), public_at.unwrap_or(now)));
            sqlx::query("DELETE FROM campaign_pending WHERE campaign_id = $1 AND release_id = $2")
                .bind(c.id)
                .bind(release_id)
                .execute(&mut *tx)
                .await?;
            if pending {
                sqlx::query(
                    "INSERT INTO campaign_pending (campaign_id, release_id, public_at) VALUES ($1, $2, $3)",
                )
                .bind(c.id)
                .bind(release_id)
                .bind(public_at)
                .execute(&mut *tx)
                .await?;
            }
            let mut status_changed = false;
            if old != new {
                sqlx::query(
                    "DELETE FROM campaign_adoptions WHERE campaign_id = $1 AND release_id = $2",
                )
                .bind(c.id)
                .bind(release_id)
                .execute(&mut *tx)
                .await?;
                if let Some((u, at)) = &new {
                    sqlx::query(
                        "INSERT INTO campaign_adoptions (campaign_id, release_id, unit_code, public_at) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(c.id)
                    .bind(release_id)
                    .bind(u.clone())
                    .bind(*at)
                    .execute(&mut *tx)
                    .await?;
                }
                let mut units: Vec<&str> = Vec::new();
                if let Some((u, _)) = &old {
                    units.push(u);
                }
                if let Some((u, _)) = &new
                    && !units.contains(&u.as_str())
                {
                    units.push(u);
                }
                for u in units {
                    status_changed |= refresh_unit(&mut tx, &c, u, release_id, now).await?;
                }
            }
            out.push(ReleaseAdoption {
                campaign_id: c.id.into(),
                release_id: id,
                unit_code: unit.clone(),
                adopts,
                pending,
                status_changed,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Recomputes every target's status of `campaign` from scratch: the
    /// targets from the units and the scope, adoptions from the releases
    /// (re-read from the release tables when `rescan` is set, else as the
    /// projection kept them). Adoption changes are added to the history;
    /// nothing is removed from it.
    pub async fn recompute_campaign(
        &self,
        campaign: &CampaignRecord,
        rescan: bool,
        now: i64,
    ) -> Result<Recomputed, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = campaign.id.get();
        if rescan {
            rescan_releases(&mut tx, campaign, now).await?;
        }
        let targets = select_targets(
            &campaign.owner_code,
            &campaign.scope,
            campaign.depth,
            live_units(&mut tx).await?,
        );
        let (first, adoptions) = first_adoptions(&mut tx, self.backend, id).await?;
        let statuses = CampaignStatuses::compute(
            &targets,
            |t| first.get(t.as_str()).copied(),
            campaign.cascade_share,
        );
        let done = Recomputed {
            targets: statuses.totals.targets,
            adopted: statuses.totals.adopted,
            cascaded: statuses.totals.cascaded,
            adoptions,
        };
        let stored = stored_targets(&mut tx, id).await?;
        write_statuses(&mut tx, self.backend, id, &statuses, &stored, now).await?;
        event(&mut tx, id, now, "recomputed", None, None, "").await?;
        sqlx::query("UPDATE campaigns SET recomputed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        changes::append(
            &mut tx,
            now,
            "campaign",
            &id.to_string(),
            "recompute",
            &serde_json::json!({ "targets": done.targets, "adopted": done.adopted }),
        )
        .await?;
        tx.commit().await?;
        Ok(done)
    }
}

// The recompute's steps. Its per-target loops read positional tuples, so
// no column is looked up by name for each of 91,602 targets and 200,000
// adoptions.

/// Every unit that is not retired.
async fn live_units(tx: &mut Transaction<'_, Any>) -> Result<Vec<UnitCode>, StoreError> {
    sqlx::query_scalar::<_, String>("SELECT code FROM units WHERE retired_at IS NULL")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|code| UnitCode::parse(code).map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect()
}

/// Each unit's first adoption of the campaign, and how many adoptions it
/// has in all (of targets or not). PostgreSQL picks each unit's first row
/// itself (`DISTINCT ON`), so 81,000 rows cross instead of 200,000; SQLite
/// has no such clause, and reading them all in order costs it little.
async fn first_adoptions(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    campaign_id: i64,
) -> Result<(HashMap<String, FirstAdoption>, i64), StoreError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(match backend {
        Backend::Sqlite => {
            "SELECT unit_code, public_at, release_id FROM campaign_adoptions \
             WHERE campaign_id = $1 ORDER BY unit_code, public_at, release_id"
        }
        Backend::Postgres => {
            "SELECT DISTINCT ON (unit_code) unit_code, public_at, release_id \
             FROM campaign_adoptions WHERE campaign_id = $1 \
             ORDER BY unit_code, public_at, release_id"
        }
    })
    .bind(campaign_id)
    .fetch_all(&mut **tx)
    .await?;
    let adoptions = match backend {
        Backend::Sqlite => rows.len() as i64,
        Backend::Postgres => {
            sqlx::query_scalar("SELECT COUNT(*) FROM campaign_adoptions WHERE campaign_id = $1")
                .bind(campaign_id)
                .fetch_one(&mut **tx)
                .await?
        }
    };
    let mut first = HashMap::new();
    for (unit, public_at, release_id) in rows {
        first.entry(unit).or_insert(FirstAdoption {
            public_at,
            release_id,
        });
    }
    Ok((first, adoptions))
}

/// The campaign's `campaign_units` rows as they are, by unit code.
/// Streamed into the map: a national campaign has 91,602 rows, and a
/// `Vec` of them beside the map was 15 MB of the server's peak (issue 16).
async fn stored_targets(
    tx: &mut Transaction<'_, Any>,
    campaign_id: i64,
) -> Result<HashMap<String, OldRow>, StoreError> {
    // The unit code, then an `OldRow`.
    type Stored = (
        String,
        Option<String>,
        i64,
        Option<i64>,
        Option<i64>,
        i64,
        i64,
        i64,
    );
    let mut rows = sqlx::query_as::<_, Stored>(
        "SELECT unit_code, parent_code, level_rank, adopted_at, first_release_id, cascaded, \
             targets_below, adopted_below FROM campaign_units WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch(&mut **tx);
    let mut stored = HashMap::new();
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        let (code, parent, rank, at, first, cascaded, below, adopted) = row?;
        stored.insert(code, (parent, rank, at, first, cascaded, below, adopted));
    }
    Ok(stored)
}

/// Target rows written per batch: a bound on what a recompute holds.
const ROWS_AT_ONCE: usize = 20_000;

/// A target's `campaign_units` row without its keys.
fn row_of(t: &TargetStatus) -> OldRow {
    (
        t.parent.as_ref().map(UnitCode::to_string),
        t.level_rank,
        t.adoption.map(|a| a.public_at),
        t.adoption.map(|a| a.release_id),
        i64::from(t.cascaded),
        t.counters.targets_below,
        t.counters.adopted_below,
    )
}

/// Writes what differs from `stored`: changed and new target rows (the
/// others are left alone), removed targets, the level and day figures
/// afresh, and the adoption changes to the history.
async fn write_statuses(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    id: i64,
    statuses: &CampaignStatuses,
    stored: &HashMap<String, OldRow>,
    now: i64,
) -> Result<(), StoreError> {
    let target_set: HashSet<&str> = statuses.targets.iter().map(|t| t.code.as_str()).collect();
    let mut stale: Vec<String> = stored
        .keys()
        .filter(|k| !target_set.contains(k.as_str()))
        .cloned()
        .collect();
    let events = statuses
        .adoption_changes(|c| stored.get(c.as_str()).is_some_and(|o| o.2.is_some()))
        .map(|t| {
            vec![
                Val::Int(id),
                Val::Int(now),
                Val::Text(if t.adopted() { "adopted" } else { "unadopted" }.to_owned()),
                Val::OptText(Some(t.code.to_string())),
                Val::OptInt(t.adoption.map(|a| a.release_id)),
                Val::Text("recomputed".to_owned()),
            ]
        })
        .collect();
    // Two passes over the targets: first the changed rows to delete, then
    // the rows to write, made and inserted in batches. A national campaign
    // has 91,602 targets, and holding every row at once was the peak of
    // the server's memory.
    for t in &statuses.targets {
        if stored
            .get(t.code.as_str())
            .is_some_and(|before| *before != row_of(t))
        {
            stale.push(t.code.to_string());
        }
    }
    delete_targets(tx, backend, id, &stale).await?;
    for table in ["campaign_levels", "campaign_daily"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE campaign_id = $1"
        )))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    let columns = [
        "campaign_id",
        "unit_code",
        "parent_code",
        "level_rank",
        "adopted_at",
        "first_release_id",
        "cascaded",
        "targets_below",
        "adopted_below",
    ];
    let mut rows = Vec::new();
    for t in &statuses.targets {
        let now_row = row_of(t);
        if stored.get(t.code.as_str()) == Some(&now_row) {
            continue;
        }
        rows.push(vec![
            Val::Int(id),
            Val::Text(t.code.to_string()),
            Val::OptText(now_row.0),
            Val::Int(t.level_rank),
            Val::OptInt(now_row.2),
            Val::OptInt(now_row.3),
            Val::Int(now_row.4),
            Val::Int(now_row.5),
            Val::Int(now_row.6),
        ]);
        if rows.len() == ROWS_AT_ONCE {
            insert_rows(
                tx,
                backend,
                "campaign_units",
                &columns,
                std::mem::take(&mut rows),
            )
            .await?;
        }
    }
    insert_rows(tx, backend, "campaign_units", &columns, rows).await?;
    let level_rows = statuses
        .levels
        .iter()
        .map(|(rank, f)| {
            vec![
                Val::Int(id),
                Val::Int(*rank),
                Val::Int(f.targets),
                Val::Int(f.adopted),
                Val::Int(f.cascaded),
            ]
        })
        .collect();
    insert_rows(
        tx,
        backend,
        "campaign_levels",
        &[
            "campaign_id",
            "level_rank",
            "targets",
            "adopted",
            "cascaded",
        ],
        level_rows,
    )
    .await?;
    let daily_rows = statuses
        .daily
        .iter()
        .map(|((rank, day), n)| vec![Val::Int(id), Val::Int(*rank), Val::Int(*day), Val::Int(*n)])
        .collect();
    insert_rows(
        tx,
        backend,
        "campaign_daily",
        &["campaign_id", "level_rank", "day", "adopted"],
        daily_rows,
    )
    .await?;
    insert_rows(
        tx,
        backend,
        "campaign_events",
        &["campaign_id", "at", "op", "unit_code", "release_id", "note"],
        events,
    )
    .await
}

/// Deletes the rows of `codes` from the campaign's targets. SQLite: lists
/// of 500 by its primary key. PostgreSQL: one array, joined (a hash join
/// or index probes; `= ANY(array)` compared each row with every element).
/// A list of 500 cost it 10 ms, and a depth change that removes 83,000
/// villages spent 1.8 s in 166 of them (issue 16).
async fn delete_targets(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    id: i64,
    codes: &[String],
) -> Result<(), StoreError> {
    if codes.is_empty() {
        return Ok(());
    }
    if backend == Backend::Postgres {
        sqlx::query(
            "DELETE FROM campaign_units c USING unnest($2::text[]) AS d(code) \
             WHERE c.campaign_id = $1 AND c.unit_code = d.code",
        )
        .bind(id)
        .bind(PgArray::of_texts(codes.iter().map(String::as_str)))
        .execute(&mut **tx)
        .await?;
        return Ok(());
    }
    for chunk in codes.chunks(500) {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM campaign_units WHERE campaign_id = ? AND unit_code IN ({})",
            list_marks(backend, chunk.len())
        )))
        .persistent(false) // a list of up to 500: see `insert_rows`
        .bind(id);
        for c in chunk {
            q = q.bind(c.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn campaign_facts(tx: &mut Transaction<'_, Any>) -> Result<Vec<CampaignFacts>, StoreError> {
    Ok(
        sqlx::query_as("SELECT id, tag, starts_at, ends_at, cascade_share AS share FROM campaigns")
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Re-reads a campaign's adoptions and pending releases from the releases.
async fn rescan_releases(
    tx: &mut Transaction<'_, Any>,
    c: &CampaignRecord,
    now: i64,
) -> Result<(), StoreError> {
    // Adoptions: drop those that no longer qualify, add the missing ones;
    // rows that still hold are not rewritten.
    sqlx::query(
        "DELETE FROM campaign_adoptions WHERE campaign_id = $1 AND NOT EXISTS (\
             SELECT 1 FROM releases r JOIN release_tags t ON t.release_id = r.id AND t.tag = $2 \
             WHERE r.id = campaign_adoptions.release_id AND r.state = 'released' \
               AND r.public_at = campaign_adoptions.public_at AND r.public_at <= $3 \
               AND r.public_at >= $4 AND r.public_at <= $5)",
    )
    .bind(c.id.get())
    .bind(c.tag.clone())
    .bind(now)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO campaign_adoptions (campaign_id, release_id, unit_code, public_at) \
         SELECT $1, r.id, r.unit_code, r.public_at FROM release_tags t \
         JOIN releases r ON r.id = t.release_id \
         WHERE t.tag = $2 AND r.state = 'released' AND r.public_at <= $3 \
           AND r.public_at >= $4 AND r.public_at <= $5 \
         ON CONFLICT (campaign_id, release_id) DO NOTHING",
    )
    .bind(c.id.get())
    .bind(c.tag.clone())
    .bind(now)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM campaign_pending WHERE campaign_id = $1")
        .bind(c.id.get())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO campaign_pending (campaign_id, release_id, public_at) \
         SELECT $1, r.id, r.public_at FROM release_tags t \
         JOIN releases r ON r.id = t.release_id \
         WHERE t.tag = $2 AND r.state = 'released' AND r.public_at > $3 \
           AND r.public_at >= $4 AND r.public_at <= $5",
    )
    .bind(c.id.get())
    .bind(c.tag.clone())
    .bind(now)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One target row as the incremental step reads it.
struct Row1 {
    rank: i64,
    adopted_at: Option<i64>,
    first_release_id: Option<i64>,
    cascaded: bool,
    counters: UnitCounters,
}

/// A `campaign_units` row, for the incremental step.
#[derive(sqlx::FromRow)]
struct StoredTarget {
    unit_code: String,
    level_rank: i64,
    adopted_at: Option<i64>,
    first_release_id: Option<i64>,
    /// 0 or 1.
    cascaded: i64,
    targets_below: i64,
    adopted_below: i64,
}

async fn target_rows(
    tx: &mut Transaction<'_, Any>,
    campaign_id: i64,
    codes: &[String],
) -> Result<HashMap<String, Row1>, StoreError> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (0..codes.len()).map(|i| format!("${}", i + 2)).collect();
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT unit_code, level_rank, adopted_at, first_release_id, cascaded, targets_below, \
         adopted_below FROM campaign_units WHERE campaign_id = $1 AND unit_code IN ({})",
        marks.join(", ")
    )))
    .bind(campaign_id);
    for c in codes {
        q = q.bind(c.clone());
    }
    let rows: Vec<StoredTarget> = q.fetch_all(&mut **tx).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.unit_code,
                Row1 {
                    rank: r.level_rank,
                    adopted_at: r.adopted_at,
                    first_release_id: r.first_release_id,
                    cascaded: r.cascaded != 0,
                    counters: UnitCounters {
                        targets_below: r.targets_below,
                        adopted_below: r.adopted_below,
                    },
                },
            )
        })
        .collect())
}

async fn bump_level(
    tx: &mut Transaction<'_, Any>,
    campaign_id: i64,
    rank: i64,
    column: &str,
    by: i64,
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE campaign_levels SET {column} = {column} + $1 WHERE campaign_id = $2 AND level_rank = $3"
    )))
    .bind(by)
    .bind(campaign_id)
    .bind(rank)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn bump_day(
    tx: &mut Transaction<'_, Any>,
    campaign_id: i64,
    rank: i64,
    at: i64,
    by: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO campaign_daily (campaign_id, level_rank, day, adopted) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (campaign_id, level_rank, day) \
         DO UPDATE SET adopted = campaign_daily.adopted + excluded.adopted",
    )
    .bind(campaign_id)
    .bind(rank)
    .bind(wib_day(at))
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Brings one unit's row (and its targeted ancestors' counters) in line
/// with its adoptions. Returns whether its adoption changed.
async fn refresh_unit(
    tx: &mut Transaction<'_, Any>,
    c: &CampaignFacts,
    unit: &str,
    release_id: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let first: Option<(i64, i64)> = sqlx::query_as(
        "SELECT public_at, release_id FROM campaign_adoptions \
         WHERE campaign_id = $1 AND unit_code = $2 ORDER BY public_at, release_id LIMIT 1",
    )
    .bind(c.id)
    .bind(unit.to_owned())
    .fetch_optional(&mut **tx)
    .await?;
    let Ok(code) = UnitCode::parse(unit) else {
        return Ok(false);
    };
    let mut codes = vec![unit.to_owned()];
    codes.extend(ancestors(&code).iter().map(|a| a.to_string()));
    let mut rows = target_rows(tx, c.id, &codes).await?;
    let Some(me) = rows.get(unit) else {
        return Ok(false); // not a target: the adoption is kept, no status
    };
    let new_at = first.map(|f| f.0);
    let new_rid = first.map(|f| f.1);
    if me.adopted_at == new_at && me.first_release_id == new_rid {
        return Ok(false);
    }
    let rank = me.rank;
    let (was, is) = (me.adopted_at.is_some(), new_at.is_some());
    sqlx::query(
        "UPDATE campaign_units SET adopted_at = $1, first_release_id = $2 \
         WHERE campaign_id = $3 AND unit_code = $4",
    )
    .bind(new_at)
    .bind(new_rid)
    .bind(c.id)
    .bind(unit.to_owned())
    .execute(&mut **tx)
    .await?;
    if let Some(old) = me.adopted_at {
        bump_day(tx, c.id, rank, old, -1).await?;
    }
    if let Some(at) = new_at {
        bump_day(tx, c.id, rank, at, 1).await?;
    }
    if was == is {
        return Ok(false); // an earlier or later release; still adopted
    }
    let delta = if is { 1 } else { -1 };
    event(
        tx,
        c.id,
        now,
        if is { "adopted" } else { "unadopted" },
        Some(unit),
        Some(new_rid.unwrap_or(release_id)),
        "",
    )
    .await?;
    bump_level(tx, c.id, rank, "adopted", delta).await?;
    let above: Vec<String> = codes[1..]
        .iter()
        .filter(|a| rows.contains_key(a.as_str()))
        .cloned()
        .collect();
    if !above.is_empty() {
        let marks: Vec<String> = (0..above.len()).map(|i| format!("${}", i + 3)).collect();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE campaign_units SET adopted_below = adopted_below + $1 \
             WHERE campaign_id = $2 AND unit_code IN ({})",
            marks.join(", ")
        )))
        .bind(delta)
        .bind(c.id);
        for a in &above {
            q = q.bind(a.clone());
        }
        q.execute(&mut **tx).await?;
    }
    // The cascaded flags of the unit and its ancestors, from the new counts.
    if let Some(me) = rows.get_mut(unit) {
        me.adopted_at = new_at;
    }
    for a in &above {
        if let Some(r) = rows.get_mut(a) {
            r.counters.adopted_below += delta;
        }
    }
    for code in std::iter::once(&codes[0]).chain(above.iter()) {
        let Some(r) = rows.get(code) else { continue };
        let cascaded = is_cascaded(r.adopted_at.is_some(), r.counters, c.share);
        if cascaded != r.cascaded {
            sqlx::query(
                "UPDATE campaign_units SET cascaded = $1 WHERE campaign_id = $2 AND unit_code = $3",
            )
            .bind(i64::from(cascaded))
            .bind(c.id)
            .bind(code.clone())
            .execute(&mut **tx)
            .await?;
            bump_level(tx, c.id, r.rank, "cascaded", if cascaded { 1 } else { -1 }).await?;
        }
    }
    Ok(true)
}
