//! A unit's PR office contact details over JSON: anyone reads them; a
//! token whose owner may change the unit's settings replaces them, under
//! the same service as the form (`Newsroom::save_contact`).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_domain::UnitCode;
use sinergi_newsroom::NewsroomError;
use sinergi_store::press::PressContact;
use utoipa::ToSchema;

use super::auth::Bearer;
use super::dto::rfc3339;
use super::extract::{Json, Path};
use super::input::unit_code;
use super::problem::Problem;
use crate::AppState;

/// How to reach a unit's PR office. Empty strings were not given.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactDto {
    #[schema(example = "51.71")]
    pub unit_code: String,
    pub office_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    /// An http(s) address.
    pub website: String,
    /// When the details last changed (RFC 3339), or null if never given.
    pub updated_at: Option<String>,
}

/// New contact details; a missing field is stored empty.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactBody {
    #[serde(default)]
    pub office_name: String,
    /// An e-mail address such as humas@example.go.id.
    #[serde(default)]
    pub email: String,
    /// 6 to 15 digits with spaces, `-`, `(`, `)` and a leading `+`.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// An http:// or https:// address.
    #[serde(default)]
    pub website: String,
}

async fn known_unit(state: &AppState, code: &str) -> Result<UnitCode, Problem> {
    let unit = unit_code(code)?;
    state.store.unit(&unit).await?;
    Ok(unit)
}

async fn contact_dto(state: &AppState, unit: &UnitCode) -> Result<ContactDto, Problem> {
    let stored = state
        .newsroom
        .contact(unit)
        .await
        .map_err(contact_problem)?;
    let (c, at) = match stored {
        Some(s) => (s.contact, Some(rfc3339(s.updated_at))),
        None => (PressContact::default(), None),
    };
    Ok(ContactDto {
        unit_code: unit.to_string(),
        office_name: c.office_name,
        email: c.email,
        phone: c.phone,
        address: c.address,
        website: c.website,
        updated_at: at,
    })
}

#[utoipa::path(get, path = "/api/v1/units/{code}/contact", tag = "press",
    params(("code" = String, Path, description = "The unit's code, e.g. 51.71")),
    responses((status = 200, description = "The PR office's contact details; empty strings were not given", body = ContactDto),
        (status = 400, description = "Not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this code", body = Problem, content_type = "application/problem+json")))]
pub async fn show_contact(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ContactDto>, Problem> {
    let unit = known_unit(&state, &code).await?;
    Ok(Json(contact_dto(&state, &unit).await?))
}

#[utoipa::path(put, path = "/api/v1/units/{code}/contact", tag = "press", request_body = ContactBody,
    params(("code" = String, Path, description = "The unit's code, e.g. 51.71")),
    security(("bearer" = [])),
    responses((status = 200, description = "The contact details as saved", body = ContactDto),
        (status = 400, description = "Not a unit code, or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not manage this unit's settings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this code", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn save_contact(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(code): Path<String>,
    Json(body): Json<ContactBody>,
) -> Result<Json<ContactDto>, Problem> {
    let unit = known_unit(&state, &code).await?;
    let raw = PressContact {
        office_name: body.office_name,
        email: body.email,
        phone: body.phone,
        address: body.address,
        website: body.website,
    };
    state
        .newsroom
        .save_contact(&bearer.principal, &unit, &raw)
        .await
        .map_err(contact_problem)?;
    Ok(Json(contact_dto(&state, &unit).await?))
}

/// The service's refusal as problem JSON: the newsroom's, with the words
/// for a refused right that fit contact details.
fn contact_problem(e: NewsroomError) -> Problem {
    match e {
        NewsroomError::NotAllowed => Problem::new(
            StatusCode::FORBIDDEN,
            "changing a unit's contact details needs the right to manage its settings",
        ),
        other => Problem::from(other),
    }
}
