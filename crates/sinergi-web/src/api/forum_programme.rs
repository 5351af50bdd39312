//! An event's programme and record over JSON: registering (and
//! withdrawing), who registered, the speakers, the minutes and outcomes,
//! and the event's files. The same service and rules as the event page:
//! whoever sees an event may register; its organiser's people keep the
//! rest and see who registered.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use sinergi_domain::EventId;
use sinergi_forums::{Material, Registered, Speaker};
use utoipa::{IntoParams, ToSchema};

use super::auth::Bearer;
use super::dto::rfc3339;
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;
use crate::forums::materials::{AttachError, attach_file};

/// The caller's registration.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationDto {
    /// Registered now, or already before.
    #[schema(example = "registered")]
    pub state: String,
}

/// Registers the token's owner for an event they see (within its capacity,
/// before registration closes). Registering twice changes nothing.
#[utoipa::path(put, path = "/api/v1/events/{id}/registration", tag = "forums",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "`registered`, or `already` when the caller was", body = RegistrationDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may not register for this event", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Registration has closed, the event is cancelled or over, or it is full; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn register(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
) -> Result<Json<RegistrationDto>, Problem> {
    let done = state.forums.register(&bearer.principal, id).await?;
    Ok(Json(RegistrationDto {
        state: match done {
            Registered::Already => "already",
            _ => "registered",
        }
        .to_owned(),
    }))
}

/// Withdraws the token owner's registration.
#[utoipa::path(delete, path = "/api/v1/events/{id}/registration", tag = "forums",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id, or the caller was not registered", body = Problem, content_type = "application/problem+json")))]
pub async fn unregister(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
) -> Result<StatusCode, Problem> {
    if state.forums.unregister(&bearer.principal, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::new(
            StatusCode::NOT_FOUND,
            "the caller was not registered for this event",
        ))
    }
}

/// A person registered for an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrantDto {
    pub name: String,
    pub email: String,
    /// RFC 3339, UTC.
    pub registered_at: String,
}

/// Who registered, for the organiser's people.
#[utoipa::path(get, path = "/api/v1/events/{id}/registrations", tag = "forums",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Everyone registered, in the order they registered", body = [RegistrantDto]),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the organiser's people see who registered", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn registrations(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
) -> Result<Json<Vec<RegistrantDto>>, Problem> {
    let list = state.forums.registrations(&bearer.principal, id).await?;
    Ok(Json(
        list.into_iter()
            .map(|r| RegistrantDto {
                name: r.name,
                email: r.email,
                registered_at: rfc3339(r.registered_at),
            })
            .collect(),
    ))
}

/// A speaker.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SpeakerDto {
    #[schema(example = "Dr. Sari")]
    pub name: String,
    /// Title and institution.
    #[schema(example = "Deputi Bidang RB, Kementerian PANRB")]
    pub role: String,
    pub topic: String,
}

impl From<Speaker> for SpeakerDto {
    fn from(s: Speaker) -> SpeakerDto {
        SpeakerDto {
            name: s.name,
            role: s.role,
            topic: s.topic,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SpeakersBody {
    /// In the order shown; the list replaces the earlier one.
    pub speakers: Vec<SpeakerDto>,
}

/// Replaces an event's speakers.
#[utoipa::path(put, path = "/api/v1/events/{id}/speakers", tag = "forums", request_body = SpeakersBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "The speakers as kept", body = [SpeakerDto]),
        (status = 400, description = "The id is not a whole number or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser keep its programme", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A speaker has no name, a field is too long or holds `|` or a line break, or there are more than 50; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn speakers(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
    Json(body): Json<SpeakersBody>,
) -> Result<Json<Vec<SpeakerDto>>, Problem> {
    let list = body
        .speakers
        .into_iter()
        .map(|s| Speaker {
            name: s.name.trim().to_owned(),
            role: s.role.trim().to_owned(),
            topic: s.topic.trim().to_owned(),
        })
        .collect();
    let kept = state
        .forums
        .set_speaker_list(&bearer.principal, id, list)
        .await?;
    Ok(Json(kept.into_iter().map(SpeakerDto::from).collect()))
}

/// The minutes and outcomes of an event (Markdown).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecordBody {
    pub minutes: String,
    pub outcomes: String,
}

/// Sets the minutes and outcomes, both at once.
#[utoipa::path(put, path = "/api/v1/events/{id}/record", tag = "forums", request_body = RecordBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = RecordBody),
        (status = 400, description = "The id is not a whole number or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser keep its record", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A text is too long or holds a character that is not allowed; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn record(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
    Json(body): Json<RecordBody>,
) -> Result<Json<RecordBody>, Problem> {
    state
        .forums
        .set_record(&bearer.principal, id, &body.minutes, &body.outcomes)
        .await?;
    Ok(Json(body))
}

/// A file of an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct MaterialDto {
    pub media_id: i64,
    pub title: String,
    pub original_name: String,
    pub mime: String,
    pub bytes: i64,
    /// RFC 3339, UTC.
    pub added_at: String,
    /// Where whoever sees the event downloads it.
    pub url: String,
}

pub fn material_dto(m: &Material) -> MaterialDto {
    MaterialDto {
        media_id: m.media_id,
        title: m.title.clone(),
        original_name: m.original_name.clone(),
        mime: m.mime.clone(),
        bytes: m.bytes,
        added_at: rfc3339(m.added_at),
        url: format!("/media/{}", m.media_id),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct MaterialParams {
    /// The file's name, with its extension (`bahan-paparan.pdf`).
    pub filename: String,
    /// Shown to readers; the file's name when left out.
    pub title: String,
}

/// Adds a file to an event's materials: the request body is the file
/// itself, with its type in `Content-Type`. It is checked as every upload
/// is (type read from the bytes, size, images re-encoded) and kept for the
/// organiser.
#[utoipa::path(post, path = "/api/v1/events/{id}/materials", tag = "forums",
    params(("id" = i64, Path), MaterialParams), security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file's bytes"),
    responses(
        (status = 201, description = "Added; the event's materials", body = [MaterialDto]),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser add its files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file is empty, too large, or of a type that is not accepted", body = Problem, content_type = "application/problem+json")))]
pub async fn add_material(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
    Query(q): Query<MaterialParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Vec<MaterialDto>>), Problem> {
    if body.is_empty() {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the request body is empty: send the file's bytes",
        ));
    }
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let list = attach_file(
        &state,
        &bearer.principal,
        id,
        (&body, &q.filename, declared),
        &q.title,
    )
    .await
    .map_err(|e| match e {
        AttachError::Forum(f) => Problem::from(f),
        AttachError::Upload(n) => Problem::from(n),
    })?;
    Ok((
        StatusCode::CREATED,
        Json(list.iter().map(material_dto).collect()),
    ))
}

/// Takes a file off an event's materials.
#[utoipa::path(delete, path = "/api/v1/events/{id}/materials/{media_id}", tag = "forums",
    params(("id" = i64, Path), ("media_id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 204, description = "Taken off"),
        (status = 400, description = "An id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser remove its files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id, or the file is not among its materials", body = Problem, content_type = "application/problem+json")))]
pub async fn remove_material(
    State(state): State<AppState>,
    bearer: Bearer,
    Path((id, media)): Path<(EventId, i64)>,
) -> Result<StatusCode, Problem> {
    if state
        .forums
        .remove_material(&bearer.principal, id, media)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::new(
            StatusCode::NOT_FOUND,
            "this file is not among the event's materials",
        ))
    }
}
