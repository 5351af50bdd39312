//! The public response cache: anonymous GET and HEAD answers on the public
//! prefixes, rendered once and kept in memory, compressed once.
//!
//! A hit costs no database work: a hash lookup, a look at two counters and
//! the clock, and a write of bytes. The rules that keep it honest:
//! - **Invalidation is pushed, not pulled.** In this process the services
//!   call the shared `Notifier` after each committed write; the cache's
//!   waker bumps a counter, and the next request (or the follower, woken at
//!   once) reads the change feed from where the cache left it. Any change
//!   that can alter what the public sees (a release reaching `released` or
//!   `withdrawn`, a correction, a unit, an item, a category) empties the
//!   cache; drafts, reviews and comments do not. Emptying everything rather
//!   than tracking which page shows which release keeps the rule obviously
//!   right; public changes are rare next to reads. Writes by another
//!   process are seen by the **follower** ([`PublicCache::follow`]), which
//!   reads the feed every `public_cache_poll_ms`: they are served stale for
//!   that long at most.
//! - **It never outlives an embargo or schedule.** After each emptying it
//!   reads the earliest pending `public_at`; a request at or past that
//!   second finds the cache behind, and it empties then, so a page cached at
//!   T-10 is rendered afresh at T. Releases that become public by time alone
//!   (no write) thus appear at their second.
//! - **An answer rendered before a flush is never stored after it**: each
//!   render remembers the generation it started in.
//! - **Nothing is kept longer than a minute** (`MAX_AGE_SECONDS`), for
//!   answers that change with time alone (the news sitemap's two days).
//!
//! Each entry keeps its body in every encoding worth sending (identity,
//! brotli, gzip: `compression.rs`), compressed once when stored, each with
//! its own `ETag`; a hit picks one by `Accept-Encoding`.
//!
//! Memory is bounded by entry count and bytes (all encodings counted),
//! evicting the oldest first. The key holds only the query each route
//! reads (`canonical_query.rs`), and the request is rewritten to it, so a
//! random parameter neither makes an entry nor changes the answer.
//! Rendering an open-data export (thousands of rows) is limited per client
//! address: a client that asks for more at once gets 429 while its earlier
//! ones run.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, ETAG, LAST_MODIFIED, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use pin_project_lite::pin_project;
use sinergi_domain::clock::Clock;
use sinergi_store::{Store, Wake};
use tower::Service;
use tracing::Instrument;

use super::canonical_query::canonical_query;
use super::conditional::{
    MAX_AGE_SECONDS, etag_of, last_modified_of, not_modified, public_cache_control,
};
use crate::AppState;
use crate::compression::{self, Effort, Encoding};
use crate::i18n::Lang;
use crate::metrics::RouteLabel;
use crate::session::{SESSION_COOKIE, client_ip_of, cookie};

/// The path prefixes whose anonymous answers are cached (the URL plan).
pub const CACHED_PREFIXES: [&str; 9] = [
    "/press/",
    "/embed/",
    "/widget.js",
    "/releases/",
    "/feeds/",
    "/sitemap.xml",
    "/sitemaps/",
    "/robots.txt",
    "/open-data",
];

const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// What every answer on the cached prefixes varies by.
const VARIES_BY: &str = "Cookie, HX-Request, Accept-Encoding";

/// Answers bigger than this are served but not kept.
const MAX_ENTRY_BYTES: usize = 8 * 1024 * 1024;

/// How often the follower reads the change feed when nothing wakes it, by
/// default: the most a write by another process is served stale.
pub const DEFAULT_POLL: Duration = Duration::from_millis(500);

/// Open-data exports one client address may have rendering at once, and
/// all clients together: a hit costs nothing, a miss reads thousands of
/// rows.
const EXPORTS_PER_CLIENT: usize = 2;
const EXPORTS_IN_ALL: usize = 8;

/// The anonymous list pages, cached by their exact path (a prefix rule
/// would take every path below them): the home page, the network's
/// releases, its register and the press rooms' index.
pub const CACHED_PATHS: [&str; 4] = ["/", "/releases", "/register", "/press"];

pub fn is_cached_path(path: &str) -> bool {
    CACHED_PATHS.contains(&path) || CACHED_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Whether the cache may answer this request without rendering: an
/// anonymous GET or HEAD on a cached path.
pub fn may_hit(request: &Request) -> bool {
    let method = request.method();
    (method == Method::GET || method == Method::HEAD)
        && is_cached_path(request.uri().path())
        && cookie(request.headers(), SESSION_COOKIE).is_none()
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    /// The `lang` cookie's language code.
    lang: &'static str,
    /// htmx asks for the partial, not the page.
    htmx: bool,
}

/// One encoding of an answer's body, with its own validator.
struct Variant {
    encoding: Encoding,
    body: Bytes,
    etag: String,
    /// The same, ready to send.
    etag_header: Option<HeaderValue>,
}

struct Entry {
    status: StatusCode,
    /// The route template it was rendered under, to count hits under.
    route: &'static str,
    headers: HeaderMap,
    /// Identity first, then the compressed encodings worth sending.
    variants: Vec<Variant>,
    /// The variants' encodings, for negotiation.
    offered: Vec<Encoding>,
    last_modified: Option<i64>,
    /// Served until this moment at most.
    expires_at: i64,
}

impl Entry {
    /// An answer with its body in the encodings `encodings` gives
    /// (compressed here, once).
    fn new(
        status: StatusCode,
        mut headers: HeaderMap,
        body: Bytes,
        expires_at: i64,
        encodings: impl FnOnce(&HeaderMap, &Bytes) -> Vec<(Encoding, Bytes)>,
    ) -> Entry {
        // The length is the chosen variant's, set when answering.
        headers.remove(CONTENT_LENGTH);
        let etag = etag_of(&body);
        let variants = encodings(&headers, &body)
            .into_iter()
            .map(|(encoding, body)| {
                let etag = with_suffix(&etag, encoding.etag_suffix());
                Variant {
                    encoding,
                    etag_header: HeaderValue::from_str(&etag).ok(),
                    etag,
                    body,
                }
            })
            .collect::<Vec<_>>();
        Entry {
            status,
            route: "unmatched",
            offered: variants.iter().map(|v| v.encoding).collect(),
            last_modified: last_modified_of(&headers),
            headers,
            variants,
            expires_at,
        }
    }

    fn size(&self) -> usize {
        self.variants.iter().map(|v| v.body.len()).sum()
    }

    /// The variant to send for a request with these headers.
    fn variant_for(&self, request: &HeaderMap) -> &Variant {
        let chosen = compression::negotiate(request, &self.offered);
        self.variants
            .iter()
            .find(|v| v.encoding == chosen)
            .unwrap_or(&self.variants[0])
    }
}

/// `"abc"` with `-br` is `"abc-br"`.
fn with_suffix(etag: &str, suffix: &str) -> String {
    if suffix.is_empty() {
        return etag.to_owned();
    }
    let bare = etag.trim_end_matches('"');
    format!("{bare}{suffix}\"")
}

#[derive(Default)]
struct Inner {
    /// Whether the cache ever read the change feed's head.
    started: bool,
    /// The change-feed `seq` the entries are consistent with.
    applied_seq: i64,
    /// The in-process writes (see `PublicCache::writes`) seen by the last
    /// catch-up.
    seen_writes: u64,
    /// Bumped at every emptying.
    generation: u64,
    /// The earliest pending `public_at` when last looked up; `None`:
    /// nothing pending. Not yet looked up after an emptying: `stale_lift`.
    next_lift: Option<i64>,
    stale_lift: bool,
    entries: HashMap<Key, Arc<Entry>>,
    order: VecDeque<Key>,
    bytes: usize,
}

impl Inner {
    fn empty(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.bytes = 0;
        self.generation += 1;
        self.stale_lift = true;
    }

    /// Whether the entries may be served at `now`, with `writes` in-process
    /// writes committed: the feed read since the last of them, and no
    /// embargo lifted since the last emptying.
    fn current(&self, writes: u64, now: i64) -> bool {
        self.started
            && self.seen_writes == writes
            && !self.stale_lift
            && self.next_lift.is_none_or(|t| now < t)
    }
}

/// What a request finds.
enum Lookup {
    Hit(Arc<Entry>, Option<i64>),
    /// Render in this generation; the next lift.
    Miss(u64, Option<i64>),
    /// The cache must read the change feed first.
    Behind,
}

/// The cache, shared by every request of one process.
pub struct PublicCache {
    inner: Mutex<Inner>,
    /// Committed writes in this process, counted by the waker the services'
    /// `Notifier` calls. A request that sees more than the last catch-up
    /// saw reads the feed first, so a write shows on the very next request.
    writes: AtomicU64,
    /// One catch-up at a time: the others wait for it and use its result.
    catching_up: tokio::sync::Mutex<()>,
    /// Wakes the follower after an in-process write.
    wake: tokio::sync::Notify,
    max_entries: usize,
    max_bytes: usize,
    renders: AtomicU64,
    /// Export renders running, per client address.
    exports: Arc<Mutex<HashMap<String, usize>>>,
}

/// One running export render; its slot is given back when dropped.
struct ExportSlot {
    running: Arc<Mutex<HashMap<String, usize>>>,
    client: String,
}

impl Drop for ExportSlot {
    fn drop(&mut self) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = running.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                running.remove(&self.client);
            }
        }
    }
}

impl Default for PublicCache {
    fn default() -> Self {
        PublicCache::new(10_000, 64 * 1024 * 1024)
    }
}

impl PublicCache {
    pub fn new(max_entries: usize, max_bytes: usize) -> PublicCache {
        PublicCache {
            inner: Mutex::new(Inner {
                stale_lift: true,
                ..Default::default()
            }),
            writes: AtomicU64::new(0),
            catching_up: tokio::sync::Mutex::new(()),
            wake: tokio::sync::Notify::new(),
            max_entries,
            max_bytes,
            renders: AtomicU64::new(0),
            exports: Default::default(),
        }
    }

    /// What the services' `Notifier` calls after each committed write.
    pub fn waker(self: &Arc<Self>) -> Wake {
        let cache = Arc::downgrade(self);
        Arc::new(move || {
            if let Some(cache) = cache.upgrade() {
                cache.writes.fetch_add(1, Ordering::AcqRel);
                cache.wake.notify_one();
            }
        })
    }

    /// The follower: reads the change feed at once, then whenever a write
    /// in this process wakes it and at least every `every` (for writes by
    /// other processes), until `stop` ends.
    pub async fn follow(
        self: Arc<Self>,
        store: Store,
        clock: Arc<dyn Clock>,
        every: Duration,
        stop: impl std::future::Future<Output = ()>,
    ) {
        tokio::pin!(stop);
        loop {
            if let Err(e) = self.poll(&store, clock.now()).await {
                tracing::warn!(error = %e, "the public cache cannot read the change feed");
            }
            tokio::select! {
                () = &mut stop => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(every) => {}
            }
        }
    }

    /// One read of the change feed, as the follower does it: empties the
    /// cache if a public change was committed since the last read.
    pub async fn poll(&self, store: &Store, now: i64) -> Result<(), sinergi_store::StoreError> {
        self.catch_up(store, now, true).await.map(|_| ())
    }

    /// A slot to render an export for `client`, unless it already has
    /// its share running or all slots are taken.
    fn export_slot(&self, client: &str) -> Option<ExportSlot> {
        let mut running = self.exports.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = running.values().sum();
        let mine = running.get(client).copied().unwrap_or(0);
        if mine >= EXPORTS_PER_CLIENT || total >= EXPORTS_IN_ALL {
            return None;
        }
        running.insert(client.to_owned(), mine + 1);
        Some(ExportSlot {
            running: self.exports.clone(),
            client: client.to_owned(),
        })
    }

    /// How many answers were rendered for the cache (misses).
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }

    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn generation_and_lift(&self) -> (u64, Option<i64>) {
        let inner = self.lock();
        (inner.generation, inner.next_lift)
    }

    /// The hot path: no database, one short lock.
    fn lookup(&self, key: &Key, now: i64) -> Lookup {
        let writes = self.writes.load(Ordering::Acquire);
        let inner = self.lock();
        if !inner.current(writes, now) {
            return Lookup::Behind;
        }
        match inner.entries.get(key).filter(|e| now < e.expires_at) {
            Some(e) => Lookup::Hit(e.clone(), inner.next_lift),
            None => Lookup::Miss(inner.generation, inner.next_lift),
        }
    }

    /// Brings the cache up to the change feed and the clock; returns the
    /// generation to render in and the next lift. Unless `force`d (the
    /// follower), a request that finds the cache current once it holds the
    /// lock uses it as it is: another caught up meanwhile.
    async fn catch_up(
        &self,
        store: &Store,
        now: i64,
        force: bool,
    ) -> Result<(u64, Option<i64>), sinergi_store::StoreError> {
        let _one = self.catching_up.lock().await;
        // Read before the head: a write notified after this leaves the
        // cache behind, so no write is missed.
        let writes = self.writes.load(Ordering::Acquire);
        let current = {
            let inner = self.lock();
            (!force && inner.current(writes, now)).then_some((inner.generation, inner.next_lift))
        };
        if let Some(current) = current {
            return Ok(current);
        }
        let head = store.last_change_seq().await?;
        let (started, applied) = {
            let inner = self.lock();
            (inner.started, inner.applied_seq)
        };
        // At the first read nothing needs comparing: whatever is cached
        // goes (renders begun before are not kept either).
        let public = if !started {
            true
        } else if head > applied {
            // An unreadable feed counts as a public change.
            public_changes_between(store, applied, head)
                .await
                .unwrap_or(true)
        } else {
            false
        };
        let ready = {
            let mut inner = self.lock();
            if public {
                inner.empty();
            }
            inner.started = true;
            inner.applied_seq = head;
            inner.seen_writes = writes;
            if inner.next_lift.is_some_and(|t| t <= now) {
                inner.empty();
            }
            (!inner.stale_lift).then_some((inner.generation, inner.next_lift))
        };
        if let Some(ready) = ready {
            return Ok(ready);
        }
        let next = store.next_public_at_after(now).await?;
        let mut inner = self.lock();
        inner.next_lift = next;
        inner.stale_lift = false;
        Ok((inner.generation, next))
    }

    fn put(&self, key: Key, entry: Entry, generation: u64) {
        let size = entry.size() + key.path_and_query.len();
        if size > self.max_bytes {
            return;
        }
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if let Some(old) = inner.entries.remove(&key) {
            inner.bytes -= old.size() + key.path_and_query.len();
            inner.order.retain(|k| k != &key);
        }
        while inner.entries.len() >= self.max_entries || inner.bytes + size > self.max_bytes {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(old) = inner.entries.remove(&oldest) {
                inner.bytes -= old.size() + oldest.path_and_query.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
        inner.entries.insert(key, Arc::new(entry));
    }
}

/// Whether any change in `(after, head]` can alter a public answer; `None`
/// when the feed could not be read (then assume it can).
async fn public_changes_between(store: &Store, after: i64, head: i64) -> Option<bool> {
    const BATCH: i64 = 500;
    let mut from = after;
    while from < head {
        let changes = store.changes_since(from, BATCH).await.ok()?;
        let Some(last) = changes.last() else {
            return Some(false);
        };
        from = last.seq;
        if changes.iter().any(|c| touches_public(&c.entity, &c.data)) {
            return Some(true);
        }
    }
    Some(false)
}

/// Drafts, reviews, approvals and comments change nothing the public sees;
/// everything else may.
fn touches_public(entity: &str, data: &serde_json::Value) -> bool {
    match entity {
        // Sources and articles are internal; a match that changes a
        // release's public coverage is a `media_match` change.
        "release_comment" | "media_source" | "media_article" | "media_mention" => false,
        "release" => !matches!(
            data.get("state").and_then(|s| s.as_str()),
            Some("draft" | "in_review" | "approved")
        ),
        _ => true,
    }
}

fn key_of(request: &Request) -> Key {
    let headers = request.headers();
    Key {
        path_and_query: request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        lang: cookie(headers, Lang::COOKIE)
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::Id)
            .code(),
        htmx: headers.contains_key("hx-request"),
    }
}

/// The cache as a layer. Hand-written rather than `from_fn` so that a hit
/// is answered in `call`, without a boxed future or a clone of the request
/// headers: a hash lookup and a write of bytes. Everything else (a miss, a
/// cache behind the change feed, a signed-in reader) goes the slow way.
#[derive(Clone)]
pub struct Layer {
    pub state: AppState,
}

impl<S> tower::Layer<S> for Layer {
    type Service = Cached<S>;
    fn layer(&self, inner: S) -> Cached<S> {
        Cached {
            inner,
            state: self.state.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Cached<S> {
    inner: S,
    state: AppState,
}

type SlowAnswer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl<S> Service<Request> for Cached<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = CacheAnswer<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let method = request.method();
        if !(method == Method::GET || method == Method::HEAD)
            || !is_cached_path(request.uri().path())
        {
            return CacheAnswer::Passed {
                inner: self.inner.call(request),
            };
        }
        let anonymous = may_hit(&request);
        if anonymous {
            let started = Instant::now();
            canonicalise(&mut request);
            let now = self.state.clock.now();
            let key = key_of(&request);
            if let Lookup::Hit(entry, next_lift) = self.state.public_cache.lookup(&key, now) {
                let head = request.method() == Method::HEAD;
                let response = answer(&entry, request.headers(), head, now, next_lift, "hit");
                counted_hit(&entry, request.method(), &response, started);
                return CacheAnswer::Hit {
                    response: Some(response),
                };
            }
        }
        // The service was made ready for this call; a clone takes its
        // place for the next.
        let fresh = self.inner.clone();
        let ready = std::mem::replace(&mut self.inner, fresh);
        // An anonymous request has no span yet (`request_id.rs`): it
        // opens here, where rendering may write log lines.
        let span = if anonymous {
            crate::request_id::span_of(&request)
        } else {
            tracing::Span::none()
        };
        CacheAnswer::Slow {
            answer: Box::pin(slow(self.state.clone(), ready, request).instrument(span)),
        }
    }
}

pin_project! {
    /// A hit's answer, the slow way's, or an uncached route's.
    #[project = CacheAnswerProj]
    pub enum CacheAnswer<F> {
        Hit { response: Option<Response> },
        Slow { answer: SlowAnswer },
        Passed { #[pin] inner: F },
    }
}

impl<F> Future for CacheAnswer<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CacheAnswerProj::Hit { response } => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
            CacheAnswerProj::Slow { answer } => answer.as_mut().poll(cx),
            CacheAnswerProj::Passed { inner } => inner.poll(cx),
        }
    }
}

/// A hit counts as the request routed to `entry`'s route would have.
fn counted_hit(entry: &Entry, method: &Method, response: &Response, started: Instant) {
    crate::metrics::cache_lookup(true);
    crate::metrics::record_hit(entry.route, method, response.status(), started);
}

/// Runs the inner service, which is ready, once.
async fn run<S>(mut inner: S, request: Request) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    match inner.call(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// A miss, a cache behind the feed, or a signed-in reader: renders, and
/// keeps the anonymous answer.
async fn slow<S>(state: AppState, inner: S, mut request: Request) -> Result<Response, Infallible>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let started = Instant::now();
    let request_headers = request.headers().clone();
    let method = request.method().clone();
    let head = method == Method::HEAD;
    // Render as GET, so a HEAD fills the cache with the full answer.
    *request.method_mut() = Method::GET;
    if cookie(&request_headers, SESSION_COOKIE).is_some() {
        // Signed-in readers may see more (embargoed text for accredited
        // journalists): never shared, but still validated.
        let response = run(inner, request).await;
        return Ok(personal(response, &request_headers, head).await);
    }
    let cache = state.public_cache.clone();
    let now = state.clock.now();
    let key = key_of(&request);
    let (generation, next_lift) = match cache.lookup(&key, now) {
        Lookup::Hit(entry, next_lift) => {
            let response = answer(&entry, &request_headers, head, now, next_lift, "hit");
            counted_hit(&entry, &method, &response, started);
            return Ok(response);
        }
        Lookup::Miss(generation, next_lift) => (generation, next_lift),
        Lookup::Behind => {
            if cache.catch_up(&state.store, now, false).await.is_err() {
                let response = run(inner, request).await;
                return Ok(personal(response, &request_headers, head).await);
            }
            match cache.lookup(&key, now) {
                Lookup::Hit(entry, next_lift) => {
                    let response = answer(&entry, &request_headers, head, now, next_lift, "hit");
                    counted_hit(&entry, &method, &response, started);
                    return Ok(response);
                }
                Lookup::Miss(generation, next_lift) => (generation, next_lift),
                // Another write came meanwhile: render, and keep the
                // answer only if the generation holds.
                Lookup::Behind => cache.generation_and_lift(),
            }
        }
    };
    let _slot = if request.uri().path().starts_with("/open-data/") {
        let client =
            client_ip_of(&state, request.headers(), request.extensions()).unwrap_or_default();
        match cache.export_slot(&client) {
            Some(slot) => Some(slot),
            None => return Ok(busy()),
        }
    } else {
        None
    };
    crate::metrics::cache_lookup(false);
    let response = run(inner, request).await;
    cache.renders.fetch_add(1, Ordering::Relaxed);
    let route = response
        .extensions()
        .get::<RouteLabel>()
        .map_or("unmatched", |r| r.0);
    let Some((status, headers, body)) = collect(response).await else {
        return Ok(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    let body = match body {
        Ok(b) => b,
        Err(response) => return Ok(response),
    };
    // A handler that says "private" or "no-store" is obeyed.
    let keep = status == StatusCode::OK
        && !headers.contains_key(SET_COOKIE)
        && headers
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| !v.contains("private") && !v.contains("no-store"));
    let expires_at = now + MAX_AGE_SECONDS * 1_000_000;
    let entry = if keep {
        // Compressed once, here, in every encoding worth keeping.
        let mut entry = Entry::new(status, headers, body, expires_at, |h, b| {
            compression::variants(h, b, Effort::Stored)
        });
        entry.route = route;
        entry
    } else {
        Entry::new(
            status,
            headers,
            body,
            expires_at,
            only_negotiated(&request_headers),
        )
    };
    let response = answer(&entry, &request_headers, head, now, next_lift, "miss");
    if keep {
        cache.put(key, entry, generation);
    }
    Ok(response)
}

/// The identity body and, when worth it, the one encoding the request
/// prefers: for answers sent once and not kept.
fn only_negotiated(
    request: &HeaderMap,
) -> impl FnOnce(&HeaderMap, &Bytes) -> Vec<(Encoding, Bytes)> {
    move |headers, body| {
        let mut out = vec![(Encoding::Identity, body.clone())];
        if compression::worth_compressing(headers, body) {
            let chosen = compression::negotiate(request, &[Encoding::Brotli, Encoding::Gzip]);
            if chosen != Encoding::Identity {
                let encoded = compression::encode(body, chosen, Effort::Stored);
                if encoded.len() < body.len() {
                    out.push((chosen, encoded));
                }
            }
        }
        out
    }
}

/// Rewrites the request to the query its route reads (see
/// `canonical_query.rs`).
fn canonicalise(request: &mut Request) {
    let uri = request.uri();
    let Some(query) = uri.query() else { return };
    let canonical = canonical_query(uri.path(), query);
    if canonical == query {
        return;
    }
    let path_and_query = if canonical.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{canonical}", uri.path())
    };
    if let Ok(rewritten) = axum::http::Uri::builder()
        .path_and_query(path_and_query)
        .build()
    {
        *request.uri_mut() = rewritten;
    }
}

/// 429 for a client that asked for more exports at once than its share.
fn busy() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (axum::http::header::RETRY_AFTER, HeaderValue::from_static("5")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        "Too many exports at once from your address: wait for the running ones, then try again. / \
         Terlalu banyak unduhan sekaligus dari alamat Anda: tunggu yang sedang berjalan, lalu coba lagi.\n",
    )
        .into_response()
}

/// The parts of a response, with its body in memory when it is small
/// enough; otherwise `Err` with the response to pass on as it is.
async fn collect(response: Response) -> Option<(StatusCode, HeaderMap, Result<Bytes, Response>)> {
    let fits = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|n| n <= MAX_ENTRY_BYTES as u64);
    if !fits {
        let (status, headers) = (response.status(), response.headers().clone());
        return Some((status, headers, Err(response)));
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ENTRY_BYTES).await.ok()?;
    Some((parts.status, parts.headers, Ok(bytes)))
}

fn answer(
    entry: &Entry,
    request: &HeaderMap,
    head: bool,
    now: i64,
    next_lift: Option<i64>,
    how: &'static str,
) -> Response {
    let variant = entry.variant_for(request);
    if entry.status == StatusCode::OK && not_modified(request, &variant.etag, entry.last_modified) {
        // The validators and caching headers of the full answer only.
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        let h = r.headers_mut();
        if let Some(v) = &variant.etag_header {
            h.insert(ETAG, v.clone());
        }
        if let Some(v) = entry.headers.get(LAST_MODIFIED) {
            h.insert(LAST_MODIFIED, v.clone());
        }
        let cache_control = entry
            .headers
            .get(CACHE_CONTROL)
            .cloned()
            .unwrap_or_else(|| public_cache_control(now, next_lift));
        h.insert(CACHE_CONTROL, cache_control);
        h.insert(VARY, HeaderValue::from_static(VARIES_BY));
        h.insert(X_CACHE, HeaderValue::from_static(how));
        return r;
    }
    let mut headers = entry.headers.clone();
    if entry.status == StatusCode::OK {
        if !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, public_cache_control(now, next_lift));
        }
        if let Some(v) = &variant.etag_header {
            headers.insert(ETAG, v.clone());
        }
    } else if !headers.contains_key(CACHE_CONTROL) {
        // A "not found" may be an embargo that lifts in a second.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    headers.insert(X_CACHE, HeaderValue::from_static(how));
    headers.insert(VARY, HeaderValue::from_static(VARIES_BY));
    if let Some(encoding) = variant.encoding.content_encoding() {
        headers.insert(CONTENT_ENCODING, encoding);
    }
    let body = if head {
        // A HEAD tells the length the GET would send, not that of no body.
        headers.insert(CONTENT_LENGTH, HeaderValue::from(variant.body.len()));
        Body::empty()
    } else {
        Body::from(variant.body.clone())
    };
    let mut r = Response::new(body);
    *r.status_mut() = entry.status;
    *r.headers_mut() = headers;
    r
}

/// A signed-in reader's answer: validated, never stored by shared caches.
async fn personal(response: Response, request: &HeaderMap, head: bool) -> Response {
    let Some((status, mut headers, body)) = collect(response).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let body = match body {
        Ok(b) => b,
        Err(response) => return response,
    };
    if status == StatusCode::OK && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    }
    let entry = Entry::new(status, headers, body, 0, only_negotiated(request));
    answer(&entry, request, head, 0, None, "bypass")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_changes_empty_the_cache() {
        let j = |s: &str| serde_json::json!({ "state": s });
        assert!(!touches_public("release", &j("draft")));
        assert!(!touches_public("release", &j("in_review")));
        assert!(!touches_public("release", &j("approved")));
        assert!(touches_public("release", &j("released")));
        assert!(touches_public("release", &j("withdrawn")));
        assert!(!touches_public("release_comment", &j("released")));
        assert!(touches_public("unit", &serde_json::json!({})));
    }

    #[test]
    fn each_encoding_has_its_own_validator() {
        assert_eq!(with_suffix("\"abc\"", "-br"), "\"abc-br\"");
        assert_eq!(with_suffix("\"abc\"", "-gz"), "\"abc-gz\"");
        assert_eq!(with_suffix("\"abc\"", ""), "\"abc\"");
    }

    #[test]
    fn the_public_prefixes_are_cached_and_nothing_else() {
        assert!(is_cached_path("/releases/7-banjir"));
        assert!(is_cached_path("/feeds/unit/51.rss"));
        assert!(is_cached_path("/press/51"));
        assert!(is_cached_path("/open-data"));
        assert!(!is_cached_path("/workspace"));
        assert!(!is_cached_path("/api/v1/units"));
        for exact in ["/", "/releases", "/register", "/press"] {
            assert!(is_cached_path(exact), "{exact}");
        }
        assert!(!is_cached_path("/search"));
        assert!(!is_cached_path("/network"));
        assert!(!is_cached_path("/registered"));
        assert!(!is_cached_path("/pressroom"));
    }

    #[test]
    fn only_an_anonymous_read_of_a_cached_path_may_hit() {
        let request = |method: Method, path: &str, cookie: Option<&str>| {
            let mut r = Request::builder().method(method).uri(path);
            if let Some(c) = cookie {
                r = r.header(axum::http::header::COOKIE, c);
            }
            r.body(Body::empty()).unwrap()
        };
        assert!(may_hit(&request(Method::GET, "/feeds/unit/51.rss", None)));
        assert!(may_hit(&request(
            Method::HEAD,
            "/press/51",
            Some("lang=en")
        )));
        let signed_in = format!("{SESSION_COOKIE}=abc");
        assert!(!may_hit(&request(
            Method::GET,
            "/press/51",
            Some(&signed_in)
        )));
        assert!(!may_hit(&request(Method::POST, "/press/51", None)));
        assert!(!may_hit(&request(Method::GET, "/workspace", None)));
    }

    #[test]
    fn a_client_renders_only_its_share_of_exports_at_once() {
        let cache = PublicCache::default();
        let a1 = cache.export_slot("10.0.0.1").expect("first");
        let _a2 = cache.export_slot("10.0.0.1").expect("second");
        assert!(cache.export_slot("10.0.0.1").is_none(), "a third waits");
        let others: Vec<_> = (2..=7)
            .map(|i| {
                cache
                    .export_slot(&format!("10.0.0.{i}"))
                    .expect("others go on")
            })
            .collect();
        assert!(cache.export_slot("10.0.0.99").is_none(), "all slots taken");
        drop(a1);
        assert!(cache.export_slot("10.0.0.1").is_some(), "a slot came back");
        drop(others);
        assert_eq!(cache.exports.lock().unwrap().len(), 1);
    }

    #[test]
    fn memory_stays_bounded_and_the_oldest_go_first() {
        let cache = PublicCache::new(2, 1_000);
        let key = |p: &str| Key {
            path_and_query: p.into(),
            lang: "id",
            htmx: false,
        };
        let entry = |n: usize| {
            Entry::new(
                StatusCode::OK,
                HeaderMap::new(),
                Bytes::from(vec![b'x'; n]),
                i64::MAX,
                |_, b| vec![(Encoding::Identity, b.clone())],
            )
        };
        let cached = |k: &Key| cache.lock().entries.contains_key(k);
        let generation = cache.lock().generation;
        cache.put(key("/a"), entry(10), generation);
        cache.put(key("/b"), entry(10), generation);
        cache.put(key("/c"), entry(10), generation);
        assert_eq!(cache.len(), 2);
        assert!(!cached(&key("/a")));
        cache.put(key("/d"), entry(900), generation);
        assert!(cache.lock().bytes <= 1_000);
        assert!(cached(&key("/d")));
        // A render begun before an emptying is not kept after it.
        cache.lock().empty();
        cache.put(key("/e"), entry(10), generation);
        assert!(cache.is_empty());
    }
}
