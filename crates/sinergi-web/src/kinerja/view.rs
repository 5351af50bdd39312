//! Figures into words: indicator values, grades, leaps, the period
//! switcher, the map classes, shared by the dashboard and the leap page.

use sinergi_kinerja::figures::{Figures, Ranked};
use sinergi_kinerja::index::Leap;
use sinergi_kinerja::{Grade, IndicatorKey, Period, PeriodKind, Value};
use sinergi_map::{ChoroplethText, Region};

use crate::i18n::{Lang, Tr};
use crate::pages::view::encode_component;

pub fn decimal(tr: &Tr) -> char {
    if tr.lang == Lang::Id { ',' } else { '.' }
}

/// `x` with one decimal in the reader's convention.
pub fn one_decimal(tr: &Tr, x: f64) -> String {
    format!("{x:.1}").replace('.', &decimal(tr).to_string())
}

pub fn index_text(tr: &Tr, index: Option<f64>) -> String {
    index.map_or_else(|| tr.t("kj-no-index"), |i| one_decimal(tr, i))
}

pub fn grade_text(tr: &Tr, grade: Option<Grade>) -> String {
    grade.map_or_else(String::new, |g| tr.t(&format!("kj-grade-{}", g.as_str())))
}

/// An indicator's value as a table writes it; "belum diukur" for a source
/// Sinergi does not hold yet, never zero.
pub fn value_text(tr: &Tr, key: IndicatorKey, v: Value) -> String {
    match v {
        Value::Count { n } => tr.num(n),
        Value::Share { part, whole } => format!(
            "{} ({} / {})",
            sinergi_map::percent_text(part, whole, decimal(tr)),
            tr.num(part),
            tr.num(whole)
        ),
        Value::Days { days } => {
            let n = one_decimal(tr, days);
            let n = n
                .strip_suffix(&format!("{}0", decimal(tr)))
                .map_or(n.clone(), str::to_owned);
            tr.t1("kj-days", "n", &n)
        }
        Value::Rate { n, of } => format!(
            "{} ({} / {})",
            one_decimal(tr, n as f64 / of as f64),
            tr.num(n),
            tr.num(of)
        ),
        Value::NoData => tr.t(
            if key == IndicatorKey::CampaignAdoption || key == IndicatorKey::CascadeShare {
                "kj-no-campaign"
            } else {
                "kj-no-data"
            },
        ),
        Value::NotMeasured => tr.t("kj-not-measured"),
    }
}

/// "+3,2" / "−1,0" / "–".
pub fn leap_index_text(tr: &Tr, leap: &Leap) -> String {
    match leap.index {
        Some(d) if d > 0.0 => format!("+{}", one_decimal(tr, d)),
        Some(d) if d < 0.0 => format!("−{}", one_decimal(tr, -d)),
        Some(_) => "0".to_owned(),
        None => "–".to_owned(),
    }
}

pub fn leap_rank_text(tr: &Tr, leap: &Leap) -> String {
    match leap.rank {
        Some(d) if d > 0 => tr.t1("kj-rank-up", "n", &tr.num(d)),
        Some(d) if d < 0 => tr.t1("kj-rank-down", "n", &tr.num(-d)),
        Some(_) => tr.t("kj-rank-same"),
        None => "–".to_owned(),
    }
}

pub fn dashboard_href(code: &str, period: Period) -> String {
    format!("/kinerja/{}?period={period}", encode_component(code))
}

/// A period as a person reads it: "November 2026", "Kuartal 4 2026", "2026".
pub fn period_label(tr: &Tr, p: Period) -> String {
    match p {
        Period::Month { year, month } => {
            format!("{} {year}", tr.t(&format!("kj-month-{month}")))
        }
        Period::Quarter { year, quarter } => tr.tn(
            "kj-quarter",
            &[("q", quarter.to_string()), ("year", year.to_string())],
        ),
        Period::Year { year } => year.to_string(),
    }
}

/// A link of the period switcher.
pub struct PeriodLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// Previous, this kind's other periods, next; and the three kinds.
pub fn period_links(
    tr: &Tr,
    base: &str,
    period: Period,
    current: Period,
) -> (Vec<PeriodLink>, Vec<PeriodLink>) {
    let sep = if base.contains('?') { '&' } else { '?' };
    let link = |p: Period, label: String, is_current: bool| PeriodLink {
        label,
        href: format!("{base}{sep}period={p}"),
        current: is_current,
    };
    let mut steps = vec![link(
        period.previous(),
        format!("← {}", period_label(tr, period.previous())),
        false,
    )];
    // The next period only once it has begun.
    if period.next().days().0 <= current.days().0 {
        steps.push(link(
            period.next(),
            format!("{} →", period_label(tr, period.next())),
            false,
        ));
    }
    let today = current.days().0;
    let kinds = PeriodKind::ALL
        .iter()
        .map(|k| {
            let p = Period::containing(*k, today);
            link(
                p,
                tr.t(&format!("kj-kind-{}", k.as_str())),
                period.kind() == *k,
            )
        })
        .collect();
    (steps, kinds)
}

/// The map class of an index: the campaign map's six classes, with the
/// two patterned ones for "no index" (hatched) and "Belum" (dotted).
pub fn map_class(index: Option<f64>) -> usize {
    match index.map(Grade::of) {
        None => 0,
        Some(Grade::NotYet) => 1,
        Some(Grade::Weak) => 2,
        Some(Grade::Adequate) => 3,
        Some(Grade::NearlyOutstanding) => 4,
        Some(Grade::Outstanding) => 5,
    }
}

pub fn class_labels(tr: &Tr) -> [String; 6] {
    [
        format!("{} ({})", tr.t("kj-no-index"), tr.t("cp-map-pattern-0")),
        format!(
            "{} ({})",
            tr.t("kj-grade-not_yet"),
            tr.t("cp-map-pattern-1")
        ),
        tr.t("kj-grade-weak"),
        tr.t("kj-grade-adequate"),
        tr.t("kj-grade-nearly_outstanding"),
        tr.t("kj-grade-outstanding"),
    ]
}

/// The province map coloured by index, and its legend.
pub fn province_map(tr: &Tr, provinces: &[Ranked], period: Period) -> (String, String) {
    let rows: Vec<(String, usize, String, String)> = provinces
        .iter()
        .map(|r| {
            let f: &Figures = &r.figures;
            (
                f.code.clone(),
                map_class(f.index),
                format!(
                    "{}: {} {}",
                    f.name,
                    index_text(tr, f.index),
                    grade_text(tr, f.grade)
                ),
                dashboard_href(&f.code, period),
            )
        })
        .collect();
    let regions: Vec<Region<'_>> = rows
        .iter()
        .map(|(code, class, title, href)| Region {
            code,
            class: *class,
            title,
            href,
        })
        .collect();
    let labels = class_labels(tr);
    let (title, legend, none) = (
        tr.t("kj-map-title"),
        tr.t("kj-map-legend"),
        tr.t("kj-no-index"),
    );
    let text = ChoroplethText {
        title: &title,
        legend_title: &legend,
        class_labels: std::array::from_fn(|c| labels[c].as_str()),
        not_targeted: &none,
    };
    (
        sinergi_map::render_choropleth(sinergi_map::provinces(), &regions, &text, "kinerja-map"),
        sinergi_map::choropleth::render_legend(&text, "kinerja-map"),
    )
}

/// A row of a ranked table.
pub struct BoardRow {
    pub rank: String,
    pub name: String,
    pub href: String,
    pub index: String,
    pub grade: String,
    pub leap_index: String,
    pub leap_rank: String,
}

pub fn board_row(tr: &Tr, r: &Ranked, period: Period) -> BoardRow {
    BoardRow {
        rank: r
            .rank
            .map_or_else(|| "–".to_owned(), |k| tr.num(i64::from(k))),
        name: r.figures.name.clone(),
        href: dashboard_href(&r.figures.code, period),
        index: index_text(tr, r.figures.index),
        grade: grade_text(tr, r.figures.grade),
        leap_index: leap_index_text(tr, &r.leap),
        leap_rank: leap_rank_text(tr, &r.leap),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_in_the_readers_convention() {
        let id = Tr::new(Lang::Id);
        let en = Tr::new(Lang::En);
        let share = Value::Share { part: 1, whole: 3 };
        assert_eq!(
            value_text(&id, IndicatorKey::Continuity, share),
            "33,3 % (1 / 3)"
        );
        assert_eq!(
            value_text(&en, IndicatorKey::Continuity, share),
            "33.3 % (1 / 3)"
        );
        assert_eq!(
            value_text(&id, IndicatorKey::MediaPickups, Value::NotMeasured),
            "belum diukur"
        );
        assert_eq!(
            value_text(&en, IndicatorKey::MediaPickups, Value::NotMeasured),
            "not measured yet"
        );
        assert_eq!(
            leap_index_text(
                &id,
                &Leap {
                    index: Some(-2.5),
                    rank: Some(3)
                }
            ),
            "−2,5"
        );
        assert_eq!(map_class(Some(95.0)), 5);
        assert_eq!(map_class(None), 0);
    }
}
