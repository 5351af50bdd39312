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
use super::view::{PageCtx, level_key, parent_names, place_name, render, wants_partial};
use crate::AppState;
use crate::api::search::{SearchRequest, hit_href};
use crate::i18n::{Lang, Tr};
use crate::newsroom::press_number::Shorthands;
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
    /// An amplification of another unit's release: labelled, so it does
    /// not read as a second copy of its original.
    pub amplified: bool,
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
    /// How many filters are set, shown on the phone's "Saring" button.
    active_filters: usize,
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
    let here = address_of(&request, request.page);
    let mut ctx = PageCtx::new(lang, here.clone());
    ctx.q = request.q.clone();
    ctx.header_search = false;
    let tr = ctx.tr;
    let mut body = filters_without_results(&state, lang, &tr, &request, &here).await?;
    let searching = !request.q.is_empty() || request.has_filters();
    let status = match (&state.search, searching) {
        (None, _) => {
            body.message = Some(tr.t("site-search-unavailable"));
            StatusCode::SERVICE_UNAVAILABLE
        }
        (Some(_), false) => {
            body.message = Some(tr.t("site-search-empty"));
            StatusCode::OK
        }
        (Some(search), true) => {
            add_results(&state, &tr, search, &principal, &request, &mut body).await?;
            StatusCode::OK
        }
    };
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

/// The search page's address for `request` at `page`.
fn address_of(request: &SearchRequest, page: usize) -> String {
    let qs = request.query_string(page);
    if qs.is_empty() {
        "/search".to_owned()
    } else {
        format!("/search?{qs}")
    }
}

/// The province filter's options: every province by name, the chosen one
/// selected.
async fn province_options(
    state: &AppState,
    tr: &Tr,
    request: &SearchRequest,
) -> Result<Vec<(String, String, bool)>, PageError> {
    let provinces = state
        .store
        .list_units(&UnitQuery {
            level: Some(Level::Province),
            limit: 200,
            ..Default::default()
        })
        .await
        .map_err(PageError::from_store)?;
    let mut options = vec![(
        String::new(),
        tr.t("site-search-all-provinces"),
        request.province.is_none(),
    )];
    options.extend(provinces.items.iter().map(|(u, _)| {
        let code = u.code.to_string();
        let selected = request.province.as_deref() == Some(code.as_str());
        (code, u.name.clone(), selected)
    }));
    Ok(options)
}

/// "Searching within Kota Denpasar": the unit the search is limited to,
/// by name.
async fn within_note(state: &AppState, tr: &Tr, request: &SearchRequest) -> Option<String> {
    let code = request.within.as_ref()?;
    let name = match sinergi_domain::UnitCode::parse(code) {
        Ok(c) => match state.store.unit(&c).await {
            Ok(u) => u.name,
            Err(_) => code.clone(),
        },
        Err(_) => code.clone(),
    };
    Some(tr.t1("search-within", "unit", &name))
}

/// The page's body before any search: the filters as asked, no results.
async fn filters_without_results(
    state: &AppState,
    lang: Lang,
    tr: &Tr,
    request: &SearchRequest,
    here: &str,
) -> Result<SearchBody, PageError> {
    Ok(SearchBody {
        ctx: PageCtx::new(lang, here.to_owned()),
        heading: tr.t("search-results"),
        message: None,
        relaxed: false,
        rows: Vec::new(),
        kinds: Vec::new(),
        levels: Vec::new(),
        provinces: province_options(state, tr, request).await?,
        within: request.within.clone().unwrap_or_default(),
        within_note: within_note(state, tr, request).await,
        without_within_href: address_of(
            &SearchRequest {
                within: None,
                ..request.clone()
            },
            1,
        ),
        tag: request.tags.join(", "),
        from: request.from.clone().unwrap_or_default(),
        until: request.until.clone().unwrap_or_default(),
        active_filters: request.kinds.len()
            + request.levels.len()
            + request.tags.len()
            + usize::from(request.province.is_some())
            + usize::from(request.from.is_some())
            + usize::from(request.until.is_some()),
        clear_href: request.has_filters().then(|| {
            address_of(
                &SearchRequest {
                    q: request.q.clone(),
                    sort: request.sort,
                    ..SearchRequest::parse(&[], false).unwrap_or_default()
                },
                1,
            )
        }),
        prev_href: None,
        next_href: None,
        page_label: None,
    })
}

/// Runs the search and puts its results, facets and pages into `body`.
async fn add_results(
    state: &AppState,
    tr: &Tr,
    search: &crate::SearchHandle,
    principal: &Principal,
    request: &SearchRequest,
    body: &mut SearchBody,
) -> Result<(), PageError> {
    let answer = search_as(
        &search.index,
        principal,
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
    body.rows = result_rows(state, tr, &answer.results.hits).await;
    body.kinds = kind_facets(tr, &answer.kind_counts, request);
    body.levels = level_facets(tr, &answer.level_counts, request);
    add_pages(tr, total, request, body);
    Ok(())
}

/// The results, each unit named with its parent, each amplification
/// labelled as one and each release with its press number.
async fn result_rows(state: &AppState, tr: &Tr, hits: &[sinergi_search::Hit]) -> Vec<ResultRow> {
    let codes = hits.iter().map(|h| h.unit_code.clone()).collect();
    let places = unit_places(&state.store, codes).await;
    let shorthands =
        Shorthands::load(&state.store, hits.iter().map(|h| h.unit_code.as_str())).await;
    let mut rows = Vec::with_capacity(hits.len());
    for h in hits {
        let release = match h.kind {
            DocKind::Release => release_of(state, &h.id).await,
            _ => None,
        };
        let mut meta = meta(tr, h, &places);
        if let Some(r) = &release
            && let Some(n) = r.press_number
        {
            meta.push_str(" · ");
            meta.push_str(&shorthands.number(tr, r.unit_code.as_str(), &r.unit_name, n));
        }
        rows.push(ResultRow {
            kind: tr.t(&kind_label(h.kind)),
            amplified: release.as_ref().is_some_and(|r| r.amplifies_id.is_some()),
            title_html: h.title_html.clone(),
            href: hit_href(h),
            snippet_html: h.snippet_html.clone(),
            meta,
        });
    }
    rows
}

/// The release behind a hit (`release:12`): whether it amplifies another
/// and its press number. The hit is one the reader may see already.
async fn release_of(
    state: &AppState,
    doc_id: &str,
) -> Option<sinergi_store::newsroom::ReleaseRecord> {
    let id = doc_id
        .strip_prefix("release:")
        .and_then(|n| n.parse::<sinergi_domain::ReleaseId>().ok())?;
    state.store.release(id).await.ok().flatten()
}

/// Each unit named as people name it ("Kab. Banyuwangi, Jawa Timur"), by
/// code.
async fn unit_places(
    store: &sinergi_store::Store,
    codes: Vec<String>,
) -> std::collections::HashMap<String, String> {
    // The units and the ones that place them, in two queries.
    let names = store
        .unit_names(codes.iter().map(String::as_str))
        .await
        .unwrap_or_default();
    let parents = parent_names(store, names.keys().cloned().collect()).await;
    names
        .iter()
        .map(|(code, name)| (code.clone(), place_name(name, code, &parents)))
        .collect()
}

fn kind_facets(tr: &Tr, counts: &[(DocKind, u64)], request: &SearchRequest) -> Vec<FacetOption> {
    counts
        .iter()
        .map(|(k, n)| FacetOption {
            name: "type",
            value: k.as_str().to_owned(),
            label: tr.t(&kind_label(*k)),
            count: tr.num(*n as i64),
            checked: request.kinds.contains(k),
            id: format!("facet-type-{}", k.as_str()),
        })
        .collect()
}

fn level_facets(tr: &Tr, counts: &[(Level, u64)], request: &SearchRequest) -> Vec<FacetOption> {
    counts
        .iter()
        .map(|(l, n)| FacetOption {
            name: "level",
            value: l.as_str().to_owned(),
            label: tr.t(&level_key(*l)),
            count: tr.num(*n as i64),
            checked: request.levels.contains(l),
            id: format!("facet-level-{}", l.as_str()),
        })
        .collect()
}

/// Previous and next pages, and "Page 2 / 7".
fn add_pages(tr: &Tr, total: usize, request: &SearchRequest, body: &mut SearchBody) {
    let pages = total.div_ceil(request.per_page).max(1);
    let last_page = pages.min(sinergi_search::index::MAX_OFFSET / request.per_page + 1);
    if request.page > 1 {
        body.prev_href = Some(address_of(request, request.page - 1));
    }
    if request.page < last_page {
        body.next_href = Some(address_of(request, request.page + 1));
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

/// The catalogue key of a kind's name: `search-kind-unit`.
fn kind_label(kind: DocKind) -> String {
    format!("site-search-kind-{}", kind.as_str())
}

/// The line under a result: the unit by name (its parent's too), a
/// unit's level, the date.
fn meta(
    tr: &Tr,
    hit: &sinergi_search::Hit,
    places: &std::collections::HashMap<String, String>,
) -> String {
    let mut parts = Vec::new();
    if hit.kind == DocKind::Unit {
        if let Some(level) = hit.level {
            parts.push(tr.t(&level_key(level)));
        }
        // A unit's title is its name; its place adds the parent.
        if let Some(parent) = places
            .get(&hit.unit_code)
            .and_then(|p| p.split_once(", ").map(|(_, parent)| parent.to_owned()))
        {
            parts.push(parent);
        }
    } else {
        parts.push(
            places
                .get(&hit.unit_code)
                .cloned()
                .unwrap_or_else(|| hit.unit_code.clone()),
        );
    }
    if let Some(at) = hit.published_at {
        let zone = sinergi_domain::UnitCode::parse(&hit.unit_code)
            .map(|c| Zone::of_unit(&c))
            .unwrap_or(Zone::Wib);
        parts.push(tr.date(at, zone));
    }
    parts.join(" · ")
}
