//! Forums and events over JSON: events and series, attendance, commitments
//! with their derived fulfilment, and closing a commitment with evidence.
//! The same service and rules as the pages: public events are read by
//! anyone; internal ones by the people of the organiser and the invited
//! units (with a token); writes need a token with the right.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_domain::{CommitmentId, EventId, SeriesId, UnitCode};
use sinergi_forums::{
    CloseInput, CommitmentInput, CommitmentView, EventFilter, EventInput, EventRecord, ForumError,
    SeriesInput,
};
use utoipa::{IntoParams, ToSchema};

use super::auth::{Bearer, MaybeBearer};
use super::dto::rfc3339;
use super::extract::{Json, Path, Query};
use super::input::{required_version, unit_code};
use super::problem::Problem;
use crate::AppState;

impl From<ForumError> for Problem {
    fn from(e: ForumError) -> Problem {
        match e {
            ForumError::NotFound(w) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
            }
            ForumError::NotAllowed => Problem::new(
                StatusCode::FORBIDDEN,
                "your token's rights do not reach this unit for this",
            ),
            ForumError::Invalid(problems) => {
                Problem::invalid(problems.iter().map(|x| (x.field, x.key)))
            }
            ForumError::Stale(m) => Problem::new(StatusCode::CONFLICT, m),
            ForumError::Store(s) => Problem::from(s),
        }
    }
}

/// An event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    /// The iCalendar UID: stable across edits.
    pub uid: String,
    pub series_id: Option<i64>,
    pub series_title: Option<String>,
    pub organiser_code: String,
    pub organiser_name: String,
    /// forum, workshop, press_briefing, press_conference, coordination_meeting or media_gathering.
    pub kind: String,
    pub title: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    /// The venue's zone: WIB, WITA or WIT.
    pub zone: String,
    /// Start in the venue's local time (YYYY-MM-DDTHH:MM).
    pub starts_local: String,
    pub ends_local: String,
    pub venue_code: Option<String>,
    pub venue_name: Option<String>,
    pub address: String,
    pub online_url: String,
    /// Markdown.
    pub agenda: String,
    pub capacity: Option<i64>,
    pub registration_closes_at: Option<String>,
    /// public or internal.
    pub visibility: String,
    /// scheduled or cancelled.
    pub status: String,
    /// The iCalendar SEQUENCE.
    pub sequence: i64,
    pub version: i64,
    pub invited: Vec<String>,
    /// The event's page.
    pub url: String,
    /// Its iCalendar file.
    pub ics_url: String,
}

fn event_dto(e: &EventRecord) -> EventDto {
    EventDto {
        id: e.id.get(),
        uid: e.uid.clone(),
        series_id: e.series_id.map(SeriesId::get),
        series_title: e.series_title.clone(),
        organiser_code: e.organiser_code.to_string(),
        organiser_name: e.organiser_name.clone(),
        kind: e.kind.as_str().to_owned(),
        title: e.title.clone(),
        starts_at: rfc3339(e.starts_at),
        ends_at: rfc3339(e.ends_at),
        zone: e.zone.abbreviation().to_owned(),
        starts_local: sinergi_forums::local_input(e.starts_at, e.zone),
        ends_local: sinergi_forums::local_input(e.ends_at, e.zone),
        venue_code: e.venue_code.as_ref().map(|c| c.to_string()),
        venue_name: e.venue_name.clone(),
        address: e.address.clone(),
        online_url: e.online_url.clone(),
        agenda: e.agenda_md.clone(),
        capacity: e.capacity,
        registration_closes_at: e.registration_closes_at.map(rfc3339),
        visibility: e.visibility.as_str().to_owned(),
        status: e.status.as_str().to_owned(),
        sequence: e.sequence,
        version: e.version,
        invited: e.invited.iter().map(|c| c.to_string()).collect(),
        url: format!("/forums/{}", e.id),
        ics_url: format!("/forums/{}/calendar.ics", e.id),
    }
}

/// An event as its organiser writes it. Times are local at the venue.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EventBody {
    #[schema(example = "kemenpanrb")]
    pub organiser: String,
    pub series_id: Option<i64>,
    #[schema(example = "workshop")]
    pub kind: String,
    pub title: String,
    /// Local time at the venue: YYYY-MM-DDTHH:MM.
    #[schema(example = "2026-06-04T09:00")]
    pub starts: String,
    /// Local time at the venue; two hours after the start when empty.
    pub ends: String,
    /// WIB, WITA or WIT; the venue's (or the organiser's) zone when empty.
    pub zone: String,
    /// The region of the venue (a unit code).
    pub venue: String,
    pub address: String,
    pub online_url: String,
    /// Markdown.
    pub agenda: String,
    pub capacity: Option<i64>,
    /// Local time at the venue.
    pub registration_closes: String,
    /// public (default) or internal.
    pub visibility: String,
    pub invited: Vec<String>,
    /// Also invite every unit directly below the organiser.
    pub invite_children: bool,
    /// E-mail addresses of contacts in the contact base to invite too;
    /// they (and the invited units' officers) receive the invitation and
    /// every update with the .ics attached.
    pub invited_contacts: Vec<String>,
    /// For changes: the version the change is based on.
    pub version: Option<i64>,
}

impl EventBody {
    fn input(&self) -> EventInput {
        EventInput {
            organiser: self.organiser.clone(),
            series: self.series_id.map(|s| s.to_string()).unwrap_or_default(),
            kind: self.kind.clone(),
            title: self.title.clone(),
            starts: self.starts.clone(),
            ends: self.ends.clone(),
            zone: self.zone.clone(),
            venue: self.venue.clone(),
            address: self.address.clone(),
            online_url: self.online_url.clone(),
            agenda: self.agenda.clone(),
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            registration_closes: self.registration_closes.clone(),
            visibility: self.visibility.clone(),
            invited: self.invited.clone(),
            invite_children: self.invite_children,
            invited_contacts: self.invited_contacts.join("\n"),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventSaved {
    pub id: i64,
    pub version: i64,
    pub sequence: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// Only events of this series.
    pub series: Option<i64>,
    /// Only events organised by this unit or a unit below it.
    pub organiser: Option<String>,
    /// Only events that have not ended.
    pub upcoming: Option<bool>,
    /// At most this many (1 to 1000; 100 by default).
    pub limit: Option<i64>,
}

/// Events the caller sees, soonest first.
#[utoipa::path(get, operation_id = "list_events", path = "/api/v1/events", tag = "forums", params(EventParams),
    responses(
        (status = 200, description = "Events, soonest first", body = [EventDto]),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Query(q): Query<EventParams>,
) -> Result<Json<Vec<EventDto>>, Problem> {
    let organiser = q.organiser.as_deref().map(unit_code).transpose()?;
    let events = state
        .forums
        .list(
            &principal,
            &EventFilter {
                series: q.series.map(SeriesId::new),
                organiser_within: organiser,
                ends_after: q.upcoming.filter(|u| *u).map(|_| state.forums.now()),
                limit: q.limit.unwrap_or(100),
                ..Default::default()
            },
        )
        .await?;
    Ok(Json(events.iter().map(event_dto).collect()))
}

/// Records an event.
#[utoipa::path(post, operation_id = "create_event", path = "/api/v1/events", tag = "forums", request_body = EventBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The event was recorded", body = EventSaved),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser record its events", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(body): Json<EventBody>,
) -> Result<(StatusCode, Json<EventSaved>), Problem> {
    let e = state
        .forums
        .create(&bearer.principal, &body.input())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EventSaved {
            id: e.id.get(),
            version: e.version,
            sequence: e.sequence,
        }),
    ))
}

/// A commitment with its fulfilment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentDto {
    pub id: i64,
    pub event_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    /// replicate or other.
    pub kind: String,
    pub what: String,
    pub for_units: Vec<String>,
    pub due_at: String,
    /// pending, partial or fulfilled: derived for `replicate`, closed by hand otherwise.
    pub state: String,
    pub overdue: bool,
    /// For `replicate`: the promised units that attended.
    pub reached: Vec<String>,
    /// When it was fulfilled (the start of the event that completed it) or closed.
    pub fulfilled_at: Option<String>,
    pub evidence_url: Option<String>,
    pub evidence_release_id: Option<i64>,
    /// Seeded as an example.
    pub example: bool,
}

fn commitment_dto(c: &CommitmentView) -> CommitmentDto {
    let r = &c.record;
    CommitmentDto {
        id: r.id.get(),
        event_id: r.event_id.get(),
        unit_code: r.unit_code.to_string(),
        unit_name: r.unit_name.clone(),
        kind: r.kind.as_str().to_owned(),
        what: r.what.clone(),
        for_units: r.for_units.iter().map(|u| u.to_string()).collect(),
        due_at: rfc3339(r.due_at),
        state: c.state.as_str().to_owned(),
        overdue: c.overdue,
        reached: c
            .fulfilment
            .as_ref()
            .map(|f| f.reached.iter().map(|u| u.to_string()).collect())
            .unwrap_or_default(),
        fulfilled_at: c
            .fulfilment
            .as_ref()
            .and_then(|f| f.fulfilled_at)
            .or(r.closed_at)
            .map(rfc3339),
        evidence_url: r.evidence_url.clone(),
        evidence_release_id: r.evidence_release_id.map(|id| id.get()),
        example: r.example,
    }
}

/// An event with who attended and what was promised there.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDetailDto {
    pub event: EventDto,
    /// Units present.
    pub attended: Vec<String>,
    pub commitments: Vec<CommitmentDto>,
    /// Public releases that report it.
    pub release_ids: Vec<i64>,
    pub speakers: Vec<super::forum_programme::SpeakerDto>,
    /// Markdown.
    pub minutes: String,
    /// Markdown.
    pub outcomes: String,
    /// How many registered.
    pub registered: i64,
    /// The caller is registered.
    pub registered_self: bool,
    /// Registration is open now.
    pub registration_open: bool,
    pub materials: Vec<super::forum_programme::MaterialDto>,
}

/// An event with its attendance and commitments.
#[utoipa::path(get, operation_id = "get_event", path = "/api/v1/events/{id}", tag = "forums", params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The event", body = EventDetailDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<EventId>,
) -> Result<Json<EventDetailDto>, Problem> {
    let v = state.forums.event(&principal, id).await?;
    Ok(Json(EventDetailDto {
        event: event_dto(&v.event),
        attended: v
            .attendance
            .iter()
            .map(|a| a.unit_code.to_string())
            .collect(),
        commitments: v.commitments.iter().map(commitment_dto).collect(),
        release_ids: v.releases.iter().map(|r| r.release_id.get()).collect(),
        speakers: v.speakers.into_iter().map(Into::into).collect(),
        minutes: v.minutes_md,
        outcomes: v.outcomes_md,
        registered: v.registered,
        registered_self: v.registered_self,
        registration_open: v.registration_open,
        materials: v
            .materials
            .iter()
            .map(super::forum_programme::material_dto)
            .collect(),
    }))
}

/// Changes an event over `version` (409 when someone saved since). A
/// change of title, time, place or agenda raises its iCalendar SEQUENCE.
#[utoipa::path(put, operation_id = "update_event", path = "/api/v1/events/{id}", tag = "forums", request_body = EventBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = EventSaved),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `version` is missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser change its events", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
    Json(body): Json<EventBody>,
) -> Result<Json<EventSaved>, Problem> {
    let version = required_version(body.version)?;
    let e = state
        .forums
        .update(&bearer.principal, id, version, &body.input())
        .await?;
    Ok(Json(EventSaved {
        id: e.id.get(),
        version: e.version,
        sequence: e.sequence,
    }))
}

/// Cancels an event (it stays on record; calendars get STATUS:CANCELLED).
#[utoipa::path(post, path = "/api/v1/events/{id}/cancellation", tag = "forums",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Cancelled", body = EventSaved),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser cancel its events", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn cancel(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
) -> Result<Json<EventSaved>, Problem> {
    let e = state.forums.cancel(&bearer.principal, id).await?;
    Ok(Json(EventSaved {
        id: e.id.get(),
        version: e.version,
        sequence: e.sequence,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AttendanceBody {
    /// The invited units present; the other invited units are recorded absent.
    pub present: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceSaved {
    pub recorded: usize,
    pub withdrawn: usize,
}

/// Sets the attendance list of an event.
#[utoipa::path(put, path = "/api/v1/events/{id}/attendance", tag = "forums", request_body = AttendanceBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = AttendanceSaved),
        (status = 400, description = "The id is not a whole number, a unit code is malformed, or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser take attendance", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A unit is not invited, or the event is cancelled; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn attendance(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
    Json(body): Json<AttendanceBody>,
) -> Result<Json<AttendanceSaved>, Problem> {
    let present = body
        .present
        .iter()
        .map(|c| unit_code(c))
        .collect::<Result<Vec<UnitCode>, _>>()?;
    let (recorded, withdrawn) = state
        .forums
        .take_attendance(&bearer.principal, id, &present)
        .await?;
    Ok(Json(AttendanceSaved {
        recorded,
        withdrawn,
    }))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CommitmentBody {
    /// The unit that promises.
    pub unit: String,
    /// replicate or other.
    pub kind: String,
    pub what: String,
    pub for_units: Vec<String>,
    /// Also every unit directly below the promising unit.
    pub for_children: bool,
    /// YYYY-MM-DD, the end of that day in the unit's zone.
    pub due_on: String,
}

/// Records a commitment made at an event.
#[utoipa::path(post, path = "/api/v1/events/{id}/commitments", tag = "forums", request_body = CommitmentBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded", body = CommitmentDto),
        (status = 400, description = "The id is not a whole number, or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the organiser or the promising unit record commitments", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No event the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn add_commitment(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<EventId>,
    Json(body): Json<CommitmentBody>,
) -> Result<(StatusCode, Json<CommitmentDto>), Problem> {
    let input = CommitmentInput {
        unit: body.unit,
        kind: body.kind,
        what: body.what,
        for_units: body.for_units,
        for_children: body.for_children,
        due_on: body.due_on,
    };
    let c = state
        .forums
        .record_commitment(&bearer.principal, id, &input)
        .await?;
    let view = state.forums.event(&bearer.principal, id).await?;
    let made = view
        .commitments
        .iter()
        .find(|v| v.record.id == c.id)
        .ok_or_else(|| Problem::from(ForumError::NotFound(format!("commitment {}", c.id))))?;
    Ok((StatusCode::CREATED, Json(commitment_dto(made))))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloseBody {
    pub evidence_url: String,
    /// A published release.
    pub evidence_release_id: Option<i64>,
    pub note: String,
}

/// Closes a commitment that is not derived, with evidence (audited).
#[utoipa::path(post, path = "/api/v1/commitments/{id}/closure", tag = "forums", request_body = CloseBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Closed", body = CommitmentSaved),
        (status = 400, description = "The id is not a whole number, or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only editors of the promising unit or of the organiser close commitments", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No commitment the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No evidence, a derived commitment, or closed already; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn close_commitment(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<CommitmentId>,
    Json(body): Json<CloseBody>,
) -> Result<Json<CommitmentSaved>, Problem> {
    let input = CloseInput {
        evidence_url: body.evidence_url,
        evidence_release: body
            .evidence_release_id
            .map(|r| r.to_string())
            .unwrap_or_default(),
        evidence_media: None,
        note: body.note,
    };
    let c = state
        .forums
        .close_commitment(&bearer.principal, id, &input)
        .await?;
    Ok(Json(CommitmentSaved {
        id: c.id.get(),
        closed_at: c.closed_at.map(rfc3339),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentSaved {
    pub id: i64,
    pub closed_at: Option<String>,
}

/// A series.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesDto {
    pub id: i64,
    pub owner_code: String,
    pub owner_name: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub ics_url: String,
}

fn series_dto(s: &sinergi_forums::SeriesRecord) -> SeriesDto {
    SeriesDto {
        id: s.id.get(),
        owner_code: s.owner_code.to_string(),
        owner_name: s.owner_name.clone(),
        title: s.title.clone(),
        description: s.description_md.clone(),
        url: format!("/forums/series/{}", s.id),
        ics_url: format!("/forums/series/{}/calendar.ics", s.id),
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SeriesBody {
    pub owner: String,
    pub title: String,
    pub description: String,
}

/// Every series, newest first.
#[utoipa::path(get, path = "/api/v1/series", tag = "forums",
    responses((status = 200, description = "Series, newest first", body = [SeriesDto])))]
pub async fn series_list(State(state): State<AppState>) -> Result<Json<Vec<SeriesDto>>, Problem> {
    let list = state.forums.series_list().await?;
    Ok(Json(list.iter().map(series_dto).collect()))
}

/// Starts a series.
#[utoipa::path(post, path = "/api/v1/series", tag = "forums", request_body = SeriesBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = SeriesDto),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who draft for the owner start its series", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn create_series(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(body): Json<SeriesBody>,
) -> Result<(StatusCode, Json<SeriesDto>), Problem> {
    let s = state
        .forums
        .create_series(
            &bearer.principal,
            &SeriesInput {
                owner: body.owner,
                title: body.title,
                description: body.description,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(series_dto(&s))))
}

/// Reach summed over commitments to replicate.
#[derive(Debug, Serialize, ToSchema)]
pub struct TallyDto {
    pub unit_code: Option<String>,
    pub commitments: i64,
    pub fulfilled: i64,
    /// Promised units that attended.
    pub reached: i64,
    /// Units promised.
    pub total: i64,
}

/// A series with its events, commitments and cascade.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesDetailDto {
    pub series: SeriesDto,
    pub events: Vec<EventDto>,
    pub commitments: Vec<CommitmentDto>,
    pub totals: TallyDto,
    /// Per province: its own commitments and those below it.
    pub provinces: Vec<TallyDto>,
}

fn tally(unit: Option<String>, t: &sinergi_forums::Tally) -> TallyDto {
    TallyDto {
        unit_code: unit,
        commitments: t.commitments,
        fulfilled: t.fulfilled,
        reached: t.reached,
        total: t.total,
    }
}

/// A series: every event the caller sees, its commitments with their
/// derived fulfilment, and how far it cascaded per province.
#[utoipa::path(get, path = "/api/v1/series/{id}", tag = "forums", params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The series", body = SeriesDetailDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No series has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn series(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<SeriesId>,
) -> Result<Json<SeriesDetailDto>, Problem> {
    let v = state.forums.series(&principal, id).await?;
    Ok(Json(SeriesDetailDto {
        series: series_dto(&v.series),
        events: v.events.iter().map(|(e, _)| event_dto(e)).collect(),
        commitments: v.commitments.iter().map(commitment_dto).collect(),
        totals: tally(None, &v.totals),
        provinces: v
            .provinces()
            .iter()
            .map(|(code, _, t)| tally(Some(code.to_string()), t))
            .collect(),
    }))
}
