//! `/api/v1/kinerja/{code}`: a unit's (or its subtree's) kinerja figures
//! for a period: every indicator with its AMEC stage and Indeks PIKP
//! dimension, the index, its grade, and the unit's ranks and leap.
//! Internal indicators only for a token with rights on the unit.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use sinergi_domain::access::Action;
use sinergi_domain::{Level, UnitCode};
use sinergi_kinerja::{Day, Period, PeriodKind, Value};
use utoipa::{IntoParams, ToSchema};

use super::auth::MaybeBearer;
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KinerjaParams {
    /// `2026-11` (a month), `2026-Q4` (a quarter) or `2026` (a year);
    /// this month by default.
    pub period: Option<String>,
    /// `unit` for the unit alone; its whole subtree by default.
    pub scope: Option<String>,
}

/// One indicator. `value` is absent when there is nothing to measure in
/// the period (`status` = `no_data`) or Sinergi does not hold its source
/// yet (`not_measured`: "belum diukur", never zero).
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorDto {
    pub key: String,
    /// `count`, `share`, `days`, `rate`, `no_data` or `not_measured`.
    pub status: String,
    /// The count, the days, the share in percent, or the rate (per one).
    pub value: Option<f64>,
    /// For a share: its part and whole; for a rate, what is counted and
    /// per what (articles, releases).
    pub part: Option<i64>,
    pub whole: Option<i64>,
    /// AMEC Integrated Evaluation Framework: activities, outputs, outtakes, outcomes.
    pub amec_stage: String,
    /// Indeks PIKP: input, process, output, outcome.
    pub pikp_dimension: String,
    pub public: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KinerjaDto {
    pub unit_code: String,
    pub unit_name: String,
    pub level: String,
    pub period: String,
    pub subtree: bool,
    /// 0–100, absent when no component of the index is measured.
    pub index: Option<f64>,
    /// outstanding | nearly_outstanding | adequate | weak | not_yet.
    pub grade: Option<String>,
    /// Rank among units of the same level nationally (not for villages).
    pub rank_national: Option<u32>,
    pub ranked_national: Option<u32>,
    /// Rank among the parent's children.
    pub rank_in_parent: Option<u32>,
    pub ranked_in_parent: Option<u32>,
    /// Index points gained against the previous period.
    pub leap_index: Option<f64>,
    /// Places climbed against the previous period (negative: fell).
    pub leap_rank: Option<i64>,
    pub indicators: Vec<IndicatorDto>,
}

pub fn indicator_dto(i: &sinergi_kinerja::Indicator) -> IndicatorDto {
    let (status, value, part, whole) = match i.value {
        Value::Count { n } => ("count", Some(n as f64), None, None),
        Value::Share { part, whole } => ("share", i.value.number(), Some(part), Some(whole)),
        Value::Days { days } => ("days", Some(days), None, None),
        Value::Rate { n, of } => ("rate", i.value.number(), Some(n), Some(of)),
        Value::NoData => ("no_data", None, None, None),
        Value::NotMeasured => ("not_measured", None, None, None),
    };
    IndicatorDto {
        key: i.key.as_str().to_owned(),
        status: status.to_owned(),
        value,
        part,
        whole,
        amec_stage: i.amec.as_str().to_owned(),
        pikp_dimension: i.pikp.as_str().to_owned(),
        public: i.public,
    }
}

#[utoipa::path(get, path = "/api/v1/kinerja/{code}", tag = "kinerja",
    params(("code" = String, Path, description = "Unit code, e.g. 51 or 51.71"), KinerjaParams),
    responses(
        (status = 200, description = "The unit's indicators, index, grade, ranks and leap", body = KinerjaDto),
        (status = 400, description = "Not a unit code, or not a period", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this code", body = Problem, content_type = "application/problem+json")))]
pub async fn unit_figures(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
    Path(code): Path<String>,
    Query(p): Query<KinerjaParams>,
) -> Result<Json<KinerjaDto>, Problem> {
    let code = UnitCode::parse(&code).map_err(|e| Problem::bad_request(format!("`code`: {e}")))?;
    let (unit, children) = state.store.unit_with_child_count(&code).await?;
    let now = state.clock.now();
    let today = Day::of_instant(now, unit.zone());
    let period = match p.period.as_deref().filter(|s| !s.is_empty()) {
        None => Period::containing(PeriodKind::Month, today),
        Some(s) => s
            .parse::<Period>()
            .map_err(|e| Problem::bad_request(format!("`period`: {e}")))?,
    };
    let subtree = children > 0 && p.scope.as_deref() != Some("unit");
    let internal = principal.can(Action::ReadInternal, &code);
    let kinerja = state.kinerja.clone();
    let store_err = |e: sinergi_kinerja::KinerjaError| match e {
        sinergi_kinerja::KinerjaError::Store(s) => Problem::from(s),
        other => Problem::bad_request(other.to_string()),
    };
    let f = kinerja
        .figures(&unit, subtree, period, now)
        .await
        .map_err(store_err)?;
    let s = kinerja
        .standing(&unit, period, now, unit.level != Level::Village)
        .await
        .map_err(store_err)?;
    let leap = if s.national.is_some() {
        s.national_leap
    } else {
        s.parent_leap
    };
    let count = |n: usize| u32::try_from(n).ok();
    Ok(Json(KinerjaDto {
        unit_code: f.code.clone(),
        unit_name: f.name.clone(),
        level: f.level.as_str().to_owned(),
        period: period.to_string(),
        subtree,
        index: f.index,
        grade: f.grade.map(|g| g.as_str().to_owned()),
        rank_national: s.national.map(|r| r.0),
        ranked_national: s.national.and_then(|r| count(r.1)),
        rank_in_parent: s.in_parent.map(|r| r.0),
        ranked_in_parent: s.in_parent.and_then(|r| count(r.1)),
        leap_index: leap.index,
        leap_rank: leap.rank,
        indicators: f
            .indicators
            .iter()
            .filter(|i| i.public || internal)
            .map(indicator_dto)
            .collect(),
    }))
}

/// The index's weights, one per component; whole numbers adding up to 100.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WeightsDto {
    pub coverage: u32,
    pub continuity: u32,
    pub campaign_adoption: u32,
    pub timeliness: u32,
    pub synergy: u32,
    pub media_pickups: u32,
    pub events: u32,
    pub commitments: u32,
}

impl From<sinergi_kinerja::Weights> for WeightsDto {
    fn from(w: sinergi_kinerja::Weights) -> WeightsDto {
        let [
            coverage,
            continuity,
            campaign_adoption,
            timeliness,
            synergy,
            media_pickups,
            events,
            commitments,
        ] = w.0;
        WeightsDto {
            coverage,
            continuity,
            campaign_adoption,
            timeliness,
            synergy,
            media_pickups,
            events,
            commitments,
        }
    }
}

/// A change of the weights.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeightsChangeDto {
    pub weights: WeightsDto,
    pub reason: String,
    /// Who changed them: only for a token that may change them too.
    pub set_by: Option<String>,
    /// Microseconds since the epoch.
    pub set_at: i64,
}

/// The weights in force (for every period), the default, and every change.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeightsStateDto {
    pub weights: WeightsDto,
    pub default: WeightsDto,
    pub history: Vec<WeightsChangeDto>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WeightsBody {
    pub weights: WeightsDto,
    /// Why they change (required, up to 1,000 characters).
    pub reason: String,
}

async fn weights_state(
    state: &AppState,
    principal: &sinergi_domain::access::Principal,
) -> Result<WeightsStateDto, Problem> {
    let store_err = |e: sinergi_kinerja::KinerjaError| match e {
        sinergi_kinerja::KinerjaError::Store(s) => Problem::from(s),
        other => Problem::bad_request(other.to_string()),
    };
    let who = sinergi_kinerja::weights::may_set(principal);
    Ok(WeightsStateDto {
        weights: state.kinerja.weights().await.map_err(store_err)?.into(),
        default: sinergi_kinerja::Weights::default().into(),
        history: state
            .kinerja
            .weights_history()
            .await
            .map_err(store_err)?
            .into_iter()
            .map(|h| WeightsChangeDto {
                weights: h.weights.into(),
                reason: h.reason,
                set_by: h.set_by.filter(|_| who),
                set_at: h.set_at,
            })
            .collect(),
    })
}

#[utoipa::path(get, path = "/api/v1/kinerja/weights", tag = "kinerja", operation_id = "kinerja_weights",
    responses((status = 200, description = "The weights in force, the default and every change", body = WeightsStateDto)))]
pub async fn weights(
    State(state): State<AppState>,
    MaybeBearer(principal): MaybeBearer,
) -> Result<Json<WeightsStateDto>, Problem> {
    Ok(Json(weights_state(&state, &principal).await?))
}

#[utoipa::path(put, path = "/api/v1/kinerja/weights", tag = "kinerja", operation_id = "kinerja_set_weights",
    request_body = WeightsBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Set for every period; the whole history is recomputed", body = WeightsStateDto),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a network administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Weights not whole numbers 0-100 adding up to 100, or no reason", body = Problem, content_type = "application/problem+json")))]
pub async fn set_weights(
    State(state): State<AppState>,
    bearer: super::auth::Bearer,
    Json(body): Json<WeightsBody>,
) -> Result<Json<WeightsStateDto>, Problem> {
    let w = &body.weights;
    let given: std::collections::BTreeMap<String, String> = [
        ("coverage", w.coverage),
        ("continuity", w.continuity),
        ("campaign_adoption", w.campaign_adoption),
        ("timeliness", w.timeliness),
        ("synergy", w.synergy),
        ("media_pickups", w.media_pickups),
        ("events", w.events),
        ("commitments", w.commitments),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_string()))
    .collect();
    let actor = sinergi_store::accounts::audit::Actor {
        user_id: Some(bearer.user_id),
        label: bearer.email.clone(),
        ip: None,
    };
    let now = state.clock.now();
    match state
        .kinerja
        .set_weights(&bearer.principal, &actor, &given, &body.reason, now)
        .await
    {
        Ok(_) => Ok(Json(weights_state(&state, &bearer.principal).await?)),
        Err(sinergi_kinerja::KinerjaError::Forbidden) => Err(Problem::new(
            axum::http::StatusCode::FORBIDDEN,
            "only a network administrator sets the index's weights",
        )),
        Err(sinergi_kinerja::KinerjaError::Weights(e)) => {
            use sinergi_kinerja::weights::WeightsError;
            let field = match &e {
                WeightsError::NotAWeight { component, .. } => format!("weights.{component}"),
                WeightsError::Sum { .. } | WeightsError::Unknown(_) => "weights".to_owned(),
                WeightsError::Reason => "reason".to_owned(),
            };
            let mut p = Problem::invalid([(field.as_str(), e.key())]);
            if let Some(f) = p.errors.first_mut() {
                f.message = e.to_string();
            }
            Err(p)
        }
        Err(sinergi_kinerja::KinerjaError::Store(s)) => Err(s.into()),
        Err(other) => Err(Problem::bad_request(other.to_string())),
    }
}
