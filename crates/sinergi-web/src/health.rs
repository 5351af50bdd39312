//! `/healthz`: the process answers. `/readyz`: the database answers and
//! carries every migration, so a load balancer may send traffic.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use sinergi_store::Readiness;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.readiness().await {
        Readiness::Ready => (StatusCode::OK, Json(json!({"status": "ready"}))),
        Readiness::MigrationsPending(n) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "migrations pending", "pending": n})),
        ),
        Readiness::Unreachable(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "database unreachable", "error": e})),
        ),
    }
}
