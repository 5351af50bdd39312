//! The public response cache: anonymous GET and HEAD answers on the public
//! prefixes, rendered once and kept in memory.
//!
//! Three rules keep it honest:
//! - **The change feed invalidates it.** Every cached read first asks the
//!   database for the feed's head `seq` (one `MAX` on the primary key,
//!   shared by requests that arrive while it runs: see `head_seq`). If
//!   it moved, the new changes are read; any that can change what the
//!   public sees (a release reaching `released` or `withdrawn`, a
//!   correction, a unit, an item, a category) empties the cache. Drafts,
//!   reviews and comments do not. Emptying everything rather than tracking
//!   which page shows which release keeps the rule obviously right; public
//!   changes are rare next to reads. A write in another process is seen
//!   the same way, on the next request.
//! - **It never outlives an embargo or schedule.** After each emptying it
//!   reads the earliest pending `public_at`; at that second it empties
//!   again, so a page cached at T-10 is rendered afresh at T.
//! - **An answer rendered before a flush is never stored after it**: each
//!   render remembers the generation it started in.
//! - **Nothing is kept longer than a minute** (`MAX_AGE_SECONDS`), for
//!   answers that change with time alone (the news sitemap's two days).
//!
//! Memory is bounded by entry count and bytes, evicting the oldest first.
//! The key holds only the query each route reads (`canonical_query.rs`),
//! and the request is rewritten to it, so a random parameter neither
//! makes an entry nor changes the answer. Rendering an open-data export
//! (thousands of rows) is limited per client address: a client that asks
//! for more at once gets 429 while its earlier ones run.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, ETAG, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::canonical_query::canonical_query;
use super::conditional::{
    MAX_AGE_SECONDS, etag_of, last_modified_of, not_modified, not_modified_response,
    public_cache_control,
};
use crate::AppState;
use crate::i18n::Lang;
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

/// Answers bigger than this are served but not kept.
const MAX_ENTRY_BYTES: usize = 8 * 1024 * 1024;

/// Open-data exports one client address may have rendering at once, and
/// all clients together: a hit costs nothing, a miss reads thousands of
/// rows.
const EXPORTS_PER_CLIENT: usize = 2;
const EXPORTS_IN_ALL: usize = 8;

pub fn is_cached_path(path: &str) -> bool {
    CACHED_PREFIXES.iter().any(|p| path.starts_with(p))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    /// The `lang` cookie's language code.
    lang: &'static str,
    /// htmx asks for the partial, not the page.
    htmx: bool,
}

struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    etag: String,
    last_modified: Option<i64>,
    /// Served until this moment at most.
    expires_at: i64,
}

#[derive(Default)]
struct Inner {
    /// The change-feed `seq` the entries are consistent with.
    applied_seq: i64,
    /// Bumped at every emptying.
    generation: u64,
    /// The earliest pending `public_at` when last looked up; `None`:
    /// nothing pending. Not yet looked up after an emptying: `stale_lift`.
    next_lift: Option<i64>,
    stale_lift: bool,
    entries: HashMap<Key, std::sync::Arc<Entry>>,
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
}

/// The cache, shared by every request of one process.
pub struct PublicCache {
    inner: Mutex<Inner>,
    /// The last head read and when it started: requests that arrive while
    /// a read runs share its answer (single flight); none reuses a read
    /// that started before it arrived, so none misses a committed write.
    head: tokio::sync::Mutex<Option<(std::time::Instant, i64)>>,
    max_entries: usize,
    max_bytes: usize,
    renders: AtomicU64,
    /// Export renders running, per client address.
    exports: std::sync::Arc<Mutex<HashMap<String, usize>>>,
}

/// One running export render; its slot is given back when dropped.
struct ExportSlot {
    running: std::sync::Arc<Mutex<HashMap<String, usize>>>,
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
            head: tokio::sync::Mutex::new(None),
            max_entries,
            max_bytes,
            renders: AtomicU64::new(0),
            exports: Default::default(),
        }
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

    /// Brings the cache up to the change feed and the clock; returns the
    /// generation to render in and the next lift. On a database error the
    /// cache is emptied and the answer rendered uncached.
    async fn catch_up(&self, state: &AppState, now: i64) -> Option<(u64, Option<i64>)> {
        let head = self.head_seq(state).await?;
        let applied = self.lock().applied_seq;
        if head > applied {
            let public = public_changes_between(state, applied, head).await;
            let mut inner = self.lock();
            if inner.applied_seq < head {
                if public.unwrap_or(true) {
                    inner.empty();
                }
                inner.applied_seq = head;
            }
        }
        {
            let mut inner = self.lock();
            if inner.next_lift.is_some_and(|t| t <= now) {
                inner.empty();
            }
            if !inner.stale_lift {
                return Some((inner.generation, inner.next_lift));
            }
        }
        let next = state.store.next_public_at_after(now).await.ok()?;
        let mut inner = self.lock();
        inner.next_lift = next;
        inner.stale_lift = false;
        Some((inner.generation, next))
    }

    /// The change feed's head, read after this call began.
    async fn head_seq(&self, state: &AppState) -> Option<i64> {
        let arrived = std::time::Instant::now();
        let mut last = self.head.lock().await;
        if let Some((started, seq)) = *last
            && started >= arrived
        {
            return Some(seq);
        }
        let started = std::time::Instant::now();
        let seq = state.store.last_change_seq().await.ok()?;
        *last = Some((started, seq));
        Some(seq)
    }

    fn get(&self, key: &Key, now: i64) -> Option<std::sync::Arc<Entry>> {
        self.lock()
            .entries
            .get(key)
            .filter(|e| now < e.expires_at)
            .cloned()
    }

    fn put(&self, key: Key, entry: Entry, generation: u64) {
        let size = entry.body.len() + key.path_and_query.len();
        if size > self.max_bytes {
            return;
        }
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if let Some(old) = inner.entries.remove(&key) {
            inner.bytes -= old.body.len() + key.path_and_query.len();
            inner.order.retain(|k| k != &key);
        }
        while inner.entries.len() >= self.max_entries || inner.bytes + size > self.max_bytes {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(old) = inner.entries.remove(&oldest) {
                inner.bytes -= old.body.len() + oldest.path_and_query.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
        inner.entries.insert(key, std::sync::Arc::new(entry));
    }
}

/// Whether any change in `(after, head]` can alter a public answer; `None`
/// when the feed could not be read (then assume it can).
async fn public_changes_between(state: &AppState, after: i64, head: i64) -> Option<bool> {
    const BATCH: i64 = 500;
    let mut from = after;
    while from < head {
        let changes = state.store.changes_since(from, BATCH).await.ok()?;
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
        "release_comment" => false,
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

/// The middleware: serves from the cache, or renders and keeps the answer.
pub async fn layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if !(method == Method::GET || method == Method::HEAD) || !is_cached_path(request.uri().path()) {
        return next.run(request).await;
    }
    let request_headers = request.headers().clone();
    let head = method == Method::HEAD;
    // Render as GET, so a HEAD fills the cache with the full answer.
    *request.method_mut() = Method::GET;
    if cookie(&request_headers, SESSION_COOKIE).is_some() {
        // Signed-in readers may see more (embargoed text for accredited
        // journalists): never shared, but still validated.
        let response = next.run(request).await;
        return personal(response, &request_headers, head).await;
    }
    canonicalise(&mut request);
    let cache = state.public_cache.clone();
    let now = state.clock.now();
    let key = key_of(&request);
    let Some((generation, next_lift)) = cache.catch_up(&state, now).await else {
        let response = next.run(request).await;
        return personal(response, &request_headers, head).await;
    };
    if let Some(entry) = cache.get(&key, now) {
        return answer(&entry, &request_headers, head, now, next_lift, "hit");
    }
    let _slot = if request.uri().path().starts_with("/open-data/") {
        let client =
            client_ip_of(&state, request.headers(), request.extensions()).unwrap_or_default();
        match cache.export_slot(&client) {
            Some(slot) => Some(slot),
            None => return busy(),
        }
    } else {
        None
    };
    let response = next.run(request).await;
    cache.renders.fetch_add(1, Ordering::Relaxed);
    let Some((status, headers, body)) = collect(response).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let body = match body {
        Ok(b) => b,
        Err(response) => return response,
    };
    // A handler that says "private" or "no-store" is obeyed.
    let keep = status == StatusCode::OK
        && !headers.contains_key(SET_COOKIE)
        && headers
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| !v.contains("private") && !v.contains("no-store"));
    let entry = Entry {
        status,
        etag: etag_of(&body),
        last_modified: last_modified_of(&headers),
        headers,
        body,
        expires_at: now + MAX_AGE_SECONDS * 1_000_000,
    };
    let response = answer(&entry, &request_headers, head, now, next_lift, "miss");
    if keep {
        cache.put(key, entry, generation);
    }
    response
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
    let mut headers = entry.headers.clone();
    if entry.status == StatusCode::OK {
        if !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, public_cache_control(now, next_lift));
        }
        if let Ok(v) = HeaderValue::from_str(&entry.etag) {
            headers.insert(ETAG, v);
        }
    } else if !headers.contains_key(CACHE_CONTROL) {
        // A "not found" may be an embargo that lifts in a second.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    headers.insert(X_CACHE, HeaderValue::from_static(how));
    headers.insert(VARY, HeaderValue::from_static("Cookie, HX-Request"));
    if entry.status == StatusCode::OK && not_modified(request, &entry.etag, entry.last_modified) {
        let mut r = not_modified_response(&headers);
        r.headers_mut()
            .insert(X_CACHE, HeaderValue::from_static(how));
        return r;
    }
    let body = if head {
        // A HEAD tells the length the GET would send, not that of no body.
        headers.insert(CONTENT_LENGTH, HeaderValue::from(entry.body.len()));
        Body::empty()
    } else {
        Body::from(entry.body.clone())
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
    let entry = Entry {
        status,
        etag: etag_of(&body),
        last_modified: last_modified_of(&headers),
        headers,
        body,
        expires_at: 0,
    };
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
    fn the_public_prefixes_are_cached_and_nothing_else() {
        assert!(is_cached_path("/releases/7-banjir"));
        assert!(is_cached_path("/feeds/unit/51.rss"));
        assert!(is_cached_path("/press/51"));
        assert!(is_cached_path("/open-data"));
        assert!(!is_cached_path("/workspace"));
        assert!(!is_cached_path("/api/v1/units"));
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
        let entry = |n: usize| Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; n]),
            etag: String::new(),
            last_modified: None,
            expires_at: i64::MAX,
        };
        let generation = cache.lock().generation;
        cache.put(key("/a"), entry(10), generation);
        cache.put(key("/b"), entry(10), generation);
        cache.put(key("/c"), entry(10), generation);
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&key("/a"), 0).is_none());
        cache.put(key("/d"), entry(900), generation);
        assert!(cache.lock().bytes <= 1_000);
        assert!(cache.get(&key("/d"), 0).is_some());
        // A render begun before an emptying is not kept after it.
        cache.lock().empty();
        cache.put(key("/e"), entry(10), generation);
        assert!(cache.is_empty());
    }
}
