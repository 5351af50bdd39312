//! The contact base over JSON: list (with the page's filters), one
//! contact, add. The same service and rules as the pages: a token of
//! someone who keeps contacts (`manage_contacts`); every list read is in
//! the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_distribution::{
    ContactInput, ContactQuery, ContactRecord, DistributionError, MergeIds,
};
use sinergi_domain::ContactId;
use sinergi_store::accounts::audit::Actor;
use utoipa::{IntoParams, ToSchema};

use super::auth::Bearer;
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;

impl From<DistributionError> for Problem {
    fn from(e: DistributionError) -> Problem {
        match e {
            DistributionError::NotFound(w) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
            }
            DistributionError::NotAllowed => Problem::new(
                StatusCode::FORBIDDEN,
                "only people who keep contacts (manage_contacts) may do this",
            ),
            DistributionError::Invalid(problems) => {
                Problem::invalid(problems.iter().map(|x| (x.field, x.key)))
            }
            DistributionError::Stale(m) => Problem::new(StatusCode::CONFLICT, m),
            DistributionError::Store(s) => Problem::from(s),
        }
    }
}

fn actor(bearer: &Bearer) -> Actor {
    Actor {
        user_id: Some(bearer.user_id),
        label: bearer.email.clone(),
        ip: None,
    }
}

/// A contact. Channels are data only; nothing is sent through them but e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactEntryDto {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub whatsapp: String,
    /// journalist, academic, civil_society, community_leader, religious_leader, business, government or other.
    pub kind: String,
    pub role_title: String,
    pub outlet_id: Option<i64>,
    pub outlet: Option<String>,
    pub organisation: String,
    pub beats: Vec<String>,
    pub regions: Vec<String>,
    pub languages: Vec<String>,
    pub language: String,
    pub time_zone: String,
    /// Whether a consent to e-mail distribution stands now.
    pub distribution_consent: bool,
    pub version: i64,
}

fn dto(c: &ContactRecord) -> ContactEntryDto {
    ContactEntryDto {
        id: c.id.get(),
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        whatsapp: c.whatsapp.clone(),
        kind: c.kind.as_str().to_owned(),
        role_title: c.role_title.clone(),
        outlet_id: c.outlet_id,
        outlet: c.outlet_name.clone(),
        organisation: c.organisation.clone(),
        beats: c.beats.clone(),
        regions: c.regions.clone(),
        languages: c.languages.clone(),
        language: c.language.clone(),
        time_zone: c.time_zone.clone(),
        distribution_consent: c.distribution_consent,
        version: c.version,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactEntryPageDto {
    pub total: i64,
    pub items: Vec<ContactEntryDto>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactParams {
    /// Words of the name, part of an e-mail address, or an outlet's name.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub outlet: Option<i64>,
    pub beat: Option<String>,
    /// A unit code the contact covers.
    pub region: Option<String>,
    /// Only contacts with (true) or without (false) a standing consent.
    pub consent: Option<bool>,
    /// At most 200; 50 by default.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A page of the contact base (the read is audited).
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Contacts matching the filters, by name", body = ContactEntryPageDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json")))]
pub async fn list_contacts(
    State(state): State<AppState>,
    bearer: Bearer,
    Query(p): Query<ContactParams>,
) -> Result<Json<ContactEntryPageDto>, Problem> {
    let q = ContactQuery {
        q: p.q.unwrap_or_default(),
        kind: match p.kind.as_deref() {
            Some(k) => Some(
                k.parse()
                    .map_err(|_| Problem::bad_request(format!("`{k}` is not a kind of contact")))?,
            ),
            None => None,
        },
        outlet_id: p.outlet,
        beat: p.beat.unwrap_or_default(),
        region: p.region.unwrap_or_default(),
        consent: p.consent,
        limit: p.limit.unwrap_or(50).clamp(1, 200),
        offset: p.offset.unwrap_or(0).max(0),
    };
    let (items, total) = state
        .distribution
        .list(&bearer.principal, &actor(&bearer), &q)
        .await?;
    Ok(Json(ContactEntryPageDto {
        total,
        items: items.iter().map(dto).collect(),
    }))
}

/// One contact.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts",
    params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The contact", body = ContactEntryDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No contact has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn get_contact(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<ContactId>,
) -> Result<Json<ContactEntryDto>, Problem> {
    let view = state.distribution.view(&bearer.principal, id).await?;
    Ok(Json(dto(&view.contact)))
}

/// A contact to add, as typed (lists comma-separated).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContactEntryBody {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub whatsapp: String,
    pub kind: String,
    pub role_title: String,
    pub outlet_id: Option<i64>,
    pub organisation: String,
    pub beats: String,
    pub regions: String,
    pub languages: String,
    pub language: String,
    pub time_zone: String,
    /// Add even when the base may already hold this person.
    pub confirm_duplicate: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactEntrySaved {
    pub id: i64,
}

/// Adds a contact; a possible duplicate (same e-mail, or same name at the
/// same outlet) is refused unless `confirm_duplicate`.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = ContactEntryBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The contact was added", body = ContactEntrySaved),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields are not valid, or a duplicate", body = Problem, content_type = "application/problem+json")))]
pub async fn create_contact(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(b): Json<ContactEntryBody>,
) -> Result<(StatusCode, Json<ContactEntrySaved>), Problem> {
    let input = ContactInput {
        name: b.name,
        email: b.email,
        phone: b.phone,
        whatsapp: b.whatsapp,
        kind: b.kind,
        role_title: b.role_title,
        outlet_id: b.outlet_id.map(|o| o.to_string()).unwrap_or_default(),
        organisation: b.organisation,
        beats: b.beats,
        regions: b.regions,
        languages: b.languages,
        language: b.language,
        time_zone: b.time_zone,
    };
    let id = state
        .distribution
        .create(
            &bearer.principal,
            &actor(&bearer),
            &input,
            b.confirm_duplicate,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ContactEntrySaved { id: id.get() }),
    ))
}

/// A duplicate to merge into the contact of the path, at the versions read.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactMergeBody {
    /// The duplicate's id; it is merged into the contact of the path.
    pub duplicate: i64,
    /// The kept contact's version as read.
    pub version: i64,
    /// The duplicate's version as read.
    pub duplicate_version: i64,
}

/// Merges a duplicate into this contact: its empty fields are filled from
/// the duplicate, and the duplicate's consent records, subscriptions,
/// notes, deliveries, pitches and invitations move to it (audited on both).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/merge", tag = "contacts",
    params(("id" = i64, Path, description = "The contact kept")),
    request_body = ContactMergeBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Merged; the kept contact as it now is", body = ContactEntryDto),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Either contact does not exist (or was merged or erased)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Either contact changed since the versions given", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The same contact twice, or both linked to journalist accounts", body = Problem, content_type = "application/problem+json")))]
pub async fn merge_contact(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<ContactId>,
    Json(b): Json<ContactMergeBody>,
) -> Result<Json<ContactEntryDto>, Problem> {
    let ids = MergeIds {
        keep: id,
        keep_version: b.version,
        other: ContactId::new(b.duplicate),
        other_version: b.duplicate_version,
    };
    state
        .distribution
        .merge(&bearer.principal, &actor(&bearer), ids)
        .await?;
    let view = state.distribution.view(&bearer.principal, id).await?;
    Ok(Json(dto(&view.contact)))
}
