//! Outlets as a media list needs them: kind, region, website and feeds.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::contacts::OutletKind;

use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::{Store, StoreError, changes};

/// An outlet as the service checked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletDraft {
    pub name: String,
    pub kind: OutletKind,
    pub region_code: Option<String>,
    pub website: Option<String>,
    /// Feed addresses, one per line.
    pub feeds: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct OutletRecord {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: OutletKind,
    pub region_code: Option<String>,
    pub website: Option<String>,
    pub feeds: String,
}

const OUTLET_COLUMNS: &str = "id, name, kind, region_code, website, feeds";

impl Store {
    pub async fn create_outlet_record(
        &self,
        d: &OutletDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outlets (name, website, created_at, kind, region_code, feeds) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(d.name.clone())
        .bind(d.website.clone())
        .bind(now)
        .bind(d.kind.as_str())
        .bind(d.region_code.clone())
        .bind(d.feeds.clone())
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent {
            action: "outlet.create",
            target: format!("outlet:{id}"),
            unit_code: None,
            before: None,
            after: Some(json!({"name": d.name, "kind": d.kind, "website": d.website})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(
            &mut tx,
            now,
            "outlet",
            &id.to_string(),
            "create",
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_outlet_record(
        &self,
        id: i64,
        d: &OutletDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE outlets SET name = $1, website = $2, kind = $3, region_code = $4, feeds = $5 \
             WHERE id = $6",
        )
        .bind(d.name.clone())
        .bind(d.website.clone())
        .bind(d.kind.as_str())
        .bind(d.region_code.clone())
        .bind(d.feeds.clone())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("outlet {id}")));
        }
        let event = AuditEvent {
            action: "outlet.update",
            target: format!("outlet:{id}"),
            unit_code: None,
            before: None,
            after: Some(json!({"name": d.name, "kind": d.kind, "website": d.website})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(
            &mut tx,
            now,
            "outlet",
            &id.to_string(),
            "update",
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn outlet_record(&self, id: i64) -> Result<Option<OutletRecord>, StoreError> {
        let sql = format!("SELECT {OUTLET_COLUMNS} FROM outlets WHERE id = $1");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Every outlet, by name (media lists are hundreds, not millions).
    pub async fn outlet_records(&self) -> Result<Vec<OutletRecord>, StoreError> {
        let sql = format!("SELECT {OUTLET_COLUMNS} FROM outlets ORDER BY name, id");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?)
    }

    /// The outlet called `name` (case-insensitively), if any.
    pub async fn outlet_by_name(&self, name: &str) -> Result<Option<OutletRecord>, StoreError> {
        let sql = format!(
            "SELECT {OUTLET_COLUMNS} FROM outlets WHERE LOWER(name) = $1 ORDER BY id LIMIT 1"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(name.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?)
    }
}
