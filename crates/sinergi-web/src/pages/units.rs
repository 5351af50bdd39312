//! A unit's page, and the search over all units.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use sinergi_domain::{Level, UnitCode};
use sinergi_store::UnitQuery;

use super::PageError;
use super::errors::LocalizedError;
use super::view::{PageCtx, UnitRow, encode_component, kind_key, level_key, render};
use crate::AppState;
use crate::i18n::Lang;
use crate::session::MaybeSession;

const PAGE_SIZE: u32 = 50;

pub struct Crumb {
    pub name: String,
    pub href: String,
}

pub struct BelowCount {
    pub label: String,
    pub count: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "units/show.html")]
pub struct UnitPage {
    ctx: PageCtx,
    name: String,
    code: String,
    kind: String,
    level: String,
    zone: String,
    local_time: String,
    retired_note: Option<String>,
    crumbs: Vec<Crumb>,
    crumb_current: String,
    below: Vec<BelowCount>,
    has_children: bool,
    hub: super::unit_hub::UnitHub,
    children: ChildList,
}

/// The list of sub-units: the partial of the unit page.
#[derive(Template)]
#[template(path = "units/_children.html")]
pub struct ChildList {
    ctx: PageCtx,
    rows: Vec<UnitRow>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Deserialize)]
pub struct PageParams {
    cursor: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: MaybeSession,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(params): Query<PageParams>,
) -> Result<Response, LocalizedError> {
    build_unit(state, lang, session, &headers, code, params)
        .await
        .map_err(|e| e.in_lang(lang))
}

async fn build_unit(
    state: AppState,
    lang: Lang,
    session: MaybeSession,
    headers: &HeaderMap,
    code: String,
    params: PageParams,
) -> Result<Response, PageError> {
    let parsed = UnitCode::parse(&code).map_err(|_| PageError::BadRequest {
        key: "bad-code",
        arg: ("code", code.clone()),
    })?;
    let (unit, child_count) =
        state
            .store
            .unit_with_child_count(&parsed)
            .await
            .map_err(|e| match e {
                sinergi_store::StoreError::NotFound(_) => PageError::NotFound {
                    key: "unit-not-found",
                    arg: ("code", code.clone()),
                },
                other => PageError::from_store(other),
            })?;
    let here = format!("/units/{code}");
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let chain = state
        .store
        .parent_chain(&parsed)
        .await
        .map_err(PageError::from_store)?;
    let below = state
        .store
        .count_descendants_by_level(&parsed)
        .await
        .map_err(PageError::from_store)?;
    let cursor = params.cursor.filter(|c| !c.is_empty());
    let children = state
        .store
        .list_units(&UnitQuery {
            parent: Some(parsed.clone()),
            limit: PAGE_SIZE,
            cursor: cursor.clone(),
            ..Default::default()
        })
        .await
        .map_err(PageError::from_store)?;
    let zone = unit.zone();
    let principal = match &session.session {
        Some(s) => s.principal.clone(),
        None => sinergi_domain::access::Principal::public(),
    };
    // htmx asks for the next page of sub-units only: no hub to read then.
    let hub = super::unit_hub::unit_hub(
        &state,
        &tr,
        &principal,
        session.session.is_some(),
        &unit,
        child_count > 0,
        !super::view::wants_partial(headers),
    )
    .await;
    let page = UnitPage {
        has_children: child_count > 0,
        hub,
        name: unit.name.clone(),
        crumb_current: unit.name.clone(),
        code: unit.code.to_string(),
        kind: tr.t(&kind_key(unit.kind)),
        level: tr.t(&level_key(unit.level)),
        zone: zone.abbreviation().to_owned(),
        local_time: tr.date_time(state.clock.now(), zone),
        retired_note: unit
            .retired_at
            .map(|at| tr.t1("retired-note", "date", &tr.date(at, zone))),
        crumbs: chain
            .iter()
            .map(|u| Crumb {
                name: u.name.clone(),
                href: format!("/units/{}", u.code),
            })
            .collect(),
        below: Level::ALL
            .iter()
            .filter(|l| below.get(**l) > 0)
            .map(|l| BelowCount {
                label: tr.t(&level_key(*l)),
                count: tr.num(below.get(*l)),
                href: format!("/units?within={code}&level={}", l.as_str()),
            })
            .collect(),
        children: ChildList {
            rows: children
                .items
                .iter()
                .map(|(u, n)| UnitRow::new(&tr, u, *n))
                .collect(),
            next_href: children
                .next_cursor
                .map(|c| format!("{here}?cursor={}", encode_component(&c))),
            first_href: cursor.map(|_| here.clone()),
            ctx: PageCtx::new(lang, here),
        },
        ctx,
    };
    render(headers, page, |p| p.children)
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    level: Option<String>,
    within: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "units/search.html")]
pub struct SearchPage {
    ctx: PageCtx,
    level_options: Vec<(String, String, bool)>,
    within: String,
    /// The unit searched within, named: "Kota Denpasar (51.71)".
    within_name: String,
    without_within_href: String,
    results: SearchResults,
}

/// The results: the partial of the search page.
#[derive(Template)]
#[template(path = "units/_results.html")]
pub struct SearchResults {
    ctx: PageCtx,
    heading: Option<String>,
    empty_message: Option<String>,
    rows: Vec<UnitRow>,
    next_href: Option<String>,
    first_href: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(params): Query<SearchParams>,
) -> Result<Response, LocalizedError> {
    build_search(state, lang, &headers, params)
        .await
        .map_err(|e| e.in_lang(lang))
}

async fn build_search(
    state: AppState,
    lang: Lang,
    headers: &HeaderMap,
    params: SearchParams,
) -> Result<Response, PageError> {
    let q = params.q.unwrap_or_default().trim().to_owned();
    let level_text = params.level.unwrap_or_default();
    let level = match level_text.as_str() {
        "" => None,
        l => Some(l.parse::<Level>().map_err(|_| PageError::BadRequest {
            key: "bad-level",
            arg: ("level", l.to_owned()),
        })?),
    };
    let within_text = params.within.unwrap_or_default();
    let within = match within_text.as_str() {
        "" => None,
        w => Some(UnitCode::parse(w).map_err(|_| PageError::BadRequest {
            key: "bad-code",
            arg: ("code", w.to_owned()),
        })?),
    };
    let mut here = format!("/units?q={}", encode_component(&q));
    if let Some(l) = level {
        here.push_str(&format!("&level={l}"));
    }
    if let Some(w) = &within {
        here.push_str(&format!("&within={w}"));
    }
    let mut ctx = PageCtx::new(lang, here.clone());
    ctx.q = q.clone();
    ctx.header_search = false;
    let tr = ctx.tr;
    let within_name = match &within {
        Some(code) => match state.store.unit_with_child_count(code).await {
            Ok((unit, _)) => format!("{} ({code})", unit.name),
            Err(sinergi_store::StoreError::NotFound(_)) => code.to_string(),
            Err(e) => return Err(PageError::from_store(e)),
        },
        None => String::new(),
    };
    let mut without_within_href = format!("/units?q={}", encode_component(&q));
    if let Some(l) = level {
        without_within_href.push_str(&format!("&level={l}"));
    }
    let cursor = params.cursor.filter(|c| !c.is_empty());
    let searching = !q.is_empty() || level.is_some() || within.is_some();
    let (rows, next) = if searching {
        let page = state
            .store
            .list_units(&UnitQuery {
                q: (!q.is_empty()).then(|| q.clone()),
                level,
                within,
                limit: PAGE_SIZE,
                cursor: cursor.clone(),
                ..Default::default()
            })
            .await
            .map_err(PageError::from_store)?;
        (
            page.items
                .iter()
                .map(|(u, n)| UnitRow::new(&tr, u, *n))
                .collect::<Vec<_>>(),
            page.next_cursor,
        )
    } else {
        (Vec::new(), None)
    };
    let heading = match (searching, q.is_empty()) {
        (false, _) => None,
        (true, true) => Some(tr.t("search-results")),
        (true, false) => Some(tr.t1("search-results-for", "q", &q)),
    };
    let empty_message = if !searching {
        Some(tr.t("search-empty"))
    } else if rows.is_empty() {
        Some(tr.t1("search-no-results", "q", &q))
    } else {
        None
    };
    let mut options = vec![(String::new(), tr.t("all-levels"), level.is_none())];
    options.extend(Level::ALL.iter().map(|l| {
        (
            l.as_str().to_owned(),
            tr.t(&level_key(*l)),
            Some(*l) == level,
        )
    }));
    let mut results_ctx = PageCtx::new(lang, here.clone());
    results_ctx.q = q;
    let page = SearchPage {
        level_options: options,
        within: within_text,
        within_name,
        without_within_href,
        results: SearchResults {
            heading,
            empty_message,
            rows,
            next_href: next.map(|c| format!("{here}&cursor={}", encode_component(&c))),
            first_href: cursor.map(|_| here.clone()),
            ctx: results_ctx,
        },
        ctx,
    };
    render(headers, page, |p| p.results)
}
