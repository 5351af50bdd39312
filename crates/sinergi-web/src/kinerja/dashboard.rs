//! `/kinerja/{code}`: how a unit and its subtree perform in a period. The
//! index with its grade, rank and leap first; then every indicator with
//! its AMEC stage and Indeks PIKP dimension, each linking to the records
//! behind it; the trend as a chart with its table; the children ranked
//! and the ones pulling the subtree down. Public indicators for everyone,
//! internal ones for staff with rights on the unit. Periods are links, so
//! everything works without script.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::{Level, UnitCode};
use sinergi_kinerja::{Day, IndicatorKey, Period, PeriodKind, indicators::find};
use sinergi_map::{LineChart, Series};

use super::view::{
    BoardRow, PeriodLink, board_row, grade_text, index_text, leap_index_text, leap_rank_text,
    period_label, period_links, value_text,
};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::pages::view::{PageCtx, encode_component};
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::MaybeSession;

/// Periods in the trend.
const TREND: usize = 6;
/// Children named as pulling the subtree down.
const PULLING: usize = 3;

#[derive(Deserialize, Default)]
pub struct KinerjaQuery {
    pub period: Option<String>,
    /// `unit`: the unit alone; anything else: its subtree.
    pub scope: Option<String>,
}

pub struct IndicatorRow {
    pub label: String,
    pub value: String,
    pub amec: String,
    pub pikp: String,
    pub internal: bool,
    /// The records behind the figure, where a listing exists.
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "kinerja/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    name: String,
    period: String,
    subtree: bool,
    has_children: bool,
    scope_href: String,
    steps: Vec<PeriodLink>,
    kinds: Vec<PeriodLink>,
    index: String,
    grade: String,
    grade_class: String,
    national_rank: Option<String>,
    parent_rank: Option<String>,
    leap_index: String,
    leap_rank: String,
    internal: bool,
    indicators: Vec<IndicatorRow>,
    chart_svg: String,
    chart_columns: Vec<String>,
    chart_rows: Vec<(String, Vec<String>)>,
    children: Vec<BoardRow>,
    pulling: Vec<BoardRow>,
    unit_href: String,
    api_href: String,
    report_query: String,
}

/// Where the records behind an indicator are listed.
fn records_href(key: IndicatorKey, code: &str, subtree: bool, internal: bool) -> Option<String> {
    let c = encode_component(code);
    let sub = if subtree { "&subtree=1" } else { "" };
    match key {
        IndicatorKey::ReleasesPublished
        | IndicatorKey::Continuity
        | IndicatorKey::LongestSilence
        | IndicatorKey::AmplificationsGiven
        | IndicatorKey::AmplificationsReceived => Some(if internal {
            format!("/units/{c}/releases")
        } else {
            format!("/press/{c}{}", if subtree { "?scope=subtree" } else { "" })
        }),
        IndicatorKey::AchievementsRecorded | IndicatorKey::InnovationsRecorded => {
            Some(format!("/units/{c}/register"))
        }
        IndicatorKey::PublicationCoverage
        | IndicatorKey::PublicationGap
        | IndicatorKey::Timeliness => Some(format!("/gap?unit={c}{sub}")),
        IndicatorKey::CampaignAdoption | IndicatorKey::CascadeShare => {
            internal.then(|| "/campaigns".to_owned())
        }
        _ => None,
    }
}

pub fn indicator_label(tr: &Tr, key: IndicatorKey) -> String {
    tr.t(&format!("kj-ind-{}", key.as_str().replace('_', "-")))
}

/// The period asked for, or this month in the unit's zone.
pub fn period_of(q: Option<&str>, today: Day, lang: Lang) -> PageResult<Period> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Period::containing(PeriodKind::Month, today)),
        Some(s) => s.parse::<Period>().map_err(|_| {
            PageError::BadRequest {
                key: "kj-bad-period",
                arg: ("x", s.to_owned()),
            }
            .in_lang(lang)
        }),
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(code): Path<String>,
    Query(q): Query<KinerjaQuery>,
) -> PageResult {
    let not_found = || {
        PageError::NotFound {
            key: "not-found-body",
            arg: ("x", code.clone()),
        }
        .in_lang(lang)
    };
    let unit_code = UnitCode::parse(&code).map_err(|_| not_found())?;
    let (unit, child_count) = state
        .store
        .unit_with_child_count(&unit_code)
        .await
        .or_page(lang)?;
    let principal = maybe
        .session
        .as_ref()
        .map(|s| s.principal.clone())
        .unwrap_or_else(Principal::public);
    let internal = principal.can(Action::ReadInternal, &unit_code);
    let now = state.clock.now();
    let today = Day::of_instant(now, unit.zone());
    let current = Period::containing(PeriodKind::Month, today);
    let period = period_of(q.period.as_deref(), today, lang)?;
    let has_children = child_count > 0;
    let subtree = has_children && q.scope.as_deref() != Some("unit");

    let kinerja = state.kinerja.clone();
    let trend = kinerja
        .trend(&unit, subtree, period, TREND, now)
        .await
        .or_page(lang)?;
    let Some(figures) = trend.last().cloned() else {
        return Err(not_found());
    };
    let standing = kinerja
        .standing(&unit, period, now, unit.level != Level::Village)
        .await
        .or_page(lang)?;
    let children = if has_children {
        kinerja
            .children_board(&unit_code, period, now)
            .await
            .or_page(lang)?
    } else {
        Default::default()
    };

    let ctx = PageCtx::new(lang, format!("/kinerja/{code}?period={period}"));
    let tr = ctx.tr;
    let indicators = figures
        .indicators
        .iter()
        .filter(|i| i.public || internal)
        .map(|i| IndicatorRow {
            label: indicator_label(&tr, i.key),
            value: value_text(&tr, i.key, i.value),
            amec: tr.t(&format!("kj-amec-{}", i.amec.as_str())),
            pikp: tr.t(&format!("kj-pikp-{}", i.pikp.as_str())),
            internal: !i.public,
            href: if matches!(i.value, sinergi_kinerja::Value::NotMeasured) {
                None
            } else {
                records_href(i.key, &code, subtree, internal)
            },
        })
        .collect();

    // The trend: the index and the public shares (coverage for staff).
    let mut keys = vec![IndicatorKey::Continuity, IndicatorKey::CampaignAdoption];
    if internal {
        keys.insert(0, IndicatorKey::PublicationCoverage);
    }
    let mut chart_columns = vec![tr.t("kj-index")];
    chart_columns.extend(keys.iter().map(|k| indicator_label(&tr, *k)));
    let mut series = vec![Series {
        label: tr.t("kj-index"),
        values: trend
            .iter()
            .map(|f| f.index.unwrap_or(0.0) / 100.0)
            .collect(),
    }];
    for k in &keys {
        series.push(Series {
            label: indicator_label(&tr, *k),
            values: trend
                .iter()
                .map(|f| find(&f.indicators, *k).ratio().unwrap_or(0.0))
                .collect(),
        });
    }
    let chart = LineChart {
        title: tr.t1("kj-chart-title", "unit", &unit.name),
        x_labels: trend.iter().map(|f| f.period.to_string()).collect(),
        series,
    };
    let chart_rows = trend
        .iter()
        .map(|f| {
            let mut cells = vec![index_text(&tr, f.index)];
            cells.extend(
                keys.iter()
                    .map(|k| value_text(&tr, *k, find(&f.indicators, *k))),
            );
            (period_label(&tr, f.period), cells)
        })
        .collect();

    let mut pulling: Vec<_> = children
        .iter()
        .filter(|c| match (c.figures.index, figures.index) {
            (Some(c), Some(me)) => c < me,
            _ => false,
        })
        .collect();
    pulling.sort_by(|a, b| {
        a.figures
            .index
            .partial_cmp(&b.figures.index)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let base = format!(
        "/kinerja/{code}{}",
        if subtree { "" } else { "?scope=unit" }
    );
    let (steps, kinds) = period_links(&tr, &base, period, current);
    let rank_text = |r: Option<(u32, usize)>| {
        r.map(|(k, n)| {
            tr.tn(
                "kj-rank-of",
                &[("rank", tr.num(i64::from(k))), ("of", tr.num(n as i64))],
            )
        })
    };
    let leap = if standing.national.is_some() {
        standing.national_leap
    } else {
        standing.parent_leap
    };
    let page = DashboardPage {
        name: unit.name.clone(),
        period: period_label(&tr, period),
        subtree,
        has_children,
        scope_href: if subtree {
            format!("/kinerja/{code}?scope=unit&period={period}")
        } else {
            format!("/kinerja/{code}?period={period}")
        },
        steps,
        kinds,
        index: index_text(&tr, figures.index),
        grade: grade_text(&tr, figures.grade),
        grade_class: figures.grade.map_or("none", |g| g.as_str()).to_owned(),
        national_rank: rank_text(standing.national),
        parent_rank: rank_text(standing.in_parent),
        leap_index: leap_index_text(&tr, &leap),
        leap_rank: leap_rank_text(&tr, &leap),
        internal,
        indicators,
        chart_svg: chart.render("kinerja-trend"),
        chart_columns,
        chart_rows,
        children: children.iter().map(|r| board_row(&tr, r, period)).collect(),
        pulling: pulling
            .iter()
            .take(PULLING)
            .map(|r| board_row(&tr, r, period))
            .collect(),
        unit_href: format!("/units/{code}"),
        api_href: format!(
            "/api/v1/kinerja/{code}?period={period}{}",
            if subtree { "" } else { "&scope=unit" }
        ),
        report_query: format!(
            "/kinerja/{}/report.{{}}?period={period}{}",
            encode_component(&code),
            if subtree { "" } else { "&scope=unit" }
        ),
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}
