//! The campaign pages: the list and the owner's form, the internal
//! dashboard (chart, drill-down tree, province map, not-started list with
//! its CSV and XLSX export and the owner's "remind now", adopted releases) and the public campaign page. Every rule is the
//! `sinergi_campaigns::Campaigns` service's; these handlers only add who
//! may look at the internal dashboard and turn answers into pages.

pub(crate) mod common;
mod dashboard;
mod export;
pub(crate) mod figures;
mod form;
mod list;
mod public_page;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list::show))
        .route("/campaigns/new", get(form::new_form).post(form::create))
        .route("/campaigns/by-tag/{tag}", get(public_page::by_tag))
        .route("/campaigns/{key}", get(public_page::show))
        .route(
            "/campaigns/{id}/edit",
            get(form::edit_form).post(form::save),
        )
        .route("/campaigns/{id}/dashboard", get(dashboard::show))
        .route("/campaigns/{id}/not-started.csv", get(export::csv))
        .route("/campaigns/{id}/not-started.xlsx", get(export::xlsx))
        .route("/campaigns/{id}/remind", post(dashboard::remind))
}
