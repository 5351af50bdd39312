//! Loading many register items and releases at once: for benchmarks and
//! for migrations from other systems, never for the everyday writes.
//!
//! One call is one transaction of multi-row `INSERT`s. The rows keep the
//! invariants of the normal writes (`insert_item`, `create_release`,
//! `transition_release`): the tag rows match the joined `tags` column,
//! every release has its version-1 revision and a workflow history that
//! starts with `create` and ends in its state, links only reach items of
//! the release's unit or below that are not removed, and every linked
//! item's `first_public_at` is recomputed from the released releases that
//! report it. The one thing skipped is the change feed: nothing is
//! appended to `changes`, so projections that follow the feed (the search
//! index, caches) must be rebuilt after a load (`sinergi reindex`).

use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::{InnovationStage, ItemKind, ReleaseState, normalise_tags};
use std::fmt::Write as _;

use sqlx::{Any, Transaction};

use crate::{Backend, Store, StoreError};

/// An achievement or innovation to load. Tags must be canonical (as
/// `normalise_tags` returns them). Evidence and replications are not
/// loaded here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkItem {
    pub kind: ItemKind,
    pub unit_code: UnitCode,
    pub title: String,
    pub description_md: String,
    pub category_key: Option<String>,
    pub occurred_on: Option<String>,
    pub problem_md: Option<String>,
    pub solution_md: Option<String>,
    pub impact_md: Option<String>,
    pub stage: Option<InnovationStage>,
    pub tags: Vec<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An item a loaded release reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkLink {
    /// The item at this position in the same load.
    Loaded(usize),
    /// An item already in the database.
    Existing(i64),
}

/// One step of a loaded release's workflow history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkEvent {
    pub at: i64,
    pub actor_id: Option<i64>,
    /// As the service records it: `create`, `submit`, `approve`, `release`, …
    pub op: &'static str,
    pub from: ReleaseState,
    pub to: ReleaseState,
    pub note: String,
}

/// A release to load, at version 1 (its content is its only revision).
/// Media, comments and amplifications are not loaded here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRelease {
    pub unit_code: UnitCode,
    pub slug: String,
    pub language: String,
    pub state: ReleaseState,
    pub title: String,
    pub lead: String,
    pub body_md: String,
    /// Rendered and sanitised by the caller, as the service does at save.
    pub body_html: String,
    pub tags: Vec<String>,
    pub public_at: Option<i64>,
    pub embargo: bool,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub approved_by: Option<i64>,
    pub approved_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub withdrawal_note: Option<String>,
    pub items: Vec<BulkLink>,
    /// From `create` (draft to draft) to the move into `state`.
    pub history: Vec<BulkEvent>,
}

/// The ids given to the loaded rows, in the order they were passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkLoaded {
    pub item_ids: Vec<i64>,
    pub release_ids: Vec<i64>,
}

/// A value bound into a multi-row insert.
pub(crate) enum Val {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
}

/// Placeholders per statement: under SQLite's limit (32766) and
/// PostgreSQL's (65535), large enough that round trips do not dominate.
const PARAMS_PER_STATEMENT: usize = 8_000;

fn invalid(what: String) -> StoreError {
    StoreError::Invalid(what)
}

fn check_tags(tags: &[String], whose: &str) -> Result<(), StoreError> {
    match normalise_tags(tags) {
        Ok(canonical) if canonical == tags => Ok(()),
        _ => Err(invalid(format!(
            "{whose}: tags must be canonical and distinct"
        ))),
    }
}

fn check_release(n: usize, r: &BulkRelease, items: &[BulkItem]) -> Result<(), StoreError> {
    let whose = format!("release {n} of the load");
    check_tags(&r.tags, &whose)?;
    let Some(first) = r.history.first() else {
        return Err(invalid(format!("{whose} has no history")));
    };
    if first.op != "create" || first.from != ReleaseState::Draft || first.to != ReleaseState::Draft
    {
        return Err(invalid(format!(
            "{whose}: its history must start with create"
        )));
    }
    for pair in r.history.windows(2) {
        if pair[1].from != pair[0].to {
            return Err(invalid(format!("{whose}: its history is not a chain")));
        }
    }
    if r.history.last().map(|e| e.to) != Some(r.state) {
        return Err(invalid(format!(
            "{whose}: its history does not end in {}",
            r.state
        )));
    }
    let consistent = match r.state {
        ReleaseState::Draft | ReleaseState::InReview | ReleaseState::Approved => {
            r.public_at.is_none() && !r.embargo && r.withdrawn_at.is_none()
        }
        ReleaseState::Released => r.public_at.is_some() && r.withdrawn_at.is_none(),
        ReleaseState::Withdrawn => r.public_at.is_some() && r.withdrawn_at.is_some(),
    };
    if !consistent {
        return Err(invalid(format!(
            "{whose}: public_at, embargo and withdrawn_at do not fit the state {}",
            r.state
        )));
    }
    for link in &r.items {
        if let BulkLink::Loaded(i) = link {
            let Some(item) = items.get(*i) else {
                return Err(invalid(format!("{whose} links item {i}, beyond the load")));
            };
            if item.unit_code != r.unit_code && !item.unit_code.is_descendant_of(&r.unit_code) {
                return Err(invalid(format!(
                    "{whose} links an item of {}, outside {}",
                    item.unit_code, r.unit_code
                )));
            }
        }
    }
    Ok(())
}

/// `n` fresh ids for `table`. SQLite: after the largest, safe because the
/// write transaction holds the database's write lock. PostgreSQL: drawn
/// from the identity sequence, so concurrent writers never collide.
async fn fresh_ids(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    table: &str,
    n: usize,
) -> Result<Vec<i64>, StoreError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match backend {
        Backend::Sqlite => {
            let max: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COALESCE(MAX(id), 0) FROM {table}"
            )))
            .fetch_one(&mut **tx)
            .await?;
            Ok((1..=n as i64).map(|i| max + i).collect())
        }
        Backend::Postgres => Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) \
                 FROM generate_series(1, $1::bigint)"
        )))
        .bind(n as i64)
        .fetch_all(&mut **tx)
        .await?),
    }
}

/// Inserts `rows` (each with one value per column) in statements of many
/// rows each. SQLite gets multi-row `VALUES` with anonymous `?`
/// placeholders: for numbered ones sqlx looks each name up with
/// `sqlite3_bind_parameter_name`, a linear search, which made statements
/// of thousands of values quadratic. PostgreSQL gets one array per column
/// and `unnest` (see [`insert_unnested`]).
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
) -> Result<(), StoreError> {
    if backend == Backend::Postgres {
        return insert_unnested(tx, table, columns, rows).await;
    }
    let per_statement = (PARAMS_PER_STATEMENT / columns.len()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Val>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        for (i, row) in batch.iter().enumerate() {
            debug_assert_eq!(row.len(), columns.len());
            sql.push_str(if i == 0 { "(" } else { ", (" });
            sql.push_str(&vec!["?"; row.len()].join(", "));
            sql.push(')');
        }
        // Not kept in the connection's statement cache: thousands of
        // placeholders compile to a program of hundreds of kilobytes, and
        // the cache kept one per batch size for the connection's life
        // (15 MB of the server's heap after the demo's seeding, issue 16).
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
        for v in batch.into_iter().flatten() {
            query = match v {
                Val::Int(i) => query.bind(i),
                Val::OptInt(i) => query.bind(i),
                Val::Text(s) => query.bind(s),
                Val::OptText(s) => query.bind(s),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Rows per PostgreSQL statement: a bound on the arrays' size in memory.
const ROWS_PER_UNNEST: usize = 20_000;

/// PostgreSQL: each column's values go as one array literal in one text
/// parameter, and `INSERT … SELECT * FROM unnest($1::bigint[], …)` zips
/// them into rows. A statement of 8,000 numbered placeholders cost the
/// server more to parse and bind than to insert (a campaign's depth change
/// writing 97,000 rows, issue 16); this one has a parameter per column and
/// stays in the statement cache.
async fn insert_unnested(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
) -> Result<(), StoreError> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let types: Vec<&str> = first
        .iter()
        .map(|v| match v {
            Val::Int(_) | Val::OptInt(_) => "bigint[]",
            Val::Text(_) | Val::OptText(_) => "text[]",
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) SELECT * FROM unnest({})",
        columns.join(", "),
        types
            .iter()
            .enumerate()
            .map(|(i, t)| format!("${}::{t}", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut arrays: Vec<PgArray> = columns.iter().map(|_| PgArray::default()).collect();
        for row in rows.by_ref().take(ROWS_PER_UNNEST) {
            debug_assert_eq!(row.len(), columns.len());
            for (array, v) in arrays.iter_mut().zip(row) {
                array.push(&v);
            }
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
        for array in arrays {
            query = query.bind(array.finish());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A one-dimensional PostgreSQL array literal, built element by element.
#[derive(Default)]
pub(crate) struct PgArray {
    text: String,
}

impl PgArray {
    /// The literal of `texts`, none of them NULL.
    pub(crate) fn of_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
        let mut a = PgArray::default();
        for t in texts {
            a.next();
            a.push_text(t);
        }
        a.finish()
    }

    fn push(&mut self, v: &Val) {
        self.next();
        match v {
            Val::Int(i) | Val::OptInt(Some(i)) => {
                let _ = write!(self.text, "{i}");
            }
            Val::OptInt(None) | Val::OptText(None) => self.text.push_str("NULL"),
            Val::Text(s) | Val::OptText(Some(s)) => self.push_text(s),
        }
    }

    fn next(&mut self) {
        self.text.push(if self.text.is_empty() { '{' } else { ',' });
    }

    /// Quoted, so commas, braces, spaces and the word NULL are data; only
    /// the quote and the backslash are escaped.
    fn push_text(&mut self, s: &str) {
        self.text.push('"');
        for c in s.chars() {
            if c == '"' || c == '\\' {
                self.text.push('\\');
            }
            self.text.push(c);
        }
        self.text.push('"');
    }

    fn finish(mut self) -> String {
        if self.text.is_empty() {
            self.text.push('{');
        }
        self.text.push('}');
        self.text
    }
}

impl Store {
    /// Loads `items` and `releases` in one transaction of multi-row
    /// inserts, for benchmarks and for migrations from other systems; the
    /// everyday writes go through `insert_item`, `create_release` and
    /// `transition_release`. It keeps their invariants (see the module
    /// documentation) except the change feed, which it skips: nothing is
    /// appended to `changes`, so rebuild the search index afterwards.
    /// Everything is checked before anything is written; on any error
    /// nothing is loaded. Call it several times for loads larger than
    /// memory allows, and run `ANALYZE` once at the end.
    pub async fn bulk_load_newsroom(
        &self,
        items: &[BulkItem],
        releases: &[BulkRelease],
    ) -> Result<BulkLoaded, StoreError> {
        for (n, item) in items.iter().enumerate() {
            check_tags(&item.tags, &format!("item {n} of the load"))?;
        }
        for (n, r) in releases.iter().enumerate() {
            check_release(n, r, items)?;
        }
        let mut tx = self.begin_write().await?;
        // SQLite: a page cache large enough for the indexes being filled,
        // for this load only (the connection goes back to the pool after).
        let saved = crate::bulk_cache::widen(&mut tx, self.backend, 262_144).await?;
        let loaded = load(&mut tx, self.backend, items, releases).await;
        crate::bulk_cache::restore(&mut tx, saved).await?;
        let loaded = loaded?;
        tx.commit().await?;
        if self.backend == Backend::Sqlite {
            // Fold the load's write-ahead log (gigabytes) into the database
            // file, as a running server's automatic checkpoints keep it:
            // readers otherwise look every page up in the log first.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(loaded)
    }
}

/// The inserts of `bulk_load_newsroom`, inside its transaction.
async fn load(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    items: &[BulkItem],
    releases: &[BulkRelease],
) -> Result<BulkLoaded, StoreError> {
    let item_ids = fresh_ids(tx, backend, "register_items", items.len()).await?;
    let release_ids = fresh_ids(tx, backend, "releases", releases.len()).await?;

    let mut rows = Vec::with_capacity(items.len());
    let mut tag_rows = Vec::new();
    for (item, &id) in items.iter().zip(&item_ids) {
        rows.push(vec![
            Val::Int(id),
            Val::Text(item.kind.as_str().to_owned()),
            Val::Text(item.unit_code.to_string()),
            Val::Text(item.title.clone()),
            Val::Text(item.description_md.clone()),
            Val::OptText(item.category_key.clone()),
            Val::OptText(item.occurred_on.clone()),
            Val::OptText(item.problem_md.clone()),
            Val::OptText(item.solution_md.clone()),
            Val::OptText(item.impact_md.clone()),
            Val::OptText(item.stage.map(|s| s.as_str().to_owned())),
            Val::Text(item.tags.join(",")),
            Val::OptInt(item.created_by),
            Val::Int(item.created_at),
            Val::Int(item.updated_at),
        ]);
        for tag in &item.tags {
            tag_rows.push(vec![Val::Int(id), Val::Text(tag.clone())]);
        }
    }
    insert_rows(
        tx,
        backend,
        "register_items",
        &[
            "id",
            "kind",
            "unit_code",
            "title",
            "description_md",
            "category_key",
            "occurred_on",
            "problem_md",
            "solution_md",
            "impact_md",
            "stage",
            "tags",
            "created_by",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    .await?;
    insert_rows(tx, backend, "item_tags", &["item_id", "tag"], tag_rows).await?;

    let mut rows = Vec::with_capacity(releases.len());
    let mut revisions = Vec::with_capacity(releases.len());
    let mut tag_rows = Vec::new();
    let mut links = Vec::new();
    let mut events = Vec::new();
    for (r, &id) in releases.iter().zip(&release_ids) {
        let tags = r.tags.join(",");
        rows.push(vec![
            Val::Int(id),
            Val::Text(r.unit_code.to_string()),
            Val::Text(r.slug.clone()),
            Val::Text(r.language.clone()),
            Val::Text(r.state.as_str().to_owned()),
            Val::Text(r.title.clone()),
            Val::Text(r.lead.clone()),
            Val::Text(r.body_md.clone()),
            Val::Text(r.body_html.clone()),
            Val::Text(tags.clone()),
            Val::OptInt(r.public_at),
            Val::Int(i64::from(r.embargo)),
            Val::OptInt(r.created_by),
            Val::Int(r.created_at),
            Val::Int(r.updated_at),
            Val::OptInt(r.approved_by),
            Val::OptInt(r.approved_at),
            Val::OptInt(r.withdrawn_at),
            Val::OptText(r.withdrawal_note.clone()),
        ]);
        revisions.push(vec![
            Val::Int(id),
            Val::Int(1),
            Val::Text(r.title.clone()),
            Val::Text(r.lead.clone()),
            Val::Text(r.body_md.clone()),
            Val::Text(tags),
            Val::OptInt(r.created_by),
            Val::Int(r.created_at),
        ]);
        for tag in &r.tags {
            tag_rows.push(vec![Val::Int(id), Val::Text(tag.clone())]);
        }
        let mut linked: Vec<i64> = r
            .items
            .iter()
            .map(|l| match *l {
                BulkLink::Loaded(i) => item_ids[i],
                BulkLink::Existing(id) => id,
            })
            .collect();
        linked.sort_unstable();
        linked.dedup();
        links.extend(linked.into_iter().map(|i| vec![Val::Int(id), Val::Int(i)]));
        for e in &r.history {
            events.push(vec![
                Val::Int(id),
                Val::Int(e.at),
                Val::OptInt(e.actor_id),
                Val::Text(e.op.to_owned()),
                Val::Text(e.from.as_str().to_owned()),
                Val::Text(e.to.as_str().to_owned()),
                Val::Int(1),
                Val::Text(e.note.clone()),
            ]);
        }
    }
    let any_links = !links.is_empty();
    insert_rows(
        tx,
        backend,
        "releases",
        &[
            "id",
            "unit_code",
            "slug",
            "language",
            "state",
            "title",
            "lead",
            "body_md",
            "body_html",
            "tags",
            "public_at",
            "embargo",
            "created_by",
            "created_at",
            "updated_at",
            "approved_by",
            "approved_at",
            "withdrawn_at",
            "withdrawal_note",
        ],
        rows,
    )
    .await?;
    insert_rows(
        tx,
        backend,
        "release_revisions",
        &[
            "release_id",
            "version",
            "title",
            "lead",
            "body_md",
            "tags",
            "author_id",
            "created_at",
        ],
        revisions,
    )
    .await?;
    insert_rows(
        tx,
        backend,
        "release_tags",
        &["release_id", "tag"],
        tag_rows,
    )
    .await?;
    insert_rows(
        tx,
        backend,
        "release_items",
        &["release_id", "item_id"],
        links,
    )
    .await?;
    insert_rows(
        tx,
        backend,
        "release_events",
        &[
            "release_id",
            "at",
            "actor_id",
            "op",
            "from_state",
            "to_state",
            "version",
            "note",
        ],
        events,
    )
    .await?;

    if let (true, Some(lo), Some(hi)) = (
        any_links,
        release_ids.iter().min().copied(),
        release_ids.iter().max().copied(),
    ) {
        // Links to items already in the database were not checked
        // above: the same rule as the service's, once for the whole load.
        let outside: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM release_items ri \
                 JOIN releases r ON r.id = ri.release_id \
                 JOIN register_items i ON i.id = ri.item_id \
                 WHERE ri.release_id >= $1 AND ri.release_id <= $2 \
                 AND (i.removed_at IS NOT NULL OR NOT (i.unit_code = r.unit_code \
                      OR (i.unit_code > r.unit_code || '.' AND i.unit_code < r.unit_code || '/')))",
        )
        .bind(lo)
        .bind(hi)
        .fetch_one(&mut **tx)
        .await?;
        if outside > 0 {
            return Err(invalid(format!(
                "{outside} links reach items that are removed or outside their release's unit"
            )));
        }
        // The same rule as `refresh_first_public`, set-wise.
        sqlx::query(
            "UPDATE register_items SET first_public_at = (\
                     SELECT MIN(r.public_at) FROM release_items ri \
                     JOIN releases r ON r.id = ri.release_id \
                     WHERE ri.item_id = register_items.id AND r.state = 'released') \
                 WHERE id IN (SELECT item_id FROM release_items \
                              WHERE release_id >= $1 AND release_id <= $2)",
        )
        .bind(lo)
        .bind(hi)
        .execute(&mut **tx)
        .await?;
    }
    Ok(BulkLoaded {
        item_ids,
        release_ids,
    })
}

/// What a load left in the database, for benchmark reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsroomSize {
    pub releases_by_state: Vec<(String, i64)>,
    pub items: i64,
    pub linked_items: i64,
    pub links: i64,
    /// Of the whole database (SQLite) or of the current schema (PostgreSQL).
    pub bytes: i64,
}

impl Store {
    /// Counts of the newsroom's rows and the database's size on disk; it
    /// scans whole tables, so it is for benchmarks and checks after a load.
    pub async fn newsroom_size(&self) -> Result<NewsroomSize, StoreError> {
        let releases_by_state: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM releases GROUP BY state ORDER BY state")
                .fetch_all(&self.pool)
                .await?;
        let count = |sql: &'static str| async move {
            let n: i64 = sqlx::query_scalar(sql).fetch_one(&self.pool).await?;
            Ok::<i64, StoreError>(n)
        };
        let items = count("SELECT COUNT(*) FROM register_items").await?;
        let linked_items = count("SELECT COUNT(DISTINCT item_id) FROM release_items").await?;
        let links = count("SELECT COUNT(*) FROM release_items").await?;
        let bytes = match self.backend {
            Backend::Sqlite => {
                count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                    .await?
            }
            Backend::Postgres => count(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c \
                     JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE n.nspname = current_schema() AND c.relkind = 'r'",
            )
            .await?,
        };
        Ok(NewsroomSize {
            releases_by_state,
            items,
            linked_items,
            links,
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{PgArray, Val};

    fn array(values: &[Val]) -> String {
        let mut a = PgArray::default();
        for v in values {
            a.push(v);
        }
        a.finish()
    }

    #[test]
    fn an_array_literal_quotes_every_text_and_escapes_only_quote_and_backslash() {
        assert_eq!(
            array(&[
                Val::Text("a,b {c}".into()),
                Val::OptText(None),
                Val::Text("NULL".into()),
                Val::Text(r#"say "hi" \ bye"#.into()),
                Val::Text(String::new()),
            ]),
            r#"{"a,b {c}",NULL,"NULL","say \"hi\" \\ bye",""}"#
        );
    }

    #[test]
    fn an_array_literal_of_numbers_keeps_nulls_and_signs() {
        assert_eq!(
            array(&[Val::Int(-3), Val::OptInt(None), Val::OptInt(Some(i64::MAX))]),
            "{-3,NULL,9223372036854775807}"
        );
        assert_eq!(array(&[]), "{}");
        assert_eq!(PgArray::of_texts(["35.15", "a\"b"]), r#"{"35.15","a\"b"}"#);
        assert_eq!(PgArray::of_texts([]), "{}");
    }
}
