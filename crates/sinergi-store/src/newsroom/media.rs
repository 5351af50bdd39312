//! Images and attachments: their metadata; the bytes live in the blob store.

use serde::Serialize;
use sinergi_domain::ReleaseId;
use sinergi_domain::UserId;
use sinergi_domain::newsroom::MediaKind;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMedia {
    pub unit_code: String,
    pub sha256: String,
    pub thumb_sha256: Option<String>,
    pub kind: MediaKind,
    pub mime: String,
    pub extension: String,
    pub bytes: i64,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub original_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MediaRecord {
    pub id: i64,
    pub unit_code: String,
    pub sha256: String,
    pub thumb_sha256: Option<String>,
    /// Kept as its name (`MediaKind::as_str`).
    #[sqlx(try_from = "String")]
    pub kind: MediaKind,
    pub mime: String,
    pub extension: String,
    pub bytes: i64,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub original_name: String,
    pub created_at: i64,
    /// Alternative text, when read as part of a release (empty when the
    /// query has no `alt` column).
    #[sqlx(default)]
    pub alt: String,
}

/// Named as [`MediaRecord`]'s fields.
const MEDIA_COLUMNS: &str = "m.id, m.unit_code, m.sha256, m.thumb_sha256, m.kind, m.mime, \
    m.extension, m.bytes, m.width, m.height, m.original_name, m.created_at";

impl Store {
    pub async fn insert_media(
        &self,
        m: &NewMedia,
        author: Option<UserId>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let author = author.map(UserId::get);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO media (unit_code, sha256, thumb_sha256, kind, mime, extension, bytes, \
             width, height, original_name, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(m.unit_code.clone())
        .bind(m.sha256.clone())
        .bind(m.thumb_sha256.clone())
        .bind(m.kind.as_str())
        .bind(m.mime.clone())
        .bind(m.extension.clone())
        .bind(m.bytes)
        .bind(m.width)
        .bind(m.height)
        .bind(m.original_name.clone())
        .bind(author)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    pub async fn media(&self, id: i64) -> Result<Option<MediaRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MEDIA_COLUMNS} FROM media m WHERE m.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// A release's images and attachments, in order.
    pub async fn release_media(
        &self,
        release_id: ReleaseId,
    ) -> Result<Vec<MediaRecord>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MEDIA_COLUMNS}, rm.alt FROM release_media rm JOIN media m ON m.id = rm.media_id \
             WHERE rm.release_id = $1 ORDER BY rm.position"
        )))
        .bind(release_id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Releases that show a media file (any state); the caller decides
    /// whether one of them lets the reader see it.
    pub async fn releases_showing_media(
        &self,
        media_id: i64,
    ) -> Result<Vec<ReleaseId>, StoreError> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT release_id FROM release_media WHERE media_id = $1")
                .bind(media_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(ids.into_iter().map(ReleaseId::new).collect())
    }
}
