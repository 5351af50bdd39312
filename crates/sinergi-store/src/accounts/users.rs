//! Users, their memberships, outlets and accreditations.

use serde::Serialize;
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Reach, Role, Scope};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::scope_sql::{Bind, bind_all, scope_condition};
use crate::{Store, StoreError};

/// The account kind is the domain's; stored by its `as_str` name.
pub use sinergi_domain::access::UserKind;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub kind: UserKind,
    pub outlet_id: Option<i64>,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub language: String,
    pub active: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub kind: UserKind,
    pub outlet_id: Option<i64>,
    pub password_hash: Option<String>,
}

/// A membership with its id and the member, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub membership_id: i64,
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub unit: UnitCode,
    pub unit_name: String,
    pub role: Role,
    pub reach: Reach,
}

const USER_COLUMNS: &str =
    "id, email, name, kind, outlet_id, password_hash, language, active, created_at";

fn user(row: &AnyRow) -> Result<User, StoreError> {
    let kind: String = row.try_get(3)?;
    let active: i64 = row.try_get(7)?;
    Ok(User {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        name: row.try_get(2)?,
        kind: kind.parse().map_err(StoreError::Corrupt)?,
        outlet_id: row.try_get(4)?,
        password_hash: row.try_get(5)?,
        language: row.try_get(6)?,
        active: active != 0,
        created_at: row.try_get(8)?,
    })
}

/// E-mail addresses are compared without case and surrounding space.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) async fn insert_user(
    tx: &mut Transaction<'_, Any>,
    new: &NewUser,
    now: i64,
) -> Result<i64, StoreError> {
    let email = normalize_email(&new.email);
    let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "an account for {email} already exists"
        )));
    }
    let row = sqlx::query(
        "INSERT INTO users (email, name, kind, outlet_id, password_hash, created_at, updated_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
    )
    .bind(email)
    .bind(new.name.trim().to_owned())
    .bind(new.kind.as_str())
    .bind(new.outlet_id)
    .bind(new.password_hash.clone())
    .bind(now)
    .bind(new.password_hash.as_ref().map(|_| now))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub(crate) async fn insert_membership(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    m: &Membership,
    created_by: Option<i64>,
    now: i64,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO memberships (user_id, unit_code, role, reach, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(m.unit.as_str())
    .bind(m.role.as_str())
    .bind(m.reach.as_str())
    .bind(now)
    .bind(created_by)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

impl Store {
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(normalize_email(email))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    pub async fn user_by_id(&self, id: i64) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))?;
        user(&row)
    }

    /// Keeps a person's choice of language (`id` or `en`) for their next sign-in.
    pub async fn set_user_language(&self, user_id: i64, language: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The current memberships of a user.
    pub async fn memberships_of(&self, user_id: i64) -> Result<Vec<(i64, Membership)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, unit_code, role, reach FROM memberships \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(membership).collect()
    }

    pub async fn membership(&self, id: i64) -> Result<(i64, i64, Membership), StoreError> {
        let row = sqlx::query(
            "SELECT id, unit_code, role, reach, user_id FROM memberships WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("membership {id}")))?;
        let (id, m) = membership(&row)?;
        Ok((id, row.try_get(4)?, m))
    }

    /// Members of units within `scope`, optionally of one unit only.
    pub async fn members_in_scope(
        &self,
        scope: &Scope,
        unit: Option<&UnitCode>,
    ) -> Result<Vec<MemberRow>, StoreError> {
        let mut binds = Vec::new();
        let mut condition = scope_condition("m.unit_code", scope, &mut binds);
        if let Some(u) = unit {
            binds.push(Bind::Text(u.to_string()));
            condition.push_str(&format!(" AND m.unit_code = ${}", binds.len()));
        }
        let sql = format!(
            "SELECT m.id, m.unit_code, m.role, m.reach, u.id, u.email, u.name, u.active, un.name \
             FROM memberships m JOIN users u ON u.id = m.user_id JOIN units un ON un.code = m.unit_code \
             WHERE m.revoked_at IS NULL AND {condition} ORDER BY m.unit_code, u.name, m.id"
        );
        let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let (membership_id, m) = membership(r)?;
                let active: i64 = r.try_get(7)?;
                Ok(MemberRow {
                    membership_id,
                    user_id: r.try_get(4)?,
                    email: r.try_get(5)?,
                    name: r.try_get(6)?,
                    active: active != 0,
                    unit: m.unit,
                    unit_name: r.try_get(8)?,
                    role: m.role,
                    reach: m.reach,
                })
            })
            .collect()
    }
}

fn membership(row: &AnyRow) -> Result<(i64, Membership), StoreError> {
    let corrupt = |e: String| StoreError::Corrupt(e);
    let unit: String = row.try_get(1)?;
    let role: String = row.try_get(2)?;
    let reach: String = row.try_get(3)?;
    Ok((
        row.try_get(0)?,
        Membership {
            unit: UnitCode::parse(&unit).map_err(|e| corrupt(e.to_string()))?,
            role: role.parse().map_err(corrupt)?,
            reach: reach.parse().map_err(corrupt)?,
        },
    ))
}
