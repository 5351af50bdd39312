//! Turning an access scope into a SQL condition on a unit-code column.

use sinergi_domain::access::Scope;
use sqlx::Arguments;

use crate::connect::Backend;
use sqlx::any::AnyArguments;

/// Values to bind, in order, for a condition built here.
#[derive(Clone)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
    OptInt(Option<i64>),
}

/// A condition that holds exactly for rows whose `column` lies in `scope`,
/// numbering placeholders after the `binds` already collected. An empty
/// scope matches nothing.
pub(crate) fn scope_condition(column: &str, scope: &Scope, binds: &mut Vec<Bind>) -> String {
    if scope.everything {
        return "1 = 1".to_owned();
    }
    let mut parts = Vec::new();
    for unit in scope.units.iter().chain(scope.subtrees.iter()) {
        binds.push(Bind::Text(unit.to_string()));
        parts.push(format!("{column} = ${}", binds.len()));
    }
    for root in &scope.subtrees {
        let (lo, hi) = root.descendant_range();
        binds.push(Bind::Text(lo));
        let lo = binds.len();
        binds.push(Bind::Text(hi));
        parts.push(format!(
            "({column} > ${lo} AND {column} < ${})",
            binds.len()
        ));
    }
    if parts.is_empty() {
        "1 = 0".to_owned()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// The values of `binds`, in order, as one argument list for
/// `sqlx::query_with`, `query_as_with` or `query_scalar_with`. Encoding a
/// text or an integer for `Any` does not fail; should it, the error is the
/// query's, as `bind` would report it when run.
pub(crate) fn arguments(binds: Vec<Bind>) -> Result<AnyArguments, sqlx::Error> {
    let mut args = AnyArguments::default();
    for b in binds {
        match b {
            Bind::Text(s) => args.add(s),
            Bind::Int(i) => args.add(i),
            Bind::OptInt(i) => args.add(i),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

/// Collects `bind` and returns its placeholder (`$n`).
pub(crate) fn arg(binds: &mut Vec<Bind>, bind: Bind) -> String {
    binds.push(bind);
    format!("${}", binds.len())
}

/// The placeholders of a statement whose only values are a list of `n`
/// (`IN (...)`): anonymous `?` on SQLite, `$1`..`$n` on PostgreSQL.
///
/// Numbered names cost SQLite and sqlx a search of the statement's names
/// per placeholder, quadratic in the list: at 8,000 unit codes that was
/// 40 % of a series page's time. An anonymous `?` is numbered by position;
/// sqlx binds it in order only when no placeholder of the statement is
/// numbered, so a statement with other values uses [`list_marks_after`].
pub(crate) fn list_marks(backend: Backend, n: usize) -> String {
    list_marks_after(backend, 0, n)
}

/// Placeholders for a list of `n` values bound after `before` others, whose
/// own placeholders are [`mark`]s of the same backend.
pub(crate) fn list_marks_after(backend: Backend, before: usize, n: usize) -> String {
    (before + 1..=before + n)
        .map(|i| mark(backend, i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The placeholder of the `i`th value (from 1) of a statement built with
/// [`list_marks_after`].
pub(crate) fn mark(backend: Backend, i: usize) -> String {
    match backend {
        Backend::Sqlite => "?".to_owned(),
        Backend::Postgres => format!("${i}"),
    }
}

/// An aggregate of a group's unit codes in `column`, in order, joined by
/// commas (a unit code holds none): one row per group instead of one per
/// code. sqlx's SQLite driver hands every row from its worker thread to
/// the caller, a few microseconds each; a series page read 16,000 rows.
/// Read back with [`split_joined`].
pub(crate) fn joined_codes(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("group_concat({column}, ',' ORDER BY {column})"),
        Backend::Postgres => format!("string_agg({column}, ',' ORDER BY {column})"),
    }
}

/// The values a comma-joined aggregate joined ([`joined_codes`], a
/// release's tags).
pub(crate) fn split_joined(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_anonymous_on_sqlite_and_numbered_on_postgres() {
        assert_eq!(list_marks(Backend::Sqlite, 3), "?, ?, ?");
        assert_eq!(list_marks(Backend::Postgres, 3), "$1, $2, $3");
        assert_eq!(list_marks_after(Backend::Postgres, 1, 2), "$2, $3");
        assert_eq!(mark(Backend::Postgres, 1), "$1");
        assert_eq!(list_marks(Backend::Sqlite, 0), "");
    }

    #[test]
    fn joined_values_split_back() {
        assert_eq!(split_joined("35.01,35.78"), ["35.01", "35.78"]);
        assert!(split_joined("").is_empty());
    }
}
