//! "Forum & acara": events in series, attendance, commitments and how far
//! they cascaded, and their calendars. Every rule is the
//! `sinergi_forums::Forums` service's; these handlers turn answers into
//! pages and forms (all of which work without script).

mod calendars;
pub(crate) mod common;
mod event_page;
mod form;
mod list;
mod series_page;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub use list::PressRoomEvent;
pub(crate) use list::public_events_of;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/forums", get(list::show))
        .route("/forums/check-in", post(event_page::check_in))
        .route("/forums/new", get(form::new_form).post(form::create))
        .route(
            "/forums/series/new",
            get(form::new_series_form).post(form::create_series),
        )
        .route("/forums/series/{id}", get(series_page::show))
        .route("/forums/series/{id}/calendar.ics", get(calendars::series))
        .route("/forums/{id}", get(event_page::show))
        .route("/forums/{id}/calendar.ics", get(calendars::event))
        .route("/forums/{id}/edit", get(form::edit_form).post(form::save))
        .route("/forums/{id}/cancel", post(event_page::cancel))
        .route("/forums/{id}/attendance", post(event_page::attendance))
        .route("/forums/{id}/commitments", post(event_page::add_commitment))
        .route("/forums/{id}/releases", post(event_page::link_release))
        .route(
            "/forums/commitments/{id}/close",
            post(event_page::close_commitment),
        )
        .route("/units/{code}/events.ics", get(calendars::unit))
}
