//! The period report of a unit or subtree: an XLSX workbook (figures as
//! numbers, a chart of the trend) and a PDF with its charts, both made in
//! the process (rust_xlsxwriter, krilla; no browser), in the reader's
//! language: the words come from the caller through [`Words`].

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, XlsxError};
use sinergi_domain::spreadsheet::{neutralise, sheet_name};

use crate::figures::{Figures, Ranked};
use crate::index::{Component, Weights};
use crate::indicators::{Indicator, IndicatorKey, Value};
use crate::period::Period;

/// Everything a report shows. Indicators the reader may not see are left
/// out by the caller.
#[derive(Debug, Clone)]
pub struct Report {
    pub figures: Figures,
    /// Oldest first, ending with `figures`' period.
    pub trend: Vec<Figures>,
    pub children: std::sync::Arc<Vec<Ranked>>,
    pub weights: Weights,
    /// Whether internal indicators are included.
    pub internal: bool,
    /// When it was made, as the reader reads it.
    pub made_at: String,
}

/// The words of a report in the reader's language.
pub trait Words {
    fn t(&self, key: &str) -> String;
    fn indicator(&self, key: IndicatorKey) -> String;
    fn component(&self, c: Component) -> String;
    fn value(&self, key: IndicatorKey, v: Value) -> String;
    fn period(&self, p: Period) -> String;
    fn index(&self, i: Option<f64>) -> String;
    fn grade(&self, f: &Figures) -> String;
    fn leap(&self, r: &Ranked) -> String;
}

impl Report {
    fn shown(&self) -> impl Iterator<Item = &Indicator> {
        self.figures
            .indicators
            .iter()
            .filter(|i| i.public || self.internal)
    }
}

/// A text cell that a spreadsheet would take for a formula is written
/// with a leading quote mark (the domain's one rule for every export).
fn safe(s: &str) -> String {
    neutralise(s).into_owned()
}

/// The status of a value, as the open data names it.
pub fn status(v: Value) -> &'static str {
    match v {
        Value::Count { .. } => "count",
        Value::Share { .. } => "share",
        Value::Days { .. } => "days",
        Value::Rate { .. } => "rate",
        Value::NoData => "no_data",
        Value::NotMeasured => "not_measured",
    }
}

/// The workbook: a summary, the indicators (values as numbers: counts,
/// days, percent for shares, with their parts), the trend with its chart,
/// the units below ranked, and the weights.
pub fn xlsx(r: &Report, w: &dyn Words) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let f = &r.figures;

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&w.t("kj-r-sheet-summary")))?;
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 40)?;
    sheet.write_string_with_format(0, 0, safe(&w.t("kj-r-title")), &title)?;
    let rows: Vec<(String, String)> = vec![
        (w.t("kj-unit"), safe(&f.name)),
        (w.t("kj-r-code"), safe(&f.code)),
        (w.t("kj-period"), w.period(f.period)),
        (w.t("kj-r-period-key"), f.period.to_string()),
        (
            w.t("kj-r-scope"),
            w.t(if f.subtree {
                "kj-scope-subtree"
            } else {
                "kj-scope-unit"
            }),
        ),
        (w.t("kj-grade"), w.grade(f)),
        (w.t("kj-r-made"), r.made_at.clone()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, k, &bold)?;
        sheet.write_string(row, 1, v)?;
    }
    let row = 2 + rows.len() as u32;
    sheet.write_string_with_format(row, 0, w.t("kj-index"), &bold)?;
    match f.index {
        Some(i) => sheet.write_number(row, 1, i)?,
        None => sheet.write_string(row, 1, w.index(None))?,
    };

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&w.t("kj-indicators")))?;
    let head = [
        w.t("kj-indicator"),
        w.t("kj-r-key"),
        w.t("kj-value"),
        w.t("kj-r-status"),
        w.t("kj-r-part"),
        w.t("kj-r-whole"),
        w.t("kj-amec"),
        w.t("kj-pikp"),
        w.t("kj-r-text"),
    ];
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    sheet.set_column_width(0, 44)?;
    sheet.set_column_width(1, 26)?;
    sheet.set_column_width(8, 30)?;
    for (i, ind) in r.shown().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, w.indicator(ind.key))?;
        sheet.write_string(row, 1, ind.key.as_str())?;
        if let Some(n) = ind.value.number() {
            sheet.write_number(row, 2, n)?;
        }
        sheet.write_string(row, 3, status(ind.value))?;
        match ind.value {
            Value::Share { part, whole } => {
                sheet.write_number(row, 4, part as f64)?;
                sheet.write_number(row, 5, whole as f64)?;
            }
            Value::Rate { n, of } => {
                sheet.write_number(row, 4, n as f64)?;
                sheet.write_number(row, 5, of as f64)?;
            }
            _ => {}
        }
        sheet.write_string(row, 6, ind.amec.as_str())?;
        sheet.write_string(row, 7, ind.pikp.as_str())?;
        sheet.write_string(row, 8, w.value(ind.key, ind.value))?;
    }

    let trend_name = sheet_name(&w.t("kj-trend"));
    let sheet = book.add_worksheet();
    sheet.set_name(&trend_name)?;
    sheet.write_string_with_format(0, 0, w.t("kj-period"), &bold)?;
    sheet.write_string_with_format(0, 1, w.t("kj-index"), &bold)?;
    sheet.set_column_width(0, 20)?;
    for (i, t) in r.trend.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, w.period(t.period))?;
        if let Some(x) = t.index {
            sheet.write_number(row, 1, x)?;
        }
    }
    if !r.trend.is_empty() {
        let last = r.trend.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((trend_name.as_str(), 1, 0, last, 0))
            .set_values((trend_name.as_str(), 1, 1, last, 1))
            .set_name(w.t("kj-index").as_str());
        chart.title().set_name(w.t("kj-trend").as_str());
        chart.y_axis().set_min(0).set_max(100);
        sheet.insert_chart(1, 3, &chart)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&w.t("kj-r-sheet-children")))?;
    let head = [
        w.t("kj-rank"),
        w.t("kj-r-code"),
        w.t("kj-unit"),
        w.t("kj-index"),
        w.t("kj-grade"),
        w.t("kj-leap-index"),
    ];
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    sheet.set_column_width(2, 40)?;
    for (i, c) in r.children.iter().enumerate() {
        let row = 1 + i as u32;
        if let Some(k) = c.rank {
            sheet.write_number(row, 0, f64::from(k))?;
        }
        sheet.write_string(row, 1, safe(&c.figures.code))?;
        sheet.write_string(row, 2, safe(&c.figures.name))?;
        if let Some(x) = c.figures.index {
            sheet.write_number(row, 3, x)?;
        }
        sheet.write_string(row, 4, w.grade(&c.figures))?;
        if let Some(x) = c.leap.index {
            sheet.write_number(row, 5, x)?;
        }
    }

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&w.t("kj-w-weights")))?;
    sheet.write_string_with_format(0, 0, w.t("kj-w-component"), &bold)?;
    sheet.write_string_with_format(0, 1, w.t("kj-w-current"), &bold)?;
    sheet.set_column_width(0, 34)?;
    for (i, c) in Component::ALL.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, w.component(*c))?;
        sheet.write_number(row, 1, f64::from(r.weights.of(*c)))?;
    }
    book.save_to_buffer()
}

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 50.0;
const LINE: f32 = 15.0;

/// Writes lines top to bottom, starting a page when one is full.
struct Writer {
    doc: krilla::Document,
    pages: Vec<Vec<Op>>,
    y: f32,
    regular: Font,
    bold: Font,
}

/// What goes on a page, drawn when the document is finished.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: (u8, u8, u8),
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
    },
}

impl Writer {
    fn page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn room(&mut self, h: f32) {
        if self.pages.is_empty() || self.y + h > A4.1 - MARGIN {
            self.page();
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    fn text_at(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let y = self.y;
        self.op(Op::Text {
            x,
            y,
            size,
            bold,
            text: text.to_owned(),
        });
    }

    fn line(&mut self, size: f32, bold: bool, text: &str) {
        self.room(size + 6.0);
        self.y += size + 4.0;
        self.text_at(MARGIN, size, bold, text);
    }

    /// A row of cells at the given x offsets.
    fn row(&mut self, cells: &[(f32, String)], bold: bool) {
        self.room(LINE);
        self.y += LINE;
        for (x, t) in cells {
            self.text_at(MARGIN + x, 9.0, bold, t);
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn draw(op: &Op, s: &mut Surface<'_>, regular: &Font, bold: &Font) {
        match op {
            Op::Text {
                x,
                y,
                size,
                bold: b,
                text,
            } => {
                s.set_fill(Some(Fill {
                    paint: rgb::Color::new(11, 12, 12).into(),
                    opacity: NormalizedF32::ONE,
                    rule: Default::default(),
                }));
                s.draw_text(
                    Point::from_xy(*x, *y),
                    if *b { bold.clone() } else { regular.clone() },
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Op::Rect { x, y, w, h, color } => {
                let mut pb = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) {
                    pb.push_rect(rect);
                }
                if let Some(path) = pb.finish() {
                    s.set_fill(Some(Fill {
                        paint: rgb::Color::new(color.0, color.1, color.2).into(),
                        opacity: NormalizedF32::ONE,
                        rule: Default::default(),
                    }));
                    s.set_stroke(None);
                    s.draw_path(&path);
                }
            }
            Op::Line { from, to } => {
                let mut pb = PathBuilder::new();
                pb.move_to(from.0, from.1);
                pb.line_to(to.0, to.1);
                if let Some(path) = pb.finish() {
                    s.set_fill(None);
                    s.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(80, 90, 95).into(),
                        width: 0.6,
                        ..Default::default()
                    }));
                    s.draw_path(&path);
                    s.set_stroke(None);
                }
            }
        }
    }

    fn finish(mut self) -> Result<Vec<u8>, String> {
        for ops in &self.pages {
            let Some(settings) = PageSettings::from_wh(A4.0, A4.1) else {
                return Err("page size".into());
            };
            let mut page = self.doc.start_page_with(settings);
            let mut s = page.surface();
            for op in ops {
                Writer::draw(op, &mut s, &self.regular, &self.bold);
            }
            s.finish();
            page.finish();
        }
        self.doc.finish().map_err(|e| format!("{e:?}"))
    }
}

/// Cuts a text to `n` characters, with an ellipsis.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A bar chart of values 0–100 with their labels under the bars.
fn bars(wr: &mut Writer, title: &str, bars: &[(String, Option<f64>, String)]) {
    const H: f32 = 150.0;
    wr.room(H + 60.0);
    wr.line(11.0, true, title);
    wr.gap(8.0);
    let top = wr.y;
    let width = A4.0 - 2.0 * MARGIN;
    let n = bars.len().max(1) as f32;
    let slot = width / n;
    let bottom = top + H;
    wr.op(Op::Line {
        from: (MARGIN, bottom),
        to: (MARGIN + width, bottom),
    });
    for (i, (label, v, shown)) in bars.iter().enumerate() {
        let x = MARGIN + slot * i as f32 + slot * 0.2;
        let h = (v.unwrap_or(0.0).clamp(0.0, 100.0) as f32) / 100.0 * H;
        wr.op(Op::Rect {
            x,
            y: bottom - h,
            w: slot * 0.6,
            h,
            color: (29, 112, 184),
        });
        wr.op(Op::Text {
            x,
            y: bottom - h - 3.0,
            size: 8.0,
            bold: true,
            text: shown.clone(),
        });
        wr.op(Op::Text {
            x,
            y: bottom + 11.0,
            size: 7.5,
            bold: false,
            text: cut(label, 16),
        });
    }
    wr.y = bottom + 16.0;
}

/// The PDF: the summary, the trend and the units below as charts, the
/// indicators and the ranking as tables, and the weights.
pub fn pdf(r: &Report, w: &dyn Words, lang: &str) -> Result<Vec<u8>, String> {
    let regular = Font::new(REGULAR.into(), 0).ok_or("font")?;
    let bold = Font::new(BOLD.into(), 0).ok_or("font")?;
    let f = &r.figures;
    let mut doc = krilla::Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!(
                "{}: {} · {}",
                w.t("kj-r-title"),
                f.name,
                w.period(f.period)
            ))
            .language(lang.to_owned()),
    );
    let mut wr = Writer {
        doc,
        pages: Vec::new(),
        y: MARGIN,
        regular,
        bold,
    };
    wr.page();
    wr.line(16.0, true, &w.t("kj-r-title"));
    wr.line(13.0, true, &f.name);
    wr.line(
        10.0,
        false,
        &format!(
            "{} · {} · {}",
            w.period(f.period),
            w.t(if f.subtree {
                "kj-scope-subtree"
            } else {
                "kj-scope-unit"
            }),
            f.code
        ),
    );
    wr.line(9.0, false, &format!("{}: {}", w.t("kj-r-made"), r.made_at));
    wr.gap(8.0);
    wr.line(
        12.0,
        true,
        &format!("{}: {} {}", w.t("kj-index"), w.index(f.index), w.grade(f)),
    );
    wr.gap(6.0);

    let trend: Vec<(String, Option<f64>, String)> = r
        .trend
        .iter()
        .map(|t| (w.period(t.period), t.index, w.index(t.index)))
        .collect();
    bars(&mut wr, &w.t("kj-trend"), &trend);
    wr.gap(10.0);

    wr.line(12.0, true, &w.t("kj-indicators"));
    wr.row(
        &[
            (0.0, w.t("kj-indicator")),
            (250.0, w.t("kj-value")),
            (400.0, w.t("kj-amec")),
        ],
        true,
    );
    let shown: Vec<&Indicator> = r.shown().collect();
    for ind in shown {
        wr.row(
            &[
                (0.0, cut(&w.indicator(ind.key), 44)),
                (250.0, cut(&w.value(ind.key, ind.value), 28)),
                (400.0, w.t(&format!("kj-amec-{}", ind.amec.as_str()))),
            ],
            false,
        );
    }
    wr.gap(10.0);

    if !r.children.is_empty() {
        let top: Vec<(String, Option<f64>, String)> = r
            .children
            .iter()
            .take(12)
            .map(|c| {
                (
                    c.figures.name.clone(),
                    c.figures.index,
                    w.index(c.figures.index),
                )
            })
            .collect();
        bars(&mut wr, &w.t("kj-children"), &top);
        wr.gap(10.0);
        wr.line(12.0, true, &w.t("kj-children"));
        wr.row(
            &[
                (0.0, w.t("kj-rank")),
                (40.0, w.t("kj-unit")),
                (280.0, w.t("kj-index")),
                (340.0, w.t("kj-grade")),
                (440.0, w.t("kj-leap-index")),
            ],
            true,
        );
        for c in r.children.iter() {
            wr.row(
                &[
                    (0.0, c.rank.map_or_else(|| "–".into(), |k| k.to_string())),
                    (40.0, cut(&c.figures.name, 40)),
                    (280.0, w.index(c.figures.index)),
                    (340.0, cut(&w.grade(&c.figures), 18)),
                    (440.0, w.leap(c)),
                ],
                false,
            );
        }
        wr.gap(10.0);
    }

    wr.line(12.0, true, &w.t("kj-w-weights"));
    for c in Component::ALL {
        wr.row(
            &[(0.0, w.component(c)), (250.0, r.weights.of(c).to_string())],
            false,
        );
    }
    wr.finish()
}
