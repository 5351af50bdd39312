//! The home page: the network's newsroom. The latest public releases
//! across the network with their units named, the running campaigns, a
//! search, and a door for each kind of reader (journalists, citizens,
//! officers); the network browser is one click away (`/network`).
//!
//! Anonymous readers get it from the public cache (an exact-path rule of
//! `public/cache.rs`); it reads only public data, so one rendering serves
//! all.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use sinergi_domain::Level;

use super::PageError;
use super::errors::{OrErrorPage, PageResult};
use super::news::{NewsRow, latest_releases};
use super::view::{PageCtx, level_key, render};
use crate::AppState;
use crate::campaigns::common::public_href;
use crate::i18n::Lang;

/// Releases on the home page.
const LATEST: i64 = 8;
/// Running campaigns on the home page.
const CAMPAIGNS: usize = 4;

pub struct LevelCount {
    pub label: String,
    pub count: String,
    pub href: String,
}

/// A running campaign, for the public.
pub struct CampaignLine {
    pub title: String,
    pub href: String,
    pub owner: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    ctx: PageCtx,
    releases: Vec<NewsRow>,
    campaigns: Vec<CampaignLine>,
    counts: Vec<LevelCount>,
}

pub async fn show(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> PageResult {
    let mut ctx = PageCtx::new(lang, "/".into());
    // The home page has its own, larger search box.
    ctx.header_search = false;
    let tr = ctx.tr;
    let (releases, _) = latest_releases(&state, &tr, LATEST, None)
        .await
        .or_page(lang)?;
    let campaigns = running_campaigns(&state, &ctx, CAMPAIGNS)
        .await
        .or_page(lang)?;
    let counts = state.store.count_units_by_level().await.or_page(lang)?;
    let page = HomePage {
        releases,
        campaigns,
        counts: Level::ALL
            .iter()
            .map(|l| LevelCount {
                label: tr.t(&level_key(*l)),
                count: tr.num(counts.get(*l)),
                href: format!("/units?level={}", l.as_str()),
            })
            .collect(),
        ctx,
    };
    render(&headers, page, |p| p).or_page(lang)
}

/// The campaigns running now, newest first, at most `limit`.
pub async fn running_campaigns(
    state: &AppState,
    ctx: &PageCtx,
    limit: usize,
) -> Result<Vec<CampaignLine>, PageError> {
    let all = state
        .campaigns
        .list(None)
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(all
        .into_iter()
        .filter(|s| s.running)
        .take(limit)
        .map(|s| CampaignLine {
            title: s.campaign.title.clone(),
            href: public_href(&s.campaign),
            owner: s.campaign.owner_name.clone(),
            until: ctx.tr.date(
                s.campaign.ends_at,
                sinergi_domain::Zone::of_unit(&s.campaign.owner_code),
            ),
        })
        .collect())
}
