//! Users, their memberships, outlets and accreditations.

use serde::Serialize;
use sinergi_domain::UnitCode;
use sinergi_domain::UserId;
use sinergi_domain::access::{Membership, Reach, Role, Scope};
use sqlx::{Any, Transaction};

use crate::rows::MembershipRow;
use crate::scope_sql::{Bind, arguments, scope_condition};
use crate::{Store, StoreError};

/// The account kind is the domain's; stored by its `as_str` name.
pub use sinergi_domain::access::UserKind;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
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
    pub user_id: UserId,
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

/// A user as [`USER_COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    #[sqlx(try_from = "String")]
    kind: UserKind,
    outlet_id: Option<i64>,
    password_hash: Option<String>,
    language: String,
    /// 0 or 1.
    active: i64,
    created_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> User {
        User {
            id: UserId::new(r.id),
            email: r.email,
            name: r.name,
            kind: r.kind,
            outlet_id: r.outlet_id,
            password_hash: r.password_hash,
            language: r.language,
            active: r.active != 0,
            created_at: r.created_at,
        }
    }
}

/// A membership with its id (and, where selected, its member).
#[derive(sqlx::FromRow)]
struct MembershipWithId {
    id: i64,
    #[sqlx(flatten)]
    membership: MembershipRow,
}

/// A row of the members listing.
#[derive(sqlx::FromRow)]
struct MemberListRow {
    #[sqlx(flatten)]
    membership: MembershipWithId,
    user_id: i64,
    email: String,
    name: String,
    /// 0 or 1.
    active: i64,
    unit_name: String,
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
    Ok(sqlx::query_scalar(
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
    .await?)
}

pub(crate) async fn insert_membership(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    m: &Membership,
    created_by: Option<i64>,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
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
    .await?)
}

impl Store {
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(normalize_email(email))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(User::from))
    }

    pub async fn user_by_id(&self, id: UserId) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: UserRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))?;
        Ok(row.into())
    }

    /// Keeps a person's choice of language (`id` or `en`) for their next sign-in.
    pub async fn set_user_language(
        &self,
        user_id: UserId,
        language: &str,
    ) -> Result<(), StoreError> {
        let user_id = user_id.get();
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The current memberships of a user.
    pub async fn memberships_of(
        &self,
        user_id: UserId,
    ) -> Result<Vec<(i64, Membership)>, StoreError> {
        let user_id = user_id.get();
        let rows: Vec<MembershipWithId> = sqlx::query_as(
            "SELECT id, unit_code, role, reach FROM memberships \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| Ok((r.id, Membership::try_from(r.membership)?)))
            .collect()
    }

    pub async fn membership(&self, id: i64) -> Result<(i64, UserId, Membership), StoreError> {
        let (user_id, row): (i64, MembershipWithId) = sqlx::query_as(
            "SELECT id, unit_code, role, reach, user_id FROM memberships WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r: MembershipOfUser| (r.user_id, r.membership))
        .ok_or_else(|| StoreError::NotFound(format!("membership {id}")))?;
        Ok((
            row.id,
            UserId::new(user_id),
            Membership::try_from(row.membership)?,
        ))
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
            "SELECT m.id AS id, m.unit_code AS unit_code, m.role AS role, m.reach AS reach, \
             u.id AS user_id, u.email AS email, u.name AS name, u.active AS active, \
             un.name AS unit_name \
             FROM memberships m JOIN users u ON u.id = m.user_id JOIN units un ON un.code = m.unit_code \
             WHERE m.revoked_at IS NULL AND {condition} ORDER BY m.unit_code, u.name, m.id"
        );
        let rows: Vec<MemberListRow> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|r| {
                let m = Membership::try_from(r.membership.membership)?;
                Ok(MemberRow {
                    membership_id: r.membership.id,
                    user_id: UserId::new(r.user_id),
                    email: r.email,
                    name: r.name,
                    active: r.active != 0,
                    unit: m.unit,
                    unit_name: r.unit_name,
                    role: m.role,
                    reach: m.reach,
                })
            })
            .collect()
    }
}

/// A membership with its id and member.
#[derive(sqlx::FromRow)]
struct MembershipOfUser {
    user_id: i64,
    #[sqlx(flatten)]
    membership: MembershipWithId,
}
