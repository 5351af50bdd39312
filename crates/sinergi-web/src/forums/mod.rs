//! "Forum & acara": events in series, attendance, commitments and how far
//! they cascaded, and their calendars. Every rule is the
//! `sinergi_forums::Forums` service's; these handlers turn answers into
//! pages and forms (all of which work without script).

mod calendars;
pub(crate) mod common;
mod event_page;
mod form;
mod list;
pub(crate) mod materials;
mod series_page;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

pub use list::PressRoomEvent;
pub(crate) use list::public_events_of;

/// A material may be up to the media limit (10 MiB) plus the form's text.
const UPLOAD_BODY_LIMIT: usize = 12 * 1024 * 1024;

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
            post(event_page::close_commitment).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/units/{code}/events.ics", get(calendars::unit))
        .route("/forums/{id}/register", post(event_page::register))
        .route("/forums/{id}/unregister", post(event_page::unregister))
        .route("/forums/{id}/speakers", post(event_page::speakers))
        .route("/forums/{id}/record", post(event_page::record))
        .route(
            "/forums/{id}/materials",
            post(event_page::add_material).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/forums/{id}/materials/{media}/remove",
            post(event_page::remove_material),
        )
}
