//! The newsroom's pages: the "what needs doing" panel, the register of
//! achievements and innovations, releases with their editorial workflow,
//! the publication gap and uploaded files. Every decision about rights and
//! rules is made by `sinergi_newsroom::Newsroom`; these handlers translate
//! forms into its calls and its answers (and refusals) into pages. Every
//! form works without JavaScript; htmx only adds the live preview.

pub(crate) mod common;
mod gap;
mod item_pages;
mod media;
pub(crate) mod press_number;
mod release_actions;
mod release_form;
mod release_page;
mod releases_list;
mod workspace;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

/// Uploads may be up to the media limit (10 MiB) plus the form's text.
const UPLOAD_BODY_LIMIT: usize = 12 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workspace", get(workspace::show))
        .route("/units/{code}/register", get(item_pages::register))
        .route("/units/{code}/releases", get(releases_list::list))
        .route(
            "/units/{code}/media",
            post(release_form::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/items/new",
            get(item_pages::new_form).post(item_pages::create),
        )
        .route("/items/{id}", get(item_pages::show))
        .route(
            "/items/{id}/edit",
            get(item_pages::edit_form).post(item_pages::update),
        )
        .route("/items/{id}/replications", post(item_pages::replicate))
        .route(
            "/releases/new",
            get(release_form::new_form).post(release_form::create),
        )
        .route("/releases/preview", post(release_form::preview))
        .route("/releases/{key}", get(release_page::show))
        .route(
            "/releases/{id}/edit",
            get(release_form::edit_form).post(release_form::save),
        )
        .route("/releases/{id}/move", post(release_actions::move_release))
        .route("/releases/{id}/comments", post(release_actions::comment))
        .route("/releases/{id}/amplify", post(release_actions::amplify))
        .route("/releases/{id}/compare", get(release_actions::compare))
        .route("/gap", get(gap::show))
        .route("/media/{id}", get(media::file))
        .route("/media/{id}/thumb", get(media::thumbnail))
}
