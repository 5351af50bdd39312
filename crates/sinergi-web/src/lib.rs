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
mod forums;
mod health;
pub mod i18n;
mod kinerja;
pub mod metrics;
mod monitoring;
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

/// The whole application: pages, API, health checks and assets.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(account::routes())
        .merge(newsroom::routes())
        .merge(campaigns::routes())
        .merge(forums::routes())
        .merge(contacts::routes())
        .merge(kinerja::routes())
        .merge(monitoring::routes())
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
        .layer(metrics::Track)
        // Outermost: the id, and the trace span every log line of the
        // request is written in.
        .layer(request_id::Layer)
        .with_state(state)
}
