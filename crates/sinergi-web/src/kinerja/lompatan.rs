//! `/kinerja`: "Lompatan kinerja", the national page. The provinces side
//! by side on a map coloured by index and in a table, the leaderboard of
//! each level, and the biggest leaps up and down of the period.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use sinergi_domain::Level;
use sinergi_kinerja::figures::Ranked;
use sinergi_kinerja::indicators::find;
use sinergi_kinerja::{Day, IndicatorKey, Period, PeriodKind, Zone};

use super::dashboard::{KinerjaQuery, indicator_label, period_of};
use super::view::{
    BoardRow, PeriodLink, board_row, period_label, period_links, province_map, value_text,
};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageResult};

/// Rows of each level's leaderboard, and of each list of leaps.
const TOP: usize = 10;
const LEAPS: usize = 5;

pub struct LevelBoard {
    pub label: String,
    pub rows: Vec<BoardRow>,
    pub ranked: String,
}

pub struct ProvinceRow {
    pub board: BoardRow,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "kinerja/lompatan.html")]
struct LeapPage {
    ctx: PageCtx,
    period: String,
    steps: Vec<PeriodLink>,
    kinds: Vec<PeriodLink>,
    map_svg: String,
    legend_svg: String,
    columns: Vec<String>,
    provinces: Vec<ProvinceRow>,
    boards: Vec<LevelBoard>,
    ups: Vec<BoardRow>,
    downs: Vec<BoardRow>,
}

/// The public columns shown for each province beside its index.
const COLUMNS: [IndicatorKey; 4] = [
    IndicatorKey::ReleasesPublished,
    IndicatorKey::Continuity,
    IndicatorKey::CampaignAdoption,
    IndicatorKey::AmplificationsGiven,
];

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<KinerjaQuery>,
) -> PageResult {
    let now = state.clock.now();
    let today = Day::of_instant(now, Zone::Wib);
    let current = Period::containing(PeriodKind::Month, today);
    let period = period_of(q.period.as_deref(), today, lang)?;
    let kinerja = state.kinerja.clone();
    let ctx = PageCtx::new(lang, format!("/kinerja?period={period}"));
    let tr = ctx.tr;

    let provinces = kinerja
        .level_board(Level::Province, period, now)
        .await
        .or_page(lang)?;
    let mut boards = Vec::new();
    let mut regencies = Default::default();
    for level in [Level::Province, Level::Regency, Level::National] {
        let board = if level == Level::Province {
            provinces.clone()
        } else {
            kinerja
                .level_board(level, period, now)
                .await
                .or_page(lang)?
        };
        let ranked = board.iter().filter(|r| r.rank.is_some()).count();
        boards.push(LevelBoard {
            label: tr.t(&format!("level-{}", level.as_str())),
            rows: board
                .iter()
                .take(TOP)
                .map(|r| board_row(&tr, r, period))
                .collect(),
            ranked: tr.num(ranked as i64),
        });
        if level == Level::Regency {
            regencies = board;
        }
    }
    let mut movers: Vec<&Ranked> = provinces.iter().chain(regencies.iter()).collect();
    movers.retain(|r| r.leap.index.is_some());
    movers.sort_by(|a, b| {
        b.leap
            .index
            .partial_cmp(&a.leap.index)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.figures.code.cmp(&b.figures.code))
    });
    let ups = movers
        .iter()
        .filter(|r| r.leap.index.is_some_and(|d| d > 0.0))
        .take(LEAPS)
        .map(|r| board_row(&tr, r, period))
        .collect();
    let downs = movers
        .iter()
        .rev()
        .filter(|r| r.leap.index.is_some_and(|d| d < 0.0))
        .take(LEAPS)
        .map(|r| board_row(&tr, r, period))
        .collect();

    let (map_svg, legend_svg) = province_map(&tr, &provinces, period);
    let columns = COLUMNS.iter().map(|k| indicator_label(&tr, *k)).collect();
    let province_rows = provinces
        .iter()
        .map(|r| ProvinceRow {
            board: board_row(&tr, r, period),
            cells: COLUMNS
                .iter()
                .map(|k| value_text(&tr, *k, find(&r.figures.indicators, *k)))
                .collect(),
        })
        .collect();
    let (steps, kinds) = period_links(&tr, "/kinerja", period, current);
    let page = LeapPage {
        period: period_label(&tr, period),
        steps,
        kinds,
        map_svg,
        legend_svg,
        columns,
        provinces: province_rows,
        boards,
        ups,
        downs,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}
