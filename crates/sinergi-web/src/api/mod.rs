//! The JSON API under `/api/v1`, documented by the OpenAPI document it
//! serves at `/api/v1/openapi.json`.

mod account;
pub mod dto;
pub mod openapi;
pub mod problem;
mod units;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/units", get(units::list))
        .route("/units/{code}", get(units::show))
        .route("/stats/units", get(units::stats))
        .route("/me", get(account::me))
        .route("/members", get(account::members))
        .route("/audit", get(account::audit))
        .route("/openapi.json", get(openapi::serve))
        .fallback(problem::not_found)
}
