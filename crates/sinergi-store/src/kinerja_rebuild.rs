//! The kinerja rebuild's reads and its one write: every release and
//! register item in pages, read ahead of the counting; then every counter,
//! fact and outlet pair in place of the old ones, in one transaction.
//!
//! On SQLite in a file both go through connections of their own
//! (`sqlite_direct.rs`), each on a blocking thread: the reads in one read
//! transaction, so that the next page is read while the caller counts the
//! last, and the write with prepared single-row inserts, taking each
//! record's fact as soon as it is counted (into a temporary table, copied
//! in key order at the end, so that the write lock is held only then). Reading, counting and writing
//! run side by side on the machine's cores. Elsewhere (PostgreSQL, SQLite in memory) the same pages come
//! from the pool, still read ahead by a task, and the write is
//! `insert_rows`' arrays or multi-row inserts.

use rusqlite::{Connection, TransactionBehavior};
use sqlx::{Any, Transaction};
use tokio::sync::mpsc;

use crate::kinerja::{
    KinerjaFact, KinerjaItem, KinerjaOutlet, KinerjaRelease, KinerjaRow, next_day_version,
    set_position,
};
use crate::newsroom::bulk::{Val, insert_rows};
use crate::{Store, StoreError, bulk_cache, sqlite_direct};

/// Pages read ahead: enough to keep the reader busy while one is counted,
/// few enough that memory stays at a few pages.
const PAGES_AHEAD: usize = 2;

/// A page cache for the rebuild's write: the tables being filled (tens of
/// millions of rows at national scale) stay in memory until the commit.
const WRITE_CACHE_KIB: u32 = 1_048_576;
const READ_CACHE_KIB: u32 = 65_536;

/// Counters of a rebuild, compact: each code and metric key once, the
/// rows as indexes into them (24 bytes a row instead of two strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KinerjaTable {
    pub codes: Vec<String>,
    pub metrics: Vec<String>,
    /// In the stored table's key order (unit code, subtree, day, metric),
    /// so that the database appends.
    pub cells: Vec<KinerjaCell>,
}

/// One counter of a [`KinerjaTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KinerjaCell {
    /// Index into `codes`.
    pub unit: u32,
    pub tree: bool,
    pub day: i32,
    /// Index into `metrics`.
    pub metric: u32,
    pub n: i64,
}

impl KinerjaTable {
    /// The rows, as [`KinerjaRow`]s.
    pub fn rows(&self) -> impl Iterator<Item = KinerjaRow> + '_ {
        self.cells.iter().map(|c| KinerjaRow {
            unit_code: self.codes[c.unit as usize].clone(),
            tree: c.tree,
            metric: self.metrics[c.metric as usize].clone(),
            day: i64::from(c.day),
            n: c.n,
        })
    }
}

/// Releases with the outlets that carried them (credited or confirmed
/// pickups), `(release id, outlet)` in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleasePage {
    pub releases: Vec<KinerjaRelease>,
    pub outlets: Vec<(i64, String)>,
}

/// Pages of records in id order, read ahead of the caller. Dropping it
/// stops the reader.
pub struct RecordPages<T> {
    rx: mpsc::Receiver<Result<T, StoreError>>,
}

impl<T> RecordPages<T> {
    /// The next page; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<T>, StoreError> {
        self.rx.recv().await.transpose()
    }
}

/// A scan on a direct connection, sending its pages as it goes.
type DirectRead<T> =
    fn(&mut Connection, usize, &mpsc::Sender<Result<T, StoreError>>) -> Result<(), StoreError>;

impl Store {
    /// Every release, `size` a page, with its outlets.
    pub fn kinerja_release_pages(&self, size: usize) -> RecordPages<ReleasePage> {
        self.read_ahead(size, read_releases, move |store, tx| async move {
            let limit = i64::try_from(size).unwrap_or(i64::MAX);
            let mut after = 0;
            loop {
                let releases = store.kinerja_releases_after(after, limit).await?;
                let Some(last) = releases.last().map(|r| r.id) else {
                    return Ok(());
                };
                let outlets = store.kinerja_releases_outlets(after, last).await?;
                after = last;
                let page = ReleasePage { releases, outlets };
                if tx.send(Ok(page)).await.is_err() {
                    return Ok(());
                }
            }
        })
    }

    /// Every register item, `size` a page.
    pub fn kinerja_item_pages(&self, size: usize) -> RecordPages<Vec<KinerjaItem>> {
        self.read_ahead(size, read_items, move |store, tx| async move {
            let limit = i64::try_from(size).unwrap_or(i64::MAX);
            let mut after = 0;
            loop {
                let page = store.kinerja_items_after(after, limit).await?;
                let Some(last) = page.last().map(|i| i.id) else {
                    return Ok(());
                };
                after = last;
                if tx.send(Ok(page)).await.is_err() {
                    return Ok(());
                }
            }
        })
    }

    /// Pages read ahead by `direct` on a connection of its own (SQLite in
    /// a file) or by `pooled` through the pool; an error ends the pages.
    fn read_ahead<T, Fut>(
        &self,
        size: usize,
        direct: DirectRead<T>,
        pooled: impl FnOnce(Store, mpsc::Sender<Result<T, StoreError>>) -> Fut,
    ) -> RecordPages<T>
    where
        T: Send + 'static,
        Fut: std::future::Future<Output = Result<(), StoreError>> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(PAGES_AHEAD);
        match self.sqlite_file.clone() {
            Some(path) => {
                tokio::task::spawn_blocking(move || {
                    let read = sqlite_direct::open(&path, READ_CACHE_KIB)
                        .map_err(StoreError::from)
                        .and_then(|mut conn| direct(&mut conn, size, &tx));
                    if let Err(e) = read {
                        let _ = tx.blocking_send(Err(e));
                    }
                });
            }
            None => {
                let read = pooled(self.clone(), tx.clone());
                tokio::spawn(async move {
                    if let Err(e) = read.await {
                        let _ = tx.send(Err(e)).await;
                    }
                });
            }
        }
        RecordPages { rx }
    }

    /// A rebuild's result, in place of everything kept so far.
    pub async fn kinerja_replace_all(
        &self,
        facts: Vec<KinerjaFact>,
        table: KinerjaTable,
        outlets: Vec<KinerjaOutlet>,
        seq: i64,
    ) -> Result<(), StoreError> {
        let mut writer = self.kinerja_writer(seq);
        writer.facts(facts).await?;
        writer.finish(table, outlets).await
    }

    /// The writer of a rebuild's result, at change-feed position `seq`:
    /// facts as the records are read, then the counters. Nothing is
    /// visible before [`KinerjaWriter::finish`]; dropping it instead
    /// writes nothing.
    ///
    /// On SQLite in a file the facts go to a thread of its own while the
    /// caller reads and counts (the second core's work), into a temporary
    /// table; the database's write lock is taken at `finish`, for the swap.
    pub fn kinerja_writer(&self, seq: i64) -> KinerjaWriter {
        match self.sqlite_file.clone() {
            Some(path) => {
                let (tx, rx) = mpsc::channel(PAGES_AHEAD);
                let done = tokio::task::spawn_blocking(move || write_direct(&path, seq, rx));
                KinerjaWriter::Direct { tx, done }
            }
            None => KinerjaWriter::Pool {
                store: self.clone(),
                facts: Vec::new(),
                seq,
            },
        }
    }
}

/// See [`Store::kinerja_writer`].
pub enum KinerjaWriter {
    Direct {
        tx: mpsc::Sender<WriteStep>,
        done: tokio::task::JoinHandle<Result<(), StoreError>>,
    },
    Pool {
        store: Store,
        facts: Vec<KinerjaFact>,
        seq: i64,
    },
}

/// What the direct writer's thread receives.
#[doc(hidden)]
pub enum WriteStep {
    Facts(Vec<KinerjaFact>),
    Finish(KinerjaTable, Vec<KinerjaOutlet>),
}

impl KinerjaWriter {
    /// Records' facts, in any order (each record once).
    pub async fn facts(&mut self, batch: Vec<KinerjaFact>) -> Result<(), StoreError> {
        match self {
            KinerjaWriter::Direct { tx, .. } => {
                if tx.send(WriteStep::Facts(batch)).await.is_err() {
                    // The thread stopped: its error says why.
                    return Err(self.stopped().await);
                }
                Ok(())
            }
            KinerjaWriter::Pool { facts, .. } => {
                facts.extend(batch);
                Ok(())
            }
        }
    }

    /// The counters and outlet pairs; then the whole result commits.
    pub async fn finish(
        self,
        table: KinerjaTable,
        outlets: Vec<KinerjaOutlet>,
    ) -> Result<(), StoreError> {
        match self {
            KinerjaWriter::Direct { tx, done } => {
                let sent = tx.send(WriteStep::Finish(table, outlets)).await;
                drop(tx);
                let result = done
                    .await
                    .map_err(|e| StoreError::Invalid(format!("the kinerja write stopped: {e}")))?;
                result?;
                if sent.is_err() {
                    return Err(StoreError::Invalid(
                        "the kinerja write stopped before the counters".to_owned(),
                    ));
                }
                Ok(())
            }
            KinerjaWriter::Pool { store, facts, seq } => {
                let mut tx = store.begin_write().await?;
                // SQLite in memory: a page cache that holds the tables
                // being filled, for this transaction only.
                let saved = bulk_cache::widen(&mut tx, store.backend, WRITE_CACHE_KIB).await?;
                let written =
                    replace_all_rows(&mut tx, store.backend, facts, table, outlets, seq).await;
                bulk_cache::restore(&mut tx, saved).await?;
                written?;
                tx.commit().await?;
                Ok(())
            }
        }
    }

    /// The direct writer's error, once its thread has stopped.
    async fn stopped(&mut self) -> StoreError {
        let KinerjaWriter::Direct { done, .. } = self else {
            return StoreError::Invalid("the kinerja write stopped".to_owned());
        };
        match done.await {
            Ok(Err(e)) => e,
            Ok(Ok(())) => StoreError::Invalid("the kinerja write stopped".to_owned()),
            Err(e) => StoreError::Invalid(format!("the kinerja write stopped: {e}")),
        }
    }
}

/// Sends full pages as the one scan goes; `false` once the receiver is gone.
struct Pager<'a, T> {
    tx: &'a mpsc::Sender<Result<T, StoreError>>,
}

impl<T> Pager<'_, T> {
    fn send(&self, page: T) -> bool {
        self.tx.blocking_send(Ok(page)).is_ok()
    }
}

fn read_releases(
    conn: &mut Connection,
    size: usize,
    tx: &mpsc::Sender<Result<ReleasePage, StoreError>>,
) -> Result<(), StoreError> {
    // One snapshot for the whole scan.
    let t = conn.transaction()?;
    // `select_releases!` without its pickups subquery: two index seeks a
    // release (most of the scan's time at ten million); the page's
    // pickups are counted by one range scan instead and merged by id.
    let mut releases = t.prepare(
        "SELECT r.id, r.unit_code, r.state, \
         CASE WHEN r.state = 'released' THEN r.public_at END AS public_at, \
         a.unit_code AS amplified_unit \
         FROM releases r LEFT JOIN releases a ON a.id = r.amplifies_id ORDER BY r.id",
    )?;
    let mut pickups = t.prepare(
        "SELECT release_id, COUNT(*) FROM media_matches \
         WHERE release_id > ?1 AND release_id <= ?2 AND state IN ('credited', 'confirmed') \
         GROUP BY release_id ORDER BY release_id",
    )?;
    let mut outlets = t.prepare(
        "SELECT DISTINCT m.release_id, a.outlet FROM media_matches m \
         JOIN media_articles a ON a.id = m.article_id \
         WHERE m.release_id > ?1 AND m.release_id <= ?2 AND m.state IN ('credited', 'confirmed') \
         ORDER BY m.release_id, a.outlet",
    )?;
    let pager = Pager { tx };
    let mut rows = releases.query([])?;
    let mut page: Vec<KinerjaRelease> = Vec::with_capacity(size);
    let mut after = 0;
    loop {
        let row = rows.next()?;
        if let Some(row) = row {
            page.push(KinerjaRelease {
                id: row.get(0)?,
                unit_code: row.get(1)?,
                state: row.get(2)?,
                public_at: row.get(3)?,
                amplified_unit: row.get(4)?,
                pickups: 0,
            });
            if page.len() < size {
                continue;
            }
        }
        let Some(last) = page.last().map(|r| r.id) else {
            return Ok(());
        };
        // Both in id order, as the page is.
        let mut counted = pickups.query([after, last])?;
        let mut at = 0;
        while let Some(c) = counted.next()? {
            let (id, n): (i64, i64) = (c.get(0)?, c.get(1)?);
            at += page[at..].partition_point(|r| r.id < id);
            if let Some(r) = page.get_mut(at).filter(|r| r.id == id) {
                r.pickups = n;
            }
        }
        let carried = outlets
            .query_map([after, last], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(i64, String)>, _>>()?;
        after = last;
        let full = std::mem::replace(&mut page, Vec::with_capacity(size));
        let more = row.is_some();
        if !pager.send(ReleasePage {
            releases: full,
            outlets: carried,
        }) || !more
        {
            return Ok(());
        }
    }
}

fn read_items(
    conn: &mut Connection,
    size: usize,
    tx: &mpsc::Sender<Result<Vec<KinerjaItem>, StoreError>>,
) -> Result<(), StoreError> {
    let t = conn.transaction()?;
    let mut items = t.prepare(crate::kinerja::select_items!("ORDER BY id"))?;
    let pager = Pager { tx };
    let mut rows = items.query([])?;
    let mut page = Vec::with_capacity(size);
    while let Some(row) = rows.next()? {
        page.push(KinerjaItem {
            id: row.get(0)?,
            unit_code: row.get(1)?,
            kind: row.get(2)?,
            created_at: row.get(3)?,
            occurred_on: row.get(4)?,
            first_public_at: row.get(5)?,
            removed_at: row.get(6)?,
        });
        if page.len() == size && !pager.send(std::mem::replace(&mut page, Vec::with_capacity(size)))
        {
            return Ok(());
        }
    }
    if !page.is_empty() {
        pager.send(page);
    }
    Ok(())
}

/// The write on SQLite's own connection: what [`replace_all_rows`] does,
/// a prepared statement stepped once a row, the facts as they come.
/// Returns without writing anything if the sender goes away before
/// [`WriteStep::Finish`].
fn write_direct(
    path: &std::path::Path,
    seq: i64,
    mut rx: mpsc::Receiver<WriteStep>,
) -> Result<(), StoreError> {
    let mut conn = sqlite_direct::open(path, WRITE_CACHE_KIB)?;
    // The facts wait in a table of this connection's own (in memory,
    // appended to, no key) while the records are read: the database's
    // write lock is taken only for the swap at the end, so the server's
    // other writers wait no longer than that (holding it through the
    // read, a first start's rebuild made sign-ins fail with "database is
    // locked"). Copying them costs about 10 s at ten million records; a
    // temporary file instead of memory cost three times that.
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY; \
         CREATE TEMP TABLE rebuild_facts (entity TEXT NOT NULL, entity_key TEXT NOT NULL, \
                                          counts TEXT NOT NULL);",
    )?;
    let (table, outlets) = {
        let staging = conn.transaction()?;
        let finished = {
            let mut insert_fact = staging.prepare(
                "INSERT INTO temp.rebuild_facts (entity, entity_key, counts) VALUES (?1, ?2, ?3)",
            )?;
            loop {
                match rx.blocking_recv() {
                    Some(WriteStep::Facts(batch)) => {
                        for f in &batch {
                            if let Some(counts) = &f.counts {
                                insert_fact.execute(rusqlite::params![
                                    f.entity,
                                    f.entity_key,
                                    counts
                                ])?;
                            }
                        }
                    }
                    Some(WriteStep::Finish(table, outlets)) => break (table, outlets),
                    // Dropped: nothing is written (the temporary table
                    // goes with the connection).
                    None => return Ok(()),
                }
            }
        };
        staging.commit()?;
        finished
    };
    let t = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    t.execute_batch(
        "DELETE FROM kinerja_daily; DELETE FROM kinerja_facts; DELETE FROM kinerja_outlets; \
         INSERT INTO kinerja_facts (entity, entity_key, counts) \
           SELECT entity, entity_key, counts FROM temp.rebuild_facts ORDER BY entity, entity_key;",
    )?;
    {
        let mut insert = t.prepare(
            "INSERT INTO kinerja_outlets (day, unit_code, outlet, n) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for o in outlets.iter().filter(|o| o.n != 0) {
            insert.execute(rusqlite::params![o.day, o.unit_code, o.outlet, o.n])?;
        }
        let mut insert = t.prepare(
            "INSERT INTO kinerja_daily (unit_code, tree, metric, day, n) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for c in table.cells.iter().filter(|c| c.n != 0) {
            insert.execute(rusqlite::params![
                table.codes[c.unit as usize],
                i64::from(c.tree),
                table.metrics[c.metric as usize],
                i64::from(c.day),
                c.n
            ])?;
        }
    }
    t.execute(
        "INSERT INTO kinerja_projection (name, seq) VALUES ('daily', ?1) \
         ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
        [seq],
    )?;
    // Every day may have moved: one row before any day, newer than all.
    let version: i64 = t.query_row(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM kinerja_day_versions",
        [],
        |r| r.get(0),
    )?;
    t.execute("DELETE FROM kinerja_day_versions", [])?;
    t.execute(
        "INSERT INTO kinerja_day_versions (day, version) VALUES (?1, ?2)",
        [i64::from(i32::MIN), version],
    )?;
    t.commit()?;
    // The write went through the write-ahead log (a gigabyte at national
    // scale): copied into the database now and the log emptied, rather
    // than left for whichever request writes next, and the file kept
    // small. Busy readers only make this copy less (its result is not an
    // error).
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// What `kinerja_replace_all` writes through the pool, in its transaction.
async fn replace_all_rows(
    tx: &mut Transaction<'_, Any>,
    backend: crate::Backend,
    facts: Vec<KinerjaFact>,
    table: KinerjaTable,
    outlets: Vec<KinerjaOutlet>,
    seq: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM kinerja_daily")
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM kinerja_facts")
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM kinerja_outlets")
        .execute(&mut **tx)
        .await?;
    let outlet_rows = outlets
        .into_iter()
        .filter(|o| o.n != 0)
        .map(|o| {
            vec![
                Val::Int(o.day),
                Val::Text(o.unit_code),
                Val::Text(o.outlet),
                Val::Int(o.n),
            ]
        })
        .collect();
    insert_rows(
        tx,
        backend,
        "kinerja_outlets",
        &["day", "unit_code", "outlet", "n"],
        outlet_rows,
    )
    .await?;
    let fact_rows = facts
        .into_iter()
        .filter_map(|f| {
            f.counts.map(|c| {
                vec![
                    Val::Text(f.entity.to_owned()),
                    Val::Text(f.entity_key),
                    Val::Text(c),
                ]
            })
        })
        .collect();
    insert_rows(
        tx,
        backend,
        "kinerja_facts",
        &["entity", "entity_key", "counts"],
        fact_rows,
    )
    .await?;
    let daily = table
        .rows()
        .filter(|r| r.n != 0)
        .map(|r| {
            vec![
                Val::Text(r.unit_code),
                Val::Int(i64::from(r.tree)),
                Val::Text(r.metric),
                Val::Int(r.day),
                Val::Int(r.n),
            ]
        })
        .collect();
    insert_rows(
        tx,
        backend,
        "kinerja_daily",
        &["unit_code", "tree", "metric", "day", "n"],
        daily,
    )
    .await?;
    set_position(tx, seq).await?;
    // Every day may have moved: one row before any day, newer than all.
    let version = next_day_version(tx).await?;
    sqlx::query("DELETE FROM kinerja_day_versions")
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO kinerja_day_versions (day, version) VALUES ($1, $2)")
        .bind(i64::from(i32::MIN))
        .bind(version)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store_in_a_file() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::connect(&url, 2).await.unwrap();
        store.migrate().await.unwrap();
        assert!(store.sqlite_file.is_some());
        (dir, store)
    }

    fn fact(key: &str) -> KinerjaFact {
        KinerjaFact {
            entity: "release",
            entity_key: key.to_owned(),
            counts: Some(format!("51 20000 releases {key}")),
        }
    }

    fn table(n: i64) -> KinerjaTable {
        KinerjaTable {
            codes: vec!["51".to_owned(), "51.71".to_owned()],
            metrics: vec!["releases".to_owned()],
            cells: vec![
                KinerjaCell {
                    unit: 0,
                    tree: true,
                    day: 20_000,
                    metric: 0,
                    n,
                },
                KinerjaCell {
                    unit: 1,
                    tree: false,
                    day: 20_000,
                    metric: 0,
                    n: 0,
                },
            ],
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_direct_write_replaces_everything_and_a_dropped_one_nothing() {
        let (_dir, store) = store_in_a_file().await;
        let mut writer = store.kinerja_writer(7);
        writer.facts(vec![fact("1")]).await.unwrap();
        writer.facts(vec![fact("2")]).await.unwrap();
        writer.finish(table(3), vec![]).await.unwrap();
        assert_eq!(store.kinerja_position().await.unwrap(), Some(7));
        let counts = store.kinerja_counts("51", true, 0, 30_000).await.unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].n, 3);
        // A zero counter is not stored.
        assert!(
            store
                .kinerja_counts("51.71", false, 0, 30_000)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.kinerja_fact("release", "2").await.unwrap().as_deref(),
            Some("51 20000 releases 2")
        );

        // A rebuild that stops half-way (its writer dropped after some
        // facts) leaves the last result as it was.
        let mut writer = store.kinerja_writer(9);
        writer.facts(vec![fact("5")]).await.unwrap();
        drop(writer);
        // The next write waits for the dropped one's thread to let go.
        let mut again = store.kinerja_writer(11);
        again.facts(vec![fact("6")]).await.unwrap();
        drop(again);
        assert_eq!(store.kinerja_position().await.unwrap(), Some(7));
        assert_eq!(store.kinerja_fact("release", "5").await.unwrap(), None);
        assert_eq!(
            store.kinerja_counts("51", true, 0, 30_000).await.unwrap()[0].n,
            3
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_direct_write_says_why_and_keeps_the_old_result() {
        let (_dir, store) = store_in_a_file().await;
        store
            .kinerja_replace_all(vec![fact("1")], table(3), vec![], 7)
            .await
            .unwrap();
        // The same record twice: the facts' primary key refuses the second.
        let mut writer = store.kinerja_writer(9);
        let sent = writer.facts(vec![fact("4"), fact("4")]).await;
        let failed = match sent {
            Err(e) => e,
            Ok(()) => writer.finish(table(5), vec![]).await.unwrap_err(),
        };
        assert!(failed.to_string().contains("UNIQUE"), "{failed}");
        assert_eq!(store.kinerja_position().await.unwrap(), Some(7));
        assert_eq!(
            store.kinerja_counts("51", true, 0, 30_000).await.unwrap()[0].n,
            3
        );
    }
}
