//! Media monitoring over JSON: the sources with their health, the
//! articles kept, the matches with their shared passages (as text and as
//! byte ranges), an officer's decision, and what the decisions say about
//! the credit threshold. The same service and rules as the pages:
//! sources, articles and the review queue are internal (a token whose
//! owner reads some unit's internal work); a pickup of a public release
//! is read by anyone; deciding takes the `Review` right on the release's
//! unit.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_domain::MatchId;
use sinergi_monitoring::{
    ArticleRecord, MatchRecord, MatchState, MatchView, MonitoringError, SourceRecord,
    ThresholdReport,
};
use sinergi_store::accounts::audit::Actor;
use utoipa::{IntoParams, ToSchema};

use super::auth::{Bearer, MaybeBearer};
use super::dto::rfc3339;
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;
use crate::monitoring::service;

impl From<MonitoringError> for Problem {
    fn from(e: MonitoringError) -> Problem {
        match e {
            MonitoringError::NotFound(w) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
            }
            MonitoringError::NotAllowed => Problem::new(
                StatusCode::FORBIDDEN,
                "your token's rights do not reach this unit for this",
            ),
            MonitoringError::Invalid(problems) => {
                Problem::invalid(problems.iter().map(|x| (x.field, x.key)))
            }
            MonitoringError::Store(s) => Problem::from(s),
        }
    }
}

/// A monitored source and its health.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaSourceDto {
    pub id: i64,
    /// The unit whose officers manage it.
    pub unit_code: String,
    pub outlet: String,
    pub url: String,
    /// feed or sitemap.
    pub kind: String,
    pub active: bool,
    pub last_success_at: Option<String>,
    pub last_error_at: Option<String>,
    /// The reason's key (blocked-address, gzip-bomb, xml-entities, robots, ...), then a detail.
    pub last_error: Option<String>,
    /// Errors in a row.
    pub failures: i64,
    pub next_poll_at: String,
    /// New articles it brought, ever, and in the last seven days.
    pub items_total: i64,
    pub items_week: i64,
}

fn source_dto(s: &SourceRecord) -> MediaSourceDto {
    MediaSourceDto {
        id: s.id.get(),
        unit_code: s.unit_code.clone(),
        outlet: s.outlet.clone(),
        url: s.url.clone(),
        kind: s.kind.clone(),
        active: s.active != 0,
        last_success_at: s.last_success_at.map(rfc3339),
        last_error_at: s.last_error_at.map(rfc3339),
        last_error: s.last_error.clone(),
        failures: s.failures,
        next_poll_at: rfc3339(s.next_poll_at),
        items_total: s.items_total,
        items_week: s.items_week,
    }
}

/// An article kept from a source or an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaArticleDto {
    pub id: i64,
    pub source_id: Option<i64>,
    pub outlet: String,
    /// Its address, tracking parameters stripped.
    pub url: Option<String>,
    /// The address its page calls canonical (or its own).
    pub canonical_url: Option<String>,
    pub title: String,
    pub author: String,
    pub published_at: String,
    pub fetched_at: String,
    /// feed, page, summary or import: where the text came from.
    pub text_from: String,
    pub body: String,
    /// Articles with one group id are copies of one story (syndication).
    pub group_id: Option<i64>,
}

fn article_dto(a: &ArticleRecord) -> MediaArticleDto {
    MediaArticleDto {
        id: a.id.get(),
        source_id: a.source_id,
        outlet: a.outlet.clone(),
        url: a.url.clone(),
        canonical_url: a.canonical_url.clone(),
        title: a.title.clone(),
        author: a.author.clone(),
        published_at: rfc3339(a.published_at),
        fetched_at: rfc3339(a.fetched_at),
        text_from: a.text_from.clone(),
        body: a.body.clone(),
        group_id: a.group_id,
    }
}

/// A passage shared by the article and the release.
#[derive(Debug, Serialize, ToSchema)]
pub struct PassageDto {
    /// Byte range in the article's body.
    pub article_from: usize,
    pub article_to: usize,
    /// Byte range in the release's text (title, lead, body as lines) at `release_version`.
    pub release_from: usize,
    pub release_to: usize,
    /// The passage as the article has it.
    pub text: String,
}

/// A match of an article with a release.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaMatchDto {
    pub id: i64,
    pub article_id: i64,
    pub outlet: String,
    pub article_title: String,
    pub article_url: Option<String>,
    pub article_published_at: String,
    pub article_group: Option<i64>,
    pub release_id: i64,
    pub release_title: String,
    pub release_url: String,
    pub release_version: i64,
    pub unit_code: String,
    /// 0 to 1.
    pub score: f64,
    /// credited, review, confirmed or rejected.
    pub state: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub passages: Vec<PassageDto>,
    /// The side-by-side page.
    pub page_url: String,
}

fn passage_text(text: &str, (a, b): (usize, usize)) -> String {
    text.get(a..b.min(text.len()))
        .unwrap_or_default()
        .to_owned()
}

fn match_dto(m: &MatchRecord) -> MediaMatchDto {
    MediaMatchDto {
        id: m.id.get(),
        article_id: m.article_id.get(),
        outlet: m.outlet.clone(),
        article_title: m.article_title.clone(),
        article_url: m.article_url.clone(),
        article_published_at: rfc3339(m.article_published_at),
        article_group: m.article_group,
        release_id: m.release_id.get(),
        release_title: m.release_title.clone(),
        release_url: crate::newsroom::common::release_href(m.release_id, &m.release_slug),
        release_version: m.release_version,
        unit_code: m.unit_code.clone(),
        score: m.score as f64 / 10_000.0,
        state: m.state.as_str().to_owned(),
        reviewed_by: m.reviewed_by.clone(),
        reviewed_at: m.reviewed_at.map(rfc3339),
        passages: m
            .passages
            .iter()
            .map(|p| PassageDto {
                article_from: p.article.0,
                article_to: p.article.1,
                release_from: p.release.0,
                release_to: p.release.1,
                text: passage_text(&m.article_body, p.article),
            })
            .collect(),
        page_url: format!("/monitoring/matches/{}", m.id),
    }
}

/// A match with both texts, for checking it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaMatchDetailDto {
    #[serde(flatten)]
    pub r#match: MediaMatchDto,
    pub article_body: String,
    /// The release's text the release ranges refer to; absent when the
    /// release changed since it was matched.
    pub release_text: Option<String>,
    /// Other outlets that carried the same story.
    pub copies: Vec<MediaArticleDto>,
    /// Whether the caller may confirm or reject it.
    pub can_decide: bool,
}

fn detail_dto(v: &MatchView) -> MediaMatchDetailDto {
    MediaMatchDetailDto {
        r#match: match_dto(&v.record),
        article_body: v.record.article_body.clone(),
        release_text: v.release_text.clone(),
        copies: v.copies.iter().map(article_dto).collect(),
        can_decide: v.can_decide,
    }
}

#[utoipa::path(get, operation_id = "list_media_sources", path = "/api/v1/monitoring/sources", tag = "monitoring",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every source with its health, by outlet", body = [MediaSourceDto]),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner reads no unit's internal work", body = Problem, content_type = "application/problem+json")))]
pub async fn sources(
    State(state): State<AppState>,
    bearer: Bearer,
) -> Result<Json<Vec<MediaSourceDto>>, Problem> {
    let list = service(&state).sources(&bearer.principal).await?;
    Ok(Json(list.iter().map(source_dto).collect()))
}

/// Which articles.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// Published at or after this time (RFC 3339); 30 days ago by default.
    pub from: Option<String>,
    /// Published before this time (RFC 3339); now by default.
    pub to: Option<String>,
    /// The next page: articles with an id below this one.
    pub before: Option<i64>,
    /// At most this many (1 to 200; 50 by default).
    pub limit: Option<i64>,
}

/// A page of articles, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaArticlePageDto {
    pub articles: Vec<MediaArticleDto>,
    /// Pass as `before` for the next page; absent on the last.
    pub next_before: Option<i64>,
}

fn time_param(field: &'static str, v: Option<&str>, default: i64) -> Result<i64, Problem> {
    match v {
        None => Ok(default),
        Some(s) => s
            .trim()
            .parse::<jiff::Timestamp>()
            .map(|t| t.as_microsecond())
            .map_err(|_| Problem::invalid([(field, "mon-time-invalid")])),
    }
}

#[utoipa::path(get, operation_id = "list_media_articles", path = "/api/v1/monitoring/articles", tag = "monitoring",
    params(ArticleParams), security(("bearer" = [])),
    responses(
        (status = 200, description = "Articles, newest first", body = MediaArticlePageDto),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner reads no unit's internal work", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A time is not RFC 3339", body = Problem, content_type = "application/problem+json")))]
pub async fn articles(
    State(state): State<AppState>,
    bearer: Bearer,
    Query(q): Query<ArticleParams>,
) -> Result<Json<MediaArticlePageDto>, Problem> {
    let monitoring = service(&state);
    let now = monitoring.now();
    let to = time_param("to", q.to.as_deref(), now + 1)?;
    let from = time_param(
        "from",
        q.from.as_deref(),
        now - 30 * sinergi_monitoring::DAY,
    )?;
    let limit = q.limit.unwrap_or(50).clamp(1, sinergi_monitoring::MAX_PAGE);
    let list = monitoring
        .articles_page(
            &bearer.principal,
            from,
            to,
            q.before.unwrap_or(0).max(0),
            limit,
        )
        .await?;
    Ok(Json(MediaArticlePageDto {
        next_before: (list.len() as i64 == limit)
            .then(|| list.last().map(|a| a.id.get()))
            .flatten(),
        articles: list.iter().map(article_dto).collect(),
    }))
}

/// Which matches.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// credited, review, confirmed or rejected; every state when absent.
    pub state: Option<String>,
    /// The next page: matches with an id below this one.
    pub before: Option<i64>,
    /// At most this many (1 to 200; 50 by default).
    pub limit: Option<i64>,
}

/// A page of matches, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaMatchPageDto {
    pub matches: Vec<MediaMatchDto>,
    /// Pass as `before` for the next page; absent on the last.
    pub next_before: Option<i64>,
}

#[utoipa::path(get, operation_id = "list_media_matches", path = "/api/v1/monitoring/matches", tag = "monitoring",
    params(MatchParams), security(("bearer" = [])),
    responses(
        (status = 200, description = "Matches of the units whose internal work the caller reads, newest first, with their shared passages", body = MediaMatchPageDto),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner reads no unit's internal work", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The state is not known", body = Problem, content_type = "application/problem+json")))]
pub async fn matches(
    State(state): State<AppState>,
    bearer: Bearer,
    Query(q): Query<MatchParams>,
) -> Result<Json<MediaMatchPageDto>, Problem> {
    let states: Vec<MatchState> = match q.state.as_deref() {
        None | Some("") => MatchState::ALL.to_vec(),
        Some(s) => vec![
            MatchState::try_from(s.to_owned())
                .map_err(|_| Problem::invalid([("state", "mon-state-invalid")]))?,
        ],
    };
    let limit = q.limit.unwrap_or(50).clamp(1, sinergi_monitoring::MAX_PAGE);
    let list = service(&state)
        .matches_page(
            &bearer.principal,
            &states,
            q.before.unwrap_or(0).max(0),
            limit,
        )
        .await?;
    Ok(Json(MediaMatchPageDto {
        next_before: (list.len() as i64 == limit)
            .then(|| list.last().map(|m| m.id.get()))
            .flatten(),
        matches: list.iter().map(match_dto).collect(),
    }))
}

#[utoipa::path(get, operation_id = "get_media_match", path = "/api/v1/monitoring/matches/{id}", tag = "monitoring",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The match with both texts", body = MediaMatchDetailDto),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No match the caller sees has this id (a pickup of a public release is public)", body = Problem, content_type = "application/problem+json")))]
pub async fn show_match(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(id): Path<MatchId>,
) -> Result<Json<MediaMatchDetailDto>, Problem> {
    let v = service(&state).view_match(&principal, id).await?;
    Ok(Json(detail_dto(&v)))
}

/// An officer's decision on a match.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionBody {
    /// confirm (it is coverage) or reject (it is not).
    #[schema(example = "confirm")]
    pub decision: String,
}

#[utoipa::path(post, operation_id = "decide_media_match", path = "/api/v1/monitoring/matches/{id}/decision", tag = "monitoring",
    request_body = DecisionBody, params(("id" = i64, Path)), security(("bearer" = [])),
    responses(
        (status = 200, description = "Decided; the match as it stands now", body = MediaMatchDto),
        (status = 400, description = "The id is not a whole number or the body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the editors and admins of the release's unit decide", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No match the caller sees has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body was not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The decision is neither confirm nor reject", body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<MatchId>,
    Json(body): Json<DecisionBody>,
) -> Result<Json<MediaMatchDto>, Problem> {
    let confirm = match body.decision.trim() {
        "confirm" => true,
        "reject" => false,
        _ => return Err(Problem::invalid([("decision", "mon-decision-invalid")])),
    };
    let actor = Actor {
        user_id: Some(bearer.user_id),
        label: bearer.email.clone(),
        ip: None,
    };
    let m = service(&state)
        .decide(&bearer.principal, &actor, id, confirm)
        .await?;
    Ok(Json(match_dto(&m)))
}

/// One candidate credit threshold against the decisions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThresholdRowDto {
    /// 0 to 1.
    pub threshold: f64,
    /// Rejected matches scoring at or above it: it would have credited them.
    pub wrongly_credited: usize,
    /// Confirmed matches scoring below it: it would have left them for review.
    pub left_for_review: usize,
}

/// What the officers' decisions say about the thresholds.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionsDto {
    /// The thresholds in force, 0 to 1.
    pub credit_threshold: f64,
    pub review_threshold: f64,
    pub confirmed: usize,
    pub rejected: usize,
    /// The lowest candidate above every rejected score, once there are enough decisions.
    pub suggested_credit_threshold: Option<f64>,
    /// Decisions needed before a threshold is suggested.
    pub min_decisions: usize,
    pub rows: Vec<ThresholdRowDto>,
    /// The latest decisions the caller may see (confirmed and rejected matches), newest first.
    pub decided: Vec<MediaMatchDto>,
}

#[utoipa::path(get, operation_id = "media_match_decisions", path = "/api/v1/monitoring/decisions", tag = "monitoring",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The decisions and how they move the credit threshold", body = DecisionsDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner reads no unit's internal work", body = Problem, content_type = "application/problem+json")))]
pub async fn decisions(
    State(state): State<AppState>,
    bearer: Bearer,
) -> Result<Json<DecisionsDto>, Problem> {
    let monitoring = service(&state);
    let decided = monitoring
        .matches_page(
            &bearer.principal,
            &[MatchState::Confirmed, MatchState::Rejected],
            0,
            100,
        )
        .await?;
    let r: ThresholdReport = monitoring.threshold_report().await?;
    let unit = |bp: i64| bp as f64 / 10_000.0;
    Ok(Json(DecisionsDto {
        credit_threshold: unit(r.credit),
        review_threshold: unit(r.review),
        confirmed: r.confirmed,
        rejected: r.rejected,
        suggested_credit_threshold: r.suggested_credit.map(unit),
        min_decisions: sinergi_monitoring::MIN_DECISIONS,
        rows: r
            .rows
            .iter()
            .map(|row| ThresholdRowDto {
                threshold: unit(row.threshold),
                wrongly_credited: row.wrongly_credited,
                left_for_review: row.left_for_review,
            })
            .collect(),
        decided: decided.iter().map(match_dto).collect(),
    }))
}
