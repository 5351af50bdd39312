//! A fresh, migrated database for each test.
//!
//! By default each test gets its own SQLite file in a temporary folder. When
//! `SINERGI_TEST_DATABASE_URL` names a PostgreSQL database, each test gets
//! its own schema in it instead, so the same tests run on both engines and
//! never see each other's rows.
//!
//! With the `fixtures` feature, [`fixtures`] creates what stories need
//! through the services (people, releases, register items, journalists);
//! with `app`, [`app`] builds the app under test on that database (people,
//! tokens, a fixed clock; served on a port or driven in process).
#![expect(
    clippy::unwrap_used,
    reason = "test support: a setup that fails fails the test where it stands"
)]

#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "fixtures")]
pub mod fixtures;
#[cfg(feature = "smtp")]
pub mod smtp;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sinergi_domain::region_data::{RegionRecord, bundled};
use sinergi_store::{Backend, Store, UnitQuery};
use sqlx::Executor;
use tempfile::TempDir;

pub const DATABASE_ENV: &str = "SINERGI_TEST_DATABASE_URL";

/// A database that lives as long as this value (for SQLite; PostgreSQL
/// schemas are left for the CI run to drop with its database).
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<TempDir>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    /// A new, migrated, empty database.
    pub async fn new() -> TestDb {
        let db = TestDb::unmigrated().await;
        db.store.migrate().await.expect("migrations apply");
        db
    }

    /// A new database holding the regions under `prefixes` (see [`regions`])
    /// and the seeded national units, all recorded at [`TEST_NOW`].
    pub async fn with_network(prefixes: &[&str]) -> TestDb {
        let db = TestDb::new().await;
        db.store
            .import_regions(
                &regions(prefixes),
                "test",
                TEST_NOW,
                Default::default(),
                &|_, _| {},
            )
            .await
            .expect("regions import");
        db.store
            .ensure_national_units(&sinergi_domain::national::seed_units(), TEST_NOW)
            .await
            .expect("national units seed");
        db
    }

    /// A new database with no tables, to test migrating.
    pub async fn unmigrated() -> TestDb {
        match std::env::var(DATABASE_ENV) {
            Ok(base) if matches!(Backend::of_url(&base), Ok(Backend::Postgres)) => {
                let schema = unique_name();
                let admin = Store::connect(&base, 1)
                    .await
                    .expect("test PostgreSQL is reachable");
                admin
                    .raw_pool()
                    .execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                    .await
                    .expect("create test schema");
                admin.close().await;
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
                let store = Store::connect(&url, 5)
                    .await
                    .expect("connect to test schema");
                TestDb {
                    store,
                    url,
                    _dir: None,
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}", dir.path().join("sinergi.db").display());
                let store = Store::connect(&url, 5).await.expect("open SQLite");
                TestDb {
                    store,
                    url,
                    _dir: Some(dir),
                }
            }
        }
    }
}

fn unique_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// The bundled regions under and including each of `prefixes` (a province
/// code such as "51" takes the whole province), with their ancestors, so
/// that every parent is present.
pub fn regions(prefixes: &[&str]) -> Vec<RegionRecord> {
    let within = |code: &str, p: &str| code == p || code.starts_with(&format!("{p}."));
    bundled::records()
        .expect("bundled regions parse")
        .into_iter()
        .filter(|r| {
            let c = r.code.as_str();
            prefixes.iter().any(|p| within(c, p) || within(p, c))
        })
        .collect()
}

/// A fixed time for tests: 2026-06-04 01:00 UTC (09.00 WITA), in microseconds.
pub const TEST_NOW: i64 = 1_780_534_800_000_000;

/// Where a repository file is (`path` from the repository's root).
pub fn repo_file(path: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// The search document id (`unit:<code>`) of every current unit in
/// `store`, sorted: what a search index that follows the database holds
/// for units.
pub async fn unit_doc_ids(store: &Store) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_units(&UnitQuery {
                limit: 200,
                cursor,
                ..Default::default()
            })
            .await
            .unwrap();
        ids.extend(page.items.iter().map(|(u, _)| format!("unit:{}", u.code)));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    ids.sort();
    ids
}
