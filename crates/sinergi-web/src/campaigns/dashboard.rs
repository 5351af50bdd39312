//! `/campaigns/{id}/dashboard`: who has not carried a campaign, at a
//! glance. A sentence with the share first, a contents list, then the
//! not-started list (filtered by level and province, sorted, paged, with
//! its export and, for the owner, "send a reminder now"), the share per
//! level, the province map with its table (with a province in view, by
//! the tree or the list's filter, the map of its regencies and cities
//! instead), the adoption chart, the drill-down tree (`?unit=CODE`) and
//! every adopted release. Every figure links to the records behind it. The
//! filter is a plain GET form, so it works without script; the export and
//! the reminder take the same filter.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use sinergi_campaigns::{
    CampaignError, Dashboard, NotStartedFilter, NotStartedSort, NotStartedUnit, TargetRow,
};
use sinergi_domain::CampaignId;
use sinergi_domain::{Level, UnitCode};

use super::common::{
    dashboard_href, level_label, may_see_dashboard, public_href, release_href, status_tag,
    unit_param, zone_of,
};
use super::figures::{
    ChartView, ProvinceFigure, adoption_chart, province_figures, province_map, share_text,
};
use crate::AppState;
use crate::forms::{Pairs, check_csrf, field, render_page, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::{MapView, PageCtx, encode_component};
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

/// Rows of the not-started list per page.
const PAGE: i64 = 25;
/// Adopted releases shown on the dashboard at once.
const RELEASES: i64 = 10;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    unit: Option<String>,
    /// The not-started list's filter and order.
    level: Option<String>,
    province: Option<String>,
    sort: Option<String>,
    /// The not-started list's page, from 1.
    page: Option<i64>,
    /// Adopted-releases cursor: `public_at:release_id` of the last row shown.
    before: Option<String>,
    /// The answer to "remind now", after its redirect.
    reminded: Option<i64>,
    queued: Option<i64>,
    recent: Option<i64>,
    unreachable: Option<i64>,
    not_running: Option<String>,
}

/// The not-started filter of a query or a form: unknown values are ignored.
pub fn filter_of(
    level: Option<&str>,
    province: Option<&str>,
    sort: Option<&str>,
) -> NotStartedFilter {
    NotStartedFilter {
        level: level.and_then(|l| l.parse::<Level>().ok()),
        within: unit_param(province),
        sort: sort.and_then(NotStartedSort::parse).unwrap_or_default(),
    }
}

/// The filter as query parameters (without `?`), empty for none.
pub fn filter_query(f: &NotStartedFilter) -> String {
    let mut parts = Vec::new();
    if let Some(l) = f.level {
        parts.push(format!("level={}", l.as_str()));
    }
    if let Some(w) = &f.within {
        parts.push(format!("province={}", encode_component(w.as_str())));
    }
    if f.sort != NotStartedSort::default() {
        parts.push(format!("sort={}", f.sort.as_str()));
    }
    parts.join("&")
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
    /// The unit above, or "campaign owner" (never the owner's full name
    /// again on every row).
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

/// A choice in one of the filter's selects: (value, label, selected).
pub type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "campaigns/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    id: CampaignId,
    title: String,
    owner: String,
    owner_href: String,
    summary: String,
    period: String,
    tag: String,
    depth: String,
    share_setting: String,
    public_href: String,
    edit_href: String,
    can_manage: bool,
    csrf: String,
    notice: String,
    levels: Vec<LevelRow>,
    chart: ChartView,
    map: MapView<ProvinceFigure>,
    crumbs: Vec<Crumb>,
    current: Option<TreeRow>,
    tree: Vec<TreeRow>,
    tree_open: bool,
    level_choices: Vec<Choice>,
    province_choices: Vec<Choice>,
    sort_choices: Vec<Choice>,
    /// The filter's current values, for the export and the reminder.
    filter_level: String,
    filter_province: String,
    filter_sort: String,
    filtered: bool,
    not_started_count: String,
    supervisor_hint: String,
    not_started: Vec<NotStartedRow>,
    page_label: String,
    prev_href: String,
    next_href: String,
    /// The not-started list as filtered, as CSV and as XLSX.
    export_href: String,
    export_xlsx_href: String,
    releases: Vec<ReleaseRow>,
    releases_more: String,
    /// Paging through the adopted releases: their section stays open on a
    /// phone, where the sections below the list are closed disclosures.
    releases_open: bool,
}

fn tree_row(tr: &Tr, id: CampaignId, r: &TargetRow) -> TreeRow {
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
                share_text(tr, r.counters.adopted_below, r.counters.targets_below)
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

fn parse_before(s: Option<&str>) -> Option<(i64, i64)> {
    let (at, id) = s?.split_once(':')?;
    Some((at.parse().ok()?, id.parse().ok()?))
}

/// The supervisor as the list shows it.
fn supervisor_of(tr: &Tr, owner: &str, r: &NotStartedUnit) -> (String, String) {
    match (&r.supervisor_code, &r.supervisor_name) {
        (Some(code), _) if code == owner => (tr.t("cp-supervisor-owner"), String::new()),
        (Some(code), Some(name)) => (name.clone(), format!("/units/{code}")),
        _ => (String::new(), String::new()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CampaignId>,
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
    let csrf = who.session.csrf_token.clone();
    let page = build(&state, lang, d, &q, csrf).await.or_page(lang)?;
    Ok(render_page(StatusCode::OK, &page))
}

async fn build(
    state: &AppState,
    lang: Lang,
    d: Dashboard,
    q: &DashboardQuery,
    csrf: String,
) -> Result<DashboardPage, CampaignError> {
    let campaigns = &state.campaigns;
    let id = d.campaign.id;
    let here = dashboard_href(id);
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let c = &d.campaign;
    let zone = zone_of(c.owner_code.as_str());
    let t = d.totals;

    let summary = if t.targets == 0 {
        tr.t("cp-summary-none")
    } else {
        tr.tn(
            "cp-summary",
            &[
                ("adopted", tr.num(t.adopted)),
                ("targets", tr.num(t.targets)),
                ("share", share_text(&tr, t.adopted, t.targets)),
                ("waiting", tr.num(t.targets - t.adopted)),
            ],
        )
    };

    let levels = d
        .levels
        .iter()
        .map(|l| LevelRow {
            label: level_label(&tr, l.level),
            targets: tr.num(l.targets),
            adopted: tr.num(l.adopted),
            cascaded: tr.num(l.cascaded),
            not_started: tr.num(l.targets - l.adopted),
            share: share_text(&tr, l.adopted, l.targets),
            not_started_href: format!("{here}?level={}#not-started", l.level.as_str()),
        })
        .collect();
    let chart = adoption_chart(&tr, &d);

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

    let filter = filter_of(q.level.as_deref(), q.province.as_deref(), q.sort.as_deref());
    let map = map_view(state, &tr, id, unit.as_ref(), filter.within.as_ref()).await?;

    // Who has not started: filtered, sorted, paged.
    let total = campaigns.not_started_count(id, &filter).await?;
    let pages = ((total + PAGE - 1) / PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let rows = campaigns
        .not_started_filtered(id, &filter, (page - 1) * PAGE, Some(PAGE))
        .await?;
    let owner_code = c.owner_code.to_string();
    let not_started = rows
        .iter()
        .map(|r| {
            let (supervisor, supervisor_href) = supervisor_of(&tr, &owner_code, r);
            NotStartedRow {
                name: r.name.clone(),
                code: r.unit_code.to_string(),
                level: level_label(&tr, r.level),
                href: format!("/units/{}", r.unit_code),
                supervisor,
                supervisor_href,
            }
        })
        .collect();
    let query = filter_query(&filter);
    let page_href = |n: i64| {
        let mut qs = query.clone();
        if n > 1 {
            if !qs.is_empty() {
                qs.push('&');
            }
            qs.push_str(&format!("page={n}"));
        }
        if qs.is_empty() {
            format!("{here}#not-started")
        } else {
            format!("{here}?{qs}#not-started")
        }
    };
    let prev_href = if page > 1 {
        page_href(page - 1)
    } else {
        String::new()
    };
    let next_href = if page < pages {
        page_href(page + 1)
    } else {
        String::new()
    };
    let export_href = |ext: &str| {
        if query.is_empty() {
            format!("/campaigns/{id}/not-started.{ext}")
        } else {
            format!("/campaigns/{id}/not-started.{ext}?{query}")
        }
    };
    let level_choices = std::iter::once((
        String::new(),
        tr.t("cp-filter-all-levels"),
        filter.level.is_none(),
    ))
    .chain(d.levels.iter().map(|l| {
        (
            l.level.as_str().to_owned(),
            level_label(&tr, l.level),
            filter.level == Some(l.level),
        )
    }))
    .collect();
    let within = filter.within.as_ref().map(|w| w.to_string());
    let province_choices = std::iter::once((
        String::new(),
        tr.t("cp-filter-all-provinces"),
        within.is_none(),
    ))
    .chain({
        let mut shapes: Vec<_> = sinergi_map::provinces().shapes.iter().collect();
        shapes.sort_by(|a, b| a.name.cmp(&b.name));
        shapes.into_iter().map(|s| {
            (
                s.code.clone(),
                s.name.clone(),
                within.as_deref() == Some(s.code.as_str()),
            )
        })
    })
    .collect();
    let sort_choices = NotStartedSort::ALL
        .into_iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                tr.t(&format!("cp-sort-{}", s.as_str())),
                filter.sort == s,
            )
        })
        .collect();

    let notice = if q.not_running.is_some() {
        tr.t("cp-remind-not-running")
    } else if let Some(reminded) = q.reminded {
        let n = |v: Option<i64>| tr.num(v.unwrap_or(0));
        tr.tn(
            "cp-reminded",
            &[
                ("reminded", tr.num(reminded)),
                ("queued", n(q.queued)),
                ("recent", n(q.recent)),
                ("unreachable", n(q.unreachable)),
            ],
        )
    } else {
        String::new()
    };

    // The newest adopted releases.
    let adopted = campaigns
        .adopted_releases(id, parse_before(q.before.as_deref()), RELEASES + 1)
        .await?;
    let releases_more = match adopted.get(RELEASES as usize - 1) {
        Some(last) if adopted.len() > RELEASES as usize => format!(
            "{here}?before={}:{}#releases",
            last.public_at, last.release_id
        ),
        _ => String::new(),
    };
    let releases = adopted
        .iter()
        .take(RELEASES as usize)
        .map(|r| ReleaseRow {
            href: release_href(r.release_id, &r.slug),
            title: r.title.clone(),
            unit_href: format!("/units/{}", r.unit_code),
            unit_name: r.unit_name.clone(),
            when: tr.date_time(r.public_at, zone_of(&r.unit_code)),
        })
        .collect();

    Ok(DashboardPage {
        id,
        title: c.title.clone(),
        owner: c.owner_name.clone(),
        owner_href: format!("/units/{}", c.owner_code),
        summary,
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
        csrf,
        notice,
        levels,
        chart,
        map,
        crumbs,
        current,
        tree,
        tree_open: unit.is_some(),
        level_choices,
        province_choices,
        sort_choices,
        filter_level: filter
            .level
            .map(|l| l.as_str().to_owned())
            .unwrap_or_default(),
        filter_province: within.unwrap_or_default(),
        filter_sort: filter.sort.as_str().to_owned(),
        filtered: filter != NotStartedFilter::default(),
        not_started_count: tr.t1("cp-filtered-count", "count", &tr.num(total)),
        supervisor_hint: tr.t1("cp-supervisor-hint", "owner", &c.owner_name),
        not_started,
        page_label: if pages > 1 {
            tr.tn(
                "cp-page-of",
                &[("page", tr.num(page)), ("pages", tr.num(pages))],
            )
        } else {
            String::new()
        },
        prev_href,
        next_href,
        export_href: export_href("csv"),
        export_xlsx_href: export_href("xlsx"),
        releases,
        releases_more,
        releases_open: q.before.is_some(),
        ctx,
    })
}

/// The map section. With a province in view (the tree opened at it or below
/// it, else the not-started list filtered to it), the map of its regencies
/// and cities; otherwise the provinces'. Either way every region that is a
/// target, with its targeted subtree's share, read once for the map and its
/// table alike.
async fn map_view(
    state: &AppState,
    tr: &Tr,
    id: CampaignId,
    unit: Option<&UnitCode>,
    filtered: Option<&UnitCode>,
) -> Result<MapView<ProvinceFigure>, CampaignError> {
    let here = dashboard_href(id);
    let province = unit
        .and_then(UnitCode::province)
        .or_else(|| filtered.and_then(UnitCode::province))
        .and_then(|p| Some((sinergi_map::regencies_of(p.as_str())?, p)));
    let set = province
        .as_ref()
        .map_or(sinergi_map::provinces(), |(set, _)| *set);
    let mut targets = Vec::new();
    for shape in &set.shapes {
        if let Ok(code) = UnitCode::parse(&shape.code)
            && let Some(row) = state.store.campaign_target(id, &code).await?
        {
            targets.push(row);
        }
    }
    Ok(match province {
        Some((set, code)) => {
            let name = sinergi_map::provinces()
                .get(code.as_str())
                .map_or_else(|| code.to_string(), |s| s.name.clone());
            let title = tr.t1("cp-regency-map-title", "province", &name);
            let rows = province_figures(tr, id, &targets, "tree");
            let (svg, legend_svg) = province_map(tr, set, &rows, &title, "regency-map");
            MapView {
                hint: tr.t("cp-regency-map-hint"),
                level: tr.t("level-regency"),
                all_href: format!("{here}#map"),
                title,
                svg,
                legend_svg,
                rows,
            }
        }
        None => {
            let title = tr.t("cp-map-title");
            let rows = province_figures(tr, id, &targets, "map");
            let (svg, legend_svg) = province_map(tr, set, &rows, &title, "province-map");
            MapView {
                hint: tr.t("cp-map-hint"),
                level: tr.t("level-province"),
                all_href: String::new(),
                title,
                svg,
                legend_svg,
                rows,
            }
        }
    })
}

/// `POST /campaigns/{id}/remind`: the owner's "send a reminder now" for
/// the not-started list as filtered. Then back to the list with what it did.
pub async fn remind(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CampaignId>,
    Form(pairs): Form<Pairs>,
) -> PageResult<Response> {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let (level, province, sort) = (
        field(&pairs, "level"),
        field(&pairs, "province"),
        field(&pairs, "sort"),
    );
    let filter = filter_of(
        Some(level.as_str()),
        Some(province.as_str()),
        Some(sort.as_str()),
    );
    let report = state
        .campaigns
        .remind_now(&who.session.principal, id, &filter)
        .await
        .or_page(lang)?;
    let mut qs = filter_query(&filter);
    if !qs.is_empty() {
        qs.push('&');
    }
    if report.running {
        qs.push_str(&format!(
            "reminded={}&queued={}&recent={}&unreachable={}",
            report.reminded, report.enqueued, report.recent, report.unreachable
        ));
    } else {
        qs.push_str("not_running=1");
    }
    Ok(see_other(&format!(
        "{}?{qs}#not-started",
        dashboard_href(id)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_and_filters_round_trip() {
        assert_eq!(
            parse_before(Some("1780534800000000:7")),
            Some((1780534800000000, 7))
        );
        assert!(parse_before(Some("x")).is_none());
        let f = filter_of(Some("village"), Some("51"), Some("name"));
        assert_eq!(filter_query(&f), "level=village&province=51&sort=name");
        assert_eq!(
            filter_of(Some("nonsense"), Some("<x>"), Some("?")),
            NotStartedFilter::default()
        );
        assert_eq!(filter_query(&NotStartedFilter::default()), "");
    }
}
