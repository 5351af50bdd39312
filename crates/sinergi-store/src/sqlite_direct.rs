//! A SQLite connection of its own, outside sqlx's pool, for bulk paths.
//!
//! sqlx runs each SQLite statement on a worker thread and hands rows to
//! the caller in batches of 50, each converted to the `Any` driver's
//! values: for the kinerja rebuild (ten million records read, twenty
//! million rows written) those hand-offs and conversions were more than
//! half the time, while SQLite's own work was about a quarter. Here
//! statements are stepped on the calling thread (a blocking task), rows
//! are read straight into their structs and written from references.
//!
//! Only for a database in a file: an in-memory database is private to its
//! connection, so callers fall back to the pool when [`Store::sqlite_file`]
//! is `None`.
//!
//! [`Store::sqlite_file`]: crate::Store

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

/// `sqlite:///d/x.db?mode=rwc` → `/d/x.db`; `None` for an in-memory
/// database (`sqlite::memory:`, `mode=memory`).
pub(crate) fn file_of_url(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory =
        path.is_empty() || path == ":memory:" || query.split('&').any(|kv| kv == "mode=memory");
    (!in_memory).then(|| PathBuf::from(path))
}

/// Opens the file with the pool's settings (WAL, a 5 s wait for locks)
/// and a page cache of `cache_kib` KiB, which goes away with the
/// connection.
pub(crate) fn open(path: &Path, cache_kib: u32) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
         PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 0; \
         PRAGMA cache_size = -{cache_kib};"
    ))?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_memory() {
        assert_eq!(
            file_of_url("sqlite:///d/sinergi.db?mode=rwc"),
            Some(PathBuf::from("/d/sinergi.db"))
        );
        assert_eq!(
            file_of_url("sqlite://rel/x.db"),
            Some(PathBuf::from("rel/x.db"))
        );
        assert_eq!(file_of_url("sqlite:x.db"), Some(PathBuf::from("x.db")));
        assert_eq!(file_of_url("sqlite::memory:"), None);
        assert_eq!(file_of_url("sqlite://x.db?mode=memory&cache=shared"), None);
        assert_eq!(file_of_url("postgres://u@h/db"), None);
    }

    #[test]
    fn sees_what_the_pool_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let store = crate::Store::connect(&format!("sqlite://{}", path.display()), 1)
                .await
                .unwrap();
            store
                .execute_admin("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)")
                .await
                .unwrap();
            assert_eq!(store.sqlite_file.as_deref(), Some(path.as_path()));
            store.close().await;
        });
        let conn = open(&path, 2048).unwrap();
        let x: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
