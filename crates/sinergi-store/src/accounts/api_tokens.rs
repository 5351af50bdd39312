//! API tokens: created by a user, limited to some of their rights, shown
//! once, stored as a hash, revocable, with the time of last use.

use serde::Serialize;
use sinergi_domain::UserId;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub prefix: String,
    pub rights: Vec<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A row of [`COLUMNS`].
#[derive(sqlx::FromRow)]
struct ApiTokenRow {
    id: i64,
    user_id: i64,
    name: String,
    prefix: String,
    /// Comma-separated.
    rights: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<ApiTokenRow> for ApiTokenInfo {
    fn from(r: ApiTokenRow) -> ApiTokenInfo {
        ApiTokenInfo {
            id: r.id,
            user_id: UserId::new(r.user_id),
            name: r.name,
            prefix: r.prefix,
            rights: r
                .rights
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

const COLUMNS: &str = "id, user_id, name, prefix, rights, created_at, last_used_at, revoked_at";

impl Store {
    pub(crate) async fn insert_api_token(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        rights: &[String],
        now: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, rights, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(prefix)
        .bind(rights.join(","))
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// The live token with this hash, noting that it was used now. The
    /// time of use is written at most once a minute, so that a busy client
    /// does not turn every read into a write.
    pub async fn use_api_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<ApiTokenInfo>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
        );
        let row: Option<ApiTokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        let Some(mut token) = row.map(ApiTokenInfo::from) else {
            return Ok(None);
        };
        if token.last_used_at.is_none_or(|at| now - at >= 60_000_000) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token.id)
                .execute(&self.pool)
                .await?;
            token.last_used_at = Some(now);
        }
        Ok(Some(token))
    }

    pub async fn api_tokens_of(&self, user_id: UserId) -> Result<Vec<ApiTokenInfo>, StoreError> {
        let user_id = user_id.get();
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
        let rows: Vec<ApiTokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(ApiTokenInfo::from).collect())
    }

    pub async fn api_token(&self, id: i64) -> Result<ApiTokenInfo, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
        let row: ApiTokenRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("API token {id}")))?;
        Ok(row.into())
    }
}
