//! A bigger SQLite page cache for one bulk write.
//!
//! `PRAGMA cache_size` belongs to the connection, not the transaction, and
//! the connection goes back to the pool afterwards: a size left widened
//! (a gigabyte for a kinerja rebuild) would stay with whatever that
//! connection serves next. So the size is set back on the same connection,
//! before the commit, whether the write succeeded or not.

use sqlx::{Any, Transaction};

use crate::{Backend, StoreError};

/// The connection's cache size before [`widen`], to give [`restore`].
#[must_use = "give it to `restore` on every path"]
pub(crate) struct SavedCache(Option<i64>);

/// SQLite: sets this transaction's connection to a page cache of `kib`
/// KiB. PostgreSQL: nothing.
pub(crate) async fn widen(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    kib: u32,
) -> Result<SavedCache, StoreError> {
    if backend == Backend::Postgres {
        return Ok(SavedCache(None));
    }
    let size: i64 = sqlx::query_scalar("PRAGMA cache_size")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = -{kib}")))
        .execute(&mut **tx)
        .await?;
    Ok(SavedCache(Some(size)))
}

/// Sets the connection's cache back to what [`widen`] found.
pub(crate) async fn restore(
    tx: &mut Transaction<'_, Any>,
    saved: SavedCache,
) -> Result<(), StoreError> {
    if let Some(size) = saved.0 {
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {size}")))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use crate::kinerja::KinerjaFact;

    /// One connection, so every call below meets the same one.
    async fn one_connection() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::connect(&url, 1).await.unwrap();
        store.migrate().await.unwrap();
        (dir, store)
    }

    async fn cache_size(store: &Store) -> i64 {
        sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&store.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn the_size_is_set_back_on_the_same_connection_after_a_failure() {
        let (_dir, store) = one_connection().await;
        let before = cache_size(&store).await;
        let mut tx = store.begin_write().await.unwrap();
        let saved = super::widen(&mut tx, store.backend, 65_536).await.unwrap();
        let inside: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(inside, -65_536);
        assert!(
            sqlx::query("SELECT * FROM no_such_table")
                .execute(&mut *tx)
                .await
                .is_err()
        );
        super::restore(&mut tx, saved).await.unwrap();
        drop(tx);
        assert_eq!(cache_size(&store).await, before);
    }

    /// A rebuild that fails half-way leaves no gigabyte cache behind.
    #[tokio::test]
    async fn a_failed_kinerja_rebuild_leaves_the_connection_as_it_was() {
        let (_dir, store) = one_connection().await;
        let before = cache_size(&store).await;
        let fact = || KinerjaFact {
            entity: "release",
            entity_key: "1".to_owned(),
            counts: Some(String::new()),
        };
        // The same record twice: the facts' primary key refuses the second.
        let failed = store
            .kinerja_replace_all(vec![fact(), fact()], Default::default(), vec![], 1)
            .await;
        assert!(failed.is_err());
        assert_eq!(cache_size(&store).await, before);
        // And wrote nothing: the position is still unset.
        assert_eq!(store.kinerja_position().await.unwrap(), None);
    }
}
