//! Pitches: an officer's one-to-one message from a unit to contacts they
//! choose, with a release linked and quoted. A pitch is a draft until it
//! is sent; sending writes one outbox row per recipient in one
//! transaction, keyed `pitch:P:contact:C`, so a second press of the
//! button, a retried request or two nodes never send a copy twice.
//!
//! The words of each message come from the service (merge fields filled
//! in for each recipient); the store keeps the template, the recipients
//! and which outbox row each got.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::{ContactId, UserId};

use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::outbox::{NewEmail, enqueue_email_with_headers};
use crate::scope_sql::{Bind, arg, arguments, scope_condition};
use crate::{Store, StoreError, changes};

/// A pitch as the service checked it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PitchDraft {
    pub unit_code: String,
    pub release_id: Option<i64>,
    pub subject: String,
    /// With merge fields (`{nama}`, `{media}`, `{jabatan}`).
    pub body: String,
    /// The officer's address, given as `Reply-To`.
    pub reply_to: String,
    pub recipients: Vec<ContactId>,
}

/// A pitch as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PitchRecord {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub release_id: Option<i64>,
    pub subject: String,
    pub body: String,
    pub reply_to: String,
    pub author: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
    pub version: i64,
    /// How many recipients it has.
    pub recipients: i64,
}

/// One recipient of a pitch and, once sent, where their message stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PitchRecipient {
    pub contact_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub role_title: String,
    pub outlet: Option<String>,
    pub organisation: String,
    pub language: String,
    /// Erased since it was chosen (nothing is sent).
    pub erased: i64,
    pub sent_at: Option<i64>,
    pub attempts: Option<i64>,
    pub last_error: Option<String>,
}

/// One message of a pitch, worded for its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PitchMessage {
    pub contact_id: ContactId,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub headers: Vec<(String, String)>,
}

/// The idempotency key of a pitch's message to one contact.
pub fn pitch_key(pitch: i64, contact: ContactId) -> String {
    format!("pitch:{pitch}:contact:{contact}")
}

const PITCH_SELECT: &str = "SELECT p.id, p.unit_code, u.name AS unit_name, p.release_id, \
     p.subject, p.body, p.reply_to, a.name AS author, p.created_at, p.updated_at, p.sent_at, \
     p.version, (SELECT COUNT(*) FROM pitch_recipients r WHERE r.pitch_id = p.id) AS recipients \
     FROM pitches p JOIN units u ON u.code = p.unit_code LEFT JOIN users a ON a.id = p.author_id";

impl Store {
    /// Saves a new draft pitch with its recipients.
    pub async fn create_pitch(
        &self,
        d: &PitchDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pitches (unit_code, release_id, subject, body, reply_to, author_id, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(d.unit_code.clone())
        .bind(d.release_id)
        .bind(d.subject.clone())
        .bind(d.body.clone())
        .bind(d.reply_to.clone())
        .bind(actor.user_id.map(UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for c in &d.recipients {
            sqlx::query("INSERT INTO pitch_recipients (pitch_id, contact_id) VALUES ($1, $2)")
                .bind(id)
                .bind(c.get())
                .execute(&mut *tx)
                .await?;
        }
        let event = AuditEvent {
            action: "pitch.create",
            target: format!("pitch:{id}"),
            unit_code: Some(d.unit_code.clone()),
            before: None,
            after: Some(json!({"release": d.release_id, "recipients": d.recipients.len()})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(&mut tx, now, "pitch", &id.to_string(), "create", &json!({})).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a draft pitch saved at `expected_version`; a pitch already
    /// sent or changed meanwhile is a conflict.
    pub async fn update_pitch(
        &self,
        id: i64,
        expected_version: i64,
        d: &PitchDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE pitches SET release_id = $1, subject = $2, body = $3, reply_to = $4, \
             updated_at = $5, version = version + 1 \
             WHERE id = $6 AND version = $7 AND sent_at IS NULL",
        )
        .bind(d.release_id)
        .bind(d.subject.clone())
        .bind(d.body.clone())
        .bind(d.reply_to.clone())
        .bind(now)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(
                "the pitch was sent or changed meanwhile".into(),
            ));
        }
        sqlx::query("DELETE FROM pitch_recipients WHERE pitch_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for c in &d.recipients {
            sqlx::query("INSERT INTO pitch_recipients (pitch_id, contact_id) VALUES ($1, $2)")
                .bind(id)
                .bind(c.get())
                .execute(&mut *tx)
                .await?;
        }
        let event = AuditEvent {
            action: "pitch.update",
            target: format!("pitch:{id}"),
            unit_code: Some(d.unit_code.clone()),
            before: None,
            after: Some(json!({"release": d.release_id, "recipients": d.recipients.len()})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(&mut tx, now, "pitch", &id.to_string(), "update", &json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn pitch(&self, id: i64) -> Result<Option<PitchRecord>, StoreError> {
        let sql = format!("{PITCH_SELECT} WHERE p.id = $1");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The recipients of a pitch, by name, with their message's state.
    pub async fn pitch_recipients(&self, id: i64) -> Result<Vec<PitchRecipient>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT c.id AS contact_id, c.name, c.email, c.role_title, o.name AS outlet, \
             c.organisation, c.language, \
             CAST(CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS erased, \
             m.sent_at, m.attempts, m.last_error \
             FROM pitch_recipients r JOIN contacts c ON c.id = r.contact_id \
             LEFT JOIN outlets o ON o.id = c.outlet_id \
             LEFT JOIN outbox m ON m.idempotency_key = r.idempotency_key \
             WHERE r.pitch_id = $1 ORDER BY c.name_key, c.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Pitches of the units within `scope`, newest first.
    pub async fn pitches_in(
        &self,
        scope: &sinergi_domain::access::Scope,
        limit: i64,
    ) -> Result<Vec<PitchRecord>, StoreError> {
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds = Vec::new();
        let condition = scope_condition("p.unit_code", scope, &mut binds);
        let limit = arg(&mut binds, Bind::Int(limit.clamp(1, 1000)));
        let sql = format!(
            "{PITCH_SELECT} WHERE {condition} ORDER BY p.created_at DESC, p.id DESC LIMIT {limit}"
        );
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Sends pitch `id` (saved at `expected_version`): one outbox row per
    /// message, in one transaction with the pitch marked sent. A recipient
    /// erased or given another address meanwhile is skipped. Returns how
    /// many messages were queued; a pitch already sent queues nothing.
    pub async fn send_pitch(
        &self,
        id: i64,
        expected_version: i64,
        messages: &[PitchMessage],
        actor: &Actor,
        now: i64,
    ) -> Result<u32, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE pitches SET sent_at = $1, sent_by = $2 \
             WHERE id = $3 AND version = $4 AND sent_at IS NULL",
        )
        .bind(now)
        .bind(actor.user_id.map(UserId::get))
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            let sent: Option<Option<i64>> =
                sqlx::query_scalar("SELECT sent_at FROM pitches WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return match sent {
                None => Err(StoreError::NotFound(format!("pitch {id}"))),
                Some(Some(_)) => Ok(0),
                Some(None) => Err(StoreError::Conflict(
                    "the pitch was changed meanwhile".into(),
                )),
            };
        }
        let mut queued = 0;
        for m in messages {
            let current: Option<Option<String>> = sqlx::query_scalar(
                "SELECT c.email FROM pitch_recipients r JOIN contacts c ON c.id = r.contact_id \
                 WHERE r.pitch_id = $1 AND r.contact_id = $2 AND c.erased_at IS NULL",
            )
            .bind(id)
            .bind(m.contact_id.get())
            .fetch_optional(&mut *tx)
            .await?;
            if current.flatten().as_deref() != Some(m.recipient.as_str()) {
                continue;
            }
            let key = pitch_key(id, m.contact_id);
            let email = NewEmail {
                idempotency_key: key.clone(),
                recipient: m.recipient.clone(),
                subject: m.subject.clone(),
                body_text: m.body_text.clone(),
            };
            if enqueue_email_with_headers(&mut tx, &email, &m.headers, now).await? {
                queued += 1;
            }
            sqlx::query(
                "UPDATE pitch_recipients SET idempotency_key = $1 \
                 WHERE pitch_id = $2 AND contact_id = $3",
            )
            .bind(key)
            .bind(id)
            .bind(m.contact_id.get())
            .execute(&mut *tx)
            .await?;
        }
        let unit: String = sqlx::query_scalar("SELECT unit_code FROM pitches WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let event = AuditEvent {
            action: "pitch.send",
            target: format!("pitch:{id}"),
            unit_code: Some(unit),
            before: None,
            after: Some(json!({"queued": queued})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(&mut tx, now, "pitch", &id.to_string(), "send", &json!({})).await?;
        tx.commit().await?;
        Ok(queued)
    }
}

/// What a pitch quotes of a release, with what decides who may read it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PitchRelease {
    pub id: i64,
    pub unit_code: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub state: String,
    pub public_at: Option<i64>,
    pub embargo: i64,
    pub withdrawn_at: Option<i64>,
}

impl Store {
    /// The release a pitch links, if it exists.
    pub async fn pitch_release(&self, id: i64) -> Result<Option<PitchRelease>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, unit_code, slug, title, lead, state, public_at, embargo, withdrawn_at \
             FROM releases WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }
}
