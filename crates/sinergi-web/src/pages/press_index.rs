//! `/press` ("Ruang pers"): the way in for journalists. What a press room
//! offers (releases, feeds, embargoed texts for accredited journalists,
//! the PR contact), the newest releases, and every national unit's and
//! province's press room; any other unit's is on its page.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use sinergi_domain::Level;
use sinergi_store::UnitQuery;

use super::PageError;
use super::errors::{OrErrorPage, PageResult};
use super::news::{NewsRow, latest_releases};
use super::view::{NavLink, PageCtx, render};
use crate::AppState;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "news/press_rooms.html")]
pub struct PressIndex {
    ctx: PageCtx,
    releases: Vec<NewsRow>,
    national: Vec<NavLink>,
    provinces: Vec<NavLink>,
}

async fn rooms(state: &AppState, level: Level) -> Result<Vec<NavLink>, PageError> {
    let mut page = state
        .store
        .list_units(&UnitQuery {
            level: Some(level),
            limit: 200,
            ..Default::default()
        })
        .await
        .map_err(PageError::from_store)?;
    page.items.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    Ok(page
        .items
        .iter()
        .filter(|(u, _)| u.retired_at.is_none())
        .map(|(u, _)| NavLink {
            href: format!("/press/{}", u.code),
            label: u.name.clone(),
            current: false,
        })
        .collect())
}

pub async fn show(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> PageResult {
    let ctx = PageCtx::new(lang, "/press".into());
    let tr = ctx.tr;
    let (releases, _) = latest_releases(&state, &tr, 5, None).await.or_page(lang)?;
    let page = PressIndex {
        releases,
        national: rooms(&state, Level::National).await.or_page(lang)?,
        provinces: rooms(&state, Level::Province).await.or_page(lang)?,
        ctx,
    };
    render(&headers, page, |p| p).or_page(lang)
}
