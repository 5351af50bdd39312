//! `/releases` ("Siaran pers"): every public release of the network,
//! newest first, by pages. The press rooms show a unit's; this is the
//! whole network's, read through the same public path (`news.rs`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;

use super::errors::{OrErrorPage, PageResult};
use super::news::{NewsRow, latest_releases};
use super::view::{PageCtx, encode_component, render};
use crate::AppState;
use crate::i18n::Lang;

const PAGE_SIZE: i64 = 20;

#[derive(Deserialize, Default)]
pub struct ListParams {
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "news/releases.html")]
pub struct ReleasesPage {
    ctx: PageCtx,
    title: String,
    intro: String,
    empty: String,
    rows: Vec<NewsRow>,
    next_href: Option<String>,
    first_href: Option<String>,
    paging_hx: bool,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> PageResult {
    let here = "/releases".to_owned();
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let cursor = params.cursor.filter(|c| !c.is_empty());
    let (rows, next) = latest_releases(&state, &tr, PAGE_SIZE, cursor.clone())
        .await
        .or_page(lang)?;
    let page = ReleasesPage {
        title: tr.t("releases-title"),
        intro: tr.t("releases-intro"),
        empty: tr.t("newsroom-latest-empty"),
        rows,
        next_href: next.map(|c| format!("{here}?cursor={}", encode_component(&c))),
        first_href: cursor.map(|_| here.clone()),
        paging_hx: false,
        ctx,
    };
    render(&headers, page, |p| p).or_page(lang)
}
