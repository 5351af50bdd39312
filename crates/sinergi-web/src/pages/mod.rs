//! HTML pages. Each page is a template struct that wraps its partial; a
//! request from htmx (`HX-Request`) gets the partial alone.

mod design;
mod errors;
mod favicon;
mod home;
mod lang;
pub mod nav;
mod network;
mod news;
mod press_index;
mod register;
mod releases;
mod running;
mod search;
mod unit_hub;
mod units;
pub(crate) mod view;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub use errors::{LocalizedError, OrErrorPage, PageError, PageResult};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/releases", get(releases::list))
        .route("/campaigns/running", get(running::show))
        .route("/press", get(press_index::show))
        .route("/register", get(register::list))
        .route("/network", get(network::show))
        .route("/search", get(search::show))
        .route("/units", get(units::search))
        .route("/units/{code}", get(units::show))
        .route("/lang/{lang}", get(lang::switch))
        .route("/design", get(design::show))
        .route("/favicon.ico", get(favicon::ico))
        .route("/favicon.svg", get(favicon::svg))
        .fallback(errors::not_found)
}
