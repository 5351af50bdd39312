//! Consent records (UU PDP 27/2022): each states the purpose, the lawful
//! basis, when it was given, through which channel and who recorded it.
//! Records are never edited; a withdrawal is stamped on the record and
//! takes effect at once (distribution reads only standing consent).

use serde::Serialize;
use serde_json::json;
use sinergi_domain::contacts::{Basis, Channel, Purpose};
use sinergi_domain::{ContactId, UserId};
use sqlx::{Any, Transaction};

use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::{Store, StoreError, changes};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    pub purpose: Purpose,
    pub basis: Basis,
    pub channel: Channel,
    /// What proves it: "formulir pendaftaran 3 Des", a message id.
    pub evidence: String,
    pub given_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ConsentRecord {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub purpose: Purpose,
    #[sqlx(try_from = "String")]
    pub basis: Basis,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub evidence: String,
    pub given_at: i64,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
    pub withdrawn_at: Option<i64>,
    pub withdrawn_via: Option<String>,
}

pub(crate) async fn insert_consent(
    tx: &mut Transaction<'_, Any>,
    contact: i64,
    c: &NewConsent,
    by: Option<UserId>,
    now: i64,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO consents (contact_id, purpose, basis, channel, evidence, given_at, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(contact)
    .bind(c.purpose.as_str())
    .bind(c.basis.as_str())
    .bind(c.channel.as_str())
    .bind(c.evidence.clone())
    .bind(c.given_at)
    .bind(by.map(UserId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    changes::append(
        tx,
        now,
        "consent",
        &id.to_string(),
        "create",
        &json!({"contact": contact, "purpose": c.purpose}),
    )
    .await?;
    Ok(id)
}

pub(crate) async fn withdraw_in(
    tx: &mut Transaction<'_, Any>,
    contact: i64,
    purpose: Purpose,
    via: Channel,
    by: Option<UserId>,
    now: i64,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE consents SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_via = $3 \
         WHERE contact_id = $4 AND purpose = $5 AND withdrawn_at IS NULL",
    )
    .bind(now)
    .bind(by.map(UserId::get))
    .bind(via.as_str())
    .bind(contact)
    .bind(purpose.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() > 0 {
        changes::append(
            tx,
            now,
            "consent",
            &contact.to_string(),
            "withdraw",
            &json!({"contact": contact, "purpose": purpose}),
        )
        .await?;
    }
    Ok(done.rows_affected())
}

impl Store {
    pub async fn record_consent(
        &self,
        contact: ContactId,
        c: &NewConsent,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_consent(&mut tx, contact.get(), c, actor.user_id, now).await?;
        let event = AuditEvent {
            action: "consent.record",
            target: format!("contact:{contact}"),
            unit_code: None,
            before: None,
            after: Some(json!({"purpose": c.purpose, "basis": c.basis, "channel": c.channel})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Withdraws every standing consent of `contact` for `purpose`, at
    /// once. Returns how many records it closed.
    pub async fn withdraw_consent(
        &self,
        contact: ContactId,
        purpose: Purpose,
        via: Channel,
        actor: &Actor,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = withdraw_in(&mut tx, contact.get(), purpose, via, actor.user_id, now).await?;
        let event = AuditEvent {
            action: "consent.withdraw",
            target: format!("contact:{contact}"),
            unit_code: None,
            before: None,
            after: Some(json!({"purpose": purpose, "via": via, "records": n})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Every consent record of a contact, newest first.
    pub async fn consents(&self, contact: ContactId) -> Result<Vec<ConsentRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT k.id, k.purpose, k.basis, k.channel, k.evidence, k.given_at, \
             u.email AS recorded_by, k.recorded_at, k.withdrawn_at, k.withdrawn_via \
             FROM consents k LEFT JOIN users u ON u.id = k.recorded_by \
             WHERE k.contact_id = $1 ORDER BY k.recorded_at DESC, k.id DESC",
        )
        .bind(contact.get())
        .fetch_all(&self.pool)
        .await?)
    }
}
