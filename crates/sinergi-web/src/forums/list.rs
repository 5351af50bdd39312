//! `/forums`: "Forum & acara". Upcoming and recent events the reader sees,
//! the series, the code form for officers in the room, and the links to
//! record an event or start a series. Also the public events a press room
//! or a unit hub lists.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use sinergi_domain::UnitCode;
use sinergi_domain::access::may_record_event;
use sinergi_forums::{EventFilter, EventRecord, Visibility};

use super::common::{event_href, kind_label, principal_of, reader_zone, series_href, when_text};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageResult};
use crate::session::MaybeSession;

/// Events per list on the page.
const LIST: i64 = 50;

pub struct EventRow {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub when: String,
    pub organiser: String,
    pub organiser_href: String,
    pub internal: bool,
    pub cancelled: bool,
    pub series: String,
    pub series_href: String,
}

pub fn event_row(tr: &Tr, e: &EventRecord, reader: Option<sinergi_domain::Zone>) -> EventRow {
    EventRow {
        title: e.title.clone(),
        href: event_href(e.id),
        kind: kind_label(tr, e.kind),
        when: when_text(tr, e, reader),
        organiser: e.organiser_name.clone(),
        organiser_href: format!("/units/{}", e.organiser_code),
        internal: e.visibility == Visibility::Internal,
        cancelled: e.cancelled(),
        series: e.series_title.clone().unwrap_or_default(),
        series_href: e.series_id.map(series_href).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "forums/list.html")]
struct ListPage {
    ctx: PageCtx,
    upcoming: Vec<EventRow>,
    past: Vec<EventRow>,
    series: Vec<(String, String, String)>,
    can_record: bool,
    signed_in: bool,
    csrf: String,
}

pub async fn show(State(state): State<AppState>, lang: Lang, maybe: MaybeSession) -> PageResult {
    let p = principal_of(&maybe);
    let now = state.forums.now();
    let reader = reader_zone(&maybe);
    let upcoming = state
        .forums
        .list(
            &p,
            &EventFilter {
                ends_after: Some(now),
                limit: LIST,
                ..Default::default()
            },
        )
        .await
        .or_page(lang)?;
    let past = state
        .forums
        .list(
            &p,
            &EventFilter {
                starts_before: Some(now),
                newest_first: true,
                limit: LIST,
                ..Default::default()
            },
        )
        .await
        .or_page(lang)?;
    let series = state.forums.series_list().await.or_page(lang)?;
    let ctx = PageCtx::new(lang, "/forums".into());
    let tr = ctx.tr;
    let can_record = maybe.session.as_ref().is_some_and(|s| {
        s.memberships
            .iter()
            .any(|(_, m)| may_record_event(&p, &m.unit))
    });
    let page = ListPage {
        upcoming: upcoming.iter().map(|e| event_row(&tr, e, reader)).collect(),
        // Running events are in both lists; the past list holds finished ones.
        past: past
            .iter()
            .filter(|e| e.ends_at < now)
            .map(|e| event_row(&tr, e, reader))
            .collect(),
        series: series
            .iter()
            .map(|s| (s.title.clone(), series_href(s.id), s.owner_name.clone()))
            .collect(),
        can_record,
        signed_in: maybe.session.is_some(),
        csrf: maybe
            .session
            .as_ref()
            .map(|s| s.csrf_token.clone())
            .unwrap_or_default(),
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}

/// An event in a press room or on a unit's hub.
pub struct PressRoomEvent {
    pub title: String,
    pub href: String,
    pub when: String,
    pub kind: String,
    pub cancelled: bool,
}

/// The public events `unit` organises: upcoming first, then the latest
/// held, at most `limit` of each.
pub(crate) async fn public_events_of(
    state: &AppState,
    tr: &Tr,
    unit: &UnitCode,
    limit: i64,
) -> Vec<PressRoomEvent> {
    let now = state.forums.now();
    let upcoming = EventFilter {
        organiser: Some(unit.clone()),
        ends_after: Some(now),
        limit,
        ..Default::default()
    };
    let held = EventFilter {
        organiser: Some(unit.clone()),
        starts_before: Some(now),
        newest_first: true,
        limit,
        ..Default::default()
    };
    let mut out: Vec<EventRecord> = state
        .forums
        .public_list(&upcoming)
        .await
        .unwrap_or_default();
    for e in state.forums.public_list(&held).await.unwrap_or_default() {
        if !out.iter().any(|x| x.id == e.id) {
            out.push(e);
        }
    }
    out.iter()
        .map(|e| PressRoomEvent {
            title: e.title.clone(),
            href: event_href(e.id),
            when: when_text(tr, e, None),
            kind: kind_label(tr, e.kind),
            cancelled: e.cancelled(),
        })
        .collect()
}
