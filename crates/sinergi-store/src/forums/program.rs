//! An event's programme and record: who registered (within its capacity),
//! its speakers, and its minutes and outcomes.

use serde::Serialize;
use sinergi_domain::{EventId, UserId};

use super::commit_with_change;
use crate::{Store, StoreError, changes};

/// What a registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Registered {
    Now,
    Already,
    /// The capacity is reached: nothing was stored.
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RegistrationRecord {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub registered_at: i64,
}

/// A file of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Material {
    pub media_id: i64,
    pub title: String,
    pub original_name: String,
    pub mime: String,
    pub extension: String,
    pub bytes: i64,
    pub added_at: i64,
}

/// A speaker as the organiser writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Speaker {
    pub name: String,
    /// Title and institution: "Deputi Bidang RB, Kementerian PANRB".
    pub role: String,
    pub topic: String,
}

impl Store {
    /// Registers `user` for `event` unless `capacity` people already are.
    /// The count and the insert are one statement after the change feed's
    /// writer lock (PostgreSQL) or under SQLite's write lock, so two
    /// people never take the last seat together.
    pub async fn register_for_event(
        &self,
        event: EventId,
        user: UserId,
        capacity: Option<i64>,
        now: i64,
    ) -> Result<Registered, StoreError> {
        let mut tx = self.begin_write().await?;
        changes::append(
            &mut tx,
            now,
            "event_registration",
            &format!("{event}:{user}"),
            "create",
            &serde_json::json!({ "event": event.get() }),
        )
        .await?;
        let already: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM event_registrations WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event.get())
        .bind(user.get())
        .fetch_optional(&mut *tx)
        .await?;
        if already.is_some() {
            return Ok(Registered::Already);
        }
        let done = sqlx::query(
            "INSERT INTO event_registrations (event_id, user_id, registered_at) \
             SELECT $1, $2, $3 WHERE (SELECT COUNT(*) FROM event_registrations \
             WHERE event_id = $1) < $4",
        )
        .bind(event.get())
        .bind(user.get())
        .bind(now)
        .bind(capacity.unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(Registered::Full);
        }
        tx.commit().await?;
        Ok(Registered::Now)
    }

    /// Withdraws a registration; `false` when there was none.
    pub async fn unregister_from_event(
        &self,
        event: EventId,
        user: UserId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM event_registrations WHERE event_id = $1 AND user_id = $2")
                .bind(event.get())
                .bind(user.get())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_with_change(
            tx,
            now,
            "event_registration",
            &format!("{event}:{user}"),
            "delete",
            &serde_json::json!({ "event": event.get() }),
        )
        .await?;
        Ok(true)
    }

    /// Everyone registered, in order of registration.
    pub async fn event_registrations(
        &self,
        event: EventId,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.user_id, u.name, u.email, r.registered_at FROM event_registrations r \
             JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 \
             ORDER BY r.registered_at, r.user_id",
        )
        .bind(event.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many are registered, and whether `user` is.
    pub async fn registration_of(
        &self,
        event: EventId,
        user: Option<UserId>,
    ) -> Result<(i64, bool), StoreError> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = $1")
                .bind(event.get())
                .fetch_one(&self.pool)
                .await?;
        let mine =
            match user {
                Some(u) => sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND user_id = $2",
                )
                .bind(event.get())
                .bind(u.get())
                .fetch_one(&self.pool)
                .await?
                    > 0,
                None => false,
            };
        Ok((count, mine))
    }

    /// Replaces an event's speakers, in order.
    pub async fn set_event_speakers(
        &self,
        event: EventId,
        speakers: &[Speaker],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM event_speakers WHERE event_id = $1")
            .bind(event.get())
            .execute(&mut *tx)
            .await?;
        for (i, s) in speakers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO event_speakers (event_id, position, name, role, topic) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(event.get())
            .bind(i as i64)
            .bind(s.name.clone())
            .bind(s.role.clone())
            .bind(s.topic.clone())
            .execute(&mut *tx)
            .await?;
        }
        commit_with_change(
            tx,
            now,
            "event",
            &event.to_string(),
            "speakers",
            &serde_json::json!({ "speakers": speakers.len() }),
        )
        .await?;
        Ok(())
    }

    pub async fn event_speakers(&self, event: EventId) -> Result<Vec<Speaker>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT name, role, topic FROM event_speakers WHERE event_id = $1 ORDER BY position",
        )
        .bind(event.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Sets an event's minutes and outcomes (Markdown).
    pub async fn set_event_record(
        &self,
        event: EventId,
        minutes_md: &str,
        outcomes_md: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE events SET minutes_md = $1, outcomes_md = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(minutes_md.to_owned())
        .bind(outcomes_md.to_owned())
        .bind(now)
        .bind(event.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("event {event}")));
        }
        commit_with_change(
            tx,
            now,
            "event",
            &event.to_string(),
            "record",
            &serde_json::json!({}),
        )
        .await?;
        Ok(())
    }

    /// An event's minutes and outcomes (Markdown).
    pub async fn event_record_text(&self, event: EventId) -> Result<(String, String), StoreError> {
        Ok(
            sqlx::query_as("SELECT minutes_md, outcomes_md FROM events WHERE id = $1")
                .bind(event.get())
                .fetch_optional(&self.pool)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Adds a file (already stored as `media`) to an event's materials.
    pub async fn add_event_material(
        &self,
        event: EventId,
        media_id: i64,
        title: &str,
        by: Option<UserId>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO event_materials (event_id, media_id, title, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(event.get())
        .bind(media_id)
        .bind(title.to_owned())
        .bind(by.map(UserId::get))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_with_change(
            tx,
            now,
            "event",
            &event.to_string(),
            "material",
            &serde_json::json!({ "media": media_id }),
        )
        .await?;
        Ok(())
    }

    /// Takes a file off an event's materials; `false` when it was not there.
    pub async fn remove_event_material(
        &self,
        event: EventId,
        media_id: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM event_materials WHERE event_id = $1 AND media_id = $2")
            .bind(event.get())
            .bind(media_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_with_change(
            tx,
            now,
            "event",
            &event.to_string(),
            "material-removed",
            &serde_json::json!({ "media": media_id }),
        )
        .await?;
        Ok(true)
    }

    /// An event's materials, in the order they were added.
    pub async fn event_materials(&self, event: EventId) -> Result<Vec<Material>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT m.media_id, m.title, d.original_name, d.mime, d.extension, d.bytes, m.added_at \
             FROM event_materials m JOIN media d ON d.id = m.media_id \
             WHERE m.event_id = $1 ORDER BY m.added_at, m.media_id",
        )
        .bind(event.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// The events whose materials, or whose commitments' evidence, hold a
    /// file.
    pub async fn events_showing_media(&self, media_id: i64) -> Result<Vec<EventId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT event_id FROM event_materials WHERE media_id = $1 \
             UNION SELECT event_id FROM commitments WHERE evidence_media_id = $1",
        )
        .bind(media_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(EventId::new).collect())
    }
}
