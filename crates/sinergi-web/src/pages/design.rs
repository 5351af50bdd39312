//! The design system's own page (`/design`): every component with realistic
//! content, in the reader's language. A new component is shown here before
//! a feature page uses it; the browser tests run axe-core over this page.
//!
//! The example form really checks what is sent, so the error summary,
//! inline errors and the success banner can be tried; nothing is stored.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use sinergi_domain::Zone;

use super::PageError;
use super::errors::LocalizedError;
use super::units::Crumb;
use super::view::{PageCtx, UnitLink, render};
use crate::AppState;
use crate::i18n::{Lang, Tr};

/// 4 June 2026 01:00 UTC: 09.00 WITA in Denpasar, the examples' moment.
const EXAMPLE_MOMENT: i64 = 1_780_534_800_000_000;
const HOUR: i64 = 3_600_000_000;
const TITLE_MAX: usize = 120;
/// The example unit's zone: Kota Denpasar.
const FORM_ZONE: Zone = Zone::Wita;

/// A field's error, linked from the error summary by the field's id.
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// A release in the example table.
pub struct ReleaseRow {
    pub title: &'static str,
    pub unit: &'static str,
    pub unit_href: &'static str,
    pub status: &'static str,
    pub status_label: String,
    pub updated: String,
}

/// An item in the example task list.
pub struct Task {
    pub name: String,
    pub href: Option<&'static str>,
    pub hint: String,
    pub status: &'static str,
    pub status_label: String,
}

/// The statuses a tag can show, each as `status-…` in the catalogues.
#[cfg(test)]
const STATUSES: [&str; 11] = [
    "draft",
    "review",
    "approved",
    "embargoed",
    "published",
    "overdue",
    "retired",
    "done",
    "in-progress",
    "not-started",
    "cannot-start",
];

fn status_label(tr: &Tr, status: &str) -> String {
    tr.t(&format!("status-{status}"))
}

#[derive(Deserialize, Default)]
pub struct FormParams {
    submitted: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    embargo: Option<String>,
    kind: Option<String>,
}

/// The example form: a release's title, summary, kind and embargo.
pub struct ReleaseForm {
    /// Whether the reader sent it (and focus should go to the errors).
    pub submitted: bool,
    pub title: String,
    pub summary: String,
    pub embargo: String,
    pub kind: String,
    pub errors: Vec<FieldError>,
}

impl ReleaseForm {
    /// The error for `field`, or "" when it has none.
    pub fn error(&self, field: &str) -> &str {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map_or("", |e| e.message.as_str())
    }

    pub fn is_kind(&self, kind: &str) -> bool {
        self.kind == kind
    }

    fn check(tr: &Tr, params: FormParams, now: i64) -> ReleaseForm {
        let submitted = params.submitted.is_some();
        let mut form = if submitted {
            ReleaseForm {
                submitted,
                title: params.title.unwrap_or_default().trim().to_owned(),
                summary: params.summary.unwrap_or_default().trim().to_owned(),
                embargo: params.embargo.unwrap_or_default().trim().to_owned(),
                kind: params.kind.unwrap_or_default(),
                errors: Vec::new(),
            }
        } else {
            // Unsent, the example shows its error state.
            ReleaseForm {
                submitted,
                title: String::new(),
                summary: "Pemerintah Kota Denpasar membuka layanan administrasi kependudukan keliling di Desa Sanur setiap Sabtu."
                    .to_owned(),
                embargo: "2025-06-04T09:00".to_owned(),
                kind: "release".to_owned(),
                errors: Vec::new(),
            }
        };
        let mut errors = Vec::new();
        if form.title.is_empty() {
            errors.push(("release-title", tr.t("form-error-title-missing")));
        } else if form.title.chars().count() > TITLE_MAX {
            errors.push(("release-title", tr.t("form-error-title-long")));
        }
        if form.summary.is_empty() {
            errors.push(("release-summary", tr.t("form-error-summary-missing")));
        }
        if !matches!(form.kind.as_str(), "release" | "news" | "article") {
            errors.push(("release-kind-release", tr.t("form-error-kind-missing")));
        }
        if !form.embargo.is_empty() {
            match embargo_micros(&form.embargo) {
                None => errors.push(("release-embargo", tr.t("form-error-embargo-invalid"))),
                Some(at) if at <= now => {
                    errors.push(("release-embargo", tr.t("form-error-embargo-past")))
                }
                Some(_) => {}
            }
        }
        form.errors = errors
            .into_iter()
            .map(|(field, message)| FieldError { field, message })
            .collect();
        form
    }
}

/// A `datetime-local` value ("2026-06-04T09:00") in the unit's zone, as UTC micros.
fn embargo_micros(value: &str) -> Option<i64> {
    let local: jiff::civil::DateTime = value.parse().ok()?;
    let offset = jiff::tz::Offset::constant(FORM_ZONE.utc_offset_hours());
    offset.to_timestamp(local).ok().map(|t| t.as_microsecond())
}

#[derive(Template)]
#[template(path = "design/show.html")]
pub struct DesignPage {
    ctx: PageCtx,
    crumbs: Vec<Crumb>,
    crumb_current: &'static str,
    embargo_until: String,
    reach: String,
    releases: Vec<ReleaseRow>,
    tasks: Vec<Task>,
    tasks_done: String,
    form: ReleaseForm,
    next_href: Option<String>,
    first_href: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(params): Query<FormParams>,
) -> Result<Response, LocalizedError> {
    let page = build(lang, params, state.clock.now());
    render(&headers, page, |p| p).map_err(|e: PageError| e.in_lang(lang))
}

fn build(lang: Lang, params: FormParams, now: i64) -> DesignPage {
    let mut ctx = PageCtx::new(lang, "/design".into());
    ctx.current_unit = Some(UnitLink {
        name: "Kota Denpasar".into(),
        href: "/units/51.71".into(),
    });
    let tr = ctx.tr;
    let at = |hours: i64| tr.date_time(EXAMPLE_MOMENT + hours * HOUR, Zone::Wita);
    let release = |title, unit, unit_href, status, hours| ReleaseRow {
        title,
        unit,
        unit_href,
        status,
        status_label: status_label(&tr, status),
        updated: at(hours),
    };
    let task = |key: &str, href, hint_key: &str, status| Task {
        name: tr.t(key),
        href,
        hint: if hint_key.is_empty() {
            String::new()
        } else {
            tr.t(hint_key)
        },
        status,
        status_label: status_label(&tr, status),
    };
    let tasks = vec![
        task("task-profile", Some("/units/51.71"), "", "done"),
        task(
            "task-achievement",
            None,
            "task-achievement-hint",
            "in-progress",
        ),
        task("task-campaign", None, "", "not-started"),
        task("task-replicate", None, "task-replicate-hint", "overdue"),
        task("task-report", None, "task-report-hint", "cannot-start"),
    ];
    let done = tasks.iter().filter(|t| t.status == "done").count();
    DesignPage {
        crumbs: vec![
            Crumb {
                name: "Bali".into(),
                href: "/units/51".into(),
            },
            Crumb {
                name: "Kota Denpasar".into(),
                href: "/units/51.71".into(),
            },
            Crumb {
                name: "Denpasar Selatan".into(),
                href: "/units/51.71.01".into(),
            },
        ],
        crumb_current: "Sanur",
        embargo_until: at(0),
        reach: tr.count("journalist-count", 1234),
        releases: vec![
            release(
                "Layanan Adminduk Keliling Hadir di Desa Sanur Setiap Sabtu",
                "Kota Denpasar",
                "/units/51.71",
                "published",
                -2,
            ),
            release(
                "Festival Sanur Village ke-19 Angkat Tema Ekonomi Biru",
                "Denpasar Selatan",
                "/units/51.71.01",
                "embargoed",
                -20,
            ),
            release(
                "Bali Raih Penghargaan Keterbukaan Informasi Publik 2026",
                "Provinsi Bali",
                "/units/51",
                "review",
                -26,
            ),
            release(
                "Revolusi Mental ASN: Gerakan Indonesia Melayani di Kantor Desa",
                "Sanur",
                "/units/51.71.01.1006",
                "draft",
                -50,
            ),
            release(
                "Jadwal Pemadaman Listrik Bergilir Dibatalkan",
                "Kota Denpasar",
                "/units/51.71",
                "retired",
                -300,
            ),
        ],
        tasks_done: tr.t1("tasks-done", "done", &format!("{done} / {}", tasks.len())),
        tasks,
        form: ReleaseForm::check(&tr, params, now),
        next_href: Some("/design?contoh=halaman-2#pagination".into()),
        first_href: Some("/design#pagination".into()),
        ctx,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_label_in_both_languages() {
        for lang in [Lang::Id, Lang::En] {
            let tr = Tr::new(lang);
            for s in STATUSES {
                assert!(
                    !status_label(&tr, s).starts_with("Unknown"),
                    "status-{s} missing in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn the_example_form_checks_what_is_sent() {
        let tr = Tr::new(Lang::Id);
        let now = EXAMPLE_MOMENT;
        let unsent = ReleaseForm::check(&tr, FormParams::default(), now);
        assert!(!unsent.submitted);
        assert_eq!(
            unsent.errors.len(),
            2,
            "the unsent example shows its error state"
        );

        let sent = |title: &str, embargo: &str| {
            ReleaseForm::check(
                &tr,
                FormParams {
                    submitted: Some("1".into()),
                    title: Some(title.into()),
                    summary: Some("Ringkasan".into()),
                    embargo: Some(embargo.into()),
                    kind: Some("news".into()),
                },
                now,
            )
        };
        assert!(sent("Judul", "").errors.is_empty());
        // 09.00 WITA is the example moment itself: not in the future.
        assert_eq!(
            sent("Judul", "2026-06-04T09:00").error("release-embargo"),
            tr.t("form-error-embargo-past")
        );
        assert!(sent("Judul", "2026-06-04T09:01").errors.is_empty());
        assert_eq!(
            sent("Judul", "besok pagi").error("release-embargo"),
            tr.t("form-error-embargo-invalid")
        );
        assert_eq!(
            sent(&"x".repeat(121), "").error("release-title"),
            tr.t("form-error-title-long")
        );
        assert_eq!(
            sent("  ", "").error("release-title"),
            tr.t("form-error-title-missing")
        );
    }
}
