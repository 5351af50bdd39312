//! Campaigns over JSON: campaigns and their targets, per-unit status, the
//! dashboard figures, the drill-down tree, the not-started list and the
//! adopted releases. The same service and rules as the pages: reading is
//! public (it all comes from public releases); changing a campaign needs a
//! token of an admin of its owner unit.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_campaigns::{
    AdoptedRelease, CampaignError, CampaignInput, CampaignRecord, Dashboard, NotStartedUnit,
    TargetRow, TemplateInput, TemplateRecord, date_of,
};
use sinergi_domain::Level;
use utoipa::{IntoParams, ToSchema};

use super::auth::Bearer;
use super::auth::MaybeBearer;
use super::dto::rfc3339;
use super::extract::{Json, Path, Query};
use super::input::{required_version, unit_code};
use super::problem::Problem;
use crate::AppState;

/// The service's refusals as problem details; handlers leave with `?`.
impl From<CampaignError> for Problem {
    fn from(e: CampaignError) -> Problem {
        match e {
            CampaignError::NotFound(w) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
            }
            CampaignError::NotAllowed => Problem::new(
                StatusCode::FORBIDDEN,
                "only admins of the campaign's owner unit may change it",
            ),
            CampaignError::Invalid(problems) => {
                Problem::invalid(problems.iter().map(|x| (x.field, x.key)))
            }
            CampaignError::Stale(m) => Problem::new(StatusCode::CONFLICT, m),
            CampaignError::Store(s) => Problem::from(s),
        }
    }
}

fn level(s: &str) -> Result<Level, Problem> {
    s.parse::<Level>()
        .map_err(|e| Problem::bad_request(e.to_string()))
}

/// A kit template.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TemplateDto {
    /// Ignored when writing.
    pub id: Option<i64>,
    /// May use the placeholders {unit}, {region}, {province}, {campaign}, {hashtags}.
    pub title: String,
    pub lead: String,
    pub body: String,
}

/// A campaign as its owner writes it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CampaignBody {
    /// The owner unit's code.
    #[schema(example = "kemenpanrb")]
    pub owner: String,
    pub title: String,
    pub description: String,
    pub key_messages: Vec<String>,
    pub hashtags: Vec<String>,
    /// The release tag that marks adoption; from the title when empty.
    pub tag: String,
    /// YYYY-MM-DD, Western Indonesian time.
    pub starts_on: String,
    /// YYYY-MM-DD, inclusive.
    pub ends_on: String,
    pub guidance: String,
    pub image_ids: Vec<i64>,
    /// Scope: subtree roots.
    pub subtrees: Vec<String>,
    /// Scope: levels where the campaign enters (the highest counts).
    pub levels: Vec<String>,
    /// Scope: individual units.
    pub units: Vec<String>,
    /// province, regency, district or village.
    pub depth: String,
    /// Percent of targeted sub-units that must adopt for "cascaded".
    pub cascade_share: i64,
    pub templates: Vec<TemplateDto>,
    /// For changes: the version the change is based on.
    pub version: Option<i64>,
}

impl CampaignBody {
    fn input(&self) -> CampaignInput {
        CampaignInput {
            owner: self.owner.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            key_messages: self.key_messages.clone(),
            hashtags: self.hashtags.clone(),
            tag: self.tag.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            guidance: self.guidance.clone(),
            image_ids: self.image_ids.clone(),
            subtrees: self.subtrees.clone(),
            levels: self.levels.clone(),
            units: self.units.clone(),
            depth: self.depth.clone(),
            cascade_share: self.cascade_share,
            templates: self
                .templates
                .iter()
                .map(|t| TemplateInput {
                    title: t.title.clone(),
                    lead: t.lead.clone(),
                    body: t.body.clone(),
                })
                .collect(),
        }
    }
}

/// Adoption figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresDto {
    /// national, province, regency, district or village; `all` for the totals.
    pub level: String,
    pub targets: i64,
    /// Adopted (cascaded included).
    pub adopted: i64,
    pub cascaded: i64,
    /// Adopted share in percent.
    pub adopted_percent: f64,
}

fn figures(level: &str, targets: i64, adopted: i64, cascaded: i64) -> FiguresDto {
    FiguresDto {
        level: level.to_owned(),
        targets,
        adopted,
        cascaded,
        adopted_percent: if targets == 0 {
            0.0
        } else {
            (adopted as f64 * 1000.0 / targets as f64).round() / 10.0
        },
    }
}

/// A campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: i64,
    pub owner_code: String,
    pub owner_name: String,
    pub title: String,
    pub description: String,
    pub key_messages: Vec<String>,
    pub hashtags: Vec<String>,
    /// Releases tagged with this adopt the campaign.
    pub tag: String,
    pub starts_on: String,
    pub ends_on: String,
    pub guidance: String,
    pub image_ids: Vec<i64>,
    pub subtrees: Vec<String>,
    pub levels: Vec<String>,
    pub units: Vec<String>,
    pub depth: String,
    pub cascade_share: i64,
    pub templates: Vec<TemplateDto>,
    pub totals: Option<FiguresDto>,
    pub version: i64,
    /// The public campaign page.
    pub url: String,
}

fn campaign_dto(c: &CampaignRecord, templates: &[TemplateRecord]) -> CampaignDto {
    CampaignDto {
        id: c.id,
        owner_code: c.owner_code.to_string(),
        owner_name: c.owner_name.clone(),
        title: c.title.clone(),
        description: c.description_md.clone(),
        key_messages: c.key_messages.clone(),
        hashtags: c.hashtags.clone(),
        tag: c.tag.clone(),
        starts_on: date_of(c.starts_at),
        ends_on: date_of(c.ends_at),
        guidance: c.guidance_md.clone(),
        image_ids: c.image_ids.clone(),
        subtrees: c.scope.subtrees.iter().map(|u| u.to_string()).collect(),
        levels: c
            .scope
            .levels
            .iter()
            .map(|l| l.as_str().to_owned())
            .collect(),
        units: c.scope.units.iter().map(|u| u.to_string()).collect(),
        depth: c.depth.as_str().to_owned(),
        cascade_share: c.cascade_share,
        templates: templates
            .iter()
            .map(|t| TemplateDto {
                id: Some(t.id),
                title: t.title.clone(),
                lead: t.lead.clone(),
                body: t.body_md.clone(),
            })
            .collect(),
        totals: None,
        version: c.version,
        url: format!("/campaigns/{}", c.id),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignSaved {
    pub id: i64,
    pub version: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only campaigns owned by this unit or a unit below it.
    pub owner: Option<String>,
}

/// Campaigns, newest first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", params(ListParams),
    responses(
        (status = 200, description = "Campaigns with their totals, newest first", body = [CampaignDto]),
        (status = 400, description = "`owner` is not a unit code", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<CampaignDto>>, Problem> {
    let owner = p.owner.as_deref().map(unit_code).transpose()?;
    let list = state.campaigns.list(owner.as_ref()).await?;
    Ok(Json(
        list.iter()
            .map(|s| {
                let mut d = campaign_dto(&s.campaign, &[]);
                d.totals = Some(figures(
                    "all",
                    s.totals.targets,
                    s.totals.adopted,
                    s.totals.cascaded,
                ));
                d
            })
            .collect(),
    ))
}

/// Creates a campaign and computes its targets' statuses.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The campaign was created", body = CampaignSaved),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins of the owner unit create its campaigns", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another campaign uses the tag", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    bearer: Bearer,
    Json(body): Json<CampaignBody>,
) -> Result<(StatusCode, Json<CampaignSaved>), Problem> {
    let c = state
        .campaigns
        .create(&bearer.principal, &body.input())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CampaignSaved {
            id: c.id,
            version: c.version,
        }),
    ))
}

/// A campaign with its kit and totals.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The campaign with its kit and totals", body = CampaignDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<i64>,
) -> Result<Json<CampaignDto>, Problem> {
    let v = state.campaigns.campaign(&principal, id).await?;
    let mut d = campaign_dto(&v.campaign, &v.templates);
    d.totals = Some(figures(
        "all",
        v.totals.targets,
        v.totals.adopted,
        v.totals.cascaded,
    ));
    Ok(Json(d))
}

/// Changes a campaign over `version` (409 when someone saved since);
/// scope, depth, period, tag and share changes recompute every status.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns", request_body = CampaignBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved; the new version", body = CampaignSaved),
        (status = 400, description = "The id is not a whole number, the body is not valid JSON, or `version` is missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins of the owner unit change the campaign", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `version`, or another campaign uses the tag", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<CampaignBody>,
) -> Result<Json<CampaignSaved>, Problem> {
    let version = required_version(body.version)?;
    let c = state
        .campaigns
        .update(&bearer.principal, id, version, &body.input())
        .await?;
    Ok(Json(CampaignSaved {
        id: c.id,
        version: c.version,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TargetBody {
    /// The unit to add to the explicit list of targets.
    pub unit: String,
}

/// Adds a unit to the campaign's explicit targets.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/targets", tag = "campaigns", request_body = TargetBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved; the new version", body = CampaignSaved),
        (status = 400, description = "The id is not a whole number, or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins of the owner unit change the campaign", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, has the wrong type or is not valid; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn add_target(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    Json(body): Json<TargetBody>,
) -> Result<Json<CampaignSaved>, Problem> {
    let c = state
        .campaigns
        .add_target(&bearer.principal, id, &body.unit)
        .await?;
    Ok(Json(CampaignSaved {
        id: c.id,
        version: c.version,
    }))
}

/// Removes a unit from the campaign's explicit targets or subtrees.
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/targets/{unit}", tag = "campaigns",
    params(("id" = i64, Path), ("unit" = String, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved; the new version", body = CampaignSaved),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins of the owner unit change the campaign", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The unit is not among the campaign's targets; see `errors`", body = Problem, content_type = "application/problem+json")))]
pub async fn remove_target(
    State(state): State<AppState>,
    bearer: Bearer,
    Path((id, unit)): Path<(i64, String)>,
) -> Result<Json<CampaignSaved>, Problem> {
    let c = state
        .campaigns
        .remove_target(&bearer.principal, id, &unit)
        .await?;
    Ok(Json(CampaignSaved {
        id: c.id,
        version: c.version,
    }))
}

/// A target's status.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetDto {
    pub unit_code: String,
    pub name: String,
    pub level: String,
    /// The nearest targeted unit above it.
    pub parent_code: Option<String>,
    /// not_started, adopted or cascaded.
    pub status: String,
    /// When it first adopted (RFC 3339).
    pub adopted_at: Option<String>,
    /// The release that adopted first.
    pub first_release_id: Option<i64>,
    /// Targeted units below it.
    pub targets_below: i64,
    /// Of which adopted.
    pub adopted_below: i64,
}

fn target_dto(t: &TargetRow) -> TargetDto {
    TargetDto {
        unit_code: t.unit_code.to_string(),
        name: t.name.clone(),
        level: t.level.as_str().to_owned(),
        parent_code: t.parent_code.clone(),
        status: t.status.as_str().to_owned(),
        adopted_at: t.adopted_at.map(rfc3339),
        first_release_id: t.first_release_id.map(sinergi_domain::ReleaseId::get),
        targets_below: t.counters.targets_below,
        adopted_below: t.counters.adopted_below,
    }
}

/// One unit's status in the campaign (404 when it is not a target).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/status/{unit}", tag = "campaigns",
    params(("id" = i64, Path), ("unit" = String, Path)),
    responses(
        (status = 200, description = "The target's status", body = TargetDto),
        (status = 400, description = "The id is not a whole number, or `unit` is not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id, or the unit is not one of its targets", body = Problem, content_type = "application/problem+json")))]
pub async fn status(
    State(state): State<AppState>,
    Path((id, unit)): Path<(i64, String)>,
) -> Result<Json<TargetDto>, Problem> {
    let code = unit_code(&unit)?;
    let row = state
        .campaigns
        .unit_status(id, &code)
        .await?
        .ok_or_else(|| {
            Problem::new(
                StatusCode::NOT_FOUND,
                format!("{unit} is not a target of campaign {id}"),
            )
        })?;
    Ok(Json(target_dto(&row)))
}

/// One day of the adoption chart.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayDto {
    pub date: String,
    /// Targets that first adopted that day.
    pub new: i64,
    /// Adopted targets by the end of that day.
    pub cumulative: i64,
    /// The same per level, in the order of `levels`.
    pub cumulative_by_level: Vec<i64>,
}

/// The dashboard figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardDto {
    pub campaign_id: i64,
    pub totals: FiguresDto,
    pub levels: Vec<FiguresDto>,
    pub daily: Vec<DayDto>,
}

fn dashboard_dto(d: &Dashboard) -> DashboardDto {
    DashboardDto {
        campaign_id: d.campaign.id,
        totals: figures("all", d.totals.targets, d.totals.adopted, d.totals.cascaded),
        levels: d
            .levels
            .iter()
            .map(|l| figures(l.level.as_str(), l.targets, l.adopted, l.cascaded))
            .collect(),
        daily: d
            .daily
            .iter()
            .map(|p| DayDto {
                date: p.date.clone(),
                new: p.new,
                cumulative: p.cumulative,
                cumulative_by_level: p.cumulative_by_level.clone(),
            })
            .collect(),
    }
}

/// Adoption share per level and over time.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/dashboard", tag = "campaigns",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "Totals, figures per level and per day", body = DashboardDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn dashboard(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<i64>,
) -> Result<Json<DashboardDto>, Problem> {
    let d = state.campaigns.dashboard(&principal, id).await?;
    Ok(Json(dashboard_dto(&d)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreeParams {
    /// The target whose children to list; the top of the tree without it.
    pub unit: Option<String>,
}

/// One step of the drill-down tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreeDto {
    pub unit: Option<TargetDto>,
    /// The targets above `unit`, from the top.
    pub path: Vec<TargetDto>,
    pub children: Vec<TargetDto>,
}

/// The targets directly below a target, with their status and subtree counts.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/tree", tag = "campaigns",
    params(("id" = i64, Path), TreeParams),
    responses(
        (status = 200, description = "The target, the targets above it and its targeted children", body = TreeDto),
        (status = 400, description = "The id is not a whole number, or `unit` is not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id, or the unit is not one of its targets", body = Problem, content_type = "application/problem+json")))]
pub async fn tree(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(p): Query<TreeParams>,
) -> Result<Json<TreeDto>, Problem> {
    let unit = p.unit.as_deref().map(unit_code).transpose()?;
    let t = state.campaigns.tree(id, unit.as_ref()).await?;
    Ok(Json(TreeDto {
        unit: t.unit.as_ref().map(target_dto),
        path: t.path.iter().map(target_dto).collect(),
        children: t.children.iter().map(target_dto).collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotStartedParams {
    /// Only this level.
    pub level: Option<String>,
    /// Continue after this unit (with `after_level`).
    pub after: Option<String>,
    pub after_level: Option<String>,
    /// At most 500; 100 by default.
    pub limit: Option<i64>,
}

/// A target that has not started.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotStartedDto {
    pub unit_code: String,
    pub name: String,
    pub level: String,
    /// The unit above it (the owner for provinces).
    pub supervisor_code: Option<String>,
    pub supervisor_name: Option<String>,
}

fn not_started_dto(n: &NotStartedUnit) -> NotStartedDto {
    NotStartedDto {
        unit_code: n.unit_code.to_string(),
        name: n.name.clone(),
        level: n.level.as_str().to_owned(),
        supervisor_code: n.supervisor_code.clone(),
        supervisor_name: n.supervisor_name.clone(),
    }
}

/// Targets that have not started, with their supervisors, by level and code.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/not-started", tag = "campaigns",
    params(("id" = i64, Path), NotStartedParams),
    responses(
        (status = 200, description = "Targets that have not started, by level and code", body = [NotStartedDto]),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn not_started(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(p): Query<NotStartedParams>,
) -> Result<Json<Vec<NotStartedDto>>, Problem> {
    let only = p.level.as_deref().map(level).transpose()?;
    let after = match (p.after_level.as_deref(), p.after.as_deref()) {
        (Some(l), Some(u)) => Some((level(l)?, unit_code(u)?)),
        (None, None) => None,
        _ => {
            return Err(Problem::bad_request(
                "`after` and `after_level` go together",
            ));
        }
    };
    let rows = state
        .campaigns
        .not_started(id, only, after, p.limit.unwrap_or(100))
        .await?;
    Ok(Json(rows.iter().map(not_started_dto).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReleasesParams {
    /// Continue before this release (with `before_at`, RFC 3339 microseconds as given).
    pub before_id: Option<i64>,
    /// Microseconds since 1970 of the last release seen.
    pub before_at: Option<i64>,
    /// At most 500; 50 by default.
    pub limit: Option<i64>,
}

/// A public release that adopted the campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdoptedReleaseDto {
    pub release_id: i64,
    pub title: String,
    pub lead: String,
    pub unit_code: String,
    pub unit_name: String,
    pub public_at: String,
    /// Microseconds, for the `before_at` cursor.
    pub public_at_micros: i64,
    pub url: String,
}

fn adopted_dto(a: &AdoptedRelease) -> AdoptedReleaseDto {
    AdoptedReleaseDto {
        release_id: a.release_id.get(),
        title: a.title.clone(),
        lead: a.lead.clone(),
        unit_code: a.unit_code.clone(),
        unit_name: a.unit_name.clone(),
        public_at: rfc3339(a.public_at),
        public_at_micros: a.public_at,
        url: format!("/releases/{}", a.release_id),
    }
}

/// Public releases that adopted the campaign, newest first.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/releases", tag = "campaigns",
    params(("id" = i64, Path), ReleasesParams),
    responses(
        (status = 200, description = "Public releases that adopted the campaign, newest first", body = [AdoptedReleaseDto]),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn releases(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(p): Query<ReleasesParams>,
) -> Result<Json<Vec<AdoptedReleaseDto>>, Problem> {
    let before = p.before_at.zip(p.before_id);
    let rows = state
        .campaigns
        .adopted_releases(id, before, p.limit.unwrap_or(50))
        .await?;
    Ok(Json(rows.iter().map(adopted_dto).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RenderParams {
    /// The unit to fill the template for.
    pub unit: String,
}

/// A kit template filled for a unit: the fields of a new release.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenderedDto {
    pub title: String,
    pub lead: String,
    pub body: String,
    /// Comma-separated; includes the campaign's tag.
    pub tags: String,
}

/// A kit template filled for a unit (for people who may draft for it).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/templates/{template}/render", tag = "campaigns",
    params(("id" = i64, Path), ("template" = i64, Path), RenderParams), security(("bearer" = [])),
    responses(
        (status = 200, description = "The fields of a new release, filled for the unit", body = RenderedDto),
        (status = 400, description = "An id is not a whole number, or `unit` is missing or not a unit code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not draft for this unit", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign or template", body = Problem, content_type = "application/problem+json")))]
pub async fn render_template(
    State(state): State<AppState>,
    bearer: Bearer,
    Path((id, template)): Path<(i64, i64)>,
    Query(p): Query<RenderParams>,
) -> Result<Json<RenderedDto>, Problem> {
    let unit = unit_code(&p.unit)?;
    let r = state
        .campaigns
        .render_template(&bearer.principal, id, template, &unit)
        .await?;
    Ok(Json(RenderedDto {
        title: r.title,
        lead: r.lead,
        body: r.body,
        tags: r.tags,
    }))
}
