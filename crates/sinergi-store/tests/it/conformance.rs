//! The store's conformance story: the same scenarios on SQLite (default)
//! and on PostgreSQL (when SINERGI_TEST_DATABASE_URL names one).

use sinergi_domain::national::seed_units;
use sinergi_domain::region_data::RegionRecord;
use sinergi_domain::{Level, NewUnit, UnitCode, UnitKind};
use sinergi_store::{Readiness, StoreError, UnitQuery};
use sinergi_testkit::{TEST_NOW, TestDb, regions};

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn no_progress(_: u64, _: u64) {}

async fn bali() -> TestDb {
    let db = TestDb::new().await;
    db.store
        .import_regions(
            &regions(&["51"]),
            "test",
            TEST_NOW,
            Default::default(),
            &no_progress,
        )
        .await
        .unwrap();
    db
}

fn codes(page: &sinergi_store::Page<(sinergi_domain::Unit, i64)>) -> Vec<String> {
    page.items.iter().map(|(u, _)| u.code.to_string()).collect()
}

#[tokio::test]
async fn migrations_are_reported_and_idempotent() {
    let db = TestDb::unmigrated().await;
    assert!(matches!(db.store.readiness().await, Readiness::MigrationsPending(n) if n > 0));
    db.store.migrate().await.unwrap();
    db.store.migrate().await.unwrap();
    assert_eq!(db.store.readiness().await, Readiness::Ready);
}

#[tokio::test]
async fn import_adds_every_region_once_and_a_second_run_changes_nothing() {
    let db = TestDb::new().await;
    let bali = regions(&["51"]);
    let first = db
        .store
        .import_regions(&bali, "test", TEST_NOW, Default::default(), &no_progress)
        .await
        .unwrap();
    assert_eq!(first.added, bali.len() as u64);
    assert_eq!(first.in_list.get(Level::Province), 1);
    assert_eq!(first.in_list.get(Level::Regency), 9);
    assert_eq!(first.in_list.get(Level::District), 57);
    assert_eq!(first.in_list.get(Level::Village), 716);
    let seq = db.store.last_change_seq().await.unwrap();
    assert_eq!(seq, bali.len() as i64, "one change per added unit");

    let second = db
        .store
        .import_regions(
            &bali,
            "test",
            TEST_NOW + 1,
            Default::default(),
            &no_progress,
        )
        .await
        .unwrap();
    assert!(!second.changed());
    assert_eq!(second.unchanged, bali.len() as u64);
    assert_eq!(
        db.store.last_change_seq().await.unwrap(),
        seq,
        "no change recorded"
    );

    let counts = db.store.count_units_by_level().await.unwrap();
    assert_eq!(counts.get(Level::Village), 716);
    let (denpasar, children) = db
        .store
        .unit_with_child_count(&code("51.71"))
        .await
        .unwrap();
    assert_eq!(denpasar.name, "Kota Denpasar");
    assert_eq!(denpasar.kind, UnitKind::Kota);
    assert_eq!(children, 4);
}

#[tokio::test]
async fn renames_are_applied_and_recorded() {
    let db = bali().await;
    let mut list = regions(&["51"]);
    let sanur = list
        .iter_mut()
        .find(|r| r.code.as_str() == "51.71.01.1006")
        .unwrap();
    let old = sanur.name.clone();
    sanur.name = "Sanur Baru".into();
    let before = db.store.last_change_seq().await.unwrap();
    let report = db
        .store
        .import_regions(
            &list,
            "test",
            TEST_NOW + 5,
            Default::default(),
            &no_progress,
        )
        .await
        .unwrap();
    assert_eq!((report.renamed, report.added, report.retired), (1, 0, 0));
    let changes = db.store.changes_since(before, 10).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].op, "rename");
    assert_eq!(changes[0].data["from"], old.as_str());
    assert_eq!(changes[0].data["to"], "Sanur Baru");
    let found = db
        .store
        .list_units(&UnitQuery {
            q: Some("sanur baru".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(codes(&found), vec!["51.71.01.1006"]);
}

#[tokio::test]
async fn vanished_codes_are_retired_not_deleted_and_can_return() {
    let db = bali().await;
    let full = regions(&["51"]);
    let without: Vec<RegionRecord> = full
        .iter()
        .filter(|r| r.code.as_str() != "51.71.01.1006")
        .cloned()
        .collect();
    let report = db
        .store
        .import_regions(
            &without,
            "test",
            TEST_NOW + 5,
            Default::default(),
            &no_progress,
        )
        .await
        .unwrap();
    assert_eq!(report.retired, 1);
    let unit = db.store.unit(&code("51.71.01.1006")).await.unwrap();
    assert_eq!(unit.retired_at, Some(TEST_NOW + 5));
    let children = db
        .store
        .list_units(&UnitQuery {
            parent: Some(code("51.71.01")),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!codes(&children).contains(&"51.71.01.1006".to_string()));
    let (_, count) = db
        .store
        .unit_with_child_count(&code("51.71.01"))
        .await
        .unwrap();
    assert_eq!(count as usize, children.items.len());
    assert_eq!(
        db.store
            .count_units_by_level()
            .await
            .unwrap()
            .get(Level::Village),
        715
    );

    let back = db
        .store
        .import_regions(
            &full,
            "test",
            TEST_NOW + 9,
            Default::default(),
            &no_progress,
        )
        .await
        .unwrap();
    assert_eq!((back.restored, back.retired, back.added), (1, 0, 0));
    assert_eq!(
        db.store
            .unit(&code("51.71.01.1006"))
            .await
            .unwrap()
            .retired_at,
        None
    );
}

#[tokio::test]
async fn a_list_that_drops_many_regions_is_refused_unless_allowed() {
    let db = bali().await;
    let before = db.store.last_change_seq().await.unwrap();
    // A villages file cut off at a line end: only the first 300 villages remain.
    let mut villages = 0;
    let cut: Vec<RegionRecord> = regions(&["51"])
        .into_iter()
        .filter(|r| {
            r.level() != Level::Village || {
                villages += 1;
                villages <= 300
            }
        })
        .collect();
    let refused = db
        .store
        .import_regions(&cut, "test", TEST_NOW + 5, Default::default(), &no_progress)
        .await;
    match refused {
        Err(StoreError::Invalid(m)) => assert!(m.contains("would retire 416"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(db.store.last_change_seq().await.unwrap(), before);
    let allowed = sinergi_store::ImportOptions {
        allow_mass_retire: true,
    };
    let report = db
        .store
        .import_regions(&cut, "test", TEST_NOW + 5, allowed, &no_progress)
        .await
        .unwrap();
    assert_eq!(report.retired, 416);
}

#[tokio::test]
async fn a_failing_import_changes_nothing() {
    let db = bali().await;
    let before = db.store.last_change_seq().await.unwrap();
    let mut list = regions(&["51", "52"]);
    // A village whose district is missing breaks the parent reference
    // half-way through the new rows.
    list.push(RegionRecord {
        code: code("52.01.99.2001"),
        parent_code: Some(code("52.01.99")),
        name: "Tanpa Kecamatan".into(),
    });
    let err = db
        .store
        .import_regions(
            &list,
            "test",
            TEST_NOW + 5,
            Default::default(),
            &no_progress,
        )
        .await;
    assert!(err.is_err());
    assert_eq!(db.store.last_change_seq().await.unwrap(), before);
    assert!(matches!(
        db.store.unit(&code("52")).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn listings_page_through_every_unit_exactly_once() {
    let db = bali().await;
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = db
            .store
            .list_units(&UnitQuery {
                within: Some(code("51.71")),
                limit: 7,
                cursor: cursor.clone(),
                ..Default::default()
            })
            .await
            .unwrap();
        seen.extend(codes(&page));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let expected = db
        .store
        .count_descendants_by_level(&code("51.71"))
        .await
        .unwrap()
        .total();
    assert_eq!(seen.len() as i64, expected);
    let mut dedup = seen.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), seen.len());
    // Districts come before villages.
    assert!(seen[..4].iter().all(|c| c.len() == 8));

    let bad = db
        .store
        .list_units(&UnitQuery {
            cursor: Some("not-a-cursor".into()),
            limit: 5,
            ..Default::default()
        })
        .await;
    assert!(matches!(bad, Err(StoreError::BadCursor)));
}

#[tokio::test]
async fn search_is_case_and_accent_insensitive_by_word_prefix() {
    let db = bali().await;
    let search = |q: &str| UnitQuery {
        q: Some(q.into()),
        limit: 20,
        ..Default::default()
    };
    let found = db.store.list_units(&search("denpasar")).await.unwrap();
    let found = codes(&found);
    assert_eq!(found[0], "51.71", "Kota Denpasar first");
    for d in ["51.71.01", "51.71.02", "51.71.03", "51.71.04"] {
        assert!(found.contains(&d.to_string()), "{d} in {found:?}");
    }
    let accented = db.store.list_units(&search("DÉNPAS")).await.unwrap();
    assert_eq!(codes(&accented)[..5], found[..5]);
    let two_words = db.store.list_units(&search("kota denp")).await.unwrap();
    assert_eq!(codes(&two_words), vec!["51.71"]);
    let by_code = db.store.list_units(&search("51.71.01")).await.unwrap();
    assert_eq!(codes(&by_code)[0], "51.71.01");
    assert!(codes(&by_code).iter().all(|c| c.starts_with("51.71.01")));
    let level = db
        .store
        .list_units(&UnitQuery {
            level: Some(Level::District),
            ..search("denpasar")
        })
        .await
        .unwrap();
    assert_eq!(codes(&level).len(), 4);
    let none = db.store.list_units(&search("zzzz")).await.unwrap();
    assert!(none.items.is_empty());
}

#[tokio::test]
async fn parent_chains_run_from_the_top() {
    let db = bali().await;
    let chain = db.store.parent_chain(&code("51.71.01.1006")).await.unwrap();
    let chain: Vec<&str> = chain.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(chain, vec!["51", "51.71", "51.71.01"]);
    assert!(db.store.parent_chain(&code("51")).await.unwrap().is_empty());
}

#[tokio::test]
async fn national_units_are_seeded_once_and_can_be_added() {
    let db = TestDb::new().await;
    assert_eq!(
        db.store
            .ensure_national_units(&seed_units(), TEST_NOW)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        db.store
            .ensure_national_units(&seed_units(), TEST_NOW)
            .await
            .unwrap(),
        0
    );
    let kominfo = db
        .store
        .list_units(&UnitQuery {
            q: Some("kominfo".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(codes(&kominfo), vec!["komdigi"]);
    let hkip = db
        .store
        .parent_chain(&code("kemenpanrb.hkip"))
        .await
        .unwrap();
    assert_eq!(hkip[0].code.as_str(), "kemenpanrb");

    let bkn = NewUnit {
        code: code("bkn"),
        name: "Badan Kepegawaian Negara".into(),
        kind: UnitKind::Agency,
        parent_code: None,
        aliases: Some("BKN".into()),
    };
    db.store.add_national_unit(&bkn, TEST_NOW).await.unwrap();
    assert!(matches!(
        db.store.add_national_unit(&bkn, TEST_NOW).await,
        Err(StoreError::Conflict(_))
    ));
    let orphan = NewUnit {
        code: code("bkn2.humas"),
        parent_code: Some(code("bkn2")),
        ..bkn.clone()
    };
    assert!(matches!(
        db.store.add_national_unit(&orphan, TEST_NOW).await,
        Err(StoreError::Invalid(_))
    ));
    let national = db
        .store
        .list_units(&UnitQuery {
            level: Some(Level::National),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(national.items.len(), 4);
}

#[tokio::test]
async fn the_whole_network_imports() {
    let db = TestDb::new().await;
    let all = sinergi_domain::region_data::bundled::records().unwrap();
    let report = db
        .store
        .import_regions(&all, "test", TEST_NOW, Default::default(), &no_progress)
        .await
        .unwrap();
    assert_eq!(report.added, 91_599);
    let counts = db.store.count_units_by_level().await.unwrap();
    assert_eq!(counts.get(Level::Province), 38);
    assert_eq!(counts.get(Level::Regency), 514);
    assert_eq!(counts.get(Level::District), 7285);
    assert_eq!(counts.get(Level::Village), 83762);
    let again = db
        .store
        .import_regions(&all, "test", TEST_NOW, Default::default(), &no_progress)
        .await
        .unwrap();
    assert!(!again.changed());
}
