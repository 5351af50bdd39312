//! How published work reaches the public and other sites: a unit's press
//! room (`/press/{code}`), its PR office contact details, the embeddable
//! widget (`/embed/…`, `/widget.js`, the `/widget` builder) and the
//! release page's metadata for crawlers and share previews (`meta.rs`).
//! Everything here reads through the newsroom's public path
//! (`Newsroom::releases` and `release_access` with the public principal at
//! the clock's now), so nothing embargoed, scheduled or unpublished shows.

mod builder;
pub mod contact;
pub(crate) mod embed;
mod listing;
pub mod meta;
mod room;

pub(crate) use room::safe_href;

pub use embed::EMBED_CSP;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/press/{code}", get(room::show))
        .route(
            "/press/{code}/contact",
            get(contact::form).post(contact::save),
        )
        .route("/embed/{kind}/{key}", get(embed::document))
        .route("/widget.js", get(embed::loader))
        .route("/widget", get(builder::show))
}
