//! Kinerja's tables: day counters per unit (alone and subtree), what each
//! record last added, and the projector's position; plus the reads the
//! indicators need from elsewhere (campaign targets, accreditations).
//!
//! The store computes nothing here: sinergi-kinerja says which rows to add
//! (its pure `facts` module); these functions write and read them.

use std::collections::HashMap;

use crate::{Store, StoreError};

/// A release as the kinerja projection reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaRelease {
    pub id: i64,
    pub unit_code: String,
    pub state: String,
    pub public_at: Option<i64>,
    /// The unit of the release it amplifies.
    pub amplified_unit: Option<String>,
    /// Articles reporting on it, credited or confirmed.
    pub pickups: i64,
}

/// A register item as the kinerja projection reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaItem {
    pub id: i64,
    pub unit_code: String,
    pub kind: String,
    pub created_at: i64,
    pub occurred_on: Option<String>,
    pub first_public_at: Option<i64>,
    pub removed_at: Option<i64>,
}

/// One counter row to add (or, with a negative `n`, take away).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KinerjaRow {
    pub unit_code: String,
    pub tree: bool,
    pub metric: String,
    pub day: i64,
    pub n: i64,
}

/// An outlet that carried a unit's releases public on a day: `n` of
/// them (to add, or with a negative `n` to take away).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, sqlx::FromRow)]
pub struct KinerjaOutlet {
    pub day: i64,
    pub unit_code: String,
    pub outlet: String,
    pub n: i64,
}

/// A record's counts as last added (`None`: the record adds nothing now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KinerjaFact {
    pub entity: &'static str,
    pub entity_key: String,
    pub counts: Option<String>,
}

/// A stored counter.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaCount {
    pub unit_code: String,
    pub metric: String,
    pub day: i64,
    pub n: i64,
}

/// A unit's campaign targets whose campaign runs in a period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaTargets {
    pub unit_code: String,
    pub targeted: i64,
    pub adopted: i64,
    pub with_sub_units: i64,
    pub cascaded: i64,
}

/// The release columns and joins, then `$tail` (a literal: fixed SQL only).
macro_rules! select_releases {
    ($tail:literal) => {
        concat!(
            "SELECT r.id, r.unit_code, r.state, \
             CASE WHEN r.state = 'released' THEN r.public_at END AS public_at, \
             a.unit_code AS amplified_unit, \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM media_matches m WHERE m.release_id = r.id \
               AND m.state IN ('credited', 'confirmed')) AS pickups \
             FROM releases r LEFT JOIN releases a ON a.id = r.amplifies_id ",
            $tail
        )
    };
}

macro_rules! select_items {
    ($tail:literal) => {
        concat!(
            "SELECT id, unit_code, kind, created_at, occurred_on, first_public_at, removed_at \
             FROM register_items ",
            $tail
        )
    };
}
pub(crate) use select_items;

impl Store {
    /// The projector's position in the change feed; `None` before its first run.
    pub async fn kinerja_position(&self) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT seq FROM kinerja_projection WHERE name = 'daily'")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn kinerja_release(&self, id: i64) -> Result<Option<KinerjaRelease>, StoreError> {
        Ok(sqlx::query_as(select_releases!("WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Releases with an id above `after`, by id, for rebuilds.
    pub async fn kinerja_releases_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<KinerjaRelease>, StoreError> {
        Ok(
            sqlx::query_as(select_releases!("WHERE r.id > $1 ORDER BY r.id LIMIT $2"))
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The releases amplifying release `id` (their counts name its unit).
    pub async fn kinerja_amplifiers(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM releases WHERE amplifies_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn kinerja_item(&self, id: i64) -> Result<Option<KinerjaItem>, StoreError> {
        Ok(sqlx::query_as(select_items!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn kinerja_items_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<KinerjaItem>, StoreError> {
        Ok(
            sqlx::query_as(select_items!("WHERE id > $1 ORDER BY id LIMIT $2"))
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// What the record last added, encoded.
    pub async fn kinerja_fact(
        &self,
        entity: &str,
        entity_key: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT counts FROM kinerja_facts WHERE entity = $1 AND entity_key = $2",
        )
        .bind(entity.to_owned())
        .bind(entity_key.to_owned())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// One step of the projection, in one transaction: the records' new
    /// counts, the counter rows that move, and the new position.
    /// Applies one batch, moving the position from `from` to `seq`. When
    /// the position is no longer `from` (another node applied these
    /// changes meanwhile), nothing is written: `Conflict`.
    pub async fn kinerja_apply(
        &self,
        facts: &[KinerjaFact],
        rows: &[KinerjaRow],
        outlets: &[KinerjaOutlet],
        from: i64,
        seq: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        // First, so that on PostgreSQL a second node's batch waits here for
        // this one's commit and then finds the position moved.
        let moved =
            sqlx::query("UPDATE kinerja_projection SET seq = $1 WHERE name = 'daily' AND seq = $2")
                .bind(seq)
                .bind(from)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if moved != 1 {
            return Err(StoreError::Conflict(format!(
                "the kinerja counters are no longer at change {from}: another node applied it"
            )));
        }
        for f in facts {
            match &f.counts {
                Some(c) => {
                    sqlx::query(
                        "INSERT INTO kinerja_facts (entity, entity_key, counts) VALUES ($1, $2, $3) \
                         ON CONFLICT (entity, entity_key) DO UPDATE SET counts = excluded.counts",
                    )
                    .bind(f.entity)
                    .bind(f.entity_key.clone())
                    .bind(c.clone())
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM kinerja_facts WHERE entity = $1 AND entity_key = $2")
                        .bind(f.entity)
                        .bind(f.entity_key.clone())
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        for r in rows {
            sqlx::query(
                "INSERT INTO kinerja_daily (unit_code, tree, metric, day, n) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (unit_code, tree, day, metric) DO UPDATE SET n = kinerja_daily.n + excluded.n",
            )
            .bind(r.unit_code.clone())
            .bind(i64::from(r.tree))
            .bind(r.metric.clone())
            .bind(r.day)
            .bind(r.n)
            .execute(&mut *tx)
            .await?;
            if r.n < 0 {
                sqlx::query(
                    "DELETE FROM kinerja_daily WHERE unit_code = $1 AND tree = $2 AND day = $3 \
                     AND metric = $4 AND n = 0",
                )
                .bind(r.unit_code.clone())
                .bind(i64::from(r.tree))
                .bind(r.day)
                .bind(r.metric.clone())
                .execute(&mut *tx)
                .await?;
            }
        }
        for o in outlets {
            sqlx::query(
                "INSERT INTO kinerja_outlets (day, unit_code, outlet, n) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (day, unit_code, outlet) DO UPDATE SET n = kinerja_outlets.n + excluded.n",
            )
            .bind(o.day)
            .bind(o.unit_code.clone())
            .bind(o.outlet.clone())
            .bind(o.n)
            .execute(&mut *tx)
            .await?;
            if o.n < 0 {
                sqlx::query(
                    "DELETE FROM kinerja_outlets WHERE day = $1 AND unit_code = $2 AND outlet = $3 \
                     AND n = 0",
                )
                .bind(o.day)
                .bind(o.unit_code.clone())
                .bind(o.outlet.clone())
                .execute(&mut *tx)
                .await?;
            }
        }
        let days: std::collections::BTreeSet<i64> = rows
            .iter()
            .map(|r| r.day)
            .chain(outlets.iter().map(|o| o.day))
            .collect();
        if !days.is_empty() {
            let version = next_day_version(&mut tx).await?;
            for day in days {
                sqlx::query(
                    "INSERT INTO kinerja_day_versions (day, version) VALUES ($1, $2) \
                     ON CONFLICT (day) DO UPDATE SET version = excluded.version",
                )
                .bind(day)
                .bind(version)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// What the kept figures depend on, in one read:
    /// - the largest version of the days up to `last_day`: it moves when a
    ///   counter of one of those days moves (or after a rebuild), and only
    ///   then, so figures read up to their last closed day can be kept
    ///   while it stays;
    /// - the campaign history's newest entry: every change of a target's
    ///   adoption or cascade, and every recompute of a campaign's targets,
    ///   adds one (the history is never cut), so equal versions mean equal
    ///   targets;
    /// - the newest weights setting's id (0 for the default).
    pub async fn kinerja_stamp(&self, last_day: i64) -> Result<(i64, i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT \
               CAST((SELECT COALESCE(MAX(version), 0) FROM kinerja_day_versions WHERE day <= $1) AS BIGINT), \
               CAST((SELECT COALESCE(MAX(id), 0) FROM campaign_events) AS BIGINT), \
               CAST((SELECT COALESCE(MAX(id), 0) FROM kinerja_weights) AS BIGINT)",
        )
        .bind(last_day)
        .fetch_one(&self.pool)
        .await?)
    }
}

impl Store {
    /// Counters of one unit (alone or subtree) over days `[from, to)`.
    pub async fn kinerja_counts(
        &self,
        unit_code: &str,
        tree: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<KinerjaCount>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT unit_code, metric, day, n FROM kinerja_daily \
             WHERE unit_code = $1 AND tree = $2 AND day >= $3 AND day < $4",
        )
        .bind(unit_code.to_owned())
        .bind(i64::from(tree))
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Subtree counters of every unit of a level over `[from, to)`.
    pub async fn kinerja_counts_of_level(
        &self,
        level: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<KinerjaCount>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT k.unit_code, k.metric, k.day, k.n FROM kinerja_daily k \
             JOIN units u ON u.code = k.unit_code \
             WHERE u.level = $1 AND u.retired_at IS NULL AND k.tree = 1 \
               AND k.day >= $2 AND k.day < $3",
        )
        .bind(level.to_owned())
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Subtree counters of a unit's children over `[from, to)`.
    pub async fn kinerja_counts_of_children(
        &self,
        parent: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<KinerjaCount>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT k.unit_code, k.metric, k.day, k.n FROM kinerja_daily k \
             JOIN units u ON u.code = k.unit_code \
             WHERE u.parent_code = $1 AND k.tree = 1 AND k.day >= $2 AND k.day < $3",
        )
        .bind(parent.to_owned())
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The campaigns running at some time in `[from, to)` (microseconds),
    /// by id: periods with the same set share their campaign figures.
    pub async fn kinerja_campaigns_running(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM campaigns WHERE starts_at < $2 AND ends_at >= $1 ORDER BY id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Per unit, its campaign targets whose campaign runs at some time in
    /// `[from, to)` (microseconds).
    pub async fn kinerja_campaign_targets(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<KinerjaTargets>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT cu.unit_code, CAST(COUNT(*) AS BIGINT) AS targeted, \
               CAST(SUM(CASE WHEN cu.adopted_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS adopted, \
               CAST(SUM(CASE WHEN cu.targets_below > 0 THEN 1 ELSE 0 END) AS BIGINT) AS with_sub_units, \
               CAST(SUM(CASE WHEN cu.targets_below > 0 AND cu.cascaded = 1 THEN 1 ELSE 0 END) AS BIGINT) AS cascaded \
             FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id \
             WHERE c.starts_at < $2 AND c.ends_at >= $1 \
             GROUP BY cu.unit_code",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Per unit, journalists accredited at `at` (microseconds).
    pub async fn kinerja_accreditations(&self, at: i64) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT unit_code, CAST(COUNT(DISTINCT user_id) AS BIGINT) FROM accreditations \
             WHERE granted_at < $1 AND (revoked_at IS NULL OR revoked_at >= $1) \
             GROUP BY unit_code",
        )
        .bind(at)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// One more than the largest day version stored.
pub(crate) async fn next_day_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM kinerja_day_versions",
    )
    .fetch_one(&mut **tx)
    .await?)
}

pub(crate) async fn set_position(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    seq: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO kinerja_projection (name, seq) VALUES ('daily', $1) \
         ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
    )
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sums counters by unit: the shape the pages fold.
pub fn by_unit(rows: Vec<KinerjaCount>) -> HashMap<String, Vec<KinerjaCount>> {
    let mut out: HashMap<String, Vec<KinerjaCount>> = HashMap::new();
    for r in rows {
        out.entry(r.unit_code.clone()).or_default().push(r);
    }
    out
}

impl Store {
    /// Releases and register items: how many records a rebuild reads.
    pub async fn kinerja_record_count(&self) -> Result<i64, StoreError> {
        let releases: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM releases")
            .fetch_one(&self.pool)
            .await?;
        let items: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM register_items")
            .fetch_one(&self.pool)
            .await?;
        Ok(releases + items)
    }
}

impl Store {
    /// Every counter of one kind (alone or subtree), by unit, day and
    /// metric: for open data and for comparing a rebuild.
    pub async fn kinerja_dump(&self, tree: bool) -> Result<Vec<KinerjaCount>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT unit_code, metric, day, n FROM kinerja_daily WHERE tree = $1 \
             ORDER BY unit_code, day, metric",
        )
        .bind(i64::from(tree))
        .fetch_all(&self.pool)
        .await?)
    }
}

/// An event as the kinerja projection reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaEvent {
    pub id: i64,
    pub organiser_code: String,
    pub series_id: Option<i64>,
    pub starts_at: i64,
    pub status: String,
}

/// A unit invited to (`attended = 0`) or present at (`1`) an event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaEventUnit {
    pub event_id: i64,
    pub unit_code: String,
    pub attended: i64,
}

/// A commitment as the kinerja projection reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaCommitment {
    pub id: i64,
    pub unit_code: String,
    pub kind: String,
    pub event_id: i64,
    pub series_id: Option<i64>,
    /// When the event it was made at started.
    pub made_at: i64,
    pub due_at: i64,
    pub closed_at: Option<i64>,
    pub example: i64,
}

macro_rules! select_events {
    ($tail:literal) => {
        concat!(
            "SELECT id, organiser_code, series_id, starts_at, status FROM events ",
            $tail
        )
    };
}

macro_rules! select_commitments {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.unit_code, c.kind, c.event_id, e.series_id, e.starts_at AS made_at, \
             c.due_at, c.closed_at, c.example \
             FROM commitments c JOIN events e ON e.id = c.event_id ",
            $tail
        )
    };
}

/// The reads of forums, monitoring and contacts records kinerja counts
/// from. Kept here, apart from those areas' own modules: the projection
/// reads only the columns it counts.
impl Store {
    pub async fn kinerja_event(&self, id: i64) -> Result<Option<KinerjaEvent>, StoreError> {
        Ok(sqlx::query_as(select_events!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn kinerja_events_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<KinerjaEvent>, StoreError> {
        Ok(
            sqlx::query_as(select_events!("WHERE id > $1 ORDER BY id LIMIT $2"))
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Units invited to and present at the events with ids in `[from, to]`.
    pub async fn kinerja_event_units(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<KinerjaEventUnit>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT event_id, unit_code, CAST(0 AS BIGINT) AS attended FROM event_invited \
               WHERE event_id >= $1 AND event_id <= $2 \
             UNION ALL \
             SELECT event_id, unit_code, CAST(1 AS BIGINT) AS attended FROM event_attendance \
               WHERE event_id >= $1 AND event_id <= $2 \
             ORDER BY event_id, unit_code",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The events of a series a unit organised, and who was at them.
    pub async fn kinerja_series_events(
        &self,
        organiser: &str,
        series: i64,
    ) -> Result<(Vec<KinerjaEvent>, Vec<KinerjaEventUnit>), StoreError> {
        let events = sqlx::query_as(select_events!(
            "WHERE organiser_code = $1 AND series_id = $2 ORDER BY id"
        ))
        .bind(organiser.to_owned())
        .bind(series)
        .fetch_all(&self.pool)
        .await?;
        let present = sqlx::query_as(
            "SELECT a.event_id, a.unit_code, CAST(1 AS BIGINT) AS attended \
             FROM event_attendance a JOIN events e ON e.id = a.event_id \
             WHERE e.organiser_code = $1 AND e.series_id = $2 ORDER BY a.event_id, a.unit_code",
        )
        .bind(organiser.to_owned())
        .bind(series)
        .fetch_all(&self.pool)
        .await?;
        Ok((events, present))
    }

    pub async fn kinerja_commitment(
        &self,
        id: i64,
    ) -> Result<Option<KinerjaCommitment>, StoreError> {
        Ok(sqlx::query_as(select_commitments!("WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn kinerja_commitments_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<KinerjaCommitment>, StoreError> {
        Ok(sqlx::query_as(select_commitments!(
            "WHERE c.id > $1 ORDER BY c.id LIMIT $2"
        ))
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The units a commitment to replicate is for.
    pub async fn kinerja_commitment_for(&self, id: i64) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT unit_code FROM commitment_for WHERE commitment_id = $1 ORDER BY unit_code",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every event of a series, ordered by organiser, series and id, and
    /// who was at them (ordered by event id): a rebuild's commitments to
    /// replicate read them all at once instead of a series at a time.
    pub async fn kinerja_all_series_events(
        &self,
    ) -> Result<(Vec<KinerjaEvent>, Vec<KinerjaEventUnit>), StoreError> {
        let events = sqlx::query_as(select_events!(
            "WHERE series_id IS NOT NULL ORDER BY organiser_code, series_id, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let present = sqlx::query_as(
            "SELECT a.event_id, a.unit_code, CAST(1 AS BIGINT) AS attended \
             FROM event_attendance a JOIN events e ON e.id = a.event_id \
             WHERE e.series_id IS NOT NULL ORDER BY a.event_id, a.unit_code",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok((events, present))
    }

    /// The commitments to replicate a unit made at events of a series:
    /// an event of the series it organises may fulfil them.
    pub async fn kinerja_replicate_commitments(
        &self,
        unit: &str,
        series: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT c.id FROM commitments c JOIN events e ON e.id = c.event_id \
             WHERE c.unit_code = $1 AND e.series_id = $2 AND c.kind = 'replicate' ORDER BY c.id",
        )
        .bind(unit.to_owned())
        .bind(series)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The releases an article is matched with, in any state.
    pub async fn kinerja_article_releases(&self, article: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT release_id FROM media_matches WHERE article_id = $1 ORDER BY release_id",
        )
        .bind(article)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every (article, release) match, by article: what a rebuild remembers.
    pub async fn kinerja_article_matches(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT article_id, release_id FROM media_matches ORDER BY article_id, release_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The distinct outlets that carried (credited or confirmed pickups)
    /// release `id`, in name order.
    pub async fn kinerja_release_outlets(&self, id: i64) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT a.outlet FROM media_matches m JOIN media_articles a ON a.id = m.article_id \
             WHERE m.release_id = $1 AND m.state IN ('credited', 'confirmed') ORDER BY a.outlet",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// (release, outlet) for every release with an id in `(after, upto]`
    /// and an outlet that carried it: a rebuild's page.
    pub async fn kinerja_releases_outlets(
        &self,
        after: i64,
        upto: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT DISTINCT m.release_id, a.outlet FROM media_matches m \
             JOIN media_articles a ON a.id = m.article_id \
             WHERE m.release_id > $1 AND m.release_id <= $2 AND m.state IN ('credited', 'confirmed') \
             ORDER BY m.release_id, a.outlet",
        )
        .bind(after)
        .bind(upto)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every stored (day, unit, outlet) pair, in key order: for tests and
    /// checks.
    pub async fn kinerja_outlets_dump(&self) -> Result<Vec<KinerjaOutlet>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT day, unit_code, outlet, n FROM kinerja_outlets ORDER BY day, unit_code, outlet",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Per releasing unit, the outlets that carried its releases public
    /// on a day in `[from, to)` (each pair once per day it holds).
    pub async fn kinerja_outlets(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT unit_code, outlet FROM kinerja_outlets WHERE day >= $1 AND day < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Per releasing unit, the distinct journalists a release e-mail was
    /// delivered to (sent by the outbox) in `[from, to)` (microseconds).
    pub async fn kinerja_journalists_reached(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT DISTINCT r.unit_code, d.contact_id FROM deliveries d \
             JOIN outbox o ON o.idempotency_key = d.idempotency_key \
             JOIN contacts c ON c.id = d.contact_id JOIN releases r ON r.id = d.release_id \
             WHERE c.kind = 'journalist' AND o.sent_at >= $1 AND o.sent_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Events and commitments: what a rebuild reads besides releases and items.
    pub async fn kinerja_forum_record_count(&self) -> Result<i64, StoreError> {
        let events: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM events")
            .fetch_one(&self.pool)
            .await?;
        let commitments: i64 =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM commitments")
                .fetch_one(&self.pool)
                .await?;
        Ok(events + commitments)
    }
}

/// A setting of the index's weights.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KinerjaWeightsRow {
    pub id: i64,
    /// JSON object: component → weight.
    pub weights: String,
    pub reason: String,
    /// Who set them (their e-mail), when known.
    pub set_by: Option<String>,
    pub set_at: i64,
}

impl Store {
    /// The weights in force: the newest setting, `None` for the default.
    pub async fn kinerja_weights(&self) -> Result<Option<KinerjaWeightsRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT w.id, w.weights, w.reason, u.email AS set_by, w.set_at FROM kinerja_weights w \
             LEFT JOIN users u ON u.id = w.set_by ORDER BY w.id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every setting, newest first.
    pub async fn kinerja_weights_history(&self) -> Result<Vec<KinerjaWeightsRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT w.id, w.weights, w.reason, u.email AS set_by, w.set_at FROM kinerja_weights w \
             LEFT JOIN users u ON u.id = w.set_by ORDER BY w.id DESC",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records new weights (checked by the kinerja service) and audits
    /// the change with the weights before and after.
    pub async fn kinerja_set_weights(
        &self,
        actor: &crate::accounts::audit::Actor,
        before: serde_json::Value,
        after: serde_json::Value,
        reason: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO kinerja_weights (weights, reason, set_by, set_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(after.to_string())
        .bind(reason.to_owned())
        .bind(actor.user_id.map(sinergi_domain::UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let event = crate::accounts::audit::AuditEvent {
            action: "kinerja.weights",
            target: format!("kinerja_weights:{id}"),
            unit_code: None,
            before: Some(before),
            after: Some(serde_json::json!({"weights": after, "reason": reason})),
        };
        crate::accounts::audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(id)
    }
}

impl Store {
    /// Whether the network monitors media at all (any feed or article)
    /// and has sent releases by e-mail at all (any distribution): without
    /// them, pickups and reach are not measured ("belum diukur"), not zero.
    pub async fn kinerja_sources_present(&self) -> Result<(bool, bool), StoreError> {
        let any = |sql: &'static str| async move {
            let n: i64 = sqlx::query_scalar(sql).fetch_one(&self.pool).await?;
            Ok::<bool, StoreError>(n > 0)
        };
        let monitoring = any(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT id FROM media_sources \
             UNION ALL SELECT id FROM media_articles LIMIT 1) x",
        )
        .await?;
        let distribution = any(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT id FROM distribution_runs LIMIT 1) x",
        )
        .await?;
        Ok((monitoring, distribution))
    }
}
