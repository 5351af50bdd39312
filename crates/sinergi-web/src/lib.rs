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
///
/// Two rings. Inside, the router with what needs its route: the metrics
/// (by route template) and the reader of each page. Outside it, in front
/// of routing, what every request passes: its id, the compression, the
/// security headers and the public cache, so that a cache hit is answered
/// without routing at all (the route's clone and its layers cost a hit
/// about a third of its time).
pub fn router(state: AppState) -> Router {
    let routed = Router::new()
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
        // Tells every page who reads it (`pages/nav.rs`).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::nav::front_door,
        ))
        // Counts and times each request by its route template; the cache
        // counts its hits under the same template.
        .layer(metrics::Track)
        .with_state(state.clone());
    let whole = tower::ServiceBuilder::new()
        // Outermost: the id, and the trace span every log line of the
        // request is written in.
        .layer(request_id::Layer)
        // Compresses what the cache and the assets did not negotiate.
        .layer(compression::layer())
        // Outside the cache, so cached answers get them too.
        .layer(security_headers::Layer {
            https: state.secure_cookies,
        })
        .layer(public::cache::Layer { state })
        .service(routed);
    Router::new().fallback_service(whole)
}
