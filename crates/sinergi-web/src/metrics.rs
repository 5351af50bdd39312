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

use std::collections::HashSet;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{OnceLock, RwLock};
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use pin_project_lite::pin_project;
use tower::Service;

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

/// Drains the histograms' raw samples into their buckets every few
/// seconds. Without it every request's latency sample stays in memory
/// until the next scrape: a server nobody scrapes would grow by 8 bytes a
/// request, about 1 GB an hour at the press room's rate.
pub fn spawn_upkeep() {
    let Some(handle) = handle() else { return };
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    });
}

/// Counts and times each request under its route template. Applied per
/// route (the template is known only once routed); hand-written rather
/// than `from_fn` so a request pays no boxed future for it.
#[derive(Clone, Copy, Default)]
pub struct Track;

impl<S> tower::Layer<S> for Track {
    type Service = Tracked<S>;
    fn layer(&self, inner: S) -> Tracked<S> {
        Tracked { inner }
    }
}

#[derive(Clone)]
pub struct Tracked<S> {
    inner: S,
}

impl<S> Service<Request> for Tracked<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Timed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let label = handle().map(|_| {
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", |p| intern(p.as_str()));
            (route, static_method(req.method()), Instant::now())
        });
        let cached = crate::public::cache::is_cached_path(req.uri().path());
        Timed {
            inner: self.inner.call(req),
            label,
            cached,
        }
    }
}

pin_project! {
    pub struct Timed<F> {
        #[pin]
        inner: F,
        label: Option<(&'static str, &'static str, Instant)>,
        // The answer may be kept by the public cache, which needs its route.
        cached: bool,
    }
}

/// The route template an answer was rendered under, for the public cache:
/// it answers hits in front of routing and counts them under it.
#[derive(Debug, Clone, Copy)]
pub struct RouteLabel(pub &'static str);

impl<F, E> Future for Timed<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut resp = ready!(this.inner.poll(cx))?;
        if let Some((route, method, started)) = this.label.take() {
            record(route, method, resp.status(), started);
            if *this.cached {
                resp.extensions_mut().insert(RouteLabel(route));
            }
        }
        Poll::Ready(Ok(resp))
    }
}

/// One request's count and time, under its route template.
fn record(route: &'static str, method: &'static str, status: StatusCode, started: Instant) {
    let status = static_status(status);
    ::metrics::counter!("sinergi_http_requests_total", "route" => route, "method" => method, "status" => status)
        .increment(1);
    ::metrics::histogram!("sinergi_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
}

/// A public-cache hit, counted as the routed request would have been.
pub fn record_hit(route: &'static str, method: &Method, status: StatusCode, started: Instant) {
    if handle().is_some() {
        record(route, static_method(method), status, started);
    }
}

/// A route template as a `'static` label, so a request allocates no label
/// strings. The set is the router's templates, small and fixed, so each
/// is leaked once.
fn intern(route: &str) -> &'static str {
    static ROUTES: OnceLock<RwLock<HashSet<&'static str>>> = OnceLock::new();
    let routes = ROUTES.get_or_init(Default::default);
    if let Some(known) = routes.read().ok().and_then(|r| r.get(route).copied()) {
        return known;
    }
    let Ok(mut write) = routes.write() else {
        return "unmatched";
    };
    if let Some(known) = write.get(route).copied() {
        return known;
    }
    let leaked: &'static str = Box::leak(route.to_owned().into_boxed_str());
    write.insert(leaked);
    leaked
}

fn static_method(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The status code as a label; codes outside 100..=599 cannot be built by
/// `http`, so the table covers every one.
fn static_status(status: StatusCode) -> &'static str {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    let codes = CODES.get_or_init(|| {
        (100..600u16)
            .map(|c| &*Box::leak(c.to_string().into_boxed_str()))
            .collect()
    });
    codes
        .get(usize::from(status.as_u16()).saturating_sub(100))
        .copied()
        .unwrap_or("other")
}

/// A cache lookup's outcome, for the hit rate (`public/cache.rs`).
/// The two counters are looked up once (by labels, in the recorder's
/// registry) and kept: a hit should not pay for the lookup.
pub fn cache_lookup(hit: bool) {
    static COUNTERS: OnceLock<[::metrics::Counter; 2]> = OnceLock::new();
    if handle().is_none() {
        return;
    }
    let [hits, misses] = COUNTERS.get_or_init(|| {
        ["hit", "miss"]
            .map(|r| ::metrics::counter!("sinergi_public_cache_lookups_total", "result" => r))
    });
    if hit { hits } else { misses }.increment(1);
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
    let kinerja = store.kinerja_position().await.ok().map(|p| p.unwrap_or(0));
    for (name, at) in [
        ("search", search),
        ("campaigns", campaigns),
        ("kinerja", kinerja),
    ] {
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

    #[test]
    fn labels_are_the_codes_and_templates_themselves() {
        assert_eq!(static_status(StatusCode::OK), "200");
        assert_eq!(static_status(StatusCode::NOT_MODIFIED), "304");
        assert_eq!(static_status(StatusCode::from_u16(599).unwrap()), "599");
        assert_eq!(static_status(StatusCode::CONTINUE), "100");
        assert_eq!(static_method(&Method::HEAD), "HEAD");
        assert_eq!(
            static_method(&Method::from_bytes(b"PROPFIND").unwrap()),
            "other"
        );
        let a = intern("/releases/{id}");
        let b = intern(&String::from("/releases/{id}"));
        assert_eq!(a, "/releases/{id}");
        assert!(std::ptr::eq(a, b), "one template is leaked once");
    }
}
