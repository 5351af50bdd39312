//! `/campaigns/{id}/dashboard`: how far a campaign travelled. Share per
//! level and over time, the drill-down tree (`?unit=CODE`), the province
//! map, the targets that have not started with their supervisors, and
//! every adopted release. Every figure links to the records behind it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_campaigns::{CampaignError, Dashboard, TargetRow};
use sinergi_domain::{Level, UnitCode};
use sinergi_map::percent;

use super::common::{
    dashboard_href, level_label, may_see_dashboard, public_href, release_href, status_tag,
    unit_param, zone_of,
};
use super::figures::{ChartView, ProvinceFigure, adoption_chart, province_figures, province_map};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::pages::view::{PageCtx, encode_component};
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    unit: Option<String>,
    /// Narrows the not-started list to one level.
    level: Option<String>,
    /// Not-started cursor: `rank:code` of the last row shown.
    after: Option<String>,
    /// Adopted-releases cursor: `public_at:release_id` of the last row shown.
    before: Option<String>,
}

pub struct LevelRow {
    pub label: String,
    pub targets: String,
    pub adopted: String,
    pub cascaded: String,
    pub not_started: String,
    pub share: String,
    pub not_started_href: String,
}

pub struct TreeRow {
    pub name: String,
    pub code: String,
    pub level: String,
    /// Drill-down link when the unit has targets below it.
    pub href: String,
    pub status_class: String,
    pub status_label: String,
    pub below: String,
    pub release_href: String,
}

pub struct Crumb {
    pub name: String,
    pub href: String,
}

pub struct NotStartedRow {
    pub name: String,
    pub code: String,
    pub level: String,
    pub href: String,
    pub supervisor: String,
    pub supervisor_href: String,
}

pub struct ReleaseRow {
    pub title: String,
    pub href: String,
    pub unit_name: String,
    pub unit_href: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "campaigns/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    title: String,
    owner: String,
    owner_href: String,
    period: String,
    tag: String,
    depth: String,
    share_setting: String,
    public_href: String,
    edit_href: String,
    can_manage: bool,
    totals: Vec<(String, String, String)>,
    levels: Vec<LevelRow>,
    chart: ChartView,
    map_svg: String,
    legend_svg: String,
    provinces: Vec<ProvinceFigure>,
    crumbs: Vec<Crumb>,
    current: Option<TreeRow>,
    tree: Vec<TreeRow>,
    not_started_level: String,
    not_started: Vec<NotStartedRow>,
    not_started_more: String,
    releases: Vec<ReleaseRow>,
    releases_more: String,
}

fn tree_row(tr: &Tr, id: i64, r: &TargetRow) -> TreeRow {
    let (status_class, status_label) = status_tag(tr, r.status);
    let code = r.unit_code.to_string();
    TreeRow {
        href: if r.counters.targets_below > 0 {
            format!(
                "{}?unit={}#tree",
                dashboard_href(id),
                encode_component(&code)
            )
        } else {
            String::new()
        },
        below: if r.counters.targets_below > 0 {
            format!(
                "{} / {} ({})",
                tr.num(r.counters.adopted_below),
                tr.num(r.counters.targets_below),
                percent(r.counters.adopted_below as f64 / r.counters.targets_below as f64)
            )
        } else {
            String::new()
        },
        release_href: r
            .first_release_id
            .map(|rid| format!("/releases/{rid}"))
            .unwrap_or_default(),
        name: r.name.clone(),
        level: level_label(tr, r.level),
        code,
        status_class,
        status_label,
    }
}

fn parse_after(s: Option<&str>) -> Option<(Level, UnitCode)> {
    let (rank, code) = s?.split_once(':')?;
    let rank: i64 = rank.parse().ok()?;
    let level = Level::ALL.into_iter().find(|l| l.rank() == rank)?;
    Some((level, UnitCode::parse(code).ok()?))
}

fn parse_before(s: Option<&str>) -> Option<(i64, i64)> {
    let (at, id) = s?.split_once(':')?;
    Some((at.parse().ok()?, id.parse().ok()?))
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    let campaigns = &state.campaigns;
    let principal = &who.session.principal;
    let d = campaigns.dashboard(principal, id).await.or_page(lang)?;
    match may_see_dashboard(campaigns, &who.session, &d.campaign).await {
        Ok(true) => {}
        Ok(false) => return Err(PageError::Forbidden.in_lang(lang)),
        Err(e) => return Err(PageError::from(e).in_lang(lang)),
    }
    let page = build(&state, lang, d, &q).await.or_page(lang)?;
    Ok(render_page(StatusCode::OK, &page))
}

async fn build(
    state: &AppState,
    lang: Lang,
    d: Dashboard,
    q: &DashboardQuery,
) -> Result<DashboardPage, CampaignError> {
    let campaigns = &state.campaigns;
    let id = d.campaign.id;
    let here = dashboard_href(id);
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let c = &d.campaign;
    let zone = zone_of(c.owner_code.as_str());

    let levels = d
        .levels
        .iter()
        .map(|l| LevelRow {
            label: level_label(&tr, l.level),
            targets: tr.num(l.targets),
            adopted: tr.num(l.adopted),
            cascaded: tr.num(l.cascaded),
            not_started: tr.num(l.targets - l.adopted),
            share: percent(if l.targets == 0 {
                0.0
            } else {
                l.adopted as f64 / l.targets as f64
            }),
            not_started_href: format!("{here}?level={}#not-started", l.level.as_str()),
        })
        .collect();
    let t = d.totals;
    let totals = vec![
        (tr.num(t.targets), tr.t("cp-targets"), "#tree".to_owned()),
        (
            tr.num(t.adopted),
            tr.t("cp-adopted"),
            "#releases".to_owned(),
        ),
        (tr.num(t.cascaded), tr.t("cp-cascaded"), "#tree".to_owned()),
        (
            tr.num(t.targets - t.adopted),
            tr.t("cp-not-started"),
            "#not-started".to_owned(),
        ),
    ];
    let chart = adoption_chart(&tr, &d);

    // The map: every province that is a target, with its subtree's share.
    let mut province_rows = Vec::new();
    for shape in &sinergi_map::provinces().shapes {
        if let Ok(code) = UnitCode::parse(&shape.code)
            && let Some(row) = state.store.campaign_target(id, &code).await?
        {
            province_rows.push(row);
        }
    }
    let provinces = province_figures(&tr, id, &province_rows);
    let (map_svg, legend_svg) = province_map(&tr, &provinces);

    // The drill-down tree.
    let unit = unit_param(q.unit.as_deref());
    let view = campaigns.tree(id, unit.as_ref()).await?;
    let mut crumbs = vec![Crumb {
        name: c.owner_name.clone(),
        href: format!("{here}#tree"),
    }];
    for p in &view.path {
        crumbs.push(Crumb {
            name: p.name.clone(),
            href: format!(
                "{here}?unit={}#tree",
                encode_component(p.unit_code.as_str())
            ),
        });
    }
    let current = view.unit.as_ref().map(|u| tree_row(&tr, id, u));
    let tree = view.children.iter().map(|r| tree_row(&tr, id, r)).collect();

    // Who has not started, with their supervisors.
    let level = q.level.as_deref().and_then(|l| l.parse::<Level>().ok());
    let rows = campaigns
        .not_started(id, level, parse_after(q.after.as_deref()), PAGE + 1)
        .await?;
    let not_started_more = match rows.get(PAGE as usize - 1) {
        Some(last) if rows.len() > PAGE as usize => format!(
            "{here}?{}after={}:{}#not-started",
            level
                .map(|l| format!("level={}&", l.as_str()))
                .unwrap_or_default(),
            last.level.rank(),
            encode_component(last.unit_code.as_str())
        ),
        _ => String::new(),
    };
    let not_started = rows
        .iter()
        .take(PAGE as usize)
        .map(|r| NotStartedRow {
            name: r.name.clone(),
            code: r.unit_code.to_string(),
            level: level_label(&tr, r.level),
            href: format!("/units/{}", r.unit_code),
            supervisor: r.supervisor_name.clone().unwrap_or_default(),
            supervisor_href: r
                .supervisor_code
                .as_ref()
                .map(|s| format!("/units/{s}"))
                .unwrap_or_default(),
        })
        .collect();

    // Every adopted release, newest first.
    let adopted = campaigns
        .adopted_releases(id, parse_before(q.before.as_deref()), PAGE + 1)
        .await?;
    let releases_more = match adopted.get(PAGE as usize - 1) {
        Some(last) if adopted.len() > PAGE as usize => format!(
            "{here}?before={}:{}#releases",
            last.public_at, last.release_id
        ),
        _ => String::new(),
    };
    let releases = adopted
        .iter()
        .take(PAGE as usize)
        .map(|r| ReleaseRow {
            href: release_href(r.release_id, &r.slug),
            title: r.title.clone(),
            unit_href: format!("/units/{}", r.unit_code),
            unit_name: r.unit_name.clone(),
            when: tr.date_time(r.public_at, zone_of(&r.unit_code)),
        })
        .collect();

    Ok(DashboardPage {
        title: c.title.clone(),
        owner: c.owner_name.clone(),
        owner_href: format!("/units/{}", c.owner_code),
        period: format!(
            "{} – {}",
            tr.date(c.starts_at, zone),
            tr.date(c.ends_at, zone)
        ),
        tag: c.tag.clone(),
        depth: level_label(&tr, c.depth.level()),
        share_setting: format!("{} %", c.cascade_share),
        public_href: public_href(c),
        edit_href: format!("/campaigns/{id}/edit"),
        can_manage: d.can_manage,
        totals,
        levels,
        chart,
        map_svg,
        legend_svg,
        provinces,
        crumbs,
        current,
        tree,
        not_started_level: level.map(|l| level_label(&tr, l)).unwrap_or_default(),
        not_started,
        not_started_more,
        releases,
        releases_more,
        ctx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let (l, c) = parse_after(Some("2:51.71")).unwrap();
        assert_eq!((l, c.as_str()), (Level::Regency, "51.71"));
        assert!(parse_after(Some("9:51")).is_none());
        assert_eq!(
            parse_before(Some("1780534800000000:7")),
            Some((1780534800000000, 7))
        );
        assert!(parse_before(Some("x")).is_none());
    }
}
