//! The kinerja pages: a dashboard for any unit and its subtree
//! (`/kinerja/{code}`), the national "Lompatan kinerja" page (`/kinerja`),
//! the JSON figures (`/api/v1/kinerja/{code}`, in `api/kinerja.rs`) and the open data
//! (`/open-data/kinerja.csv`, `.json`). Every figure comes from the
//! `sinergi_kinerja::Kinerja` service; these handlers choose what the
//! reader may see (internal indicators for staff with rights on the unit)
//! and turn figures into words, charts and tables.

mod dashboard;
mod lompatan;
mod open_data;
mod report;
mod view;
mod weights;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kinerja", get(lompatan::show))
        .route("/kinerja/weights", get(weights::show).post(weights::update))
        .route("/kinerja/{code}", get(dashboard::show))
        .route("/kinerja/{code}/report.xlsx", get(report::xlsx))
        .route("/kinerja/{code}/report.pdf", get(report::pdf))
        .route("/open-data/kinerja.csv", get(open_data::csv))
        .route("/open-data/kinerja.json", get(open_data::json))
}

impl From<sinergi_kinerja::KinerjaError> for crate::pages::PageError {
    fn from(e: sinergi_kinerja::KinerjaError) -> Self {
        match e {
            sinergi_kinerja::KinerjaError::Store(s) => s.into(),
            sinergi_kinerja::KinerjaError::UnknownUnit(code) => crate::pages::PageError::NotFound {
                key: "not-found-body",
                arg: ("x", code),
            },
            sinergi_kinerja::KinerjaError::Forbidden => crate::pages::PageError::Forbidden,
            sinergi_kinerja::KinerjaError::Weights(w) => crate::pages::PageError::BadRequest {
                key: w.key(),
                arg: ("x", w.to_string()),
            },
        }
    }
}
