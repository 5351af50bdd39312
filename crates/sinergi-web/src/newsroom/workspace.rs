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
    network_gap: bool,
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
            name,
            code,
        });
    }
    let page = WorkspacePage {
        stats,
        review_queue: rows(&panel.review_queue),
        drafts: rows(&panel.drafts),
        approved: rows(&panel.approved),
        lifting_soon: rows(&panel.lifting_soon),
        gap,
        units,
        network_gap: principal.scope(Action::ReadInternal).everything,
        ctx,
    };
    render_page(StatusCode::OK, &page)
}
