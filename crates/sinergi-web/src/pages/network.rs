//! `/network` ("Jejaring"): the network browser, its counts per level,
//! the national units and the provinces, one click from every page.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use sinergi_domain::Level;
use sinergi_store::UnitQuery;

use super::errors::{OrErrorPage, PageResult};
use super::view::{PageCtx, UnitRow, level_key, render};
use crate::AppState;
use crate::i18n::Lang;

pub struct LevelCount {
    pub label: String,
    pub count: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "network.html")]
pub struct NetworkPage {
    ctx: PageCtx,
    counts: Vec<LevelCount>,
    national: Vec<UnitRow>,
    provinces: Vec<UnitRow>,
}

pub async fn show(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> PageResult {
    let ctx = PageCtx::new(lang, "/network".into());
    let tr = ctx.tr;
    let counts = state.store.count_units_by_level().await.or_page(lang)?;
    let list = |level| UnitQuery {
        level: Some(level),
        limit: 200,
        ..Default::default()
    };
    let national = state
        .store
        .list_units(&list(Level::National))
        .await
        .or_page(lang)?;
    let mut provinces = state
        .store
        .list_units(&list(Level::Province))
        .await
        .or_page(lang)?;
    // Provinces read best in their official order, by code.
    provinces.items.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    let page = NetworkPage {
        counts: Level::ALL
            .iter()
            .map(|l| LevelCount {
                label: tr.t(&level_key(*l)),
                count: tr.num(counts.get(*l)),
                href: format!("/units?level={}", l.as_str()),
            })
            .collect(),
        national: national
            .items
            .iter()
            .map(|(u, n)| UnitRow::new(&tr, u, *n))
            .collect(),
        provinces: provinces
            .items
            .iter()
            .map(|(u, n)| UnitRow::new(&tr, u, *n))
            .collect(),
        ctx,
    };
    render(&headers, page, |p| p).or_page(lang)
}
