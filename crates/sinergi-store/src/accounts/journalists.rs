//! Media outlets, journalists and their accreditations. A journalist is a
//! user of kind `journalist` linked to an outlet; an accreditation by a unit
//! (or for its subtree) lets them read what the unit shares with the press
//! before publication.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::UnitCode;
use sinergi_domain::UserId;
use sinergi_domain::access::{Accreditation, Scope};

use super::audit::{self, Actor, AuditEvent};
use super::one_time_tokens::{self, NewOneTimeToken};
use super::users::{NewUser, UserKind, insert_user};
use crate::outbox::{NewEmail, enqueue_email};
use crate::scope_sql::{arguments, scope_condition};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Outlet {
    pub id: i64,
    pub name: String,
    pub website: Option<String>,
}

/// An accreditation with the journalist and outlet, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccreditationRow {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub outlet: Option<String>,
    pub accreditation: Accreditation,
    pub granted_at: i64,
}

fn accreditation(unit: String, reach: String) -> Result<Accreditation, StoreError> {
    Ok(Accreditation {
        unit: UnitCode::parse(&unit).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        reach: reach.parse().map_err(StoreError::Corrupt)?,
    })
}

fn accreditation_json(a: &Accreditation) -> serde_json::Value {
    json!({"unit": a.unit, "reach": a.reach})
}

/// A unit and reach as stored.
#[derive(sqlx::FromRow)]
struct StoredAccreditation {
    unit_code: String,
    reach: String,
}

impl TryFrom<StoredAccreditation> for Accreditation {
    type Error = StoreError;
    fn try_from(a: StoredAccreditation) -> Result<Accreditation, StoreError> {
        accreditation(a.unit_code, a.reach)
    }
}

/// A row of [`ROW_SQL`].
#[derive(sqlx::FromRow)]
struct ListedAccreditation {
    id: i64,
    user_id: i64,
    name: String,
    email: String,
    outlet: Option<String>,
    #[sqlx(flatten)]
    accreditation: StoredAccreditation,
    granted_at: i64,
}

impl TryFrom<ListedAccreditation> for AccreditationRow {
    type Error = StoreError;
    fn try_from(r: ListedAccreditation) -> Result<AccreditationRow, StoreError> {
        Ok(AccreditationRow {
            id: r.id,
            user_id: UserId::new(r.user_id),
            name: r.name,
            email: r.email,
            outlet: r.outlet,
            accreditation: r.accreditation.try_into()?,
            granted_at: r.granted_at,
        })
    }
}

const ROW_SQL: &str = "SELECT a.id AS id, u.id AS user_id, u.name AS name, u.email AS email, \
     o.name AS outlet, a.unit_code AS unit_code, a.reach AS reach, a.granted_at AS granted_at \
     FROM accreditations a JOIN users u ON u.id = a.user_id LEFT JOIN outlets o ON o.id = u.outlet_id";

impl Store {
    pub async fn create_outlet(
        &self,
        name: &str,
        website: Option<&str>,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outlets (name, website, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name.trim().to_owned())
        .bind(website.map(str::to_owned))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent {
            action: "outlet.create",
            target: format!("outlet:{id}"),
            unit_code: None,
            before: None,
            after: Some(json!({"name": name, "website": website})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn outlet(&self, id: i64) -> Result<Outlet, StoreError> {
        sqlx::query_as("SELECT id, name, website FROM outlets WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("outlet {id}")))
    }

    /// Registers a journalist with a first accreditation, and queues the
    /// e-mail whose single-use link lets them choose a password.
    pub async fn register_journalist(
        &self,
        new: &NewUser,
        first: &Accreditation,
        token: &NewOneTimeToken,
        email: &NewEmail,
        actor: &Actor,
        now: i64,
    ) -> Result<UserId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_user(&mut tx, new, now).await?;
        let event = AuditEvent {
            action: "journalist.register",
            target: format!("user:{id}"),
            unit_code: Some(first.unit.to_string()),
            before: None,
            after: Some(json!({"email": new.email, "name": new.name, "outlet_id": new.outlet_id})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        grant_in(&mut tx, self, id, first, actor, now).await?;
        let token = NewOneTimeToken {
            user_id: Some(UserId::new(id)),
            ..token.clone()
        };
        one_time_tokens::insert(&mut tx, &token, now).await?;
        enqueue_email(&mut tx, email, now).await?;
        tx.commit().await?;
        Ok(UserId::new(id))
    }

    pub async fn grant_accreditation(
        &self,
        user_id: UserId,
        a: &Accreditation,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        let id = grant_in(&mut tx, self, user_id, a, actor, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn revoke_accreditation(
        &self,
        id: i64,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let (_, current) = self.accreditation(id).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE accreditations SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(actor.user_id.map(UserId::get))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent {
            action: "accreditation.revoke",
            target: format!("accreditation:{id}"),
            unit_code: Some(current.unit.to_string()),
            before: Some(accreditation_json(&current)),
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A current accreditation and its journalist.
    pub async fn accreditation(&self, id: i64) -> Result<(UserId, Accreditation), StoreError> {
        let (user_id, unit, reach): (i64, String, String) = sqlx::query_as("SELECT user_id, unit_code, reach FROM accreditations WHERE id = $1 AND revoked_at IS NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("accreditation {id}")))?;
        Ok((UserId::new(user_id), accreditation(unit, reach)?))
    }

    /// A journalist's current accreditations.
    pub async fn accreditations_of(
        &self,
        user_id: UserId,
    ) -> Result<Vec<Accreditation>, StoreError> {
        let user_id = user_id.get();
        let rows: Vec<StoredAccreditation> = sqlx::query_as("SELECT unit_code, reach FROM accreditations WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(Accreditation::try_from).collect()
    }

    /// Current accreditations by units within `scope`.
    pub async fn accreditations_in_scope(
        &self,
        scope: &Scope,
    ) -> Result<Vec<AccreditationRow>, StoreError> {
        let mut binds = Vec::new();
        let condition = scope_condition("a.unit_code", scope, &mut binds);
        let sql = format!(
            "{ROW_SQL} WHERE a.revoked_at IS NULL AND {condition} ORDER BY a.unit_code, u.name, a.id"
        );
        let rows: Vec<ListedAccreditation> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(AccreditationRow::try_from).collect()
    }
}

pub(crate) async fn grant_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    store: &Store,
    user_id: i64,
    a: &Accreditation,
    actor: &Actor,
    now: i64,
) -> Result<i64, StoreError> {
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    let kind = kind
        .map(|k| k.parse::<UserKind>())
        .transpose()
        .map_err(StoreError::Corrupt)?;
    match kind {
        Some(UserKind::Journalist) => {}
        Some(UserKind::Staff) => {
            return Err(StoreError::Invalid(
                "only journalists can be accredited".into(),
            ));
        }
        None => return Err(StoreError::NotFound(format!("user {user_id}"))),
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO accreditations (user_id, unit_code, reach, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(a.unit.as_str())
    .bind(a.reach.as_str())
    .bind(actor.user_id.map(UserId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let event = AuditEvent {
        action: "accreditation.grant",
        target: format!("accreditation:{id}"),
        unit_code: Some(a.unit.to_string()),
        before: None,
        after: Some(json!({"journalist": user_id, "unit": a.unit, "reach": a.reach})),
    };
    audit::append(tx, store.backend, actor, event, now).await?;
    Ok(id)
}
