//! The poller's fixture benchmark: a loopback server serving 1,000 feeds
//! built from the shared news corpus, across 100 ports (each port is a
//! host to the poller, polled one request at a time), among them slow
//! feeds, failing ones, redirecting ones, one gzip bomb, one XML entity
//! bomb and one redirect to 127.0.0.1. One round polls them all; it
//! reports feeds per minute, then a second round (the clock two hours
//! on) checks that nothing was fetched twice without a change, and every
//! hostile source carries its reason.
//!
//! Ignored by default (it reads the corpus and takes a while):
//!
//!     CARGO_TARGET_DIR=/var/tmp/tgt-monitor cargo test --release --workspace --test it \
//!         -- --ignored --nocapture poller_fixture
//!
//! The corpus is `../shared/data/news/` beside the workspace, or
//! `SINERGI_NEWS_DIR`. Without it the test says so and passes.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sinergi_monitoring::SourceInput;
use sinergi_monitoring::poller::{Poller, PollerConfig};
use sinergi_testkit::TEST_NOW;

use crate::world::*;

const HOSTS: usize = 100;
const FEEDS_PER_HOST: usize = 10;
const ITEMS_PER_FEED: usize = 8;

/// How a feed behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An RSS feed with the full text, ETag-validated.
    Good,
    /// Good, but each answer takes 300 ms.
    Slow,
    /// Longer than the fetch timeout.
    TooSlow,
    /// Answers 500.
    Failing,
    /// 302 to its good copy on the same host.
    Redirecting,
    /// Summaries only: the poller reads each article's page.
    Summaries,
    GzipBomb,
    EntityBomb,
    ToLoopback,
}

fn kind_of(n: usize) -> Kind {
    match n {
        0 => Kind::GzipBomb,
        1 => Kind::EntityBomb,
        2 => Kind::ToLoopback,
        _ if n % 50 == 3 => Kind::TooSlow,
        _ if n % 25 == 4 => Kind::Failing,
        _ if n % 20 == 5 => Kind::Slow,
        _ if n % 20 == 6 => Kind::Redirecting,
        _ if n % 100 == 7 => Kind::Summaries,
        _ => Kind::Good,
    }
}

#[derive(Clone)]
struct Fixture {
    /// Feed number → its RSS.
    feeds: Arc<Vec<String>>,
    /// Article page path → its HTML.
    pages: Arc<HashMap<String, String>>,
    /// Bodies served per feed (a 304 is no body).
    bodies: Arc<Vec<AtomicUsize>>,
    pages_served: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    port_of_first: u16,
    /// When each port last answered, to check politeness.
    arrivals: Arc<Mutex<HashMap<u16, Vec<Instant>>>>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn corpus() -> Option<Vec<(String, String, String)>> {
    let dir = std::env::var("SINERGI_NEWS_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/news").to_owned()
    });
    let mut out = Vec::new();
    for file in ["indosum_articles.jsonl", "clickid_articles.jsonl"] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).ok()?;
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            out.push((
                v["url"].as_str()?.to_owned(),
                v["title"].as_str()?.to_owned(),
                v["body"].as_str()?.to_owned(),
            ));
        }
    }
    Some(out)
}

fn build(articles: &[(String, String, String)], base_port: u16) -> Fixture {
    let mut feeds = Vec::new();
    let mut pages = HashMap::new();
    for n in 0..HOSTS * FEEDS_PER_HOST {
        let kind = kind_of(n);
        let port = base_port + (n % HOSTS) as u16;
        let mut rss = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Outlet {n}</title><link>http://localhost:{port}/</link><description>Fixture</description>"#
        );
        for i in 0..ITEMS_PER_FEED {
            let (url, title, body) = &articles[(n * ITEMS_PER_FEED + i) % articles.len()];
            let at = jiff::Timestamp::from_microsecond(TEST_NOW - (i as i64 + 1) * HOUR)
                .unwrap()
                .strftime("%a, %d %b %Y %H:%M:%S +0000");
            let html: String = body
                .split("\n\n")
                .map(|p| format!("<p>{}</p>", escape(p)))
                .collect();
            if kind == Kind::Summaries {
                let path = format!("/article/{n}/{i}");
                let link = format!("http://localhost:{port}{path}");
                let summary = escape(&body.chars().take(160).collect::<String>());
                rss.push_str(&format!(
                    "<item><title>{}</title><link>{link}</link><guid>{link}</guid><pubDate>{at}</pubDate><description>{summary}</description></item>",
                    escape(title)
                ));
                pages.insert(
                    path,
                    format!(
                        "<html><head><title>{t}</title><link rel=\"canonical\" href=\"{}\"></head><body><nav><a href=\"/\">Beranda</a></nav><article><h1>{t}</h1>{html}</article><footer>Hak cipta</footer></body></html>",
                        escape(url),
                        t = escape(title)
                    ),
                );
            } else {
                // Each outlet's own address for the story (its link),
                // the full text in content:encoded.
                let link = format!("http://localhost:{port}/story/{n}/{i}?utm_source=rss");
                rss.push_str(&format!(
                    "<item><title>{}</title><link>{}</link><guid>{}</guid><pubDate>{at}</pubDate><description>{}</description><content:encoded><![CDATA[{html}]]></content:encoded></item>",
                    escape(title),
                    escape(&link),
                    escape(&link),
                    escape(&body.chars().take(120).collect::<String>())
                ));
            }
        }
        rss.push_str("</channel></rss>");
        feeds.push(rss);
    }
    Fixture {
        bodies: Arc::new((0..feeds.len()).map(|_| AtomicUsize::new(0)).collect()),
        feeds: Arc::new(feeds),
        pages: Arc::new(pages),
        pages_served: Arc::new(AtomicUsize::new(0)),
        requests: Arc::new(AtomicUsize::new(0)),
        port_of_first: base_port,
        arrivals: Arc::new(Mutex::new(HashMap::new())),
    }
}

fn note(f: &Fixture, headers: &HeaderMap) {
    f.requests.fetch_add(1, Ordering::Relaxed);
    let port = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    f.arrivals
        .lock()
        .unwrap()
        .entry(port)
        .or_default()
        .push(Instant::now());
}

async fn robots(State(f): State<Fixture>, headers: HeaderMap) -> &'static str {
    note(&f, &headers);
    "User-agent: *\nDisallow: /private/\n"
}

fn good(f: &Fixture, n: usize, headers: &HeaderMap) -> Response {
    let etag = format!("\"feed-{n}-v1\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    f.bodies[n].fetch_add(1, Ordering::SeqCst);
    (
        [
            (header::ETAG, etag),
            (header::CONTENT_TYPE, "application/rss+xml".to_owned()),
        ],
        f.feeds[n].clone(),
    )
        .into_response()
}

async fn feed(State(f): State<Fixture>, Path(n): Path<usize>, headers: HeaderMap) -> Response {
    note(&f, &headers);
    let Some(kind) = (n < f.feeds.len()).then(|| kind_of(n)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match kind {
        Kind::Good | Kind::Summaries => good(&f, n, &headers),
        Kind::Slow => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            good(&f, n, &headers)
        }
        Kind::TooSlow => {
            tokio::time::sleep(Duration::from_secs(4)).await;
            good(&f, n, &headers)
        }
        Kind::Failing => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Kind::Redirecting => (
            StatusCode::FOUND,
            [(header::LOCATION, format!("/moved/{n}.xml"))],
        )
            .into_response(),
        Kind::GzipBomb => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let spaces = vec![b' '; 1 << 20];
            for _ in 0..64 {
                enc.write_all(&spaces).unwrap();
            }
            (
                [
                    (header::CONTENT_ENCODING, "gzip"),
                    (header::CONTENT_TYPE, "application/rss+xml"),
                ],
                enc.finish().unwrap(),
            )
                .into_response()
        }
        Kind::EntityBomb => r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><rss version="2.0"><channel><title>&d;</title></channel></rss>"#.into_response(),
        Kind::ToLoopback => (
            StatusCode::FOUND,
            [(
                header::LOCATION,
                format!("http://127.0.0.1:{}/feed/5.xml", f.port_of_first),
            )],
        )
            .into_response(),
    }
}

async fn moved(State(f): State<Fixture>, Path(n): Path<String>, headers: HeaderMap) -> Response {
    note(&f, &headers);
    let n: usize = n.trim_end_matches(".xml").parse().unwrap_or(usize::MAX);
    if n >= f.feeds.len() {
        return StatusCode::NOT_FOUND.into_response();
    }
    good(&f, n, &headers)
}

async fn feed_path(
    State(f): State<Fixture>,
    Path(n): Path<String>,
    headers: HeaderMap,
) -> Response {
    let n: usize = n.trim_end_matches(".xml").parse().unwrap_or(usize::MAX);
    feed(State(f), Path(n), headers).await
}

async fn page(
    State(f): State<Fixture>,
    Path((n, i)): Path<(usize, usize)>,
    headers: HeaderMap,
) -> Response {
    note(&f, &headers);
    match f.pages.get(&format!("/article/{n}/{i}")) {
        Some(html) => {
            f.pages_served.fetch_add(1, Ordering::SeqCst);
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html.clone(),
            )
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Binds `HOSTS` consecutive free ports; retries from another base when one is taken.
async fn listeners() -> (u16, Vec<tokio::net::TcpListener>) {
    'base: for attempt in 0..50u16 {
        let base = 20_000 + attempt * 211 + (std::process::id() % 97) as u16 * 13;
        let mut out = Vec::new();
        for p in 0..HOSTS as u16 {
            match tokio::net::TcpListener::bind(("127.0.0.1", base + p)).await {
                Ok(l) => out.push(l),
                Err(_) => continue 'base,
            }
        }
        return (base, out);
    }
    panic!("no run of {HOSTS} free ports");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run with --ignored poller_fixture"]
async fn poller_fixture_1000_feeds() {
    let Some(articles) = corpus() else {
        eprintln!("poller_fixture: the news corpus is not there (SINERGI_NEWS_DIR); skipped");
        return;
    };
    let w = world().await;
    let (base, listeners) = listeners().await;
    let fixture = build(&articles, base);
    for listener in listeners {
        let app = Router::new()
            .route("/robots.txt", get(robots))
            .route("/feed/{n}", get(feed_path))
            .route("/moved/{n}", get(moved))
            .route("/article/{n}/{i}", get(page))
            .with_state(fixture.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
    }
    let total = HOSTS * FEEDS_PER_HOST;
    let mut ids = Vec::new();
    for n in 0..total {
        let port = base + (n % HOSTS) as u16;
        let input = SourceInput {
            unit: "51".into(),
            outlet: format!("Outlet {n}"),
            url: format!("http://localhost:{port}/feed/{n}.xml"),
            kind: "feed".into(),
        };
        ids.push(
            w.monitoring
                .add_source(&w.bali_editor, &input)
                .await
                .unwrap(),
        );
    }
    let mut config = PollerConfig::for_site("https://sinergi.example");
    config.allowed_hosts = vec!["localhost".into()];
    let interval_ms: u64 = std::env::var("POLLER_HOST_INTERVAL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    config.host_interval = Duration::from_millis(interval_ms);
    config.hosts_at_once = std::env::var("POLLER_HOSTS_AT_ONCE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    config.limits.timeout = Duration::from_secs(2);
    config.limits.max_bytes = 1024 * 1024;
    config.limits.max_decoded_bytes = 4 * 1024 * 1024;
    let poller = Poller::new(w.monitoring.clone(), config.clone()).unwrap();

    let started = Instant::now();
    let first = poller.poll_due().await.unwrap();
    let took = started.elapsed();
    let per_minute = first.polled as f64 / took.as_secs_f64() * 60.0;
    eprintln!(
        "poller_fixture round 1: {} feeds on {HOSTS} hosts in {:.1} s = {per_minute:.0} feeds/min \
         (host interval {interval_ms} ms, {} hosts at once); changed {}, failed {}, \
         new articles {}, pages read {} ({} without text), requests {}",
        first.polled,
        took.as_secs_f64(),
        config.hosts_at_once,
        first.changed,
        first.failed,
        first.new_articles,
        first.pages,
        first.pages_failed,
        fixture.requests.load(Ordering::SeqCst),
    );
    assert_eq!(first.polled, total);

    // Every hostile source carries its reason.
    let expected = |n: usize| match kind_of(n) {
        Kind::GzipBomb => Some("gzip-bomb"),
        Kind::EntityBomb => Some("xml-entities"),
        Kind::ToLoopback => Some("blocked-address"),
        Kind::TooSlow => Some("timeout"),
        Kind::Failing => Some("http-status"),
        _ => None,
    };
    let mut refused = HashMap::<&str, usize>::new();
    for (n, id) in ids.iter().enumerate() {
        let s = w.db.store.source(*id, TEST_NOW).await.unwrap();
        let reason = s.last_error.clone().unwrap_or_default();
        match expected(n) {
            Some(key) => {
                assert!(
                    reason.starts_with(key),
                    "feed {n}: {reason:?}, wanted {key}"
                );
                *refused.entry(key).or_default() += 1;
            }
            None => assert!(reason.is_empty(), "feed {n} ({:?}): {reason}", kind_of(n)),
        }
    }
    eprintln!("poller_fixture refused with their reason: {refused:?}");
    let good_feeds = (0..total).filter(|n| expected(*n).is_none()).count();
    assert_eq!(first.changed, good_feeds);
    // Articles of one story carried by several outlets (the corpus is
    // reused across feeds) are kept per outlet and grouped.
    assert_eq!(first.new_articles, good_feeds * ITEMS_PER_FEED);

    // Politeness: per host, requests at least the interval apart.
    let arrivals = fixture.arrivals.lock().unwrap().clone();
    let mut closest = Duration::MAX;
    for times in arrivals.values() {
        let mut times = times.clone();
        times.sort();
        for pair in times.windows(2) {
            closest = closest.min(pair[1] - pair[0]);
        }
    }
    eprintln!("poller_fixture closest two requests to one host: {closest:?}");
    assert!(closest.saturating_add(Duration::from_millis(5)) >= config.host_interval);

    // Two hours on, nothing changed: every good feed answers 304.
    w.clock.set(TEST_NOW + 2 * HOUR);
    let bodies_before: usize = fixture
        .bodies
        .iter()
        .map(|b| b.load(Ordering::SeqCst))
        .sum();
    let pages_before = fixture.pages_served.load(Ordering::SeqCst);
    let started = Instant::now();
    let second = poller.poll_due().await.unwrap();
    let bodies_after: usize = fixture
        .bodies
        .iter()
        .map(|b| b.load(Ordering::SeqCst))
        .sum();
    eprintln!(
        "poller_fixture round 2 (due ones: failed ones back off): {} polled in {:.1} s, {} not modified, \
         feed bodies served again {}, pages fetched again {}",
        second.polled,
        started.elapsed().as_secs_f64(),
        second.not_modified,
        bodies_after - bodies_before,
        fixture.pages_served.load(Ordering::SeqCst) - pages_before,
    );
    assert_eq!(bodies_before, good_feeds, "each good feed's body once");
    assert_eq!(
        bodies_after, bodies_before,
        "nothing fetched twice without a change"
    );
    assert_eq!(second.new_articles, 0);
    assert_eq!(
        fixture.pages_served.load(Ordering::SeqCst),
        pages_before,
        "no page fetched twice"
    );
}
