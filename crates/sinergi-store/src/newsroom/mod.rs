//! The register and the newsroom in the database. Permission checks happen
//! before, in the newsroom service, with `sinergi_domain::newsroom`'s rules;
//! these functions keep the records consistent: each write is one
//! transaction with its change-feed entry, and every write that can change
//! whether an item is published recomputes the item's `first_public_at`.

pub(crate) mod bulk;
mod categories;
mod digest;
mod gap;
mod media;
mod register;
mod release_reads;
mod releases;

pub use bulk::{BulkEvent, BulkItem, BulkLink, BulkLoaded, BulkRelease, NewsroomSize};
pub use categories::Category;
pub use digest::DigestRecipient;
pub use gap::{GapCounts, GapItem, GapQuery};
pub use media::{MediaRecord, NewMedia};
pub use register::{Evidence, ItemDraft, ItemQuery, ItemRecord, Replication};
pub use release_reads::{
    Amplification, Comment, ReleaseBrief, ReleaseEvent, ReleaseQuery, Revision, WorkCounts,
};
pub use releases::{PressNumber, ReleaseContent, ReleaseRecord, Transition};

use sqlx::{Any, Transaction};

use crate::StoreError;

/// Recomputes `first_public_at` of the given items from the released
/// releases that report them, and tells the change feed, since whether an
/// item is public changed with the release.
pub(crate) async fn refresh_first_public(
    tx: &mut Transaction<'_, Any>,
    item_ids: &[i64],
    now: i64,
) -> Result<(), StoreError> {
    for id in item_ids {
        crate::changes::append(
            tx,
            now,
            "register_item",
            &id.to_string(),
            "publication",
            &serde_json::json!({}),
        )
        .await?;
        sqlx::query(
            "UPDATE register_items SET first_public_at = (\
                 SELECT MIN(r.public_at) FROM release_items ri \
                 JOIN releases r ON r.id = ri.release_id \
                 WHERE ri.item_id = $1 AND r.state = 'released') \
             WHERE id = $1",
        )
        .bind(*id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Replaces the tag rows of one record.
pub(crate) async fn replace_tags(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    owner_column: &str,
    owner: i64,
    tags: &[String],
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE {owner_column} = $1"
    )))
    .bind(owner)
    .execute(&mut **tx)
    .await?;
    for tag in tags {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({owner_column}, tag) VALUES ($1, $2)"
        )))
        .bind(owner)
        .bind(tag.clone())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
