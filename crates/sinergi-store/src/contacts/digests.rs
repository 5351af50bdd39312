//! The daily digest: once per contact and local day, from the hour they
//! chose in their zone on, one message listing every release that became
//! public since their previous digests and that their digest
//! subscriptions cover.
//!
//! Exactly once: the day is a row (`digests`, unique per contact and local
//! day) written in the transaction that queues the message, and the
//! message's outbox key names the contact and the day, so a second round,
//! a restart or a second node finds the day done. Each release a digest
//! listed is remembered (`digest_items`), so the next digest lists only
//! what is new, also a release whose publication committed while a digest
//! was being made. A release the contact was already sent on its own (a
//! subscription for each release covers it too) is not listed again.
//!
//! Never early: only releases the public may read at the digest's second
//! (`mail_timing` for a reader without accreditations), so an embargo is
//! respected to the second. A day with nothing new sends nothing.

use serde::Serialize;
use sinergi_domain::contacts::{MailTiming, digest_day_due, mail_timing};
use sinergi_domain::newsroom::{ReleaseFacts, ReleaseState};
use sinergi_domain::{ContactId, ReleaseId, Zone};

use crate::outbox::{NewEmail, enqueue_email_with_headers};
use crate::rows::unit_code;
use crate::{Store, StoreError, changes};

use super::distribution::Recipient;

/// A release as a digest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestItem {
    pub id: ReleaseId,
    pub unit_name: String,
    pub slug: String,
    pub title: String,
    pub public_at: i64,
}

/// What one round of the digest job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestReport {
    /// Days made (with or without a message).
    pub days: u32,
    /// Messages queued.
    pub queued: u32,
}

/// How many releases one digest lists at most (the oldest first; the rest
/// wait for the next day).
const MAX_ITEMS: i64 = 100;

/// Whether subscription `s` covers release `r` (aliases as named).
pub(crate) const COVERS: &str = "( \
    (s.target = 'unit' AND s.unit_code = r.unit_code) \
 OR (s.target = 'subtree' AND (r.unit_code = s.unit_code \
        OR substr(r.unit_code, 1, length(s.unit_code) + 1) = s.unit_code || '.')) \
 OR (s.target = 'campaign' AND EXISTS (SELECT 1 FROM campaigns g JOIN release_tags t ON t.tag = g.tag \
        WHERE g.id = s.campaign_id AND t.release_id = r.id)) \
 OR (s.target = 'tag' AND EXISTS (SELECT 1 FROM release_tags t \
        WHERE t.release_id = r.id AND t.tag = s.tag)))";

#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    time_zone: String,
    hour: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    name: String,
    email: String,
    language: String,
    time_zone: String,
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: i64,
    unit_code: String,
    unit_name: String,
    slug: String,
    title: String,
    #[sqlx(try_from = "String")]
    state: ReleaseState,
    public_at: Option<i64>,
    embargo: i64,
    withdrawn_at: Option<i64>,
}

/// The outbox key of a contact's digest of `day`.
pub fn digest_key(contact: ContactId, day: &str) -> String {
    format!("digest:contact:{contact}:day:{day}")
}

impl Store {
    /// Makes every daily digest due at `now` (one transaction per contact
    /// and day). Needs the distribution's composer; without it, nothing.
    pub async fn run_daily_digests(&self, now: i64) -> Result<DigestReport, StoreError> {
        let Some(composer) = self.distribution.0.get().cloned() else {
            return Ok(DigestReport::default());
        };
        let due: Vec<DueRow> = sqlx::query_as(
            "SELECT c.id, c.time_zone, MIN(s.digest_hour) AS hour FROM contacts c \
             JOIN subscriptions s ON s.contact_id = c.id \
             WHERE s.ended_at IS NULL AND s.delivery = 'digest' \
             AND c.email IS NOT NULL AND c.merged_into IS NULL AND c.erased_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = c.email) \
             AND EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id \
                 AND k.purpose = 'distribution' AND k.withdrawn_at IS NULL) \
             GROUP BY c.id, c.time_zone ORDER BY c.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut report = DigestReport::default();
        for contact in due {
            let zone = Zone::from_abbreviation(&contact.time_zone).unwrap_or(Zone::Wib);
            let hour = u8::try_from(contact.hour.unwrap_or(7).clamp(0, 23)).unwrap_or(7);
            let Some(day) = digest_day_due(now, zone, hour) else {
                continue;
            };
            let done: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM digests WHERE contact_id = $1 AND local_day = $2",
            )
            .bind(contact.id)
            .bind(day.clone())
            .fetch_optional(&self.pool)
            .await?;
            if done.is_some() {
                continue;
            }
            let id = ContactId::new(contact.id);
            if let Some(queued) = self.make_digest(composer.as_ref(), id, &day, now).await? {
                report.days += 1;
                report.queued += u32::from(queued);
            }
        }
        Ok(report)
    }

    /// One contact's digest of `day`: `None` when another round made it
    /// first; `Some(true)` when a message was queued.
    async fn make_digest(
        &self,
        composer: &dyn super::Composer,
        contact: ContactId,
        day: &str,
        now: i64,
    ) -> Result<Option<bool>, StoreError> {
        let mut tx = self.begin_write().await?;
        let digest: Option<i64> = sqlx::query_scalar(
            "INSERT INTO digests (contact_id, local_day, releases, created_at) \
             VALUES ($1, $2, 0, $3) ON CONFLICT (contact_id, local_day) DO NOTHING RETURNING id",
        )
        .bind(contact.get())
        .bind(day.to_owned())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(digest) = digest else {
            tx.rollback().await?;
            return Ok(None);
        };
        let who: ContactRow = sqlx::query_as(
            "SELECT name, email, language, time_zone FROM contacts WHERE id = $1 AND email IS NOT NULL",
        )
        .bind(contact.get())
        .fetch_one(&mut *tx)
        .await?;
        let sql = format!(
            "SELECT r.id, r.unit_code, u.name AS unit_name, r.slug, r.title, r.state, r.public_at, \
             r.embargo, r.withdrawn_at FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.state = 'released' AND r.public_at IS NOT NULL AND r.public_at <= $2 \
             AND NOT EXISTS (SELECT 1 FROM digest_items i WHERE i.contact_id = $1 AND i.release_id = r.id) \
             AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.contact_id = $1 \
                 AND d.release_id = r.id AND d.cause = 'publish') \
             AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = $1 AND s.ended_at IS NULL \
                 AND s.delivery = 'digest' AND r.public_at >= COALESCE(s.delivery_since, s.created_at) \
                 AND {COVERS}) \
             ORDER BY r.public_at, r.id LIMIT {MAX_ITEMS}"
        );
        let candidates: Vec<CandidateRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(contact.get())
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
        let mut items = Vec::new();
        for c in candidates {
            let code = unit_code(&c.unit_code)?;
            let facts = ReleaseFacts {
                unit: &code,
                state: c.state,
                public_at: c.public_at,
                embargo: c.embargo != 0,
                withdrawn_at: c.withdrawn_at,
            };
            // The public's rule, to the second: nobody reads a digest early.
            if mail_timing(&[], &facts, now) != (MailTiming::Now { embargoed: false }) {
                continue;
            }
            items.push(DigestItem {
                id: ReleaseId::new(c.id),
                unit_name: c.unit_name,
                slug: c.slug,
                title: c.title,
                public_at: c.public_at.unwrap_or(now),
            });
        }
        let queued = !items.is_empty();
        if queued {
            let recipient = Recipient {
                contact_id: contact,
                name: who.name,
                email: who.email,
                language: who.language,
                time_zone: who.time_zone,
                embargoed: false,
            };
            let key = digest_key(contact, day);
            let composed = composer.compose_digest(&items, &recipient, day);
            let email = NewEmail {
                idempotency_key: key.clone(),
                recipient: recipient.email.clone(),
                subject: composed.subject,
                body_text: composed.body_text,
            };
            enqueue_email_with_headers(&mut tx, &email, &composed.headers, now).await?;
            for item in &items {
                sqlx::query(
                    "INSERT INTO digest_items (contact_id, release_id, digest_id) VALUES ($1, $2, $3)",
                )
                .bind(contact.get())
                .bind(item.id.get())
                .bind(digest)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE digests SET idempotency_key = $1, releases = $2 WHERE id = $3")
                .bind(key)
                .bind(i64::try_from(items.len()).unwrap_or(i64::MAX))
                .bind(digest)
                .execute(&mut *tx)
                .await?;
        }
        changes::append(
            &mut tx,
            now,
            "digest",
            &digest.to_string(),
            "create",
            &serde_json::json!({"contact": contact.get(), "releases": items.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(queued))
    }

    /// A contact's digests, newest first: (local day, releases listed).
    pub async fn digests_of(&self, contact: ContactId) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT local_day, releases FROM digests WHERE contact_id = $1 ORDER BY local_day DESC LIMIT 60",
        )
        .bind(contact.get())
        .fetch_all(&self.pool)
        .await?)
    }
}
