//! Accreditation requests: a journalist asks a unit from the portal; the
//! unit's editors grant (the accreditation is written in the same
//! transaction) or refuse it; either way the journalist's e-mail is queued
//! in that transaction. A request is decided once.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::UserId;
use sinergi_domain::access::{Accreditation, Scope};

use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::accounts::journalists::grant_in;
use crate::outbox::{NewEmail, enqueue_email};
use crate::scope_sql::{Bind, arguments, scope_condition};
use crate::{Store, StoreError, changes};

/// A request as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AccreditationRequest {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub unit_code: String,
    pub unit_name: String,
    pub message: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    /// `granted` or `refused`.
    pub decision: Option<String>,
    pub note: String,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.user_id, u.name, u.email, r.unit_code, \
     n.name AS unit_name, r.message, r.created_at, r.decided_at, r.decision, r.note \
     FROM accreditation_requests r JOIN users u ON u.id = r.user_id \
     JOIN units n ON n.code = r.unit_code";

impl Store {
    /// Records `user`'s request to `unit`. A request still open for the
    /// same unit is a conflict.
    pub async fn request_accreditation(
        &self,
        user: UserId,
        unit: &str,
        message: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM accreditation_requests \
             WHERE user_id = $1 AND unit_code = $2 AND decided_at IS NULL",
        )
        .bind(user.get())
        .bind(unit.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            return Err(StoreError::Conflict(
                "a request to this unit is already open".into(),
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accreditation_requests (user_id, unit_code, message, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user.get())
        .bind(unit.to_owned())
        .bind(message.to_owned())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent {
            action: "accreditation.request",
            target: format!("accreditation_request:{id}"),
            unit_code: Some(unit.to_owned()),
            before: None,
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(
            &mut tx,
            now,
            "accreditation_request",
            &id.to_string(),
            "create",
            &json!({"unit": unit}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn accreditation_request(
        &self,
        id: i64,
    ) -> Result<Option<AccreditationRequest>, StoreError> {
        let sql = format!("{REQUEST_SELECT} WHERE r.id = $1");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Requests to the units within `scope`, open ones first, newest first.
    pub async fn accreditation_requests_in(
        &self,
        scope: &Scope,
    ) -> Result<Vec<AccreditationRequest>, StoreError> {
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds: Vec<Bind> = Vec::new();
        let condition = scope_condition("r.unit_code", scope, &mut binds);
        let sql = format!(
            "{REQUEST_SELECT} WHERE {condition} \
             ORDER BY CASE WHEN r.decided_at IS NULL THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC \
             LIMIT 200"
        );
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// A journalist's own requests, newest first.
    pub async fn accreditation_requests_of(
        &self,
        user: UserId,
    ) -> Result<Vec<AccreditationRequest>, StoreError> {
        let sql =
            format!("{REQUEST_SELECT} WHERE r.user_id = $1 ORDER BY r.created_at DESC, r.id DESC");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(user.get())
            .fetch_all(&self.pool)
            .await?)
    }

    /// Decides request `id`: grants `grant` (when given) and queues
    /// `email` to the journalist, in one transaction. A request decided
    /// meanwhile is a conflict.
    pub async fn decide_accreditation_request(
        &self,
        id: i64,
        grant: Option<&Accreditation>,
        note: &str,
        email: &NewEmail,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let decision = if grant.is_some() {
            "granted"
        } else {
            "refused"
        };
        let done = sqlx::query(
            "UPDATE accreditation_requests SET decided_at = $1, decided_by = $2, decision = $3, \
             note = $4 WHERE id = $5 AND decided_at IS NULL",
        )
        .bind(now)
        .bind(actor.user_id.map(UserId::get))
        .bind(decision)
        .bind(note.to_owned())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(
                "the request was decided meanwhile".into(),
            ));
        }
        let (user, unit): (i64, String) =
            sqlx::query_as("SELECT user_id, unit_code FROM accreditation_requests WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if let Some(a) = grant {
            grant_in(&mut tx, self, user, a, actor, now).await?;
        }
        enqueue_email(&mut tx, email, now).await?;
        let event = AuditEvent {
            action: "accreditation.request.decide",
            target: format!("accreditation_request:{id}"),
            unit_code: Some(unit),
            before: None,
            after: Some(json!({"decision": decision})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(
            &mut tx,
            now,
            "accreditation_request",
            &id.to_string(),
            decision,
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
