//! Releases over JSON: listing, drafting, the workflow, comments, amplification, revision comparison.

use super::*;

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

pub(super) fn brief_dto(b: &ReleaseBrief, now: i64) -> ReleaseBriefDto {
    ReleaseBriefDto {
        id: b.id.get(),
        unit_code: b.unit_code.clone(),
        unit_name: b.unit_name.clone(),
        title: b.title.clone(),
        lead: b.lead.clone(),
        status: sinergi_newsroom::status_at(b.state, b.public_at, b.embargo, b.corrections, now)
            .as_str()
            .to_owned(),
        public_at: b.public_at.map(rfc3339),
        tags: b.tags.clone(),
        amplifies_id: b.amplifies_id.map(ReleaseId::get),
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
    /// The press release number the unit gave it at its first release,
    /// e.g. `12/51.71/2026` (none before it, nor for an amplification,
    /// which carries another unit's number).
    pub press_number: Option<String>,
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
        press_number: r.press_number,
    };
    ReleaseDto {
        brief: brief_dto(&brief, now),
        access: serde_json::to_value(v.access)
            .ok()
            .and_then(|x| x.as_str().map(str::to_owned))
            .unwrap_or_default(),
        language: r.language.clone(),
        press_number: r.press_number.map(|n| n.text(r.unit_code.as_str())),
        body_markdown: internal.then(|| r.body_md.clone()),
        body_html: r.body_html.clone(),
        item_ids: v.items.iter().map(|i| i.id.get()).collect(),
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
    let page = state.newsroom.releases(&principal, q).await?;
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
            item_ids: self.item_ids.iter().copied().map(ItemId::new).collect(),
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

impl Saved {
    /// 201 for something new: its id, at version 1.
    pub(super) fn created(id: impl Into<i64>) -> (StatusCode, Json<Saved>) {
        let id = id.into();
        (StatusCode::CREATED, Json(Saved { id, version: 1 }))
    }
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
    let unit = required_unit(body.unit.as_deref())?;
    let id = state
        .newsroom
        .create_release(&bearer.principal, &unit, &body.input())
        .await?;
    Ok(Saved::created(id))
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
    Path(id): Path<ReleaseId>,
) -> Result<Json<ReleaseDto>, Problem> {
    let view = state.newsroom.release_view(&principal, id).await?;
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
    Path(id): Path<ReleaseId>,
    Json(body): Json<ReleaseBody>,
) -> Result<Json<Saved>, Problem> {
    let version = required_version(body.version)?;
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
    }?;
    Ok(Json(Saved {
        id: id.get(),
        version: saved,
    }))
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
    Path(id): Path<ReleaseId>,
    Json(body): Json<MoveBody>,
) -> Result<Json<MovedDto>, Problem> {
    let op = parse_op(&body)?;
    let to = state
        .newsroom
        .move_release(&bearer.principal, id, body.version, op, &body.note)
        .await?;
    Ok(Json(MovedDto {
        id: id.get(),
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
    Path(id): Path<ReleaseId>,
    Json(body): Json<CommentBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let cid = state
        .newsroom
        .comment_on_release(&bearer.principal, id, &body.body)
        .await?;
    Ok(Saved::created(cid))
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
    Path(id): Path<ReleaseId>,
    Json(body): Json<AmplifyBody>,
) -> Result<(StatusCode, Json<Saved>), Problem> {
    let unit = unit_code(&body.unit)?;
    let new = state.newsroom.amplify(&bearer.principal, id, &unit).await?;
    Ok(Saved::created(new))
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
    Path(id): Path<ReleaseId>,
    Query(p): Query<CompareParams>,
) -> Result<Json<Vec<FieldDiffDto>>, Problem> {
    let diff = state
        .newsroom
        .compare_revisions(&principal, id, p.from, p.to)
        .await?;
    Ok(Json(
        diff.into_iter()
            .map(|(f, parts)| FieldDiffDto {
                field: f.to_owned(),
                parts,
            })
            .collect(),
    ))
}
