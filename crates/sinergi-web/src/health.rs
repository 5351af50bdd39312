//! `/healthz`: the process answers. `/readyz`: the database answers and
//! carries every migration, so a load balancer may send traffic. It also
//! says how far this node's search index is behind the change feed: a new
//! node serves at once and its search catches up meanwhile (search results
//! may miss the newest writes until `search_index.state` is `current`).

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
        Readiness::Ready => (
            StatusCode::OK,
            Json(json!({"status": "ready", "search_index": search_index(&state).await})),
        ),
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

/// `{"state": "current" | "catching up" | "off", "behind": changes}`.
async fn search_index(state: &AppState) -> Value {
    let Some(search) = &state.search else {
        return json!({"state": "off"});
    };
    let applied = search.index.last_applied_seq().ok().flatten().unwrap_or(0);
    match state.store.last_change_seq().await {
        Ok(last) if last <= applied => json!({"state": "current", "behind": 0}),
        Ok(last) => json!({"state": "catching up", "behind": last - applied}),
        Err(e) => json!({"state": "unknown", "error": e.to_string()}),
    }
}
