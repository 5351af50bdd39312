//! `/workspace`: what needs doing across every unit the person works for.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use sinergi_domain::access::{Action, Reach};
use sinergi_domain::newsroom::DEFAULT_GAP_DAYS;

use super::common::{BriefRow, refusal, render_page, zone_of};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::view::{PageCtx, encode_component};
use crate::session::SignedIn;

pub struct Stat {
    pub count: String,
    pub label: String,
    pub href: String,
}

pub struct GapRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub unit_name: String,
    pub since: String,
}

/// A unit the person works for, with its doors.
pub struct UnitDoors {
    pub name: String,
    pub code: String,
    pub role: String,
    pub register_href: String,
    pub releases_href: String,
    pub gap_href: String,
    pub can_draft: bool,
    pub new_release_href: String,
    pub new_item_href: String,
}

/// A running campaign that targets one of the person's units and that the
/// unit has not adopted: ways to start its release.
pub struct CampaignTodo {
    pub title: String,
    pub href: String,
    pub unit_name: String,
    pub until: String,
    /// (href, label): one per kit template, then "write your own".
    pub starts: Vec<(String, String)>,
}

/// A campaign one of the person's units owns (or owns within its
/// subtree): how far it has been carried, and its dashboard.
pub struct OwnedCampaign {
    pub title: String,
    pub dashboard_href: String,
    pub owner: String,
    pub adopted: String,
    pub running: bool,
}

#[derive(Template)]
#[template(path = "newsroom/workspace.html")]
struct WorkspacePage {
    ctx: PageCtx,
    stats: Vec<Stat>,
    review_queue: Vec<BriefRow>,
    drafts: Vec<BriefRow>,
    approved: Vec<BriefRow>,
    lifting_soon: Vec<BriefRow>,
    gap: Vec<GapRow>,
    units: Vec<UnitDoors>,
    campaigns: Vec<CampaignTodo>,
    network_gap: bool,
    /// For those who read the whole network: its gap at a glance.
    network: Vec<Stat>,
    owned: Vec<OwnedCampaign>,
}

pub async fn show(State(state): State<AppState>, lang: Lang, who: SignedIn) -> Response {
    let principal = &who.session.principal;
    let panel = match state.newsroom.work_panel(principal, DEFAULT_GAP_DAYS).await {
        Ok(p) => p,
        Err(e) => return refusal(lang, e, "/"),
    };
    let ctx = PageCtx::new(lang, "/workspace".into());
    let tr = ctx.tr;
    let now = state.newsroom.now();
    let rows = |list: &[sinergi_store::newsroom::ReleaseBrief]| {
        list.iter()
            .map(|b| BriefRow::new(&tr, b, now))
            .collect::<Vec<_>>()
    };
    let c = &panel.counts;
    let stats = vec![
        Stat {
            count: tr.num(c.in_review),
            label: tr.t("nr-panel-review"),
            href: "#review-queue".into(),
        },
        Stat {
            count: tr.num(c.drafts),
            label: tr.t("nr-panel-drafts"),
            href: "#drafts".into(),
        },
        Stat {
            count: tr.num(c.approved),
            label: tr.t("nr-panel-approved"),
            href: "#approved".into(),
        },
        Stat {
            count: tr.num(c.lifting_soon),
            label: tr.t("nr-panel-lifting"),
            href: "#lifting-soon".into(),
        },
        Stat {
            count: tr.num(c.unpublished_items),
            label: tr.t("nr-panel-gap"),
            href: "#gap".into(),
        },
    ];
    let gap = panel
        .gap
        .iter()
        .map(|g| GapRow {
            href: format!("/items/{}", g.id),
            title: g.title.clone(),
            kind: tr.t(&format!("nr-kind-{}", g.kind.as_str())),
            unit_name: g.unit_name.clone(),
            since: tr.t1(
                "nr-recorded-on",
                "date",
                &tr.date(g.created_at, zone_of(&g.unit_code)),
            ),
        })
        .collect();
    let mut units = Vec::new();
    let mut campaigns = Vec::new();
    for (_, m) in &who.session.memberships {
        let name = match state.store.unit(&m.unit).await {
            Ok(u) => u.name,
            Err(_) => m.unit.to_string(),
        };
        let code = m.unit.to_string();
        let subtree = if m.reach == Reach::Unit {
            ""
        } else {
            "&subtree=1"
        };
        units.push(UnitDoors {
            role: tr.t(&format!("role-{}", m.role.as_str())),
            register_href: format!("/units/{code}/register"),
            releases_href: format!("/units/{code}/releases"),
            gap_href: format!("/gap?unit={}{subtree}", encode_component(&code)),
            can_draft: principal.can(Action::Draft, &m.unit),
            new_release_href: format!("/releases/new?unit={}", encode_component(&code)),
            new_item_href: format!("/items/new?unit={}", encode_component(&code)),
            name: name.clone(),
            code: code.clone(),
        });
        campaigns.extend(campaign_todos(&state, principal, &m.unit, &name, &tr).await);
    }
    let network_reader = principal.scope(Action::ReadInternal).everything;
    let network = if network_reader {
        network_summary(&state, principal, &tr).await
    } else {
        Vec::new()
    };
    let owned = owned_campaigns(&state, &who, &tr).await;
    let page = WorkspacePage {
        stats,
        network,
        owned,
        review_queue: rows(&panel.review_queue),
        drafts: rows(&panel.drafts),
        approved: rows(&panel.approved),
        lifting_soon: rows(&panel.lifting_soon),
        gap,
        units,
        campaigns,
        network_gap: network_reader,
        ctx,
    };
    render_page(StatusCode::OK, &page)
}

/// The campaigns `unit` should carry, each with links that open the
/// release form filled from a kit template (or with only the tag set).
async fn campaign_todos(
    state: &AppState,
    principal: &sinergi_domain::access::Principal,
    unit: &sinergi_domain::UnitCode,
    unit_name: &str,
    tr: &crate::i18n::Tr,
) -> Vec<CampaignTodo> {
    let Ok(list) = state.campaigns.needs_doing(principal, unit).await else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in list {
        let new_href = format!(
            "/releases/new?unit={}&campaign={}",
            encode_component(unit.as_str()),
            c.campaign_id
        );
        let mut starts: Vec<(String, String)> = state
            .store
            .campaign_templates(c.campaign_id)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|t| {
                (
                    format!("{new_href}&template={}", t.id),
                    tr.t1("cp-ws-start-from", "title", &t.title),
                )
            })
            .collect();
        starts.push((new_href, tr.t("cp-ws-write-own")));
        out.push(CampaignTodo {
            href: crate::campaigns::common::public_href_of(c.campaign_id, &c.title),
            until: tr.t1(
                "cp-ws-until",
                "date",
                &tr.date(c.ends_at, zone_of(unit.as_str())),
            ),
            title: c.title,
            unit_name: unit_name.to_owned(),
            starts,
        });
    }
    out
}

/// The network's unpublished achievements and innovations per level, each
/// a door to the gap report at that level.
async fn network_summary(
    state: &AppState,
    principal: &sinergi_domain::access::Principal,
    tr: &crate::i18n::Tr,
) -> Vec<Stat> {
    let Ok((counts, _)) = state
        .newsroom
        .gap_report(principal, None, true, DEFAULT_GAP_DAYS, None)
        .await
    else {
        return Vec::new();
    };
    let mut stats = vec![Stat {
        count: tr.num(counts.total),
        label: tr.t("ws-network-gap-total"),
        href: "/gap".into(),
    }];
    stats.extend(counts.per_level.iter().map(|(level, n)| Stat {
        count: tr.num(*n),
        label: tr.t1(
            "ws-network-gap-level",
            "level",
            &tr.t(&crate::pages::view::level_key(*level)),
        ),
        href: "/gap".into(),
    }));
    stats
}

/// The campaigns the person runs: those they may manage (their units'
/// own, or below them; every campaign for the national coordinator).
async fn owned_campaigns(
    state: &AppState,
    who: &SignedIn,
    tr: &crate::i18n::Tr,
) -> Vec<OwnedCampaign> {
    let principal = &who.session.principal;
    let Ok(list) = state.campaigns.list(None).await else {
        return Vec::new();
    };
    list.into_iter()
        .filter(|s| sinergi_domain::campaign::may_manage(principal, &s.campaign.owner_code))
        .map(|s| OwnedCampaign {
            title: s.campaign.title.clone(),
            dashboard_href: crate::campaigns::common::dashboard_href(s.campaign.id),
            owner: s.campaign.owner_name.clone(),
            adopted: tr.t1(
                "ws-campaign-adopted",
                "share",
                &sinergi_map::percent(s.totals.adopted_percent() / 100.0),
            ),
            running: s.running,
        })
        .collect()
}
