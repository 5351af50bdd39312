//! Who attended an event, and the releases that report it.

use serde::Serialize;
use sinergi_domain::{EventId, ReleaseId, SeriesId, UnitCode, UserId};

use super::commit_with_change;
use crate::scope_sql::{joined_codes, split_joined};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AttendanceRecord {
    #[sqlx(try_from = "i64")]
    pub event_id: EventId,
    #[sqlx(try_from = "String")]
    pub unit_code: UnitCode,
    pub unit_name: String,
    /// `list` (ticked by the organiser) or `code` (entered in the room).
    pub how: String,
    pub recorded_at: i64,
}

/// A release that reports an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct EventRelease {
    #[sqlx(try_from = "i64")]
    pub release_id: ReleaseId,
    pub title: String,
    pub slug: String,
    pub unit_code: String,
    pub unit_name: String,
    pub public_at: i64,
}

impl Store {
    /// Records `unit` as present; `false` when it was already.
    pub async fn record_attendance(
        &self,
        event: EventId,
        unit: &UnitCode,
        how: &str,
        by: Option<UserId>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "INSERT INTO event_attendance (event_id, unit_code, how, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(event.get())
        .bind(unit.as_str())
        .bind(how.to_owned())
        .bind(by.map(UserId::get))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_with_change(
            tx,
            now,
            "event_attendance",
            &format!("{event}:{unit}"),
            "create",
            &serde_json::json!({ "event": event.get(), "unit": unit.as_str(), "how": how }),
        )
        .await?;
        Ok(true)
    }

    /// Withdraws `unit`'s attendance; `false` when it was not recorded.
    pub async fn withdraw_attendance(
        &self,
        event: EventId,
        unit: &UnitCode,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM event_attendance WHERE event_id = $1 AND unit_code = $2")
                .bind(event.get())
                .bind(unit.as_str())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_with_change(
            tx,
            now,
            "event_attendance",
            &format!("{event}:{unit}"),
            "delete",
            &serde_json::json!({ "event": event.get(), "unit": unit.as_str() }),
        )
        .await?;
        Ok(true)
    }

    pub async fn attendance(&self, event: EventId) -> Result<Vec<AttendanceRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.event_id, a.unit_code, u.name AS unit_name, a.how, a.recorded_at \
             FROM event_attendance a JOIN units u ON u.code = a.unit_code \
             WHERE a.event_id = $1 ORDER BY a.unit_code",
        )
        .bind(event.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// `(event, unit)` for every attendance at the series' events.
    pub async fn series_attendance(
        &self,
        series: SeriesId,
    ) -> Result<Vec<(i64, Vec<String>)>, StoreError> {
        let sql = format!(
            "SELECT a.event_id, {} FROM event_attendance a \
             JOIN events e ON e.id = a.event_id WHERE e.series_id = $1 \
             GROUP BY a.event_id ORDER BY a.event_id",
            joined_codes(self.backend, "a.unit_code")
        );
        let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(series.get())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(event, units)| (event, split_joined(&units)))
            .collect())
    }

    /// Records that a release reports an event (once).
    pub async fn link_event_release(
        &self,
        event: EventId,
        release: ReleaseId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "INSERT INTO event_releases (event_id, release_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(event.get())
        .bind(release.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_with_change(
            tx,
            now,
            "event_release",
            &format!("{event}:{release}"),
            "create",
            &serde_json::json!({ "event": event.get(), "release": release.get() }),
        )
        .await?;
        Ok(true)
    }

    /// The public releases (at `now`) that report an event, newest first.
    pub async fn event_releases(
        &self,
        event: EventId,
        now: i64,
    ) -> Result<Vec<EventRelease>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id AS release_id, r.title, r.slug, r.unit_code, u.name AS unit_name, \
             r.public_at FROM event_releases l JOIN releases r ON r.id = l.release_id \
             JOIN units u ON u.code = r.unit_code \
             WHERE l.event_id = $1 AND r.state = 'released' AND r.public_at <= $2 \
             ORDER BY r.public_at DESC, r.id DESC",
        )
        .bind(event.get())
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The events a release reports.
    pub async fn events_reported_by(&self, release: ReleaseId) -> Result<Vec<EventId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT event_id FROM event_releases WHERE release_id = $1 ORDER BY event_id",
        )
        .bind(release.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(EventId::new).collect())
    }
}
