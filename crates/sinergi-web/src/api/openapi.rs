//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

use super::account::{AuditEntryDto, MeDto, MemberDto, MembershipDto};
use super::dto::{UnitDetail, UnitDto, UnitPage, UnitRef, UnitStats};
use super::problem::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sinergi API",
        description = "The network of government PR units (Humas) of Indonesia and their work.",
        license(name = "Apache-2.0")
    ),
    paths(super::units::list, super::units::show, super::units::stats, super::account::me, super::account::members, super::account::audit),
    modifiers(&BearerAuth),
    components(schemas(UnitDto, UnitRef, UnitDetail, UnitPage, UnitStats, Problem, MeDto, MembershipDto, MemberDto, AuditEntryDto)),
    tags(
        (name = "units", description = "The network of units: ministries, provinces, regencies and cities, districts, villages"),
        (name = "accounts", description = "For programs acting with an API token: who, members, the audit log")
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the account endpoints use.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token (snrg_…) from the account page"))
                    .build(),
            ),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
