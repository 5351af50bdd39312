//! Series and events, with the units an event invites.

use serde::Serialize;
use sinergi_domain::access::Scope;
use sinergi_domain::forum::{EventKind, EventStatus, Visibility};
use sinergi_domain::{EventId, SeriesId, UnitCode, UserId, Zone};
use sqlx::{Any, Transaction};

use super::commit_with_change;
use crate::scope_sql::{Bind, arg, arguments, joined_codes, list_marks, scope_condition};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesDraft {
    pub owner_code: UnitCode,
    pub title: String,
    pub description_md: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct SeriesRecord {
    #[sqlx(try_from = "i64")]
    pub id: SeriesId,
    #[sqlx(try_from = "String")]
    pub owner_code: UnitCode,
    pub owner_name: String,
    pub title: String,
    pub description_md: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An event as its organiser writes it (validated by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub series_id: Option<SeriesId>,
    pub organiser_code: UnitCode,
    pub kind: EventKind,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The venue's zone: times are shown in it, and in the reader's.
    pub zone: Zone,
    pub venue_code: Option<UnitCode>,
    pub address: String,
    pub online_url: String,
    pub agenda_md: String,
    pub capacity: Option<i64>,
    pub registration_closes_at: Option<i64>,
    pub visibility: Visibility,
    pub invited: Vec<UnitCode>,
    /// Contacts of the contact base invited too (their ids).
    pub invited_contacts: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    pub id: EventId,
    /// The iCalendar UID: stable across edits.
    pub uid: String,
    pub series_id: Option<SeriesId>,
    pub series_title: Option<String>,
    pub organiser_code: UnitCode,
    pub organiser_name: String,
    pub kind: EventKind,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub zone: Zone,
    pub venue_code: Option<UnitCode>,
    pub venue_name: Option<String>,
    pub address: String,
    pub online_url: String,
    pub agenda_md: String,
    pub capacity: Option<i64>,
    pub registration_closes_at: Option<i64>,
    pub visibility: Visibility,
    pub status: EventStatus,
    /// Shown in the room; officers of invited units enter it.
    pub attendance_code: String,
    /// The iCalendar SEQUENCE: raised by every change a calendar shows.
    pub sequence: i64,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub invited: Vec<UnitCode>,
}

impl EventRecord {
    pub fn cancelled(&self) -> bool {
        self.status == EventStatus::Cancelled
    }
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    uid: String,
    series_id: Option<i64>,
    series_title: Option<String>,
    #[sqlx(try_from = "String")]
    organiser_code: UnitCode,
    organiser_name: String,
    #[sqlx(try_from = "String")]
    kind: EventKind,
    title: String,
    starts_at: i64,
    ends_at: i64,
    zone: String,
    venue_code: Option<String>,
    venue_name: Option<String>,
    address: String,
    online_url: String,
    agenda_md: String,
    capacity: Option<i64>,
    registration_closes_at: Option<i64>,
    #[sqlx(try_from = "String")]
    visibility: Visibility,
    #[sqlx(try_from = "String")]
    status: EventStatus,
    attendance_code: String,
    sequence: i64,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<EventRow> for EventRecord {
    type Error = StoreError;
    fn try_from(r: EventRow) -> Result<EventRecord, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("event {}: {what}", r.id));
        Ok(EventRecord {
            id: EventId::new(r.id),
            uid: r.uid.clone(),
            series_id: r.series_id.map(SeriesId::new),
            series_title: r.series_title.clone(),
            zone: Zone::from_abbreviation(&r.zone).ok_or_else(|| corrupt("zone"))?,
            venue_code: match &r.venue_code {
                Some(c) => Some(UnitCode::parse(c).map_err(|_| corrupt("venue"))?),
                None => None,
            },
            organiser_code: r.organiser_code,
            organiser_name: r.organiser_name,
            kind: r.kind,
            title: r.title,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            venue_name: r.venue_name,
            address: r.address,
            online_url: r.online_url,
            agenda_md: r.agenda_md,
            capacity: r.capacity,
            registration_closes_at: r.registration_closes_at,
            visibility: r.visibility,
            status: r.status,
            attendance_code: r.attendance_code,
            sequence: r.sequence,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            invited: Vec::new(),
        })
    }
}

const EVENT_SELECT: &str = "SELECT e.id, e.uid, e.series_id, s.title AS series_title, \
    e.organiser_code, o.name AS organiser_name, e.kind, e.title, e.starts_at, e.ends_at, e.zone, \
    e.venue_code, v.name AS venue_name, e.address, e.online_url, e.agenda_md, e.capacity, \
    e.registration_closes_at, e.visibility, e.status, e.attendance_code, e.sequence, e.version, \
    e.created_at, e.updated_at \
    FROM events e JOIN units o ON o.code = e.organiser_code \
    LEFT JOIN units v ON v.code = e.venue_code \
    LEFT JOIN event_series s ON s.id = e.series_id";

const SERIES_SELECT: &str = "SELECT s.id, s.owner_code, u.name AS owner_name, s.title, \
    s.description_md, s.created_at, s.updated_at FROM event_series s \
    JOIN units u ON u.code = s.owner_code";

/// Which events a listing shows (always within what the reader may see).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Organised by this unit or a unit below it.
    pub organiser_within: Option<UnitCode>,
    /// Organised by exactly this unit.
    pub organiser: Option<UnitCode>,
    pub series: Option<SeriesId>,
    /// Ending at or after this moment (upcoming and running).
    pub ends_after: Option<i64>,
    /// Starting before this moment (past).
    pub starts_before: Option<i64>,
    /// Newest first instead of soonest first.
    pub newest_first: bool,
    pub limit: i64,
}

fn unique_uid(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict("another event has this UID".to_owned())
        }
        _ => StoreError::from(e),
    }
}

async fn write_invited(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    invited: &[UnitCode],
    contacts: &[i64],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM event_invited WHERE event_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM event_invited_contacts WHERE event_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for contact in contacts {
        sqlx::query(
            "INSERT INTO event_invited_contacts (event_id, contact_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*contact)
        .execute(&mut **tx)
        .await?;
    }
    for unit in invited {
        sqlx::query(
            "INSERT INTO event_invited (event_id, unit_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(unit.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn change_data(d: &EventDraft) -> serde_json::Value {
    serde_json::json!({
        "organiser": d.organiser_code.as_str(),
        "series": d.series_id.map(SeriesId::get),
        "visibility": d.visibility.as_str(),
    })
}

impl Store {
    pub async fn insert_series(
        &self,
        draft: &SeriesDraft,
        by: Option<UserId>,
        now: i64,
    ) -> Result<SeriesId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO event_series (owner_code, title, description_md, created_by, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(draft.owner_code.as_str())
        .bind(draft.title.clone())
        .bind(draft.description_md.clone())
        .bind(by.map(UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        commit_with_change(
            tx,
            now,
            "event_series",
            &id.to_string(),
            "create",
            &serde_json::json!({ "owner": draft.owner_code.as_str() }),
        )
        .await?;
        Ok(SeriesId::new(id))
    }

    pub async fn series(&self, id: SeriesId) -> Result<Option<SeriesRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SERIES_SELECT} WHERE s.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every series, newest first.
    pub async fn series_list(&self) -> Result<Vec<SeriesRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SERIES_SELECT} ORDER BY s.id DESC"
        )))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores a new event with its invited units; `uid` and `code` come
    /// from the service.
    pub async fn insert_event(
        &self,
        draft: &EventDraft,
        uid: &str,
        attendance_code: &str,
        by: Option<UserId>,
        now: i64,
    ) -> Result<EventId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO events (uid, series_id, organiser_code, kind, title, starts_at, ends_at, \
             zone, venue_code, address, online_url, agenda_md, capacity, registration_closes_at, \
             visibility, status, attendance_code, sequence, version, created_by, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
             $15, 'scheduled', $16, 0, 1, $17, $18, $18) RETURNING id",
        )
        .bind(uid.to_owned())
        .bind(draft.series_id.map(SeriesId::get))
        .bind(draft.organiser_code.as_str())
        .bind(draft.kind.as_str())
        .bind(draft.title.clone())
        .bind(draft.starts_at)
        .bind(draft.ends_at)
        .bind(draft.zone.abbreviation())
        .bind(draft.venue_code.as_ref().map(|c| c.to_string()))
        .bind(draft.address.clone())
        .bind(draft.online_url.clone())
        .bind(draft.agenda_md.clone())
        .bind(draft.capacity)
        .bind(draft.registration_closes_at)
        .bind(draft.visibility.as_str())
        .bind(attendance_code.to_owned())
        .bind(by.map(UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(unique_uid)?;
        write_invited(&mut tx, id, &draft.invited, &draft.invited_contacts).await?;
        commit_with_change(
            tx,
            now,
            "event",
            &id.to_string(),
            "create",
            &change_data(draft),
        )
        .await?;
        Ok(EventId::new(id))
    }

    /// Replaces an event's details over `expected_version`; `reschedule`
    /// raises its iCalendar SEQUENCE (the service decides what a calendar
    /// must hear about). Returns the new version.
    pub async fn update_event(
        &self,
        id: EventId,
        expected_version: i64,
        draft: &EventDraft,
        raise_sequence: bool,
        now: i64,
    ) -> Result<i64, StoreError> {
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE events SET series_id = $1, organiser_code = $2, kind = $3, title = $4, \
             starts_at = $5, ends_at = $6, zone = $7, venue_code = $8, address = $9, \
             online_url = $10, agenda_md = $11, capacity = $12, registration_closes_at = $13, \
             visibility = $14, sequence = sequence + $15, version = version + 1, updated_at = $16 \
             WHERE id = $17 AND version = $18",
        )
        .bind(draft.series_id.map(SeriesId::get))
        .bind(draft.organiser_code.as_str())
        .bind(draft.kind.as_str())
        .bind(draft.title.clone())
        .bind(draft.starts_at)
        .bind(draft.ends_at)
        .bind(draft.zone.abbreviation())
        .bind(draft.venue_code.as_ref().map(|c| c.to_string()))
        .bind(draft.address.clone())
        .bind(draft.online_url.clone())
        .bind(draft.agenda_md.clone())
        .bind(draft.capacity)
        .bind(draft.registration_closes_at)
        .bind(draft.visibility.as_str())
        .bind(i64::from(raise_sequence))
        .bind(now)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "event {id} was changed by someone else; reload it"
            )));
        }
        write_invited(&mut tx, id, &draft.invited, &draft.invited_contacts).await?;
        commit_with_change(
            tx,
            now,
            "event",
            &id.to_string(),
            "update",
            &change_data(draft),
        )
        .await?;
        Ok(expected_version + 1)
    }

    /// Marks an event cancelled (raising its SEQUENCE); cancelling twice
    /// changes nothing the second time.
    pub async fn cancel_event(&self, id: EventId, now: i64) -> Result<bool, StoreError> {
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE events SET status = 'cancelled', sequence = sequence + 1, \
             version = version + 1, updated_at = $1 WHERE id = $2 AND status <> 'cancelled'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_with_change(
            tx,
            now,
            "event",
            &id.to_string(),
            "cancel",
            &serde_json::json!({}),
        )
        .await?;
        Ok(true)
    }

    pub async fn event(&self, id: EventId) -> Result<Option<EventRecord>, StoreError> {
        let row: Option<EventRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{EVENT_SELECT} WHERE e.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let mut e = EventRecord::try_from(row)?;
        let invited: Vec<String> = sqlx::query_scalar(
            "SELECT unit_code FROM event_invited WHERE event_id = $1 ORDER BY unit_code",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        e.invited = parse_codes(invited)?;
        Ok(Some(e))
    }

    /// The event with this attendance code among those running around
    /// `now` (codes repeat across time, never among events of one day).
    pub async fn event_by_code(
        &self,
        code: &str,
        from: i64,
        until: i64,
    ) -> Result<Vec<EventId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM events WHERE attendance_code = $1 AND ends_at >= $2 AND starts_at <= $3 \
             AND status = 'scheduled' ORDER BY id",
        )
        .bind(code.to_owned())
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(EventId::new).collect())
    }

    /// Events the reader sees (public ones, and internal ones whose
    /// organiser or an invited unit lies in `internal`), as `filter` says,
    /// each with its invited units.
    pub async fn events(
        &self,
        internal: &Scope,
        filter: &EventFilter,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let mut binds = Vec::new();
        let organiser_scope = scope_condition("e.organiser_code", internal, &mut binds);
        let invited_scope = scope_condition("i.unit_code", internal, &mut binds);
        let mut sql = format!(
            "{EVENT_SELECT} WHERE (e.visibility = 'public' OR {organiser_scope} OR EXISTS \
             (SELECT 1 FROM event_invited i WHERE i.event_id = e.id AND {invited_scope}))"
        );
        if let Some(o) = &filter.organiser {
            let p = arg(&mut binds, Bind::Text(o.to_string()));
            sql.push_str(&format!(" AND e.organiser_code = {p}"));
        }
        if let Some(o) = &filter.organiser_within {
            let (lo, hi) = o.descendant_range();
            let p = arg(&mut binds, Bind::Text(o.to_string()));
            let lo = arg(&mut binds, Bind::Text(lo));
            let hi = arg(&mut binds, Bind::Text(hi));
            sql.push_str(&format!(
                " AND (e.organiser_code = {p} OR (e.organiser_code > {lo} AND e.organiser_code < {hi}))"
            ));
        }
        if let Some(s) = filter.series {
            let p = arg(&mut binds, Bind::Int(s.get()));
            sql.push_str(&format!(" AND e.series_id = {p}"));
        }
        if let Some(t) = filter.ends_after {
            let p = arg(&mut binds, Bind::Int(t));
            sql.push_str(&format!(" AND e.ends_at >= {p}"));
        }
        if let Some(t) = filter.starts_before {
            let p = arg(&mut binds, Bind::Int(t));
            sql.push_str(&format!(" AND e.starts_at < {p}"));
        }
        sql.push_str(if filter.newest_first {
            " ORDER BY e.starts_at DESC, e.id DESC"
        } else {
            " ORDER BY e.starts_at, e.id"
        });
        let limit = arg(&mut binds, Bind::Int(filter.limit.max(1)));
        sql.push_str(&format!(" LIMIT {limit}"));
        let rows: Vec<EventRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&self.pool)
            .await?;
        let mut events = rows
            .into_iter()
            .map(EventRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        self.fill_invited(&mut events).await?;
        Ok(events)
    }

    /// Every event's invited units, in one query per 500 events.
    async fn fill_invited(&self, events: &mut [EventRecord]) -> Result<(), StoreError> {
        for chunk in events.chunks_mut(500) {
            if chunk.is_empty() {
                continue;
            }
            let sql = format!(
                "SELECT event_id, {} FROM event_invited WHERE event_id IN ({}) \
                 GROUP BY event_id",
                joined_codes(self.backend, "unit_code"),
                list_marks(self.backend, chunk.len())
            );
            let binds = chunk.iter().map(|e| Bind::Int(e.id.get())).collect();
            let rows: Vec<(i64, String)> =
                sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                    .persistent(false) // a list of up to 500: see `insert_rows`
                    .fetch_all(&self.pool)
                    .await?;
            let index: std::collections::HashMap<i64, usize> = chunk
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.get(), i))
                .collect();
            for (event_id, units) in rows {
                if let Some(e) = index.get(&event_id).and_then(|i| chunk.get_mut(*i)) {
                    for unit in units.split(',') {
                        e.invited.push(UnitCode::parse(unit).map_err(|_| {
                            StoreError::Corrupt(format!("event {event_id}: invited"))
                        })?);
                    }
                }
            }
        }
        Ok(())
    }
}

pub(crate) fn parse_codes(codes: Vec<String>) -> Result<Vec<UnitCode>, StoreError> {
    codes
        .into_iter()
        .map(|c| UnitCode::parse(&c).map_err(|e| StoreError::Corrupt(format!("unit code: {e}"))))
        .collect()
}
