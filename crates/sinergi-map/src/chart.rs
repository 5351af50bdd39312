//! A small line chart of shares over time as inline SVG (our own template, no chart library:
//! the candidates either need JavaScript or a browser engine to render). Each series differs by
//! colour (Okabe–Ito, safe for colour-blind readers) AND by dash pattern, and the legend names
//! them; pages put a table with the same numbers beside it.

use std::fmt::Write as _;

use crate::choropleth::escape;

/// One line: a label and one share (0.0..=1.0) per x position.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct LineChart {
    /// The chart's accessible name.
    pub title: String,
    /// One label per x position (e.g. dates), shared by all series.
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
}

const COLOURS: [&str; 5] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"];
const DASHES: [&str; 5] = ["", "8 4", "2 3", "10 3 2 3", "4 2"];
// A narrow drawing with large type: pages show it at most about 30rem wide, and on a 360 px
// phone its 14-unit labels still come out about 11 px tall (they were 5 px at 640 wide).
const WIDTH: f64 = 400.0;
const PLOT_LEFT: f64 = 48.0;
const PLOT_RIGHT: f64 = 388.0;
const PLOT_TOP: f64 = 12.0;
const PLOT_BOTTOM: f64 = 200.0;
const LEGEND_ROW: f64 = 24.0;
const FONT: u32 = 14;

impl LineChart {
    /// The chart as an SVG element; `id` must be unique on the page.
    pub fn render(&self, id: &str) -> String {
        let n = self.x_labels.len();
        let x_at = |i: usize| {
            if n <= 1 {
                (PLOT_LEFT + PLOT_RIGHT) / 2.0
            } else {
                PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * i as f64 / (n - 1) as f64
            }
        };
        let y_at = |share: f64| PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * share.clamp(0.0, 1.0);
        let legend_top = PLOT_BOTTOM + 44.0;
        let height = legend_top + LEGEND_ROW * self.series.len() as f64;
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
role=\"img\" aria-labelledby=\"{id}-title\" class=\"line-chart\"><title id=\"{id}-title\">{title}</title>\
<g font-size=\"{FONT}\" fill=\"#222\">",
            title = escape(&self.title),
        );
        // Horizontal grid with percentages.
        for pct in [0, 25, 50, 75, 100] {
            let y = y_at(pct as f64 / 100.0);
            let _ = write!(
                svg,
                "<line x1=\"{PLOT_LEFT}\" x2=\"{PLOT_RIGHT}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\" stroke-width=\"1\"/>\
<text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\">{pct} %</text>",
                tx = PLOT_LEFT - 6.0,
                ty = y + 4.0,
            );
        }
        // At most six x labels, evenly spread, always the first and the last;
        // a spread label closer than a step to the last one would overlap it.
        let step = n.div_ceil(6).max(1);
        for (i, label) in self.x_labels.iter().enumerate() {
            if (i % step == 0 && (i == 0 || n - 1 - i >= step)) || i + 1 == n {
                // The first and last labels align with the plot's edges so they are not cut off.
                let anchor = match i {
                    0 if n > 1 => "start",
                    i if i + 1 == n && n > 1 => "end",
                    _ => "middle",
                };
                let _ = write!(
                    svg,
                    "<text x=\"{x:.1}\" y=\"{y}\" text-anchor=\"{anchor}\">{label}</text>",
                    x = x_at(i),
                    y = PLOT_BOTTOM + 22.0,
                    label = escape(label),
                );
            }
        }
        svg.push_str("</g>");
        for (s, series) in self.series.iter().enumerate() {
            let (colour, dash) = (COLOURS[s % COLOURS.len()], DASHES[s % DASHES.len()]);
            let dash_attr = if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            };
            let points: Vec<String> = series
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x_at(i), y_at(*v)))
                .collect();
            let _ = write!(
                svg,
                "<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash_attr}/>",
                points = points.join(" "),
            );
            if let Some(last) = points.last() {
                let (cx, cy) = last.split_once(',').unwrap_or(("0", "0"));
                let _ = write!(
                    svg,
                    "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3.5\" fill=\"{colour}\"/>"
                );
            }
            let y = legend_top + LEGEND_ROW * s as f64;
            let last = series.values.last().copied().unwrap_or(0.0);
            let _ = write!(
                svg,
                "<line x1=\"{PLOT_LEFT}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash_attr}/>\
<text x=\"{tx}\" y=\"{ty}\" font-size=\"{FONT}\" fill=\"#222\">{label}: {pct}</text>",
                x2 = PLOT_LEFT + 36.0,
                tx = PLOT_LEFT + 44.0,
                ty = y + 4.0,
                label = escape(&series.label),
                pct = percent(last),
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

/// A share as a whole percentage ("37 %"), rounded down so that 99.6 % never shows as "100 %".
pub fn percent(share: f64) -> String {
    format!("{} %", (share.clamp(0.0, 1.0) * 100.0).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(days: usize) -> LineChart {
        LineChart {
            title: "Adopsi <per> tingkat".into(),
            x_labels: (1..=days).map(|d| format!("{d} Jun")).collect(),
            series: vec![
                Series {
                    label: "Provinsi".into(),
                    values: (0..days).map(|d| d as f64 / days as f64).collect(),
                },
                Series {
                    label: "Desa & kelurahan".into(),
                    values: vec![0.0; days],
                },
            ],
        }
    }

    #[test]
    fn renders_well_formed_svg_with_a_line_and_legend_per_series() {
        let svg = chart(30).render("c");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let lines: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].attribute("points").unwrap().split(' ').count(), 30);
        assert_ne!(lines[0].attribute("stroke"), lines[1].attribute("stroke"));
        assert_ne!(
            lines[0].attribute("stroke-dasharray"),
            lines[1].attribute("stroke-dasharray"),
            "series differ by more than colour"
        );
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&"Provinsi: 96 %"), "{texts:?}");
        assert!(texts.contains(&"Desa & kelurahan: 0 %"));
        assert!(texts.contains(&"1 Jun") && texts.contains(&"30 Jun"));
        let x_labels = texts.iter().filter(|t| t.ends_with("Jun")).count();
        assert!(x_labels <= 7, "{x_labels} x labels");
        let last = doc
            .descendants()
            .find(|n| n.text() == Some("30 Jun"))
            .unwrap();
        assert_eq!(last.attribute("text-anchor"), Some("end"), "not cut off");
    }

    #[test]
    fn no_spread_label_crowds_the_last_one() {
        let svg = chart(20).render("c");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let labels: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .filter(|t| t.ends_with("Jun"))
            .collect();
        assert_eq!(labels, vec!["1 Jun", "5 Jun", "9 Jun", "13 Jun", "20 Jun"]);
    }

    #[test]
    fn a_single_day_is_drawn_in_the_middle() {
        let svg = chart(1).render("c");
        roxmltree::Document::parse(&svg).unwrap();
        assert!(svg.contains("points=\"218.0,200.0\""), "{svg}");
    }

    #[test]
    fn labels_are_large_for_the_drawing() {
        // Shown 328 px wide on a phone, a label must be at least 11 px tall.
        let svg = chart(30).render("c");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let width: f64 = doc
            .root_element()
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .nth(2)
            .unwrap()
            .parse()
            .unwrap();
        for n in doc
            .descendants()
            .filter(|n| n.attribute("font-size").is_some())
        {
            let size: f64 = n.attribute("font-size").unwrap().parse().unwrap();
            assert!(size * 328.0 / width >= 11.0, "{size} in {width}");
        }
    }

    #[test]
    fn percentages_round_down() {
        assert_eq!(percent(0.996), "99 %");
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent(-0.1), "0 %");
    }
}
