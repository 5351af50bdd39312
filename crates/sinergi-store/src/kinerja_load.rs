//! Loading what kinerja counts, many rows at once, for `sinergi bench
//! kinerja` only: releases (with amplifications), register items and the
//! releases that report them, media articles and their matches, events
//! with invitations and attendance, commitments. One call is one
//! transaction of multi-row `INSERT`s with the ids the caller chose.
//!
//! The rows hold every column the kinerja projection reads, as the
//! services would leave them (an item's `first_public_at` is the earliest
//! public time of the released releases the load links it to, computed
//! by the caller), and short texts elsewhere. What the projection never
//! reads is left out: release revisions, workflow history, tags, press
//! numbers. Nothing is appended to `changes`: rebuild after a load. Never
//! use it on a database people use.
//!
//! And the reads that export those records for the DuckDB comparison.

use crate::newsroom::bulk::{Val, insert_rows};
use crate::{Backend, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadRelease {
    pub id: i64,
    pub unit_code: String,
    /// `released`, `withdrawn`, `draft`, …
    pub state: &'static str,
    pub public_at: Option<i64>,
    pub amplifies_id: Option<i64>,
    pub created_at: i64,
    pub withdrawn_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadItem {
    pub id: i64,
    pub unit_code: String,
    /// `achievement` or `innovation`.
    pub kind: &'static str,
    pub created_at: i64,
    /// `YYYY-MM-DD`.
    pub occurred_on: Option<String>,
    pub first_public_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadArticle {
    pub id: i64,
    pub source_id: i64,
    pub outlet: String,
    pub published_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadMatch {
    pub id: i64,
    pub article_id: i64,
    pub release_id: i64,
    pub unit_code: String,
    /// `credited`, `confirmed`, `review` or `rejected`.
    pub state: &'static str,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadEvent {
    pub id: i64,
    pub series_id: Option<i64>,
    pub organiser_code: String,
    pub starts_at: i64,
    /// `WIB`, `WITA` or `WIT`: the venue's.
    pub zone: &'static str,
    /// `scheduled` or `cancelled`.
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadCommitment {
    pub id: i64,
    pub event_id: i64,
    pub unit_code: String,
    /// `replicate` or `other`.
    pub kind: &'static str,
    pub due_at: i64,
    pub closed_at: Option<i64>,
    pub created_at: i64,
}

/// One load. Sources and series first (articles and events name them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KinerjaLoad {
    /// (id, unit, outlet)
    pub sources: Vec<(i64, String, String)>,
    /// (id, owner unit)
    pub series: Vec<(i64, String)>,
    pub releases: Vec<LoadRelease>,
    pub items: Vec<LoadItem>,
    /// (release, item)
    pub links: Vec<(i64, i64)>,
    pub articles: Vec<LoadArticle>,
    pub matches: Vec<LoadMatch>,
    pub events: Vec<LoadEvent>,
    /// (event, unit)
    pub invited: Vec<(i64, String)>,
    /// (event, unit, recorded at)
    pub attendance: Vec<(i64, String, i64)>,
    pub commitments: Vec<LoadCommitment>,
    /// (commitment, unit)
    pub commitment_for: Vec<(i64, String)>,
}

/// A raw release row for the export: what DuckDB is given.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportRelease {
    pub id: i64,
    pub unit_code: String,
    pub state: String,
    pub public_at: Option<i64>,
    pub amplifies_id: Option<i64>,
}

/// A raw match row for the export.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportMatch {
    pub id: i64,
    pub release_id: i64,
    pub state: String,
}

/// A raw commitment row for the export.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportCommitment {
    pub id: i64,
    pub event_id: i64,
    pub unit_code: String,
    pub kind: String,
    pub due_at: i64,
    pub closed_at: Option<i64>,
    pub example: i64,
}

/// A sum of stored counters: (unit or empty, metric, day or 0, n).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CounterSum {
    pub unit_code: String,
    pub metric: String,
    pub day: i64,
    pub n: i64,
}

fn text(s: &str) -> Val {
    Val::Text(s.to_owned())
}

impl Store {
    /// Loads `load` in one transaction (see the module documentation).
    pub async fn bulk_load_kinerja(&self, load: KinerjaLoad) -> Result<(), StoreError> {
        let b = self.backend;
        let mut tx = self.begin_write().await?;
        let saved = crate::bulk_cache::widen(&mut tx, b, 262_144).await?;
        let loaded = load_rows(&mut tx, b, load).await;
        crate::bulk_cache::restore(&mut tx, saved).await?;
        loaded?;
        tx.commit().await?;
        Ok(())
    }

    /// After the last load: PostgreSQL's identity sequences moved past the
    /// loaded ids (so the everyday writes that follow get fresh ones),
    /// statistics gathered, SQLite's write-ahead log folded in.
    pub async fn bulk_load_kinerja_done(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            for table in [
                "media_sources",
                "event_series",
                "releases",
                "register_items",
                "media_articles",
                "media_matches",
                "events",
                "commitments",
            ] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )))
                .execute(&self.pool)
                .await?;
            }
        }
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Releases by id after `after`, as stored.
    pub async fn kinerja_export_releases(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ExportRelease>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, unit_code, state, public_at, amplifies_id FROM releases \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Media matches by id after `after`, as stored.
    pub async fn kinerja_export_matches(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ExportMatch>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, release_id, state FROM media_matches WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Commitments by id after `after`, as stored.
    pub async fn kinerja_export_commitments(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ExportCommitment>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, event_id, unit_code, kind, due_at, closed_at, example FROM commitments \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The units commitments with ids in `[from, to]` are for, ordered by
    /// commitment and unit: for the export, and a rebuild's page at once.
    pub async fn kinerja_export_commitment_for(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT commitment_id, unit_code FROM commitment_for \
             WHERE commitment_id >= $1 AND commitment_id <= $2 ORDER BY commitment_id, unit_code",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The stored counters summed two ways, to compare with another
    /// engine's: per metric and day over units alone (`tree = 0`; `unit_code`
    /// empty), and per metric over the subtree of every top-level unit
    /// (provinces and ministries; `day` 0).
    pub async fn kinerja_counter_sums(&self) -> Result<Vec<CounterSum>, StoreError> {
        let mut out: Vec<CounterSum> = sqlx::query_as(
            "SELECT '' AS unit_code, metric, day, CAST(SUM(n) AS BIGINT) AS n FROM kinerja_daily \
             WHERE tree = 0 GROUP BY metric, day",
        )
        .fetch_all(&self.pool)
        .await?;
        out.extend(
            sqlx::query_as::<_, CounterSum>(
                "SELECT unit_code, metric, CAST(0 AS BIGINT) AS day, CAST(SUM(n) AS BIGINT) AS n \
                 FROM kinerja_daily WHERE tree = 1 AND unit_code NOT LIKE '%.%' \
                 GROUP BY unit_code, metric",
            )
            .fetch_all(&self.pool)
            .await?,
        );
        Ok(out)
    }
}

/// What `bulk_load_kinerja` writes, in its transaction.
async fn load_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    b: Backend,
    load: KinerjaLoad,
) -> Result<(), StoreError> {
    let rows = load
        .sources
        .into_iter()
        .map(|(id, unit, outlet)| {
            vec![
                Val::Int(id),
                Val::Text(unit),
                Val::Text(format!("https://{outlet}/feed/{id}")),
                Val::Text(outlet),
                text("feed"),
                Val::Int(0),
                Val::Int(0),
            ]
        })
        .collect();
    let cols = [
        "id",
        "unit_code",
        "url",
        "outlet",
        "kind",
        "next_poll_at",
        "created_at",
    ];
    insert_rows(tx, b, "media_sources", &cols, rows).await?;
    let rows = load
        .series
        .into_iter()
        .map(|(id, owner)| {
            vec![
                Val::Int(id),
                Val::Text(owner),
                Val::Text(format!("Seri {id}")),
                text(""),
                Val::Int(0),
                Val::Int(0),
            ]
        })
        .collect();
    let cols = [
        "id",
        "owner_code",
        "title",
        "description_md",
        "created_at",
        "updated_at",
    ];
    insert_rows(tx, b, "event_series", &cols, rows).await?;
    let rows = load
        .releases
        .into_iter()
        .map(|r| {
            vec![
                Val::Int(r.id),
                Val::Text(r.unit_code),
                Val::Text(format!("siaran-{}", r.id)),
                text(r.state),
                Val::Text(format!("Siaran pers {}", r.id)),
                text("Ringkasan siaran pers."),
                text("Isi siaran pers."),
                text("<p>Isi siaran pers.</p>"),
                Val::OptInt(r.public_at),
                Val::OptInt(r.amplifies_id),
                Val::Int(r.created_at),
                Val::Int(r.withdrawn_at.or(r.public_at).unwrap_or(r.created_at)),
                Val::OptInt(r.withdrawn_at),
            ]
        })
        .collect();
    let cols = [
        "id",
        "unit_code",
        "slug",
        "state",
        "title",
        "lead",
        "body_md",
        "body_html",
        "public_at",
        "amplifies_id",
        "created_at",
        "updated_at",
        "withdrawn_at",
    ];
    insert_rows(tx, b, "releases", &cols, rows).await?;
    let rows = load
        .items
        .into_iter()
        .map(|i| {
            vec![
                Val::Int(i.id),
                text(i.kind),
                Val::Text(i.unit_code),
                Val::Text(format!("Capaian {}", i.id)),
                text("Uraian capaian."),
                Val::OptText(i.occurred_on),
                Val::Int(i.created_at),
                Val::Int(i.created_at),
                Val::OptInt(i.first_public_at),
            ]
        })
        .collect();
    let cols = [
        "id",
        "kind",
        "unit_code",
        "title",
        "description_md",
        "occurred_on",
        "created_at",
        "updated_at",
        "first_public_at",
    ];
    insert_rows(tx, b, "register_items", &cols, rows).await?;
    let rows = load
        .links
        .into_iter()
        .map(|(r, i)| vec![Val::Int(r), Val::Int(i)])
        .collect();
    insert_rows(tx, b, "release_items", &["release_id", "item_id"], rows).await?;
    let rows = load
        .articles
        .into_iter()
        .map(|a| {
            vec![
                Val::Int(a.id),
                Val::Text(format!("https://{}/berita/{}", a.outlet, a.id)),
                Val::Int(a.source_id),
                Val::Text(a.outlet),
                Val::Int(a.published_at),
                Val::Int(a.published_at),
                text("Isi berita."),
                Val::Text(format!("{:016x}", a.id)),
                Val::Int(a.id),
                Val::Int(a.published_at),
            ]
        })
        .collect();
    let cols = [
        "id",
        "key",
        "source_id",
        "outlet",
        "published_at",
        "fetched_at",
        "body",
        "text_hash",
        "group_id",
        "matched_at",
    ];
    insert_rows(tx, b, "media_articles", &cols, rows).await?;
    let rows = load
        .matches
        .into_iter()
        .map(|m| {
            vec![
                Val::Int(m.id),
                Val::Int(m.article_id),
                Val::Int(m.release_id),
                Val::Text(m.unit_code),
                Val::Int(if m.state == "credited" { 8_000 } else { 5_000 }),
                text(m.state),
                text("[]"),
                Val::Int(1),
                Val::Int(m.created_at),
            ]
        })
        .collect();
    let cols = [
        "id",
        "article_id",
        "release_id",
        "unit_code",
        "score",
        "state",
        "passages",
        "release_version",
        "created_at",
    ];
    insert_rows(tx, b, "media_matches", &cols, rows).await?;
    let rows = load
        .events
        .into_iter()
        .map(|e| {
            vec![
                Val::Int(e.id),
                Val::Text(format!("bench-{}@sinergi", e.id)),
                Val::OptInt(e.series_id),
                Val::Text(e.organiser_code),
                text("workshop"),
                Val::Text(format!("Acara {}", e.id)),
                Val::Int(e.starts_at),
                Val::Int(e.starts_at + 6 * 3_600_000_000),
                text(e.zone),
                text("public"),
                text(e.status),
                Val::Text(format!("{:06}", e.id % 1_000_000)),
                Val::Int(e.starts_at),
                Val::Int(e.starts_at),
            ]
        })
        .collect();
    let cols = [
        "id",
        "uid",
        "series_id",
        "organiser_code",
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "zone",
        "visibility",
        "status",
        "attendance_code",
        "created_at",
        "updated_at",
    ];
    insert_rows(tx, b, "events", &cols, rows).await?;
    let rows = load
        .invited
        .into_iter()
        .map(|(e, u)| vec![Val::Int(e), Val::Text(u)])
        .collect();
    insert_rows(tx, b, "event_invited", &["event_id", "unit_code"], rows).await?;
    let rows = load
        .attendance
        .into_iter()
        .map(|(e, u, at)| vec![Val::Int(e), Val::Text(u), text("list"), Val::Int(at)])
        .collect();
    let cols = ["event_id", "unit_code", "how", "recorded_at"];
    insert_rows(tx, b, "event_attendance", &cols, rows).await?;
    let rows = load
        .commitments
        .into_iter()
        .map(|c| {
            vec![
                Val::Int(c.id),
                Val::Int(c.event_id),
                Val::Text(c.unit_code),
                text(c.kind),
                text("Menindaklanjuti hasil acara"),
                Val::Int(c.due_at),
                Val::OptInt(c.closed_at),
                Val::Int(c.created_at),
            ]
        })
        .collect();
    let cols = [
        "id",
        "event_id",
        "unit_code",
        "kind",
        "what",
        "due_at",
        "closed_at",
        "created_at",
    ];
    insert_rows(tx, b, "commitments", &cols, rows).await?;
    let rows = load
        .commitment_for
        .into_iter()
        .map(|(c, u)| vec![Val::Int(c), Val::Text(u)])
        .collect();
    let cols = ["commitment_id", "unit_code"];
    insert_rows(tx, b, "commitment_for", &cols, rows).await?;
    Ok(())
}
