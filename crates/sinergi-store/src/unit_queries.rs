//! Reading units: one unit, its parent chain, listings and counts.

use std::collections::BTreeMap;

use serde::Serialize;
use sinergi_domain::search_key::{prefix_upper_bound, terms};
use sinergi_domain::{Level, Unit, UnitCode};

use crate::cursor::{self, Page};
use crate::rows::{UNIT_COLUMNS, UnitRow};
use crate::scope_sql::{Bind, arg, arguments, list_marks};
use crate::{Store, StoreError};

/// The most words of a search text that are matched; the rest are ignored.
pub(crate) const MAX_QUERY_TERMS: usize = 6;
pub const MAX_PAGE_SIZE: u32 = 200;

/// From how many codes [`Store::unit_names`] loads the unit directory
/// rather than asking SQL.
const DIRECTORY_NAMES_FROM: usize = 1_000;

/// What to list. Filters combine with AND.
#[derive(Debug, Clone, Default)]
pub struct UnitQuery {
    pub level: Option<Level>,
    /// Only direct children of this unit.
    pub parent: Option<UnitCode>,
    /// Only units anywhere below this unit.
    pub within: Option<UnitCode>,
    /// Name words (each a prefix of a word of the name) or a code prefix.
    pub q: Option<String>,
    pub limit: u32,
    pub cursor: Option<String>,
    pub include_retired: bool,
}

/// Units per level, e.g. `{"province": 38, "regency": 514, …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LevelCounts(pub BTreeMap<Level, i64>);

impl LevelCounts {
    pub fn get(&self, level: Level) -> i64 {
        self.0.get(&level).copied().unwrap_or(0)
    }

    pub fn total(&self) -> i64 {
        self.0.values().sum()
    }
}

/// Sort key of listings: (level rank, folded name, code).
pub(crate) type SortKey = (i64, String, String);

impl Store {
    pub async fn unit(&self, code: &UnitCode) -> Result<Unit, StoreError> {
        self.unit_with_child_count(code).await.map(|(u, _)| u)
    }

    /// A unit and the number of its current direct children.
    pub async fn unit_with_child_count(&self, code: &UnitCode) -> Result<(Unit, i64), StoreError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.code = $1");
        let row: UnitRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))?;
        row.into_unit()
    }

    /// The names of the units `codes` names, by code, in one query per 500
    /// codes (a page's worth is one); codes of no unit are left out.
    pub async fn unit_names<'a>(
        &self,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        // The directory in memory answers without a query when it is
        // loaded, and is loaded for a long list: a national series' page
        // names 7,800 units (21 ms in SQL on SQLite).
        let codes: Vec<&str> = codes.into_iter().collect();
        let directory = match self.loaded_unit_directory() {
            Some(d) => Some(d),
            None if codes.len() > DIRECTORY_NAMES_FROM => Some(self.unit_directory().await?),
            None => None,
        };
        if let Some(directory) = directory {
            return Ok(codes
                .into_iter()
                .filter_map(|c| directory.get(c).map(|u| (c.to_owned(), u.name.clone())))
                .collect());
        }
        self.unit_texts("SELECT code, name FROM units WHERE", codes)
            .await
    }

    /// The aliases of the units `codes` names ("KemenPANRB Kemen PANRB"),
    /// by code, in one query per 500 codes; units without aliases, and
    /// codes of no unit, are left out.
    pub async fn unit_aliases<'a>(
        &self,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        self.unit_texts(
            "SELECT code, aliases FROM units WHERE aliases IS NOT NULL AND",
            codes,
        )
        .await
    }

    /// (code, text) rows of `select` (ending in `WHERE` or `AND`) for the
    /// units `codes` names, 500 codes a query.
    async fn unit_texts<'a>(
        &self,
        select: &'static str,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let mut codes: Vec<&str> = codes.into_iter().collect();
        codes.sort_unstable();
        codes.dedup();
        let mut out = BTreeMap::new();
        for chunk in codes.chunks(500) {
            let binds = chunk.iter().map(|c| Bind::Text((*c).to_owned())).collect();
            let sql = format!(
                "{select} code IN ({})",
                list_marks(self.backend, chunk.len())
            );
            let rows: Vec<(String, String)> =
                sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                    .persistent(false) // a list of up to 500: see `insert_rows`
                    .fetch_all(&self.pool)
                    .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// The ancestors of a unit, from the top down, without the unit itself.
    pub async fn parent_chain(&self, code: &UnitCode) -> Result<Vec<Unit>, StoreError> {
        let mut ancestors = Vec::new();
        let mut next = code.parent();
        while let Some(c) = next {
            next = c.parent();
            ancestors.push(c);
        }
        if ancestors.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ancestors.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.code IN ({}) ORDER BY u.code",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for a in &ancestors {
            query = query.bind(a.as_str());
        }
        let rows: Vec<UnitRow> = query.fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|r| r.into_unit().map(|(u, _)| u))
            .collect()
    }

    /// Lists units, ordered by level, then name, then code, a page at a time: from the
    /// units in memory (see [`crate::unit_directory`]).
    pub async fn list_units(&self, q: &UnitQuery) -> Result<Page<(Unit, i64)>, StoreError> {
        self.unit_directory().await?.list(q)
    }

    /// [`Store::list_units`] in SQL: what the directory in memory must agree with (its
    /// tests compare the two).
    pub async fn list_units_in_sql(&self, q: &UnitQuery) -> Result<Page<(Unit, i64)>, StoreError> {
        let limit = q.limit.clamp(1, MAX_PAGE_SIZE);
        let mut conditions: Vec<String> = Vec::new();
        let mut binds: Vec<Bind> = Vec::new();
        if !q.include_retired {
            conditions.push("u.retired_at IS NULL".into());
        }
        if let Some(level) = q.level {
            let p = arg(&mut binds, Bind::Text(level.as_str().into()));
            conditions.push(format!("u.level = {p}"));
        }
        if let Some(parent) = &q.parent {
            let p = arg(&mut binds, Bind::Text(parent.to_string()));
            conditions.push(format!("u.parent_code = {p}"));
        }
        if let Some(within) = &q.within {
            let (lo, hi) = within.descendant_range();
            let lo = arg(&mut binds, Bind::Text(lo));
            let hi = arg(&mut binds, Bind::Text(hi));
            conditions.push(format!("u.code > {lo} AND u.code < {hi}"));
        }
        if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            if looks_like_code(text) {
                let lo = arg(&mut binds, Bind::Text(text.into()));
                let hi = arg(&mut binds, Bind::Text(prefix_upper_bound(text)));
                conditions.push(format!("u.code >= {lo} AND u.code < {hi}"));
            } else {
                let words = terms(text);
                if words.is_empty() {
                    return Ok(Page {
                        items: Vec::new(),
                        next_cursor: None,
                    });
                }
                for w in words.into_iter().take(MAX_QUERY_TERMS) {
                    let hi = prefix_upper_bound(&w);
                    let lo = arg(&mut binds, Bind::Text(w));
                    let hi = arg(&mut binds, Bind::Text(hi));
                    conditions.push(format!(
                        "u.code IN (SELECT t.code FROM unit_terms t WHERE t.term >= {lo} AND t.term < {hi})"
                    ));
                }
            }
        }
        if let Some(c) = &q.cursor {
            let (rank, name, code): SortKey = cursor::decode(c)?;
            let a = arg(&mut binds, Bind::Int(rank));
            let b = arg(&mut binds, Bind::Text(name));
            let c = arg(&mut binds, Bind::Text(code));
            conditions.push(format!(
                "(u.level_rank, u.search_name, u.code) > ({a}, {b}, {c})"
            ));
        }
        let lim = arg(&mut binds, Bind::Int(i64::from(limit) + 1));
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        // Only fixed fragments and `$n` placeholders are formatted in;
        // every value is bound.
        let sql = format!(
            "SELECT {UNIT_COLUMNS}, u.level_rank, u.search_name FROM units u {where_clause} \
             ORDER BY u.level_rank, u.search_name, u.code LIMIT {lim}"
        );
        let rows: Vec<ListedUnitRow> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?;
        let more = rows.len() > limit as usize;
        let mut items = Vec::with_capacity(rows.len());
        let mut last_key: Option<SortKey> = None;
        for row in rows.into_iter().take(limit as usize) {
            let (unit, children) = row.unit.into_unit()?;
            last_key = Some((row.level_rank, row.search_name, unit.code.to_string()));
            items.push((unit, children));
        }
        let next_cursor = if more {
            last_key.map(|k| cursor::encode(&k))
        } else {
            None
        };
        Ok(Page { items, next_cursor })
    }

    /// Current units per level in the whole network.
    pub async fn count_units_by_level(&self) -> Result<LevelCounts, StoreError> {
        let rows = sqlx::query_as(
            "SELECT level, COUNT(*) FROM units WHERE retired_at IS NULL GROUP BY level",
        )
        .fetch_all(&self.pool)
        .await?;
        level_counts(rows)
    }

    /// Current units per level anywhere below `code`.
    pub async fn count_descendants_by_level(
        &self,
        code: &UnitCode,
    ) -> Result<LevelCounts, StoreError> {
        let (lo, hi) = code.descendant_range();
        let rows = sqlx::query_as(
            "SELECT level, COUNT(*) FROM units \
             WHERE code > $1 AND code < $2 AND retired_at IS NULL GROUP BY level",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?;
        level_counts(rows)
    }
}

/// A unit with the keys it is listed by.
#[derive(sqlx::FromRow)]
struct ListedUnitRow {
    #[sqlx(flatten)]
    unit: UnitRow,
    level_rank: i64,
    search_name: String,
}

/// `(level, count)` rows.
fn level_counts(rows: Vec<(String, i64)>) -> Result<LevelCounts, StoreError> {
    let mut counts = BTreeMap::new();
    for (level, count) in rows {
        let level = level
            .parse::<Level>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        counts.insert(level, count);
    }
    Ok(LevelCounts(counts))
}

/// "51", "51.71", "35.78.0" are searched as codes; anything with a letter is
/// searched as a name.
pub(crate) fn looks_like_code(text: &str) -> bool {
    text.as_bytes()[0].is_ascii_digit() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}
