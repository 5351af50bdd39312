//! Server-side sessions. The cookie holds a random id; only its hash is
//! stored, so a copy of the database does not let anyone sign in.

use crate::{Store, StoreError};
use sinergi_domain::UserId;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRecord {
    #[sqlx(try_from = "i64")]
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

impl Store {
    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: UserId,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
        ip: Option<&str>,
    ) -> Result<(), StoreError> {
        let user_id = user_id.get();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) \
             VALUES ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .bind(ip.map(str::to_owned))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a user (password change, deactivation).
    pub async fn delete_sessions_of(&self, user_id: UserId) -> Result<(), StoreError> {
        let user_id = user_id.get();
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
