//! Single-use links (password reset, invitation). Only a hash of the token
//! is stored; taking a token marks it used in the same statement, so it
//! works once even under concurrent clicks. A person has at most one live
//! reset link: a new one, or using one, revokes the others (they are marked
//! used, which is what "no longer valid" checks).

use crate::{Store, StoreError};
use sinergi_domain::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Reset,
    Invite,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Reset => "reset",
            TokenPurpose::Invite => "invite",
        }
    }
}

/// What a token, once taken, was for.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TakenToken {
    pub user_id: Option<i64>,
    pub email: String,
    pub unit_code: Option<String>,
    pub role: Option<String>,
    pub reach: Option<String>,
    pub created_by: Option<i64>,
}

/// A token to store.
#[derive(Debug, Clone)]
pub struct NewOneTimeToken {
    pub token_hash: String,
    pub purpose: TokenPurpose,
    pub user_id: Option<UserId>,
    pub email: String,
    pub unit_code: Option<String>,
    pub role: Option<String>,
    pub reach: Option<String>,
    pub created_by: Option<UserId>,
    pub expires_at: i64,
}

pub(crate) async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    t: &NewOneTimeToken,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, purpose, user_id, email, unit_code, role, reach, created_by, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(t.token_hash.clone())
    .bind(t.purpose.as_str())
    .bind(t.user_id.map(UserId::get))
    .bind(t.email.clone())
    .bind(t.unit_code.clone())
    .bind(t.role.clone())
    .bind(t.reach.clone())
    .bind(t.created_by.map(UserId::get))
    .bind(now)
    .bind(t.expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn take(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    token_hash: &str,
    purpose: TokenPurpose,
    now: i64,
) -> Result<Option<TakenToken>, StoreError> {
    Ok(sqlx::query_as(
        "UPDATE one_time_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING user_id, email, unit_code, role, reach, created_by",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(&mut **tx)
    .await?)
}

/// Marks every live reset link of `user_id` used, so that only the link
/// about to be issued (or none) works. Returns how many were revoked.
pub(crate) async fn revoke_reset_links(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
    now: i64,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE one_time_tokens SET used_at = $1 \
         WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user_id)
    .bind(TokenPurpose::Reset.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

impl Store {
    /// What a usable token is for, without using it (to check a new
    /// password against the account's address before taking the token).
    pub async fn peek_one_time_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> Result<Option<TakenToken>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT user_id, email, unit_code, role, reach, created_by FROM one_time_tokens \
             WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Whether a token is still usable, without using it (to show a form).
    pub async fn one_time_token_is_valid(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT 1 FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }
}
