//! The media monitoring pages ("Pemantauan media"): the officers'
//! overview with the review queue (`/monitoring`), the sources with their
//! health and the form to add one (`/monitoring/sources`), a pickup side
//! by side with its release and the passages they share
//! (`/monitoring/matches/{id}`, public for a public pickup), and the
//! coverage on a release's page (`coverage.rs`). Every rule is the
//! `sinergi_monitoring::Monitoring` service's; these handlers translate.

pub(crate) mod coverage;
mod highlight;
mod overview;
mod pickup;
mod sources;

use axum::Router;
use axum::routing::{get, post};
use sinergi_monitoring::{Monitoring, MonitoringError};

use crate::AppState;
use crate::pages::PageError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/monitoring", get(overview::show))
        .route("/monitoring/sources", get(sources::list).post(sources::add))
        .route("/monitoring/sources/{id}", get(sources::show))
        .route("/monitoring/sources/{id}/active", post(sources::set_active))
        .route("/monitoring/matches/{id}", get(pickup::show))
        .route("/monitoring/matches/{id}/decide", post(pickup::decide))
}

/// The service over the state's store, clock and notifier (it holds no
/// state of its own, so one per request costs nothing).
pub(crate) fn service(state: &AppState) -> Monitoring {
    Monitoring::new(state.store.clone(), state.clock.clone()).with_notifier(state.notifier.clone())
}

impl From<MonitoringError> for PageError {
    fn from(e: MonitoringError) -> Self {
        match e {
            MonitoringError::NotFound(what) => PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            },
            MonitoringError::NotAllowed => PageError::Forbidden,
            MonitoringError::Invalid(p) => PageError::BadRequest {
                key: "invalid-input",
                arg: ("x", p.iter().map(|p| p.key).collect::<Vec<_>>().join(", ")),
            },
            MonitoringError::Store(s) => s.into(),
        }
    }
}

/// A score in basis points as a percentage: "72 %".
pub(crate) fn score_text(score: i64) -> String {
    format!("{} %", (score + 50) / 100)
}

/// A source's last error as words: the reason translated, then the detail.
pub(crate) fn error_text(tr: &crate::i18n::Tr, stored: &str) -> String {
    let (key, detail) = stored.split_once(": ").unwrap_or((stored, ""));
    let reason = tr
        .try_t(&format!("mon-error-{key}"))
        .unwrap_or_else(|| key.to_owned());
    if detail.is_empty() {
        reason
    } else {
        format!("{reason} ({detail})")
    }
}
