//! The dashboard's pictures with their text alternatives: the adoption
//! chart per level over time (with a table of the same numbers) and the
//! province map (with a table of every targeted province).

use sinergi_campaigns::{Dashboard, TargetRow};
use sinergi_map::{ChoroplethText, LineChart, Region, Series, percent};

use super::common::{dashboard_href, level_label, status_tag};
use crate::i18n::Tr;
use crate::pages::view::encode_component;

/// The chart and its table: one row per day, one column per level.
pub struct ChartView {
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

pub fn adoption_chart(tr: &Tr, d: &Dashboard) -> ChartView {
    let columns: Vec<String> = d.levels.iter().map(|l| level_label(tr, l.level)).collect();
    let share = |adopted: i64, targets: i64| {
        if targets == 0 {
            0.0
        } else {
            adopted as f64 / targets as f64
        }
    };
    let series = d
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| Series {
            label: columns[i].clone(),
            values: d
                .daily
                .iter()
                .map(|p| {
                    share(
                        p.cumulative_by_level.get(i).copied().unwrap_or(0),
                        l.targets,
                    )
                })
                .collect(),
        })
        .collect();
    let rows = d
        .daily
        .iter()
        .map(|p| {
            let cells = d
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let n = p.cumulative_by_level.get(i).copied().unwrap_or(0);
                    format!("{} ({})", tr.num(n), percent(share(n, l.targets)))
                })
                .collect();
            (p.date.clone(), cells)
        })
        .collect();
    let chart = LineChart {
        title: tr.t("cp-chart-title"),
        x_labels: d.daily.iter().map(|p| p.date.clone()).collect(),
        series,
    };
    ChartView {
        svg: chart.render("adoption-chart"),
        columns,
        rows,
    }
}

/// A province on the map and in the map's table.
pub struct ProvinceFigure {
    pub code: String,
    pub name: String,
    pub href: String,
    pub status_class: String,
    pub status_label: String,
    /// Adopted units of the province's targeted subtree (itself included).
    pub adopted: String,
    pub targets: String,
    pub share: String,
    share_value: f64,
    title: String,
}

pub fn province_figures(tr: &Tr, campaign_id: i64, rows: &[TargetRow]) -> Vec<ProvinceFigure> {
    rows.iter()
        .map(|r| {
            let adopted = i64::from(r.adopted_at.is_some()) + r.counters.adopted_below;
            let targets = 1 + r.counters.targets_below;
            let share = adopted as f64 / targets as f64;
            let (status_class, status_label) = status_tag(tr, r.status);
            let title = format!(
                "{}: {} · {}",
                r.name,
                status_label,
                tr.t1(
                    "cp-map-region-title",
                    "figures",
                    &format!(
                        "{} / {} ({})",
                        tr.num(adopted),
                        tr.num(targets),
                        percent(share)
                    )
                )
            );
            ProvinceFigure {
                code: r.unit_code.to_string(),
                name: r.name.clone(),
                href: format!(
                    "{}?unit={}#tree",
                    dashboard_href(campaign_id),
                    encode_component(r.unit_code.as_str())
                ),
                status_class,
                status_label,
                adopted: tr.num(adopted),
                targets: tr.num(targets),
                share: percent(share),
                share_value: share,
                title,
            }
        })
        .collect()
}

/// The map and its legend as inline SVG.
pub fn province_map(tr: &Tr, figures: &[ProvinceFigure]) -> (String, String) {
    let regions: Vec<Region<'_>> = figures
        .iter()
        .map(|f| Region {
            code: &f.code,
            share: f.share_value,
            title: &f.title,
            href: &f.href,
        })
        .collect();
    let labels: Vec<String> = (0..5).map(|c| tr.t(&format!("cp-map-class-{c}"))).collect();
    let (title, legend_title, not_targeted) = (
        tr.t("cp-map-title"),
        tr.t("cp-map-legend"),
        tr.t("cp-map-not-targeted"),
    );
    let text = ChoroplethText {
        title: &title,
        legend_title: &legend_title,
        class_labels: [&labels[0], &labels[1], &labels[2], &labels[3], &labels[4]],
        not_targeted: &not_targeted,
    };
    (
        sinergi_map::render_choropleth(sinergi_map::provinces(), &regions, &text, "province-map"),
        sinergi_map::choropleth::render_legend(&text, "province-map"),
    )
}
