//! A contact's own data (UU PDP 27/2022, articles 5 to 8): everything held
//! on one person, read and exported by them (each read audited), and its
//! erasure.
//!
//! Erasure keeps the rows history needs as tombstones and removes every
//! personal value: the contact row keeps its id, kind and times, with the
//! name replaced by a dash and every channel emptied; notes and feed
//! tokens are deleted; consent records keep purpose, basis and times but
//! lose their evidence and are withdrawn; subscriptions end; outbox rows
//! addressed to them lose recipient, subject, body, headers and error (and
//! are never sent); the pitches they were chosen for keep only the id.
//! The audit log and the change feed hold ids only, so they stay as they
//! are (and the audit chain stays intact).

use serde::Serialize;
use serde_json::json;
use sinergi_domain::ContactId;

use super::merge::MergedRecord;
use super::records::ContactRecord;
use super::{ConsentRecord, ContactNote, SubscriptionRecord};
use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::outbox::{NewEmail, OUTBOX_NEVER, enqueue_email};
use crate::{Backend, Store, StoreError, changes};
use sqlx::{Any, Transaction};

/// The name an erased contact keeps.
pub const ERASED_NAME: &str = "—";

/// The recipient an erased contact's outbox rows keep.
pub const ERASED_RECIPIENT: &str = "erased";

/// A release message sent (or waiting) to the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct HeldDelivery {
    pub release_id: i64,
    pub title: String,
    pub cause: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// A pitch sent (or waiting) to the contact, as they received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct HeldPitch {
    pub pitch_id: i64,
    pub unit_name: String,
    pub subject: Option<String>,
    pub sent_at: Option<i64>,
}

/// Everything held on one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnData {
    pub contact: ContactRecord,
    pub consents: Vec<ConsentRecord>,
    pub subscriptions: Vec<SubscriptionRecord>,
    /// Every unit's notes on them.
    pub notes: Vec<ContactNote>,
    pub deliveries: Vec<HeldDelivery>,
    pub pitches: Vec<HeldPitch>,
    /// When personal feed addresses were made and revoked.
    pub feed_tokens: Vec<(i64, Option<i64>)>,
    /// What was done with their record: (time, action).
    pub history: Vec<(i64, String)>,
    /// Other records of them, merged into this one.
    pub merged: Vec<MergedRecord>,
}

impl Store {
    /// Queues the message carrying a contact's own-data link (`email`'s
    /// key names the contact and a time window, so asking again within it
    /// sends nothing more); audited as `contact.own_data.link`. Returns
    /// whether a message was queued.
    pub async fn queue_own_data_link(
        &self,
        id: ContactId,
        email: &NewEmail,
        actor: &Actor,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let queued = enqueue_email(&mut tx, email, now).await?;
        if queued {
            let event = AuditEvent {
                action: "contact.own_data.link",
                target: format!("contact:{id}"),
                unit_code: None,
                before: None,
                after: None,
            };
            audit::append(&mut tx, self.backend, actor, event, now).await?;
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// The contacts (not erased, not merged) with address `email`
    /// (compared lower-cased).
    pub async fn contacts_with_email(&self, email: &str) -> Result<Vec<ContactId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM contacts WHERE email = $1 AND merged_into IS NULL \
             AND erased_at IS NULL ORDER BY id",
        )
        .bind(email.trim().to_lowercase())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(ContactId::new).collect())
    }

    /// Everything held on `id`; the read is audited (`action`, e.g.
    /// `contact.own_data` or `contact.own_data.export`) in its transaction.
    pub async fn own_data(
        &self,
        id: ContactId,
        action: &'static str,
        actor: &Actor,
        now: i64,
    ) -> Result<Option<OwnData>, StoreError> {
        let Some(contact) = self.contact(id).await? else {
            return Ok(None);
        };
        if contact.erased_at.is_some() || contact.merged_into.is_some() {
            return Ok(None);
        }
        let consents = self.consents(id).await?;
        let merged = self.merged_records(id).await?;
        let subscriptions = self.subscriptions_of(id).await?;
        let mut tx = self.begin_write().await?;
        let notes: Vec<ContactNote> = sqlx::query_as(
            "SELECT n.id, n.unit_code, n.body, CAST(NULL AS TEXT) AS author, n.created_at FROM contact_notes n \
             WHERE n.contact_id = $1 ORDER BY n.created_at DESC, n.id DESC",
        )
        .bind(id.get())
        .fetch_all(&mut *tx)
        .await?;
        let deliveries: Vec<HeldDelivery> = sqlx::query_as(
            "SELECT d.release_id, r.title, d.cause, d.created_at, o.sent_at FROM deliveries d \
             JOIN releases r ON r.id = d.release_id \
             LEFT JOIN outbox o ON o.idempotency_key = d.idempotency_key \
             WHERE d.contact_id = $1 ORDER BY d.created_at, d.id",
        )
        .bind(id.get())
        .fetch_all(&mut *tx)
        .await?;
        let pitches: Vec<HeldPitch> = sqlx::query_as(
            "SELECT p.id AS pitch_id, u.name AS unit_name, o.subject, o.sent_at \
             FROM pitch_recipients r JOIN pitches p ON p.id = r.pitch_id \
             JOIN units u ON u.code = p.unit_code \
             LEFT JOIN outbox o ON o.idempotency_key = r.idempotency_key \
             WHERE r.contact_id = $1 AND p.sent_at IS NOT NULL ORDER BY p.sent_at, p.id",
        )
        .bind(id.get())
        .fetch_all(&mut *tx)
        .await?;
        let feed_tokens: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT created_at, revoked_at FROM feed_tokens WHERE contact_id = $1 ORDER BY id",
        )
        .bind(id.get())
        .fetch_all(&mut *tx)
        .await?;
        let history: Vec<(i64, String)> =
            sqlx::query_as("SELECT at, action FROM audit_log WHERE target = $1 ORDER BY seq")
                .bind(format!("contact:{id}"))
                .fetch_all(&mut *tx)
                .await?;
        let event = AuditEvent {
            action,
            target: format!("contact:{id}"),
            unit_code: None,
            before: None,
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(Some(OwnData {
            contact,
            consents,
            subscriptions,
            notes,
            deliveries,
            pitches,
            feed_tokens,
            history,
            merged,
        }))
    }

    /// Erases every personal value held on contact `id`, leaving the
    /// tombstones described above, in one transaction.
    pub async fn erase_contact(
        &self,
        id: ContactId,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let email: Option<Option<String>> =
            sqlx::query_scalar("SELECT email FROM contacts WHERE id = $1 AND erased_at IS NULL")
                .bind(id.get())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(email) = email else {
            return Err(StoreError::NotFound(format!("contact {id}")));
        };
        // Records merged into this one are the same person's.
        let merged: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT id, email FROM contacts WHERE merged_into = $1 AND erased_at IS NULL ORDER BY id",
        )
        .bind(id.get())
        .fetch_all(&mut *tx)
        .await?;
        erase_one(&mut tx, self.backend, id, email, actor, now).await?;
        for (m, email) in merged {
            erase_one(&mut tx, self.backend, ContactId::new(m), email, actor, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Erases one contact row and everything held on it, within `tx`.
async fn erase_one(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    id: ContactId,
    email: Option<String>,
    actor: &Actor,
    now: i64,
) -> Result<(), StoreError> {
    {
        // Outbox rows: theirs by key (release messages, pitches) and any
        // other message to their address (their own-data links).
        let erase_outbox = "UPDATE outbox SET recipient = $1, subject = '', body_text = '', \
             headers = NULL, last_error = NULL, locked_until = NULL, \
             next_attempt_at = CASE WHEN sent_at IS NULL THEN $2 ELSE next_attempt_at END \
             WHERE idempotency_key IN (SELECT idempotency_key FROM deliveries WHERE contact_id = $3) \
             OR idempotency_key IN (SELECT idempotency_key FROM pitch_recipients \
                WHERE contact_id = $3 AND idempotency_key IS NOT NULL)";
        sqlx::query(erase_outbox)
            .bind(ERASED_RECIPIENT)
            .bind(OUTBOX_NEVER)
            .bind(id.get())
            .execute(&mut **tx)
            .await?;
        if let Some(email) = &email {
            sqlx::query("DELETE FROM suppressions WHERE email = $1")
                .bind(email.to_lowercase())
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "UPDATE outbox SET recipient = $1, subject = '', body_text = '', headers = NULL, \
                 last_error = NULL, locked_until = NULL, \
                 next_attempt_at = CASE WHEN sent_at IS NULL THEN $2 ELSE next_attempt_at END \
                 WHERE LOWER(recipient) = $3",
            )
            .bind(ERASED_RECIPIENT)
            .bind(OUTBOX_NEVER)
            .bind(email.to_lowercase())
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query("DELETE FROM contact_notes WHERE contact_id = $1")
            .bind(id.get())
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM feed_tokens WHERE contact_id = $1")
            .bind(id.get())
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "UPDATE consents SET evidence = '', \
             withdrawn_via = CASE WHEN withdrawn_at IS NULL THEN 'erasure' ELSE withdrawn_via END, \
             withdrawn_at = COALESCE(withdrawn_at, $1) WHERE contact_id = $2",
        )
        .bind(now)
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "UPDATE subscriptions SET ended_at = $1, ended_via = 'erasure' \
             WHERE contact_id = $2 AND ended_at IS NULL",
        )
        .bind(now)
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "UPDATE contacts SET name = $1, name_key = '', email = NULL, phone = '', \
             whatsapp = '', role_title = '', outlet_id = NULL, organisation = '', beats = '', \
             regions = '', user_id = NULL, erased_at = $2, updated_at = $2, \
             version = version + 1 WHERE id = $3",
        )
        .bind(ERASED_NAME)
        .bind(now)
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
        let event = AuditEvent {
            action: "contact.erase",
            target: format!("contact:{id}"),
            unit_code: None,
            before: None,
            after: None,
        };
        audit::append(tx, backend, actor, event, now).await?;
        changes::append(tx, now, "contact", &id.to_string(), "erase", &json!({})).await?;
    }
    Ok(())
}
