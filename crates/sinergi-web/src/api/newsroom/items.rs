//! The register over JSON: achievements and innovations, and replications.

use super::*;

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
        id: i.id.get(),
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
    let page = state.newsroom.items(&principal, q).await?;
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
    let unit = required_unit(body.unit.as_deref())?;
    let id = state
        .newsroom
        .create_item(&bearer.principal, &unit, &body.input())
        .await?;
    Ok(Saved::created(id))
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
    Path(id): Path<ItemId>,
) -> Result<Json<ItemDto>, Problem> {
    let view = state.newsroom.item_view(&principal, id).await?;
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
    Path(id): Path<ItemId>,
    Json(body): Json<ItemBody>,
) -> Result<Json<Saved>, Problem> {
    let version = required_version(body.version)?;
    let v = state
        .newsroom
        .update_item(&bearer.principal, id, version, &body.input())
        .await?;
    Ok(Json(Saved {
        id: id.get(),
        version: v,
    }))
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
    Path(id): Path<ItemId>,
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
        .await?;
    Ok(Saved::created(rid))
}
