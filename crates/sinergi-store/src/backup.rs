//! What `sinergi backup` and `sinergi restore` need from the database: an
//! online snapshot of SQLite, the row count of every table, and SQLite's own
//! checks. PostgreSQL is copied by `pg_dump` (the binary drives it); here it
//! only gets a snapshot that `pg_dump --snapshot` can share, so the counts
//! recorded beside the dump describe exactly what the dump holds.

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::{AnyConnection, Executor, Row};

use crate::{Backend, Store, StoreError};

/// Rows per table, by table name (sorted, so two counts compare and print alike).
pub type TableCounts = BTreeMap<String, i64>;

/// How a SQLite snapshot went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteSnapshot {
    /// Rows per table in the snapshot, read from the snapshot itself.
    pub counts: TableCounts,
    /// Whether the live database's counts, read in the same quiet window,
    /// were compared with the snapshot's and found equal. `false` only when
    /// other writers never paused during any attempt: the snapshot is still
    /// consistent (SQLite guarantees that), its counts are just not compared.
    pub compared_with_live: bool,
    /// Attempts taken to find a window with no commit by another connection.
    pub attempts: u32,
}

/// How many times a backup looks for a window in which no other connection
/// commits, before settling for a snapshot whose counts it cannot compare.
const QUIET_WINDOW_ATTEMPTS: u32 = 5;

impl Store {
    /// Writes a consistent copy of the SQLite database to `dest` (which must
    /// not exist) with `VACUUM INTO`, while the server may go on serving, and
    /// checks the copy: SQLite's integrity and foreign-key checks, and the
    /// row count of every table against the live database's counts read in
    /// the same window (`PRAGMA data_version` tells whether another
    /// connection committed meanwhile; if one did, the copy is made again).
    pub async fn snapshot_sqlite_into(&self, dest: &Path) -> Result<SqliteSnapshot, StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Invalid(
                "a SQLite snapshot needs a SQLite database; back PostgreSQL up with pg_dump".into(),
            ));
        }
        let dest_text = dest
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{} is not valid UTF-8", dest.display())))?;
        let mut pooled = self.pool.acquire().await?;
        let conn: &mut AnyConnection = &mut pooled;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let before: i64 = sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut *conn)
                .await?;
            let live = count_tables(conn, Backend::Sqlite).await?;
            if dest.exists() {
                std::fs::remove_file(dest).map_err(|e| io_error(dest, &e))?;
            }
            sqlx::query("VACUUM INTO ?")
                .bind(dest_text)
                .execute(&mut *conn)
                .await?;
            let after: i64 = sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut *conn)
                .await?;
            let quiet = before == after;
            if quiet || attempt >= QUIET_WINDOW_ATTEMPTS {
                let counts = check_sqlite_file(dest).await?;
                if quiet && counts != live {
                    return Err(StoreError::Corrupt(format!(
                        "the copy's row counts differ from the database's: {}",
                        describe_difference(&live, &counts)
                    )));
                }
                return Ok(SqliteSnapshot {
                    counts,
                    compared_with_live: quiet,
                    attempts: attempt,
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(50 * u64::from(attempt))).await;
        }
    }

    /// Rows per table of this database (the migrations' own table included).
    pub async fn table_counts(&self) -> Result<TableCounts, StoreError> {
        let mut conn = self.pool.acquire().await?;
        count_tables(&mut conn, self.backend).await
    }

    /// Runs `f` inside a PostgreSQL transaction whose snapshot is exported
    /// (`pg_export_snapshot`): `f` gets the snapshot's name (for
    /// `pg_dump --snapshot`) and the row counts as that snapshot sees them.
    /// The snapshot lives until `f` returns.
    pub async fn with_exported_snapshot<T>(
        &self,
        f: impl AsyncFnOnce(&str, &TableCounts) -> T,
    ) -> Result<T, StoreError> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Invalid(
                "an exported snapshot needs PostgreSQL".into(),
            ));
        }
        let mut conn = self.pool.acquire().await?;
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut *conn)
            .await?;
        let counts = match count_tables(&mut conn, Backend::Postgres).await {
            Ok(counts) => counts,
            Err(e) => {
                let _ = conn.execute("ROLLBACK").await;
                return Err(e);
            }
        };
        let out = f(&snapshot, &counts).await;
        conn.execute("COMMIT").await?;
        Ok(out)
    }
}

/// Opens the SQLite file at `path` read-only and checks it: SQLite's
/// `integrity_check` and `foreign_key_check` must find nothing. Returns its
/// row counts.
pub async fn check_sqlite_file(path: &Path) -> Result<TableCounts, StoreError> {
    use sqlx::ConnectOptions;
    use std::str::FromStr;
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let options = sqlx::any::AnyConnectOptions::from_str(&url)
        .map_err(|_| StoreError::BadUrl(path.display().to_string()))?;
    let mut conn = options
        .connect()
        .await
        .map_err(|e| StoreError::Unreachable {
            url: path.display().to_string(),
            source: e,
        })?;
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await?;
    if integrity != ["ok"] {
        return Err(StoreError::Corrupt(format!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            integrity.join("; ")
        )));
    }
    let dangling = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut conn)
        .await?;
    if let Some(row) = dangling.first() {
        let table: String = row.try_get(0)?;
        return Err(StoreError::Corrupt(format!(
            "{} has {} rows whose foreign key points nowhere (first in {table})",
            path.display(),
            dangling.len()
        )));
    }
    count_tables(&mut conn, Backend::Sqlite).await
}

async fn count_tables(
    conn: &mut AnyConnection,
    backend: Backend,
) -> Result<TableCounts, StoreError> {
    let list = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        // The tables of the schema on the search path (each test has its own).
        Backend::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        }
    };
    let names: Vec<String> = sqlx::query_scalar(list).fetch_all(&mut *conn).await?;
    let mut counts = TableCounts::new();
    for name in names {
        // Names come from the catalogue, quoted as identifiers all the same.
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\""));
        let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *conn)
            .await?;
        counts.insert(name, rows);
    }
    Ok(counts)
}

/// "units: 10 here, 9 there; …", for the tables whose counts differ.
pub fn describe_difference(expected: &TableCounts, found: &TableCounts) -> String {
    let mut names: Vec<&String> = expected.keys().chain(found.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| expected.get(*n) != found.get(*n))
        .map(|n| {
            let show = |c: Option<&i64>| c.map_or("no table".to_owned(), |c| c.to_string());
            format!(
                "{n}: {} expected, {} found",
                show(expected.get(n)),
                show(found.get(n))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Invalid(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_each_table() {
        let a: TableCounts = [("units".to_owned(), 10), ("releases".to_owned(), 2)].into();
        let b: TableCounts = [("units".to_owned(), 9), ("releases".to_owned(), 2)].into();
        assert_eq!(describe_difference(&a, &b), "units: 10 expected, 9 found");
        let c: TableCounts = [("units".to_owned(), 10)].into();
        assert_eq!(
            describe_difference(&a, &c),
            "releases: 2 expected, no table found"
        );
        assert_eq!(describe_difference(&a, &a), "");
    }
}
