//! Upgrades from an earlier schema with data in it. A database is built at
//! the schema the first releases shipped (`20261129000005`, before release
//! numbers, kinerja and leases), loaded with the kind of data those
//! releases wrote, and migrated to today's schema; nothing is lost, the
//! data migrations fill what they should, foreign keys hold and the
//! projections build on the upgraded data. The same data is also written at
//! every later shipped schema (`migrations/SHIPPED`) and migrated from
//! there. Runs on both backends.

use sinergi_kinerja::Kinerja;
use sinergi_store::{Backend, Store};
use sinergi_testkit::{TEST_NOW, TestDb, regions};

/// The last schema before the release-number data migration.
const FIRST_RELEASE: i64 = 20261129000005;
/// The schema that brought releases and the register.
const NEWSROOM: i64 = 20261129000003;
/// The release-number data migration.
const RELEASE_NUMBERS: i64 = 20261206000015;

// Public times (microseconds) on both sides of a new year in each zone.
const BALI_JAN_10: i64 = 1_768_010_400_000_000; // 2026-01-10 10:00 WITA
const BALI_FEB_01: i64 = 1_769_911_200_000_000;
const BALI_FEB_02: i64 = 1_769_997_600_000_000;
const BALI_MAR_01: i64 = 1_772_330_400_000_000;
const PAPUA_NEW_YEAR: i64 = 1_767_196_800_000_000; // 2026-01-01 01:00 WIT, 2025-12-31 in WIB
const PAPUA_OLD_YEAR: i64 = 1_767_189_600_000_000; // 2025-12-31 23:00 WIT

/// One release row as the first schema held it.
async fn release(
    store: &Store,
    id: i64,
    unit: &str,
    state: &str,
    public_at: Option<i64>,
    amplifies: Option<i64>,
) {
    let created = public_at.unwrap_or(BALI_JAN_10) - 86_400_000_000;
    sqlx::query(
        "INSERT INTO releases (id, unit_code, slug, language, state, title, lead, body_md, body_html, \
         tags, version, public_at, embargo, amplifies_id, created_at, updated_at, withdrawn_at) \
         VALUES ($1, $2, $3, 'id', $4, $5, 'Ringkasan.', 'Isi **siaran**.', '<p>Isi <strong>siaran</strong>.</p>', \
         '', 1, $6, 0, $7, $8, $8, $9)",
    )
    .bind(id)
    .bind(unit.to_owned())
    .bind(format!("siaran-{id}"))
    .bind(state.to_owned())
    .bind(format!("Siaran {id}"))
    .bind(public_at)
    .bind(amplifies)
    .bind(created)
    .bind((state == "withdrawn").then_some(BALI_MAR_01))
    .execute(store.raw_pool())
    .await
    .unwrap();
}

async fn numbers(store: &Store) -> Vec<(i64, Option<i64>, Option<i64>)> {
    sqlx::query_as("SELECT id, press_number, press_year FROM releases ORDER BY id")
        .fetch_all(store.raw_pool())
        .await
        .unwrap()
}

/// Rows of `table` (a name written in this file).
async fn count(store: &Store, table: &'static str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"
    )))
    .fetch_one(store.raw_pool())
    .await
    .unwrap()
}

/// The data the first releases wrote: Bali's and Jayapura's units, seven
/// releases in each state across a new year, an achievement and its link.
/// Written with the first schema's columns only, so it fits every later one.
async fn fill(store: &Store) {
    store
        .import_regions(
            &regions(&["51.71", "91.71"]),
            "test",
            TEST_NOW,
            Default::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
    // Bali (WITA): three public releases, numbered in public order; a
    // draft and an amplification get no number.
    release(store, 1, "51.71", "released", Some(BALI_MAR_01), None).await;
    release(store, 2, "51.71", "released", Some(BALI_JAN_10), None).await;
    release(store, 3, "51.71", "withdrawn", Some(BALI_FEB_01), None).await;
    release(store, 4, "51.71", "draft", None, None).await;
    // Papua (WIT): one hour apart across the new year in Jayapura.
    release(store, 5, "91.71", "released", Some(PAPUA_NEW_YEAR), None).await;
    release(store, 6, "91.71", "released", Some(PAPUA_OLD_YEAR), None).await;
    release(store, 7, "51.71", "released", Some(BALI_FEB_02), Some(5)).await;
    sqlx::query(
        "INSERT INTO register_items (id, kind, unit_code, title, description_md, occurred_on, \
         created_at, updated_at, first_public_at) \
         VALUES (1, 'achievement', '51.71', 'Capaian', 'Uraian.', '2026-01-05', $1, $1, $2)",
    )
    .bind(BALI_JAN_10 - 5 * 86_400_000_000)
    .bind(BALI_JAN_10)
    .execute(store.raw_pool())
    .await
    .unwrap();
    sqlx::query("INSERT INTO release_items (release_id, item_id) VALUES (2, 1)")
        .execute(store.raw_pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_first_shipped_schema_upgrades_with_its_data() {
    let db = TestDb::unmigrated().await;
    let store = &db.store;
    store.migrate_to(FIRST_RELEASE).await.unwrap();
    fill(store).await;
    let units = count(store, "units").await;
    assert!(units > 10, "the regions were imported: {units}");

    store.migrate().await.unwrap();

    // Nothing lost.
    assert_eq!(count(store, "units").await, units);
    assert_eq!(count(store, "releases").await, 7);
    assert_eq!(count(store, "register_items").await, 1);
    assert_eq!(count(store, "release_items").await, 1);
    // The release-number data migration: by public order within unit and
    // year, the year in the unit's own zone.
    assert_eq!(
        numbers(store).await,
        vec![
            (1, Some(3), Some(2026)),
            (2, Some(1), Some(2026)),
            (3, Some(2), Some(2026)),
            (4, None, None),
            (5, Some(1), Some(2026)),
            (6, Some(1), Some(2025)),
            (7, None, None),
        ]
    );
    if store.backend() == Backend::Sqlite {
        let broken: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(store.raw_pool())
            .await
            .unwrap();
        assert!(broken.is_empty(), "{broken:?}");
    }
    // The projections added since build on the upgraded data: the kinerja
    // counters see Bali's three releases that are public (the amplifying
    // one included; the withdrawn one is not counted) and its item.
    let kinerja = Kinerja::new(store.clone());
    let done = kinerja.catch_up().await.unwrap();
    assert!(done.rebuilt);
    let counts = store
        .kinerja_counts("51.71", false, 0, i64::from(i32::MAX))
        .await
        .unwrap();
    let sum = |metric: &str| -> i64 {
        counts
            .iter()
            .filter(|c| c.metric == metric)
            .map(|c| c.n)
            .sum()
    };
    assert_eq!(sum("releases"), 3, "{counts:?}");
    assert_eq!(sum("achievements"), 1, "{counts:?}");
    // And a second node finds the lease table there.
    assert!(
        store
            .hold_lease(
                "kinerja",
                "upgraded-node",
                TEST_NOW,
                std::time::Duration::from_secs(30)
            )
            .await
            .unwrap()
    );
}

/// The versions in `migrations/SHIPPED`, oldest first.
fn shipped_versions() -> Vec<i64> {
    let path = sinergi_testkit::repo_file("crates/sinergi-store/migrations/SHIPPED");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn every_shipped_schema_upgrades_with_data_in_it() {
    let versions = shipped_versions();
    assert!(versions.len() >= 11, "{versions:?}");
    // The first two schemas predate the newsroom's tables the data needs.
    for &version in versions.iter().filter(|&&v| v >= NEWSROOM) {
        let db = TestDb::unmigrated().await;
        let store = &db.store;
        store.migrate_to(version).await.unwrap();
        fill(store).await;
        let units = count(store, "units").await;
        store.migrate().await.unwrap();
        assert_eq!(count(store, "units").await, units, "from {version}");
        assert_eq!(count(store, "releases").await, 7, "from {version}");
        assert_eq!(count(store, "release_items").await, 1, "from {version}");
        let numbered: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM releases WHERE press_number IS NOT NULL",
        )
        .fetch_one(store.raw_pool())
        .await
        .unwrap();
        // Numbered by the data migration, or (past it) left as written.
        let expect = if version < RELEASE_NUMBERS { 5 } else { 0 };
        assert_eq!(numbered, expect, "from {version}");
        if store.backend() == Backend::Sqlite {
            let broken: Vec<(String, i64, String, i64)> =
                sqlx::query_as("PRAGMA foreign_key_check")
                    .fetch_all(store.raw_pool())
                    .await
                    .unwrap();
            assert!(broken.is_empty(), "from {version}: {broken:?}");
        }
    }
}

/// The schema before daily digests and tag subscriptions.
const BEFORE_DIGESTS: i64 = 20261208000021;

/// Subscriptions written before digests existed read as before: each
/// release, no tag, their delivery counted from their creation.
#[tokio::test]
async fn subscriptions_from_before_digests_stay_per_release() {
    use sinergi_domain::ContactId;
    use sinergi_domain::contacts::{Delivery, SubscriptionTarget};
    let db = TestDb::unmigrated().await;
    let store = &db.store;
    store.migrate_to(BEFORE_DIGESTS).await.unwrap();
    store
        .import_regions(
            &regions(&["51"]),
            "test",
            TEST_NOW,
            Default::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO contacts (id, name, name_key, email, kind, created_at, updated_at) \
         VALUES (7, 'Sari', 'sari', 'sari@warta.example', 'journalist', $1, $1)",
    )
    .bind(TEST_NOW)
    .execute(store.raw_pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO subscriptions (contact_id, target, unit_code, created_at) \
         VALUES (7, 'subtree', '51', $1)",
    )
    .bind(TEST_NOW)
    .execute(store.raw_pool())
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let subs = store.subscriptions_of(ContactId::new(7)).await.unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].target, SubscriptionTarget::Subtree);
    assert_eq!(subs[0].delivery, Delivery::Each);
    assert_eq!((subs[0].tag.clone(), subs[0].digest_hour), (None, None));
    let since: Option<i64> = sqlx::query_scalar("SELECT delivery_since FROM subscriptions")
        .fetch_one(store.raw_pool())
        .await
        .unwrap();
    assert_eq!(since, Some(TEST_NOW));
}
