//! The publication gap: achievements and innovations that no public
//! release has reported, N days after they were recorded.

use std::collections::BTreeMap;

use serde::Serialize;
use sinergi_domain::newsroom::ItemKind;
use sinergi_domain::{ItemId, Level, UnitCode};

use crate::cursor::{self, Keyset, Page};
use crate::scope_sql::{Bind, arg, arguments};
use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct GapQuery {
    /// The unit; `None` for the whole network.
    pub root: Option<UnitCode>,
    /// Include every unit below `root`.
    pub with_subtree: bool,
    pub now: i64,
    /// Items recorded at least this many days before `now`.
    pub min_days: i64,
    pub limit: i64,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct GapItem {
    #[sqlx(try_from = "i64")]
    pub id: ItemId,
    #[sqlx(try_from = "String")]
    pub kind: ItemKind,
    pub title: String,
    pub unit_code: String,
    pub unit_name: String,
    pub created_at: i64,
    /// A scheduled or embargoed release will publish it at this time.
    pub first_public_at: Option<i64>,
}

/// How many items lie in the gap, per level and per child unit of the root
/// (most first): the supervisor's view of who leaves the most unpublished.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GapCounts {
    pub total: i64,
    pub per_level: Vec<(Level, i64)>,
    /// (code, name, count) of the root's children, or of the top-level
    /// units for the whole network; the root's own items under its code.
    pub per_child: Vec<(String, String, i64)>,
}

impl GapQuery {
    fn condition(&self, binds: &mut Vec<Bind>) -> String {
        let mut sql = String::from(
            "i.removed_at IS NULL AND (i.first_public_at IS NULL OR i.first_public_at > ",
        );
        sql.push_str(&arg(binds, Bind::Int(self.now)));
        sql.push_str(") AND i.created_at <= ");
        let cutoff = self.now - self.min_days.max(0) * sinergi_domain::newsroom::DAY_MICROS;
        sql.push_str(&arg(binds, Bind::Int(cutoff)));
        if let Some(root) = &self.root {
            let p = arg(binds, Bind::Text(root.to_string()));
            if self.with_subtree {
                let (lo, hi) = root.descendant_range();
                let lo = arg(binds, Bind::Text(lo));
                let hi = arg(binds, Bind::Text(hi));
                sql.push_str(&format!(
                    " AND (i.unit_code = {p} OR (i.unit_code > {lo} AND i.unit_code < {hi}))"
                ));
            } else {
                sql.push_str(&format!(" AND i.unit_code = {p}"));
            }
        }
        sql
    }
}

/// The child of `root` on the way to `code` (or `code`'s top-level unit
/// when there is no root): what [`Store::child_expr`] computes in SQL.
#[cfg(test)]
fn child_towards(root: Option<&UnitCode>, code: &str) -> String {
    let start = root.map_or(0, |r| r.as_str().len() + 1);
    if start > code.len() {
        return code.to_owned();
    }
    match code[start..].find('.') {
        Some(i) => code[..start + i].to_owned(),
        None => code.to_owned(),
    }
}

/// A regional code's number of dots (0 for a province … 3 for a village),
/// or -1 for a national code (they start with a letter).
const DEPTH_EXPR: &str = "CASE WHEN substr(i.unit_code, 1, 1) BETWEEN '0' AND '9' \
     THEN length(i.unit_code) - length(replace(i.unit_code, '.', '')) ELSE -1 END";

fn level_of_depth(depth: i64) -> Level {
    match depth {
        d if d < 0 => Level::National,
        0 => Level::Province,
        1 => Level::Regency,
        2 => Level::District,
        _ => Level::Village,
    }
}

impl Store {
    /// SQL for [`child_towards`]: the code cut at the first dot after the
    /// root's prefix. The root's length is spelled into the SQL as a
    /// number (it comes from a parsed code, never from text).
    fn child_expr(&self, root: Option<&UnitCode>) -> String {
        let start = root.map_or(0, |r| r.as_str().len() + 1);
        let rest = format!("substr(i.unit_code, {})", start + 1);
        let dot = match self.backend {
            crate::Backend::Sqlite => format!("instr({rest}, '.')"),
            crate::Backend::Postgres => format!("strpos({rest}, '.')"),
        };
        format!(
            "CASE WHEN length(i.unit_code) < {start} OR {dot} = 0 THEN i.unit_code \
             ELSE substr(i.unit_code, 1, {start} + {dot} - 1) END"
        )
    }
}

impl Store {
    /// Items in the gap, oldest first.
    pub async fn gap_items(&self, q: &GapQuery) -> Result<Page<GapItem>, StoreError> {
        let mut binds = Vec::new();
        let mut sql = format!(
            "SELECT i.id, i.kind, i.title, i.unit_code, u.name AS unit_name, i.created_at, i.first_public_at \
             FROM register_items i JOIN units u ON u.code = i.unit_code WHERE {}",
            q.condition(&mut binds)
        );
        let keys = Keyset {
            key: "i.created_at",
            id: "i.id",
            descending: false,
            max: 500,
        };
        let limit = keys.finish(&mut sql, &mut binds, q.cursor.as_deref(), q.limit)?;
        let items: Vec<GapItem> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&self.pool)
            .await?;
        Ok(cursor::page(items, limit, |i| (i.created_at, i.id.get())))
    }

    /// Counts of the gap per level and per child unit. The database counts
    /// per unit in the gap index's order (no sort), then folds the units
    /// into (child, level) groups, so a few hundred rows come back even for
    /// the whole network (a row per unit took a second to stream).
    pub async fn gap_counts(&self, q: &GapQuery) -> Result<GapCounts, StoreError> {
        let mut binds = Vec::new();
        let condition = q.condition(&mut binds);
        // SQLite 3.51 (the bundled one, with STAT4) prefers `register_by_unit`
        // for the GROUP BY's order and then reads every row of the table:
        // a second for the whole network at 100,000 items, against 70 ms
        // through the partial, covering `register_gap`, also in unit order.
        let index = match self.backend {
            crate::Backend::Sqlite => " INDEXED BY register_gap",
            crate::Backend::Postgres => "",
        };
        let sql = format!(
            "SELECT {child} AS child, {depth} AS depth, CAST(SUM(n) AS BIGINT) FROM \
             (SELECT i.unit_code AS unit_code, COUNT(*) AS n FROM register_items i{index} \
             WHERE {condition} GROUP BY i.unit_code) i GROUP BY child, depth",
            child = self.child_expr(q.root.as_ref()),
            depth = DEPTH_EXPR,
        );
        // (child, depth, items): positional, as the three are computed.
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?;
        let mut per_level: BTreeMap<i64, (Level, i64)> = BTreeMap::new();
        let mut per_child: BTreeMap<String, i64> = BTreeMap::new();
        let mut total = 0;
        for (child, depth, n) in rows {
            total += n;
            let level = level_of_depth(depth);
            per_level.entry(level.rank()).or_insert((level, 0)).1 += n;
            *per_child.entry(child).or_default() += n;
        }
        // The children's names, in one query.
        let mut names = self
            .unit_names(per_child.keys().map(String::as_str))
            .await?;
        let mut children = Vec::with_capacity(per_child.len());
        for (code, n) in per_child {
            let name = names.remove(&code).unwrap_or_else(|| code.clone());
            children.push((code, name, n));
        }
        children.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        Ok(GapCounts {
            total,
            per_level: per_level.into_values().collect(),
            per_child: children,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_child_on_the_way_down() {
        let root = UnitCode::parse("51").unwrap();
        assert_eq!(child_towards(Some(&root), "51.71.01.1006"), "51.71");
        assert_eq!(child_towards(Some(&root), "51"), "51");
        assert_eq!(child_towards(None, "51.71.01"), "51");
        assert_eq!(child_towards(None, "kemenpanrb.hkip"), "kemenpanrb");
    }
}
