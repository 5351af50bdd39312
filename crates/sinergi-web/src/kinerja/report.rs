//! `/kinerja/{code}/report.xlsx` and `.pdf`: the period report of a unit
//! or its subtree, made in the process in the reader's language. The same
//! figures as the dashboard; internal indicators only for staff with rights
//! on the unit.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::{UnitCode, Zone};
use sinergi_kinerja::figures::{Figures, Ranked};
use sinergi_kinerja::index::Component;
use sinergi_kinerja::report::{self, Report, Words};
use sinergi_kinerja::{Day, IndicatorKey, Period, Value};

use super::dashboard::{KinerjaQuery, indicator_label, period_of};
use super::view::{grade_text, index_text, leap_index_text, period_label, value_text};
use super::weights::component_label;
use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::MaybeSession;

/// Periods in the report's trend.
const TREND: usize = 6;

struct TrWords(Tr);

impl Words for TrWords {
    fn t(&self, key: &str) -> String {
        self.0.t(key)
    }
    fn indicator(&self, key: IndicatorKey) -> String {
        indicator_label(&self.0, key)
    }
    fn component(&self, c: Component) -> String {
        component_label(&self.0, c)
    }
    fn value(&self, key: IndicatorKey, v: Value) -> String {
        value_text(&self.0, key, v)
    }
    fn period(&self, p: Period) -> String {
        period_label(&self.0, p)
    }
    fn index(&self, i: Option<f64>) -> String {
        index_text(&self.0, i)
    }
    fn grade(&self, f: &Figures) -> String {
        grade_text(&self.0, f.grade)
    }
    fn leap(&self, r: &Ranked) -> String {
        leap_index_text(&self.0, &r.leap)
    }
}

pub enum Kind {
    Xlsx,
    Pdf,
}

async fn build(
    state: &AppState,
    lang: Lang,
    maybe: &MaybeSession,
    code: &str,
    q: &KinerjaQuery,
) -> PageResult<(Report, Period)> {
    let not_found = || {
        PageError::NotFound {
            key: "not-found-body",
            arg: ("x", code.to_owned()),
        }
        .in_lang(lang)
    };
    let unit_code = UnitCode::parse(code).map_err(|_| not_found())?;
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
    let period = period_of(q.period.as_deref(), today, lang)?;
    let subtree = child_count > 0 && q.scope.as_deref() != Some("unit");
    let kinerja = state.kinerja.clone();
    let trend = kinerja
        .trend(&unit, subtree, period, TREND, now)
        .await
        .or_page(lang)?;
    let Some(figures) = trend.last().cloned() else {
        return Err(not_found());
    };
    let children = if child_count > 0 {
        kinerja
            .children_board(&unit_code, period, now)
            .await
            .or_page(lang)?
    } else {
        Default::default()
    };
    let weights = kinerja.weights().await.or_page(lang)?;
    let tr = Tr::new(lang);
    Ok((
        Report {
            figures,
            trend,
            children,
            weights,
            internal,
            made_at: tr.date_time(now, Zone::Wib),
        },
        period,
    ))
}

pub async fn download(
    state: AppState,
    lang: Lang,
    maybe: MaybeSession,
    code: String,
    q: KinerjaQuery,
    kind: Kind,
) -> PageResult {
    let (r, period) = build(&state, lang, &maybe, &code, &q).await?;
    let words = TrWords(Tr::new(lang));
    let scope = if r.figures.subtree { "" } else { "-unit" };
    let base = format!("kinerja-{}-{period}{scope}", code.replace('.', "-"));
    let (bytes, mime, ext) = match kind {
        Kind::Xlsx => (
            report::xlsx(&r, &words)
                .map_err(|e| PageError::Internal(e.to_string()).in_lang(lang))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Kind::Pdf => (
            report::pdf(&r, &words, lang.code())
                .map_err(|e| PageError::Internal(e).in_lang(lang))?,
            "application/pdf",
            "pdf",
        ),
    };
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{base}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Internal indicators depend on who asks.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

pub async fn xlsx(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(code): Path<String>,
    Query(q): Query<KinerjaQuery>,
) -> PageResult<Response> {
    download(state, lang, maybe, code, q, Kind::Xlsx).await
}

pub async fn pdf(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(code): Path<String>,
    Query(q): Query<KinerjaQuery>,
) -> PageResult<Response> {
    download(state, lang, maybe, code, q, Kind::Pdf).await
}
