//! Open data: every public indicator of every unit of a level for a
//! period, as CSV (one row per unit and indicator, the index as its own
//! row) and JSON (one object per unit). `/open-data` documents the schema
//! (`#kinerja`). Query: `period` (`2026-11`, `2026-Q4`, `2026`; this month
//! by default) and `level` (`province` by default; `regency`, `national`,
//! `district`).

use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sinergi_domain::Level;
use sinergi_kinerja::figures::Ranked;
use sinergi_kinerja::{Day, Period, PeriodKind, Zone};

use crate::AppState;
use crate::api::kinerja::{IndicatorDto, indicator_dto};
use crate::public::open_data::neutralise;

#[derive(Deserialize, Default)]
pub struct OpenQuery {
    period: Option<String>,
    level: Option<String>,
}

/// The CSV's columns, in order.
pub const CSV_FIELDS: [&str; 13] = [
    "period",
    "unit_code",
    "unit_name",
    "level",
    "indicator",
    "status",
    "value",
    "part",
    "whole",
    "amec_stage",
    "pikp_dimension",
    "rank",
    "leap_index",
];

#[derive(Serialize)]
struct OpenUnit {
    period: String,
    unit_code: String,
    unit_name: String,
    level: String,
    index: Option<f64>,
    grade: Option<String>,
    rank: Option<u32>,
    leap_index: Option<f64>,
    leap_rank: Option<i64>,
    indicators: Vec<IndicatorDto>,
}

fn bad(detail: String) -> Response {
    (StatusCode::BAD_REQUEST, detail).into_response()
}

async fn board(
    state: &AppState,
    q: &OpenQuery,
) -> Result<(Period, std::sync::Arc<Vec<Ranked>>), Response> {
    let now = state.clock.now();
    let today = Day::of_instant(now, Zone::Wib);
    let period = match q.period.as_deref().filter(|s| !s.is_empty()) {
        None => Period::containing(PeriodKind::Month, today),
        Some(s) => s.parse::<Period>().map_err(|e| bad(e.to_string()))?,
    };
    let level = match q.level.as_deref().unwrap_or("province") {
        "village" => {
            return Err(bad(
                "level: villages are exported per district, not yet here".into(),
            ));
        }
        l => l.parse::<Level>().map_err(|_| {
            bad(format!(
                "level: `{l}` is not national, province, regency or district"
            ))
        })?,
    };
    let rows = state
        .kinerja
        .clone()
        .level_board(level, period, now)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "kinerja open data");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        })?;
    Ok((period, rows))
}

fn public(r: &Ranked) -> Vec<IndicatorDto> {
    r.figures
        .indicators
        .iter()
        .filter(|i| i.public)
        .map(indicator_dto)
        .collect()
}

pub async fn json(State(state): State<AppState>, Query(q): Query<OpenQuery>) -> Response {
    let (period, rows) = match board(&state, &q).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let units: Vec<OpenUnit> = rows
        .iter()
        .map(|r| OpenUnit {
            period: period.to_string(),
            unit_code: r.figures.code.clone(),
            unit_name: r.figures.name.clone(),
            level: r.figures.level.as_str().to_owned(),
            index: r.figures.index,
            grade: r.figures.grade.map(|g| g.as_str().to_owned()),
            rank: r.rank,
            leap_index: r.leap.index,
            leap_rank: r.leap.rank,
            indicators: public(r),
        })
        .collect();
    axum::Json(units).into_response()
}

pub async fn csv(State(state): State<AppState>, Query(q): Query<OpenQuery>) -> Response {
    let (period, rows) = match board(&state, &q).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let mut out = w.write_record(CSV_FIELDS);
    for r in rows.iter() {
        let f = &r.figures;
        let head = [
            period.to_string(),
            f.code.clone(),
            neutralise(&f.name).into_owned(),
            f.level.as_str().to_owned(),
        ];
        let tail = [
            r.rank.map(|k| k.to_string()).unwrap_or_default(),
            opt(r.leap.index),
        ];
        let mut index_row: Vec<String> = head.to_vec();
        index_row.extend([
            "index".to_owned(),
            if f.index.is_some() {
                "index"
            } else {
                "no_data"
            }
            .to_owned(),
            opt(f.index),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        index_row.extend(tail.clone());
        out = out.and_then(|()| w.write_record(&index_row));
        for i in public(r) {
            let mut row: Vec<String> = head.to_vec();
            row.extend([
                i.key,
                i.status,
                opt(i.value),
                i.part.map(|v| v.to_string()).unwrap_or_default(),
                i.whole.map(|v| v.to_string()).unwrap_or_default(),
                i.amec_stage,
                i.pikp_dimension,
            ]);
            row.extend(tail.clone());
            out = out.and_then(|()| w.write_record(&row));
        }
    }
    let body = out
        .map_err(|e| e.to_string())
        .and_then(|()| w.into_inner().map_err(|e| e.to_string()));
    match body {
        Ok(bytes) => (
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            )],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "kinerja CSV");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
