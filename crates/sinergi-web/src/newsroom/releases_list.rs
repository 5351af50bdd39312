//! `/units/{code}/releases`: a unit's releases, by state for the unit's
//! own people, the public list for everyone else.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::access::Action;
use sinergi_domain::newsroom::ReleaseState;
use sinergi_store::newsroom::ReleaseQuery;

use super::common::{BriefRow, OrRefusal, parse_unit, principal_of, unit_name};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::Lang;
use crate::pages::PageResult;
use crate::pages::view::{PageCtx, encode_component};
use crate::session::MaybeSession;

const PAGE_SIZE: i64 = 30;

pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "newsroom/releases.html")]
struct ReleasesPage {
    ctx: PageCtx,
    unit_name: String,
    code: String,
    internal: bool,
    can_draft: bool,
    tabs: Vec<Tab>,
    rows: Vec<BriefRow>,
    next_href: Option<String>,
    first_href: Option<String>,
    paging_hx: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    subtree: Option<String>,
    cursor: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let unit = parse_unit(lang, &code)?;
    let unit_name = unit_name(&state, lang, &unit).await?;
    let principal = principal_of(&maybe);
    let subtree = q.subtree.as_deref() == Some("1");
    let internal = principal.can(Action::ReadInternal, &unit);
    // Internal readers see one state at a time; "released" is the default
    // tab, so the page opens on what the public sees too.
    let status = q
        .status
        .as_deref()
        .and_then(|s| s.parse::<ReleaseState>().ok())
        .unwrap_or(ReleaseState::Released);
    let cursor = q.cursor.filter(|c| !c.is_empty());
    let query = ReleaseQuery {
        unit: Some(unit.clone()),
        with_subtree: subtree,
        states: if internal { vec![status] } else { Vec::new() },
        limit: PAGE_SIZE,
        cursor: cursor.clone(),
        ..Default::default()
    };
    let page = state
        .newsroom
        .releases(&principal, query)
        .await
        .or_refusal(lang, &format!("/units/{code}"))?;
    let base = format!("/units/{code}/releases");
    let sub = if subtree { "&subtree=1" } else { "" };
    let here = if internal {
        format!("{base}?status={status}{sub}")
    } else {
        format!("{base}?{}", sub.trim_start_matches('&'))
    };
    let here = here.trim_end_matches('?').to_owned();
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let now = state.newsroom.now();
    let tabs = if internal {
        [
            ReleaseState::Draft,
            ReleaseState::InReview,
            ReleaseState::Approved,
            ReleaseState::Released,
            ReleaseState::Withdrawn,
        ]
        .iter()
        .map(|s| Tab {
            href: format!("{base}?status={s}{sub}"),
            label: tr.t(&format!("nr-tab-{s}")),
            current: *s == status,
        })
        .collect()
    } else {
        Vec::new()
    };
    let sep = if here.contains('?') { '&' } else { '?' };
    let page = ReleasesPage {
        unit_name,
        internal,
        can_draft: principal.can(Action::Draft, &unit),
        tabs,
        rows: page
            .items
            .iter()
            .map(|b| BriefRow::new(&tr, b, now))
            .collect(),
        next_href: page
            .next_cursor
            .map(|c| format!("{here}{sep}cursor={}", encode_component(&c))),
        first_href: cursor.map(|_| here.clone()),
        paging_hx: false,
        code,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}
