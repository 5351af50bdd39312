//! Opening the database, migrating it and checking that it is ready.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use crate::StoreError;
use crate::migrations::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

/// The database engine behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::BadUrl(redact(url)))
        }
    }

    /// The engine an open connection talks to.
    pub(crate) fn of_connection(conn: &sqlx::AnyConnection) -> Backend {
        if conn.backend_name() == <sqlx::Sqlite as sqlx::Database>::NAME {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// The one handle on the database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// The units in memory, shared by every clone (see `unit_directory.rs`).
    pub(crate) units: std::sync::Arc<crate::unit_directory::DirectoryCell>,
    /// The composer of release e-mail, once installed (see `contacts::distribution`).
    pub(crate) distribution: std::sync::Arc<crate::contacts::DistributionHook>,
    /// SQLite on a file: its path, for the bulk paths that open their own
    /// connection (`sqlite_direct.rs`). `None` on PostgreSQL and in memory.
    pub(crate) sqlite_file: Option<std::sync::Arc<std::path::Path>>,
}

/// What `/readyz` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    Unreachable(String),
    MigrationsPending(usize),
}

impl Store {
    /// Opens a pool on `url`. A SQLite file is created if missing and runs
    /// in WAL mode with foreign keys on; both engines wait up to 5 s for a
    /// lock instead of failing at once.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        install_default_drivers();
        let backend = Backend::of_url(url)?;
        let url_with_mode = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url_with_mode)
            .map_err(|_| StoreError::BadUrl(redact(url)))?;
        // SQLite has one writer and as many readers as cores: beyond a few
        // connections more only cost memory (each keeps its page cache).
        let max_connections = match backend {
            Backend::Sqlite => max_connections.clamp(1, 4),
            Backend::Postgres => max_connections.max(1),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    let setup: &'static str = match backend {
                        // No memory map: its pages counted in the server's resident
                        // memory (75 MB after the demo starts, 146 MB under unit search,
                        // issue 16), and the kernel's page cache serves the same reads.
                        Backend::Sqlite => {
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; \
                             PRAGMA cache_size = -4000; PRAGMA temp_store = MEMORY; \
                             PRAGMA mmap_size = 0;"
                        }
                        Backend::Postgres => "SET lock_timeout = '5s'",
                    };
                    conn.execute(setup).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Unreachable {
                url: redact(url),
                source,
            })?;
        Ok(Store {
            pool,
            backend,
            units: Default::default(),
            distribution: Default::default(),
            sqlite_file: match backend {
                Backend::Sqlite => crate::sqlite_direct::file_of_url(url).map(Into::into),
                Backend::Postgres => None,
            },
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Applies the migrations up to and including `version` only: the
    /// schema as a release that shipped it had it (upgrade tests load such a
    /// database with data, then [`Store::migrate`] it to today's).
    pub async fn migrate_to(&self, version: i64) -> Result<(), StoreError> {
        let all = self.backend.migrator();
        let mut upto = Migrator::with_migrations(
            all.iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect(),
        );
        upto.set_ignore_missing(true);
        upto.run(&self.pool).await?;
        Ok(())
    }

    /// Whether the database answers and carries every migration.
    pub async fn readiness(&self) -> Readiness {
        let applied: Result<Vec<i64>, sqlx::Error> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await;
        let applied = match applied {
            Ok(v) => v,
            Err(e) => {
                // A missing migrations table means nothing has been applied.
                return match sqlx::query("SELECT 1").execute(&self.pool).await {
                    Ok(_) => Readiness::MigrationsPending(self.backend.migrator().iter().count()),
                    Err(_) => Readiness::Unreachable(e.to_string()),
                };
            }
        };
        let pending = self
            .backend
            .migrator()
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .count();
        if pending == 0 {
            Readiness::Ready
        } else {
            Readiness::MigrationsPending(pending)
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The URL without its password, for messages and `sinergi config`: the
/// password of the user part and a `password=` option become `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (main, query) = match rest.split_once('?') {
        Some((main, query)) => (main, Some(query)),
        None => (rest, None),
    };
    // The last `@` ends the user part: a password may hold an unencoded `@`.
    let main = match main.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => main.to_owned(),
        },
        None => main.to_owned(),
    };
    match query {
        None => format!("{scheme}://{main}"),
        Some(query) => {
            let options: Vec<String> = query
                .split('&')
                .map(|option| match option.split_once('=') {
                    Some((name, _)) if name.eq_ignore_ascii_case("password") => {
                        format!("{name}=***")
                    }
                    _ => option.to_owned(),
                })
                .collect();
            format!("{scheme}://{main}?{}", options.join("&"))
        }
    }
}

#[cfg(test)]
mod redact_tests {
    use super::redact;

    #[test]
    fn passwords_are_masked_wherever_they_are() {
        assert_eq!(
            redact("postgres://u:pw@db/sinergi"),
            "postgres://u:***@db/sinergi"
        );
        assert_eq!(
            redact("postgres://u:p@ss@db:5432/sinergi"),
            "postgres://u:***@db:5432/sinergi"
        );
        assert_eq!(
            redact("postgres://u@db/sinergi?sslmode=require&password=pw"),
            "postgres://u@db/sinergi?sslmode=require&password=***"
        );
        assert_eq!(redact("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
        assert_eq!(redact("postgres://db/sinergi"), "postgres://db/sinergi");
    }

    #[test]
    fn a_url_of_an_unknown_kind_is_reported_without_its_password() {
        let e = super::Backend::of_url("mysql://u:secret-pw@db/x").unwrap_err();
        assert!(!e.to_string().contains("secret-pw"), "{e}");
    }
}

impl Store {
    /// The pool itself, for test set-up and administration commands.
    pub fn raw_pool(&self) -> &AnyPool {
        &self.pool
    }
}

impl Store {
    /// Runs one administrative statement (schema management in tests and
    /// benchmarks). Never pass user input here.
    pub async fn execute_admin(&self, sql: &str) -> Result<(), StoreError> {
        self.pool
            .execute(sqlx::AssertSqlSafe(sql.to_owned()))
            .await?;
        Ok(())
    }
}

impl Store {
    /// Starts a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`), so two writers queue on the busy
    /// timeout instead of one failing when it upgrades from reading.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let statement: &'static str = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        Ok(self.pool.begin_with(statement).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }

    #[test]
    fn backends_are_read_from_urls() {
        assert_eq!(Backend::of_url("sqlite://a.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgresql://h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::of_url("mysql://h/db").is_err());
    }
}
