//! Commitments made at events, for whom, and the closing log of those
//! that are closed by hand.

use serde::Serialize;
use sinergi_domain::forum::CommitmentKind;
use sinergi_domain::{CommitmentId, EventId, ReleaseId, SeriesId, UnitCode, UserId};
use sqlx::{Any, Transaction};

use super::commit_with_change;
use super::events::parse_codes;
use crate::scope_sql::{Bind, arguments, joined_codes, split_joined};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentDraft {
    pub event_id: EventId,
    pub unit_code: UnitCode,
    pub kind: CommitmentKind,
    pub what: String,
    pub for_units: Vec<UnitCode>,
    pub due_at: i64,
    /// Seeded by the demo, and marked so on the pages.
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentRecord {
    pub id: CommitmentId,
    pub event_id: EventId,
    /// The start of the event it was made at, and that event's series.
    pub event_starts_at: i64,
    pub series_id: Option<SeriesId>,
    pub event_title: String,
    pub unit_code: UnitCode,
    pub unit_name: String,
    pub kind: CommitmentKind,
    pub what: String,
    pub due_at: i64,
    pub example: bool,
    pub closed_at: Option<i64>,
    pub closed_by: Option<i64>,
    pub evidence_url: Option<String>,
    pub evidence_release_id: Option<ReleaseId>,
    /// A file as evidence (served at `/media/{id}` to whoever sees the event).
    pub evidence_media_id: Option<i64>,
    pub closing_note: Option<String>,
    pub created_at: i64,
    pub for_units: Vec<UnitCode>,
}

#[derive(sqlx::FromRow)]
struct CommitmentRow {
    id: i64,
    event_id: i64,
    event_starts_at: i64,
    series_id: Option<i64>,
    event_title: String,
    #[sqlx(try_from = "String")]
    unit_code: UnitCode,
    unit_name: String,
    #[sqlx(try_from = "String")]
    kind: CommitmentKind,
    what: String,
    due_at: i64,
    example: i64,
    closed_at: Option<i64>,
    closed_by: Option<i64>,
    evidence_url: Option<String>,
    evidence_release_id: Option<i64>,
    evidence_media_id: Option<i64>,
    closing_note: Option<String>,
    created_at: i64,
}

impl From<CommitmentRow> for CommitmentRecord {
    fn from(r: CommitmentRow) -> CommitmentRecord {
        CommitmentRecord {
            id: CommitmentId::new(r.id),
            event_id: EventId::new(r.event_id),
            event_starts_at: r.event_starts_at,
            series_id: r.series_id.map(SeriesId::new),
            event_title: r.event_title,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            kind: r.kind,
            what: r.what,
            due_at: r.due_at,
            example: r.example != 0,
            closed_at: r.closed_at,
            closed_by: r.closed_by,
            evidence_url: r.evidence_url,
            evidence_release_id: r.evidence_release_id.map(ReleaseId::new),
            evidence_media_id: r.evidence_media_id,
            closing_note: r.closing_note,
            created_at: r.created_at,
            for_units: Vec::new(),
        }
    }
}

/// An entry of a commitment's closing log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CommitmentLogEntry {
    pub at: i64,
    pub by_user: Option<i64>,
    pub by_name: Option<String>,
    pub op: String,
    pub evidence_url: Option<String>,
    pub evidence_release_id: Option<i64>,
    pub evidence_media_id: Option<i64>,
    pub note: String,
}

const COMMITMENT_SELECT: &str = "SELECT c.id, c.event_id, e.starts_at AS event_starts_at, \
    e.series_id, e.title AS event_title, c.unit_code, u.name AS unit_name, c.kind, c.what, \
    c.due_at, c.example, c.closed_at, c.closed_by, c.evidence_url, c.evidence_release_id, \
    c.evidence_media_id, c.closing_note, c.created_at FROM commitments c JOIN events e ON e.id = c.event_id \
    JOIN units u ON u.code = c.unit_code";

/// What proves a commitment kept: a link, a public release, a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence<'a> {
    pub url: Option<&'a str>,
    pub release: Option<ReleaseId>,
    pub media: Option<i64>,
}

async fn log(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    at: i64,
    by: Option<UserId>,
    op: &str,
    evidence: &Evidence<'_>,
    note: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO commitment_log (commitment_id, at, by_user, op, evidence_url, \
         evidence_release_id, evidence_media_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(at)
    .bind(by.map(UserId::get))
    .bind(op.to_owned())
    .bind(evidence.url.map(str::to_owned))
    .bind(evidence.release.map(ReleaseId::get))
    .bind(evidence.media)
    .bind(note.to_owned())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn insert_commitment(
        &self,
        draft: &CommitmentDraft,
        by: Option<UserId>,
        now: i64,
    ) -> Result<CommitmentId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO commitments (event_id, unit_code, kind, what, due_at, example, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(draft.event_id.get())
        .bind(draft.unit_code.as_str())
        .bind(draft.kind.as_str())
        .bind(draft.what.clone())
        .bind(draft.due_at)
        .bind(i64::from(draft.example))
        .bind(by.map(UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for unit in &draft.for_units {
            sqlx::query(
                "INSERT INTO commitment_for (commitment_id, unit_code) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(unit.as_str())
            .execute(&mut *tx)
            .await?;
        }
        log(&mut tx, id, now, by, "created", &Evidence::default(), "").await?;
        commit_with_change(
            tx,
            now,
            "commitment",
            &id.to_string(),
            "create",
            &serde_json::json!({
                "event": draft.event_id.get(),
                "unit": draft.unit_code.as_str(),
                "kind": draft.kind.as_str(),
            }),
        )
        .await?;
        Ok(CommitmentId::new(id))
    }

    /// Closes an open commitment with its evidence; `false` when it was
    /// closed already.
    pub async fn close_commitment(
        &self,
        id: CommitmentId,
        by: Option<UserId>,
        evidence: &Evidence<'_>,
        note: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE commitments SET closed_at = $1, closed_by = $2, evidence_url = $3, \
             evidence_release_id = $4, evidence_media_id = $5, closing_note = $6 \
             WHERE id = $7 AND closed_at IS NULL",
        )
        .bind(now)
        .bind(by.map(UserId::get))
        .bind(evidence.url.map(str::to_owned))
        .bind(evidence.release.map(ReleaseId::get))
        .bind(evidence.media)
        .bind(note.to_owned())
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        log(&mut tx, id.get(), now, by, "closed", evidence, note).await?;
        commit_with_change(
            tx,
            now,
            "commitment",
            &id.to_string(),
            "close",
            &serde_json::json!({ "by": by.map(UserId::get) }),
        )
        .await?;
        Ok(true)
    }

    pub async fn commitment(
        &self,
        id: CommitmentId,
    ) -> Result<Option<CommitmentRecord>, StoreError> {
        let mut found = self
            .commitments_where("c.id = $1", vec![Bind::Int(id.get())])
            .await?;
        Ok(found.pop())
    }

    /// Commitments made at an event, in the order they were recorded.
    pub async fn event_commitments(
        &self,
        event: EventId,
    ) -> Result<Vec<CommitmentRecord>, StoreError> {
        self.commitments_where("c.event_id = $1", vec![Bind::Int(event.get())])
            .await
    }

    /// Commitments made at any event of a series.
    pub async fn series_commitments(
        &self,
        series: SeriesId,
    ) -> Result<Vec<CommitmentRecord>, StoreError> {
        self.commitments_where("e.series_id = $1", vec![Bind::Int(series.get())])
            .await
    }

    /// Commitments a unit made.
    pub async fn unit_commitments(
        &self,
        unit: &UnitCode,
    ) -> Result<Vec<CommitmentRecord>, StoreError> {
        self.commitments_where("c.unit_code = $1", vec![Bind::Text(unit.to_string())])
            .await
    }

    async fn commitments_where(
        &self,
        condition: &str,
        binds: Vec<Bind>,
    ) -> Result<Vec<CommitmentRecord>, StoreError> {
        let sql = format!("{COMMITMENT_SELECT} WHERE {condition} ORDER BY c.id");
        let rows: Vec<CommitmentRow> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?;
        let mut out: Vec<CommitmentRecord> = rows.into_iter().map(Into::into).collect();
        let Some(first) = out.first().map(|c| c.id.get()) else {
            return Ok(out);
        };
        let last = out.last().map(|c| c.id.get()).unwrap_or(first);
        // For-units of every commitment in the id range, at once.
        let sql = format!(
            "SELECT commitment_id, {} FROM commitment_for \
             WHERE commitment_id >= $1 AND commitment_id <= $2 GROUP BY commitment_id",
            joined_codes(self.backend, "unit_code")
        );
        let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        let index: std::collections::HashMap<i64, usize> = out
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.get(), i))
            .collect();
        let mut grouped: Vec<Vec<String>> = vec![Vec::new(); out.len()];
        for (id, units) in rows {
            if let Some(i) = index.get(&id) {
                grouped[*i] = split_joined(&units);
            }
        }
        for (c, units) in out.iter_mut().zip(grouped) {
            c.for_units = parse_codes(units)?;
        }
        Ok(out)
    }

    /// A commitment's log, oldest first, with who wrote each entry.
    pub async fn commitment_log(
        &self,
        id: CommitmentId,
    ) -> Result<Vec<CommitmentLogEntry>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT l.at, l.by_user, p.name AS by_name, l.op, l.evidence_url, \
             l.evidence_release_id, l.evidence_media_id, l.note FROM commitment_log l \
             LEFT JOIN users p ON p.id = l.by_user WHERE l.commitment_id = $1 ORDER BY l.id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?)
    }
}
