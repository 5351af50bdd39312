//! Achievements and innovations: records, evidence, replications.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sinergi_domain::UserId;
use sinergi_domain::newsroom::{InnovationStage, ItemKind};
use sinergi_domain::{ItemId, UnitCode};
use sqlx::{Any, Transaction};

use super::replace_tags;
use crate::cursor::{self, Keyset, Page};
use crate::scope_sql::split_joined;
use crate::scope_sql::{Bind, arg, arguments};
use crate::{Store, StoreError, changes};

/// A link or file offered as proof of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Evidence {
    pub label: String,
    pub url: Option<String>,
    pub media_id: Option<i64>,
}

/// What an author writes for an item (validated by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub kind: ItemKind,
    pub title: String,
    pub description_md: String,
    pub category_key: Option<String>,
    pub occurred_on: Option<String>,
    pub problem_md: Option<String>,
    pub solution_md: Option<String>,
    pub impact_md: Option<String>,
    pub stage: Option<InnovationStage>,
    pub tags: Vec<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRecord {
    pub id: ItemId,
    pub kind: ItemKind,
    pub unit_code: UnitCode,
    pub unit_name: String,
    pub title: String,
    pub description_md: String,
    pub category_key: Option<String>,
    pub occurred_on: Option<String>,
    pub problem_md: Option<String>,
    pub solution_md: Option<String>,
    pub impact_md: Option<String>,
    pub stage: Option<InnovationStage>,
    pub tags: Vec<String>,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_public_at: Option<i64>,
    pub removed_at: Option<i64>,
}

impl ItemRecord {
    /// Whether a released release reports it and is public at `now`.
    pub fn is_published_at(&self, now: i64) -> bool {
        self.first_public_at.is_some_and(|t| t <= now)
    }
}

/// Another unit's record that it replicated an innovation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Replication {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub innovation_id: ItemId,
    pub unit_code: String,
    pub unit_name: String,
    pub replicated_on: Option<String>,
    pub note: String,
    pub created_at: i64,
}

/// A listing of items.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    /// Items of this unit…
    pub unit: Option<UnitCode>,
    /// …and, when set, of every unit below it.
    pub with_subtree: bool,
    pub kind: Option<ItemKind>,
    pub tag: Option<String>,
    /// `Some(now)`: only items published by then (what the public sees).
    pub published_by: Option<i64>,
    pub limit: i64,
    pub cursor: Option<String>,
}

/// Named as [`ItemRow`]'s fields.
const ITEM_COLUMNS: &str = "i.id, i.kind, i.unit_code, u.name AS unit_name, i.title, \
    i.description_md, i.category_key, i.occurred_on, i.problem_md, i.solution_md, i.impact_md, \
    i.stage, i.tags, i.version, i.created_by, i.created_at, i.updated_at, i.first_public_at, \
    i.removed_at";

/// An item as [`ITEM_COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    #[sqlx(try_from = "String")]
    kind: ItemKind,
    #[sqlx(try_from = "String")]
    unit_code: UnitCode,
    unit_name: String,
    title: String,
    description_md: String,
    category_key: Option<String>,
    occurred_on: Option<String>,
    problem_md: Option<String>,
    solution_md: Option<String>,
    impact_md: Option<String>,
    stage: Option<String>,
    /// Comma-separated.
    tags: String,
    version: i64,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    first_public_at: Option<i64>,
    removed_at: Option<i64>,
}

impl TryFrom<ItemRow> for ItemRecord {
    type Error = StoreError;
    fn try_from(r: ItemRow) -> Result<ItemRecord, StoreError> {
        Ok(ItemRecord {
            id: ItemId::new(r.id),
            kind: r.kind,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            title: r.title,
            description_md: r.description_md,
            category_key: r.category_key,
            occurred_on: r.occurred_on,
            problem_md: r.problem_md,
            solution_md: r.solution_md,
            impact_md: r.impact_md,
            stage: r
                .stage
                .map(|s| s.parse())
                .transpose()
                .map_err(StoreError::Corrupt)?,
            tags: split_joined(&r.tags),
            version: r.version,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            first_public_at: r.first_public_at,
            removed_at: r.removed_at,
        })
    }
}

async fn replace_evidence(
    tx: &mut Transaction<'_, Any>,
    item_id: i64,
    evidence: &[Evidence],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM item_evidence WHERE item_id = $1")
        .bind(item_id)
        .execute(&mut **tx)
        .await?;
    for e in evidence {
        sqlx::query(
            "INSERT INTO item_evidence (item_id, label, url, media_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(item_id)
        .bind(e.label.clone())
        .bind(e.url.clone())
        .bind(e.media_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn item_change(draft: &ItemDraft, unit: &str, version: i64) -> serde_json::Value {
    json!({"unit": unit, "kind": draft.kind, "title": draft.title, "version": version})
}

impl Store {
    pub async fn insert_item(
        &self,
        unit: &UnitCode,
        draft: &ItemDraft,
        author: Option<UserId>,
        now: i64,
    ) -> Result<ItemId, StoreError> {
        let author = author.map(UserId::get);
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO register_items (kind, unit_code, title, description_md, category_key, \
             occurred_on, problem_md, solution_md, impact_md, stage, tags, version, created_by, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13, $13) RETURNING id",
        )
        .bind(draft.kind.as_str())
        .bind(unit.as_str())
        .bind(draft.title.clone())
        .bind(draft.description_md.clone())
        .bind(draft.category_key.clone())
        .bind(draft.occurred_on.clone())
        .bind(draft.problem_md.clone())
        .bind(draft.solution_md.clone())
        .bind(draft.impact_md.clone())
        .bind(draft.stage.map(|s| s.as_str()))
        .bind(draft.tags.join(","))
        .bind(author)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        replace_tags(&mut tx, "item_tags", "item_id", id, &draft.tags).await?;
        replace_evidence(&mut tx, id, &draft.evidence).await?;
        changes::append(
            &mut tx,
            now,
            "register_item",
            &id.to_string(),
            "create",
            &item_change(draft, unit.as_str(), 1),
        )
        .await?;
        tx.commit().await?;
        Ok(ItemId::new(id))
    }

    /// Saves new content over version `expected_version`; a stale version
    /// is a conflict and changes nothing. Returns the new version.
    pub async fn update_item(
        &self,
        id: ItemId,
        expected_version: i64,
        draft: &ItemDraft,
        now: i64,
    ) -> Result<i64, StoreError> {
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE register_items SET title = $1, description_md = $2, category_key = $3, \
             occurred_on = $4, problem_md = $5, solution_md = $6, impact_md = $7, stage = $8, \
             tags = $9, version = version + 1, updated_at = $10 \
             WHERE id = $11 AND version = $12 AND removed_at IS NULL",
        )
        .bind(draft.title.clone())
        .bind(draft.description_md.clone())
        .bind(draft.category_key.clone())
        .bind(draft.occurred_on.clone())
        .bind(draft.problem_md.clone())
        .bind(draft.solution_md.clone())
        .bind(draft.impact_md.clone())
        .bind(draft.stage.map(|s| s.as_str()))
        .bind(draft.tags.join(","))
        .bind(now)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(stale("item", id, expected_version));
        }
        let unit: String = sqlx::query_scalar("SELECT unit_code FROM register_items WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        replace_tags(&mut tx, "item_tags", "item_id", id, &draft.tags).await?;
        replace_evidence(&mut tx, id, &draft.evidence).await?;
        let version = expected_version + 1;
        changes::append(
            &mut tx,
            now,
            "register_item",
            &id.to_string(),
            "update",
            &item_change(draft, &unit, version),
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Removes an item from the register (kept in the database, hidden).
    pub async fn remove_item(&self, id: ItemId, now: i64) -> Result<(), StoreError> {
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE register_items SET removed_at = $1, updated_at = $1 WHERE id = $2 AND removed_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("item {id}")));
        }
        changes::append(
            &mut tx,
            now,
            "register_item",
            &id.to_string(),
            "remove",
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn item(&self, id: ItemId) -> Result<Option<ItemRecord>, StoreError> {
        let row: Option<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM register_items i JOIN units u ON u.code = i.unit_code WHERE i.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        row.map(ItemRecord::try_from).transpose()
    }

    pub async fn items_by_ids(&self, ids: &[ItemId]) -> Result<Vec<ItemRecord>, StoreError> {
        let mut out = Vec::new();
        for id in ids {
            if let Some(i) = self.item(*id).await? {
                out.push(i);
            }
        }
        Ok(out)
    }

    pub async fn item_evidence(&self, id: ItemId) -> Result<Vec<Evidence>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT label, url, media_id FROM item_evidence WHERE item_id = $1 ORDER BY id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Items, newest first, one page at a time.
    pub async fn items(&self, q: &ItemQuery) -> Result<Page<ItemRecord>, StoreError> {
        let mut sql = format!(
            "SELECT {ITEM_COLUMNS} FROM register_items i JOIN units u ON u.code = i.unit_code \
             WHERE i.removed_at IS NULL"
        );
        let mut binds: Vec<Bind> = Vec::new();
        if let Some(unit) = &q.unit {
            let p = arg(&mut binds, Bind::Text(unit.to_string()));
            if q.with_subtree {
                let (lo, hi) = unit.descendant_range();
                let lo = arg(&mut binds, Bind::Text(lo));
                let hi = arg(&mut binds, Bind::Text(hi));
                sql.push_str(&format!(
                    " AND (i.unit_code = {p} OR (i.unit_code > {lo} AND i.unit_code < {hi}))"
                ));
            } else {
                sql.push_str(&format!(" AND i.unit_code = {p}"));
            }
        }
        if let Some(kind) = q.kind {
            let p = arg(&mut binds, Bind::Text(kind.as_str().to_owned()));
            sql.push_str(&format!(" AND i.kind = {p}"));
        }
        if let Some(tag) = &q.tag {
            let p = arg(&mut binds, Bind::Text(tag.clone()));
            sql.push_str(&format!(
                " AND i.id IN (SELECT item_id FROM item_tags WHERE tag = {p})"
            ));
        }
        if let Some(now) = q.published_by {
            let p = arg(&mut binds, Bind::Int(now));
            sql.push_str(&format!(" AND i.first_public_at <= {p}"));
        }
        let keys = Keyset::newest_first("i.created_at", "i.id", 200);
        let limit = keys.finish(&mut sql, &mut binds, q.cursor.as_deref(), q.limit)?;
        let rows: Vec<ItemRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .into_iter()
            .map(ItemRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(cursor::page(items, limit, |i| (i.created_at, i.id.get())))
    }

    /// Records that `unit` replicated innovation `innovation_id`. Recording
    /// it twice is a conflict.
    pub async fn add_replication(
        &self,
        innovation_id: ItemId,
        unit: &UnitCode,
        replicated_on: Option<&str>,
        note: &str,
        author: Option<UserId>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let author = author.map(UserId::get);
        let innovation_id = innovation_id.get();
        let mut tx = self.begin_write().await?;
        let exists =
            sqlx::query("SELECT 1 FROM replications WHERE innovation_id = $1 AND unit_code = $2")
                .bind(innovation_id)
                .bind(unit.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!(
                "{unit} has already recorded replicating this innovation"
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO replications (innovation_id, unit_code, replicated_on, note, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(innovation_id)
        .bind(unit.as_str())
        .bind(replicated_on.map(str::to_owned))
        .bind(note.to_owned())
        .bind(author)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        changes::append(
            &mut tx,
            now,
            "register_item",
            &innovation_id.to_string(),
            "replicated",
            &json!({"by": unit}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn replications_of(
        &self,
        innovation_id: ItemId,
    ) -> Result<Vec<Replication>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.innovation_id, r.unit_code, u.name AS unit_name, r.replicated_on, \
             r.note, r.created_at \
             FROM replications r JOIN units u ON u.code = r.unit_code \
             WHERE r.innovation_id = $1 ORDER BY r.created_at, r.id",
        )
        .bind(innovation_id.get())
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// Every item (removed ones too) with an id above `after_id`, by id,
    /// for rebuilding projections such as the search index.
    pub async fn items_after(
        &self,
        after_id: ItemId,
        limit: i64,
    ) -> Result<Vec<ItemRecord>, StoreError> {
        let rows: Vec<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM register_items i JOIN units u ON u.code = i.unit_code \
             WHERE i.id > $1 ORDER BY i.id LIMIT $2"
        )))
        .bind(after_id.get())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ItemRecord::try_from).collect()
    }

    pub async fn item_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM register_items")
            .fetch_one(&self.pool)
            .await?)
    }
}

pub(crate) fn stale(what: &str, id: i64, expected: i64) -> StoreError {
    StoreError::Conflict(format!(
        "{what} {id} was changed by someone else after version {expected}; reload it and apply your changes again"
    ))
}
