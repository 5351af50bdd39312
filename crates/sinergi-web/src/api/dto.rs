//! The shapes the API speaks. Kept apart from domain types so that the
//! domain can change without breaking clients.

use std::collections::BTreeMap;

use serde::Serialize;
use sinergi_domain::Unit;
use utoipa::ToSchema;

/// A unit of the network.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    /// Kemendagri code for regions (`51.71`), a dotted slug for national units (`kemenpanrb.hkip`).
    #[schema(example = "51.71")]
    pub code: String,
    #[schema(example = "Kota Denpasar")]
    pub name: String,
    /// national, province, regency, district or village.
    #[schema(example = "regency")]
    pub level: String,
    /// ministry, agency, bureau, province, kabupaten, kota, kecamatan, kelurahan, desa or desa_adat.
    #[schema(example = "kota")]
    pub kind: String,
    #[schema(example = "51")]
    pub parent_code: Option<String>,
    /// Other names people know the unit by.
    pub aliases: Option<String>,
    /// WIB, WITA or WIT.
    #[schema(example = "WITA")]
    pub time_zone: String,
    /// Current direct sub-units.
    pub child_count: i64,
    /// When the code left the official list (RFC 3339); null while current.
    pub retired_at: Option<String>,
    pub updated_at: String,
}

impl UnitDto {
    pub fn new(unit: &Unit, child_count: i64) -> UnitDto {
        UnitDto {
            code: unit.code.to_string(),
            name: unit.name.clone(),
            level: unit.level.as_str().to_owned(),
            kind: unit.kind.as_str().to_owned(),
            parent_code: unit.parent_code.as_ref().map(|c| c.to_string()),
            aliases: unit.aliases.clone(),
            time_zone: unit.zone().abbreviation().to_owned(),
            child_count,
            retired_at: unit.retired_at.map(rfc3339),
            updated_at: rfc3339(unit.updated_at),
        }
    }
}

/// A unit in a parent chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    pub level: String,
}

impl From<&Unit> for UnitRef {
    fn from(u: &Unit) -> UnitRef {
        UnitRef {
            code: u.code.to_string(),
            name: u.name.clone(),
            level: u.level.as_str().to_owned(),
        }
    }
}

/// One unit with where it sits.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDetail {
    #[serde(flatten)]
    pub unit: UnitDto,
    /// Ancestors from the top down.
    pub parent_chain: Vec<UnitRef>,
    /// Current units below, per level.
    pub units_below: BTreeMap<String, i64>,
}

/// A page of units.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitPage {
    pub items: Vec<UnitDto>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Current units per level.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"national": 3, "province": 38, "regency": 514, "district": 7285, "village": 83762}))]
pub struct UnitStats {
    pub national: i64,
    pub province: i64,
    pub regency: i64,
    pub district: i64,
    pub village: i64,
}

pub fn rfc3339(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
