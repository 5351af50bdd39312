//! `/campaigns`: the campaigns a signed-in person's units own (or
//! supervise the owner of) or are targeted by.

use super::common::{dashboard_href, public_href, zone_of};
use super::figures::share_text;
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageResult};
use crate::session::SignedIn;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use sinergi_campaigns::CampaignSummary;
use sinergi_domain::access::Action;

pub struct CampaignRow {
    pub title: String,
    pub owner: String,
    pub period: String,
    pub running: bool,
    pub adopted: String,
    pub public_href: String,
    pub dashboard_href: String,
    pub edit_href: String,
}

#[derive(Template)]
#[template(path = "campaigns/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<CampaignRow>,
    can_create: bool,
}

pub async fn show(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    let principal = &who.session.principal;
    let all = state.campaigns.list(None).await.or_page(lang)?;
    let mut mine: Vec<CampaignSummary> = Vec::new();
    for s in all {
        let mut relevant = principal.can(Action::ReadInternal, &s.campaign.owner_code);
        for (_, m) in &who.session.memberships {
            if relevant {
                break;
            }
            relevant = matches!(
                state.store.campaign_target(s.campaign.id, &m.unit).await,
                Ok(Some(_))
            );
        }
        if relevant {
            mine.push(s);
        }
    }
    let ctx = PageCtx::new(lang, "/campaigns".into());
    let tr = ctx.tr;
    let rows = mine
        .iter()
        .map(|s| {
            let c = &s.campaign;
            let zone = zone_of(c.owner_code.as_str());
            CampaignRow {
                title: c.title.clone(),
                owner: c.owner_name.clone(),
                period: format!(
                    "{} – {}",
                    tr.date(c.starts_at, zone),
                    tr.date(c.ends_at, zone)
                ),
                running: s.running,
                adopted: format!(
                    "{} / {} ({})",
                    tr.num(s.totals.adopted),
                    tr.num(s.totals.targets),
                    share_text(&tr, s.totals.adopted, s.totals.targets)
                ),
                public_href: public_href(c),
                dashboard_href: dashboard_href(c.id),
                edit_href: if sinergi_domain::campaign::may_manage(principal, &c.owner_code) {
                    format!("/campaigns/{}/edit", c.id)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let can_create = who
        .session
        .memberships
        .iter()
        .any(|(_, m)| principal.can(Action::ManageSettings, &m.unit));
    Ok(render_page(
        StatusCode::OK,
        &ListPage {
            rows,
            can_create,
            ctx,
        },
    ))
}
