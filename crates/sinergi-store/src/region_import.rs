//! Importing the official region list: add what is new, rename what was
//! renamed, retire what disappeared, restore what came back, and change
//! nothing else. Everything happens in one transaction.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::json;
use sinergi_domain::UnitKind;
use sinergi_domain::region_data::RegionRecord;
use sinergi_domain::search_key::{fold, terms};
use sqlx::{Any, Transaction};

use crate::scope_sql::mark;
use crate::unit_queries::LevelCounts;
use crate::{Store, StoreError};

/// Regions come from this source; national units are `manual`.
const SOURCE: &str = "kemendagri";
/// Keeps every statement well under SQLite's 32,766 bound parameters.
const MAX_PARAMS_PER_STATEMENT: usize = 4000;

/// Above this many retirements an import stops unless told otherwise: a
/// list cut off at a line end looks complete but would retire every region
/// after the cut.
const RETIRE_GUARD_MIN: usize = 100;

/// How an import treats a list that drops many regions at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Retire however many regions the list no longer holds.
    pub allow_mass_retire: bool,
}

/// Told how far an import has come: `(done, total)` rows.
pub type ImportProgress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Regions in the list, per level.
    pub in_list: LevelCounts,
    pub added: u64,
    pub renamed: u64,
    pub retired: u64,
    pub restored: u64,
    pub unchanged: u64,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        self.added + self.renamed + self.retired + self.restored > 0
    }
}

struct Existing {
    name: String,
    retired: bool,
}

#[derive(Clone)]
enum Val {
    Text(String),
    OptText(Option<String>),
    Int(i64),
}

impl Store {
    /// Brings the stored regions in line with `records` (the whole list,
    /// parents before children). Returns what changed.
    pub async fn import_regions(
        &self,
        records: &[RegionRecord],
        source_label: &str,
        now: i64,
        options: ImportOptions,
        progress: ImportProgress<'_>,
    ) -> Result<ImportReport, StoreError> {
        let mut report = ImportReport::default();
        for r in records {
            *report.in_list.0.entry(r.level()).or_insert(0) += 1;
        }
        let mut tx = self.begin_write().await?;
        let t0 = std::time::Instant::now();
        let existing = load_existing(&mut tx).await?;

        let mut to_add: Vec<&RegionRecord> = Vec::new();
        let mut to_rename: Vec<(&RegionRecord, &str)> = Vec::new();
        let mut to_restore: Vec<&RegionRecord> = Vec::new();
        let listed: HashSet<&str> = records.iter().map(|r| r.code.as_str()).collect();
        for r in records {
            match existing.get(r.code.as_str()) {
                None => to_add.push(r),
                Some(e) => {
                    if e.retired {
                        to_restore.push(r);
                    }
                    if e.name != r.name {
                        to_rename.push((r, e.name.as_str()));
                    } else if !e.retired {
                        report.unchanged += 1;
                    }
                }
            }
        }
        let mut to_retire: Vec<&str> = existing
            .iter()
            .filter(|(code, e)| !e.retired && !listed.contains(code.as_str()))
            .map(|(code, _)| code.as_str())
            .collect();
        to_retire.sort_unstable();
        let guard = RETIRE_GUARD_MIN.max(existing.len() / 100);
        if !options.allow_mass_retire && to_retire.len() > guard {
            return Err(StoreError::Invalid(format!(
                "the list would retire {} of the {} stored regions, which looks like an incomplete list; \
                 nothing was changed. If the list is complete, import again allowing mass retirement",
                to_retire.len(),
                existing.len()
            )));
        }

        // A bigger page cache for the bulk insert, on this connection only;
        // set back before the commit, and after a failure too.
        let saved = crate::bulk_cache::widen(&mut tx, self.backend, 32_000).await?;
        let written: Result<(), StoreError> = async {
            let total = (to_add.len() + to_rename.len() + to_restore.len() + to_retire.len()) as u64;
            let mut done = 0u64;
            progress(done, total);

            let (mut tu, mut tt, mut tc) = (0.0, 0.0, 0.0);
            for chunk in to_add.chunks(MAX_PARAMS_PER_STATEMENT / 11) {
                let a = std::time::Instant::now();
                insert_units(&mut tx, chunk, now).await?;
                tu += a.elapsed().as_secs_f64();
                let a = std::time::Instant::now();
                insert_terms(&mut tx, chunk).await?;
                tt += a.elapsed().as_secs_f64();
                let a = std::time::Instant::now();
                let changes: Vec<Vec<Val>> = chunk
                    .iter()
                    .map(|r| change_row(now, r.code.as_str(), "add", json!({"name": r.name})))
                    .collect();
                insert_changes(&mut tx, &changes).await?;
                tc += a.elapsed().as_secs_f64();
                done += chunk.len() as u64;
                progress(done, total);
            }
            for (r, old_name) in &to_rename {
                rename(&mut tx, r, old_name, now).await?;
                done += 1;
                progress(done, total);
            }
            for r in &to_restore {
                sqlx::query("UPDATE units SET retired_at = NULL, updated_at = $1 WHERE code = $2")
                    .bind(now)
                    .bind(r.code.as_str())
                    .execute(&mut *tx)
                    .await?;
                insert_changes(
                    &mut tx,
                    &[change_row(now, r.code.as_str(), "restore", json!({}))],
                )
                .await?;
                done += 1;
            }
            for code in &to_retire {
                sqlx::query("UPDATE units SET retired_at = $1, updated_at = $1 WHERE code = $2")
                    .bind(now)
                    .bind(*code)
                    .execute(&mut *tx)
                    .await?;
                insert_changes(&mut tx, &[change_row(now, code, "retire", json!({}))]).await?;
                done += 1;
            }
            progress(done, total);

            report.added = to_add.len() as u64;
            report.renamed = to_rename.len() as u64;
            report.restored = to_restore.len() as u64;
            report.retired = to_retire.len() as u64;
            tracing::debug!(
                units_s = tu,
                terms_s = tt,
                changes_s = tc,
                total_s = t0.elapsed().as_secs_f64(),
                "region import: rows written"
            );
            if report.changed() {
                let a = std::time::Instant::now();
                recount_children(&mut tx).await?;
                tracing::debug!(
                    seconds = a.elapsed().as_secs_f64(),
                    "region import: children recounted"
                );
                sqlx::query(
                    "INSERT INTO region_imports (at, source, added, renamed, retired, restored, unchanged) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(now)
                .bind(source_label)
                .bind(report.added as i64)
                .bind(report.renamed as i64)
                .bind(report.retired as i64)
                .bind(report.restored as i64)
                .bind(report.unchanged as i64)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        }
        .await;
        crate::bulk_cache::restore(&mut tx, saved).await?;
        written?;
        tx.commit().await?;
        self.units_changed();
        Ok(report)
    }
}

async fn load_existing(
    tx: &mut Transaction<'_, Any>,
) -> Result<HashMap<String, Existing>, StoreError> {
    let rows: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT code, name, retired_at FROM units WHERE source = $1")
            .bind(SOURCE)
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, retired_at)| {
            (
                code,
                Existing {
                    name,
                    retired: retired_at.is_some(),
                },
            )
        })
        .collect())
}

async fn insert_units(
    tx: &mut Transaction<'_, Any>,
    chunk: &[&RegionRecord],
    now: i64,
) -> Result<(), StoreError> {
    let rows: Vec<Vec<Val>> = chunk
        .iter()
        .map(|r| {
            let level = r.level();
            vec![
                Val::Text(r.code.to_string()),
                Val::OptText(r.parent_code.as_ref().map(|p| p.to_string())),
                Val::Text(level.as_str().into()),
                Val::Int(level.rank()),
                Val::Text(UnitKind::of_region(&r.code, &r.name).as_str().into()),
                Val::Text(r.name.clone()),
                Val::Text(fold(&r.name)),
                Val::Text(SOURCE.into()),
                Val::Int(now),
                Val::Int(now),
            ]
        })
        .collect();
    bulk_insert(
        tx,
        "INSERT INTO units (code, parent_code, level, level_rank, kind, name, search_name, source, created_at, updated_at)",
        &rows,
    )
    .await
}

/// Search words of a region: the words of its name. A regency's "Kabupaten"
/// or "Kota" is a word like any other, so "kota bandung" finds Kota Bandung.
fn region_terms(r: &RegionRecord) -> Vec<String> {
    terms(&r.name)
}

async fn insert_terms(
    tx: &mut Transaction<'_, Any>,
    chunk: &[&RegionRecord],
) -> Result<(), StoreError> {
    let rows: Vec<Vec<Val>> = chunk
        .iter()
        .flat_map(|r| {
            region_terms(r)
                .into_iter()
                .map(|t| vec![Val::Text(t), Val::Text(r.code.to_string())])
        })
        .collect();
    for part in rows.chunks(MAX_PARAMS_PER_STATEMENT / 2) {
        bulk_insert(tx, "INSERT INTO unit_terms (term, code)", part).await?;
    }
    Ok(())
}

async fn rename(
    tx: &mut Transaction<'_, Any>,
    r: &RegionRecord,
    old_name: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE units SET name = $1, search_name = $2, kind = $3, updated_at = $4 WHERE code = $5",
    )
    .bind(r.name.as_str())
    .bind(fold(&r.name))
    .bind(UnitKind::of_region(&r.code, &r.name).as_str())
    .bind(now)
    .bind(r.code.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM unit_terms WHERE code = $1")
        .bind(r.code.as_str())
        .execute(&mut **tx)
        .await?;
    insert_terms(tx, &[r]).await?;
    insert_changes(
        tx,
        &[change_row(
            now,
            r.code.as_str(),
            "rename",
            json!({"from": old_name, "to": r.name}),
        )],
    )
    .await
}

fn change_row(now: i64, code: &str, op: &str, data: serde_json::Value) -> Vec<Val> {
    vec![
        Val::Int(now),
        Val::Text("unit".into()),
        Val::Text(code.into()),
        Val::Text(op.into()),
        Val::Text(data.to_string()),
    ]
}

async fn insert_changes(
    tx: &mut Transaction<'_, Any>,
    rows: &[Vec<Val>],
) -> Result<(), StoreError> {
    for part in rows.chunks(MAX_PARAMS_PER_STATEMENT / 5) {
        bulk_insert(
            tx,
            "INSERT INTO changes (at, entity, entity_key, op, data)",
            part,
        )
        .await?;
    }
    Ok(())
}

/// One multi-row INSERT: `head VALUES ($1, $2), ($3, $4), …`.
async fn bulk_insert(
    tx: &mut Transaction<'_, Any>,
    head: &'static str,
    rows: &[Vec<Val>],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let backend = crate::Backend::of_connection(tx);
    let width = rows[0].len();
    let mut sql = String::with_capacity(head.len() + rows.len() * width * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for (i, _) in rows.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for j in 0..width {
            n += 1;
            if j > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&mark(backend, n));
        }
        sql.push(')');
    }
    // Only placeholders are formatted in (anonymous on SQLite: see
    // `scope_sql::list_marks`); every value is bound. Not kept in the
    // statement cache (see `newsroom::bulk::insert_rows`).
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
    for row in rows {
        for v in row {
            query = match v.clone() {
                Val::Text(s) => query.bind(s),
                Val::OptText(s) => query.bind(s),
                Val::Int(i) => query.bind(i),
            };
        }
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

async fn recount_children(tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE units SET child_count = (SELECT COUNT(*) FROM units c \
         WHERE c.parent_code = units.code AND c.retired_at IS NULL)",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
