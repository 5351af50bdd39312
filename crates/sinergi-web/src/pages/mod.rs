//! HTML pages. Each page is a template struct that wraps its partial; a
//! request from htmx (`HX-Request`) gets the partial alone.

mod design;
mod errors;
mod home;
mod lang;
mod search;
mod units;
pub(crate) mod view;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub use errors::{LocalizedError, OrErrorPage, PageError, PageResult};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/search", get(search::show))
        .route("/units", get(units::search))
        .route("/units/{code}", get(units::show))
        .route("/lang/{lang}", get(lang::switch))
        .route("/design", get(design::show))
        .fallback(errors::not_found)
}
