//! The projector's story on a real database (SQLite, or PostgreSQL with
//! `SINERGI_TEST_DATABASE_URL`): fill, follow renames and retirements, resume after a
//! crash without duplicates, rebuild and swap.

use std::time::Duration;

use sinergi_indexer::{
    Projector, ProjectorConfig, SearchIndex, Source, build_dir, rebuild_into, swap_in,
};
use sinergi_search::{DocKind, Query};
use sinergi_store::{ImportOptions, Store};
use sinergi_testkit::{TEST_NOW, TestDb, regions, unit_doc_ids};

/// Every current unit exactly once, nothing else, at the feed's last position.
async fn assert_in_step(store: &Store, index: &SearchIndex) {
    let mut in_index = index.all_ids().unwrap();
    in_index.sort();
    assert_eq!(in_index, unit_doc_ids(store).await);
    assert_eq!(
        index.last_applied_seq().unwrap(),
        Some(store.last_change_seq().await.unwrap())
    );
}

fn small_batches() -> ProjectorConfig {
    ProjectorConfig {
        batch: 100,
        ..Default::default()
    }
}

fn titles(index: &SearchIndex, text: &str) -> Vec<String> {
    let mut q = Query::text(text, TEST_NOW);
    q.kinds = vec![DocKind::Unit];
    index
        .search(&q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

#[tokio::test]
async fn a_new_index_is_filled_then_follows_renames_and_retirements() {
    let db = TestDb::with_network(&["51"]).await;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let mut projector = Projector::new(db.store.clone(), index.clone(), small_batches()).unwrap();
    let first = projector.catch_up().await.unwrap();
    assert!(first.filled);
    assert_eq!(first.changes, 0, "filled from the tables, not the feed");
    assert_in_step(&db.store, &index).await;
    assert_eq!(titles(&index, "denpasar")[0], "Kota Denpasar");

    // A new list: Sanur renamed, Serangan gone.
    let mut list = regions(&["51"]);
    list.iter_mut()
        .find(|r| r.code.as_str() == "51.71.01.1006")
        .unwrap()
        .name = "Sanur Kauh Baru".into();
    list.retain(|r| r.code.as_str() != "51.71.01.1001");
    db.store
        .import_regions(
            &list,
            "test",
            TEST_NOW + 1,
            ImportOptions {
                allow_mass_retire: true,
            },
            &|_, _| {},
        )
        .await
        .unwrap();
    let second = projector.catch_up().await.unwrap();
    assert!(!second.filled);
    assert_eq!(second.changes, 2);
    assert_eq!(second.writes, 2);
    assert_in_step(&db.store, &index).await;
    assert_eq!(index.count_id("unit:51.71.01.1001").unwrap(), 0, "retired");
    assert_eq!(titles(&index, "kauh baru"), ["Sanur Kauh Baru"]);

    // It comes back: restored.
    db.store
        .import_regions(
            &regions(&["51"]),
            "test",
            TEST_NOW + 2,
            ImportOptions::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
    projector.catch_up().await.unwrap();
    assert_in_step(&db.store, &index).await;
    assert_eq!(index.count_id("unit:51.71.01.1001").unwrap(), 1);
    assert!(!titles(&index, "kauh baru").contains(&"Sanur Kauh Baru".to_owned()));
}

#[tokio::test]
async fn replaying_after_a_crash_writes_each_document_once() {
    let db = TestDb::with_network(&["51"]).await;
    let last = db.store.last_change_seq().await.unwrap();
    for resume_at in [0, 1, last / 3, last - 1] {
        // An index that committed part of the feed, as if killed mid-way: some documents
        // are in it already and will be applied again.
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        {
            let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
            let changes = db
                .store
                .changes_since(0, resume_at.max(1) * 2)
                .await
                .unwrap();
            for c in changes.iter().take(usize::try_from(resume_at).unwrap() * 2) {
                let source = Source::of_entity(&c.entity).unwrap();
                if let Some(doc) = source.load(&db.store, &c.entity_key).await.unwrap() {
                    w.upsert(&doc).unwrap();
                }
            }
            w.commit(resume_at).unwrap();
            w.finish().unwrap();
        }
        let mut projector =
            Projector::new(db.store.clone(), index.clone(), small_batches()).unwrap();
        let done = projector.catch_up().await.unwrap();
        assert!(!done.filled);
        assert_eq!(done.changes, u64::try_from(last - resume_at).unwrap());
        assert_in_step(&db.store, &index).await;
    }
}

#[tokio::test]
async fn the_follower_wakes_on_a_signal_and_stops_when_asked() {
    let db = TestDb::with_network(&["51.71"]).await;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let projector = Projector::new(
        db.store.clone(),
        index.clone(),
        ProjectorConfig {
            poll: Duration::from_secs(3600),
            ..Default::default()
        },
    )
    .unwrap();
    let waker = projector.waker();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(projector.run_until(async {
        let _ = stopped.await;
    }));
    let wait_for = |want: i64| {
        let index = index.clone();
        async move {
            for _ in 0..200 {
                if index.last_applied_seq().unwrap() == Some(want) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            panic!("the index did not reach seq {want}");
        }
    };
    wait_for(db.store.last_change_seq().await.unwrap()).await;
    let mut list = regions(&["51.71"]);
    list.iter_mut()
        .find(|r| r.code.as_str() == "51.71")
        .unwrap()
        .name = "Kota Denpasar Raya".into();
    db.store
        .import_regions(
            &list,
            "test",
            TEST_NOW + 1,
            ImportOptions::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
    // The poll is an hour away: only the signal can bring the change in.
    waker.wake();
    wait_for(db.store.last_change_seq().await.unwrap()).await;
    assert_eq!(titles(&index, "raya"), ["Kota Denpasar Raya"]);
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("stops")
        .unwrap();
    // The writer lock is released: another projector can open the index.
    Projector::new(db.store.clone(), index, ProjectorConfig::default()).unwrap();
}

#[tokio::test]
async fn a_rebuild_swaps_in_atomically_and_the_follower_resumes_after_it() {
    let db = TestDb::with_network(&["51.71"]).await;
    let data = tempfile::tempdir().unwrap();
    let target = data.path().join("index");
    // The server's own index, a plain folder.
    {
        let index = SearchIndex::open_or_create(&target).unwrap();
        let mut p = Projector::new(db.store.clone(), index, ProjectorConfig::default()).unwrap();
        p.catch_up().await.unwrap();
    }
    for round in 0..2 {
        let built = build_dir(&target);
        let report = rebuild_into(&db.store, &built, &|_, _| {}).await.unwrap();
        assert_eq!(report.seq, db.store.last_change_seq().await.unwrap());
        assert!(
            rebuild_into(&db.store, &built, &|_, _| {}).await.is_err(),
            "never over an index"
        );
        swap_in(&built, &target).unwrap();
        assert!(
            std::fs::symlink_metadata(&target)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let index = SearchIndex::open_or_create(&target).unwrap();
        assert_eq!(index.num_docs(), report.docs);
        assert_in_step(&db.store, &index).await;
        // Only the live index is left in the data folder.
        let left: Vec<_> = std::fs::read_dir(data.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "round {round}: the link and its folder");
        let mut p =
            Projector::new(db.store.clone(), index.clone(), ProjectorConfig::default()).unwrap();
        let done = p.catch_up().await.unwrap();
        assert_eq!((done.filled, done.changes), (false, 0));
    }
}
