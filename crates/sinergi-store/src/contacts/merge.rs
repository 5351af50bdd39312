//! Merging two records of one person: the duplicate's history (consent
//! records, subscriptions, notes, deliveries, pitches, digests, invitations,
//! feed addresses) moves to the kept record in one transaction, and the
//! duplicate stays behind as a row pointing at it (`merged_into`), so old
//! links lead to the kept record and erasing the kept record erases it too.
//!
//! Rows that cannot move because the kept record already holds the same
//! fact (both were chosen for one pitch, both got a digest on one day)
//! stay on the duplicate: they are history, and its erasure reaches them.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::search_key::fold;
use sinergi_domain::{ContactId, UserId};
use sqlx::{Any, Transaction};

use super::join_list;
use super::records::ContactDraft;
use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::{Store, StoreError, changes};

/// How much history a contact holds: what a merge would move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Holdings {
    pub consents: i64,
    pub subscriptions: i64,
    pub notes: i64,
    pub deliveries: i64,
    pub pitches: i64,
    pub invitations: i64,
}

/// A record merged into another: shown on the kept one as its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MergedRecord {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    /// When it was merged.
    pub merged_at: i64,
}

/// Both records of a merge at the versions the officer saw.
#[derive(Debug, Clone, Copy)]
pub struct MergeIds {
    pub keep: ContactId,
    pub keep_version: i64,
    pub other: ContactId,
    pub other_version: i64,
}

/// `UPDATE table SET contact_id = keep WHERE contact_id = other`, for rows
/// whose key the kept record does not already hold (`same` names the
/// columns that, with the contact, make a row unique).
async fn move_rows(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    same: &[&str],
    keep: i64,
    other: i64,
) -> Result<u64, StoreError> {
    let clash = if same.is_empty() {
        String::new()
    } else {
        let cols = same
            .iter()
            .map(|c| format!("k.{c} = {table}.{c}"))
            .collect::<Vec<_>>()
            .join(" AND ");
        format!(" AND NOT EXISTS (SELECT 1 FROM {table} k WHERE k.contact_id = $1 AND {cols})")
    };
    let sql = format!("UPDATE {table} SET contact_id = $1 WHERE contact_id = $2{clash}");
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(keep)
        .bind(other)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

impl Store {
    /// Counts of what contact `id` holds.
    pub async fn contact_holdings(&self, id: ContactId) -> Result<Holdings, StoreError> {
        let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM consents WHERE contact_id = $1), \
             (SELECT COUNT(*) FROM subscriptions WHERE contact_id = $1 AND ended_at IS NULL), \
             (SELECT COUNT(*) FROM contact_notes WHERE contact_id = $1), \
             (SELECT COUNT(*) FROM deliveries WHERE contact_id = $1), \
             (SELECT COUNT(*) FROM pitch_recipients WHERE contact_id = $1), \
             (SELECT COUNT(*) FROM event_invited_contacts WHERE contact_id = $1)",
        )
        .bind(id.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(Holdings {
            consents: row.0,
            subscriptions: row.1,
            notes: row.2,
            deliveries: row.3,
            pitches: row.4,
            invitations: row.5,
        })
    }

    /// The records merged into `id`, oldest merge first.
    pub async fn merged_records(&self, id: ContactId) -> Result<Vec<MergedRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, name, email, updated_at AS merged_at FROM contacts \
             WHERE merged_into = $1 AND erased_at IS NULL ORDER BY updated_at, id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Where a merged record went, if `id` was merged.
    pub async fn merged_target(&self, id: ContactId) -> Result<Option<ContactId>, StoreError> {
        let to: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT merged_into FROM contacts WHERE id = $1 AND erased_at IS NULL",
        )
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(to.flatten().map(ContactId::new))
    }

    /// Merges `ids.other` into `ids.keep`, whose details become `d` (the
    /// service combined them). Either record changed since the versions
    /// given is a conflict and nothing is written. Audited on both.
    pub async fn merge_contacts(
        &self,
        ids: MergeIds,
        d: &ContactDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let (keep, other) = (ids.keep.get(), ids.other.get());
        let mut tx = self.begin_write().await?;
        // The duplicate first: it gives up its account link, which is unique.
        let done = sqlx::query(
            "UPDATE contacts SET merged_into = $1, user_id = NULL, updated_at = $2, \
             version = version + 1 \
             WHERE id = $3 AND version = $4 AND merged_into IS NULL AND erased_at IS NULL",
        )
        .bind(keep)
        .bind(now)
        .bind(other)
        .bind(ids.other_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "contact {other} changed since version {}; reload it",
                ids.other_version
            )));
        }
        let done = sqlx::query(
            "UPDATE contacts SET name = $1, name_key = $2, email = $3, phone = $4, whatsapp = $5, \
             role_title = $6, outlet_id = $7, organisation = $8, beats = $9, regions = $10, \
             languages = $11, user_id = $12, updated_at = $13, version = version + 1 \
             WHERE id = $14 AND version = $15 AND merged_into IS NULL AND erased_at IS NULL",
        )
        .bind(d.name.clone())
        .bind(fold(&d.name))
        .bind(d.email.clone())
        .bind(d.phone.clone())
        .bind(d.whatsapp.clone())
        .bind(d.role_title.clone())
        .bind(d.outlet_id)
        .bind(d.organisation.clone())
        .bind(join_list(&d.beats))
        .bind(join_list(&d.regions))
        .bind(join_list(&d.languages))
        .bind(d.user_id.map(UserId::get))
        .bind(now)
        .bind(keep)
        .bind(ids.keep_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "contact {keep} changed since version {}; reload it",
                ids.keep_version
            )));
        }
        // A subscription the kept record already has ends (as merged)
        // rather than doubling; the rest move.
        sqlx::query(
            "UPDATE subscriptions SET ended_at = $1, ended_via = 'merge' \
             WHERE contact_id = $2 AND ended_at IS NULL AND EXISTS (SELECT 1 FROM subscriptions k \
               WHERE k.contact_id = $3 AND k.ended_at IS NULL AND k.target = subscriptions.target \
               AND COALESCE(k.unit_code, '') = COALESCE(subscriptions.unit_code, '') \
               AND COALESCE(k.campaign_id, 0) = COALESCE(subscriptions.campaign_id, 0) \
               AND COALESCE(k.tag, '') = COALESCE(subscriptions.tag, ''))",
        )
        .bind(now)
        .bind(other)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        for table in [
            "subscriptions",
            "consents",
            "contact_notes",
            "feed_tokens",
            "deliveries",
        ] {
            move_rows(&mut tx, table, &[], keep, other).await?;
        }
        move_rows(&mut tx, "pitch_recipients", &["pitch_id"], keep, other).await?;
        move_rows(&mut tx, "digests", &["local_day"], keep, other).await?;
        move_rows(&mut tx, "digest_items", &["release_id"], keep, other).await?;
        move_rows(
            &mut tx,
            "event_invited_contacts",
            &["event_id"],
            keep,
            other,
        )
        .await?;
        // Records merged into the duplicate before now point at the kept one.
        sqlx::query("UPDATE contacts SET merged_into = $1 WHERE merged_into = $2")
            .bind(keep)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        for (target, action, with) in [
            (keep, "contact.merge", json!({ "merged": other })),
            (other, "contact.merged_into", json!({ "into": keep })),
        ] {
            let event = AuditEvent {
                action,
                target: format!("contact:{target}"),
                unit_code: None,
                before: None,
                after: Some(with),
            };
            audit::append(&mut tx, self.backend, actor, event, now).await?;
            changes::append(
                &mut tx,
                now,
                "contact",
                &target.to_string(),
                "update",
                &json!({}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
