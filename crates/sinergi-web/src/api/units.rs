//! `/api/v1/units` and `/api/v1/stats/units`.

use std::collections::BTreeMap;

use axum::extract::State;
use serde::Deserialize;
use sinergi_domain::{Level, UnitCode};
use sinergi_store::UnitQuery;
use utoipa::IntoParams;

use super::dto::{UnitDetail, UnitDto, UnitPage, UnitRef, UnitStats};
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

/// Query parameters of the unit listing. All are optional and combine.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// national, province, regency, district or village.
    level: Option<String>,
    /// Only direct children of this unit code.
    parent: Option<String>,
    /// Only units anywhere below this unit code.
    within: Option<String>,
    /// Words that start words of the name (case and accents ignored), or a code prefix.
    q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Include units whose code left the official list (default false).
    include_retired: Option<String>,
}

fn parse_code(param: &str, value: &str) -> Result<UnitCode, Problem> {
    UnitCode::parse(value).map_err(|e| Problem::bad_request(format!("`{param}`: {e}")))
}

impl ListParams {
    fn into_query(self) -> Result<UnitQuery, Problem> {
        let level = self
            .level
            .filter(|l| !l.is_empty())
            .map(|l| l.parse::<Level>())
            .transpose()
            .map_err(|e| Problem::bad_request(format!("`level`: {e}")))?;
        let limit = match self.limit.as_deref() {
            None | Some("") => DEFAULT_LIMIT,
            Some(s) => match s.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(Problem::bad_request(format!(
                        "`limit` must be a whole number from 1 to {MAX_LIMIT}, not `{s}`"
                    )));
                }
            },
        };
        let include_retired = match self.include_retired.as_deref() {
            None | Some("") | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(Problem::bad_request(format!(
                    "`include_retired` must be true or false, not `{other}`"
                )));
            }
        };
        Ok(UnitQuery {
            level,
            parent: self
                .parent
                .filter(|s| !s.is_empty())
                .map(|p| parse_code("parent", &p))
                .transpose()?,
            within: self
                .within
                .filter(|s| !s.is_empty())
                .map(|p| parse_code("within", &p))
                .transpose()?,
            q: self.q.filter(|s| !s.trim().is_empty()),
            limit,
            cursor: self.cursor.filter(|s| !s.is_empty()),
            include_retired,
        })
    }
}

/// List and search units.
#[utoipa::path(
    get,
    path = "/api/v1/units",
    operation_id = "list_units",
    params(ListParams),
    responses(
        (status = 200, description = "A page of units, ordered by level, then name", body = UnitPage),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
    ),
    tag = "units"
)]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Json<UnitPage>, Problem> {
    let query = params.into_query()?;
    let page = state.store.list_units(&query).await?;
    Ok(Json(UnitPage {
        items: page
            .items
            .iter()
            .map(|(u, n)| UnitDto::new(u, *n))
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One unit, with its parent chain and the units below it.
#[utoipa::path(
    get,
    path = "/api/v1/units/{code}",
    operation_id = "show_unit",
    params(("code" = String, Path, description = "Unit code, e.g. 51.71 or kemenpanrb.hkip")),
    responses(
        (status = 200, description = "The unit", body = UnitDetail),
        (status = 400, description = "Not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this code", body = Problem, content_type = "application/problem+json"),
    ),
    tag = "units"
)]
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<UnitDetail>, Problem> {
    let code = parse_code("code", &code)?;
    let (unit, children) = state.store.unit_with_child_count(&code).await?;
    let chain = state.store.parent_chain(&code).await?;
    let below = state.store.count_descendants_by_level(&code).await?;
    Ok(Json(UnitDetail {
        unit: UnitDto::new(&unit, children),
        parent_chain: chain.iter().map(UnitRef::from).collect(),
        units_below: below
            .0
            .iter()
            .map(|(l, n)| (l.as_str().to_owned(), *n))
            .collect::<BTreeMap<_, _>>(),
    }))
}

/// Current units per level in the whole network.
#[utoipa::path(
    get,
    path = "/api/v1/stats/units",
    responses((status = 200, description = "Counts per level", body = UnitStats)),
    tag = "units"
)]
pub async fn stats(State(state): State<AppState>) -> Result<Json<UnitStats>, Problem> {
    let c = state.store.count_units_by_level().await?;
    Ok(Json(UnitStats {
        national: c.get(Level::National),
        province: c.get(Level::Province),
        regency: c.get(Level::Regency),
        district: c.get(Level::District),
        village: c.get(Level::Village),
    }))
}
