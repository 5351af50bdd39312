//! The web layer: HTML pages for people, a JSON API for programs, both over
//! the same store. Only this crate knows HTTP, HTML and JSON; API types are
//! separate from domain types (see `api/dto.rs`).

mod account;
pub mod api;
mod assets;
mod campaigns;
mod compression;
mod contacts;
mod forms;
mod health;
pub mod i18n;
mod kinerja;
mod metrics;
mod newsroom;
mod pages;
mod press;
pub mod public;
mod request_id;
mod security_headers;
pub mod session;
mod state;

pub use assets::compress_all as compress_assets;
pub use state::{AppState, SearchHandle, Services, SystemClock};

use axum::Router;
use tower_http::trace::TraceLayer;

/// The whole application: pages, API, health checks and assets.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(account::routes())
        .merge(newsroom::routes())
        .merge(campaigns::routes())
        .merge(contacts::routes())
        .merge(kinerja::routes())
        .merge(pages::routes())
        .merge(press::routes())
        .nest("/api/v1", api::routes())
        .merge(health::routes())
        .merge(metrics::routes())
        .merge(assets::routes())
        .merge(public::routes())
        // Inside the security headers, so cached answers get them too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            public::cache::layer,
        ))
        // Outside the cache: sends the anonymous home page through it and
        // tells every page who reads it (`pages/nav.rs`).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::nav::front_door,
        ))
        // Compresses what the cache and the assets did not negotiate.
        .layer(compression::layer())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::apply,
        ))
        // Counts and times each request by its route template.
        .layer(axum::middleware::from_fn(metrics::track))
        // The span names the path only: a query string may carry a token.
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                tracing::info_span!(
                    "request",
                    method = %req.method(),
                    path = %req.uri().path(),
                    request_id = %request_id::of(req),
                )
            }),
        )
        // Outermost, so that the span and every answer carry the id.
        .layer(axum::middleware::from_fn(request_id::assign))
        .with_state(state)
}
