//! `/campaigns/running` ("Kampanye" for the public): the campaigns running
//! now, each with its public page. Officers' own list is `/campaigns`.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;

use super::errors::{OrErrorPage, PageResult};
use super::home::{CampaignLine, running_campaigns};
use super::view::{PageCtx, render};
use crate::AppState;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "news/running_campaigns.html")]
pub struct RunningPage {
    ctx: PageCtx,
    campaigns: Vec<CampaignLine>,
}

pub async fn show(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> PageResult {
    let ctx = PageCtx::new(lang, "/campaigns/running".into());
    let campaigns = running_campaigns(&state, &ctx, 500).await.or_page(lang)?;
    render(&headers, RunningPage { ctx, campaigns }, |p| p).or_page(lang)
}
