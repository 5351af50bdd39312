//! Pitches over JSON: list a unit's pitches, save one, read it with each
//! recipient's message as it will be sent, send it (once per recipient).
//! The same service and rules as the pages: `manage_contacts` for the
//! pitch's unit; every step is in the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_distribution::{PitchInput, PitchRecord};
use sinergi_store::accounts::audit::Actor;
use utoipa::ToSchema;

use super::auth::Bearer;
use super::extract::{Json, Path};
use super::problem::Problem;
use crate::AppState;

fn actor(bearer: &Bearer) -> Actor {
    Actor {
        user_id: Some(bearer.user_id),
        label: bearer.email.clone(),
        ip: None,
    }
}

/// A pitch: a message from a unit to chosen contacts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PitchDto {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub release_id: Option<i64>,
    /// With merge fields `{nama}`, `{media}`, `{jabatan}`.
    pub subject: String,
    pub body: String,
    /// The officer's address, given as Reply-To.
    pub reply_to: String,
    pub recipients: i64,
    pub created_at: i64,
    /// Microseconds since 1970; absent for a draft.
    pub sent_at: Option<i64>,
    pub version: i64,
}

fn dto(p: &PitchRecord) -> PitchDto {
    PitchDto {
        id: p.id,
        unit_code: p.unit_code.clone(),
        unit_name: p.unit_name.clone(),
        release_id: p.release_id,
        subject: p.subject.clone(),
        body: p.body.clone(),
        reply_to: p.reply_to.clone(),
        recipients: p.recipients,
        created_at: p.created_at,
        sent_at: p.sent_at,
        version: p.version,
    }
}

/// One recipient's message as it will be (or was) sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct PitchPreviewDto {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    /// Why nothing is sent to them (`pitch-skip-no-email`, `pitch-skip-no-consent`, `pitch-skip-erased`).
    pub skipped: Option<String>,
    pub sent_at: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PitchDetailDto {
    pub pitch: PitchDto,
    pub previews: Vec<PitchPreviewDto>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PitchBody {
    /// The unit it comes from (where the token's owner keeps contacts).
    pub unit: String,
    /// A release the public can read now, linked and quoted.
    pub release_id: Option<i64>,
    pub subject: String,
    pub body: String,
    pub recipients: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PitchSaved {
    pub id: i64,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PitchSendBody {
    /// The version previewed; a pitch changed since is refused (409).
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PitchSentDto {
    /// Messages queued now (0 when it was sent before).
    pub queued: u32,
}

/// The pitches of the units where the token's owner keeps contacts.
#[utoipa::path(get, path = "/api/v1/pitches", tag = "contacts", operation_id = "list_pitches",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pitches, newest first", body = [PitchDto]),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json")))]
pub async fn list_pitches(
    State(state): State<AppState>,
    bearer: Bearer,
) -> Result<Json<Vec<PitchDto>>, Problem> {
    let pitches = state.distribution.pitches(&bearer.principal).await?;
    Ok(Json(pitches.iter().map(dto).collect()))
}

/// Saves a draft pitch.
#[utoipa::path(post, path = "/api/v1/pitches", tag = "contacts", operation_id = "create_pitch",
    request_body = PitchBody, security(("bearer" = [])),
    responses(
        (status = 201, description = "The pitch was saved as a draft", body = PitchSaved),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts for that unit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields are not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn create_pitch(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(b): Json<PitchBody>,
) -> Result<(StatusCode, Json<PitchSaved>), Problem> {
    let input = PitchInput {
        unit: b.unit,
        release: b.release_id.map(|r| r.to_string()).unwrap_or_default(),
        subject: b.subject,
        body: b.body,
        recipients: b.recipients.iter().map(|r| r.to_string()).collect(),
    };
    let id = state
        .distribution
        .create_pitch(&bearer.principal, &actor(&bearer), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(PitchSaved { id })))
}

/// A pitch with each recipient's message.
#[utoipa::path(get, path = "/api/v1/pitches/{id}", tag = "contacts", operation_id = "get_pitch",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "The pitch and each recipient's message", body = PitchDetailDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No pitch of the token owner's units has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn get_pitch(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
) -> Result<Json<PitchDetailDto>, Problem> {
    let view = state.distribution.pitch_view(&bearer.principal, id).await?;
    Ok(Json(PitchDetailDto {
        pitch: dto(&view.pitch),
        previews: view
            .previews
            .into_iter()
            .map(|p| PitchPreviewDto {
                contact_id: p.contact_id,
                name: p.name,
                email: p.email,
                subject: p.subject,
                body: p.body,
                skipped: p.skipped.map(str::to_owned),
                sent_at: p.sent_at,
            })
            .collect(),
    }))
}

/// Sends a pitch: one message per recipient it may reach, exactly once.
#[utoipa::path(post, path = "/api/v1/pitches/{id}/send", tag = "contacts", operation_id = "send_pitch",
    params(("id" = i64, Path)), request_body = PitchSendBody, security(("bearer" = [])),
    responses(
        (status = 200, description = "Queued (0 when sent before)", body = PitchSentDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No pitch of the token owner's units has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The pitch was changed since that version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The linked release is no longer public", body = Problem, content_type = "application/problem+json")))]
pub async fn send_pitch(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(b): Json<PitchSendBody>,
) -> Result<Json<PitchSentDto>, Problem> {
    let queued = state
        .distribution
        .send_pitch(&bearer.principal, &actor(&bearer), id, b.version)
        .await?;
    Ok(Json(PitchSentDto { queued }))
}
