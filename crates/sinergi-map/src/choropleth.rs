//! A choropleth map as inline SVG: every region a link with a title, six classes told apart
//! by colour (a colour-blind-safe sequential scheme, ColorBrewer YlGnBu) AND by pattern for the
//! two lowest classes, a legend as its own small SVG so its text stays readable on a phone.
//! Presentation attributes only: the pages' CSP allows no inline `style`.
//!
//! One function, [`share_class`], puts a share in its class, from whole numbers (adopted and
//! targeted units), and [`percent_text`] writes the share the tables show, rounded down to a
//! tenth; the class labels ([`class_label`]) use the same steps, so a table row and its region
//! on the map always agree. The steps are finer at the low end, where campaigns spend most of
//! their time: none, under 5 %, 5–15, 15–35, 35–65, 65 % and more.

use std::fmt::Write as _;

use crate::shapes::ShapeSet;

/// A region to colour. `share` is in 0.0..=1.0; regions of the set not listed are drawn as
/// "not targeted", without a link.
#[derive(Debug, Clone)]
pub struct Region<'a> {
    pub code: &'a str,
    /// The region's class, from [`share_class`].
    pub class: usize,
    /// The hover and screen-reader text, e.g. "Jawa Timur: 82 % adopted (31 of 38)".
    pub title: &'a str,
    pub href: &'a str,
}

/// The words around the map, in the reader's language.
#[derive(Debug, Clone)]
pub struct ChoroplethText<'a> {
    /// The map's accessible name.
    pub title: &'a str,
    pub legend_title: &'a str,
    /// One label per class of [`share_class`], lowest first.
    pub class_labels: [&'a str; CLASSES],
    pub not_targeted: &'a str,
}

pub const CLASSES: usize = 6;
const FILLS: [&str; CLASSES] = [
    "#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494",
];
const NOT_TARGETED_FILL: &str = "#d9d9d9";
const BORDER: &str = "#ffffff";

/// The lower bounds, in whole percent, of classes 2 and up. Class 0 is "none yet", class 1
/// anything above none and under the first bound.
pub const BOUNDS: [i64; CLASSES - 2] = [5, 15, 35, 65];

/// The class of `adopted` out of `targets`: 0 when none adopted (or nothing is targeted), 1
/// under 5 %, then one class per step of [`BOUNDS`]. Exact: compared in whole numbers, never
/// in floating point, so a share exactly on a bound is in the class above it.
pub fn share_class(adopted: i64, targets: i64) -> usize {
    if targets <= 0 || adopted <= 0 {
        return 0;
    }
    let a = i128::from(adopted.min(targets)) * 100;
    let t = i128::from(targets);
    1 + BOUNDS.iter().filter(|b| a >= i128::from(**b) * t).count()
}

/// The share in tenths of a percent, rounded down (0..=1000).
pub fn share_tenths(adopted: i64, targets: i64) -> i64 {
    if targets <= 0 || adopted <= 0 {
        return 0;
    }
    (i128::from(adopted.min(targets)) * 1000 / i128::from(targets)) as i64
}

/// The share as tables write it, rounded down to a tenth with `decimal` as the separator:
/// "0 %" only when none adopted, "< 0,1 %" for a share too small to show, "16,5 %", "100 %".
/// Rounded down, it never crosses a bound of [`BOUNDS`]: a value shown lies in its class.
pub fn percent_text(adopted: i64, targets: i64, decimal: char) -> String {
    if targets <= 0 || adopted <= 0 {
        return "0 %".to_owned();
    }
    match share_tenths(adopted, targets) {
        0 => format!("< 0{decimal}1 %"),
        1000 => "100 %".to_owned(),
        t => format!("{}{decimal}{} %", t / 10, t % 10),
    }
}

/// The label of a class, with the same steps as [`share_class`]: "0 %", "< 5 %",
/// "5–14,9 %", …, "65–100 %".
pub fn class_label(class: usize, decimal: char) -> String {
    match class {
        0 => "0 %".to_owned(),
        1 => format!("< {} %", BOUNDS[0]),
        c if c >= CLASSES - 1 => format!("{}–100 %", BOUNDS[CLASSES - 3]),
        c => format!("{}–{}{decimal}9 %", BOUNDS[c - 2], BOUNDS[c - 1] - 1),
    }
}

/// The pattern or colour a class is painted with (ids are prefixed by `id` so two maps can share a page).
fn paint(id: &str, class: usize) -> String {
    match class {
        0 | 1 => format!("url(#{id}-c{class})"),
        _ => FILLS[class].to_owned(),
    }
}

fn patterns(id: &str) -> String {
    // Class 0: diagonal hatching; class 1: dots. Both stay visible in greyscale.
    format!(
        "<defs>\
<pattern id=\"{id}-c0\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"8\" height=\"8\" fill=\"{c0}\"/><rect width=\"2.5\" height=\"8\" fill=\"#c2a83e\"/></pattern>\
<pattern id=\"{id}-c1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
<rect width=\"6\" height=\"6\" fill=\"{c1}\"/><circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#1b6e4a\"/></pattern>\
</defs>",
        c0 = FILLS[0],
        c1 = FILLS[1]
    )
}

/// The map itself. `id` must be unique on the page (it prefixes the patterns' ids).
pub fn render_choropleth(
    set: &ShapeSet,
    regions: &[Region<'_>],
    text: &ChoroplethText<'_>,
    id: &str,
) -> String {
    let mut svg = String::with_capacity(set.shapes.iter().map(|s| s.d.len() + 160).sum());
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
aria-labelledby=\"{id}-title\" class=\"choropleth\"><title id=\"{id}-title\">{title}</title>{defs}",
        w = set.width,
        h = set.height,
        title = escape(text.title),
        defs = patterns(id),
    );
    let _ = write!(
        svg,
        "<g stroke=\"{BORDER}\" stroke-width=\"0.6\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">"
    );
    for shape in &set.shapes {
        match regions.iter().find(|r| r.code == shape.code) {
            Some(region) => {
                let _ = write!(
                    svg,
                    "<a href=\"{href}\" aria-label=\"{title}\"><path d=\"{d}\" fill=\"{fill}\" data-code=\"{code}\" data-class=\"{class}\"><title>{title}</title></path></a>",
                    href = escape(region.href),
                    title = escape(region.title),
                    d = shape.d,
                    fill = paint(id, region.class.min(CLASSES - 1)),
                    code = escape(&shape.code),
                    class = region.class.min(CLASSES - 1),
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<path d=\"{d}\" fill=\"{NOT_TARGETED_FILL}\" data-code=\"{code}\"><title>{name}: {label}</title></path>",
                    d = shape.d,
                    code = escape(&shape.code),
                    name = escape(&shape.name),
                    label = escape(text.not_targeted),
                );
            }
        }
    }
    svg.push_str("</g></svg>");
    svg
}

/// The legend: a swatch and a label per class, then "not targeted".
pub fn render_legend(text: &ChoroplethText<'_>, id: &str) -> String {
    const ROW: u32 = 24;
    let rows = CLASSES as u32 + 1;
    let height = 28 + rows * ROW;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 {height}\" width=\"320\" height=\"{height}\" \
role=\"img\" aria-labelledby=\"{id}-legend-title\" class=\"choropleth-legend\">\
<title id=\"{id}-legend-title\">{title}: {all}</title>{defs}\
<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">{title}</text>",
        title = escape(text.legend_title),
        all = escape(&text.class_labels.join(", ")),
        defs = patterns(&format!("{id}-legend")),
    );
    let swatches = (0..CLASSES)
        .map(|c| (paint(&format!("{id}-legend"), c), text.class_labels[c]))
        .chain([(NOT_TARGETED_FILL.to_owned(), text.not_targeted)]);
    for (row, (fill, label)) in swatches.enumerate() {
        let y = 28 + row as u32 * ROW;
        let _ = write!(
            svg,
            "<rect x=\"0\" y=\"{y}\" width=\"28\" height=\"18\" fill=\"{fill}\" stroke=\"#555\" stroke-width=\"1\"/>\
<text x=\"38\" y=\"{ty}\" font-size=\"14\" fill=\"#222\">{label}</text>",
            ty = y + 14,
            label = escape(label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Escapes text for XML content and double-quoted attributes, and drops
/// the characters XML 1.0 cannot carry at all (control characters, U+FFFE
/// and U+FFFF), which would make the whole picture unreadable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{fffe}'
            | '\u{ffff}' => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shapes::provinces;

    const TEXT: ChoroplethText<'static> = ChoroplethText {
        title: "Adopsi per provinsi",
        legend_title: "Adopsi",
        class_labels: [
            "0 %",
            "< 5 %",
            "5–14,9 %",
            "15–34,9 %",
            "35–64,9 %",
            "65–100 %",
        ],
        not_targeted: "bukan sasaran",
    };

    fn all_regions(titles: &[String]) -> Vec<Region<'_>> {
        provinces()
            .shapes
            .iter()
            .zip(titles)
            .enumerate()
            .map(|(i, (s, title))| Region {
                code: &s.code,
                class: i % CLASSES,
                title,
                href: "/campaigns/1/dashboard?unit=35&x=<&y=\"",
            })
            .collect()
    }

    #[test]
    fn classes_cover_the_range_and_the_edges() {
        let class = |a, t| share_class(a, t);
        // Nothing adopted, or nothing targeted.
        assert_eq!((class(0, 7277), class(0, 0), class(3, 0)), (0, 0, 0));
        // The smallest share above none is not "none": the old map drew
        // 1–24 % where the table said 0 %.
        assert_eq!(class(1, 88_742), 1);
        assert_eq!(percent_text(1, 88_742, ','), "< 0,1 %");
        // Exactly on a bound: the class above. Just under it: the class below.
        assert_eq!((class(5, 100), class(4_999, 100_000)), (2, 1));
        assert_eq!((class(15, 100), class(149, 1000)), (3, 2));
        assert_eq!((class(35, 100), class(65, 100)), (4, 5));
        assert_eq!(class(1, 20), 2, "1 of 20 is exactly 5 %");
        // All of them, and (defensively) more than all.
        assert_eq!((class(7277, 7277), class(8, 7)), (5, 5));
        assert_eq!(percent_text(7277, 7277, ','), "100 %");
        assert_eq!(percent_text(1204, 7277, ','), "16,5 %");
        assert_eq!(percent_text(1204, 7277, '.'), "16.5 %");
        assert_eq!(percent_text(0, 7277, ','), "0 %");
        assert_eq!(percent_text(9999, 10_000, ','), "99,9 %");
    }

    #[test]
    fn what_a_table_shows_lies_in_the_class_the_map_draws() {
        // Every share of up to 400 targets: the shown percentage, read back,
        // is within the label's range of the class the map paints.
        for targets in 1..=400i64 {
            for adopted in 0..=targets {
                let c = share_class(adopted, targets);
                let tenths = share_tenths(adopted, targets);
                let (lo, hi) = match c {
                    0 => (0, 0),
                    1 => (0, BOUNDS[0] * 10 - 1),
                    c if c == CLASSES - 1 => (BOUNDS[c - 2] * 10, 1000),
                    c => (BOUNDS[c - 2] * 10, BOUNDS[c - 1] * 10 - 1),
                };
                assert!(
                    (lo..=hi).contains(&tenths),
                    "{adopted}/{targets}: {} in class {c} ({})",
                    percent_text(adopted, targets, ','),
                    class_label(c, ',')
                );
                assert_eq!(c == 0, adopted == 0, "only none is class 0");
            }
        }
        let labels: Vec<String> = (0..CLASSES).map(|c| class_label(c, ',')).collect();
        assert_eq!(
            labels,
            [
                "0 %",
                "< 5 %",
                "5–14,9 %",
                "15–34,9 %",
                "35–64,9 %",
                "65–100 %"
            ]
        );
    }

    #[test]
    fn map_is_well_formed_xml_with_a_link_and_title_per_region() {
        let titles: Vec<String> = provinces()
            .shapes
            .iter()
            .map(|s| format!("{} & <friends>: 20 %", s.name))
            .collect();
        let mut regions = all_regions(&titles);
        regions.pop(); // the last region is not targeted
        let svg = render_choropleth(provinces(), &regions, &TEXT, "m");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
        assert_eq!(links.len(), 37);
        for link in &links {
            assert_eq!(
                link.attribute("href"),
                Some("/campaigns/1/dashboard?unit=35&x=<&y=\"")
            );
            let title = link
                .descendants()
                .find(|n| n.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap();
            assert!(title.ends_with("& <friends>: 20 %"), "{title}");
        }
        let paths = doc.descendants().filter(|n| n.has_tag_name("path")).count();
        assert_eq!(paths, 38);
        let hatched = doc
            .descendants()
            .filter(|n| n.attribute("fill") == Some("url(#m-c0)"))
            .count();
        assert!(
            hatched >= 6,
            "share 0 regions are hatched, not only coloured"
        );
        assert!(svg.contains("bukan sasaran"));
    }

    #[test]
    fn a_province_regency_map_draws_every_regency() {
        let set = crate::shapes::regencies_of("35").unwrap();
        let titles: Vec<String> = set
            .shapes
            .iter()
            .map(|s| format!("{}: 1 dari 1", s.name))
            .collect();
        let regions: Vec<Region<'_>> = set
            .shapes
            .iter()
            .zip(&titles)
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(i, (s, title))| Region {
                code: &s.code,
                class: i % CLASSES,
                title,
                href: "/forums/series/1?unit=35#map",
            })
            .collect();
        let svg = render_choropleth(set, &regions, &TEXT, "regency-map");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let paths = doc.descendants().filter(|n| n.has_tag_name("path")).count();
        assert_eq!(paths, 38);
        let links = doc.descendants().filter(|n| n.has_tag_name("a")).count();
        assert_eq!(links, 19);
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", set.width, set.height)));
        assert!(svg.len() < 20_000, "{} bytes", svg.len());
    }

    #[test]
    fn legend_is_well_formed_and_names_every_class() {
        let svg = render_legend(&TEXT, "m");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let labels: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            labels,
            [
                "Adopsi",
                "0 %",
                "< 5 %",
                "5–14,9 %",
                "15–34,9 %",
                "35–64,9 %",
                "65–100 %",
                "bukan sasaran"
            ]
        );
    }

    #[test]
    fn a_whole_map_stays_far_below_the_page_budget() {
        let titles: Vec<String> = provinces()
            .shapes
            .iter()
            .map(|s| format!("{}: 100 % diadopsi (1.234 dari 1.234 unit)", s.name))
            .collect();
        let regions = all_regions(&titles);
        let bytes = render_choropleth(provinces(), &regions, &TEXT, "m").len()
            + render_legend(&TEXT, "m").len();
        // The page budget is 300 KB for HTML + CSS + SVG; the map must leave most of it.
        assert!(bytes < 100_000, "map and legend take {bytes} bytes");
    }
}
