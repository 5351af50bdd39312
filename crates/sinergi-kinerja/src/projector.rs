//! Following the change feed into the day counters, like the search
//! indexer and the campaign statuses: catch up from the stored position,
//! re-derive every release and register item the new changes name, add the
//! difference with what each last added, and remember the position, all in
//! one transaction per batch. The first run (and `sinergi kinerja
//! rebuild`) builds everything from the records instead.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sinergi_domain::UnitCode;
use sinergi_domain::forum::fulfilment::{self, CommitmentFacts, EventFacts};
use sinergi_domain::newsroom::ItemKind;
use sinergi_store::kinerja::{
    KinerjaCommitment, KinerjaEvent, KinerjaEventUnit, KinerjaFact, KinerjaItem, KinerjaOutlet,
    KinerjaRelease, KinerjaRow,
};
use sinergi_store::{Store, StoreError};
use tokio::sync::Mutex;

use crate::facts::{self, CommitmentFact, EventFact, Fact, ItemFact, ReleaseFact, RowKey};
use crate::period::Day;
use crate::rebuild_table::RebuildTable;

/// Changes read at a time.
const BATCH: i64 = 500;
/// Records read at a time by a rebuild.
const REBUILD_PAGE: i64 = 20_000;

#[derive(Debug, thiserror::Error)]
pub enum KinerjaError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("unit `{0}` not found")]
    UnknownUnit(String),
    #[error("only a network administrator sets the index's weights")]
    Forbidden,
    #[error(transparent)]
    Weights(#[from] crate::weights::WeightsError),
}

/// The kinerja service: the projector and the figures.
#[derive(Debug, Clone)]
pub struct Kinerja {
    pub(crate) store: Store,
    writer: Arc<Mutex<()>>,
    /// Figures read elsewhere, kept between requests (see `figures.rs`).
    pub(crate) elsewhere: Arc<Mutex<crate::figures::ElsewhereCache>>,
    /// Boards kept between requests (see `figures.rs`).
    pub(crate) boards: Arc<Mutex<crate::figures::BoardCache>>,
}

/// What one catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUp {
    pub changes: u64,
    pub records: u64,
    pub rows: u64,
    pub rebuilt: bool,
    pub seq: i64,
}

/// Wakes the projector at once after a committed write.
pub use sinergi_store::leases::Waker;

const RELEASE: &str = "release";
const ITEM: &str = "register_item";
const EVENT: &str = "event";
const ATTENDANCE: &str = "event_attendance";
const COMMITMENT: &str = "commitment";
const MATCH: &str = "media_match";
/// What the projection remembers of an article: the releases it was
/// matched with, so that a match dropped later is counted off its release.
const ARTICLE: &str = "article_releases";

fn release_fact(r: &KinerjaRelease) -> Option<Fact> {
    Some(Fact::Release(ReleaseFact {
        unit: UnitCode::parse(&r.unit_code).ok()?,
        public_at: r.public_at,
        amplifies: r
            .amplified_unit
            .as_deref()
            .and_then(|u| UnitCode::parse(u).ok()),
        pickups: r.pickups,
    }))
}

/// The rows of `units` (ordered by event id, as the store's reads return
/// them) that belong to event `id`: a binary search, since a rebuild's
/// page holds 20,000 events and hundreds of thousands of these rows.
fn units_of(units: &[KinerjaEventUnit], id: i64) -> &[KinerjaEventUnit] {
    let from = units.partition_point(|u| u.event_id < id);
    let to = from + units[from..].partition_point(|u| u.event_id == id);
    &units[from..to]
}

fn event_fact(e: &KinerjaEvent, units: &[KinerjaEventUnit]) -> Option<Fact> {
    let mut invited = BTreeSet::new();
    let mut attended = BTreeSet::new();
    for u in units_of(units, e.id) {
        let Ok(code) = UnitCode::parse(&u.unit_code) else {
            continue;
        };
        if u.attended == 1 {
            attended.insert(code);
        } else {
            invited.insert(code);
        }
    }
    Some(Fact::Event(EventFact {
        organiser: UnitCode::parse(&e.organiser_code).ok()?,
        starts_at: e.starts_at,
        cancelled: e.status == "cancelled",
        invited,
        attended,
    }))
}

fn event_facts(e: &KinerjaEvent, units: &[KinerjaEventUnit]) -> Option<EventFacts> {
    Some(EventFacts {
        id: e.id,
        series: e.series_id,
        organiser: UnitCode::parse(&e.organiser_code).ok()?,
        starts_at: e.starts_at,
        cancelled: e.status == "cancelled",
        attended: units_of(units, e.id)
            .iter()
            .filter(|u| u.attended == 1)
            .filter_map(|u| UnitCode::parse(&u.unit_code).ok())
            .collect(),
    })
}

/// What the projection remembers of a release's outlets: the (day, unit,
/// outlet) pairs it last added to `kinerja_outlets`.
const RELEASE_OUTLETS: &str = "release_outlets";

/// A release's (day, unit, outlet) pairs: one per outlet that carried it,
/// on its public day in its unit's zone, as its pickups are counted.
fn outlet_pairs(r: &KinerjaRelease, outlets: &[String]) -> Vec<OutletPair> {
    let (Some(at), Ok(unit)) = (r.public_at, UnitCode::parse(&r.unit_code)) else {
        return Vec::new();
    };
    let day = i64::from(Day::of_instant(at, sinergi_domain::Zone::of_unit(&unit)).0);
    outlets
        .iter()
        .map(|o| (day, r.unit_code.clone(), o.clone()))
        .collect()
}

type OutletPair = (i64, String, String);

/// Pairs as stored in `kinerja_facts`: a line each, tab-separated, the
/// outlet last (its name may hold anything but a line break).
fn encode_pairs(pairs: &[OutletPair]) -> Option<String> {
    (!pairs.is_empty()).then(|| {
        pairs
            .iter()
            .map(|(d, u, o)| format!("{d}\t{u}\t{}", o.replace(['\n', '\r'], " ")))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn decode_pairs(s: &str) -> Vec<OutletPair> {
    s.lines()
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some((
                f.next()?.parse().ok()?,
                f.next()?.to_owned(),
                f.next()?.to_owned(),
            ))
        })
        .collect()
}

fn outlet_rows(map: BTreeMap<OutletPair, i64>) -> Vec<KinerjaOutlet> {
    map.into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((day, unit_code, outlet), n)| KinerjaOutlet {
            day,
            unit_code,
            outlet,
            n,
        })
        .collect()
}

/// The ids an article's remembered releases are stored as.
fn encode_ids(ids: &[i64]) -> Option<String> {
    (!ids.is_empty()).then(|| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" "))
}

fn item_fact(i: &KinerjaItem) -> Option<Fact> {
    Some(Fact::Item(ItemFact {
        unit: UnitCode::parse(&i.unit_code).ok()?,
        kind: i.kind.parse::<ItemKind>().ok()?,
        created_at: i.created_at,
        occurred_on: i.occurred_on.as_deref().and_then(Day::parse_date),
        first_public_at: i.first_public_at,
        removed: i.removed_at.is_some(),
    }))
}

fn to_rows(map: BTreeMap<RowKey, i64>) -> Vec<KinerjaRow> {
    map.into_iter()
        .map(|((unit_code, tree, metric, day), n)| KinerjaRow {
            unit_code,
            tree,
            metric: metric.key(),
            day: i64::from(day.0),
            n,
        })
        .collect()
}

/// The events of a (unit, series), read once per batch or rebuild.
#[derive(Default)]
struct SeriesCache {
    series: BTreeMap<(String, i64), Vec<EventFacts>>,
    /// Every series is in `series` (a rebuild read them all): one that is
    /// not has no events.
    complete: bool,
}

impl SeriesCache {
    /// Every series' events at once, for a rebuild.
    async fn all(store: &Store) -> Result<SeriesCache, StoreError> {
        let (events, present) = store.kinerja_all_series_events().await?;
        let mut series: BTreeMap<(String, i64), Vec<EventFacts>> = BTreeMap::new();
        for e in &events {
            let (Some(s), Some(facts)) = (e.series_id, event_facts(e, &present)) else {
                continue;
            };
            series
                .entry((e.organiser_code.clone(), s))
                .or_default()
                .push(facts);
        }
        Ok(SeriesCache {
            series,
            complete: true,
        })
    }
}

/// Progress of a rebuild: records read so far, of `total`.
pub trait Progress {
    fn start(&mut self, total: u64);
    fn advance(&mut self, records: u64);
}

impl Progress for () {
    fn start(&mut self, _: u64) {}
    fn advance(&mut self, _: u64) {}
}

/// What a rebuild did, and where its time went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub records: u64,
    pub rows: u64,
    pub seq: i64,
    /// Reading the records and counting them.
    pub read: Duration,
    /// Rolling the counts up to every ancestor and sorting the rows.
    pub roll_up: Duration,
    /// Writing the counters after the last record (each record's fact
    /// is written while the next page is read, in `read`), and the commit.
    pub write: Duration,
}

impl Kinerja {
    pub fn new(store: Store) -> Kinerja {
        Kinerja {
            store,
            writer: Arc::new(Mutex::new(())),
            elsewhere: Arc::default(),
            boards: Arc::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Builds every counter from the releases and the register, and puts
    /// them in place of the old ones in one transaction.
    pub async fn rebuild(&self, progress: &mut impl Progress) -> Result<Rebuilt, KinerjaError> {
        let _writer = self.writer.lock().await;
        let started = Instant::now();
        // Read before the records: changes after it are applied again by
        // the next catch-up, which is idempotent.
        let seq = self.store.last_change_seq().await?;
        progress.start(
            u64::try_from(
                self.store.kinerja_record_count().await?
                    + self.store.kinerja_forum_record_count().await?,
            )
            .unwrap_or(0),
        );
        let mut table = RebuildTable::default();
        // Facts go to the writer a page at a time, while the next is read.
        let mut writer = self.store.kinerja_writer(seq);
        let mut stored = Vec::new();
        let mut outlets: BTreeMap<OutletPair, i64> = BTreeMap::new();
        let mut records = 0u64;
        let mut pages = self.store.kinerja_release_pages(REBUILD_PAGE as usize);
        while let Some(page) = pages.next().await? {
            let mut carried: BTreeMap<i64, Vec<String>> = BTreeMap::new();
            for (id, outlet) in page.outlets {
                carried.entry(id).or_default().push(outlet);
            }
            for r in &page.releases {
                if let Some(o) = carried.get(&r.id) {
                    let pairs = outlet_pairs(r, o);
                    for p in &pairs {
                        *outlets.entry(p.clone()).or_default() += 1;
                    }
                    if let Some(encoded) = encode_pairs(&pairs) {
                        stored.push(KinerjaFact {
                            entity: RELEASE_OUTLETS,
                            entity_key: r.id.to_string(),
                            counts: Some(encoded),
                        });
                    }
                }
                let counts = release_fact(r).map(|f| f.counts()).unwrap_or_default();
                table.add(&counts);
                if !counts.is_empty() {
                    stored.push(KinerjaFact {
                        entity: RELEASE,
                        entity_key: r.id.to_string(),
                        counts: Some(facts::encode(&counts)),
                    });
                }
            }
            records += page.releases.len() as u64;
            progress.advance(page.releases.len() as u64);
            writer.facts(std::mem::take(&mut stored)).await?;
        }
        let mut pages = self.store.kinerja_item_pages(REBUILD_PAGE as usize);
        while let Some(page) = pages.next().await? {
            for i in &page {
                let counts = item_fact(i).map(|f| f.counts()).unwrap_or_default();
                table.add(&counts);
                if !counts.is_empty() {
                    stored.push(KinerjaFact {
                        entity: ITEM,
                        entity_key: i.id.to_string(),
                        counts: Some(facts::encode(&counts)),
                    });
                }
            }
            records += page.len() as u64;
            progress.advance(page.len() as u64);
            writer.facts(std::mem::take(&mut stored)).await?;
        }
        let mut after = 0;
        loop {
            let page = self.store.kinerja_events_after(after, REBUILD_PAGE).await?;
            let (Some(first), Some(last)) = (page.first(), page.last()) else {
                break;
            };
            after = last.id;
            let units = self.store.kinerja_event_units(first.id, last.id).await?;
            for e in &page {
                let counts = event_fact(e, &units)
                    .map(|f| f.counts())
                    .unwrap_or_default();
                table.add(&counts);
                if !counts.is_empty() {
                    stored.push(KinerjaFact {
                        entity: EVENT,
                        entity_key: e.id.to_string(),
                        counts: Some(facts::encode(&counts)),
                    });
                }
            }
            records += page.len() as u64;
            progress.advance(page.len() as u64);
        }
        after = 0;
        let mut series = SeriesCache::all(&self.store).await?;
        loop {
            let page = self
                .store
                .kinerja_commitments_after(after, REBUILD_PAGE)
                .await?;
            let (Some(first), Some(last)) = (page.first(), page.last()) else {
                break;
            };
            after = last.id;
            let page_for = self
                .store
                .kinerja_export_commitment_for(first.id, last.id)
                .await?;
            for c in &page {
                let counts = self
                    .commitment_fact(c, &mut series, Some(&page_for))
                    .await?
                    .map(|f| f.counts())
                    .unwrap_or_default();
                table.add(&counts);
                if !counts.is_empty() {
                    stored.push(KinerjaFact {
                        entity: COMMITMENT,
                        entity_key: c.id.to_string(),
                        counts: Some(facts::encode(&counts)),
                    });
                }
            }
            records += page.len() as u64;
            progress.advance(page.len() as u64);
        }
        let mut by_article: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (article, release) in self.store.kinerja_article_matches().await? {
            by_article.entry(article).or_default().push(release);
        }
        for (article, releases) in by_article {
            stored.push(KinerjaFact {
                entity: ARTICLE,
                entity_key: article.to_string(),
                counts: encode_ids(&releases),
            });
        }
        let read = started.elapsed();
        let t = Instant::now();
        let rows = table.into_table();
        let roll_up = t.elapsed();
        let cells = rows.cells.len() as u64;
        let t = Instant::now();
        writer.facts(stored).await?;
        writer.finish(rows, outlet_rows(outlets)).await?;
        let done = Rebuilt {
            records,
            rows: cells,
            seq,
            read,
            roll_up,
            write: t.elapsed(),
        };
        Ok(done)
    }

    /// Applies every change after the stored position; the first run
    /// rebuilds instead.
    pub async fn catch_up(&self) -> Result<CatchUp, KinerjaError> {
        let mut done = CatchUp::default();
        let mut after = match self.store.kinerja_position().await? {
            Some(seq) => seq,
            None => {
                let r = self.rebuild(&mut ()).await?;
                done.rebuilt = true;
                done.records = r.records;
                done.rows = r.rows;
                r.seq
            }
        };
        let _writer = self.writer.lock().await;
        loop {
            let changes = self.store.changes_since(after, BATCH).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                break;
            };
            let mut releases = BTreeSet::new();
            let mut items = BTreeSet::new();
            let mut events = BTreeSet::new();
            let mut commitments = BTreeSet::new();
            let mut articles = BTreeSet::new();
            for c in &changes {
                // `event_attendance` is keyed `event:unit`.
                let key = c.entity_key.split(':').next().unwrap_or_default();
                let Ok(id) = key.parse::<i64>() else {
                    continue;
                };
                match c.entity.as_str() {
                    RELEASE => {
                        releases.insert(id);
                    }
                    ITEM => {
                        items.insert(id);
                    }
                    EVENT | ATTENDANCE => {
                        events.insert(id);
                    }
                    COMMITMENT => {
                        commitments.insert(id);
                    }
                    MATCH => {
                        articles.insert(id);
                    }
                    _ => {}
                }
            }
            let mut stored = Vec::new();
            // An article's matches move the pickups of the releases it is
            // matched with now and of those it was matched with before.
            for article in &articles {
                let now = self.store.kinerja_article_releases(*article).await?;
                let key = article.to_string();
                if let Some(before) = self.store.kinerja_fact(ARTICLE, &key).await? {
                    releases.extend(before.split(' ').filter_map(|id| id.parse::<i64>().ok()));
                }
                releases.extend(now.iter().copied());
                stored.push(KinerjaFact {
                    entity: ARTICLE,
                    entity_key: key,
                    counts: encode_ids(&now),
                });
            }
            // An event of a series may fulfil its organiser's commitments
            // to replicate made in that series.
            for id in &events {
                if let Some(e) = self.store.kinerja_event(*id).await?
                    && let Some(series) = e.series_id
                {
                    commitments.extend(
                        self.store
                            .kinerja_replicate_commitments(&e.organiser_code, series)
                            .await?,
                    );
                }
            }
            let mut delta: BTreeMap<RowKey, i64> = BTreeMap::new();
            let mut outlets: BTreeMap<OutletPair, i64> = BTreeMap::new();
            for id in &releases {
                let record = self.store.kinerja_release(*id).await?;
                self.step_outlets(*id, record.as_ref(), &mut outlets, &mut stored)
                    .await?;
                let fact = record.as_ref().and_then(release_fact);
                self.step(RELEASE, *id, fact, &mut delta, &mut stored)
                    .await?;
            }
            for id in &items {
                let fact = self
                    .store
                    .kinerja_item(*id)
                    .await?
                    .as_ref()
                    .and_then(item_fact);
                self.step(ITEM, *id, fact, &mut delta, &mut stored).await?;
            }
            for id in &events {
                let fact = match self.store.kinerja_event(*id).await? {
                    Some(e) => {
                        let units = self.store.kinerja_event_units(*id, *id).await?;
                        event_fact(&e, &units)
                    }
                    None => None,
                };
                self.step(EVENT, *id, fact, &mut delta, &mut stored).await?;
            }
            let mut series = SeriesCache::default();
            for id in &commitments {
                let fact = match self.store.kinerja_commitment(*id).await? {
                    Some(c) => self.commitment_fact(&c, &mut series, None).await?,
                    None => None,
                };
                self.step(COMMITMENT, *id, fact, &mut delta, &mut stored)
                    .await?;
            }
            delta.retain(|_, n| *n != 0);
            done.records +=
                (releases.len() + items.len() + events.len() + commitments.len()) as u64;
            done.rows += delta.len() as u64;
            done.changes += changes.len() as u64;
            self.store
                .kinerja_apply(&stored, &to_rows(delta), &outlet_rows(outlets), after, last)
                .await?;
            after = last;
            if (changes.len() as i64) < BATCH {
                break;
            }
        }
        done.seq = after;
        Ok(done)
    }

    /// A commitment's fact: due on its due day, kept when a commitment to
    /// replicate is fulfilled (derived from the series' events and who
    /// attended, as the forums derive it) or any other is closed with
    /// evidence. Examples seeded for show count for nothing.
    /// `page_for`: the units each commitment of a rebuild's page is for,
    /// `(commitment id, unit code)` ordered by id, read once for the page;
    /// `None` (one changed commitment) reads this one's.
    async fn commitment_fact(
        &self,
        c: &KinerjaCommitment,
        series: &mut SeriesCache,
        page_for: Option<&[(i64, String)]>,
    ) -> Result<Option<Fact>, KinerjaError> {
        let Ok(unit) = UnitCode::parse(&c.unit_code) else {
            return Ok(None);
        };
        if c.example != 0 {
            return Ok(None);
        }
        let kept_at = if c.kind == "replicate" {
            let Some(s) = c.series_id else {
                return Ok(Some(Fact::Commitment(CommitmentFact {
                    unit,
                    due_at: c.due_at,
                    kept_at: None,
                })));
            };
            let key = (c.unit_code.clone(), s);
            if !series.complete && !series.series.contains_key(&key) {
                let (events, present) = self.store.kinerja_series_events(&c.unit_code, s).await?;
                let facts: Vec<EventFacts> = events
                    .iter()
                    .filter_map(|e| event_facts(e, &present))
                    .collect();
                series.series.insert(key.clone(), facts);
            }
            let for_units = match page_for {
                Some(rows) => {
                    let from = rows.partition_point(|(id, _)| *id < c.id);
                    let to = from + rows[from..].partition_point(|(id, _)| *id == c.id);
                    rows[from..to]
                        .iter()
                        .filter_map(|(_, u)| UnitCode::parse(u).ok())
                        .collect()
                }
                None => self
                    .store
                    .kinerja_commitment_for(c.id)
                    .await?
                    .iter()
                    .filter_map(|u| UnitCode::parse(u).ok())
                    .collect(),
            };
            let facts = CommitmentFacts {
                id: c.id,
                series: Some(s),
                made_at_event: c.event_id,
                made_at: c.made_at,
                unit: unit.clone(),
                for_units,
                due_at: c.due_at,
            };
            let events = series
                .series
                .get(&key)
                .map(Vec::as_slice)
                .unwrap_or_default();
            fulfilment::derive(std::slice::from_ref(&facts), events)
                .into_iter()
                .next()
                .and_then(|f| f.fulfilled_at)
        } else {
            c.closed_at
        };
        Ok(Some(Fact::Commitment(CommitmentFact {
            unit,
            due_at: c.due_at,
            kept_at,
        })))
    }

    /// A release's outlets, as [`Kinerja::step`] its counts: the pairs it
    /// adds now against those it last added.
    async fn step_outlets(
        &self,
        id: i64,
        record: Option<&KinerjaRelease>,
        outlets: &mut BTreeMap<OutletPair, i64>,
        stored: &mut Vec<KinerjaFact>,
    ) -> Result<(), KinerjaError> {
        let key = id.to_string();
        let old = self
            .store
            .kinerja_fact(RELEASE_OUTLETS, &key)
            .await?
            .map(|s| decode_pairs(&s))
            .unwrap_or_default();
        let new = match record {
            // Outlets only carry a release with pickups.
            Some(r) if r.pickups > 0 && r.public_at.is_some() => {
                outlet_pairs(r, &self.store.kinerja_release_outlets(id).await?)
            }
            _ => Vec::new(),
        };
        if old == new {
            return Ok(());
        }
        for p in new.iter().cloned() {
            *outlets.entry(p).or_default() += 1;
        }
        for p in old {
            *outlets.entry(p).or_default() -= 1;
        }
        stored.push(KinerjaFact {
            entity: RELEASE_OUTLETS,
            entity_key: key,
            counts: encode_pairs(&new),
        });
        Ok(())
    }

    async fn step(
        &self,
        entity: &'static str,
        id: i64,
        fact: Option<Fact>,
        delta: &mut BTreeMap<RowKey, i64>,
        stored: &mut Vec<KinerjaFact>,
    ) -> Result<(), KinerjaError> {
        let key = id.to_string();
        let old = self
            .store
            .kinerja_fact(entity, &key)
            .await?
            .and_then(|s| facts::decode(&s))
            .unwrap_or_default();
        let new = fact.map(|f| f.counts()).unwrap_or_default();
        if old == new {
            return Ok(());
        }
        facts::rows(&new, 1, delta);
        facts::rows(&old, -1, delta);
        stored.push(KinerjaFact {
            entity,
            entity_key: key,
            counts: (!new.is_empty()).then(|| facts::encode(&new)),
        });
        Ok(())
    }

    /// Catches up, then follows the feed every `poll` (or at once when
    /// woken) until `stop` completes, while this node holds the
    /// projection's lease (one node projects; see `sinergi_store::leases`).
    /// Failures are logged and retried.
    pub async fn run_projector_until(
        self,
        poll: Duration,
        waker: Waker,
        stop: impl Future<Output = ()>,
    ) {
        let store = self.store.clone();
        let mut first = true;
        sinergi_store::leases::run_leased(store, "kinerja", poll, waker, stop, || {
            let first_round = std::mem::replace(&mut first, false);
            let this = &self;
            async move {
                let started = Instant::now();
                match this.catch_up().await {
                    Ok(done) => {
                        if first_round || done.rebuilt || done.rows > 0 {
                            tracing::debug!(
                                changes = done.changes,
                                records = done.records,
                                rows = done.rows,
                                rebuilt = done.rebuilt,
                                seq = done.seq,
                                seconds = started.elapsed().as_secs_f64(),
                                "kinerja counters caught up"
                            );
                        }
                    }
                    Err(KinerjaError::Store(StoreError::Conflict(why))) => {
                        tracing::info!(%why, "kinerja: another node's batch came first; reading again");
                    }
                    Err(e) => tracing::error!(error = %e, "kinerja: catching up failed"),
                }
            }
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_of_finds_each_events_rows_and_no_others() {
        let row = |event_id, code: &str| KinerjaEventUnit {
            event_id,
            unit_code: code.to_owned(),
            attended: 0,
        };
        let units = [row(3, "51"), row(3, "52"), row(5, "35"), row(9, "11")];
        let codes = |id| -> Vec<&str> {
            units_of(&units, id)
                .iter()
                .map(|u| u.unit_code.as_str())
                .collect()
        };
        assert_eq!(codes(3), ["51", "52"]);
        assert_eq!(codes(5), ["35"]);
        assert_eq!(codes(9), ["11"]);
        assert!(codes(1).is_empty());
        assert!(codes(4).is_empty());
        assert!(codes(10).is_empty());
        assert!(units_of(&[], 3).is_empty());
    }
}
