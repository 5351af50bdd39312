//! The dashboard's pictures with their text alternatives: the adoption
//! chart per level over time (with a table of the same numbers) and the
//! province map (with a table of every targeted province), or, with a
//! province in view, the map of its regencies and cities (with theirs).

use sinergi_campaigns::{Dashboard, TargetRow};
use sinergi_domain::CampaignId;
use sinergi_map::choropleth::CLASSES;
use sinergi_map::{ChoroplethText, LineChart, Region, Series, ShapeSet, class_label, share_class};

use super::common::{dashboard_href, level_label, status_tag};
use crate::i18n::{Lang, Tr};
use crate::pages::view::encode_component;

/// The decimal separator of the reader's language.
pub fn decimal(tr: &Tr) -> char {
    if tr.lang == Lang::Id { ',' } else { '.' }
}

/// `adopted` of `targets` as every table of the campaign pages writes it
/// ("16,5 %"); the map's classes use the same steps (see
/// `sinergi_map::choropleth`).
pub fn share_text(tr: &Tr, adopted: i64, targets: i64) -> String {
    sinergi_map::percent_text(adopted, targets, decimal(tr))
}

#[rustfmt::skip]
const MONTHS_ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
#[rustfmt::skip]
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `2026-10-21` as a chart writes it: "21 Okt" (with the year: "21 Okt 2026").
pub fn short_date(tr: &Tr, iso: &str, with_year: bool) -> String {
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return iso.to_owned();
    };
    let months = if tr.lang == Lang::Id {
        MONTHS_ID
    } else {
        MONTHS_EN
    };
    let Some(month) = m.checked_sub(1).and_then(|i| months.get(i)) else {
        return iso.to_owned();
    };
    if with_year {
        format!("{d} {month} {y}")
    } else {
        format!("{d} {month}")
    }
}

/// The chart and its table: one row per day, one column per level.
pub struct ChartView {
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

pub fn adoption_chart(tr: &Tr, d: &Dashboard) -> ChartView {
    let columns: Vec<String> = d.levels.iter().map(|l| level_label(tr, l.level)).collect();
    let share = |adopted: i64, targets: i64| -> f64 {
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
                    format!("{} ({})", tr.num(n), share_text(tr, n, l.targets))
                })
                .collect();
            (short_date(tr, &p.date, true), cells)
        })
        .collect();
    let chart = LineChart {
        title: tr.t("cp-chart-title"),
        x_labels: d
            .daily
            .iter()
            .map(|p| short_date(tr, &p.date, false))
            .collect(),
        series,
    };
    ChartView {
        svg: chart.render("adoption-chart"),
        columns,
        rows,
    }
}

/// A province (or, on a province's own map, a regency or city) on the map
/// and in the map's table: both read `class` and `share`, computed once here.
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
    /// The map class (`sinergi_map::share_class`) and its legend label.
    pub class: usize,
    pub class_label: String,
    title: String,
}

/// The legend's label of each class, with its pattern named for the two
/// patterned ones.
pub fn class_labels(tr: &Tr) -> Vec<String> {
    (0..CLASSES)
        .map(|c| {
            let range = class_label(c, decimal(tr));
            match tr.try_t(&format!("cp-map-pattern-{c}")) {
                Some(pattern) => format!("{range} ({pattern})"),
                None => range,
            }
        })
        .collect()
}

/// The figures of targeted regions, each linked to the dashboard opened at
/// it, at `anchor` (`map` for a province, whose regencies' map it opens;
/// `tree` for a regency).
pub fn province_figures(
    tr: &Tr,
    campaign_id: CampaignId,
    rows: &[TargetRow],
    anchor: &str,
) -> Vec<ProvinceFigure> {
    let labels = class_labels(tr);
    rows.iter()
        .map(|r| {
            let adopted = i64::from(r.adopted_at.is_some()) + r.counters.adopted_below;
            let targets = 1 + r.counters.targets_below;
            let share = share_text(tr, adopted, targets);
            let class = share_class(adopted, targets);
            let (status_class, status_label) = status_tag(tr, r.status);
            let title = format!(
                "{}: {} · {}",
                r.name,
                status_label,
                tr.t1(
                    "cp-map-region-title",
                    "figures",
                    &format!("{} / {} ({share})", tr.num(adopted), tr.num(targets))
                )
            );
            ProvinceFigure {
                code: r.unit_code.to_string(),
                name: r.name.clone(),
                href: format!(
                    "{}?unit={}#{anchor}",
                    dashboard_href(campaign_id),
                    encode_component(r.unit_code.as_str())
                ),
                status_class,
                status_label,
                adopted: tr.num(adopted),
                targets: tr.num(targets),
                share,
                class,
                class_label: labels[class].clone(),
                title,
            }
        })
        .collect()
}

/// The map of `set` (the provinces, or one province's regencies) and its
/// legend as inline SVG. `id` must be unique on the page.
pub fn province_map(
    tr: &Tr,
    set: &ShapeSet,
    figures: &[ProvinceFigure],
    title: &str,
    id: &str,
) -> (String, String) {
    let regions: Vec<Region<'_>> = figures
        .iter()
        .map(|f| Region {
            code: &f.code,
            class: f.class,
            title: &f.title,
            href: &f.href,
        })
        .collect();
    choropleth(
        tr,
        set,
        &regions,
        [title, &tr.t("cp-map-legend"), &tr.t("cp-map-not-targeted")],
        id,
    )
}

/// A choropleth of `set` and its legend, with the legend's class labels of
/// [`class_labels`]; `words` are the map's title, the legend's title and
/// what a region without a figure is.
pub fn choropleth(
    tr: &Tr,
    set: &ShapeSet,
    regions: &[Region<'_>],
    [title, legend_title, not_targeted]: [&str; 3],
    id: &str,
) -> (String, String) {
    let labels = class_labels(tr);
    let text = ChoroplethText {
        title,
        legend_title,
        class_labels: std::array::from_fn(|c| labels[c].as_str()),
        not_targeted,
    };
    (
        sinergi_map::render_choropleth(set, regions, &text, id),
        sinergi_map::choropleth::render_legend(&text, id),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_dates_are_written_like_the_pages() {
        let id = Tr::new(Lang::Id);
        let en = Tr::new(Lang::En);
        assert_eq!(short_date(&id, "2026-10-21", false), "21 Okt");
        assert_eq!(short_date(&id, "2026-08-01", true), "1 Agu 2026");
        assert_eq!(short_date(&en, "2026-10-21", false), "21 Oct");
        assert_eq!(short_date(&en, "not a date", false), "not a date");
        assert_eq!(share_text(&id, 1204, 7277), "16,5 %");
        assert_eq!(share_text(&en, 1204, 7277), "16.5 %");
    }

    #[test]
    fn every_legend_label_names_its_range_and_pattern() {
        let labels = class_labels(&Tr::new(Lang::Id));
        assert_eq!(labels[0], "0 % (bergaris)");
        assert_eq!(labels[1], "< 5 % (bertitik)");
        assert_eq!(labels[5], "65–100 %");
    }
}
