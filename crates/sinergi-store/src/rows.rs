//! Turning database rows into domain values: row structs that sqlx fills by
//! column name (`FromRow`), with only the types both engines agree on under
//! the `Any` driver (integers, text; flags are stored as integers, never
//! `BOOLEAN`), and one conversion each into the domain's types, where codes
//! and names are parsed and a bad one is `StoreError::Corrupt`.

use sinergi_domain::access::Membership;
use sinergi_domain::{Level, Unit, UnitCode, UnitKind};

use crate::StoreError;

/// The columns every unit query selects, named as [`UnitRow`] reads them.
pub(crate) const UNIT_COLUMNS: &str = "u.code, u.name, u.level, u.kind, u.parent_code, u.aliases, u.retired_at, u.updated_at, u.child_count";

/// A unit as [`UNIT_COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    code: String,
    name: String,
    level: String,
    kind: String,
    parent_code: Option<String>,
    aliases: Option<String>,
    retired_at: Option<i64>,
    updated_at: i64,
    child_count: i64,
}

/// A stored unit code, parsed.
pub(crate) fn unit_code(code: &str) -> Result<UnitCode, StoreError> {
    UnitCode::parse(code).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl UnitRow {
    /// The unit and the number of its current direct children.
    pub(crate) fn into_unit(self) -> Result<(Unit, i64), StoreError> {
        let unit = Unit {
            code: unit_code(&self.code)?,
            name: self.name,
            level: self
                .level
                .parse::<Level>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            kind: self.kind.parse::<UnitKind>().map_err(StoreError::Corrupt)?,
            parent_code: self.parent_code.as_deref().map(unit_code).transpose()?,
            aliases: self.aliases,
            retired_at: self.retired_at,
            updated_at: self.updated_at,
        };
        Ok((unit, self.child_count))
    }
}

/// A membership's unit, role and reach as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct MembershipRow {
    unit_code: String,
    role: String,
    reach: String,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(m: MembershipRow) -> Result<Membership, StoreError> {
        Ok(Membership {
            unit: unit_code(&m.unit_code)?,
            role: m.role.parse().map_err(StoreError::Corrupt)?,
            reach: m.reach.parse().map_err(StoreError::Corrupt)?,
        })
    }
}
