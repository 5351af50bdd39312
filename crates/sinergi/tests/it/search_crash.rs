//! `kill -9` at any moment never costs the search index a document or doubles
//! one: the real binary (`serve` with its projector, and `reindex`) is killed
//! at a series of moments, restarted, and once it has caught up the index
//! holds every current unit exactly once, at the change feed's last position.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sinergi_search::SearchIndex;
use sinergi_store::{ImportOptions, Store};
use sinergi_testkit::{TEST_NOW, TestDb, regions, unit_doc_ids};

const PREFIXES: [&str; 2] = ["51", "52"];

fn start(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .args(args)
        .env_remove("SINERGI_DATABASE_URL")
        .env_remove("SINERGI_INDEX_DIR")
        .env("SINERGI_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts")
}

/// SIGKILL, as `kill -9`.
fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Whatever moment the kill landed at, the index on disk is sound: no id twice,
/// nothing that is not a current unit (renames keep the id), and a position that is
/// not ahead of the feed.
async fn assert_sound(store: &Store, dir: &Path, moment: &str) {
    if !dir.exists() {
        return; // killed between the two steps of a first swap: rebuilt at start
    }
    let index = SearchIndex::open_or_create(dir).unwrap();
    let mut ids = index.all_ids().unwrap();
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "{moment}: a document appears twice");
    let current = unit_doc_ids(store).await;
    assert!(
        ids.iter().all(|id| current.binary_search(id).is_ok()),
        "{moment}: a document that is not a current unit"
    );
    let seq = index.last_applied_seq().unwrap();
    let last = store.last_change_seq().await.unwrap();
    assert!(seq.unwrap_or(0) <= last, "{moment}");
    // What the kill left, to see that the moments differ (`--nocapture`).
    eprintln!(
        "{moment}: {} documents, at seq {seq:?} of {last}",
        ids.len()
    );
}

/// Replaces the index with an empty one committed at seq 0: the projector then
/// replays the whole feed, a batch (one commit) at a time.
fn reset_to_seq_0(dir: &Path) {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(dir).unwrap(),
        Ok(_) => std::fs::remove_file(dir).unwrap(),
        Err(_) => {}
    }
    let index = SearchIndex::open_or_create(dir).unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    w.commit(0).unwrap();
    w.finish().unwrap();
}

/// Renames every village of Kota Denpasar: a burst of changes for the projector.
async fn rename_villages(store: &Store, round: usize) {
    let mut list = regions(&PREFIXES);
    for r in list.iter_mut() {
        if r.code.as_str().starts_with("51.71.") && r.code.as_str().len() > 9 {
            r.name = format!("{} {round}", r.name);
        }
    }
    store
        .import_regions(
            &list,
            "test",
            TEST_NOW + round as i64,
            ImportOptions::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_any_moment_leaves_every_document_exactly_once() {
    let db = TestDb::with_network(&PREFIXES).await;
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_owned();
    let index_dir = data.path().join("index");
    let serve = [
        "serve",
        "--database",
        &db.url,
        "--data-dir",
        &data_dir,
        "--listen",
        "127.0.0.1:0",
    ];
    let reindex = ["reindex", "--database", &db.url, "--data-dir", &data_dir];

    // Moments from "before anything" to "well after catching up". Rounds take
    // turns: replay the whole feed from seq 0 in batches (an index reset to an
    // empty commit at 0), continue where the last round stopped, or rebuild
    // with `reindex`. The feed grows between rounds.
    let delays_ms = [
        0, 100, 200, 250, 300, 350, 400, 450, 500, 600, 700, 900, 1200, 2000,
    ];
    for (round, delay) in delays_ms.into_iter().enumerate() {
        let what = ["serve replaying the feed", "serve continuing", "reindex"][round % 3];
        if round % 3 == 0 {
            reset_to_seq_0(&index_dir);
        }
        let child = start(if what == "reindex" { &reindex } else { &serve });
        tokio::time::sleep(Duration::from_millis(delay)).await;
        kill(child);
        assert_sound(
            &db.store,
            &index_dir,
            &format!("{what} killed after {delay} ms"),
        )
        .await;
        if round % 2 == 1 {
            rename_villages(&db.store, round).await;
        }
    }

    // Restart and wait for the projector to reach the end of the feed.
    let last = db.store.last_change_seq().await.unwrap();
    let server = start(&serve);
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if index_dir.exists() {
            let index = SearchIndex::open_or_create(&index_dir).unwrap();
            if index.last_applied_seq().unwrap() == Some(last) {
                break;
            }
        }
        assert!(Instant::now() < deadline, "the index did not catch up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    kill(server);
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    let mut ids = index.all_ids().unwrap();
    ids.sort();
    let expected = unit_doc_ids(&db.store).await;
    assert_eq!(ids.len(), expected.len(), "every unit exactly once");
    assert_eq!(ids, expected);
    for id in ["unit:51.71", "unit:52.71", "unit:kemenpanrb.hkip"] {
        assert_eq!(index.count_id(id).unwrap(), 1, "{id}");
    }
    assert_eq!(index.last_applied_seq().unwrap(), Some(last));
    // The renamed villages carry their last names.
    let mut q = sinergi_search::Query::text("Sanur", TEST_NOW);
    q.limit = 5;
    let titles: Vec<String> = index
        .search(&q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect();
    assert!(titles.iter().any(|t| t.ends_with(" 13")), "{titles:?}");
}

#[tokio::test]
async fn reindex_rebuilds_swaps_and_reports() {
    let db = TestDb::with_network(&["51.71"]).await;
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_sinergi"))
            .args(["reindex", "--database", &db.url, "--data-dir", data_dir])
            .env_remove("SINERGI_DATABASE_URL")
            .env_remove("SINERGI_INDEX_DIR")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.starts_with("Indexed "), "{stdout}");
        assert!(out.stderr.is_empty(), "no progress bar without a terminal");
    }
    let index = SearchIndex::open_or_create(data.path().join("index")).unwrap();
    let expected = unit_doc_ids(&db.store).await;
    assert_eq!(index.num_docs(), expected.len() as u64);
    assert_eq!(
        index.last_applied_seq().unwrap(),
        Some(db.store.last_change_seq().await.unwrap())
    );
    // The data folder holds the database, the index link and the one folder it names.
    let mut names: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("index"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
}
