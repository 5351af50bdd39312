//! Turning an access scope into a SQL condition on a unit-code column.

use sinergi_domain::access::Scope;
use sqlx::Arguments;
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
