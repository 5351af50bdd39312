//! An event's mail: the contacts it invites besides units, who receives
//! its invitation (the officers of the invited units and the invited
//! contacts who consented to hear from us), and the mail job's marker of
//! which version of each event has been mailed.
//!
//! The job finds events whose `version` is past their `event_mailings`
//! row, and queues the messages of one event together with the new marker
//! in one transaction. Each message's key names the event, its SEQUENCE
//! and the person, so whatever runs twice (two nodes, a crash between the
//! queueing and the commit) queues each person's message for a revision
//! once, and a person invited later gets the current revision.

use serde::Serialize;
use sinergi_domain::EventId;

use crate::outbox::{Attachment, enqueue_email_with_attachment};
use crate::{NewEmail, Store, StoreError};

/// A contact invited to an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct InvitedContact {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// Holds a consent that is not withdrawn: may be e-mailed.
    pub consented: bool,
}

/// Someone who receives an event's mail.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventMailRecipient {
    /// `u{user id}` or `c{contact id}`: the person part of the message key.
    pub who: String,
    pub email: String,
    pub name: String,
    pub language: String,
}

/// An event to mail: its id and the version to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventToMail {
    pub event_id: EventId,
    pub version: i64,
    /// The SEQUENCE last mailed, if an earlier version was.
    pub mailed_sequence: Option<i64>,
}

/// One message of an event's mail, with its `.ics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMessage {
    pub email: NewEmail,
    pub attachment: Attachment,
}

impl Store {
    /// The contacts whose (lower-cased) addresses are `emails`, not merged
    /// into another: (address, id). Addresses without a contact are absent.
    pub async fn contacts_by_email(
        &self,
        emails: &[String],
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let mut out = Vec::new();
        for email in emails {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM contacts WHERE email = $1 AND merged_into IS NULL \
                 ORDER BY id LIMIT 1",
            )
            .bind(email.to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
            if let Some(id) = id {
                out.push((email.to_lowercase(), id));
            }
        }
        Ok(out)
    }

    /// The contacts an event invites, by name.
    pub async fn event_invited_contacts(
        &self,
        event: EventId,
    ) -> Result<Vec<InvitedContact>, StoreError> {
        let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT c.id, c.name, c.email, \
                    (SELECT COUNT(*) FROM consents k WHERE k.contact_id = c.id \
                       AND k.withdrawn_at IS NULL) \
             FROM event_invited_contacts i JOIN contacts c ON c.id = i.contact_id \
             WHERE i.event_id = $1 ORDER BY c.name, c.id",
        )
        .bind(event.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, email, consents)| InvitedContact {
                id,
                name,
                email: email.unwrap_or_default(),
                consented: consents > 0,
            })
            .collect())
    }

    /// Events not over at `now` whose current version has not been mailed,
    /// oldest change first.
    pub async fn events_to_mail(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<EventToMail>, StoreError> {
        let rows: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT e.id, e.version, m.mailed_sequence FROM events e \
             LEFT JOIN event_mailings m ON m.event_id = e.id \
             WHERE e.ends_at > $1 AND (m.event_id IS NULL OR m.mailed_version < e.version) \
             ORDER BY e.updated_at, e.id LIMIT $2",
        )
        .bind(now)
        .bind(limit.max(1))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, version, mailed_sequence)| EventToMail {
                event_id: EventId::new(id),
                version,
                mailed_sequence,
            })
            .collect())
    }

    /// Who receives an event's mail: the active admins, editors and
    /// contributors of each invited unit, and the invited contacts with an
    /// address and a consent not withdrawn. One row per address (a person
    /// in two invited units, or a contact who is also a member, once).
    pub async fn event_mail_recipients(
        &self,
        event: EventId,
    ) -> Result<Vec<EventMailRecipient>, StoreError> {
        let rows: Vec<EventMailRecipient> = sqlx::query_as(
            "SELECT 'u' || CAST(us.id AS TEXT) AS who, us.email AS email, us.name AS name, \
                    us.language AS language, 0 AS rank \
             FROM event_invited i JOIN memberships m ON m.unit_code = i.unit_code \
             JOIN users us ON us.id = m.user_id \
             WHERE i.event_id = $1 AND m.revoked_at IS NULL AND us.active = 1 \
               AND m.role IN ('admin', 'editor', 'contributor') \
             UNION ALL \
             SELECT 'c' || CAST(c.id AS TEXT), c.email, c.name, c.language, 1 \
             FROM event_invited_contacts i JOIN contacts c ON c.id = i.contact_id \
             WHERE i.event_id = $1 AND c.email IS NOT NULL AND c.merged_into IS NULL \
               AND EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id \
                           AND k.withdrawn_at IS NULL) \
             ORDER BY 5, 2, 1",
        )
        .bind(event.get())
        .fetch_all(&self.pool)
        .await?;
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|r| seen.insert(r.email.to_lowercase()))
            .collect())
    }

    /// Queues an event's messages and marks `version` mailed, in one
    /// transaction. A message whose key is already in the outbox is left
    /// as it is. Returns how many were queued; 0, and nothing changes,
    /// when this version (or a later one) was marked meanwhile.
    pub async fn queue_event_mail(
        &self,
        event: EventId,
        version: i64,
        sequence: i64,
        messages: &[EventMessage],
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let marked = sqlx::query(
            "INSERT INTO event_mailings (event_id, mailed_version, mailed_sequence, at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (event_id) DO UPDATE SET mailed_version = excluded.mailed_version, \
             mailed_sequence = excluded.mailed_sequence, at = excluded.at \
             WHERE event_mailings.mailed_version < excluded.mailed_version",
        )
        .bind(event.get())
        .bind(version)
        .bind(sequence)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            return Ok(0);
        }
        let mut queued = 0;
        for m in messages {
            if enqueue_email_with_attachment(&mut tx, &m.email, &m.attachment, now).await? {
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(queued)
    }
}
