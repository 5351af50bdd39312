//! `GET /api/v1/search`, and reading a search's parameters (shared with the `/search`
//! page): text, filters, sort and page, the viewer's scope and the time.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use serde::Serialize;
use sinergi_domain::{Level, UnitCode};
use sinergi_search::{DocKind, Hit, Sort, Viewer, search_as};
use utoipa::{IntoParams, ToSchema};

use super::auth::{SEARCH_TOKEN_HINT, maybe_principal};
use super::dto::rfc3339;
use super::extract::{Json, Query};
use super::problem::Problem;
use crate::AppState;

/// Results per page by default, and at most.
pub const PAGE_SIZE: usize = 20;
pub const MAX_PAGE_SIZE: usize = 100;
/// Dates in parameters are days in Western Indonesia Time (UTC+7).
const DAY_OFFSET_HOURS: i8 = 7;

/// A search as asked for, checked: what the page and the API share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub q: String,
    pub kinds: Vec<DocKind>,
    pub levels: Vec<Level>,
    pub province: Option<String>,
    pub within: Option<String>,
    pub unit: Option<String>,
    pub tags: Vec<String>,
    pub campaign: Option<String>,
    /// As typed (`2026-06-01`), for forms and links.
    pub from: Option<String>,
    pub until: Option<String>,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

/// A parameter that is not valid: which, the value, and a message for programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParam {
    pub param: &'static str,
    pub value: String,
    pub detail: String,
}

impl From<BadParam> for Problem {
    fn from(b: BadParam) -> Problem {
        Problem::bad_request(b.detail)
    }
}

/// Values of a list parameter, repeated (`type=unit&type=release`) or comma-separated.
fn list<'a>(pairs: &'a [(String, String)], name: &str) -> impl Iterator<Item = &'a str> {
    let name = name.to_owned();
    pairs
        .iter()
        .filter(move |(k, _)| *k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The last non-empty value of a single parameter.
fn single(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
}

fn bad(param: &'static str, value: &str, detail: String) -> BadParam {
    BadParam {
        param,
        value: value.to_owned(),
        detail,
    }
}

fn code(param: &'static str, value: Option<String>) -> Result<Option<String>, BadParam> {
    value
        .map(|v| match UnitCode::parse(&v) {
            Ok(c) => Ok(c.to_string()),
            Err(e) => Err(bad(param, &v, format!("`{param}`: {e}"))),
        })
        .transpose()
}

/// Midnight at the start of `date` (YYYY-MM-DD) in WIB, in microseconds.
fn day_start(param: &'static str, date: &str) -> Result<i64, BadParam> {
    let d: jiff::civil::Date = date.parse().map_err(|_| {
        bad(
            param,
            date,
            format!("`{param}` must be a date such as 2026-06-01, not `{date}`"),
        )
    })?;
    let offset = jiff::tz::Offset::constant(DAY_OFFSET_HOURS);
    offset
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .map(|t| t.as_microsecond())
        .map_err(|_| bad(param, date, format!("`{param}` is out of range")))
}

impl SearchRequest {
    /// Reads the query string's pairs; `allow_per_page`: whether `per_page` may be set
    /// (the API), or the page size is fixed (the page).
    pub fn parse(pairs: &[(String, String)], allow_per_page: bool) -> Result<Self, BadParam> {
        let mut r = SearchRequest {
            q: single(pairs, "q").unwrap_or_default(),
            page: 1,
            per_page: PAGE_SIZE,
            ..Default::default()
        };
        for v in list(pairs, "type") {
            let kind = DocKind::parse(v).ok_or_else(|| {
                bad(
                    "type",
                    v,
                    format!(
                        "`type` must be one of unit, release, achievement, innovation, coverage, event, campaign, not `{v}`"
                    ),
                )
            })?;
            if !r.kinds.contains(&kind) {
                r.kinds.push(kind);
            }
        }
        for v in list(pairs, "level") {
            let level = v
                .parse::<Level>()
                .map_err(|e| bad("level", v, format!("`level`: {e}")))?;
            if !r.levels.contains(&level) {
                r.levels.push(level);
            }
        }
        r.province = single(pairs, "province");
        if let Some(p) = &r.province
            && !(p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad(
                "province",
                p,
                format!("`province` must be a two-digit province code such as 51, not `{p}`"),
            ));
        }
        r.within = code("within", single(pairs, "within"))?;
        r.unit = code("unit", single(pairs, "unit"))?;
        r.tags = list(pairs, "tag").map(str::to_owned).collect();
        r.campaign = single(pairs, "campaign");
        r.from = single(pairs, "from");
        r.until = single(pairs, "until");
        if let Some(f) = &r.from {
            day_start("from", f)?;
        }
        if let Some(u) = &r.until {
            day_start("until", u)?;
        }
        r.sort = match single(pairs, "sort").as_deref() {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Newest,
            Some(other) => {
                return Err(bad(
                    "sort",
                    other,
                    format!("`sort` must be relevance or date, not `{other}`"),
                ));
            }
        };
        if allow_per_page && let Some(v) = single(pairs, "per_page") {
            r.per_page = match v.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
                _ => {
                    return Err(bad(
                        "per_page",
                        &v,
                        format!(
                            "`per_page` must be a whole number from 1 to {MAX_PAGE_SIZE}, not `{v}`"
                        ),
                    ));
                }
            };
        }
        let max_page = sinergi_search::index::MAX_OFFSET / r.per_page + 1;
        if let Some(v) = single(pairs, "page") {
            r.page = match v.parse::<usize>() {
                Ok(n) if (1..=max_page).contains(&n) => n,
                _ => {
                    return Err(bad(
                        "page",
                        &v,
                        format!("`page` must be a whole number from 1 to {max_page}, not `{v}`"),
                    ));
                }
            };
        }
        Ok(r)
    }

    /// Whether anything narrows the search.
    pub fn has_filters(&self) -> bool {
        !self.kinds.is_empty()
            || !self.levels.is_empty()
            || self.province.is_some()
            || self.within.is_some()
            || self.unit.is_some()
            || !self.tags.is_empty()
            || self.campaign.is_some()
            || self.from.is_some()
            || self.until.is_some()
    }

    /// The index query. Who asks and when are set by
    /// `sinergi_search::search_as`; until then the query sees nothing.
    pub fn to_query(&self) -> sinergi_search::Query {
        let until = self
            .until
            .as_deref()
            .and_then(|u| day_start("until", u).ok())
            .map(|start| start + 86_400_000_000);
        sinergi_search::Query {
            text: self.q.clone(),
            complete: false,
            kinds: self.kinds.clone(),
            levels: self.levels.clone(),
            province: self.province.clone(),
            within: self.within.clone(),
            unit: self.unit.clone(),
            tags: self.tags.clone(),
            campaign: self.campaign.clone(),
            from: self.from.as_deref().and_then(|f| day_start("from", f).ok()),
            until,
            sort: self.sort,
            limit: self.per_page,
            offset: (self.page - 1) * self.per_page,
            viewer: Viewer::public(),
            now: i64::MIN,
        }
    }

    /// The query string of this search (without the page unless `page` > 1), for links.
    pub fn query_string(&self, page: usize) -> String {
        use crate::pages::view::encode_component as encode;
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        for k in &self.kinds {
            parts.push(format!("type={}", k.as_str()));
        }
        for l in &self.levels {
            parts.push(format!("level={}", l.as_str()));
        }
        let mut one = |name: &str, v: &Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{name}={}", encode(v)));
            }
        };
        one("province", &self.province);
        one("within", &self.within);
        one("unit", &self.unit);
        one("campaign", &self.campaign);
        one("from", &self.from);
        one("until", &self.until);
        for t in &self.tags {
            parts.push(format!("tag={}", encode(t)));
        }
        if self.sort == Sort::Newest {
            parts.push("sort=date".into());
        }
        if self.per_page != PAGE_SIZE {
            parts.push(format!("per_page={}", self.per_page));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }
}

/// Where a hit is shown in Sinergi, for the kinds that have pages.
pub fn hit_href(hit: &Hit) -> Option<String> {
    let key = hit.id.split_once(':').map(|(_, k)| k)?;
    match hit.kind {
        DocKind::Unit => Some(format!("/units/{key}")),
        DocKind::Release => Some(format!("/releases/{key}")),
        DocKind::Achievement | DocKind::Innovation => Some(format!("/items/{key}")),
        _ => None,
    }
}

/// Parameters of `GET /api/v1/search`. List parameters repeat (`type=unit&type=release`)
/// or take commas (`type=unit,release`).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "documents the query for OpenAPI only; the handler reads the raw query into SearchRequest"
)]
pub struct SearchParams {
    /// The words to find; Indonesian words match their inflected forms (membangun ~
    /// pembangunan). "Quotes" for a phrase, -word to exclude. Empty: filters only.
    q: Option<String>,
    /// unit, release, achievement, innovation, coverage, event or campaign.
    #[param(rename = "type")]
    kind: Option<Vec<String>>,
    /// national, province, regency, district or village.
    level: Option<Vec<String>>,
    /// Two-digit province code, e.g. 51.
    province: Option<String>,
    /// Only this unit and the units below it (a unit code).
    within: Option<String>,
    /// Only exactly this unit.
    unit: Option<String>,
    /// Only records with all these tags.
    tag: Option<Vec<String>>,
    /// Only records of this campaign.
    campaign: Option<String>,
    /// Published on or after this day (YYYY-MM-DD, WIB).
    from: Option<String>,
    /// Published on or before this day (YYYY-MM-DD, WIB).
    until: Option<String>,
    /// relevance (default) or date (newest first).
    sort: Option<String>,
    /// Page number, from 1.
    page: Option<String>,
    /// Results per page, 1 to 100 (default 20).
    per_page: Option<String>,
}

/// One result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    /// `unit:51.71`, `release:123`.
    pub id: String,
    /// unit, release, achievement, …
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    /// The title, HTML-escaped, with the matched words in `<mark>`.
    pub title_html: String,
    /// A passage of the text, HTML-escaped, with the matched words in `<mark>`.
    pub snippet_html: String,
    pub unit_code: String,
    pub level: Option<String>,
    pub published_at: Option<String>,
    /// Its page in Sinergi, when it has one.
    pub href: Option<String>,
}

/// A facet value and how many results have it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCountDto {
    pub value: String,
    pub count: u64,
}

/// Counts per type (without the type filter) and per level (without the level filter).
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchFacetsDto {
    #[serde(rename = "type")]
    pub kind: Vec<FacetCountDto>,
    pub level: Vec<FacetCountDto>,
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPageDto {
    /// Matches in all.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// The next page's number, if there are more results.
    pub next_page: Option<u64>,
    /// No record had every word; these have some of them.
    pub relaxed: bool,
    pub results: Vec<SearchHitDto>,
    pub facets: SearchFacetsDto,
}

/// Search units (and, as the newsroom grows, releases, achievements and innovations).
/// Without a token: what the public sees. With a token: also the internal work of the
/// units in its owner's reach, and embargoed work early where its owner is accredited.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    params(SearchParams),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "A page of results with facet counts", body = SearchPageDto),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The token is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "This server keeps no search index", body = Problem, content_type = "application/problem+json"),
    ),
    tag = "search"
)]
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<SearchPageDto>, Problem> {
    let request = SearchRequest::parse(&pairs, true)?;
    let principal = maybe_principal(&headers, &state, SEARCH_TOKEN_HINT).await?;
    let Some(search) = &state.search else {
        return Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "search is not available on this server",
        ));
    };
    let answer = search_as(
        &search.index,
        &principal,
        state.clock.now(),
        request.to_query(),
    )
    .map_err(|e| {
        tracing::error!(error = %e, "search failed");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "an internal error occurred; it has been logged",
        )
    })?;
    let total = answer.results.total as u64;
    let shown = (request.page * request.per_page) as u64;
    Ok(Json(SearchPageDto {
        total,
        page: request.page as u64,
        per_page: request.per_page as u64,
        next_page: (total > shown
            && request.page * request.per_page <= sinergi_search::index::MAX_OFFSET)
            .then_some(request.page as u64 + 1),
        relaxed: answer.results.relaxed,
        results: answer
            .results
            .hits
            .iter()
            .map(|h| SearchHitDto {
                id: h.id.clone(),
                kind: h.kind.as_str().to_owned(),
                title: h.title.clone(),
                title_html: h.title_html.clone(),
                snippet_html: h.snippet_html.clone(),
                unit_code: h.unit_code.clone(),
                level: h.level.map(|l| l.as_str().to_owned()),
                published_at: h.published_at.map(rfc3339),
                href: hit_href(h),
            })
            .collect(),
        facets: SearchFacetsDto {
            kind: answer
                .kind_counts
                .iter()
                .map(|(k, n)| FacetCountDto {
                    value: k.as_str().to_owned(),
                    count: *n,
                })
                .collect(),
            level: answer
                .level_counts
                .iter()
                .map(|(l, n)| FacetCountDto {
                    value: l.as_str().to_owned(),
                    count: *n,
                })
                .collect(),
        },
    }))
}
