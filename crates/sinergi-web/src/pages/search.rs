//! `/search`: everything the reader may see, with facets. Without JavaScript the form
//! is a plain GET; with htmx a change of a filter replaces the facets and results
//! (`#search-body`) and the address follows.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use sinergi_domain::Level;
use sinergi_domain::Zone;
use sinergi_domain::access::Principal;
use sinergi_search::{DocKind, Sort, search_as};
use sinergi_store::UnitQuery;

use super::PageError;
use super::errors::LocalizedError;
use super::view::{PageCtx, level_key, render, wants_partial};
use crate::AppState;
use crate::api::search::{SearchRequest, hit_href};
use crate::i18n::{Lang, Tr};
use crate::session::MaybeSession;

/// A facet value with its count, as a checkbox.
pub struct FacetOption {
    pub name: &'static str,
    pub value: String,
    pub label: String,
    pub count: String,
    pub checked: bool,
    pub id: String,
}

/// One result.
pub struct ResultRow {
    pub kind: String,
    pub title_html: String,
    pub href: Option<String>,
    pub snippet_html: String,
    pub meta: String,
}

#[derive(Template)]
#[template(path = "search/page.html")]
pub struct SearchPage {
    ctx: PageCtx,
    sort_date: bool,
    body: SearchBody,
}

/// Facets and results: the partial htmx replaces.
#[derive(Template)]
#[template(path = "search/_body.html")]
pub struct SearchBody {
    ctx: PageCtx,
    heading: String,
    message: Option<String>,
    relaxed: bool,
    rows: Vec<ResultRow>,
    kinds: Vec<FacetOption>,
    levels: Vec<FacetOption>,
    provinces: Vec<(String, String, bool)>,
    within: String,
    within_note: Option<String>,
    without_within_href: String,
    tag: String,
    from: String,
    until: String,
    clear_href: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_label: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: MaybeSession,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, LocalizedError> {
    build(state, lang, session, &headers, &pairs)
        .await
        .map_err(|e| e.in_lang(lang))
}

async fn build(
    state: AppState,
    lang: Lang,
    session: MaybeSession,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<Response, PageError> {
    let request = SearchRequest::parse(pairs, false).map_err(|b| PageError::BadRequest {
        key: "site-search-bad-param",
        arg: ("param", b.param.to_owned()),
    })?;
    let principal = match &session.session {
        Some(s) => s.principal.clone(),
        None => Principal::public(),
    };
    let query_string = request.query_string(request.page);
    let here = if query_string.is_empty() {
        "/search".to_owned()
    } else {
        format!("/search?{query_string}")
    };
    let mut ctx = PageCtx::new(lang, here.clone());
    ctx.q = request.q.clone();
    ctx.header_search = false;
    let tr = ctx.tr;
    let link = |r: &SearchRequest| {
        let qs = r.query_string(1);
        if qs.is_empty() {
            "/search".to_owned()
        } else {
            format!("/search?{qs}")
        }
    };

    let provinces = state
        .store
        .list_units(&UnitQuery {
            level: Some(Level::Province),
            limit: 200,
            ..Default::default()
        })
        .await
        .map_err(PageError::from_store)?;
    let mut province_options = vec![(
        String::new(),
        tr.t("site-search-all-provinces"),
        request.province.is_none(),
    )];
    province_options.extend(provinces.items.iter().map(|(u, _)| {
        let code = u.code.to_string();
        let selected = request.province.as_deref() == Some(code.as_str());
        (code, u.name.clone(), selected)
    }));
    let within_note = match &request.within {
        Some(code) => {
            let name = match sinergi_domain::UnitCode::parse(code) {
                Ok(c) => match state.store.unit(&c).await {
                    Ok(u) => format!("{} ({code})", u.name),
                    Err(_) => code.clone(),
                },
                Err(_) => code.clone(),
            };
            Some(tr.t1("search-within", "unit", &name))
        }
        None => None,
    };

    let searching = !request.q.is_empty() || request.has_filters();
    let mut body = SearchBody {
        ctx: PageCtx::new(lang, here.clone()),
        heading: tr.t("search-results"),
        message: None,
        relaxed: false,
        rows: Vec::new(),
        kinds: Vec::new(),
        levels: Vec::new(),
        provinces: province_options,
        within: request.within.clone().unwrap_or_default(),
        within_note,
        without_within_href: link(&SearchRequest {
            within: None,
            ..request.clone()
        }),
        tag: request.tags.join(", "),
        from: request.from.clone().unwrap_or_default(),
        until: request.until.clone().unwrap_or_default(),
        clear_href: request.has_filters().then(|| {
            link(&SearchRequest {
                q: request.q.clone(),
                sort: request.sort,
                ..SearchRequest::parse(&[], false).unwrap_or_default()
            })
        }),
        prev_href: None,
        next_href: None,
        page_label: None,
    };
    let mut status = StatusCode::OK;
    match (&state.search, searching) {
        (None, _) => {
            body.message = Some(tr.t("site-search-unavailable"));
            status = StatusCode::SERVICE_UNAVAILABLE;
        }
        (Some(_), false) => body.message = Some(tr.t("site-search-empty")),
        (Some(search), true) => {
            let answer = search_as(
                &search.index,
                &principal,
                state.clock.now(),
                request.to_query(),
            )
            .map_err(|e| PageError::Internal(e.to_string()))?;
            let total = answer.results.total;
            body.heading = if request.q.is_empty() {
                tr.count("site-search-count", total as i64)
            } else {
                format!(
                    "{} · {}",
                    tr.t1("search-results-for", "q", &request.q),
                    tr.count("site-search-count", total as i64)
                )
            };
            if total == 0 {
                body.message = Some(if request.q.is_empty() {
                    tr.t("site-search-none")
                } else {
                    tr.t1("site-search-no-results", "q", &request.q)
                });
            }
            body.relaxed = answer.results.relaxed;
            body.rows = answer
                .results
                .hits
                .iter()
                .map(|h| ResultRow {
                    kind: tr.t(&kind_label(h.kind)),
                    title_html: h.title_html.clone(),
                    href: hit_href(h),
                    snippet_html: h.snippet_html.clone(),
                    meta: meta(&tr, h),
                })
                .collect();
            body.kinds = answer
                .kind_counts
                .iter()
                .map(|(k, n)| FacetOption {
                    name: "type",
                    value: k.as_str().to_owned(),
                    label: tr.t(&kind_label(*k)),
                    count: tr.num(*n as i64),
                    checked: request.kinds.contains(k),
                    id: format!("facet-type-{}", k.as_str()),
                })
                .collect();
            body.levels = answer
                .level_counts
                .iter()
                .map(|(l, n)| FacetOption {
                    name: "level",
                    value: l.as_str().to_owned(),
                    label: tr.t(&level_key(*l)),
                    count: tr.num(*n as i64),
                    checked: request.levels.contains(l),
                    id: format!("facet-level-{}", l.as_str()),
                })
                .collect();
            let pages = total.div_ceil(request.per_page).max(1);
            let last_page = pages.min(sinergi_search::index::MAX_OFFSET / request.per_page + 1);
            let at = |page: usize| format!("/search?{}", request.query_string(page));
            if request.page > 1 {
                body.prev_href = Some(at(request.page - 1));
            }
            if request.page < last_page {
                body.next_href = Some(at(request.page + 1));
            }
            if pages > 1 {
                body.page_label = Some(format!(
                    "{} {} / {}",
                    tr.t("site-search-page"),
                    tr.num(request.page as i64),
                    tr.num(pages as i64)
                ));
            }
        }
    }
    let page = SearchPage {
        ctx,
        sort_date: request.sort == Sort::Newest,
        body,
    };
    let mut response = render(headers, page, |p| p.body)?;
    *response.status_mut() = status;
    if wants_partial(headers)
        && let Ok(canonical) = HeaderValue::from_str(&here)
    {
        // The form sends its empty fields too; the address bar gets the tidy form.
        response.headers_mut().insert("hx-push-url", canonical);
    }
    Ok(response)
}

/// The catalogue key of a kind's name: `search-kind-unit`.
fn kind_label(kind: DocKind) -> String {
    format!("site-search-kind-{}", kind.as_str())
}

/// The line under a result: code, level, date.
fn meta(tr: &Tr, hit: &sinergi_search::Hit) -> String {
    let mut parts = vec![hit.unit_code.clone()];
    if let Some(level) = hit.level {
        parts.push(tr.t(&level_key(level)));
    }
    if let Some(at) = hit.published_at {
        let zone = sinergi_domain::UnitCode::parse(&hit.unit_code)
            .map(|c| Zone::of_unit(&c))
            .unwrap_or(Zone::Wib);
        parts.push(tr.date(at, zone));
    }
    parts.join(" · ")
}
