//! `/forums/series/{id}`: a series. Every event the reader sees with who
//! attended, the commitments made and how far each is kept (derived from
//! the events, never ticked), and how far the series cascaded: a tree
//! from the top (national, then provinces, then regencies and cities;
//! `?unit=CODE` opens a level) and the province map with its table, drawn
//! by `sinergi-map` with the campaign map's accessible patterns. Opened at
//! a province or below it, the map is that province's regencies and cities
//! instead (each province on the national map links there).
//!
//! A national series holds hundreds of events: the lists of events and
//! commitments follow the level the tree opened (`?unit=35`: East Java's
//! and those below it) and come [`ROWS`] at a time (`?ev=2`, `?cm=2`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::{SeriesId, UnitCode};
use sinergi_forums::{CommitmentKind, SeriesView, Tally};
use sinergi_map::{Region, ShapeSet, share_class};

use super::common::{
    common_level, event_href, kind_label, principal_of, reach_text, reader_zone, series_href,
    state_tag, tally_text, unit_param, units_text, when_text,
};
use crate::AppState;
use crate::campaigns::figures::{choropleth, class_labels, share_text};
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::pages::view::{MapView, PageCtx, encode_component};
use crate::pages::{OrErrorPage, PageResult};
use crate::session::MaybeSession;

/// Rows of each list on one page.
const ROWS: usize = 50;

#[derive(Deserialize, Default)]
pub struct SeriesQuery {
    unit: Option<String>,
    /// Page of the events' list, from 1.
    ev: Option<usize>,
    /// Page of the commitments' list, from 1.
    cm: Option<usize>,
}

/// One page of a list: which rows, and links to the pages around it.
pub struct ListPage {
    /// "1–50 of 553", or empty when everything fits on one page.
    pub showing: String,
    pub previous: String,
    pub next: String,
}

impl ListPage {
    fn of(
        tr: &Tr,
        total: usize,
        page: usize,
        href: impl Fn(usize) -> String,
    ) -> (ListPage, std::ops::Range<usize>) {
        let pages = total.div_ceil(ROWS).max(1);
        let page = page.clamp(1, pages);
        let rows = (page - 1) * ROWS..(page * ROWS).min(total);
        let list = ListPage {
            showing: if pages > 1 {
                tr.tn(
                    "ev-showing",
                    &[
                        ("from", tr.num(rows.start as i64 + 1)),
                        ("to", tr.num(rows.end as i64)),
                        ("total", tr.num(total as i64)),
                    ],
                )
            } else {
                String::new()
            },
            previous: if page > 1 {
                href(page - 1)
            } else {
                String::new()
            },
            next: if page < pages {
                href(page + 1)
            } else {
                String::new()
            },
        };
        (list, rows)
    }
}

pub struct EventRow {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub when: String,
    pub organiser: String,
    pub present: String,
    pub cancelled: bool,
}

pub struct CommitmentRow {
    pub unit: String,
    pub unit_href: String,
    pub what: String,
    pub event: String,
    pub event_href: String,
    pub for_count: String,
    pub due: String,
    pub status_class: String,
    pub status_label: String,
    pub reach: String,
    pub example: bool,
}

pub struct TreeRow {
    pub name: String,
    pub code: String,
    pub href: String,
    pub attended: String,
    pub own: String,
    pub below: String,
    pub status_class: String,
    pub status_label: String,
}

/// A region on the map and in the map's table (a province, or on a
/// province's own map a regency or city): both read `class`.
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub href: String,
    pub figure: String,
    pub share: String,
    pub class: usize,
    pub class_label: String,
    title: String,
}

#[derive(Template)]
#[template(path = "forums/series.html")]
struct SeriesPage {
    ctx: PageCtx,
    id: SeriesId,
    title: String,
    owner: String,
    owner_href: String,
    description_html: String,
    summary: String,
    can_record: bool,
    /// Where the lists stop: "at East Java and below", or empty.
    within: String,
    events: Vec<EventRow>,
    events_page: ListPage,
    commitments: Vec<CommitmentRow>,
    commitments_page: ListPage,
    crumbs: Vec<(String, String)>,
    tree_here: String,
    tree: Vec<TreeRow>,
    map: MapView<ProvinceRow>,
}

fn tree_rows(tr: &Tr, view: &SeriesView, id: SeriesId, unit: Option<&UnitCode>) -> Vec<TreeRow> {
    view.tree(unit)
        .into_iter()
        .map(|n| {
            let (status_class, status_label) = if n.subtree.commitments > 0 {
                state_tag(tr, n.subtree.state(), false)
            } else {
                (String::new(), String::new())
            };
            TreeRow {
                href: if n.has_children {
                    format!(
                        "{}?unit={}#tree",
                        series_href(id),
                        encode_component(n.unit_code.as_str())
                    )
                } else {
                    String::new()
                },
                attended: match n.attended {
                    Some(true) => tr.t("ev-present-yes"),
                    Some(false) => tr.t("ev-present-no"),
                    None => String::new(),
                },
                own: n.own.map(|t| tally_text(tr, &t)).unwrap_or_default(),
                below: if n.subtree.commitments > n.own.map(|t| t.commitments).unwrap_or(0) {
                    tally_text(tr, &n.subtree)
                } else {
                    String::new()
                },
                name: n.unit_name,
                code: n.unit_code.to_string(),
                status_class,
                status_label,
            }
        })
        .collect()
}

/// The map's rows from `(code, name, tally)`, each linked to the series
/// opened at it, at `anchor`.
fn map_rows(
    tr: &Tr,
    id: SeriesId,
    figures: Vec<(UnitCode, String, Tally)>,
    anchor: &str,
) -> Vec<ProvinceRow> {
    let labels = class_labels(tr);
    figures
        .into_iter()
        .map(|(code, name, t)| {
            let class = share_class(t.reached, t.total);
            let figure = tally_text(tr, &t);
            ProvinceRow {
                href: format!(
                    "{}?unit={}#{anchor}",
                    series_href(id),
                    encode_component(code.as_str())
                ),
                share: share_text(tr, t.reached, t.total),
                title: format!("{name}: {figure}"),
                class_label: labels[class].clone(),
                code: code.to_string(),
                name,
                figure,
                class,
            }
        })
        .collect()
}

fn draw(tr: &Tr, set: &ShapeSet, rows: &[ProvinceRow], title: &str, id: &str) -> (String, String) {
    let regions: Vec<Region<'_>> = rows
        .iter()
        .map(|r| Region {
            code: &r.code,
            class: r.class,
            title: &r.title,
            href: &r.href,
        })
        .collect();
    choropleth(
        tr,
        set,
        &regions,
        [title, &tr.t("ev-map-legend"), &tr.t("ev-map-none")],
        id,
    )
}

/// The map section: opened at a province or below it, the map of its
/// regencies and cities (each province on the national map links there);
/// otherwise the provinces'. The map and its table read the same rows.
fn map_view(
    tr: &Tr,
    view: &SeriesView,
    id: SeriesId,
    unit: Option<&UnitCode>,
) -> MapView<ProvinceRow> {
    let province = unit
        .and_then(UnitCode::province)
        .and_then(|p| Some((sinergi_map::regencies_of(p.as_str())?, p)));
    match province {
        Some((set, code)) => {
            let name = view
                .names
                .get(code.as_str())
                .cloned()
                .or_else(|| {
                    sinergi_map::provinces()
                        .get(code.as_str())
                        .map(|s| s.name.clone())
                })
                .unwrap_or_else(|| code.to_string());
            let title = tr.t1("ev-regency-map-title", "province", &name);
            let rows = map_rows(tr, id, view.regencies(&code), "tree");
            let (svg, legend_svg) = draw(tr, set, &rows, &title, "series-regency-map");
            MapView {
                hint: tr.t("ev-regency-map-hint"),
                level: tr.t("level-regency"),
                all_href: format!("{}#map", series_href(id)),
                title,
                svg,
                legend_svg,
                rows,
            }
        }
        None => {
            let title = tr.t("ev-map-title");
            let rows = map_rows(tr, id, view.provinces(), "map");
            let (svg, legend_svg) = draw(tr, sinergi_map::provinces(), &rows, &title, "series-map");
            MapView {
                hint: tr.t("ev-map-hint"),
                level: tr.t("level-province"),
                all_href: String::new(),
                title,
                svg,
                legend_svg,
                rows,
            }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<SeriesId>,
    Query(q): Query<SeriesQuery>,
) -> PageResult {
    let p = principal_of(&maybe);
    let view = state.forums.series(&p, id).await.or_page(lang)?;
    let unit = unit_param(q.unit.as_deref());
    let mut here = series_href(id);
    if let Some(u) = &unit {
        here.push_str(&format!("?unit={}", encode_component(u.as_str())));
    }
    let ctx = PageCtx::new(lang, here).without_scripts();
    let tr = ctx.tr;
    let reader = reader_zone(&maybe);
    let name = |c: &UnitCode| {
        view.names
            .get(c.as_str())
            .cloned()
            .unwrap_or_else(|| c.to_string())
    };
    // The lists follow the level the tree opened.
    let within = |c: &UnitCode| {
        unit.as_ref()
            .is_none_or(|u| c == u || c.is_descendant_of(u))
    };
    let link = |ev: usize, cm: usize, anchor: &str| {
        let mut href = series_href(id);
        let mut sep = '?';
        if let Some(u) = &unit {
            href.push_str(&format!("?unit={}", encode_component(u.as_str())));
            sep = '&';
        }
        for (key, page) in [("ev", ev), ("cm", cm)] {
            if page > 1 {
                href.push_str(&format!("{sep}{key}={page}"));
                sep = '&';
            }
        }
        format!("{href}#{anchor}")
    };
    let (ev, cm) = (q.ev.unwrap_or(1), q.cm.unwrap_or(1));
    let listed_events: Vec<_> = view
        .events
        .iter()
        .filter(|(e, _)| within(&e.organiser_code))
        .collect();
    let (events_page, event_rows) =
        ListPage::of(&tr, listed_events.len(), ev, |n| link(n, cm, "events"));
    let listed_commitments: Vec<_> = view
        .commitments
        .iter()
        .filter(|c| within(&c.record.unit_code))
        .collect();
    let (commitments_page, commitment_rows) =
        ListPage::of(&tr, listed_commitments.len(), cm, |n| {
            link(ev, n, "commitments")
        });
    let events = listed_events[event_rows]
        .iter()
        .map(|(e, present)| EventRow {
            title: e.title.clone(),
            href: event_href(e.id),
            kind: kind_label(&tr, e.kind),
            when: when_text(&tr, e, reader),
            organiser: e.organiser_name.clone(),
            present: if e.invited.is_empty() {
                tr.num(present.len() as i64)
            } else {
                format!(
                    "{} / {}",
                    tr.num(present.len() as i64),
                    tr.num(e.invited.len() as i64)
                )
            },
            cancelled: e.cancelled(),
        })
        .collect();
    let commitments = listed_commitments[commitment_rows]
        .iter()
        .map(|c| {
            let r = &c.record;
            let (status_class, status_label) = state_tag(&tr, c.state, c.overdue);
            let level = common_level(&r.for_units);
            CommitmentRow {
                unit: r.unit_name.clone(),
                unit_href: format!("/units/{}", r.unit_code),
                what: r.what.clone(),
                event: r.event_title.clone(),
                event_href: format!("{}#commitment-{}", event_href(r.event_id), r.id),
                for_count: if r.for_units.is_empty() {
                    String::new()
                } else {
                    units_text(&tr, r.for_units.len() as i64, level)
                },
                due: tr.date(r.due_at, sinergi_domain::Zone::of_unit(&r.unit_code)),
                status_class,
                status_label,
                reach: match (&r.kind, &c.fulfilment) {
                    (CommitmentKind::Replicate, Some(f)) => {
                        reach_text(&tr, f.reached.len() as i64, f.total as i64, level)
                    }
                    _ => String::new(),
                },
                example: r.example,
            }
        })
        .collect();
    let summary = tr.tn(
        "ev-series-summary",
        &[
            ("events", tr.num(view.events.len() as i64)),
            ("commitments", tr.num(view.totals.commitments)),
            ("fulfilled", tr.num(view.totals.fulfilled)),
            ("reach", tally_text(&tr, &view.totals)),
        ],
    );
    let mut crumbs = vec![(tr.t("ev-tree-top"), format!("{}#tree", series_href(id)))];
    if let Some(u) = &unit {
        for (code, n) in view.path(u) {
            crumbs.push((
                n,
                format!(
                    "{}?unit={}#tree",
                    series_href(id),
                    encode_component(code.as_str())
                ),
            ));
        }
    }
    let map = map_view(&tr, &view, id, unit.as_ref());
    let page = SeriesPage {
        id,
        title: view.series.title.clone(),
        owner: view.series.owner_name.clone(),
        owner_href: format!("/units/{}", view.series.owner_code),
        description_html: view.description_html.clone(),
        summary,
        can_record: view.can_record,
        within: unit
            .as_ref()
            .map(|u| tr.tn("ev-within", &[("unit", name(u))]))
            .unwrap_or_default(),
        events,
        events_page,
        commitments,
        commitments_page,
        crumbs,
        tree_here: unit.as_ref().map(name).unwrap_or_default(),
        tree: tree_rows(&tr, &view, id, unit.as_ref()),
        map,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}
