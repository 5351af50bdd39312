//! Addresses that bounced hard: the mail worker records a 5xx answer at
//! send time here; distribution and pitches leave the address out, the
//! worker drops distribution mail already queued for it, and the contact's
//! page and the release's delivery status show it. An officer lifts the
//! entry (after the journalist fixed their mailbox); a changed address is
//! a new address. Erasure deletes the entry.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::ContactId;

use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::{Store, StoreError};

/// Why and since when an address is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Suppression {
    pub reason: String,
    pub created_at: i64,
}

impl Store {
    /// Leaves `email` out from now on (`reason`: the server's code). A
    /// second bounce keeps the first entry. Returns whether it is new.
    pub async fn suppress_address(
        &self,
        email: &str,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO suppressions (email, reason, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(email.trim().to_lowercase())
        .bind(reason.chars().take(100).collect::<String>())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether (and why) `email` is left out.
    pub async fn suppression(&self, email: &str) -> Result<Option<Suppression>, StoreError> {
        Ok(
            sqlx::query_as("SELECT reason, created_at FROM suppressions WHERE email = $1")
                .bind(email.trim().to_lowercase())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Lifts the entry of contact `id`'s address (audited).
    pub async fn lift_suppression(
        &self,
        id: ContactId,
        actor: &Actor,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let email: Option<Option<String>> =
            sqlx::query_scalar("SELECT email FROM contacts WHERE id = $1")
                .bind(id.get())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(Some(email)) = email else {
            return Err(StoreError::NotFound(format!("contact {id}")));
        };
        let done = sqlx::query("DELETE FROM suppressions WHERE email = $1")
            .bind(email)
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent {
            action: "suppression.lift",
            target: format!("contact:{id}"),
            unit_code: None,
            before: None,
            after: Some(json!({"lifted": done.rows_affected()})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}
