//! Turning database rows into domain values.

use sinergi_domain::{Level, Unit, UnitCode, UnitKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::StoreError;

/// The columns every unit query selects, in the order [`unit`] reads them.
pub(crate) const UNIT_COLUMNS: &str = "u.code, u.name, u.level, u.kind, u.parent_code, u.aliases, u.retired_at, u.updated_at, u.child_count";

pub(crate) fn unit(row: &AnyRow) -> Result<(Unit, i64), StoreError> {
    let corrupt = |what: String| StoreError::Corrupt(what);
    let code: String = row.try_get(0)?;
    let code = UnitCode::parse(&code).map_err(|e| corrupt(e.to_string()))?;
    let level: String = row.try_get(2)?;
    let kind: String = row.try_get(3)?;
    let parent: Option<String> = row.try_get(4)?;
    let unit = Unit {
        name: row.try_get(1)?,
        level: level.parse::<Level>().map_err(|e| corrupt(e.to_string()))?,
        kind: kind.parse::<UnitKind>().map_err(corrupt)?,
        parent_code: parent
            .map(|p| UnitCode::parse(&p))
            .transpose()
            .map_err(|e| corrupt(e.to_string()))?,
        aliases: row.try_get(5)?,
        retired_at: row.try_get(6)?,
        updated_at: row.try_get(7)?,
        code,
    };
    Ok((unit, row.try_get(8)?))
}
