//! The `.ics` answers: one event (for whoever sees it), and the feeds of a
//! unit's and a series' public events for calendars to subscribe to.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sinergi_domain::{EventId, SeriesId, UnitCode};

use super::common::principal_of;
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::MaybeSession;

fn ics(body: String, filename: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

pub async fn event(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<EventId>,
) -> PageResult {
    let body = state
        .forums
        .event_ics(&principal_of(&maybe), id)
        .await
        .or_page(lang)?;
    Ok(ics(body, &format!("event-{id}.ics")))
}

pub async fn series(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<SeriesId>,
) -> PageResult {
    let body = state.forums.series_ics(id).await.or_page(lang)?;
    Ok(ics(body, &format!("series-{id}.ics")))
}

pub async fn unit(
    State(state): State<AppState>,
    lang: Lang,
    Path(code): Path<String>,
) -> PageResult {
    let Ok(unit) = UnitCode::parse(&code) else {
        return Err(PageError::NotFound {
            key: "not-found-body",
            arg: ("x", code),
        }
        .in_lang(lang));
    };
    let body = state.forums.unit_ics(&unit).await.or_page(lang)?;
    Ok(ics(body, &format!("{unit}-events.ics")))
}
