//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

use super::dto::{UnitDetail, UnitDto, UnitPage, UnitRef, UnitStats};
use super::problem::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sinergi API",
        description = "The network of government PR units (Humas) of Indonesia and their work.",
        license(name = "Apache-2.0")
    ),
    paths(super::units::list, super::units::show, super::units::stats),
    components(schemas(UnitDto, UnitRef, UnitDetail, UnitPage, UnitStats, Problem)),
    tags((name = "units", description = "The network of units: ministries, provinces, regencies and cities, districts, villages"))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
