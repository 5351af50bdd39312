//! `/campaigns/running` ("Kampanye" for the public): the campaigns running
//! now, each with its public page. Officers' own list is `/campaigns`.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::PageError;
use super::errors::LocalizedError;
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

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
) -> Result<Response, LocalizedError> {
    build(state, lang, &headers)
        .await
        .map_err(|e| e.in_lang(lang))
}

async fn build(state: AppState, lang: Lang, headers: &HeaderMap) -> Result<Response, PageError> {
    let ctx = PageCtx::new(lang, "/campaigns/running".into());
    let campaigns = running_campaigns(&state, &ctx, 500).await?;
    render(headers, RunningPage { ctx, campaigns }, |p| p)
}
