//! The publication gap, the work panel and the categories over JSON.

use super::*;

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
                id: i.id.get(),
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
        .await?;
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
    let panel: WorkPanel = state.newsroom.work_panel(&bearer.principal, 14).await?;
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
        .await?;
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
