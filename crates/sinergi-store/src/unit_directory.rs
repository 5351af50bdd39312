//! The unit listing and search in memory: the whole network (about 91,600 units and
//! 250,000 name terms) answered without a database round trip.
//!
//! Unit search is what people type into every unit picker, as they type; under load
//! the SQL version queued behind SQLite's few connections (issue 16: p99 53 ms at 50
//! connections). Units change rarely (a region import, a new ministry), so the
//! directory is loaded once and replaced when the units table changes: at once after a
//! write through this process, and within [`RECHECK`] after a write by another process
//! (the CLI, another node), found by a cheap fingerprint of the table.
//!
//! It answers exactly what the SQL listing answers, in the same order (level, folded
//! name, code, compared bytewise as SQLite and PostgreSQL's C collation do) with the same
//! cursors; `tests::the_directory_answers_as_the_sql_listing` checks that on the real tree.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use sinergi_domain::Unit;
use sinergi_domain::search_key::terms;

use crate::cursor::{self, Page};
use crate::rows::{UNIT_COLUMNS, UnitRow};
use crate::unit_queries::{MAX_PAGE_SIZE, MAX_QUERY_TERMS, SortKey, UnitQuery, looks_like_code};
use crate::{Store, StoreError};

/// How long a loaded directory is trusted before the table's fingerprint is read again.
pub const RECHECK: Duration = Duration::from_secs(2);

/// One unit as listed, with its sort key.
#[derive(Debug)]
struct Listed {
    unit: Unit,
    children: i64,
    level_rank: i64,
    search_name: String,
}

impl Listed {
    fn key(&self) -> (i64, &str, &str) {
        (self.level_rank, &self.search_name, self.unit.code.as_str())
    }
}

/// Every unit in listing order, and the name terms pointing into it.
#[derive(Debug)]
pub struct UnitDirectory {
    /// Sorted by (level rank, folded name, code).
    units: Vec<Listed>,
    /// (term, index into `units`), sorted by term: a word prefix is a range.
    terms: Vec<(Box<str>, u32)>,
    /// Indexes into `units`, sorted by code: a unit by its code.
    by_code: Vec<u32>,
}

/// A set of positions in `units`, one bit each.
struct Bits(Vec<u64>);

impl Bits {
    fn empty(n: usize) -> Self {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn and(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }
}

impl UnitDirectory {
    fn new(mut units: Vec<Listed>, term_rows: Vec<(String, String)>) -> Self {
        units.sort_by(|a, b| a.key().cmp(&b.key()));
        let mut at: std::collections::HashMap<&str, u32> =
            std::collections::HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            at.insert(u.unit.code.as_str(), u32::try_from(i).unwrap_or(u32::MAX));
        }
        let mut terms: Vec<(Box<str>, u32)> = term_rows
            .into_iter()
            .filter_map(|(term, code)| at.get(code.as_str()).map(|&i| (term.into(), i)))
            .collect();
        terms.sort_unstable();
        let mut by_code: Vec<u32> = (0..u32::try_from(units.len()).unwrap_or(u32::MAX)).collect();
        by_code.sort_unstable_by(|&a, &b| {
            units[a as usize]
                .unit
                .code
                .as_str()
                .cmp(units[b as usize].unit.code.as_str())
        });
        UnitDirectory {
            units,
            terms,
            by_code,
        }
    }

    /// The unit with this code (retired or not).
    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.by_code
            .binary_search_by(|&i| self.units[i as usize].unit.code.as_str().cmp(code))
            .ok()
            .map(|at| &self.units[self.by_code[at] as usize].unit)
    }

    /// How many units it holds (retired ones included).
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether it holds no unit.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Every unit not retired, in listing order (level, name, code).
    pub fn current(&self) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .map(|l| &l.unit)
            .filter(|u| u.retired_at.is_none())
    }

    /// The units whose name has a word starting with `prefix`.
    fn with_word(&self, prefix: &str) -> Bits {
        let mut bits = Bits::empty(self.units.len());
        let from = self.terms.partition_point(|(t, _)| &**t < prefix);
        for (term, i) in &self.terms[from..] {
            if !term.starts_with(prefix) {
                break;
            }
            bits.set(*i as usize);
        }
        bits
    }

    /// A page of units, as [`Store::list_units`] lists them.
    pub fn list(&self, q: &UnitQuery) -> Result<Page<(Unit, i64)>, StoreError> {
        let limit = q.limit.clamp(1, MAX_PAGE_SIZE) as usize;
        let mut code_prefix: Option<&str> = None;
        let mut words: Option<Bits> = None;
        if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            if looks_like_code(text) {
                code_prefix = Some(text);
            } else {
                let typed = terms(text);
                if typed.is_empty() {
                    return Ok(Page {
                        items: Vec::new(),
                        next_cursor: None,
                    });
                }
                for w in typed.iter().take(MAX_QUERY_TERMS) {
                    let found = self.with_word(w);
                    match &mut words {
                        None => words = Some(found),
                        Some(all) => all.and(&found),
                    }
                }
            }
        }
        let within = q.within.as_ref().map(|w| w.descendant_range());
        let start = match &q.cursor {
            None => 0,
            Some(c) => {
                let (rank, name, code): SortKey = cursor::decode(c)?;
                let after = (rank, name.as_str(), code.as_str());
                self.units.partition_point(|u| u.key() <= after)
            }
        };
        let matches = |i: usize, u: &Listed| {
            (q.include_retired || u.unit.retired_at.is_none())
                && q.level.is_none_or(|l| u.unit.level == l)
                && q.parent
                    .as_ref()
                    .is_none_or(|p| u.unit.parent_code.as_ref() == Some(p))
                && within.as_ref().is_none_or(|(lo, hi)| {
                    u.unit.code.as_str() > lo.as_str() && u.unit.code.as_str() < hi.as_str()
                })
                && code_prefix.is_none_or(|p| u.unit.code.as_str().starts_with(p))
                && words.as_ref().is_none_or(|w| w.has(i))
        };
        let mut found: Vec<&Listed> = Vec::with_capacity(limit + 1);
        for (i, u) in self.units.iter().enumerate().skip(start) {
            if matches(i, u) {
                found.push(u);
                if found.len() > limit {
                    break;
                }
            }
        }
        let more = found.len() > limit;
        found.truncate(limit);
        let next_cursor = match found.last() {
            Some(last) if more => {
                let (rank, name, code) = last.key();
                Some(cursor::encode(&(rank, name, code)))
            }
            _ => None,
        };
        Ok(Page {
            items: found
                .into_iter()
                .map(|u| (u.unit.clone(), u.children))
                .collect(),
            next_cursor,
        })
    }
}

/// What the directory was loaded from: when it differs, the units table changed.
type Fingerprint = (i64, i64, i64, i64);

/// The store's directory, shared by its clones.
#[derive(Debug, Default)]
pub(crate) struct DirectoryCell {
    loaded: RwLock<Option<Loaded>>,
    /// Held while one caller checks or loads; the others keep the current directory.
    refreshing: tokio::sync::Mutex<()>,
    /// Set by writes through this process: the next read loads afresh.
    stale: Mutex<bool>,
}

#[derive(Debug, Clone)]
struct Loaded {
    directory: Arc<UnitDirectory>,
    fingerprint: Fingerprint,
    checked: Instant,
}

impl DirectoryCell {
    /// What is loaded, and whether a write through this process has made it stale.
    fn current(&self) -> (Option<Loaded>, bool) {
        let loaded = self.loaded.read().map(|l| l.clone()).unwrap_or(None);
        let stale = self.stale.lock().map(|s| *s).unwrap_or(true);
        (loaded, stale)
    }
}

/// The loaded directory, when it may be used as it is: no write since, checked recently.
fn usable(loaded: &Option<Loaded>, stale: bool) -> Option<Arc<UnitDirectory>> {
    loaded
        .as_ref()
        .filter(|l| !stale && l.checked.elapsed() < RECHECK)
        .map(|l| l.directory.clone())
}

impl Store {
    /// The units in memory, loaded or refreshed when needed (see the module comment).
    pub async fn unit_directory(&self) -> Result<Arc<UnitDirectory>, StoreError> {
        let cell = &self.units;
        let (current, stale) = cell.current();
        if let Some(directory) = usable(&current, stale) {
            return Ok(directory);
        }
        // One caller refreshes; while it does, the others answer from what is loaded.
        let _guard = match (&current, cell.refreshing.try_lock()) {
            (_, Ok(guard)) => guard,
            (Some(l), Err(_)) if !stale => return Ok(l.directory.clone()),
            (_, Err(_)) => cell.refreshing.lock().await,
        };
        // Another caller may have refreshed it while this one waited.
        let (current, stale) = cell.current();
        if let Some(directory) = usable(&current, stale) {
            return Ok(directory);
        }
        if let Ok(mut s) = cell.stale.lock() {
            *s = false;
        }
        let fingerprint = self.units_fingerprint().await?;
        let directory = match current {
            Some(l) if l.fingerprint == fingerprint && !stale => l.directory,
            _ => Arc::new(self.load_unit_directory().await?),
        };
        if let Ok(mut loaded) = cell.loaded.write() {
            *loaded = Some(Loaded {
                directory: directory.clone(),
                fingerprint,
                checked: Instant::now(),
            });
        }
        Ok(directory)
    }

    /// The directory, only when it is loaded and may be used as it is: for
    /// lookups that a query answers too, without loading it for them.
    pub(crate) fn loaded_unit_directory(&self) -> Option<Arc<UnitDirectory>> {
        let (current, stale) = self.units.current();
        usable(&current, stale)
    }

    /// Marks the directory out of date after a write to the units table.
    pub(crate) fn units_changed(&self) {
        if let Ok(mut s) = self.units.stale.lock() {
            *s = true;
        }
    }

    async fn units_fingerprint(&self) -> Result<Fingerprint, StoreError> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COUNT(retired_at), \
             CAST(COALESCE(SUM(child_count), 0) AS BIGINT) FROM units",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn load_unit_directory(&self) -> Result<UnitDirectory, StoreError> {
        let sql = format!("SELECT {UNIT_COLUMNS}, u.level_rank, u.search_name FROM units u");
        // Row by row: a `Vec` of 91,602 rows beside the directory being
        // built was 20 MB of the server's memory peak (issue 16).
        let mut rows =
            sqlx::query_as::<_, DirectoryRow>(sqlx::AssertSqlSafe(sql)).fetch(&self.pool);
        let mut units = Vec::new();
        while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
            let row = row?;
            let (unit, children) = row.unit.into_unit()?;
            units.push(Listed {
                unit,
                children,
                level_rank: row.level_rank,
                search_name: row.search_name,
            });
        }
        drop(rows);
        units.shrink_to_fit();
        let terms: Vec<(String, String)> = sqlx::query_as("SELECT term, code FROM unit_terms")
            .fetch_all(&self.pool)
            .await?;
        Ok(UnitDirectory::new(units, terms))
    }
}

#[derive(sqlx::FromRow)]
struct DirectoryRow {
    #[sqlx(flatten)]
    unit: UnitRow,
    level_rank: i64,
    search_name: String,
}
