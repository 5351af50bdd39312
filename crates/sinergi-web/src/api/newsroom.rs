//! The newsroom over JSON: the register, releases and their workflow, the
//! publication gap and the work panel. The same service and rules as the
//! pages. Reading public releases and items needs no token; a bearer token
//! adds what its owner may see and do.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::{ItemKind, ReleaseOp, ReleaseState, Timing};
use sinergi_newsroom::{DiffPart, ItemInput, NewsroomError, ReleaseInput, ReleaseView, WorkPanel};
use sinergi_store::newsroom::{
    GapCounts, GapItem, ItemQuery, ItemRecord, ReleaseBrief, ReleaseQuery,
};
use utoipa::{IntoParams, ToSchema};

use super::auth::{Bearer, MaybeBearer};
use super::dto::rfc3339;
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;

fn field_message(key: &str) -> &'static str {
    match key {
        "field-required" => "this field is required",
        "field-too-long" => "this field is too long",
        "field-control-chars" => {
            "this field holds a control character that cannot be shown; remove it"
        }
        "date-in-future" => "the date is in the future",
        "date-invalid" => "write the date as YYYY-MM-DD",
        "url-invalid" => "give an http:// or https:// address",
        "category-unknown" => "unknown category; see /api/v1/categories",
        "stage-unknown" => "the stage is trial, implemented or replicated",
        "tags-invalid" => "at most 12 tags of at most 40 characters",
        "not-an-innovation" => "only innovations can be replicated",
        "replicate-own" => "a unit does not replicate its own innovation",
        "language-unknown" => "the language is id or en",
        "item-not-linkable" => {
            "an item is unknown or belongs to a unit outside this release's unit"
        }
        "media-not-linkable" => "a media file is unknown or was uploaded by another unit",
        "op-unknown" => "unknown operation",
        "amplify-not-public" => "only a published release can be amplified",
        "amplify-own" => "a unit does not amplify its own release",
        "amplify-amplification" => "amplify the original, not an amplification",
        "category-key-invalid" => "use 2–40 lower-case letters, digits and hyphens",
        _ => "this value is not valid",
    }
}

/// The service's refusals as problem details.
pub fn newsroom_problem(e: NewsroomError) -> Problem {
    match e {
        NewsroomError::NotFound(w) => {
            Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
        }
        NewsroomError::NotAllowed => Problem::new(
            StatusCode::FORBIDDEN,
            "your token's owner or rights do not allow this",
        ),
        NewsroomError::Invalid(problems) => {
            Problem::invalid(problems.iter().map(|x| (x.field, x.key)), field_message)
        }
        NewsroomError::Stale(m) => Problem::new(StatusCode::CONFLICT, m),
        NewsroomError::Workflow(w) => Problem::new(StatusCode::CONFLICT, w.to_string()),
        NewsroomError::Upload(u) => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, u.message("en")),
        NewsroomError::Store(s) => Problem::from(s),
        NewsroomError::Files(f) => {
            tracing::error!(error = %f, "media files");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "an internal error occurred; it has been logged",
            )
        }
    }
}

fn unit_code(s: &str) -> Result<UnitCode, Problem> {
    UnitCode::parse(s).map_err(|e| Problem::bad_request(e.to_string()))
}

/// A release in a listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReleaseBriefDto {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub title: String,
    pub lead: String,
    /// draft, in_review, approved, scheduled, embargoed, published, corrected or withdrawn.
    pub status: String,
    /// When it is (or becomes) public, RFC 3339.
    pub public_at: Option<String>,
    pub tags: Vec<String>,
    /// The release this one amplifies.
    pub amplifies_id: Option<i64>,
    pub version: i64,
    /// Its public address.
    pub url: String,
}

fn brief_dto(b: &ReleaseBrief, now: i64) -> ReleaseBriefDto {
    ReleaseBriefDto {
        id: b.id,
        unit_code: b.unit_code.clone(),
        unit_name: b.unit_name.clone(),
        title: b.title.clone(),
        lead: b.lead.clone(),
        status: sinergi_newsroom::status_at(b.state, b.public_at, b.embargo, b.corrections, now)
            .to_owned(),
        public_at: b.public_at.map(rfc3339),
        tags: b.tags.clone(),
        amplifies_id: b.amplifies_id,
        version: b.version,
        url: format!("/releases/{}-{}", b.id, b.slug),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReleasePageDto {
    pub items: Vec<ReleaseBriefDto>,
    pub next_cursor: Option<String>,
}

/// One release as the caller may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReleaseDto {
    #[serde(flatten)]
    pub brief: ReleaseBriefDto,
    /// internal, public, embargoed (an accredited journalist before the
    /// embargo lifts) or notice (withdrawn: title and note only).
    pub access: String,
    pub language: String,
    /// The Markdown source (internal readers only).
    pub body_markdown: Option<String>,
    /// Sanitised HTML.
    pub body_html: String,
    pub item_ids: Vec<i64>,
    pub media_ids: Vec<i64>,
    pub amplified_by: Vec<String>,
    /// Public correction notes, oldest first.
    pub corrections: Vec<String>,
    pub withdrawal_note: Option<String>,
    /// Operations the caller may apply now.
    pub allowed: Vec<String>,
    /// Internal readers: the comments, oldest first.
    pub comments: Vec<String>,
    pub revisions: Vec<i64>,
}

fn release_dto(v: &ReleaseView, now: i64) -> ReleaseDto {
    let r = &v.release;
    let internal = v.access == sinergi_newsroom::AccessLevel::Internal;
    let brief = ReleaseBrief {
        id: r.id,
        unit_code: r.unit_code.to_string(),
        unit_name: r.unit_name.clone(),
        slug: r.slug.clone(),
        title: r.title.clone(),
        lead: r.lead.clone(),
        state: r.state,
        public_at: r.public_at,
        embargo: r.embargo,
        updated_at: r.updated_at,
        amplifies_id: r.amplifies_id,
        corrections: r.corrections,
        version: r.version,
        tags: r.tags.clone(),
    };
    ReleaseDto {
        brief: brief_dto(&brief, now),
        access: serde_json::to_value(v.access)
            .ok()
            .and_then(|x| x.as_str().map(str::to_owned))
            .unwrap_or_default(),
        language: r.language.clone(),
        body_markdown: internal.then(|| r.body_md.clone()),
        body_html: r.body_html.clone(),
        item_ids: v.items.iter().map(|i| i.id).collect(),
        media_ids: v.media.iter().map(|m| m.id).collect(),
        amplified_by: v
            .amplifications
            .iter()
            .map(|a| a.unit_code.clone())
            .collect(),
        corrections: v.corrections.iter().map(|c| c.note.clone()).collect(),
        withdrawal_note: (r.state == ReleaseState::Withdrawn)
            .then(|| r.withdrawal_note.clone().unwrap_or_default()),
        allowed: v.allowed.iter().map(|s| (*s).to_owned()).collect(),
        comments: v.comments.iter().map(|c| c.body.clone()).collect(),
        revisions: v.revisions.iter().map(|x| x.version).collect(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReleaseListParams {
    /// The unit whose releases to list.
    pub unit: String,
    /// Include the units below it.
    #[serde(default)]
    pub subtree: bool,
    /// Internal readers: only this state (draft, in_review, approved, released, withdrawn).
    pub state: Option<String>,
    pub tag: Option<String>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Releases of a unit: the published ones, or for the unit's own readers
/// (with a token) any state.
#[utoipa::path(get, path = "/api/v1/releases", tag = "newsroom", params(ReleaseListParams),
    responses(
        (status = 200, description = "A page of releases, newest first", body = ReleasePageDto),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn list_releases(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Query(p): Query<ReleaseListParams>,
) -> Result<Json<ReleasePageDto>, Problem> {
    let states = match p.state.as_deref() {
        Some(s) => vec![s.parse::<ReleaseState>().map_err(Problem::bad_request)?],
        None => vec![],
    };
    let q = ReleaseQuery {
        unit: Some(unit_code(&p.unit)?),
        with_subtree: p.subtree,
        states,
        public_by: None,
        tag: p.tag,
        limit: p.limit.unwrap_or(20),
        cursor: p.cursor,
    };
    let page = state
        .newsroom
        .releases(&principal, q)
        .await
        .map_err(newsroom_problem)?;
    let now = state.newsroom.now();
    Ok(Json(ReleasePageDto {
        items: page.items.iter().map(|b| brief_dto(b, now)).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A release to create or save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReleaseBody {
    /// The owning unit (when creating).
    pub unit: Option<String>,
    /// The version the change is based on (when saving).
    pub version: Option<i64>,
    pub title: String,
    pub lead: String,
    /// Markdown.
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub language: String,
    /// Achievements and innovations the release reports.
    #[serde(default)]
    pub item_ids: Vec<i64>,
    #[serde(default)]
    pub media_ids: Vec<i64>,
    /// Saving a published release is a correction and needs this public note.
    pub correction_note: Option<String>,
}

impl ReleaseBody {
    fn input(&self) -> ReleaseInput {
        ReleaseInput {
            title: self.title.clone(),
            lead: self.lead.clone(),
            body: self.body.clone(),
            tags: self.tags.join(","),
            language: self.language.clone(),
            item_ids: self.item_ids.clone(),
            media: self
                .media_ids
                .iter()
                .map(|id| (*id, String::new()))
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Saved {
    pub id: i64,
    pub version: i64,
}

/// Creates a draft.
#[utoipa::path(post, path = "/api/v1/releases", tag = "newsroom", request_body = ReleaseBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The draft was created", body = Saved),
        (status = 400, description = "The body is not valid JSON, or `unit` is missing or not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not draft for this unit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn create_release(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(body): Json<ReleaseBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let unit = unit_code(
        body.unit
            .as_deref()
            .ok_or_else(|| Problem::bad_request("`unit` is required"))?,
    )?;
    let id = state
        .newsroom
        .create_release(&bearer.principal, &unit, &body.input())
        .await
        .map_err(newsroom_problem)?;
    Ok((StatusCode::CREATED, Json(Saved { id, version: 1 })))
}

/// One release.
#[utoipa::path(get, path = "/api/v1/releases/{id}", tag = "newsroom",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The release as the caller may see it", body = ReleaseDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No release with this id is visible to the caller", body = Problem, content_type = "application/problem+json")))]
pub async fn show_release(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<i64>,
) -> Result<Json<ReleaseDto>, Problem> {
    let view = state
        .newsroom
        .release_view(&principal, id)
        .await
        .map_err(newsroom_problem)?;
    Ok(Json(release_dto(&view, state.newsroom.now())))
}

/// Saves new content over `version` (409 when someone saved since); on a
/// published release, a correction with `correction_note`.
#[utoipa::path(put, path = "/api/v1/releases/{id}", tag = "newsroom", request_body = ReleaseBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved; the new version", body = Saved),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `version` is missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not change this release", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No release with this id is visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `version`, or the release's state does not allow this", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn save_release(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<ReleaseBody>,
) -> Result<Json<Saved>, Problem> {
    let version = body.version.ok_or_else(|| {
        Problem::bad_request("`version` is required: the version your change is based on")
    })?;
    let n = &state.newsroom;
    let saved = match &body.correction_note {
        Some(note) => {
            n.correct_release(&bearer.principal, id, version, &body.input(), note)
                .await
        }
        None => {
            n.save_release(&bearer.principal, id, version, &body.input())
                .await
        }
    }
    .map_err(newsroom_problem)?;
    Ok(Json(Saved { id, version: saved }))
}

/// A workflow move.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveBody {
    /// submit, return, approve, reopen, release, unschedule or withdraw.
    pub op: String,
    /// The version the move is based on.
    pub version: i64,
    /// For `release`: now (default), scheduled or embargo.
    pub mode: Option<String>,
    /// For scheduled and embargo: when it becomes public, RFC 3339.
    pub at: Option<String>,
    /// Required to withdraw; shown publicly.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MovedDto {
    pub id: i64,
    /// draft, in_review, approved, released or withdrawn.
    pub state: String,
}

fn parse_op(body: &MoveBody) -> Result<ReleaseOp, Problem> {
    let at = || -> Result<i64, Problem> {
        let raw = body
            .at
            .as_deref()
            .ok_or_else(|| Problem::bad_request("`at` is required for scheduled and embargo"))?;
        raw.parse::<jiff::Timestamp>()
            .map(|t| t.as_microsecond())
            .map_err(|_| {
                Problem::bad_request(format!(
                    "`at` must be an RFC 3339 time such as 2026-06-04T09:00:00+08:00, not `{raw}`"
                ))
            })
    };
    Ok(match body.op.as_str() {
        "submit" => ReleaseOp::Submit,
        "return" => ReleaseOp::Return,
        "approve" => ReleaseOp::Approve,
        "reopen" => ReleaseOp::Reopen,
        "unschedule" => ReleaseOp::Unschedule,
        "withdraw" => ReleaseOp::Withdraw,
        "release" => match body.mode.as_deref().unwrap_or("now") {
            "now" => ReleaseOp::Release(Timing::Now),
            "scheduled" => ReleaseOp::Release(Timing::Scheduled { at: at()? }),
            "embargo" => ReleaseOp::Release(Timing::Embargo { until: at()? }),
            other => {
                return Err(Problem::bad_request(format!(
                    "unknown mode `{other}`: use now, scheduled or embargo"
                )));
            }
        },
        other => {
            return Err(Problem::bad_request(format!(
                "unknown op `{other}`: use submit, return, approve, reopen, release, unschedule or withdraw"
            )));
        }
    })
}

/// Moves a release along its workflow.
#[utoipa::path(post, path = "/api/v1/releases/{id}/transitions", tag = "newsroom", request_body = MoveBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "The release's new state", body = MovedDto),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `op`, `mode` or `at` is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not make this move", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No release with this id is visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `version`, or the release's state does not allow this move", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn move_release(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<MoveBody>,
) -> Result<Json<MovedDto>, Problem> {
    let op = parse_op(&body)?;
    let to = state
        .newsroom
        .move_release(&bearer.principal, id, body.version, op, &body.note)
        .await
        .map_err(newsroom_problem)?;
    Ok(Json(MovedDto {
        id,
        state: to.as_str().to_owned(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    pub body: String,
}

/// Comments on a release (its unit's people).
#[utoipa::path(post, path = "/api/v1/releases/{id}/comments", tag = "newsroom", request_body = CommentBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 201, description = "The comment was added", body = Saved),
        (status = 400, description = "The id is not a whole number, or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the release's unit's people comment on it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No release with this id is visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn comment(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<CommentBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let cid = state
        .newsroom
        .comment_on_release(&bearer.principal, id, &body.body)
        .await
        .map_err(newsroom_problem)?;
    Ok((
        StatusCode::CREATED,
        Json(Saved {
            id: cid,
            version: 1,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AmplifyBody {
    /// The unit that republishes.
    pub unit: String,
}

/// Republishes another unit's published release, with attribution.
#[utoipa::path(post, path = "/api/v1/releases/{id}/amplifications", tag = "newsroom", request_body = AmplifyBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 201, description = "The amplification was created", body = Saved),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `unit` is not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not publish for this unit", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No release with this id is visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit has already amplified this release", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn amplify(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<AmplifyBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let unit = unit_code(&body.unit)?;
    let new = state
        .newsroom
        .amplify(&bearer.principal, id, &unit)
        .await
        .map_err(newsroom_problem)?;
    Ok((
        StatusCode::CREATED,
        Json(Saved {
            id: new,
            version: 1,
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareParams {
    pub from: i64,
    pub to: i64,
}

/// A word-level comparison of two revisions, per field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldDiffDto {
    pub field: String,
    /// Runs of `{"kind": "same"|"added"|"removed", "text": …}`.
    #[schema(value_type = Vec<Object>)]
    pub parts: Vec<DiffPart>,
}

#[utoipa::path(get, path = "/api/v1/releases/{id}/compare", tag = "newsroom",
    params(("id" = i64, Path), CompareParams),
    responses(
        (status = 200, description = "Per field, runs of words kept, added and removed", body = Vec<FieldDiffDto>),
        (status = 400, description = "The id, `from` or `to` is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such release or revision is visible to the caller", body = Problem, content_type = "application/problem+json")))]
pub async fn compare(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<i64>,
    Query(p): Query<CompareParams>,
) -> Result<Json<Vec<FieldDiffDto>>, Problem> {
    let diff = state
        .newsroom
        .compare_revisions(&principal, id, p.from, p.to)
        .await
        .map_err(newsroom_problem)?;
    Ok(Json(
        diff.into_iter()
            .map(|(f, parts)| FieldDiffDto {
                field: f.to_owned(),
                parts,
            })
            .collect(),
    ))
}

/// An achievement or innovation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemDto {
    pub id: i64,
    /// achievement or innovation.
    pub kind: String,
    pub unit_code: String,
    pub unit_name: String,
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub occurred_on: Option<String>,
    pub problem: Option<String>,
    pub solution: Option<String>,
    pub impact: Option<String>,
    /// trial, implemented or replicated.
    pub stage: Option<String>,
    pub tags: Vec<String>,
    pub version: i64,
    pub recorded_at: String,
    /// When a public release first reported it.
    pub published_at: Option<String>,
}

fn item_dto(i: &ItemRecord, now: i64) -> ItemDto {
    ItemDto {
        id: i.id,
        kind: i.kind.as_str().to_owned(),
        unit_code: i.unit_code.to_string(),
        unit_name: i.unit_name.clone(),
        title: i.title.clone(),
        description: i.description_md.clone(),
        category: i.category_key.clone(),
        occurred_on: i.occurred_on.clone(),
        problem: i.problem_md.clone(),
        solution: i.solution_md.clone(),
        impact: i.impact_md.clone(),
        stage: i.stage.map(|s| s.as_str().to_owned()),
        tags: i.tags.clone(),
        version: i.version,
        recorded_at: rfc3339(i.created_at),
        published_at: i.first_public_at.filter(|t| *t <= now).map(rfc3339),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemPageDto {
    pub items: Vec<ItemDto>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemListParams {
    pub unit: String,
    #[serde(default)]
    pub subtree: bool,
    /// achievement or innovation.
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Achievements and innovations of a unit: all of them for its people,
/// the published ones for everyone else.
#[utoipa::path(get, path = "/api/v1/items", tag = "newsroom", params(ItemListParams),
    responses(
        (status = 200, description = "A page of achievements and innovations", body = ItemPageDto),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn list_items(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Query(p): Query<ItemListParams>,
) -> Result<Json<ItemPageDto>, Problem> {
    let kind = p
        .kind
        .as_deref()
        .map(str::parse::<ItemKind>)
        .transpose()
        .map_err(Problem::bad_request)?;
    let q = ItemQuery {
        unit: Some(unit_code(&p.unit)?),
        with_subtree: p.subtree,
        kind,
        tag: p.tag,
        published_by: None,
        limit: p.limit.unwrap_or(20),
        cursor: p.cursor,
    };
    let page = state
        .newsroom
        .items(&principal, q)
        .await
        .map_err(newsroom_problem)?;
    let now = state.newsroom.now();
    Ok(Json(ItemPageDto {
        items: page.items.iter().map(|i| item_dto(i, now)).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// An item to record or save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ItemBody {
    /// The owning unit (when recording).
    pub unit: Option<String>,
    /// The version the change is based on (when saving).
    pub version: Option<i64>,
    /// achievement or innovation.
    pub kind: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub category: Option<String>,
    /// YYYY-MM-DD: when achieved, or when the innovation started.
    pub occurred_on: Option<String>,
    pub problem: Option<String>,
    pub solution: Option<String>,
    pub impact: Option<String>,
    /// trial, implemented or replicated (innovations).
    pub stage: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Evidence links.
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl ItemBody {
    fn input(&self) -> ItemInput {
        ItemInput {
            kind: self.kind.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            category: self.category.clone(),
            occurred_on: self.occurred_on.clone(),
            problem: self.problem.clone(),
            solution: self.solution.clone(),
            impact: self.impact.clone(),
            stage: self.stage.clone(),
            tags: self.tags.join(","),
            evidence: self.evidence.join("\n"),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/items", tag = "newsroom", request_body = ItemBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The item was recorded", body = Saved),
        (status = 400, description = "The body is not valid JSON, or `unit` is missing or not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not record work for this unit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn create_item(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(body): Json<ItemBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let unit = unit_code(
        body.unit
            .as_deref()
            .ok_or_else(|| Problem::bad_request("`unit` is required"))?,
    )?;
    let id = state
        .newsroom
        .create_item(&bearer.principal, &unit, &body.input())
        .await
        .map_err(newsroom_problem)?;
    Ok((StatusCode::CREATED, Json(Saved { id, version: 1 })))
}

#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The achievement or innovation", body = ItemDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No item with this id is visible to the caller", body = Problem, content_type = "application/problem+json")))]
pub async fn show_item(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<i64>,
) -> Result<Json<ItemDto>, Problem> {
    let view = state
        .newsroom
        .item_view(&principal, id)
        .await
        .map_err(newsroom_problem)?;
    Ok(Json(item_dto(&view.item, state.newsroom.now())))
}

#[utoipa::path(put, path = "/api/v1/items/{id}", tag = "newsroom", request_body = ItemBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved; the new version", body = Saved),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `version` is missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not change this item", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No item with this id is visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn save_item(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<ItemBody>,
) -> Result<Json<Saved>, Problem> {
    let version = body.version.ok_or_else(|| {
        Problem::bad_request("`version` is required: the version your change is based on")
    })?;
    let v = state
        .newsroom
        .update_item(&bearer.principal, id, version, &body.input())
        .await
        .map_err(newsroom_problem)?;
    Ok(Json(Saved { id, version: v }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplicationBody {
    /// The unit that replicated the innovation.
    pub unit: String,
    /// YYYY-MM-DD.
    pub replicated_on: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// Records that a unit replicated an innovation.
#[utoipa::path(post, path = "/api/v1/items/{id}/replications", tag = "newsroom", request_body = ReplicationBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 201, description = "The replication was recorded", body = Saved),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `unit` is not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not record work for this unit", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No item with this id is visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This replication is already recorded", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn replicate(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<ReplicationBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let unit = unit_code(&body.unit)?;
    let rid = state
        .newsroom
        .replicate(
            &bearer.principal,
            id,
            &unit,
            body.replicated_on.as_deref(),
            &body.note,
        )
        .await
        .map_err(newsroom_problem)?;
    Ok((
        StatusCode::CREATED,
        Json(Saved {
            id: rid,
            version: 1,
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapParams {
    /// The unit; omit for the whole network (network-wide readers only).
    pub unit: Option<String>,
    /// Include the units below (default true).
    pub subtree: Option<bool>,
    /// Unpublished for at least this many days (default 14).
    pub days: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapChildDto {
    pub unit_code: String,
    pub unit_name: String,
    pub unpublished: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapItemDto {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub unit_code: String,
    pub unit_name: String,
    pub recorded_at: String,
    pub days_unpublished: i64,
}

/// The publication gap: counts per level and per child unit, then the
/// items, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapDto {
    pub total: i64,
    #[schema(value_type = Object)]
    pub per_level: std::collections::BTreeMap<String, i64>,
    pub per_child: Vec<GapChildDto>,
    pub items: Vec<GapItemDto>,
    pub next_cursor: Option<String>,
}

fn gap_dto(
    counts: GapCounts,
    items: Vec<GapItem>,
    next_cursor: Option<String>,
    now: i64,
) -> GapDto {
    GapDto {
        total: counts.total,
        per_level: counts
            .per_level
            .iter()
            .map(|(l, n)| (l.as_str().to_owned(), *n))
            .collect(),
        per_child: counts
            .per_child
            .into_iter()
            .map(|(unit_code, unit_name, unpublished)| GapChildDto {
                unit_code,
                unit_name,
                unpublished,
            })
            .collect(),
        items: items
            .into_iter()
            .map(|i| GapItemDto {
                id: i.id,
                kind: i.kind.as_str().to_owned(),
                days_unpublished: sinergi_domain::newsroom::days_between(i.created_at, now),
                recorded_at: rfc3339(i.created_at),
                title: i.title,
                unit_code: i.unit_code,
                unit_name: i.unit_name,
            })
            .collect(),
        next_cursor,
    }
}

#[utoipa::path(get, path = "/api/v1/gap", tag = "newsroom", params(GapParams), security(("bearer" = [])),
    responses(
        (status = 200, description = "Counts per level and per child unit, then the items, oldest first", body = GapDto),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not read this unit's internal work", body = Problem, content_type = "application/problem+json")))]
pub async fn gap(
    State(state): State<AppState>,
    bearer: Bearer,
    Query(p): Query<GapParams>,
) -> Result<Json<GapDto>, Problem> {
    let root = p.unit.as_deref().map(unit_code).transpose()?;
    let (counts, page) = state
        .newsroom
        .gap_report(
            &bearer.principal,
            root,
            p.subtree.unwrap_or(true),
            p.days.unwrap_or(14),
            p.cursor,
        )
        .await
        .map_err(newsroom_problem)?;
    Ok(Json(gap_dto(
        counts,
        page.items,
        page.next_cursor,
        state.newsroom.now(),
    )))
}

/// What waits for the token's owner.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkDto {
    pub drafts: i64,
    pub in_review: i64,
    pub approved: i64,
    pub lifting_soon: i64,
    pub unpublished_items: i64,
    pub review_queue: Vec<ReleaseBriefDto>,
    pub oldest_unpublished: Vec<GapItemDto>,
}

#[utoipa::path(get, path = "/api/v1/workspace", tag = "newsroom", security(("bearer" = [])),
    responses(
        (status = 200, description = "Counts, the review queue and the oldest unpublished items", body = WorkDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json")))]
pub async fn workspace(
    State(state): State<AppState>,
    bearer: Bearer,
) -> Result<Json<WorkDto>, Problem> {
    let panel: WorkPanel = state
        .newsroom
        .work_panel(&bearer.principal, 14)
        .await
        .map_err(newsroom_problem)?;
    let now = state.newsroom.now();
    let c = panel.counts;
    let gap = gap_dto(GapCounts::default(), panel.gap, None, now);
    Ok(Json(WorkDto {
        drafts: c.drafts,
        in_review: c.in_review,
        approved: c.approved,
        lifting_soon: c.lifting_soon,
        unpublished_items: c.unpublished_items,
        review_queue: panel
            .review_queue
            .iter()
            .map(|b| brief_dto(b, now))
            .collect(),
        oldest_unpublished: gap.items,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryDto {
    pub key: String,
    pub label_id: String,
    pub label_en: String,
}

/// Achievement categories.
#[utoipa::path(get, path = "/api/v1/categories", tag = "newsroom",
    responses(
        (status = 200, description = "The achievement categories", body = Vec<CategoryDto>)))]
pub async fn categories(State(state): State<AppState>) -> Result<Json<Vec<CategoryDto>>, Problem> {
    let cats = state.store.categories().await?;
    Ok(Json(
        cats.into_iter()
            .map(|c| CategoryDto {
                key: c.key,
                label_id: c.label_id,
                label_en: c.label_en,
            })
            .collect(),
    ))
}

/// Adds an achievement category (network-wide administrators).
#[utoipa::path(post, path = "/api/v1/categories", tag = "newsroom", request_body = CategoryBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The category was added", body = CategoryDto),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only network-wide administrators add categories", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A category with this key exists", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn add_category(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(body): Json<CategoryBody>,
) -> Result<(StatusCode, Json<CategoryDto>), Problem> {
    state
        .newsroom
        .add_category(&bearer.principal, &body.key, &body.label_id, &body.label_en)
        .await
        .map_err(newsroom_problem)?;
    Ok((
        StatusCode::CREATED,
        Json(CategoryDto {
            key: body.key,
            label_id: body.label_id,
            label_en: body.label_en,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CategoryBody {
    #[schema(example = "disaster-management")]
    pub key: String,
    #[schema(example = "Penanggulangan bencana")]
    pub label_id: String,
    #[schema(example = "Disaster management")]
    pub label_en: String,
}
