//! `/metrics` in Prometheus's text format, and the layer that counts and
//! times every request by route template (never by raw path: the label
//! set stays bounded whatever URLs clients try).
//!
//! Request figures are recorded as they happen (the `metrics` facade, one
//! process-wide recorder); the rest are read when Prometheus scrapes:
//! database pool, outbox depth and age, and how far each projection is
//! behind the change feed, in changes and in seconds.
//!
//! Only a scrape from this machine is answered (a loopback peer, with no
//! `X-Forwarded-For`/`Forwarded` header: a request through a reverse proxy
//! on the same host carries one), so the figures are not public.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::AppState;

/// Request latency buckets in seconds: 0.5 ms to 10 s.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide recorder, installed on first use. Tests build many apps
/// in one process; they share it, as requests in one process would.
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(&LATENCY_BUCKETS)
                .ok()?
                .install_recorder()
                .map_err(|e| tracing::warn!("metrics are off: {e}"))
                .ok()
        })
        .as_ref()
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape))
}

/// Counts and times one request under its route template.
pub async fn track(req: Request, next: Next) -> Response {
    if handle().is_none() {
        return next.run(req).await;
    }
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    ::metrics::counter!("sinergi_http_requests_total", "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    ::metrics::histogram!("sinergi_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    resp
}

/// A cache lookup's outcome, for the hit rate (`public/cache.rs`).
pub fn cache_lookup(hit: bool) {
    let result = if hit { "hit" } else { "miss" };
    ::metrics::counter!("sinergi_public_cache_lookups_total", "result" => result).increment(1);
}

fn from_this_machine(headers: &HeaderMap, peer: Option<&ConnectInfo<SocketAddr>>) -> bool {
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    !proxied && peer.is_some_and(|p| p.0.ip().is_loopback())
}

async fn scrape(State(state): State<AppState>, req: Request) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>();
    if !from_this_machine(req.headers(), peer) {
        return (
            StatusCode::FORBIDDEN,
            "metrics are served to this machine only\n",
        )
            .into_response();
    }
    let Some(handle) = handle() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "metrics are off\n").into_response();
    };
    read_gauges(&state).await;
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// Figures read at scrape time. One that cannot be read is left out (and
/// logged) rather than failing the scrape.
async fn read_gauges(state: &AppState) {
    let store = &state.store;
    let now = state.clock.now();
    let (open, idle) = store.pool_connections();
    ::metrics::gauge!("sinergi_db_pool_connections", "state" => "open").set(f64::from(open));
    ::metrics::gauge!("sinergi_db_pool_connections", "state" => "idle").set(idle as f64);
    match store.outbox_stats().await {
        Ok(o) => {
            ::metrics::gauge!("sinergi_outbox_pending").set(o.pending as f64);
            ::metrics::gauge!("sinergi_outbox_dead").set(o.dead as f64);
            let age = o.oldest_pending_at.map_or(0.0, |at| seconds(now - at));
            ::metrics::gauge!("sinergi_outbox_oldest_pending_age_seconds").set(age);
        }
        Err(e) => tracing::warn!("metrics: outbox figures: {e}"),
    }
    let last = match store.last_change_seq().await {
        Ok(last) => last,
        Err(e) => {
            tracing::warn!("metrics: change feed: {e}");
            return;
        }
    };
    ::metrics::gauge!("sinergi_change_feed_seq").set(last as f64);
    let search = state
        .search
        .as_ref()
        .and_then(|s| s.index.last_applied_seq().ok())
        .map(|seq| seq.unwrap_or(0));
    let campaigns = store
        .campaign_projection_position()
        .await
        .ok()
        .map(|p| p.map_or(0, |(seq, _)| seq));
    for (name, at) in [("search", search), ("campaigns", campaigns)] {
        let Some(at) = at else { continue };
        ::metrics::gauge!("sinergi_projection_lag_changes", "projection" => name)
            .set((last - at).max(0) as f64);
        let waiting = match store.first_change_after(at).await {
            Ok(Some(first)) => seconds(now - first).max(0.0),
            Ok(None) => 0.0,
            Err(e) => {
                tracing::warn!("metrics: {name} lag: {e}");
                continue;
            }
        };
        ::metrics::gauge!("sinergi_projection_lag_seconds", "projection" => name).set(waiting);
    }
}

fn seconds(micros: i64) -> f64 {
    micros as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_direct_local_peer_may_scrape() {
        let local = ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000)));
        let remote = ConnectInfo(SocketAddr::from(([203, 0, 113, 9], 4000)));
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", "203.0.113.9".parse().unwrap());
        assert!(from_this_machine(&HeaderMap::new(), Some(&local)));
        assert!(!from_this_machine(&proxied, Some(&local)));
        assert!(!from_this_machine(&HeaderMap::new(), Some(&remote)));
        assert!(!from_this_machine(&HeaderMap::new(), None));
    }
}
