//! Turning an access scope into a SQL condition on a unit-code column.

use sinergi_domain::access::Scope;

/// Values to bind, in order, for a condition built here.
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

pub(crate) fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    binds: Vec<Bind>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for b in binds {
        query = match b {
            Bind::Text(s) => query.bind(s),
            Bind::Int(i) => query.bind(i),
            Bind::OptInt(i) => query.bind(i),
        };
    }
    query
}

/// [`bind_all`] for a query that reads rows into `O` (`sqlx::query_as`).
pub(crate) fn bind_all_as<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    binds: Vec<Bind>,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
    for b in binds {
        query = match b {
            Bind::Text(s) => query.bind(s),
            Bind::Int(i) => query.bind(i),
            Bind::OptInt(i) => query.bind(i),
        };
    }
    query
}

/// [`bind_all`] for a query that reads one value (`sqlx::query_scalar`).
pub(crate) fn bind_all_scalar<'q, O>(
    mut query: sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    binds: Vec<Bind>,
) -> sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
    for b in binds {
        query = match b {
            Bind::Text(s) => query.bind(s),
            Bind::Int(i) => query.bind(i),
            Bind::OptInt(i) => query.bind(i),
        };
    }
    query
}

/// Collects `bind` and returns its placeholder (`$n`).
pub(crate) fn arg(binds: &mut Vec<Bind>, bind: Bind) -> String {
    binds.push(bind);
    format!("${}", binds.len())
}
